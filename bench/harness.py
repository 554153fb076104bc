"""What the benchmarks share: Django on the test settings, and a throwaway test database.

Import it before any model: `from harness import throwaway_database`. The database is
``test_<name>`` of DATABASE_URL (PostgreSQL) or a temporary SQLite file, dropped afterwards.
"""

import logging
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endorsement.settings_test")

import django  # noqa: E402

django.setup()

# Eager tasks log a line each at INFO; the figures are what a benchmark is for.
logging.getLogger("celery").setLevel(logging.WARNING)

from django.db import connection, connections  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)


@contextmanager
def throwaway_database():
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        connections.close_all()
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()


def measure(client, url, repeat):
    """Median and p95 in milliseconds of `repeat` GETs of `url`, after one to warm up."""
    client.get(url)  # warm up
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)]


def count_queries(client, url):
    """The SQL queries one GET of `url` runs."""
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(executed)


def signed_in_coordinator():
    """A client signed in as seed_demo's coordinator (given an authenticator app, as staff must be)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.test import Client

    coordinator = get_user_model().objects.get(username="coordinator@example.org")
    TOTP.activate(coordinator, generate_totp_secret())
    client = Client()
    client.force_login(coordinator)
    return coordinator, client


def print_pages(client, pages, repeat, width):
    """A row a (label, url): median and p95 in milliseconds and the queries of one request."""
    print(f"{'page':<{width}}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for label, url in pages:
        median, p95 = measure(client, url, repeat)
        print(f"{label:<{width}}{median:>10.1f}{p95:>10.1f}{count_queries(client, url):>9}")


def temporary_media(prefix):
    """Files stored from here on go to a new temporary folder (kept for a look afterwards): its path."""
    from django.conf import settings

    media_root = tempfile.mkdtemp(prefix=prefix)
    settings.MEDIA_ROOT = media_root
    settings.STORAGES["default"]["OPTIONS"]["location"] = media_root
    return media_root
