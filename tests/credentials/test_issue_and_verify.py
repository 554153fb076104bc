"""A credential issued on grant verifies with an independent verifier, and stops verifying
after any change, after revocation and after validUntil; it fits the Open Badges 3.0 schema."""

import copy
import datetime
import json

import jsonschema
import pytest
from django.urls import reverse

from credentials import services
from credentials.models import Credential
from renewals.services import revocation
from tests.renewals.endorsee_factories import endorse

from . import independent_verifier as independent

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((independent.DATA / "ob_v3p0_achievementcredential_schema.json").read_text())


def getter(client):
    def get(path):
        response = client.get(path)
        if response.status_code != 200:
            raise independent.Invalid(f"{path} answered {response.status_code}")
        return response.content

    return get


def signed(endorsement):
    credential = Credential.objects.get(endorsement=endorsement)
    return services.sign(credential.pk)


def leaves(value, path=()):
    """Every (path, string) in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    elif isinstance(value, str):
        yield path, value


def replaced(document, path, new):
    changed = copy.deepcopy(document)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return changed


@pytest.fixture
def credential(guidelines):
    return signed(endorse(code="IMHS", name="Jordan Lee"))


def test_an_issued_credential_verifies_with_an_independent_verifier(client, credential):
    assert independent.verify(credential.document, getter(client)) == "valid"


def test_the_credential_says_who_what_and_until_when(credential):
    document = credential.document
    endorsement = credential.endorsement
    subject = document["credentialSubject"]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["issuer"]["name"] == "Oregon Infant Mental Health Association"
    assert subject["achievement"]["name"] == "Infant Mental Health Specialist (IMHS)"
    assert (
        "Education: Required: a Master's degree or higher" in subject["achievement"]["criteria"]["narrative"]
    )
    assert len(subject["achievement"]["alignment"]) >= 5
    names = [i["identityHash"] for i in subject["identifier"] if i["identityType"] == "name"]
    assert names == ["Jordan Lee"]
    assert endorsement.holder.email not in json.dumps(document)
    email = next(i for i in subject["identifier"] if i["identityType"] == "emailAddress")
    assert email["hashed"] is True and email["identityHash"].startswith("sha256$")
    grace = endorsement.edition.renewal_grace_days
    last_day = endorsement.renewal_due + datetime.timedelta(days=grace)
    assert document["validUntil"] > last_day.isoformat()


def test_the_credential_validates_against_the_open_badges_schema(credential):
    jsonschema.Draft201909Validator(SCHEMA).validate(credential.document)


def test_any_changed_value_breaks_the_signature(client, credential):
    document = credential.document
    get = getter(client)
    changed_any = 0
    for path, value in leaves(document):
        if path[0] == "proof" or path[-1] == "@context" or (len(path) > 1 and path[-2] == "@context"):
            continue
        # One byte changed: the last character's code point moved by one.
        mutated = replaced(document, path, value[:-1] + chr(ord(value[-1]) ^ 1) if value else "x")
        with pytest.raises(independent.Invalid):
            independent.check_proof(mutated, get)
        changed_any += 1
    assert changed_any > 20
    # An added claim breaks it too.
    with pytest.raises(independent.Invalid, match="signature does not match"):
        independent.check_proof({**document, "awardedDate": "2020-01-01T00:00:00Z"}, get)


def test_after_revocation_the_status_list_says_revoked(client, credential, django_user_model):
    coordinator = django_user_model.objects.create(username="casey", email="casey@example.org")
    revocation.revoke_endorsement(credential.endorsement, by=coordinator, reason="Licence withdrawn")
    with pytest.raises(independent.Invalid, match="revoked"):
        independent.verify(credential.document, getter(client))


def test_after_valid_until_it_is_expired(client, credential):
    after = datetime.datetime.fromisoformat(credential.document["validUntil"].replace("Z", "+00:00"))
    with pytest.raises(independent.Invalid, match="expired"):
        independent.verify(credential.document, getter(client), now=after)
    before = after - datetime.timedelta(seconds=1)
    assert independent.verify(credential.document, getter(client), now=before) == "valid"


def test_the_grant_signs_the_credential_after_commit(guidelines, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        endorsement = endorse()
    credential = Credential.objects.get(endorsement=endorsement)
    assert credential.status == Credential.Status.ACTIVE and credential.is_signed()


def test_a_failing_signature_does_not_undo_the_grant(
    guidelines, django_capture_on_commit_callbacks, monkeypatch
):
    from credentials import proof

    def broken(*args, **kwargs):
        raise OSError("signing service down")

    monkeypatch.setattr(proof, "sign", broken)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        endorsement = endorse()
    assert (
        endorsement.pk and Credential.objects.get(endorsement=endorsement).status == Credential.Status.PENDING
    )
    assert callbacks  # the signing was queued, to be retried by the task


def test_the_json_download_is_the_signed_credential(client, credential):
    client.force_login(credential.endorsement.holder)
    response = client.get(reverse("credentials:download", args=[credential.endorsement.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content) == credential.document


def test_after_an_early_renewal_the_download_stays_the_credential_in_force(client, guidelines):
    from renewals.services import renewal_periods as renewal_services
    from tests.applications.factories import make_coordinator
    from tests.renewals.test_renewal_queue import submitted_renewal

    period = submitted_renewal()
    endorsement = period.endorsement
    old = signed(endorsement)
    renewal_services.approve_renewal(period, by=make_coordinator())
    new = Credential.objects.exclude(pk=old.pk).get(endorsement=endorsement)
    assert new.valid_from > old.valid_from
    assert services.current_credential(endorsement) == old
    assert services.current_credential(endorsement, now=new.valid_from) == new
