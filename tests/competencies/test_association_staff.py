"""An association's admin manages its staff on /associations/<slug>/staff/, every change on record."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from competencies.models import Association, Membership, StaffChange
from competencies.staff import StaffError, add_staff, remove_staff
from endorsement import roles
from tests.applications.factories import make_application, make_user
from tests.endorsement.staff_factories import make_association_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def orimha(guidelines):
    return Association.objects.get(slug="orimha")


@pytest.fixture
def michigan(guidelines):
    return Association.objects.get(slug="mi-aimh")


@pytest.fixture
def admin_of_orimha(orimha):
    return make_association_admin(orimha)


@pytest.fixture
def client(client, admin_of_orimha):
    client.force_login(admin_of_orimha)
    return client


def page(slug="orimha"):
    return reverse("staff:association", args=[slug])


def test_inviting_a_new_person_creates_their_account_gives_the_role_and_emails_them(
    client, orimha, admin_of_orimha, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:add", args=["orimha"]),
            {"email": " New.Coordinator@Example.org ", "role": "coordinator"},
        )
    assert response.status_code == 302
    person = get_user_model().objects.get(email="new.coordinator@example.org")
    assert roles.coordinates(person, orimha.pk)
    assert not roles.coordinates(person, Association.objects.get(slug="mi-aimh").pk)
    assert person.groups.filter(name=roles.COORDINATORS).exists()
    (mail,) = mailoutbox
    assert mail.to == ["new.coordinator@example.org"]
    assert "coordinator of ORIMHA" in mail.subject
    assert "/accounts/password/reset/" in mail.body
    recorded = list(StaffChange.objects.values_list("action", "email", "role", "by"))
    assert recorded == [
        ("added", "new.coordinator@example.org", "coordinator", admin_of_orimha.pk),
        ("invited", "new.coordinator@example.org", "coordinator", admin_of_orimha.pk),
    ]
    shown = client.get(page())
    assert b"new.coordinator@example.org" in shown.content
    assert b"Role given" in shown.content and b"Invited" in shown.content


def test_an_existing_person_gets_the_role_without_a_second_account(client, orimha):
    reviewer = make_user(legal_name="Rae Reviewer", email="rae@example.org")
    client.post(reverse("staff:add", args=["orimha"]), {"email": "rae@example.org", "role": "reviewer"})
    assert get_user_model().objects.filter(email="rae@example.org").count() == 1
    assert Membership.objects.filter(user=reviewer, association=orimha, role="reviewer").exists()


def test_a_bad_address_or_a_role_held_already_is_explained_at_the_field(client, orimha):
    response = client.post(
        reverse("staff:add", args=["orimha"]), {"email": "not-an-address", "role": "reviewer"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["Enter an email address like name@example.org."]
    make_user(email="rae@example.org")
    client.post(reverse("staff:add", args=["orimha"]), {"email": "rae@example.org", "role": "reviewer"})
    again = client.post(
        reverse("staff:add", args=["orimha"]), {"email": "rae@example.org", "role": "reviewer"}
    )
    assert again.context["form"].errors["email"] == ["rae@example.org is already reviewer of ORIMHA."]


def test_removing_a_role_takes_away_access_and_is_recorded(client, orimha, admin_of_orimha):
    coordinator = make_user(email="cole@example.org")
    membership = add_staff(orimha, email="cole@example.org", role="coordinator", by=admin_of_orimha)
    application = make_application(code="IFS")
    assert roles.coordinates(get_user_model().objects.get(pk=coordinator.pk), application.association_pk)

    response = client.post(reverse("staff:remove", args=["orimha", membership.pk]))
    assert response.status_code == 302
    coordinator = get_user_model().objects.get(pk=coordinator.pk)
    assert not roles.coordinates(coordinator, application.association_pk)
    assert not coordinator.groups.filter(name=roles.COORDINATORS).exists()
    assert StaffChange.objects.filter(action="removed", person=coordinator, by=admin_of_orimha).exists()


def test_an_admin_cannot_remove_their_own_admin_role(orimha, admin_of_orimha):
    own = Membership.objects.get(user=admin_of_orimha, role=roles.ASSOCIATION_ADMIN)
    with pytest.raises(StaffError, match="cannot remove your own admin role"):
        remove_staff(own, by=admin_of_orimha)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_another_associations_staff_page_and_memberships_are_out_of_reach(client, michigan, admin_of_orimha):
    assert client.get(page("mi-aimh")).status_code == 404
    elsewhere = add_staff(michigan, email="mick@example.org", role="reviewer", by=None)
    assert client.post(reverse("staff:remove", args=["orimha", elsewhere.pk])).status_code == 404
    assert client.post(reverse("staff:remove", args=["mi-aimh", elsewhere.pk])).status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_giving_the_admin_role_opens_the_admin_site_and_taking_it_closes_it(orimha, admin_of_orimha):
    membership = add_staff(orimha, email="second.admin@example.org", role="admin", by=admin_of_orimha)
    assert get_user_model().objects.get(pk=membership.user_id).is_staff
    remove_staff(membership, by=admin_of_orimha)
    assert not get_user_model().objects.get(pk=membership.user_id).is_staff
