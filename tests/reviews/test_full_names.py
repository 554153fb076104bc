"""A person is named in full wherever they are identified: 'María Elena López', never only the
preferred 'Maria', on the queue, the coordinator's page, the reviewer's page and the rater's form."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from applications.models import Application, Profile
from applications.services.lifecycle import start_application
from reviews import services
from tests.applications.rater_factories import category, invite
from tests.endorsement.staff_factories import give_totp

from .factories import make_reviewer

pytestmark = pytest.mark.django_db
FULL, PREFERRED = "María Elena López", "Maria"


@pytest.fixture
def maria(guidelines):
    user = get_user_model().objects.create_user(
        "maria", "maria@example.org", first_name=PREFERRED, last_name="López"
    )
    Profile.objects.create(user=user, legal_name=FULL, preferred_name=PREFERRED)
    application = start_application(user, category("IFS"))
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED)
    application.refresh_from_db()
    return application


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_the_queue_and_the_work_page_name_the_applicant_in_full(client, coordinator, maria):
    give_totp(coordinator)
    client.force_login(coordinator)
    assert FULL in text(client.get(reverse("reviews:queue")))
    page = text(client.get(reverse("reviews:work", args=[maria.pk])))
    assert f"<h1>{FULL}" in page or FULL in page.split("</h1>")[0]


def test_the_reviewers_page_names_the_applicant_and_the_reviewer_in_full(client, coordinator, maria):
    services.start_review(maria, by=coordinator)
    reviewer = make_reviewer(legal_name="Jo Anne Smith-Ortega")
    give_totp(reviewer)
    assignment = services.assign_reviewer(maria, reviewer, by=coordinator)
    client.force_login(reviewer)
    assert FULL in text(client.get(reverse("reviewer:assignments")))
    assert FULL in text(client.get(reverse("reviewer:review", args=[assignment.pk])))
    give_totp(coordinator)
    client.force_login(coordinator)
    assert "Jo Anne Smith-Ortega" in text(client.get(reverse("reviews:work", args=[maria.pk])))


def test_the_raters_form_names_the_applicant_in_full(client, maria):
    Application.objects.filter(pk=maria.pk).update(status=Application.Status.DRAFT)
    reference = invite(maria)
    client.get(reverse("ratings:start", args=[reference.token]))
    page = text(client.get(reverse("ratings:form")))
    assert f"Reference rating for {FULL}" in page
    assert f"{FULL} is applying for Endorsement" in page
