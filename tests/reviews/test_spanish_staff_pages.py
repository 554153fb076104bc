"""The coordinator's and the reviewer's pages in Spanish: the queue, the dashboard, the work page
and the review page read in Spanish for a browser that asks for it, and in English as before.

The pages need the compiled catalogue (`scripts/messages.sh compile`)."""

import pytest
from django.urls import reverse

from reviews import services
from tests.endorsement.staff_factories import give_totp

from .factories import complete_ifa, in_review, make_reviewer, submitted
from .test_work_views import rate

pytestmark = pytest.mark.django_db
ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


def said(response):
    return [str(message) for message in response.context["messages"]]


def test_the_queue_reads_in_spanish(guidelines, client, staff):
    for _ in range(2):
        in_review(complete_ifa(), staff)
    page = client.get(reverse("reviews:queue") + "?status=", **ES).text
    assert "<h1>Cola de trabajo de solicitudes</h1>" in page
    assert "2 solicitudes" in page
    assert "Aplicar filtros" in page and "Restablecer filtros" in page
    assert '<th scope="col">Solicitante</th>' in page
    assert "Actuar sobre las solicitudes marcadas" in page
    assert "Requieren su atención" in page  # the status tab that is not a status
    assert "Applications queue" not in page


def test_the_queue_still_reads_in_english(guidelines, client, staff):
    in_review(complete_ifa(), staff)
    page = client.get(reverse("reviews:queue") + "?status=").text
    assert "<h1>Applications queue</h1>" in page
    assert "1 application" in page and "Apply filters" in page


def test_a_bulk_assignment_says_what_it_did_in_spanish(guidelines, client, staff):
    applications = [in_review(complete_ifa(), staff) for _ in range(2)]
    jo = make_reviewer(legal_name="Jo Smith")
    response = client.post(
        reverse("reviews:queue_bulk"),
        {"application": [a.pk for a in applications], "action": "assign", "reviewer": jo.pk},
        follow=True,
        **ES,
    )
    assert said(response) == ["Se asignó a Jo Smith a 2 solicitudes."]


def test_the_dashboard_reads_in_spanish(guidelines, client, staff):
    in_review(complete_ifa(), staff)
    page = client.get(reverse("reviews:dashboard"), **ES).text
    assert "<h1>Panel</h1>" in page
    assert "Solicitudes por estado y categoría" in page
    assert "Cifras al" in page and "minutos" in page
    assert "1 solicitud por categoría (filas) y estado (columnas)" in page
    assert "Carga de los revisores(as)" in page
    # The English page afterwards is not served from the Spanish figures.
    english = client.get(reverse("reviews:dashboard")).text
    assert "<h1>Dashboard</h1>" in english and "Figures as of" in english


def test_the_work_page_and_its_messages_read_in_spanish(guidelines, client, staff):
    application = submitted(complete_ifa())
    url = reverse("reviews:work", args=[application.pk])
    page = client.get(url, **ES).text
    assert '<h2 id="actions-heading">Acciones</h2>' in page
    assert "Iniciar la revisión" in page
    assert '<h2 id="portfolio-heading">El portafolio</h2>' in page
    assert "Supervisión/consulta reflexiva (RS/C)" in page
    assert "Veredicto del motor de reglas" in page
    response = client.post(reverse("reviews:work_start_review", args=[application.pk]), follow=True, **ES)
    assert "La solicitud está ahora en revisión." in said(response)
    assert "Asignar un(a) revisor(a)" in response.text


def test_an_empty_review_is_explained_in_spanish(guidelines, client, coordinator):
    application = complete_ifa()
    rate(application)
    in_review(application, coordinator)
    robin = make_reviewer(legal_name="Robin Reviewer")
    give_totp(robin)
    assignment = services.assign_reviewer(application, robin, by=coordinator)
    client.force_login(robin)
    url = reverse("reviewer:review", args=[assignment.pk])
    page = client.get(url, **ES).text
    assert "Revisión de" in page
    assert "Enviar la revisión" in page and "Guardar borrador" in page
    assert "Declarar un conflicto de interés y retirarse" in page
    response = client.post(reverse("reviewer:submit", args=[assignment.pk]), {"action": "submit"}, **ES)
    assert response.status_code == 400
    assert "puntos requieren su atención" in response.text
    assert any(message.startswith("Su revisión aún no se ha enviado") for message in said(response))
    assert "Recomiende aprobar, pedir cambios o denegar." in response.text
    assert "Sus revisiones" in client.get(reverse("reviewer:assignments"), **ES).text


def test_a_coordinator_reading_spanish_writes_the_history_in_english(guidelines, client, staff):
    application = in_review(complete_ifa(), staff)
    response = client.post(
        reverse("reviews:work_record_fee", args=[application.pk]),
        {"kind": "processing", "status": "paid", "amount": "75.00"},
        follow=True,
        **ES,
    )
    assert said(response) == ["Cuota de trámite registrada: 75.00, pagada."]
    assert application.events.last().note == "Processing fee 75.00: paid"
