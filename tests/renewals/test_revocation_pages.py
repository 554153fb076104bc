"""A coordinator revokes and reinstates an endorsement from its page: confirm, reason, history."""

import pytest
from django.urls import reverse

from credentials import services as credential_services
from credentials.models import Credential
from renewals.models import Endorsement
from tests.applications.factories import make_coordinator

from .endorsee_factories import endorse

pytestmark = pytest.mark.django_db
Status = Endorsement.Status


@pytest.fixture
def coordinator(client, guidelines):
    user = make_coordinator()
    client.force_login(user)
    return user


@pytest.fixture
def endorsement(guidelines):
    endorsement = endorse(name="Jordan Lee", listed=True)
    credential_services.sign(Credential.objects.get(endorsement=endorsement).pk)
    return endorsement


def test_the_endorsement_page_offers_revocation_to_coordinators_only(client, coordinator, endorsement):
    text = client.get(reverse("renewals:detail", args=[endorsement.pk])).content.decode()
    assert f"Revoke endorsement {endorsement.number}" in text
    client.force_login(endorsement.holder)
    text = client.get(reverse("renewals:detail", args=[endorsement.pk])).content.decode()
    assert "Revoke endorsement" not in text
    assert "Download the credential (JSON)" in text and "/credentials/" in text


def test_revoking_asks_for_confirmation_and_a_reason(client, coordinator, endorsement):
    url = reverse("endorsement_standing:revoke", args=[endorsement.pk])
    page = client.get(url).content.decode()
    assert "Revoke the endorsement" in page and "Reason" in page
    endorsement.refresh_from_db()
    assert endorsement.status == Status.ACTIVE  # the GET only asks

    response = client.post(url, {"reason": ""})
    assert "Give the reason; it is recorded in the endorsement" in response.content.decode()
    assert Endorsement.objects.get(pk=endorsement.pk).status == Status.ACTIVE

    response = client.post(url, {"reason": "The licensing board withdrew the licence."}, follow=True)
    assert f"Endorsement {endorsement.number} is revoked" in response.content.decode()
    endorsement.refresh_from_db()
    assert endorsement.status == Status.REVOKED
    event = endorsement.events.latest("at")
    assert event.by == coordinator and event.note == "Revoked: The licensing board withdrew the licence."
    verify = client.get(reverse("verify:detail", args=[endorsement.verification_code])).content.decode()
    assert "Not valid." in verify and "was revoked on" in verify
    assert Credential.objects.get(endorsement=endorsement).status == Credential.Status.REVOKED


def test_reinstating_a_revoked_endorsement_makes_it_valid_again(client, coordinator, endorsement):
    client.post(reverse("endorsement_standing:revoke", args=[endorsement.pk]), {"reason": "Complaint"})
    page = client.get(reverse("renewals:detail", args=[endorsement.pk])).content.decode()
    assert f"Reinstate endorsement {endorsement.number}" in page
    client.post(reverse("endorsement_standing:reinstate", args=[endorsement.pk]), {"reason": "Dismissed"})
    endorsement.refresh_from_db()
    assert endorsement.status == Status.ACTIVE
    verify = client.get(reverse("verify:detail", args=[endorsement.verification_code])).content.decode()
    assert "Valid." in verify
    assert Credential.objects.filter(endorsement=endorsement, status=Credential.Status.PENDING).count() == 1


def test_an_active_endorsement_cannot_be_reinstated(client, coordinator, endorsement):
    response = client.post(reverse("endorsement_standing:reinstate", args=[endorsement.pk]), {"reason": "x"})
    assert "cannot be reinstated now" in response.content.decode()


def test_a_coordinator_cannot_revoke_their_own_endorsement(client, coordinator):
    own = endorse(coordinator)
    assert client.get(reverse("endorsement_standing:revoke", args=[own.pk])).status_code == 404
