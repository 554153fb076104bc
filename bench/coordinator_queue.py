"""Benchmark: server time of the coordinator's queue with 10,000 applications, next to /healthz.

Run: .venv/bin/python bench/coordinator_queue.py [--applications 10000] [--repeat 30]
Seeds demo data (`seed_demo`) into a throwaway test database (PostgreSQL when DATABASE_URL
is set, else SQLite) and prints median and p95 times of the queue (unfiltered, and filtered
as in the design's example URL) and of /healthz, plus the SQL query count of one request.
"""

import argparse
import time

from harness import print_pages, signed_in_coordinator, throwaway_database  # sets Django up first

# isort: split
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from applications.models import Application


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
        _coordinator, client = signed_in_coordinator()
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
        print_pages(client, pages, args.repeat, width=26)


if __name__ == "__main__":
    main()
