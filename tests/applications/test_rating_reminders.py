"""The daily job: reminders at 7 and 14 days, each once; expired links; the applicant told."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationEvent, ReferenceRequest, hash_token
from applications.services import references
from applications.tasks import send_rating_reminders
from tests.concurrency import run_at_once

from .rater_factories import invite, link_token, make_application, submit

pytestmark = pytest.mark.usefixtures("guidelines")


def invited_days_ago(reference, days):
    invited = timezone.now() - timedelta(days=days)
    ReferenceRequest.objects.filter(pk=reference.pk).update(
        invited_at=invited, token_expires_at=invited + timedelta(days=30)
    )


def run(now, capture):
    with capture(execute=True):
        return references.send_due_reminders(now)


def test_reminders_go_out_at_day_7_and_14_once_each_even_if_run_twice(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = make_application(name="Avery Applicant")
    reference = invite(application, email="rita@example.org")
    start = reference.invited_at
    capture = django_capture_on_commit_callbacks

    assert run(start + timedelta(days=6, hours=23), capture)["reminded"] == 0
    assert run(start + timedelta(days=7), capture)["reminded"] == 1
    assert run(start + timedelta(days=7, hours=1), capture)["reminded"] == 0
    assert run(start + timedelta(days=13), capture)["reminded"] == 0
    assert run(start + timedelta(days=14), capture)["reminded"] == 1
    assert run(start + timedelta(days=14), capture)["reminded"] == 0
    assert run(start + timedelta(days=20), capture)["reminded"] == 0

    assert [message.to for message in mailoutbox] == [["rita@example.org"], ["rita@example.org"]]
    assert all("Reminder" in message.subject for message in mailoutbox)
    reference.refresh_from_db()
    assert reference.reminders_sent == 2


def test_the_reminder_link_works_and_is_stored_only_hashed(mailoutbox, django_capture_on_commit_callbacks):
    application = make_application()
    reference = invite(application)
    run(reference.invited_at + timedelta(days=7), django_capture_on_commit_callbacks)
    [message] = mailoutbox
    token = link_token(message)
    reference.refresh_from_db()
    assert reference.token_hash == hash_token(token)
    response = Client().get(reverse("ratings:start", args=[token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("ratings:form")


def beat_run_twice(*, days_ago, capture_on_commit):
    """A rater invited `days_ago` days ago, and the beat task run twice since: the reference."""
    reference = invite(make_application())
    invited_days_ago(reference, days_ago)
    for _ in range(2):
        with capture_on_commit(execute=True):
            send_rating_reminders.delay()
    reference.refresh_from_db()
    return reference


def test_the_beat_task_sends_due_reminders_once(mailoutbox, django_capture_on_commit_callbacks):
    reference = beat_run_twice(days_ago=8, capture_on_commit=django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert reference.reminders_sent == 1


def test_a_late_run_sends_one_reminder_not_two(mailoutbox, django_capture_on_commit_callbacks):
    reference = beat_run_twice(days_ago=15, capture_on_commit=django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert reference.reminders_sent == 2
    assert Client().get(reverse("ratings:start", args=[link_token(mailoutbox[0])])).status_code == 302


def test_no_reminders_for_answered_or_replaced_requests(mailoutbox, django_capture_on_commit_callbacks):
    application = make_application()
    submitted = invite(application, name="Done")
    submit(submitted)
    declined = invite(application, name="No")
    references.decline_rating(declined, "Busy")
    mailoutbox.clear()
    for reference in (submitted, declined):
        invited_days_ago(reference, 8)
    with django_capture_on_commit_callbacks(execute=True):
        send_rating_reminders.delay()
    assert mailoutbox == []


def test_no_reminders_for_a_withdrawn_application(mailoutbox, django_capture_on_commit_callbacks):
    application = make_application()
    reference = invite(application)
    invited_days_ago(reference, 8)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True):
        send_rating_reminders.delay()
    assert mailoutbox == []


def test_overdue_links_expire_and_the_applicant_is_told_once(mailoutbox, django_capture_on_commit_callbacks):
    application = make_application()
    reference = invite(application, name="Slow Sam")
    ReferenceRequest.objects.filter(pk=reference.pk).update(
        reminders_sent=2, token_expires_at=timezone.now() - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_rating_reminders.delay()
    with django_capture_on_commit_callbacks(execute=True):
        send_rating_reminders.delay()
    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.EXPIRED
    [notice] = mailoutbox
    assert notice.to == [application.applicant.email]
    assert "Slow Sam" in notice.subject
    assert ApplicationEvent.objects.filter(note="The rating link of Slow Sam expired").count() == 1
    assert Client().get(reverse("ratings:start", args=[reference.token])).status_code == 410


def test_an_expired_rater_can_be_sent_a_new_link(mailoutbox, django_capture_on_commit_callbacks):
    application = make_application()
    reference = invite(application)
    ReferenceRequest.objects.filter(pk=reference.pk).update(status=ReferenceRequest.Status.EXPIRED)
    with django_capture_on_commit_callbacks(execute=True):
        refreshed = references.resend_invitation(reference, by=application.applicant)
    assert refreshed.status == ReferenceRequest.Status.INVITED
    assert Client().get(reverse("ratings:start", args=[link_token(mailoutbox[-1])])).status_code == 302


def test_reminder_batches_cover_more_than_one_batch(
    monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(references, "BATCH_SIZE", 2)
    application = make_application()
    raters = [invite(application, name=f"Rater {n}") for n in range(5)]
    for reference in raters:
        invited_days_ago(reference, 8)
    with django_capture_on_commit_callbacks(execute=True):
        result = references.send_due_reminders(timezone.now())
    assert result == {"expired": 0, "reminded": 5}
    assert len(mailoutbox) == 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) and concurrent transactions need PostgreSQL; CI runs this test on PostgreSQL",
)
def test_two_concurrent_runs_send_each_reminder_once(guidelines, mailoutbox):
    application = make_application()
    raters = [invite(application, name=f"Rater {n}") for n in range(6)]
    mailoutbox.clear()
    for reference in raters:
        invited_days_ago(reference, 8)
    results = run_at_once(lambda: references.send_reminders(timezone.now()))
    assert sum(results) == 6
    assert len(mailoutbox) == 6
    assert sorted(message.to[0] for message in mailoutbox) == sorted(r.email for r in raters)
