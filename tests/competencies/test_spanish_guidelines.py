"""The guideline pages in Spanish: the page's own words follow the visitor's language, the
association's guidelines stay in the language it published them in, marked as such.

Needs the compiled Spanish catalogue: run scripts/messages.sh (or its `compile`) first.
"""

import html
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from competencies import guideline_pdfs
from competencies.models import Category, Edition, GuidelinePdf, Statement
from competencies.tasks import render_guideline_pdf
from endorsement import encryption
from endorsement.models import QueuedTask
from tests.competencies.test_views_guidelines import category_url, plain, visible_text

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def main_text(response):
    """What a reader sees of the page's own content, without the site's navigation and footer."""
    main = re.search(r"<main\b.*?</main>", response.content.decode(), flags=re.S).group()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", main)).split())


PDF_URL = reverse("competencies:category_pdf", args=["orimha", "ifs"])
PUBLISHED_IN_ENGLISH = "Estas pautas se publican en inglés, el idioma en que la asociación las publicó."


def test_the_index_reads_in_spanish(client, guidelines):
    response = client.get(reverse("competencies:index"), **SPANISH)
    assert response.status_code == 200
    text = visible_text(response)
    assert "Pautas de competencias" in text
    assert "¿Qué categoría corresponde a su trabajo?" in text
    assert "Intervención/tratamiento" in text
    assert "Vigente desde el" in text
    assert "Nivel II · Prevención" in text
    assert PUBLISHED_IN_ENGLISH in text
    # The association's category names are its own.
    assert "Infant Family Specialist (IFS)" in text
    assert "Competency guidelines" not in main_text(response)


def test_a_category_page_has_spanish_headings_around_the_english_guidelines(client, guidelines):
    response = client.get(category_url("orimha", "ifs"), **SPANISH)
    assert response.status_code == 200
    content = response.content.decode()
    text = visible_text(response)
    for heading in ("En esta página", "Competencias", "Requisitos", "Requisitos de renovación", "Glosario"):
        assert heading in text
    assert "Descargar esta página en PDF" in text
    assert "Lo que necesita para mantener su Endorsement una vez otorgado." in text
    assert f'<p class="notice" role="note">{PUBLISHED_IN_ENGLISH}</p>' in content
    # The statements are the association's English text, marked English.
    category = Category.objects.get(edition__slug="orimha", slug="ifs")
    statement = Statement.objects.filter(domain__category=category, kind=Statement.Kind.STATEMENT).first()
    assert plain(statement.text) in text
    assert re.search(r'<section class="domain" id="domain-1" [^>]*lang="en">', content)
    assert '<dl class="glossary" lang="en">' in content
    assert re.search(r'<h4 lang="es">Enunciados de competencia</h4>', content)


def test_the_mentor_filter_and_its_summary_are_in_spanish(client, guidelines):
    response = client.get(category_url("orimha", "imhm-c", designation="P"), **SPANISH)
    text = visible_text(response)
    assert "Designaciones de Mentor" in text
    assert "Mostrar los enunciados de competencia de" in text
    assert re.search(r"Se muestran \d+ de \d+ enunciados de competencia: los comunes", text)
    assert "Mostrar todos los enunciados" in text


def test_in_english_the_page_reads_as_before_without_a_note(client, guidelines):
    response = client.get(category_url("orimha", "ifs"))
    text = visible_text(response)
    assert "On this page" in text
    assert "What you need to keep your Endorsement once it is granted." in text
    assert "published in English" not in text
    assert PUBLISHED_IN_ENGLISH not in text


def test_an_edition_published_in_spanish_is_marked_spanish_and_noted_in_english(client, guidelines):
    Edition.objects.filter(slug="orimha").update(language="es")
    english = client.get(category_url("orimha", "ifs"))
    assert "These guidelines are published in Spanish" in visible_text(english)
    assert '<dl class="glossary" lang="es">' in english.content.decode()
    spanish = client.get(category_url("orimha", "ifs"), **SPANISH)
    assert "Estas pautas se publican" not in visible_text(spanish)


@pytest.fixture
def renders(monkeypatch):
    """The HTML of every PDF render; each gives a small stand-in PDF instead of running WeasyPrint."""
    made = []

    def fake_pdf(html, **kwargs):
        made.append(html)
        return b"%PDF-1.7 stand-in"

    monkeypatch.setattr(guideline_pdfs, "html_to_pdf", fake_pdf)
    return made


def test_the_pdf_waiting_page_is_in_spanish(client, guidelines, renders):
    response = client.get(PDF_URL, **SPANISH)
    assert response.status_code == 503
    text = visible_text(response)
    assert "el PDF se está preparando" in text
    assert "Leer las mismas pautas como página web" in text


def test_a_worker_renders_the_spanish_pdf_a_spanish_visitor_waits_for(client, guidelines, renders):
    assert client.get(PDF_URL, **SPANISH).status_code == 503
    queued = QueuedTask.objects.get(task="competencies.tasks.render_guideline_pdf")
    kwargs = json.loads(encryption.decrypt(queued.payload))
    assert kwargs["language"] == "es"
    with translation.override("en"):  # a worker runs in the site's default language
        render_guideline_pdf(**kwargs)
    assert "Requisitos de renovación" in renders[0]
    assert '@bottom-right { content: "Página " counter(page) " de " counter(pages); }' in renders[0]

    served = client.get(PDF_URL, **SPANISH)
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    # The English page is another file, rendered on its own, and the Spanish one stays.
    assert client.get(PDF_URL).status_code == 503
    render_guideline_pdf(category_id=kwargs["category_id"], designation="", language="en")
    assert client.get(PDF_URL).status_code == 200
    assert client.get(PDF_URL, **SPANISH).status_code == 200
    assert sorted(GuidelinePdf.objects.values_list("language", flat=True)) == ["en", "es"]
