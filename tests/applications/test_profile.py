"""The applicant's profile page."""

import datetime
import re

import pytest
from django.urls import reverse

from applications.models import Profile
from competencies.models import Association, Edition

URL = "/applications/profile/"


def valid_data(association=None, **overrides):
    data = {
        "legal_name": "Jane Q. Doe",
        "preferred_name": "Jane",
        "phone": "555-0100",
        "address": "1 Main St",
        "city": "Portland",
        "region": "Oregon",
        "postal_code": "97201",
        "country": "United States",
        "association": str(association.pk) if association else "",
        "membership_number": "M-1234" if association else "",
        "membership_expires": "2027-06-30" if association else "",
        "discipline": "Social work",
        "licenses": "LCSW 12345\n\n  RN 999 \n",
        "directory_opt_in": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("jane@example.org", "jane@example.org", "pw")


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def association(guidelines):
    return Edition.objects.filter(status=Edition.Status.PUBLISHED).first().association


def test_profile_url_is_named():
    assert reverse("applications:profile") == URL


@pytest.mark.django_db
def test_profile_requires_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={URL}"


@pytest.mark.django_db
def test_new_profile_page_shows_empty_form_with_labels_and_explained_directory_opt_in(signed_in):
    response = signed_in.get(URL)

    content = response.content.decode()
    assert response.status_code == 200
    for field, label in [
        ("legal_name", "Legal name"),
        ("preferred_name", "Preferred name"),
        ("phone", "Phone"),
        ("association", "Association"),
        ("membership_number", "Membership number"),
        ("membership_expires", "Membership expires on"),
        ("discipline", "Discipline"),
        ("licenses", "Licenses and certifications"),
        ("directory_opt_in", "List me in the public directory once endorsed"),
    ]:
        assert re.search(rf'<label for="id_{field}"[^>]*>{re.escape(label)}', content), field
    assert "only once you are endorsed" in content.lower()
    assert (
        "lists your name, endorsement category and number (with a link to verify it), endorsing association, state or region"
        in content
    )
    assert 'aria-describedby="id_directory_opt_in_helptext"' in content
    assert 'type="date"' in content
    assert '<nav class="subnav" aria-label="Account settings">' in content
    assert f'<a href="{URL}" aria-current="page">Profile</a>' in content
    assert f'href="{reverse("mfa_index")}"' in content


@pytest.mark.django_db
def test_association_choices_are_the_published_associations(signed_in, association):
    unpublished = Association.objects.create(
        slug="nowhere", name="Association Without Guidelines", short_name="AWG"
    )

    content = signed_in.get(URL).content.decode()

    assert f'<option value="{association.pk}">{association.name}</option>' in content
    assert unpublished.name not in content
    assert "Not a member yet" in content


@pytest.mark.django_db
def test_profile_saves_and_redirects_with_a_message(signed_in, user, association):
    response = signed_in.post(URL, valid_data(association))

    assert response.status_code == 302
    assert response["Location"] == URL
    profile = Profile.objects.get(user=user)
    assert profile.legal_name == "Jane Q. Doe"
    assert profile.preferred_name == "Jane"
    assert profile.association == association
    assert profile.membership_number == "M-1234"
    assert profile.membership_expires == datetime.date(2027, 6, 30)
    assert profile.licenses == "LCSW 12345\nRN 999"
    assert profile.directory_opt_in is True
    page = signed_in.get(URL).content.decode()
    assert "Your profile is saved." in page
    assert 'value="Jane Q. Doe"' in page
    assert 'value="2027-06-30"' in page


@pytest.mark.django_db
def test_profile_updates_the_existing_profile(signed_in, user):
    Profile.objects.create(user=user, legal_name="Old Name", directory_opt_in=True)

    signed_in.post(URL, valid_data(legal_name="New Name", directory_opt_in=""))

    profile = Profile.objects.get(user=user)
    assert profile.legal_name == "New Name"
    assert profile.directory_opt_in is False


@pytest.mark.django_db
def test_missing_legal_name_is_reported_at_the_field_and_input_is_kept(signed_in, user, association):
    response = signed_in.post(URL, valid_data(association, legal_name=""))

    content = response.content.decode()
    assert response.status_code == 200
    assert not Profile.objects.filter(user=user).exists()
    assert 'role="alert"' in content
    assert re.search(
        r'<ul class="errorlist" id="id_legal_name_error"><li>Enter your legal name, as on your transcripts',
        content,
    )
    assert re.search(r'<input[^>]*name="legal_name"[^>]*aria-invalid="true"', content)
    assert re.search(
        r'<input[^>]*name="legal_name"[^>]*aria-describedby="id_legal_name_helptext id_legal_name_error"',
        content,
    )
    for kept in ['value="Jane"', 'value="555-0100"', 'value="M-1234"', 'value="2027-06-30"', "LCSW 12345"]:
        assert kept in content, kept
    assert f'<option value="{association.pk}" selected>' in content
    assert re.search(r'<input[^>]*name="directory_opt_in"[^>]*checked', content)


@pytest.mark.django_db
def test_membership_without_an_association_is_reported_at_the_association(signed_in, user):
    response = signed_in.post(URL, valid_data(membership_number="M-1"))

    content = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<ul class="errorlist" id="id_association_error"><li>Choose the association', content)
    assert 'value="M-1"' in content
    assert not Profile.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_bad_expiry_date_is_explained(signed_in, association):
    response = signed_in.post(URL, valid_data(association, membership_expires="30/06/2027"))

    content = response.content.decode()
    assert re.search(r'id="id_membership_expires_error"><li>Enter the expiry date as YYYY-MM-DD', content)
    assert 'value="30/06/2027"' in content


@pytest.mark.django_db
def test_profile_can_be_saved_without_membership(signed_in, user):
    response = signed_in.post(URL, valid_data(directory_opt_in=""))

    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert profile.association is None
    assert profile.directory_opt_in is False
