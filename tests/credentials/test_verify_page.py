"""/verify/ checks a pasted or uploaded credential and says what it found in plain words;
`manage.py verify_credential FILE` does the same offline."""

import copy
import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from credentials import keys, services
from credentials.models import Credential
from renewals.services import revocation
from tests.renewals.endorsee_factories import endorse

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(guidelines):
    return services.sign(Credential.objects.get(endorsement=endorse(name="Jordan Lee")).pk)


def verdict_of(client, text):
    response = client.post(reverse("credentials:verify"), {"text": text})
    assert response.status_code == 200
    return response.context["verdict"]


def test_a_genuine_credential_is_valid(client, credential):
    verdict = verdict_of(client, json.dumps(credential.document))
    assert verdict.outcome == "valid"
    assert "Valid: signed by Oregon Infant Mental Health Association" in verdict.sentence


def test_an_uploaded_file_is_checked_the_same_way(client, credential):
    upload = SimpleUploadedFile(
        "credential.json", json.dumps(credential.document).encode(), "application/json"
    )
    response = client.post(reverse("credentials:verify"), {"file": upload})
    assert response.context["verdict"].outcome == "valid"
    assert "Valid:" in response.content.decode()


def test_a_changed_name_does_not_match_the_signature(client, credential):
    changed = copy.deepcopy(credential.document)
    changed["credentialSubject"]["identifier"][0]["identityHash"] = "Jordan Leigh"
    verdict = verdict_of(client, json.dumps(changed))
    assert verdict.outcome == "signature_does_not_match"
    assert verdict.sentence.startswith("Signature does not match")


def test_a_revoked_credential_says_revoked(client, credential, django_user_model):
    coordinator = django_user_model.objects.create(username="c", email="c@example.org")
    revocation.revoke_endorsement(credential.endorsement, by=coordinator, reason="Withdrawn")
    assert verdict_of(client, json.dumps(credential.document)).outcome == "revoked"


def test_an_expired_credential_says_expired(credential):
    from credentials.verification import verify

    after = datetime.datetime.fromisoformat(credential.document["validUntil"].replace("Z", "+00:00"))
    verdict = verify(credential.document, now=after + datetime.timedelta(days=1))
    assert verdict.outcome == "expired" and verdict.sentence.startswith(
        "Expired: the credential was valid until"
    )


def test_another_issuer_is_unknown(client, credential):
    changed = copy.deepcopy(credential.document)
    changed["issuer"]["id"] = "did:web:elsewhere.example"
    changed["proof"][0]["verificationMethod"] = "did:web:elsewhere.example#key-1"
    verdict = verdict_of(client, json.dumps(changed))
    assert verdict.outcome == "unknown_issuer" and verdict.sentence.startswith("Unknown issuer")


def test_text_that_is_not_json_is_explained(client, guidelines):
    verdict = verdict_of(client, "not a credential")
    assert verdict.outcome == "unreadable" and "not JSON" in verdict.sentence


def test_an_empty_form_asks_for_a_credential(client, guidelines):
    response = client.post(reverse("credentials:verify"), {"text": ""})
    assert "Paste a credential or choose a file to upload." in response.content.decode()
    assert response.context["verdict"] is None


def test_a_rotated_key_still_verifies_what_it_signed(client, credential):
    keys.create_key(credential.endorsement.association, rotate=True)
    assert verdict_of(client, json.dumps(credential.document)).outcome == "valid"
    did = client.get(reverse("credentials:did", args=[credential.endorsement.association.slug])).json()
    assert [m["id"].rsplit("#")[1] for m in did["verificationMethod"]] == ["key-1", "key-2"]
    assert did["assertionMethod"] == [m["id"] for m in did["verificationMethod"]]
    assert all(
        set(m) == {"id", "type", "controller", "publicKeyMultibase"} for m in did["verificationMethod"]
    )


def test_a_retired_key_cannot_sign_after_its_retirement(credential):
    from credentials import proof
    from credentials.document import verification_method
    from credentials.verification import verify

    old = credential.key
    keys.create_key(old.association, rotate=True)
    old.refresh_from_db()
    late = proof.sign(
        {k: v for k, v in credential.document.items() if k != "proof"},
        keys.private_key(old),
        verification_method=verification_method(old),
        created=(old.retired_at + datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    assert verify(late).outcome == "signature_does_not_match"


def test_the_command_verifies_a_file_offline(credential, tmp_path, capsys):
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(credential.document))
    call_command("verify_credential", str(path))
    assert capsys.readouterr().out.startswith("Valid: signed by Oregon Infant Mental Health Association")
    changed = copy.deepcopy(credential.document)
    changed["validUntil"] = "2099-01-01T00:00:00Z"
    path.write_text(json.dumps(changed))
    with pytest.raises(SystemExit) as exit_status:
        call_command("verify_credential", str(path))
    assert exit_status.value.code == 1
    assert capsys.readouterr().out.startswith("Signature does not match")


def test_no_private_key_is_served_anywhere(client, credential):
    association = credential.endorsement.association
    key = credential.key
    secret = keys.private_key(key).private_bytes_raw()
    pages = [
        reverse("credentials:did", args=[association.slug]),
        reverse("credentials:issuer", args=[association.slug]),
        reverse("credentials:public", args=[credential.uuid]),
        reverse("credentials:json", args=[credential.uuid]),
        reverse("credentials:status_list", args=[association.slug, 1]),
    ]
    from credentials.multibase import b58encode

    for page in pages:
        body = client.get(page).content
        assert secret.hex().encode() not in body and b58encode(secret).encode() not in body
        assert bytes(key.private_key_encrypted) not in body


def test_the_stored_private_key_is_encrypted(credential):
    raw = keys.private_key(credential.key).private_bytes_raw()
    assert raw not in bytes(credential.key.private_key_encrypted)


def test_the_contexts_are_served_from_the_bundle(client, guidelines):
    response = client.get(reverse("credentials:context", args=["ob-context-3.0.3.json"]))
    assert response.status_code == 200 and b"OpenBadgeCredential" in response.content
    assert client.get(reverse("credentials:context", args=["other.json"])).status_code == 404


def test_nothing_is_fetched_when_a_credential_names_another_context(credential):
    from credentials.verification import verify

    changed = copy.deepcopy(credential.document)
    changed["@context"].append("https://example.org/unknown-context.json")
    assert verify(changed).outcome == "signature_does_not_match"
