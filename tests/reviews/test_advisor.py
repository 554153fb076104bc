"""Advisors: the coordinator assigns them (drafts included), they are emailed, and they see only
the applications they advise, read-only, with the conversation."""

import pytest
from django.core import mail
from django.urls import reverse

from applications.models import ApplicationEvent, TrainingEntry
from reviews import services
from reviews.models import AdvisorAssignment, Comment
from tests.applications.factories import add_training, make_application, make_user
from tests.endorsement.staff_factories import give_totp

from .factories import complete_ifa, in_review, make_advisor, reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(guidelines):
    application = make_application()
    add_training(application, 2)
    return application


def assign_url(application):
    return reverse("reviews:work_assign_advisor", args=[application.pk])


def advisor_url(application):
    return reverse("advisor:application", args=[application.pk])


def signed_in_advisor(client):
    advisor = make_advisor()
    give_totp(advisor)
    client.force_login(advisor)
    return advisor


# --- assigning --------------------------------------------------------------------------------


def test_coordinator_assigns_an_advisor_to_a_draft_and_the_advisor_is_emailed(
    client, staff, draft, django_capture_on_commit_callbacks
):
    advisor = make_advisor()
    page = client.get(reverse("reviews:work", args=[draft.pk]))
    assert "Assign an advisor" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(assign_url(draft), {"advisor": advisor.pk})
    assert response.status_code == 302
    assert response["Location"].endswith("#advisors")
    assert AdvisorAssignment.objects.get().advisor == advisor
    assert ApplicationEvent.objects.filter(application=draft, note="Advisor assigned: Ada Advisor").exists()
    [message] = mail.outbox
    assert message.to == [advisor.email]
    assert "You are now advising Alex Applicant" in message.subject
    assert advisor_url(draft) in message.body
    page = client.get(reverse("reviews:work", args=[draft.pk]))
    assert "Ada Advisor" in page.text and "now advises this applicant" in page.text


def test_only_people_in_the_advisor_group_can_be_chosen(client, staff, draft):
    someone = make_user(email="not.an.advisor@example.org")
    response = client.post(assign_url(draft), {"advisor": someone.pk})
    assert response.status_code == 400
    assert response.context["forms"]["advisor"].errors["advisor"] == ["Choose one of the advisors listed."]
    assert not AdvisorAssignment.objects.exists()


def test_the_same_advisor_is_not_assigned_twice(client, staff, draft):
    advisor = make_advisor()
    assert client.post(assign_url(draft), {"advisor": advisor.pk}).status_code == 302
    response = client.post(assign_url(draft), {"advisor": advisor.pk})
    assert response.status_code == 400
    assert AdvisorAssignment.objects.count() == 1


def test_no_advisor_after_a_decision(client, staff, guidelines, coordinator):
    application = reviewed(in_review(complete_ifa(), coordinator), coordinator)
    subject, body = services.draft_decision_email(application, "approved")
    services.decide(
        application, outcome="approved", reasons="", email_subject=subject, email_body=body, by=coordinator
    )
    advisor = make_advisor()
    page = client.get(reverse("reviews:work", args=[application.pk]))
    assert "Assign an advisor" not in page.text
    response = client.post(assign_url(application), {"advisor": advisor.pk})
    assert response.status_code == 400
    assert "only be assigned to an open application" in response.text
    assert not AdvisorAssignment.objects.exists()


def test_only_coordinators_assign_advisors(client, draft):
    advisor = signed_in_advisor(client)
    assert client.post(assign_url(draft), {"advisor": advisor.pk}).status_code == 404
    client.force_login(draft.applicant)
    assert client.post(assign_url(draft), {"advisor": advisor.pk}).status_code == 404
    assert not AdvisorAssignment.objects.exists()


# --- the advisor's pages -----------------------------------------------------------------------


def test_advisor_lists_only_the_applications_they_advise(client, draft, coordinator):
    advisor = signed_in_advisor(client)
    services.assign_advisor(draft, advisor, by=coordinator)
    other = make_application(make_user(email="someone.else@example.org", legal_name="Blake Other"))
    services.assign_advisor(other, make_advisor(), by=coordinator)
    services.add_comment(draft, author=draft.applicant, body="Hello!")
    page = client.get(reverse("advisor:index"))
    assert page.status_code == 200
    assert "Alex Applicant" in page.text
    assert "Blake Other" not in page.text
    assert "1 comment" in page.text
    assert advisor_url(draft) in page.text
    assert "Advised applications" in page.text  # the navigation link


def test_advisor_reads_the_portfolio_and_the_conversation(client, draft, coordinator):
    advisor = signed_in_advisor(client)
    services.assign_advisor(draft, advisor, by=coordinator)
    services.add_comment(draft, author=draft.applicant, body="My training log is in.", section="training")
    page = client.get(advisor_url(draft))
    assert page.status_code == 200
    title = TrainingEntry.objects.filter(application=draft).first().title
    assert title in page.text
    assert "Specialized training" in page.text  # the requirement checklist
    assert "My training log is in." in page.text
    assert "read-only" in page.text


def test_advisor_writes_from_their_page_and_comes_back_to_it(client, draft, coordinator):
    advisor = signed_in_advisor(client)
    services.assign_advisor(draft, advisor, by=coordinator)
    response = client.post(
        reverse("thread:post", args=[draft.pk]),
        {"body": "Let us talk about RS/C.", "section": "rsc", "next": advisor_url(draft)},
    )
    comment = Comment.objects.get()
    assert response["Location"] == f"{advisor_url(draft)}#comment-{comment.pk}"
    assert comment.author == advisor


def test_advisor_pages_are_closed_to_everyone_else(client, draft, coordinator):
    advisor = signed_in_advisor(client)
    # An advisor not assigned to this application.
    assert client.get(advisor_url(draft)).status_code == 404
    services.assign_advisor(draft, make_advisor(), by=coordinator)
    assert client.get(advisor_url(draft)).status_code == 404
    # The applicant and a coordinator are not advisors.
    give_totp(coordinator)
    for user in (draft.applicant, coordinator):
        client.force_login(user)
        assert client.get(reverse("advisor:index")).status_code == 404
        assert client.get(advisor_url(draft)).status_code == 404
    assert advisor.pk


def test_advised_applications_link_only_for_advisors(client, draft):
    client.force_login(draft.applicant)
    assert "Advised applications" not in client.get(reverse("applications:home")).text
    signed_in_advisor(client)
    assert "Advised applications" in client.get(reverse("applications:home")).text
