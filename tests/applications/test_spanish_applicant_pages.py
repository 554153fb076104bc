"""The applicant's pages in Spanish (issue 13): headings, buttons, labels and field errors follow the
browser's Accept-Language; the association's own data stays as entered. Needs the compiled
catalogue (scripts/messages.sh)."""

import pytest
from django.urls import reverse

from .factories import add_training, make_application

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture
def applicant(client, guidelines):
    application = make_application(code="IFS")
    client.force_login(application.applicant)
    client.application = application
    return client


def test_home_and_start_read_in_spanish(applicant):
    home = applicant.get(reverse("applications:home"), **SPANISH).text
    assert "<h1>Sus solicitudes</h1>" in home
    assert "Iniciar una solicitud" in home
    start = applicant.get(reverse("applications:start"), **SPANISH).text
    assert "¿Qué categoría corresponde a su trabajo?" in start
    assert "Iniciar la solicitud</button>" in start
    assert "Infant Family Specialist (IFS)" in start  # the association's category names stay


def test_overview_checklist_and_navigation_in_spanish(applicant):
    pk = applicant.application.pk
    page = applicant.get(reverse("applications:overview", args=[pk]), **SPANISH).text
    assert "Estado: Borrador" in page
    assert "Lista de verificación" in page
    assert "Aún no cumplido" in page
    assert "Revisar y enviar" in page
    assert "Supervisión/consulta reflexiva (RS/C)" in page  # the section navigation
    assert "requisitos cumplidos o no necesarios" in page


def test_a_missing_required_field_is_explained_in_spanish_at_the_field(applicant):
    pk = applicant.application.pk
    response = applicant.post(reverse("applications:education", args=[pk]), {"kind": "degree"}, **SPANISH)
    page = response.text
    assert "Todavía no se guardó nada; corrija 3 campos:" in page
    assert 'id="id_degree-institution_error"' in page
    assert "Este campo es obligatorio." in page
    assert "Institución" in page and "Fecha de otorgamiento" in page
    assert "Guardar título</button>" in page


def test_each_section_shows_its_spanish_title_and_form(applicant):
    pk = applicant.application.pk
    add_training(applicant.application, 2)
    expected = {
        "education": "Educación",
        "work": "¿Este puesto era remunerado?",
        "training": "Horas reloj",
        "rsc": "Nombre de su proveedor(a) de RS/C",
        "membership": "Guardar la membresía",
        "attestations": "Escriba su nombre legal completo para firmar",
    }
    for section, words in expected.items():
        page = applicant.get(reverse(f"applications:{section}", args=[pk]), **SPANISH).text
        assert words in page, section
    training = applicant.get(reverse("applications:training", args=[pk]), **SPANISH).text
    assert "Registro de formación" in training and "Editar" in training


def test_profile_labels_and_errors_in_spanish(applicant):
    page = applicant.get(reverse("applications:profile"), **SPANISH).text
    assert "<h1>Su perfil</h1>" in page
    assert "Nombre legal" in page and "Código postal (ZIP)" in page
    assert "el directorio público muestra: nombre, categoría y número de Endorsement" in page
    posted = applicant.post(reverse("applications:profile"), {"legal_name": ""}, **SPANISH).text
    assert "Su perfil no se guardó." in posted
    assert "Escriba su nombre legal, tal como figura en sus transcripts y certificados." in posted


def test_references_page_and_invitation_errors_in_spanish(applicant):
    pk = applicant.application.pk
    page = applicant.get(reverse("applications:references", args=[pk]), **SPANISH).text
    assert "<h1>Calificaciones de referencia</h1>" in page
    assert "Invitar por correo electrónico" in page
    posted = applicant.post(reverse("applications:references", args=[pk]), {"name": ""}, **SPANISH).text
    assert "Indique si renuncia a su derecho a leer esta calificación." in posted


def test_review_and_withdraw_in_spanish(applicant):
    pk = applicant.application.pk
    review = applicant.get(reverse("applications:review", args=[pk]), **SPANISH).text
    assert "Revise su solicitud IFS" in review
    assert "Lo que aún falta para poder enviar:" in review
    withdraw = applicant.get(reverse("applications:withdraw", args=[pk]), **SPANISH).text
    assert "¿Retirar su solicitud IFS?" in withdraw
    assert "Retirar la solicitud</button>" in withdraw


def test_english_pages_read_as_before(applicant):
    pk = applicant.application.pk
    page = applicant.get(reverse("applications:overview", args=[pk])).text
    assert "Status: Draft" in page and "Checklist" in page
    response = applicant.post(reverse("applications:education", args=[pk]), {"kind": "degree"})
    assert "Nothing was saved yet — please correct 3 fields:" in response.text
    assert "This field is required." in response.text
