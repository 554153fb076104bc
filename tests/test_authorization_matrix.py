"""Who gets what on every page and action: the matrix in tests/authorization_cases.py, checked.

One world (users in every role, applications in every status) is built once for the module
inside a transaction that is rolled back at the end; every request runs in its own savepoint,
so an allowed action never changes what the next role sees.
"""

from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authorization_cases import (
    CASES,
    COVERED_NAMESPACES,
    FORBIDDEN,
    HIDDEN,
    LOGIN,
    OK,
    ROLES,
    signed_in_world,
)

SNAPSHOT_APPS = ("applications", "reviews", "renewals", "credentials", "competencies")


def named_urls(resolver=None, namespace=""):
    """Every named URL under the root resolver, as "namespace:name"."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def covered_urls():
    return {name for name in named_urls() if name.split(":")[0] in COVERED_NAMESPACES}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with signed_in_world(django_db_blocker) as world:
        world.sessions = {
            role: client.cookies[settings.SESSION_COOKIE_NAME].value
            for role, client in world.clients.items()
            if role != "anonymous"
        }
        yield world


def _snapshot_models():
    for label in SNAPSHOT_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        yield from config.get_models()


def snapshot():
    """What the apps holding applications, reviews and endorsements have stored, or written.

    On PostgreSQL, the current transaction's write counters per table: one cheap query, and it
    also catches an update that wrote the same values back. Elsewhere the rows themselves.
    """
    models = list(_snapshot_models())
    if connection.vendor != "postgresql":
        return {m._meta.label: list(m.objects.order_by("pk").values_list()) for m in models}
    labels = {m._meta.db_table: m._meta.label for m in models}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE relname = ANY(%s)",
            [list(labels)],
        )
        return {labels[table]: writes for table, writes in cursor.fetchall()}


def changed_tables(before, after):
    return sorted(label for label in before.keys() | after.keys() if before.get(label) != after.get(label))


def outcome(response, method):
    if response.status_code in (301, 302, 303):
        path = urlsplit(response["Location"]).path
        if path == reverse("account_login"):
            return LOGIN
        if path.startswith(reverse("mfa_activate_totp")):
            return "sent to set up an authenticator app"
        return OK if method == "post" else f"redirect to {path}"
    return {200: OK, 403: FORBIDDEN, 404: HIDDEN}.get(response.status_code, str(response.status_code))


def rows_written():
    """On SQLite, how many rows this connection has inserted, updated or deleted so far (rolled
    back or not); None elsewhere. Unchanged across a request, nothing was written anywhere."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0]


def request_as(world, role, method, url, data):
    """One request in its own savepoint: its outcome and the tables it changed.

    On SQLite, where a snapshot reads every row, the snapshots are taken only when the request
    wrote a row at all: the one after it inside the savepoint, the one before it once the
    savepoint is rolled back (which restores exactly what was there before)."""
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    written = rows_written()
    with transaction.atomic():
        before = snapshot() if written is None else None
        response = client.get(url) if method == "get" else client.post(url, data or {})
        wrote = written is None or rows_written() != written
        after = snapshot() if wrote else None
        transaction.set_rollback(True)
    if not wrote:
        return outcome(response, method), []
    return outcome(response, method), changed_tables(before or snapshot(), after)


def test_every_url_has_a_row_in_the_matrix():
    declared = {case.url for case in CASES}
    missing = sorted(covered_urls() - declared)
    assert not missing, (
        "These URLs have no row in tests/authorization_cases.py; decide who may open them: "
        + ", ".join(missing)
    )


def test_every_row_names_an_existing_url():
    stale = sorted({case.url for case in CASES} - covered_urls())
    assert not stale, "Rows for URLs that no longer exist: " + ", ".join(stale)


def test_every_row_declares_every_role():
    for case in CASES:
        for table in (case.get, case.post):
            if table is not None:
                assert set(table) == set(ROLES), case.id


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_get(world, case):
    url = reverse(case.url, kwargs=case.kwargs(world))
    problems = []
    for role in ROLES:
        got, changes = request_as(world, role, "get", url, None)
        if case.get is None:
            # A POST-only action: a GET must never act, nor show anything.
            if got == OK or got.startswith("redirect"):
                problems.append(f"{role}: GET of an action gave {got!r}")
        elif got != case.get[role]:
            problems.append(f"{role}: expected {case.get[role]!r}, got {got!r}")
        if changes:
            problems.append(f"{role}: GET changed {', '.join(changes)}")
    assert not problems, f"GET {url} ({case.id}):\n  " + "\n  ".join(problems)


POST_CASES = [case for case in CASES if case.post is not None]


@pytest.mark.django_db
@pytest.mark.parametrize("case", POST_CASES, ids=[case.id for case in POST_CASES])
def test_post(world, case):
    url = reverse(case.url, kwargs=case.kwargs(world))
    data = case.data(world) if case.data else {}
    problems = []
    for role in ROLES:
        expected = case.post[role]
        got, changes = request_as(world, role, "post", url, data)
        if got != expected:
            problems.append(f"{role}: expected {expected!r}, got {got!r}")
        if expected != OK and changes:
            problems.append(f"{role}: refused, yet changed {', '.join(changes)}")
        if expected == OK and case.changes and not changes:
            problems.append(f"{role}: allowed, but the action stored nothing")
    assert not problems, f"POST {url} ({case.id}):\n  " + "\n  ".join(problems)
