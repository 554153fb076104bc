"""The status list changes in the same transaction as lapse, revocation and reinstatement, and
is served signed, cacheable and small."""

import base64
import datetime
import gzip
import json

import pytest
from django.db import transaction
from django.urls import reverse

from credentials import services, status
from credentials.models import Credential, StatusList
from renewals.models import Endorsement
from renewals.services import revocation
from renewals.services.endorsements import EndorsementError
from renewals.services.reminders import sweep
from tests.renewals.endorsee_factories import endorse

pytestmark = pytest.mark.django_db
Status = Endorsement.Status


def signed(endorsement):
    return services.sign(Credential.objects.get(endorsement=endorsement).pk)


def bit(credential):
    return StatusList.objects.get(pk=credential.status_list_id).bit(credential.status_index)


@pytest.fixture
def coordinator(django_user_model):
    return django_user_model.objects.create(username="casey", email="casey@example.org")


def test_revocation_sets_the_bit_with_the_status(guidelines, coordinator):
    credential = signed(endorse())
    assert bit(credential) is False
    revocation.revoke_endorsement(credential.endorsement, by=coordinator, reason="Licence withdrawn")
    credential.refresh_from_db()
    assert bit(credential) is True and credential.status == Credential.Status.REVOKED
    assert credential.events.filter(action="revoked", note="Licence withdrawn", by=coordinator).exists()


def test_a_revocation_that_rolls_back_leaves_the_bit_clear(guidelines, coordinator):
    credential = signed(endorse())
    with pytest.raises(RuntimeError), transaction.atomic():
        revocation.revoke_endorsement(credential.endorsement, by=coordinator, reason="Mistake")
        assert bit(credential) is True  # inside the transaction, both changed
        raise RuntimeError("the request failed after the revocation")
    credential.refresh_from_db()
    assert bit(credential) is False and credential.status == Credential.Status.ACTIVE
    assert Endorsement.objects.get(pk=credential.endorsement_id).status == Status.ACTIVE


def test_a_revocation_needs_a_reason(guidelines, coordinator):
    credential = signed(endorse())
    with pytest.raises(EndorsementError, match="Give the reason"):
        revocation.revoke_endorsement(credential.endorsement, by=coordinator, reason="  ")
    assert bit(credential) is False


def test_the_sweep_lapse_sets_the_bit_in_its_batch(guidelines):
    credential = signed(endorse())
    due = datetime.date.today() - datetime.timedelta(days=200)
    Endorsement.objects.filter(pk=credential.endorsement_id).update(renewal_due=due)
    assert sweep()["lapsed"] == 1
    credential.refresh_from_db()
    assert bit(credential) is True and credential.status == Credential.Status.LAPSED


def test_reinstatement_issues_a_new_credential_and_the_revoked_one_stays_revoked(guidelines, coordinator):
    old = signed(endorse())
    revocation.revoke_endorsement(old.endorsement, by=coordinator, reason="Complaint under review")
    revocation.reinstate_endorsement(old.endorsement, by=coordinator, reason="Complaint dismissed")
    new = Credential.objects.exclude(pk=old.pk).get(endorsement=old.endorsement)
    assert new.status == Credential.Status.PENDING and bit(new) is False
    assert (new.status_list_id, new.status_index) != (old.status_list_id, old.status_index)
    assert bit(old) is True  # revocation in a Bitstring Status List is final
    events = list(old.endorsement.events.values_list("note", flat=True))
    assert "Revoked: Complaint under review" in events and "Reinstated: Complaint dismissed" in events


def test_the_status_list_is_signed_cacheable_and_answers_not_modified(client, guidelines):
    credential = signed(endorse())
    url = reverse("credentials:status_list", args=[credential.endorsement.association.slug, 1])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    document = json.loads(response.content)
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    encoded = document["credentialSubject"]["encodedList"]
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 == 131_072
    assert len(response.content) < 2_000
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_change_gives_the_list_a_new_etag(client, guidelines, coordinator):
    credential = signed(endorse())
    url = reverse("credentials:status_list", args=[credential.endorsement.association.slug, 1])
    before = client.get(url)["ETag"]
    revocation.revoke_endorsement(credential.endorsement, by=coordinator, reason="Withdrawn")
    assert client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_a_full_list_opens_the_next_one(guidelines):
    endorsement = endorse()
    StatusList.objects.filter(association=endorsement.association).update(next_index=131_072)
    status_list, index = status.allocate(endorsement.association)
    assert (status_list.number, index) == (2, 0)
