"""The rater's form in Chromium, in Spanish: the script's running count and save status come from
the words the page gives its scripts (endorsement/script_text.py). Needs the compiled catalogue (scripts/messages.sh)."""

import re

import pytest
from playwright.sync_api import expect

from tests.applications.rater_factories import areas_of, invite, make_application

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_running_count_and_autosave_read_in_spanish(page, guidelines):
    application = make_application(name="Avery Applicant")
    reference = invite(application, name="Rita Rater")
    areas = areas_of(application)
    page.set_extra_http_headers({"Accept-Language": "es"})
    page.goto(f"/ratings/{reference.token}/")
    expect(page).to_have_url(re.compile(r"/ratings/form/$"))
    progress = page.locator("[data-rating-progress]")
    expect(progress).to_have_text(f"Faltan {len(areas)} de {len(areas)} áreas")
    first = page.get_by_role("group", name=re.compile(re.escape(areas[0].name), re.IGNORECASE))
    first.get_by_role("radio", name="1 — Inicial").check()
    expect(progress).to_have_text(f"Faltan {len(areas) - 1} de {len(areas)} áreas")
    expect(page.locator("[data-rating-autosave]")).to_have_text("Sus respuestas están guardadas.")
    rows = page.locator("[data-rating-area]")
    for index in range(1, rows.count()):
        rows.nth(index).get_by_role("radio", name="3 — Competente").check()
    expect(progress).to_have_text(f"Las {len(areas)} áreas están calificadas")
