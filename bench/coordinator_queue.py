"""Benchmark: server time of the coordinator's queue with 10,000 applications, next to /healthz.

Run: .venv/bin/python bench/coordinator_queue.py [--applications 10000] [--repeat 30]
Seeds demo data (`seed_demo`) into a throwaway test database (PostgreSQL when DATABASE_URL
is set, else SQLite) and prints median and p95 times of the queue (unfiltered, and filtered
as in the design's example URL) and of /healthz, plus the SQL query count of one request.
"""

import argparse
import statistics
import time

from harness import throwaway_database  # sets Django up before anything imports a model

# isort: split
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from applications.models import Application


def measure(client, url, repeat):
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
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(executed)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with throwaway_database():
        call_command("load_guidelines", verbosity=0)
        began = time.perf_counter()
        call_command("seed_demo", applications=args.applications, verbosity=0)
        seeded = time.perf_counter() - began
        coordinator = get_user_model().objects.get(username="coordinator@example.org")
        TOTP.activate(coordinator, generate_totp_secret())
        client = Client()
        client.force_login(coordinator)
        queue = reverse("reviews:queue")
        pages = (
            ("queue", queue),
            ("queue ?status&category", queue + "?status=submitted&category=IFS"),
            ("queue ?q=garcia", queue + "?q=garcia&sort=name"),
            ("queue page 100", queue + "?page=100"),
            ("/healthz", reverse("healthz")),
        )
        print(
            f"database: {connection.vendor}; {Application.objects.count()} applications "
            f"(seeded in {seeded:.1f} s)"
        )
        print(f"{'page':<26}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
        for label, url in pages:
            median, p95 = measure(client, url, args.repeat)
            print(f"{label:<26}{median:>10.1f}{p95:>10.1f}{count_queries(client, url):>9}")


if __name__ == "__main__":
    main()
