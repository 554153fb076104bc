"""A portfolio's tables are drawn once for the rows they show (`{% entries_table %}`): an edited
entry, a replaced document or another language draws afresh, on the work page and the overview."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from applications.forms.portfolio import KINDS
from applications.models import Coursework, TrainingEntry
from applications.templatetags.entry_tables import entries_table
from tests.reviews.factories import complete_ifa, submitted

pytestmark = pytest.mark.django_db


def work_page(client, application):
    return client.get(reverse("reviews:work", args=[application.pk])).text


def test_the_kept_table_is_what_the_template_draws(guidelines):
    application = complete_ifa()
    training = list(TrainingEntry.objects.filter(application=application).select_related("certificate"))
    drawn = render_to_string(
        "applications/_review_entries.html",
        {"kind_name": "training", "entries": training, "application": application},
    )
    assert entries_table("training", training, application) == drawn  # drawn and kept
    assert entries_table("training", training, application) == drawn  # read back


def test_an_edited_entry_shows_on_the_next_visit(guidelines, client, staff):
    application = submitted(complete_ifa())
    entry = TrainingEntry.objects.filter(application=application).first()
    assert "Infant mental health 101" not in work_page(client, application)
    entry.title, entry.hours = "Infant mental health 101", Decimal("7.25")
    entry.save()
    page = work_page(client, application)
    assert "Infant mental health 101" in page
    assert "7.25" in page


def test_a_replaced_document_shows_its_own_name(guidelines, client, staff):
    application = submitted(complete_ifa())
    transcript = Coursework.objects.get(application=application).transcript
    assert transcript.original_name in work_page(client, application)
    old_name = transcript.original_name
    transcript.original_name = "transcript-reissued-2026.pdf"
    transcript.save(update_fields=["original_name"])
    page = work_page(client, application)
    assert "transcript-reissued-2026.pdf" in page
    assert old_name not in page


def test_each_language_has_its_own_table(guidelines):
    application = complete_ifa()
    entries = list(getattr(application, KINDS["training"].related).select_related("certificate"))
    with translation.override("en"):
        english = entries_table("training", entries, application)
    with translation.override("es"):
        spanish = entries_table("training", entries, application)
    assert "Provider" in english and "Provider" not in spanish
    assert "Proveedor" in spanish
