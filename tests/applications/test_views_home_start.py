import pytest
from django.urls import reverse

from applications.models import Application

from .factories import category, make_application, make_user

pytestmark = pytest.mark.django_db


def test_home_lists_applications_with_status_and_meter(client, guidelines):
    application = make_application(code="IFS")
    client.force_login(application.applicant)
    response = client.get(reverse("applications:home"))
    assert "Infant Family Specialist" in response.text
    assert "Status: <strong>Draft</strong>" in response.text
    assert "<meter" in response.text
    assert reverse("applications:start") in response.text


def test_start_lists_categories_of_both_published_editions_with_guideline_links(client, guidelines):
    user = make_user()
    client.force_login(user)
    response = client.get(reverse("applications:start"))
    assert response.status_code == 200
    for code, edition in (("IFA", "orimha"), ("IMHM-C", "orimha"), ("IFS", "mi-aimh-2025")):
        assert category(code, edition).get_absolute_url() in response.text
    assert "Prevention" in response.text and "Infant Family Specialist (IFS)" in response.text


def test_start_creates_a_draft_and_opens_its_overview(client, guidelines):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("applications:start"), {"category": category("IFS").pk})
    application = Application.objects.get(applicant=user)
    assert response.status_code == 302 and response.url == application.get_absolute_url()
    assert application.status == "draft"


def test_second_open_application_in_a_category_is_refused_at_the_field(client, guidelines):
    application = make_application(code="IFS")
    client.force_login(application.applicant)
    response = client.post(reverse("applications:start"), {"category": category("IFS").pk})
    assert response.status_code == 200
    assert 'id="id_category_error"' in response.text
    assert "You already have an open IFS application." in response.text
    assert Application.objects.filter(applicant=application.applicant).count() == 1


def test_start_needs_a_verified_email(client, guidelines):
    user = make_user(verified=False)
    client.force_login(user)
    page = client.get(reverse("applications:start"))
    assert "Please confirm your email address first." in page.text
    assert reverse("account_email") in page.text
    client.post(reverse("applications:start"), {"category": category("IFS").pk})
    assert not Application.objects.filter(applicant=user).exists()
