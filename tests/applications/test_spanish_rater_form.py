"""The rater's form in Spanish (issue 13): the page's own words follow Accept-Language, the
competency statements stay English and say so. Needs the compiled catalogue (scripts/messages.sh)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from .rater_factories import areas_of, invite, make_application

pytestmark = pytest.mark.usefixtures("guidelines")

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
FORM = reverse("ratings:form")


@pytest.fixture
def application():
    return make_application(name="Avery Applicant")


@pytest.fixture
def rater(application):
    reference = invite(application, name="Rita Rater", waiver=True)
    client = Client()
    assert client.get(reverse("ratings:start", args=[reference.token]), **SPANISH).status_code == 302
    return client


def test_the_form_reads_in_spanish_with_the_statements_marked_english(rater, application):
    page = rater.get(FORM, **SPANISH).content.decode()
    assert "Calificación de referencia para Avery Applicant" in page
    assert "Sobre esta solicitud" in page
    assert "El solicitante renunció al derecho a leer su calificación." in page
    assert "La escala de calificación" in page and "4 — Ejemplar" in page
    assert "Guardar y terminar más tarde" in page and "Enviar calificación</button>" in page
    assert "Las declaraciones de competencias se publican en inglés." in page
    assert '<div lang="en">' in page
    areas = areas_of(application)
    assert f"Faltan <strong data-areas-left>{len(areas)}</strong> de {len(areas)} áreas" in page
    script_text = json.loads(
        page.split('<script id="script-text" type="application/json">')[1].split("</script>")[0]
    )
    assert script_text["rating.saved"] == "Sus respuestas están guardadas."


def test_submitting_an_empty_rating_explains_in_spanish(rater):
    nonce = rater.session["rater_form_nonce"]
    page = rater.post(FORM, {"action": "submit", "rater_nonce": nonce}, **SPANISH).content.decode()
    assert "La calificación no se envió. Corrija lo siguiente:" in page
    assert "Elija en qué calidad conoce al solicitante." in page


def test_decline_and_link_errors_in_spanish(rater):
    decline = rater.get(reverse("ratings:decline"), **SPANISH).content.decode()
    assert "Declinar la solicitud de calificación" in decline
    assert "¿Por qué declina la solicitud?" in decline
    broken = Client().get(reverse("ratings:start", args=["not-a-token"]), **SPANISH).content.decode()
    assert "Este enlace de calificación no es válido" in broken


def test_the_form_in_english_has_no_language_note(rater):
    page = rater.get(FORM).content.decode()
    assert "Reference rating for Avery Applicant" in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]  # the language switcher names English in English
    assert "published in English" not in page and 'lang="en"' not in main
