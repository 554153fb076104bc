"""The daily renewal sweep: reminders once per window, renewal due, lapse, batches, concurrency."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competencies.models import Category
from renewals.models import Endorsement, EndorsementEvent, ReminderSent, RenewalPeriod
from renewals.services import reminders
from tests.applications.factories import make_user
from tests.concurrency import run_at_once

TODAY = datetime.date(2026, 6, 15)
Kind = ReminderSent.Kind
_numbers = itertools.count(1)


def endorsements(count, *, due, status=Endorsement.Status.ACTIVE, holder=None, period_status="open"):
    """`count` endorsements of one holder, each with its current period (built in bulk)."""
    holder = holder or make_user(legal_name="Robin Renewer")
    category = Category.objects.select_related("edition__association").get(edition__slug="orimha", code="IFS")
    rows = Endorsement.objects.bulk_create(
        Endorsement(
            holder=holder,
            association=category.edition.association,
            edition=category.edition,
            category=category,
            number=f"T-{next(_numbers):06d}",
            holder_name="Robin Renewer",
            granted_on=due - datetime.timedelta(days=365),
            renewal_due=due,
            status=status,
            listed_in_directory=True,
        )
        for _ in range(count)
    )
    RenewalPeriod.objects.bulk_create(
        RenewalPeriod(endorsement=row, starts_on=row.granted_on, due_on=due, status=period_status)
        for row in rows
    )
    return rows


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("days_left", "kind"),
    [
        (120, None),
        (91, None),
        (90, Kind.DAYS_90),
        (31, Kind.DAYS_90),
        (30, Kind.DAYS_30),
        (8, Kind.DAYS_30),
        (7, Kind.DAYS_7),
        (0, Kind.DAYS_7),
        (-1, Kind.OVERDUE),
        (-20, Kind.OVERDUE),
    ],
)
def test_each_day_falls_in_one_reminder_window(days_left, kind):
    assert reminders.reminder_kind(days_left) == kind


@pytest.mark.django_db
def test_the_30_day_reminder_goes_once(guidelines, mailoutbox, django_capture_on_commit_callbacks):
    [endorsement] = endorsements(1, due=days(30))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.sweep(today=TODAY) == {"reminders": 1}
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.sweep(today=TODAY) == {"reminders": 0}
    [mail] = mailoutbox
    assert mail.to == [endorsement.holder.email]
    assert "is due on July 15, 2026" in mail.subject
    assert "in 30 days" in mail.body
    assert f"/endorsements/{endorsement.pk}/renewal/" in mail.body
    reminder = ReminderSent.objects.get()
    assert (reminder.kind, reminder.due_on) == (Kind.DAYS_30, days(30))
    assert reminder.sent_at is not None


@pytest.mark.django_db
def test_a_missed_day_is_caught_up_but_a_stale_reminder_never_goes(
    guidelines, mailoutbox, django_capture_on_commit_callbacks
):
    # The sweep did not run for weeks: 20 days left gets the 30-day reminder, not the 90-day one.
    endorsements(1, due=days(20))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.sweep(today=TODAY)
    assert list(ReminderSent.objects.values_list("kind", flat=True)) == [Kind.DAYS_30]
    # Thirteen days later the 7-day window is open: one more, and only that one.
    with django_capture_on_commit_callbacks(execute=True):
        reminders.sweep(today=days(13))
    assert sorted(ReminderSent.objects.values_list("kind", flat=True)) == [Kind.DAYS_30, Kind.DAYS_7]
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_no_reminder_for_a_submitted_renewal(guidelines, mailoutbox, django_capture_on_commit_callbacks):
    endorsements(1, due=days(7), period_status=RenewalPeriod.Status.SUBMITTED)
    endorsements(1, due=days(-3), period_status=RenewalPeriod.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.sweep(today=TODAY)
    assert not ReminderSent.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_past_due_is_renewal_due_with_the_day_after_notice(
    guidelines, mailoutbox, django_capture_on_commit_callbacks
):
    [endorsement] = endorsements(1, due=days(-1))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.sweep(today=TODAY) == {"renewal_due": 1, "reminders": 1}
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.RENEWAL_DUE
    assert endorsement.is_current()
    event = EndorsementEvent.objects.get(endorsement=endorsement)
    assert (event.from_status, event.to_status) == ("active", "renewal_due")
    [mail] = mailoutbox
    assert "overdue" in mail.subject


@pytest.mark.django_db
def test_lapse_after_the_grace_period(guidelines, mailoutbox, django_capture_on_commit_callbacks):
    # orimha gives 30 days of grace: due + 30 is still current, due + 31 lapses.
    [in_grace] = endorsements(1, due=days(-30), status=Endorsement.Status.RENEWAL_DUE)
    [late] = endorsements(1, due=days(-31), status=Endorsement.Status.RENEWAL_DUE)
    [waiting] = endorsements(
        1, due=days(-60), status=Endorsement.Status.RENEWAL_DUE, period_status=RenewalPeriod.Status.SUBMITTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders.sweep(today=TODAY)
    assert result["lapsed"] == 1
    for row in (in_grace, late, waiting):
        row.refresh_from_db()
    assert late.status == Endorsement.Status.LAPSED
    assert in_grace.status == waiting.status == Endorsement.Status.RENEWAL_DUE
    assert late.periods.get().status == RenewalPeriod.Status.LAPSED
    event = EndorsementEvent.objects.get(endorsement=late)
    assert (event.from_status, event.to_status) == ("renewal_due", "lapsed")
    lapse_mail = [mail for mail in mailoutbox if "has lapsed" in mail.subject]
    assert len(lapse_mail) == 1
    assert "reinstated under the same number" in lapse_mail[0].body
    assert "/applications/start/" in lapse_mail[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.sweep(today=TODAY).get("lapsed", 0) == 0  # the job ran twice today
    assert len([mail for mail in mailoutbox if "has lapsed" in mail.subject]) == 1
    assert EndorsementEvent.objects.filter(endorsement=late).count() == 1


@pytest.mark.django_db
def test_revoked_and_retired_endorsements_are_left_alone(guidelines, mailoutbox):
    endorsements(1, due=days(30), status=Endorsement.Status.REVOKED)
    endorsements(1, due=days(-90), status=Endorsement.Status.RETIRED)
    assert reminders.sweep(today=TODAY) == {}
    assert not ReminderSent.objects.exists()


def _sweep_queries(count, holder):
    endorsements(count, due=days(-45), holder=holder)  # lapse
    endorsements(count, due=days(-5), holder=holder)  # renewal due (and the day-after notice)
    endorsements(count, due=days(30), holder=holder)  # 30-day reminder
    with CaptureQueriesContext(connection) as queries:
        reminders.sweep(today=TODAY, batch_size=2)
    Endorsement.objects.filter(holder=holder).delete()
    return len(queries)


@pytest.mark.django_db
def test_each_batch_costs_the_same_fixed_number_of_queries(guidelines):
    holder = make_user()
    _sweep_queries(1, holder)  # the grace periods are read once, then kept with the guidelines
    one, two, three = (_sweep_queries(count, holder) for count in (1, 3, 5))  # 1, 2 and 3 batches
    assert three - two == two - one
    # The per-batch constant (lapse, renewal due and reminder batches together), whatever the size:
    assert (
        two - one <= 26
    )  # 24, the outbox row its notices are queued in, and the lapsed credentials' status bits


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) and concurrent transactions need PostgreSQL; CI runs this test on PostgreSQL",
)
def test_two_sweeps_at_once_send_each_reminder_once(guidelines, mailoutbox):
    rows = endorsements(6, due=days(30))
    lapsing = endorsements(4, due=days(-45))
    outcomes = run_at_once(lambda: reminders.sweep(today=TODAY, batch_size=3))
    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert ReminderSent.objects.filter(kind=Kind.DAYS_30).count() == len(rows)
    assert ReminderSent.objects.filter(kind=Kind.LAPSED).count() == len(lapsing)
    assert EndorsementEvent.objects.filter(to_status="lapsed").count() == len(lapsing)
    assert len(mailoutbox) == len(rows) + len(lapsing)
    assert not ReminderSent.objects.filter(sent_at__isnull=True).exists()


def test_the_sweep_runs_daily_from_beat():
    from django.conf import settings

    from endorsement.celery import app

    app.loader.import_default_modules()  # what a worker does at start: every app's tasks.py
    assert "renewals.tasks.renewal_sweep" in app.tasks
    entry = settings.CELERY_BEAT_SCHEDULE["renewal-sweep"]
    # Every day at DAILY_JOBS_AT, local time (tests/endorsement/test_daily_jobs.py).
    assert entry["task"] == "renewals.tasks.renewal_sweep"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {0})


def test_an_associations_own_grace_period_decides_when_its_endorsements_lapse(guidelines):
    from competencies.models import Association
    from renewals.services.endorsements import grace_ends_on, status_sentence

    # ORIMHA's admin shortens the grace period from the edition's 30 days to 10.
    Association.objects.filter(slug="orimha").update(renewal_grace_days=10)
    [in_grace] = endorsements(1, due=days(-10), status=Endorsement.Status.RENEWAL_DUE)
    [late] = endorsements(1, due=days(-11), status=Endorsement.Status.RENEWAL_DUE)
    result = reminders.sweep(today=TODAY)
    assert result["lapsed"] == 1
    late.refresh_from_db()
    in_grace = Endorsement.objects.select_related("association", "edition").get(pk=in_grace.pk)
    assert late.status == Endorsement.Status.LAPSED
    assert in_grace.status == Endorsement.Status.RENEWAL_DUE
    assert grace_ends_on(in_grace) == TODAY
    assert f"until {TODAY:%B %-d, %Y}" in status_sentence(in_grace)
