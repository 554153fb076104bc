"""The directory, the endorsee's renewal pages, verification and the coordinator's renewal queue
in Spanish when the browser asks for it, and unchanged in English.

Needs the Spanish catalogue gathered and compiled (`scripts/messages.sh`)."""

import datetime

import pytest
from django.urls import reverse

from renewals.models import Endorsement
from tests.applications.factories import make_coordinator

from .endorsee_factories import endorse
from .test_renewal_period import confirm_membership, make_endorsement

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def spanish(client, url, data=None):
    response = client.get(url, data or {}, **SPANISH)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def listed(guidelines):
    return [
        endorse(name="Ada Brown", code="IFS", region="Oregon", listed=True),
        endorse(name="Zed Adams", code="IMHS", region="Washington", listed=True),
    ]


def test_the_directory_reads_in_spanish_and_its_listing_data_stays(client, listed):
    text = spanish(client, reverse("directory:index"))
    assert "<h1>Directorio de profesionales con Endorsement</h1>" in text
    assert "2 profesionales con Endorsement" in text
    assert "ordenados por nombre" in text
    assert "Categoría de Endorsement" in text and "Estado o región" in text
    assert ">Cualquiera</option>" in text
    assert ">Buscar</button>" in text
    # Names, regions and category codes are the listing's data: never translated.
    assert "Ada Brown" in text and "Oregon" in text and "(IFS)" in text
    assert "Directory of endorsed professionals" not in text and "sorted by name" not in text


def test_the_directory_counts_one_professional_in_the_singular(client, listed):
    text = spanish(client, reverse("directory:index"), {"q": "brown"})
    assert "1 profesional con Endorsement" in text
    assert "Profesionales con Endorsement que coinciden con la búsqueda" in text


def test_a_directory_search_with_no_match_says_so_in_spanish(client, listed):
    text = spanish(client, reverse("directory:index"), {"q": "nadie"})
    assert "Ningún profesional del directorio coincide con esta búsqueda" in text


def test_an_empty_directory_says_so_in_spanish(client, guidelines):
    assert "Todavía no aparece ningún profesional con Endorsement." in spanish(
        client, reverse("directory:index")
    )


def test_the_directory_in_english_reads_as_before(client, listed):
    text = client.get(reverse("directory:index")).content.decode()
    assert "<h1>Directory of endorsed professionals</h1>" in text
    assert "2 endorsed professionals" in text and "sorted by name" in text
    assert ">Any</option>" in text


def test_verification_says_the_standing_in_spanish_with_a_spanish_date(client, guidelines):
    endorsement = endorse(name="Ada Brown")
    text = spanish(client, reverse("verify:detail", args=[endorsement.verification_code]))
    assert "<strong>Válido.</strong> Vigente: válido hasta el " in text
    assert " de 20" in text  # "1 de marzo de 2029": the date in Spanish words
    assert "<dt>Número de Endorsement</dt>" in text


def test_a_revoked_endorsement_verifies_as_not_valid_in_spanish(client, guidelines):
    endorsement = endorse(status=Endorsement.Status.REVOKED)
    text = spanish(client, reverse("verify:detail", args=[endorsement.verification_code]))
    assert "<strong>No válido.</strong> Este Endorsement fue revocado el " in text
    assert "<dd>Revocado</dd>" in text


def test_the_renewal_form_reads_in_spanish(client, guidelines):
    endorsement = make_endorsement(due=TODAY + datetime.timedelta(days=60))
    client.force_login(endorsement.holder)
    text = spanish(client, reverse("renewals:renewal", args=[endorsement.pk]))
    assert "Renovación de su Endorsement de IFS" in text
    assert '<h2 id="training-heading">Formación especializada</h2>' in text
    assert "Supervisión/consulta reflexiva" in text
    assert "Agregar formación" in text and "Importar RS/C desde un archivo CSV" in text
    assert "Asociación de la que es miembro" in text
    assert "¿Brinda usted supervisión/consulta reflexiva (RS/C) a otras personas?" in text
    assert "Escriba su nombre completo para firmar" in text
    assert "Confirme su membresía profesional (asociación y fecha de vencimiento)." in text
    assert '<dd><span class="status status-open">Abierta</span></dd>' in text
    assert "En qué punto está la renovación" in text
    # The requirement lines come from the engine, which another part of the work translates.
    assert "Add training" not in text and "Import RS/C from a CSV file" not in text


def test_the_renewal_form_in_english_reads_as_before(client, guidelines):
    endorsement = make_endorsement(due=TODAY + datetime.timedelta(days=60))
    client.force_login(endorsement.holder)
    text = client.get(reverse("renewals:renewal", args=[endorsement.pk])).content.decode()
    assert "Renewal of your IFS endorsement" in text
    assert "Add training" in text and "Association you are a member of" in text


def test_an_expired_membership_is_refused_in_spanish(client, guidelines):
    endorsement = make_endorsement()
    client.force_login(endorsement.holder)
    response = confirm_membership(client, endorsement, "IMHA", expires="2020-01-01", **SPANISH)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Esta membresía venció el 1 de enero de 2020." in text
    assert "Todavía no se guardó nada: corrija los campos de membresía que aparecen abajo." in text


def test_confirming_the_membership_is_acknowledged_in_spanish(client, guidelines):
    endorsement = make_endorsement()
    client.force_login(endorsement.holder)
    response = confirm_membership(client, endorsement, "IMHA", provides_rsc="True", follow=True, **SPANISH)
    text = response.content.decode()
    assert "Membresía confirmada." in text
    assert "Confirmado: miembro de IMHA. Brinda supervisión/consulta reflexiva a otras personas." in text


def test_the_endorsees_pages_and_listing_settings_read_in_spanish(client, guidelines):
    endorsement = endorse(name="Ada Brown")
    client.force_login(endorsement.holder)
    home = spanish(client, reverse("renewals:home"))
    assert "<h1>Sus Endorsements</h1>" in home and "Activo: válido hasta el " in home
    detail = spanish(client, reverse("renewals:detail", args=[endorsement.pk]))
    assert "Nombre en el certificado" in detail and "Pedir la transferencia de este Endorsement" in detail
    assert "Este Endorsement no aparece en el" in detail and "Incluirme en el directorio" in detail
    response = client.post(
        reverse("renewals:directory_listing", args=[endorsement.pk]),
        {"listed": "yes"},
        follow=True,
        **SPANISH,
    )
    assert "Su Endorsement aparece en el directorio público." in response.content.decode()


def test_the_coordinators_renewal_queue_reads_in_spanish(client, guidelines):
    make_endorsement()
    client.force_login(make_coordinator())
    text = spanish(client, reverse("renewal_queue:index"), {"status": ""})
    assert "<h1>Cola de trabajo de renovaciones</h1>" in text
    assert "1 renovación" in text and "ordenadas por fecha de vencimiento, la más próxima primero" in text
    assert "Persona con Endorsement" in text and "Horas de formación" in text
    transfers = spanish(client, reverse("transfers:queue"))
    assert (
        "Transferencias desde otras asociaciones" in transfers
        and "No hay transferencias en espera." in transfers
    )
