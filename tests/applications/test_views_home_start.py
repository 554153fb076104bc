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


def _publish_successor(title="ORIMHA Competency Guidelines 2026"):
    import datetime

    from competencies.models import Edition
    from competencies.services import clone_edition, publish_edition

    orimha = Edition.objects.get(slug="orimha")
    successor = clone_edition(orimha, slug="orimha-2026", title=title)
    Edition.objects.filter(pk=successor.pk).update(
        effective_date=datetime.date.today() - datetime.timedelta(days=30)
    )
    return orimha, publish_edition(successor)


def test_start_offers_the_current_edition_and_says_why_one_would_choose_an_older_one(client, guidelines):
    orimha, successor = _publish_successor()
    client.force_login(make_user())

    page = client.get(reverse("applications:start")).text

    current, _, others = page.partition("Other editions still open (1)")
    assert category("IFS", "orimha-2026").get_absolute_url() in current
    assert category("IFS", "orimha").get_absolute_url() not in current
    assert category("IFS", "orimha").get_absolute_url() in others
    assert "choose this edition only if you prepared your application under these guidelines" in others
    assert f"when the {successor.title} replaced them" in others


def test_a_retired_edition_is_no_longer_offered_and_its_applications_go_on(client, guidelines):
    from competencies.services import retire_edition

    orimha, _successor = _publish_successor()
    started = make_application(code="IFS", edition="orimha")
    retire_edition(orimha)
    client.force_login(started.applicant)

    page = client.get(reverse("applications:start")).text
    assert "Other editions still open" not in page
    assert category("IFS", "orimha").get_absolute_url() not in page
    assert client.get(reverse("applications:overview", args=[started.pk])).status_code == 200
    other = make_user()
    client.force_login(other)
    refused = client.post(reverse("applications:start"), {"category": category("IFA", "orimha").pk})
    assert refused.status_code == 200 and 'id="id_category_error"' in refused.text
    assert not Application.objects.filter(applicant=other).exists()
