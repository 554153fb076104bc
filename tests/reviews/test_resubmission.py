"""Changes requested, shown to the applicant where they act on them, and what changed when they resubmit."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Coursework, Document, SubmissionSnapshot, TrainingEntry
from applications.services import lifecycle as applications
from applications.services.lifecycle import diff_snapshots, portfolio_snapshot, submission_changes
from applications.uploads import store_document
from reviews import services
from reviews.models import ChangeRequest
from tests.applications.factories import PDF_BYTES, upload
from tests.endorsement.staff_factories import give_totp

from .factories import complete_ifa, in_review, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(guidelines, coordinator):
    """An IFA application sent back with one request on training and one on the whole application."""
    application = in_review(complete_ifa(), coordinator)
    services.request_changes(
        application,
        requests=[("training", "Add the <b>infant massage</b> course."), ("", "Check every date.")],
        by=coordinator,
    )
    application.refresh_from_db()
    return application


def page(client, application, name="overview"):
    return client.get(reverse(f"applications:{name}", args=[application.pk])).text


# --- what the applicant sees ----------------------------------------------------------------


def test_overview_lists_every_open_change_request_with_a_link_to_its_section(client, returned):
    client.force_login(returned.applicant)
    text = page(client, returned)
    assert "Changes requested" in text
    assert "Add the &lt;b&gt;infant massage&lt;/b&gt; course." in text
    assert "Check every date." in text
    training = reverse("applications:training", args=[returned.pk])
    assert f'<a href="{training}">Specialized training</a>' in text
    assert "The whole application" in text


def test_a_section_page_shows_only_its_own_requests_at_the_top(client, returned):
    client.force_login(returned.applicant)
    training = page(client, returned, "training")
    assert "Changes requested in this section" in training
    assert "infant massage" in training
    assert "Check every date." not in training
    assert training.index("infant massage") < training.index("Where you stand")
    education = page(client, returned, "education")
    assert "Changes requested in this section" not in education


def test_references_page_shows_its_requests(client, guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    services.request_changes(
        application, requests=[("references", "Replace the parent rater.")], by=coordinator
    )
    client.force_login(application.applicant)
    assert "Replace the parent rater." in page(client, application, "references")


def test_no_change_requests_shown_once_resubmitted(client, returned, coordinator):
    submitted(returned)
    client.force_login(returned.applicant)
    assert "infant massage" not in page(client, returned)
    services.start_review(returned, by=coordinator)
    # Starting the review settles nothing: the coordinator does, request by request.
    assert ChangeRequest.objects.filter(application=returned, resolved_at__isnull=True).count() == 2
    assert "infant massage" not in page(client, returned, "training")


# --- answered, resolved, still open ------------------------------------------------------------


def answer_url(application, change):
    return reverse("thread:answer_change", args=[application.pk, change.pk])


def settle_url(application, change):
    return reverse("reviews:work_settle_change", args=[application.pk, change.pk])


def test_the_applicant_marks_a_request_answered_and_sees_which_are_still_open(client, returned):
    training = returned.change_requests.get(section="training")
    client.force_login(returned.applicant)
    assert page(client, returned).count("Still open") == 2

    response = client.post(
        answer_url(returned, training),
        {
            "answer": "Added the course of 12 May.",
            "next": reverse("applications:overview", args=[returned.pk]),
        },
        follow=True,
    )
    assert "Marked answered." in response.text
    text = page(client, returned)
    assert "You marked this answered" in text and "Added the course of 12 May." in text
    assert text.count("Still open") == 1
    training.refresh_from_db()
    assert training.answered_at is not None and training.answer == "Added the course of 12 May."


def test_only_the_applicant_of_a_returned_application_marks_answered(client, returned, coordinator):
    training = returned.change_requests.get(section="training")
    give_totp(coordinator)
    client.force_login(coordinator)
    assert client.post(answer_url(returned, training)).status_code == 404
    submitted(returned)
    client.force_login(returned.applicant)
    assert client.post(answer_url(returned, training)).status_code == 403  # frozen once resubmitted
    training.refresh_from_db()
    assert training.answered_at is None


def test_after_the_resubmission_the_coordinator_sees_each_request_and_resolves_or_keeps_it_open(
    client, returned, coordinator
):
    training = returned.change_requests.get(section="training")
    whole = returned.change_requests.get(section="")
    services.answer_change_request(training, by=returned.applicant, answer="Added the course.")
    TrainingEntry.objects.create(
        application=returned, title="Infant massage", date=datetime.date(2024, 5, 12), hours=Decimal("3")
    )
    submitted(returned)
    give_totp(coordinator)
    client.force_login(coordinator)
    work = reverse("reviews:work", args=[returned.pk])
    text = client.get(work).text
    listed = text[text.index('id="change-requests"') :]
    assert "Marked answered by the applicant" in listed and "Added the course." in listed
    assert "Changed in this section since the last submission: 1 added" in listed
    assert settle_url(returned, training) in listed and settle_url(returned, whole) in listed

    response = client.post(settle_url(returned, training), {"resolved": "yes"}, follow=True)
    assert (
        "The request on the Specialized training is resolved." in response.text
        or "is resolved." in response.text
    )
    client.post(settle_url(returned, whole), {"resolved": "no"})
    training.refresh_from_db()
    whole.refresh_from_db()
    assert training.resolved_at is not None and training.resolved_by == coordinator
    assert whole.resolved_at is None and whole.answered_at is None
    text = client.get(work).text
    assert 'Resolved</span> <span class="meta">by Casey Coordinator' in text

    # Returned again: the applicant sees the request kept open, not the resolved one.
    services.start_review(returned, by=coordinator)
    services.request_changes(returned, requests=[("work", "Add the end date.")], by=coordinator)
    client.force_login(returned.applicant)
    text = page(client, returned)
    assert "Check every date." in text and "Add the end date." in text
    assert "infant massage" not in text


# --- snapshots and what changed ----------------------------------------------------------------


def test_each_submission_stores_a_snapshot_of_the_portfolio(guidelines):
    application = complete_ifa()
    submitted(application)
    snapshot = SubmissionSnapshot.objects.get(application=application)
    sections = snapshot.data["sections"]
    assert len(sections["training"]) == 20
    [coursework] = sections["education"].values()
    assert coursework["label"] == "Community College"
    assert coursework["document"]["name"] == "transcript.pdf"
    assert set(sections["attestations"]) == {"code_of_ethics", "agreement"}
    assert sections["membership"]["membership"]["fields"]["Membership association"] == (
        "Infant Mental Health Association"
    )
    submitted(application)  # a double click takes no second snapshot
    assert SubmissionSnapshot.objects.filter(application=application).count() == 1


def test_a_first_submission_has_nothing_to_compare(guidelines):
    application = complete_ifa()
    submitted(application)
    assert submission_changes(application) is None


def _edit_and_resubmit(application):
    """The applicant answers the change request: one of each kind of change."""
    first, second = TrainingEntry.objects.filter(application=application).order_by("pk")[:2]
    first.hours = Decimal("2.5")
    first.save()
    second.delete()
    TrainingEntry.objects.create(
        application=application, title="Infant massage", date=datetime.date(2024, 6, 1), hours=Decimal("3")
    )
    coursework = Coursework.objects.get(application=application)
    coursework.transcript = store_document(
        application,
        upload("new-transcript.pdf", PDF_BYTES + b"%new"),
        kind=Document.Kind.TRANSCRIPT,
        by=application.applicant,
    )
    coursework.save()
    applications.sign_attestation(
        application,
        "agreement",
        signed_name="Alex Applicant",
        by=application.applicant,
        ip_address=None,
        text_version="default/x/2025-1",
    )
    submitted(application)
    return first


def test_resubmission_shows_added_removed_edited_replaced_and_re_signed(returned):
    first = _edit_and_resubmit(returned)
    changes = {section["name"]: section for section in submission_changes(returned)}
    assert set(changes) == {"education", "training", "attestations"}
    training = changes["training"]
    assert training["added"] == ["Infant massage (3.00 h)"]
    assert len(training["removed"]) == 1
    [edited] = training["edited"]
    assert edited["label"] == f"{first.title} (2.50 h)"
    assert edited["fields"] == [{"field": "Hours", "before": "1.5", "after": "2.5"}]
    [coursework] = changes["education"]["edited"]
    assert coursework["fields"] == []
    assert coursework["document"] == {"before": "transcript.pdf", "after": "new-transcript.pdf"}
    [agreement] = changes["attestations"]["edited"]
    assert agreement["resigned"] is True
    assert agreement["label"] == "Endorsement agreement"


def test_work_page_shows_what_changed_since_the_last_submission(client, returned, coordinator):
    _edit_and_resubmit(returned)
    give_totp(coordinator)
    client.force_login(coordinator)
    text = client.get(reverse("reviews:work", args=[returned.pk])).text
    assert "What changed since the last submission" in text
    assert "<strong>Added:</strong> Infant massage (3.00 h)" in text
    assert "Hours: “1.5” → “2.5”" in text
    assert "Document replaced: transcript.pdf → new-transcript.pdf" in text
    assert "<strong>Signed again:</strong> Endorsement agreement" in text
    # The open requests stay listed beside the changes until the coordinator settles them.
    assert "infant massage" in text.lower() and 'status-changes_requested">Open</span>' in text


def test_an_unchanged_resubmission_says_so(client, returned, coordinator):
    submitted(returned)
    give_totp(coordinator)
    client.force_login(coordinator)
    text = client.get(reverse("reviews:work", args=[returned.pk])).text
    assert "Nothing in the portfolio changed between the two submissions." in text


def test_diff_of_membership_fields_names_each_field(guidelines):
    application = complete_ifa()
    before = portfolio_snapshot(application)
    application.membership_number = "M-42"
    application.membership_expires = datetime.date(2030, 1, 31)
    application.save()
    [membership] = diff_snapshots(before, portfolio_snapshot(application))
    assert membership["name"] == "membership"
    fields = {
        change["field"]: (change["before"], change["after"]) for change in membership["edited"][0]["fields"]
    }
    assert fields["Membership number"] == ("", "M-42")
    assert fields["Membership expires"][1] == "2030-01-31"
