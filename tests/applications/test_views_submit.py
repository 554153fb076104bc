import pytest
from django.urls import reverse

from applications.models import Application, ApplicationEvent
from applications.services import lifecycle as services

from .factories import make_application, make_complete_ifa

pytestmark = pytest.mark.django_db


def test_complete_application_has_no_blockers(guidelines):
    application = make_complete_ifa()
    result = services.evaluate_application(application)
    assert [item["key"] for item in result["requirements"] if item["status"] == "not_met"] == []
    assert services.submission_blockers(application, result) == []


def test_review_page_shows_verdict_and_submit_button(client, guidelines):
    application = make_complete_ifa()
    client.force_login(application.applicant)
    response = client.get(reverse("applications:review", args=[application.pk]))
    assert response.status_code == 200
    assert "Every requirement is met" in response.text
    assert reverse("applications:submit", args=[application.pk]) in response.text


def test_review_page_lists_what_is_missing_and_offers_no_submit(client, guidelines):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    response = client.get(reverse("applications:review", args=[application.pk]))
    assert "What is still missing before you can submit" in response.text
    assert "Specialized training: 0 of 30 clock hours" in response.text
    assert "Professional reference ratings:" in response.text
    assert reverse("applications:submit", args=[application.pk]) not in response.text


def test_double_submit_submits_once_with_one_receipt(
    client, guidelines, django_capture_on_commit_callbacks, mailoutbox
):
    application = make_complete_ifa()
    client.force_login(application.applicant)
    url = reverse("applications:submit", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url)
    receipt_url = reverse("applications:receipt", args=[application.pk])
    assert first.status_code == 302 and first.url == receipt_url
    assert second.status_code == 302 and second.url == receipt_url
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert ApplicationEvent.objects.filter(application=application, to_status="submitted").count() == 1
    receipts = [mail for mail in mailoutbox if mail.to == [application.applicant.email]]
    assert len(receipts) == 1
    page = client.get(receipt_url)
    assert "Your application is submitted" in page.text


def test_submit_of_incomplete_application_explains_and_changes_nothing(client, guidelines, mailoutbox):
    application = make_application(code="IFA")
    client.force_login(application.applicant)
    response = client.post(reverse("applications:submit", args=[application.pk]), follow=True)
    assert "The application is not complete yet" in response.text
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert mailoutbox == []


def test_submit_is_post_only(client, guidelines):
    application = make_complete_ifa()
    client.force_login(application.applicant)
    assert client.get(reverse("applications:submit", args=[application.pk])).status_code == 405


def test_withdraw_asks_for_confirmation_then_records_the_reason(client, guidelines):
    application = make_application(code="IFS")
    client.force_login(application.applicant)
    url = reverse("applications:withdraw", args=[application.pk])
    page = client.get(url)
    assert "Withdraw your IFS application?" in page.text
    response = client.post(url, {"reason": "Changing jobs"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert application.events.last().note == "Changing jobs"


def test_withdrawn_application_cannot_be_withdrawn_again_or_edited(client, guidelines):
    application = make_application(code="IFS")
    services.withdraw_application(application, by=application.applicant)
    client.force_login(application.applicant)
    assert client.get(reverse("applications:withdraw", args=[application.pk])).status_code == 403
    assert (
        client.post(reverse("applications:training", args=[application.pk]), {"kind": "training"}).status_code
        == 403
    )
