"""One name for a person everywhere: the legal name, else the account's name, else the email."""

import pytest
from django.contrib.auth import get_user_model

from applications.models import Profile
from applications.people import fold_name, person_label, person_name


@pytest.mark.django_db
def test_the_legal_name_is_the_name_even_with_a_preferred_name():
    user = get_user_model().objects.create_user("maria", "maria@example.org", first_name="M", last_name="L")
    Profile.objects.create(user=user, legal_name="María Elena López", preferred_name="Maria")
    user.refresh_from_db()
    assert person_name(user) == "María Elena López"
    assert user.profile.display_name == "María Elena López"
    assert person_label(user) == "María Elena López (maria@example.org)"


@pytest.mark.django_db
def test_without_a_profile_the_account_name_then_the_email():
    user = get_user_model().objects.create_user("sam", "sam@example.org", first_name="Sam", last_name="Lee")
    assert person_name(user) == "Sam Lee"
    nameless = get_user_model().objects.create_user("x", "x@example.org")
    assert person_name(nameless) == "x@example.org"
    assert person_label(nameless) == "x@example.org"


def test_names_are_compared_without_accents_case_or_extra_spaces():
    assert fold_name("  Maria Elena   LOPEZ ") == fold_name("María Elena López") == "maria elena lopez"
    assert fold_name("Zoë Ångström-Nuñez") == "zoe angstrom-nunez"
    assert fold_name("María Elena López") != fold_name("Mario Elena López")
