"""Renewal: what counts is said at the date, the heading counts what the verdict counts, the
membership comes prefilled, and the endorsement's history records the renewal."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from applications.models import Application
from renewals.facts import evaluate_period
from renewals.models import RenewalRSC, RenewalTraining
from renewals.services import renewal_periods as renewal_services

from .test_renewal_period import TODAY, by_key, log, make_endorsement, page_url, period_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("log", "model", "field", "what"),
    [
        ("training", RenewalTraining, "date", "training"),
        ("rsc", RenewalRSC, "end", "reflective supervision/consultation"),
    ],
)
def test_an_entry_that_ended_before_the_period_is_refused_at_its_last_date(
    client, guidelines, log, model, field, what
):
    endorsement = make_endorsement(due=TODAY + datetime.timedelta(days=60))
    period = period_of(endorsement)
    client.force_login(endorsement.holder)
    before = (period.starts_on - datetime.timedelta(days=3)).isoformat()
    entry = {
        "training": {"title": "Old course", "date": before, "hours": "6", "about_rsc": "False"},
        "rsc": {
            "provider": "Pat",
            "format": "individual",
            "start": (period.starts_on - datetime.timedelta(days=33)).isoformat(),
            "end": before,
            "hours": "2",
            "about_rsc_provided": "False",
        },
    }[log]
    response = client.post(reverse("renewals:renewal_entry_add", args=[endorsement.pk, log]), entry)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        field: [
            f"This is before the renewal period began on {date_format(period.starts_on)}: only {what} "
            f"from {date_format(period.starts_on)} to {date_format(period.due_on)} counts toward this renewal."
        ]
    }
    assert not model.objects.exists()


def test_a_csv_row_dated_before_the_period_is_reported_with_its_row(client, guidelines):
    endorsement = make_endorsement(due=TODAY + datetime.timedelta(days=60))
    period = period_of(endorsement)
    client.force_login(endorsement.holder)
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = (
        "title,provider,date,hours,about_rsc\n"
        f"Old course,,{(period.starts_on - datetime.timedelta(days=1)).isoformat()},6,no\n"
    )
    response = client.post(
        reverse("renewals:renewal_import", args=[endorsement.pk, "training"]),
        {"action": "preview", "csv_file": SimpleUploadedFile("log.csv", text.encode(), "text/csv")},
    )
    (problem,) = response.context["problems"]
    assert problem["reasons"][0].startswith("Column “date”: This is before the renewal period began on")


def test_the_log_heading_counts_what_the_verdict_counts(client, guidelines):
    endorsement = make_endorsement(due=TODAY + datetime.timedelta(days=60))
    period = period_of(endorsement)
    log(period, training=14, on=TODAY - datetime.timedelta(days=10))
    RenewalTraining.objects.create(  # logged before the check existed
        period=period, title="Old", date=period.starts_on - datetime.timedelta(days=2), hours=Decimal(6)
    )
    assert by_key(evaluate_period(period))["training"]["have"] == 14
    client.force_login(endorsement.holder)
    text = client.get(page_url(endorsement)).content.decode()
    assert (
        "Training that counts this renewal period: 14 clock hours (1 entry dated outside the period" in text
    )
    assert "20 clock hours" not in text


def test_membership_is_prefilled_from_the_application(client, guidelines):
    endorsement = make_endorsement(due=TODAY + datetime.timedelta(days=60))
    expires = TODAY + datetime.timedelta(days=300)
    Application.objects.filter(pk=endorsement.application_id).update(
        membership_association="Oregon Infant Mental Health Association", membership_expires=expires
    )
    client.force_login(endorsement.holder)
    form = client.get(page_url(endorsement)).context["details_form"]
    assert form["membership_association"].value() == "Oregon Infant Mental Health Association"
    assert form["membership_expires"].value() == expires


def renewed_with_membership_of(association):
    """An endorsement due in 20 days, renewed (submitted and approved) with that membership."""
    endorsement = make_endorsement(due=TODAY + datetime.timedelta(days=20))
    period = period_of(endorsement)
    renewal_services.save_details(
        period, by=None, membership_association=association, membership_expires=None, provides_rsc=False
    )
    renewal_services.attest_no_sanction(period, by=None, signed_name=endorsement.holder_name)
    renewal_services.submit_renewal(period, by=endorsement.holder)
    renewal_services.approve_renewal(period, by=None)
    endorsement.refresh_from_db()
    return endorsement, period


def test_membership_is_prefilled_from_the_last_renewal(client, guidelines):
    endorsement, period = renewed_with_membership_of("IMHA")
    client.force_login(endorsement.holder)
    form = client.get(page_url(endorsement)).context["details_form"]
    assert form["membership_association"].value() == "IMHA"


def test_the_history_shows_the_renewal_submitted_and_approved_with_dates(client, guidelines):
    endorsement, period = renewed_with_membership_of("IMHA")
    words = f"{date_format(period.starts_on)} to {date_format(period.due_on)}"
    client.force_login(endorsement.holder)
    text = client.get(reverse("renewals:detail", args=[endorsement.pk])).content.decode()
    history = text[text.index('id="history-title"') :]
    assert f"Renewal submitted for the period {words}." in history
    assert (
        f"Renewal approved for the period {words}: valid until {date_format(endorsement.renewal_due)}."
        in history
    )
    assert history.count(f"<td>{date_format(TODAY)}</td>") >= 2
