"""A visitor reads the guidelines in a real browser, with the mouse and with the keyboard."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_finds_a_mentor_category_and_filters_by_designation(page, guidelines):
    page.goto("/guidelines/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Competency guidelines")

    page.get_by_role("link", name="Infant Mental Health Mentor - Policy (IMHM-P)").click()

    expect(page).to_have_url(re.compile(r"/guidelines/orimha/imhm-p/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Infant Mental Health Mentor - Policy (IMHM-P)")
    research_only = page.get_by_text("Generates research questions that promote infant mental health")
    policy_only = page.get_by_text("Develops or impacts policy and practice intended to increase")
    expect(research_only).to_be_visible()
    expect(policy_only).to_be_visible()

    page.get_by_label("Policy (P)").check()
    page.get_by_role("button", name="Show statements").click()

    expect(page).to_have_url(re.compile(r"\?designation=P#designation-filter$"))
    expect(page.get_by_label("Policy (P)")).to_be_checked()
    expect(page.get_by_role("status").filter(has_text="competency statements")).to_contain_text(
        "those for Policy (P)"
    )
    expect(policy_only).to_be_visible()
    expect(research_only).to_have_count(0)

    page.get_by_role("link", name="Show all statements").click()

    expect(research_only).to_be_visible()


def test_tab_from_the_top_lands_on_the_skip_link_first(page, guidelines):
    page.goto("/guidelines/orimha/imhm-c/")

    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_be_visible()
    expect(focused).to_have_attribute("href", "#main")

    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Competency guidelines")
