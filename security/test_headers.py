"""The header check: the strict Content-Security-Policy and the other security headers on every
page type: each page of the authorization matrix as a role allowed to see it, the error pages,
the rater's form, the admin and the sign-in pages."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.authorization_cases import CASES, OK, ROLES, signed_in_world
from tests.csp import STRICT_POLICY

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": ("same-origin", "no-referrer"),
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def header_problems(response):
    problems = []
    policy = response.headers.get("Content-Security-Policy", "")
    problems += [f"CSP lacks {directive}" for directive in STRICT_POLICY if directive not in policy]
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append("CSP allows unsafe-inline or unsafe-eval")
    for name, expected in HEADERS.items():
        value = response.headers.get(name)
        if value not in (expected if isinstance(expected, tuple) else (expected,)):
            problems.append(f"{name}: {value!r}")
    return problems


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with signed_in_world(django_db_blocker) as world:
        yield world


@pytest.mark.django_db
def test_every_page_type_carries_the_security_headers(world, figures):
    pages, problems = 0, []
    for case in CASES:
        if not case.get:
            continue
        role = next((role for role in ROLES if case.get[role] == OK), None)
        if role is None:
            continue
        url = reverse(case.url, kwargs=case.kwargs(world))
        response = world.clients[role].get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages += 1
        problems += [f"{url} as {role}: {problem}" for problem in header_problems(response)]
    anonymous = world.clients["anonymous"]
    extra = {
        "404 page": anonymous.get("/no-such-page/"),
        "sign-in page": anonymous.get(reverse("account_login")),
        "sign-up page": anonymous.get(reverse("account_signup")),
        "rating link error": anonymous.get(reverse("ratings:start", args=["not-a-token"])),
        "rater form without a session": anonymous.get(reverse("ratings:form")),
        "admin sign-in": anonymous.get(reverse("admin:login")),
        "413 page": anonymous.generic(
            "POST", reverse("account_login"), b"", CONTENT_LENGTH=str(50 * 1024 * 1024)
        ),
    }
    extra["admin index"] = world.clients["admin"].get(reverse("admin:index"))
    for label, response in extra.items():
        pages += 1
        problems += [f"{label} ({response.status_code}): {problem}" for problem in header_problems(response)]
    figures["pages checked for security headers"] = pages
    figures["  header problems"] = len(problems)
    assert problems == [], "\n".join(problems)
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF
