"""What the browser tests share: axe-core checks, opening a page and pressing a button with
the check, and signing a browser in as a user.

axe runs from the copy bundled in axe_playwright_python, injected into the page (nothing is
fetched from a CDN). A user is signed in by handing the browser a session made on the server;
the sign-in form itself, with its authenticator code, is covered in tests/endorsement.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

_axe = None


def serious_violations(page):
    """The axe-core violations of impact "serious" or "critical" on the current page, as lines."""
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    lines = []
    for item in _axe.run(page).response["violations"]:
        if item.get("impact") not in ("serious", "critical"):
            continue
        lines.append(f"- {item['id']} ({item['impact']}): {item['help']}")
        for node in item["nodes"][:8]:
            lines.append(f"    {node['target']}: {(node.get('failureSummary') or '').splitlines()[-1:]}")
    return lines


def assert_accessible(page):
    """Fail on any serious or critical axe-core violation on the current page, listing them all."""
    lines = serious_violations(page)
    if lines:
        pytest.fail(f"axe: serious/critical violations on {page.url}\n" + "\n".join(lines))


def visit(page, path, *, check=True):
    """Open `path`, then check it with axe (unless `check` is false)."""
    page.goto(path)
    if check:
        assert_accessible(page)


def press(scope, name, *, check=False):
    """Click the button called exactly `name` within `scope` (a page or a part of one) and wait
    for the next page; check that page with axe when `check` is true."""
    page = scope.page if hasattr(scope, "page") else scope
    with page.expect_navigation():
        scope.get_by_role("button", name=name, exact=True).click()
    if check:
        assert_accessible(page)


def sign_in(context, live_server, user):
    """Give the browser context a session of `user`."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def path_of(url):
    """The path and query of an address in an email, to open on the live server."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def links_in(message, pattern):
    return re.findall(rf"https?://\S*{pattern}\S*", message.body)
