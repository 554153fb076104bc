"""Browser tests: Playwright driving Debian's Chromium against Django's live server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def watch_policy_violations(context, refusals):
    """Collect into `refusals` every Content-Security-Policy refusal on the context's pages.

    Every browser test thereby also proves that the pages it walks run under the strict policy
    without anything of ours being blocked: a refusal fails the test at teardown.
    """

    def on_console(message):
        if "Content Security Policy" in message.text:
            refusals.append(f"{message.location.get('url', '')}: {message.text}")

    context.on("page", lambda page: page.on("console", on_console))


def assert_no_refusals(refusals):
    assert not refusals, "The Content-Security-Policy blocked:\n" + "\n".join(refusals)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    refusals = []
    watch_policy_violations(context, refusals)
    page = context.new_page()
    yield page
    context.close()
    assert_no_refusals(refusals)


@pytest.fixture
def open_as(browser, live_server):
    """open_as(user): a page in a browser context of its own, signed in as `user` (None: anonymous)."""
    from .browsing import sign_in

    contexts = []
    refusals = []

    def open_page(user=None):
        context = browser.new_context(base_url=live_server.url)
        watch_policy_violations(context, refusals)
        if user is not None:
            sign_in(context, live_server, user)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert_no_refusals(refusals)


@pytest.fixture
def agreement_texts(guidelines):
    """The default code of ethics and agreement (a data migration; flushed by transactional tests)."""
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module("applications.migrations.0003_default_agreement_texts")
    migration.create_texts(django_apps, None)
