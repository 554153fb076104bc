"""Benchmark: server time of an application's overview page with a large portfolio
(300 training entries, 100 RS/C entries, 10 work periods), next to /healthz.

Run: .venv/bin/python bench/overview.py [--repeat 50]
Uses a throwaway test database (PostgreSQL when DATABASE_URL is set, else SQLite)
and prints median and p95 times plus the SQL query count of one request.
"""

import argparse
import datetime
from decimal import Decimal

from harness import count_queries, measure, throwaway_database  # sets Django up first

# isort: split
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from applications.models import RSCEntry, TrainingEntry, WorkPeriod
from applications.services import lifecycle as services


def build_portfolio():
    user = get_user_model().objects.create_user("bench@example.org", "bench@example.org", "bench-password")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    category = services.published_category("IFS")
    application = services.start_application(user, category)
    start = datetime.date(2015, 1, 1)
    WorkPeriod.objects.bulk_create(
        WorkPeriod(
            application=application,
            title=f"Position {i}",
            employer="Agency",
            start=start + datetime.timedelta(days=200 * i),
            end=start + datetime.timedelta(days=200 * i + 400),
            infant_related=True,
            social_emotional_focus=True,
            relationship_focus=True,
            families_served=3,
        )
        for i in range(10)
    )
    TrainingEntry.objects.bulk_create(
        TrainingEntry(
            application=application,
            title=f"Training {i}",
            date=start + datetime.timedelta(days=9 * i),
            hours=Decimal("1.5"),
        )
        for i in range(300)
    )
    RSCEntry.objects.bulk_create(
        RSCEntry(
            application=application,
            provider="Provider",
            provider_endorsements=["IMHS"],
            start=start + datetime.timedelta(days=20 * i),
            end=start + datetime.timedelta(days=20 * i + 19),
            hours=Decimal("1"),
        )
        for i in range(100)
    )
    return user, application


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with throwaway_database():
        call_command("load_guidelines", verbosity=0)
        user, application = build_portfolio()
        client = Client()
        client.force_login(user)
        overview = reverse("applications:overview", args=[application.pk])
        client.get(overview)
        queries = count_queries(client, overview)
        print(f"database: {connection.vendor}; portfolio: 300 training, 100 RS/C, 10 work periods")
        print(f"{'page':<24}{'median ms':>10}{'p95 ms':>10}")
        for label, url in (("overview", overview), ("/healthz", reverse("healthz"))):
            median, p95 = measure(client, url, args.repeat)
            print(f"{label:<24}{median:>10.1f}{p95:>10.1f}")
        print(f"overview SQL queries per request: {queries}")


if __name__ == "__main__":
    main()
