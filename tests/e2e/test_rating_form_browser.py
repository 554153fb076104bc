"""The rater's form in Chromium: a compact matrix per domain, a running count, saving as one goes."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import ReferenceRequest
from tests.applications.rater_factories import areas_of, invite, make_application

from .browsing import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

# The form as one radio button per line measured 12,920 px at this width.
HEIGHT_BEFORE = 12_920


def test_a_rater_rates_every_area_in_a_compact_matrix_saved_as_they_go(page, guidelines):
    application = make_application(name="Avery Applicant")
    reference = invite(application, name="Rita Rater")
    areas = areas_of(application)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/ratings/{reference.token}/")
    expect(page).to_have_url(re.compile(r"/ratings/form/$"))
    assert_accessible(page)

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < HEIGHT_BEFORE / 3, f"the form is {height} px high"
    progress = page.locator("[data-rating-progress]")
    expect(progress).to_have_text(f"{len(areas)} of {len(areas)} areas left")

    # A radio group per area, named by the area; the arrow keys move within it.
    first = page.get_by_role("group", name=re.compile(re.escape(areas[0].name), re.IGNORECASE))
    first.get_by_role("radio", name="1 — Beginning").check()
    page.keyboard.press("ArrowRight")
    expect(first.get_by_role("radio", name="2 — Developing")).to_be_checked()
    expect(progress).to_have_text(f"{len(areas) - 1} of {len(areas)} areas left")
    expect(page.locator("[data-rating-autosave]")).to_have_text("Your answers are saved.")
    assert reference.rating.answers.get().score == 2

    # Nothing is lost on a reload: the draft was saved in the background.
    page.reload()
    expect(first.get_by_role("radio", name="2 — Developing")).to_be_checked()
    expect(progress).to_have_text(f"{len(areas) - 1} of {len(areas)} areas left")

    rows = page.locator("[data-rating-area]")
    for index in range(1, rows.count()):
        rows.nth(index).get_by_role("radio", name="3 — Proficient").check()
    expect(progress).to_have_text(f"All {len(areas)} areas rated")
    page.get_by_text(re.compile(r"^Add a comment on")).first.click()
    page.locator("textarea[name^='comment_']").first.fill("Warm, steady and reflective with families.")
    page.get_by_label("How long have you known the applicant?").fill("4 years")
    page.locator("input[name='capacity'][value='supervisor']").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit rating").click()
    expect(page).to_have_url(re.compile(r"/ratings/thanks/$"))
    reference.refresh_from_db()
    assert reference.status == ReferenceRequest.Status.SUBMITTED
    assert reference.rating.answers.count() == len(areas)
