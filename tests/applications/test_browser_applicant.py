"""Browser checks of the applicant pages: they render, warn about unsaved changes, submit once."""

import os

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

from .factories import add_rsc, add_training, add_work, make_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
        yield context.new_page()
        browser.close()


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_overview_and_training_section_in_a_browser(page, guidelines, live_server):
    application = make_application(code="IMHS")
    add_training(application, 12, hours="2")
    add_rsc(application, 5)
    add_work(application, 2)
    client = Client()
    client.force_login(application.applicant)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(reverse("applications:overview", args=[application.pk]))
    assert page.get_by_role("heading", name="Checklist").is_visible()
    assert page.get_by_text("Specialized training: 24 of 30 clock hours").first.is_visible()
    shot(page, "overview")

    page.goto(reverse("applications:training", args=[application.pk]))
    shot(page, "training")
    page.get_by_text("Add training", exact=True).click()
    page.get_by_label("Training title").fill("Half-typed entry")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.evaluate("window.location.href = '/applications/'")
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert "/training/" in page.url

    page.get_by_label("Date (or last day)").fill("2099-01-15")
    page.locator("#id_training-hours").fill("2.5")
    shot(page, "training-filled")
    with page.expect_navigation():
        page.get_by_role("button", name="Save training").click()
    assert dialogs == ["beforeunload"]  # submitting the form does not warn
    assert page.locator("#id_training-date_error").is_visible()
    assert page.locator("#id_training-hours").input_value() == "2.5"
    assert page.get_by_label("Training title").input_value() == "Half-typed entry"
    shot(page, "training-error")

    page.goto(reverse("applications:work", args=[application.pk]))
    shot(page, "work")
    page.goto(reverse("applications:attestations", args=[application.pk]))
    shot(page, "attestations")
