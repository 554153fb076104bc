"""/verify/, its verdicts and the public credential page in Spanish; the same pages in English
read as before.

Needs the compiled Spanish catalogue: run scripts/messages.sh (or its `compile`) first.
"""

import json

import pytest
from django.urls import reverse

from credentials import services
from credentials.models import Credential
from renewals.services import revocation
from tests.competencies.test_spanish_guidelines import main_text
from tests.renewals.endorsee_factories import endorse

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
VERIFY = reverse("credentials:verify")


@pytest.fixture
def credential(guidelines):
    return services.sign(Credential.objects.get(endorsement=endorse(name="Jordan Lee")).pk)


def test_the_verifier_reads_in_spanish(client):
    response = client.get(VERIFY, **SPANISH)
    text = main_text(response)
    assert "Verificar un Endorsement" in text
    assert "Número de Endorsement" in text
    assert "Verificar el número" in text
    assert "Pegue la credencial" in text
    assert "Verify an endorsement" not in text


def test_an_unknown_number_is_explained_in_spanish(client):
    response = client.get(VERIFY, {"number": "ORIMHA-99999"}, **SPANISH)
    assert response.status_code == 404
    assert "Ningún Endorsement tiene este número." in main_text(response)


def test_an_empty_form_and_text_that_is_not_json_are_explained_in_spanish(client):
    assert "Pegue una credencial o elija un archivo para subir." in main_text(
        client.post(VERIFY, {"text": ""}, **SPANISH)
    )
    verdict = client.post(VERIFY, {"text": "not json"}, **SPANISH)
    assert "Esto no es una credencial: el texto no es JSON." in main_text(verdict)


def test_a_valid_credential_is_valid_in_spanish(client, credential):
    response = client.post(VERIFY, {"text": json.dumps(credential.document)}, **SPANISH)
    assert response.context["verdict"].outcome == "valid"
    text = main_text(response)
    assert "Válida: firmada por Oregon Infant Mental Health Association" in text
    assert "Emisor: Oregon Infant Mental Health Association" in text
    assert f"El registro de la asociación del Endorsement {credential.endorsement.number} hoy" in text


def test_a_revoked_credential_says_revoked_in_spanish(client, credential, django_user_model):
    coordinator = django_user_model.objects.create(username="c", email="c@example.org")
    revocation.revoke_endorsement(credential.endorsement, by=coordinator, reason="Withdrawn")
    response = client.post(VERIFY, {"text": json.dumps(credential.document)}, **SPANISH)
    assert "Revocada: Oregon Infant Mental Health Association revocó esta credencial" in main_text(response)


def test_the_public_credential_page_reads_in_spanish(client, credential):
    response = client.get(reverse("credentials:public", args=[credential.uuid]), **SPANISH)
    text = main_text(response)
    assert "Credencial de Endorsement" in text
    assert "Válida: firmada por" in text
    assert "Emitida por" in text
    assert "Descargar la credencial (JSON)" in text


def test_in_english_the_verdict_reads_as_before(client, credential):
    response = client.post(VERIFY, {"text": json.dumps(credential.document)})
    text = main_text(response)
    assert (
        "Valid: signed by Oregon Infant Mental Health Association, within its dates, and not revoked." in text
    )
    assert "Verify an endorsement" in text
