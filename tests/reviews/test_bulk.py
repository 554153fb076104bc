"""The queue's bulk actions: assign a reviewer, remind the raters, export, for the ticked rows."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import ReferenceRequest
from competencies.models import Association
from reviews.models import ReviewerAssignment
from tests.endorsement.staff_factories import give_totp

from .factories import complete_ifa, in_review, make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db
BULK = reverse("reviews:queue_bulk")


def said(response):
    """The messages the next page shows (the redirect is followed, so each post reads its own)."""
    return [str(message) for message in response.context["messages"]]


def test_the_queue_has_a_tick_per_row_and_the_bulk_form(guidelines, client, staff):
    application = in_review(complete_ifa(), staff)
    page = client.get(reverse("reviews:queue")).text
    assert f'name="application" value="{application.pk}" form="queue-bulk"' in page
    assert 'id="queue-bulk"' in page and "Apply to the ticked applications" in page
    assert "data-select-all" in page


def test_assigning_a_reviewer_to_the_ticked_says_what_was_done_and_a_second_click_changes_nothing(
    guidelines, client, staff, django_capture_on_commit_callbacks
):
    applications = [in_review(complete_ifa(), staff) for _ in range(3)]
    jo = make_reviewer(legal_name="Jo Smith")
    from reviews import services

    services.assign_reviewer(applications[0], jo, by=staff)
    body = {
        "action": "assign",
        "reviewer": jo.pk,
        "application": [a.pk for a in applications],
        "next": "/coordinator/?status=in_review",
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BULK, follow=True, data=body)
    assert response.redirect_chain == [("/coordinator/?status=in_review", 302)]
    assert said(response) == ["Assigned Jo Smith to 2 applications; 1 already had them."]
    assert len([m for m in mail.outbox if jo.email in m.to]) == 2

    again = client.post(BULK, follow=True, data=body)
    assert said(again) == ["Assigned Jo Smith to 0 applications; 3 already had them."]
    assert ReviewerAssignment.objects.filter(reviewer=jo).count() == 3


def test_an_application_that_cannot_take_a_reviewer_is_named_with_the_reason(guidelines, client, staff):
    ready, draft = in_review(complete_ifa(), staff), complete_ifa()
    jo = make_reviewer(legal_name="Jo Smith")
    response = client.post(
        BULK, follow=True, data={"action": "assign", "reviewer": jo.pk, "application": [ready.pk, draft.pk]}
    )
    messages = said(response)
    assert messages[0] == "Assigned Jo Smith to 1 application."
    assert messages[1].startswith("Not assigned to 1: Alex Applicant: ")


def test_an_application_of_another_association_refuses_the_whole_action(guidelines, client):
    oregon = Association.objects.get(slug="orimha")
    coordinator = make_coordinator(associations=[oregon])
    give_totp(coordinator)
    client.force_login(coordinator)
    mine = in_review(complete_ifa(), coordinator)
    theirs = complete_ifa()
    from applications.models import Application
    from competencies.models import Category

    Application.objects.filter(pk=theirs.pk).update(
        category=Category.objects.get(edition__slug="mi-aimh-2025", code="IFS")
    )
    jo = make_reviewer(legal_name="Jo Smith")
    response = client.post(BULK, {"action": "assign", "reviewer": jo.pk, "application": [mine.pk, theirs.pk]})
    assert response.status_code == 404
    assert not ReviewerAssignment.objects.exists()


def test_nothing_ticked_or_no_reviewer_is_explained(guidelines, client, staff):
    application = in_review(complete_ifa(), staff)
    assert said(client.post(BULK, follow=True, data={"action": "remind"})) == [
        "Tick at least one application in the table first."
    ]
    assert said(
        client.post(BULK, follow=True, data={"action": "assign", "application": [application.pk]})
    ) == ["Choose the reviewer to assign to the ticked applications."]


def test_reminding_the_raters_of_the_ticked_emails_only_those_still_to_answer_once_a_day(
    guidelines, client, staff, django_capture_on_commit_callbacks
):
    application = in_review(complete_ifa(), staff)
    waiting = application.references.first()
    ReferenceRequest.objects.filter(pk=waiting.pk).update(
        status=ReferenceRequest.Status.INVITED,
        answered_at=None,
        token_expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BULK, follow=True, data={"action": "remind", "application": [application.pk]})
    assert said(response) == ["Reminded 1 rater."]
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    again = client.post(BULK, follow=True, data={"action": "remind", "application": [application.pk]})
    assert said(again) == ["Reminded 0 raters; 1 rater was already reminded in the last day."]


def test_exporting_the_ticked_gives_a_csv_of_just_those(guidelines, client, staff):
    first, second, _third = (in_review(complete_ifa(), staff) for _ in range(3))
    response = client.post(BULK, {"action": "export", "application": [first.pk, second.pk]})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["ID", "Applicant"]
    assert sorted(int(row[0]) for row in rows[1:]) == [first.pk, second.pk]
