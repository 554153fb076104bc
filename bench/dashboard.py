"""Benchmark: server time of the coordinator's dashboard with 10,000 applications, next to /healthz.

Run: .venv/bin/python bench/dashboard.py [--applications 10000] [--repeat 20]
Seeds demo data (`seed_demo --reset`) into a throwaway test database (PostgreSQL when
DATABASE_URL is set, else SQLite), then prints median and p95 times of the dashboard
(unfiltered and filtered by edition) and of /healthz with the SQL query count of one request,
and how long the medians take to compute. The page keeps its figures in the cache for a few
minutes (reviews.dashboard.CACHE_SECONDS): the medians' timings are what a recount costs.
"""

import argparse
import statistics
import time

from harness import print_pages, signed_in_coordinator, throwaway_database  # sets Django up first

# isort: split
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationEvent
from reviews import dashboard


def timed(function, repeat):
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def medians(user, repeat):
    applications = dashboard.applications_for(user, {}, [])
    now = timezone.now()
    rows = [
        ("medians, decision", lambda: dashboard.decision_medians(applications)),
        ("medians, per status", lambda: dashboard.status_medians(applications, now=now)),
    ]
    for label, function in rows:
        print(f"{label:<34}{timed(function, repeat):>10.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with throwaway_database():
        call_command("load_guidelines", verbosity=0)
        began = time.perf_counter()
        call_command("seed_demo", applications=args.applications, reset=True, verbosity=0)
        seeded = time.perf_counter() - began
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum gathers them soon after a bulk load in production;
            # without them the planner guesses row counts and picks nested loops.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        coordinator, client = signed_in_coordinator()
        url = reverse("reviews:dashboard")
        pages = (
            ("dashboard", url),
            ("dashboard ?edition=orimha", url + "?edition=orimha"),
            ("/healthz", reverse("healthz")),
        )
        print(
            f"database: {connection.vendor}; {Application.objects.count()} applications, "
            f"{ApplicationEvent.objects.count()} events (seeded in {seeded:.1f} s)"
        )
        print_pages(client, pages, args.repeat, width=34)
        print(f"{'part':<34}{'median ms':>10}")
        medians(coordinator, max(args.repeat // 2, 3))


if __name__ == "__main__":
    main()
