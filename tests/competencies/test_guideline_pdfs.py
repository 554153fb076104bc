"""Issue 16: a guideline PDF is rendered once per content by a worker and served from storage."""

import pytest
from django.urls import reverse

from competencies import guideline_pdfs
from competencies.models import GlossaryTerm, GuidelinePdf, Statement
from endorsement.models import QueuedTask

from .test_views_guidelines import pdf_bytes

URL = reverse("competencies:category_pdf", args=["orimha", "ifs"])


@pytest.fixture
def renders(monkeypatch):
    """Every render, as the HTML it was made from; each gives a small stand-in PDF."""
    made = []

    def fake_pdf(html, **kwargs):
        made.append(html)
        return b"%PDF-1.7 stand-in " + str(len(made)).encode()

    monkeypatch.setattr(guideline_pdfs, "html_to_pdf", fake_pdf)
    return made


def test_first_request_queues_one_render_and_says_it_is_being_prepared(client, guidelines, renders):
    first = client.get(URL)
    second = client.get(URL)  # before the worker has run

    for response in (first, second):
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert "the PDF is being prepared" in response.content.decode()
    assert GuidelinePdf.objects.count() == 1
    assert QueuedTask.objects.filter(task="competencies.tasks.render_guideline_pdf").count() == 1
    assert renders == []


def test_once_rendered_every_request_is_served_from_storage(
    client, guidelines, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.get(URL)
    served = [client.get(URL) for _ in range(3)]

    assert len(renders) == 1
    for response in served:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert pdf_bytes(response) == b"%PDF-1.7 stand-in 1"
    pdf = GuidelinePdf.objects.get()
    assert pdf.is_rendered()
    assert pdf.file.name.startswith("guidelines/orimha/ifs-")


def test_designations_are_separate_documents(client, guidelines, renders, django_capture_on_commit_callbacks):
    mentor = reverse("competencies:category_pdf", args=["orimha", "imhm-c"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(mentor)
        client.get(mentor + "?designation=C")

    assert sorted(GuidelinePdf.objects.values_list("designation", flat=True)) == ["", "C"]
    assert len(renders) == 2
    assert client.get(mentor + "?designation=C").status_code == 200


@pytest.mark.parametrize("edit", ["statement", "glossary"])
def test_an_edit_of_the_edition_renders_it_again_and_removes_the_old_file(
    client, guidelines, renders, django_capture_on_commit_callbacks, edit
):
    with django_capture_on_commit_callbacks(execute=True):
        client.get(URL)
    old = GuidelinePdf.objects.get()
    if edit == "statement":
        statement = Statement.objects.filter(
            domain__category__edition__slug="orimha", domain__category__code="IFS"
        )
        statement = statement.filter(kind=Statement.Kind.STATEMENT).first()
        statement.text = "Listens to the baby first."
        statement.save()
    else:
        shown = guideline_pdfs.guidelines.category_page(old.category)["glossary_used"]
        term = GlossaryTerm.objects.get(pk=shown[0].pk)
        term.definition = "A definition the admin rewrote."
        term.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(URL).status_code == 503
    response = client.get(URL)

    assert response.status_code == 200
    assert pdf_bytes(response) == b"%PDF-1.7 stand-in 2"
    assert "Listens to the baby first." in renders[1] or "A definition the admin rewrote." in renders[1]
    new = GuidelinePdf.objects.get()
    assert new.fingerprint != old.fingerprint
    assert not old.file.storage.exists(old.file.name)


def test_a_lost_file_is_rendered_again(client, guidelines, renders, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.get(URL)
    pdf = GuidelinePdf.objects.get()
    pdf.file.storage.delete(pdf.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(URL).status_code == 503

    assert client.get(URL).status_code == 200
    assert len(renders) == 2


def test_the_task_twice_renders_once(guidelines, renders):
    from competencies.models import Category
    from competencies.tasks import render_guideline_pdf

    category = Category.objects.get(edition__slug="orimha", code="IFS")
    render_guideline_pdf(category_id=category.pk, designation="")
    render_guideline_pdf(category_id=category.pk, designation="")
    render_guideline_pdf(category_id=0, designation="")  # gone: quietly nothing

    assert len(renders) == 1
