"""Public status from dates: /verify/ and /directory/ read the dates, not the sweep's last run."""

import datetime

import pytest
from django.urls import reverse

from renewals import standing
from renewals.models import Endorsement, RenewalPeriod
from renewals.services import revocation
from renewals.services.reminders import sweep
from renewals.standing import Standing

from .endorsee_factories import endorse

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
Status = Endorsement.Status


def due_days_ago(endorsement, days):
    """Move the renewal due date `days` into the past without running the sweep."""
    due = TODAY - datetime.timedelta(days=days)
    Endorsement.objects.filter(pk=endorsement.pk).update(renewal_due=due)
    endorsement.periods.update(due_on=due)
    return Endorsement.objects.get(pk=endorsement.pk)


def page(client, endorsement):
    return client.get(reverse("verify:detail", args=[endorsement.verification_code])).content.decode()


def directory_names(client):
    return [e.holder_name for e in client.get(reverse("directory:index")).context["page"].object_list]


def test_renewal_passed_eleven_months_ago_without_a_sweep_shows_lapsed_and_is_not_listed(client, guidelines):
    endorsement = due_days_ago(endorse(name="Long Gone", listed=True), 335)
    assert endorsement.status == Status.ACTIVE  # the sweep never ran

    text = page(client, endorsement)
    lapsed_on = endorsement.renewal_due + datetime.timedelta(days=endorsement.edition.renewal_grace_days + 1)
    assert "Not valid." in text
    assert f"Lapsed: this endorsement lapsed on {lapsed_on:%B %-d, %Y} because it was not renewed" in text
    assert "Valid." not in text.replace("Not valid.", "")
    assert "Long Gone" not in directory_names(client)


def test_within_the_grace_period_it_says_in_grace_and_stays_listed(client, guidelines):
    endorsement = due_days_ago(endorse(name="Grace Period", listed=True), 5)
    text = page(client, endorsement)
    assert "Valid." in text and "In grace period: the renewal was due on" in text
    assert "Grace Period" in directory_names(client)


def test_on_the_due_date_it_is_current(client, guidelines):
    endorsement = due_days_ago(endorse(name="Due Today", listed=True), 0)
    assert standing.standing_on(endorsement) == Standing.CURRENT
    assert "Current: valid until" in page(client, endorsement)


def test_the_last_day_of_grace_is_valid_and_the_next_day_is_lapsed(guidelines):
    endorsement = endorse()
    grace = endorsement.edition.renewal_grace_days
    endorsement = due_days_ago(endorsement, grace)
    assert standing.standing_on(endorsement) == Standing.IN_GRACE
    endorsement = due_days_ago(endorsement, grace + 1)
    assert standing.standing_on(endorsement) == Standing.LAPSED


def test_a_submitted_renewal_past_grace_is_expired_not_lapsed_and_not_listed(client, guidelines):
    endorsement = due_days_ago(endorse(name="Waiting Coordinator", listed=True), 60)
    RenewalPeriod.objects.filter(endorsement=endorsement).update(status=RenewalPeriod.Status.SUBMITTED)
    assert standing.standing_on(endorsement) == Standing.EXPIRED
    text = page(client, endorsement)
    assert "Not valid." in text and "is waiting for the association" in text
    assert "Waiting Coordinator" not in directory_names(client)
    assert sweep().get("lapsed", 0) == 0  # the sweep agrees: not lapsed


def test_revoked_wins_over_current_dates(client, guidelines, django_user_model):
    endorsement = endorse(name="Revoked Person", listed=True)
    coordinator = django_user_model.objects.create(username="c", email="c@example.org")
    revocation.revoke_endorsement(endorsement, by=coordinator, reason="Licence withdrawn")
    assert standing.standing_on(endorsement) == Standing.REVOKED
    assert "This endorsement was revoked on" in page(client, endorsement)
    assert "Revoked Person" not in directory_names(client)


def test_the_sweep_lapses_exactly_what_the_public_page_calls_lapsed(guidelines):
    lapsed = due_days_ago(endorse(name="Lapsed"), 335)
    in_grace = due_days_ago(endorse(name="In Grace"), 3)
    assert sweep()["lapsed"] == 1
    lapsed.refresh_from_db()
    in_grace.refresh_from_db()
    assert lapsed.status == Status.LAPSED and in_grace.status == Status.RENEWAL_DUE
    assert standing.standing_on(lapsed) == Standing.LAPSED
    assert standing.standing_on(in_grace) == Standing.IN_GRACE


def test_the_directory_filters_standing_in_sql(client, guidelines, django_assert_max_num_queries):
    for index in range(5):
        due_days_ago(endorse(name=f"Old {index}", listed=True), 300)
    endorse(name="Fresh", listed=True)
    with django_assert_max_num_queries(12) as captured:
        names = directory_names(client)
    assert names == ["Fresh"]
    listing = [
        q["sql"] for q in captured.captured_queries if "LIMIT" in q["sql"] and "holder_name" in q["sql"]
    ]
    # The standing's conditions are in the listing's own WHERE, not worked out in Python.
    assert listing and all('"renewal_due" >=' in sql and "WHERE" in sql for sql in listing)


def test_valid_on_lists_exactly_the_current_and_in_grace_standings(guidelines):
    endorse(name="Current")
    due_days_ago(endorse(name="In Grace"), 3)
    due_days_ago(endorse(name="Lapsed By Date"), 335)
    waiting = due_days_ago(endorse(name="Expired"), 60)
    RenewalPeriod.objects.filter(endorsement=waiting).update(status=RenewalPeriod.Status.SUBMITTED)
    retired = endorse(name="Retired")
    Endorsement.objects.filter(pk=retired.pk).update(status=Status.RETIRED)
    by_standing = standing.with_standing(Endorsement.objects.all()).filter(standing__in=standing.VALID)
    valid = standing.valid_on(Endorsement.objects.all())
    assert sorted(valid.values_list("holder_name", flat=True)) == ["Current", "In Grace"]
    assert set(valid.values_list("pk", "standing")) == set(by_standing.values_list("pk", "standing"))
