"""Benchmark: the daily renewal sweep over 100,000 endorsements, then again to show no duplicates.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/endorsement_bench_sweep \
         .venv/bin/python bench/renewal_sweep.py [--endorsements 100000] [--no-tracemalloc]

Builds a throwaway test database (``test_<name>``; PostgreSQL rows are loaded with COPY, SQLite
with bulk inserts), spreads the due dates from 45 days ago to a year ahead so that every reminder
window, the grace period and the lapse get a realistic share, with one in ten renewals already
submitted. Runs the sweep in-process (Celery eager, email to Django's in-memory outbox) and
prints wall time, the process's max RSS, reminders, lapses and emails; puts the rows back and
runs it again under tracemalloc for the peak Python memory; then runs it once more without
putting anything back and prints what that run sent (0 expected).
"""

import argparse
import datetime
import io
import random
import resource
import time
import tracemalloc

from harness import throwaway_database  # sets Django up before anything imports a model

# isort: split
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from competencies.models import Category
from renewals.models import Endorsement, EndorsementEvent, ReminderSent, RenewalPeriod
from renewals.services import reminders

EARLIEST, LATEST = -45, 365  # due dates, in days from today


def _copy(table, columns, rows):
    """COPY rows into a PostgreSQL table (tab-separated, \\N for NULL)."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if value is None else str(value) for value in row) + "\n")
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        copy.write(buffer.getvalue())


def build(count, today, seed=7):
    """`count` holders, each with one endorsement and its current period."""
    rng = random.Random(seed)
    categories = list(Category.objects.select_related("edition__association"))
    now = timezone.now().isoformat()
    User = get_user_model()
    users = [(f"bench{n}", f"bench{n}@example.org", f"Holder {n}") for n in range(count)]
    postgres = connection.vendor == "postgresql"
    if postgres:
        _copy(
            User._meta.db_table,
            [
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ],
            (("!", "f", username, "Holder", name, email, "f", "t", now) for username, email, name in users),
        )
    else:
        User.objects.bulk_create(
            (User(username=u, email=e, last_name=n, password="!") for u, e, n in users), batch_size=2000
        )
    holder_ids = list(
        User.objects.filter(username__startswith="bench").order_by("pk").values_list("pk", flat=True)
    )
    endorsements = []
    for n, holder_id in enumerate(holder_ids):
        category = rng.choice(categories)
        due = today + datetime.timedelta(days=rng.randint(EARLIEST, LATEST))
        status = (
            Endorsement.Status.RENEWAL_DUE
            if due < today - datetime.timedelta(days=1)
            else Endorsement.Status.ACTIVE
        )
        endorsements.append((holder_id, category, f"B-{n:07d}", due, status))
    columns = [
        "holder_id", "association_id", "edition_id", "category_id", "number", "verification_code",
        "holder_name", "granted_on", "renewal_due", "status", "status_changed_at", "listed_in_directory",
        "region", "created_at",
    ]  # fmt: skip
    rows = (
        (holder, c.edition.association_id, c.edition_id, c.pk, number, f"v{number}", f"Holder {n}",
         due - datetime.timedelta(days=365), due, status, now, "t", "", now)
        for n, (holder, c, number, due, status) in enumerate(endorsements)
    )  # fmt: skip
    if postgres:
        _copy(Endorsement._meta.db_table, columns, rows)
    else:
        Endorsement.objects.bulk_create(
            (Endorsement(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=2000
        )
    ids = Endorsement.objects.order_by("pk").values_list("pk", "renewal_due", "granted_on")
    period_columns = [
        "endorsement_id", "starts_on", "due_on", "status", "provides_rsc", "membership_confirmed",
        "membership_association", "no_sanction_signed_name", "coordinator_note",
    ]  # fmt: skip
    period_rows = [
        (pk, granted, due, "submitted" if rng.random() < 0.1 else "open", "f", "f", "", "", "")
        for pk, due, granted in ids.iterator(chunk_size=5000)
    ]
    if postgres:
        _copy(RenewalPeriod._meta.db_table, period_columns, period_rows)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        RenewalPeriod.objects.bulk_create(
            (
                RenewalPeriod(**dict(zip(period_columns, row, strict=True)), submitted_at=None)
                for row in ((r[0], r[1], r[2], r[3], False, False, "", "", "") for r in period_rows)
            ),
            batch_size=2000,
        )


def reset(today):
    """Put the rows back as `build` left them: no reminders, events or lapses."""
    ReminderSent.objects.all().delete()
    EndorsementEvent.objects.all().delete()
    RenewalPeriod.objects.filter(status=RenewalPeriod.Status.LAPSED).update(status=RenewalPeriod.Status.OPEN)
    Endorsement.objects.filter(renewal_due__lt=today - datetime.timedelta(days=1)).update(
        status=Endorsement.Status.RENEWAL_DUE
    )
    Endorsement.objects.filter(renewal_due__gte=today - datetime.timedelta(days=1)).update(
        status=Endorsement.Status.ACTIVE
    )


def run(today, *, trace):
    mail.outbox = []
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    done = reminders.sweep(today=today)
    elapsed = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    if trace:
        tracemalloc.stop()
    return done, elapsed, peak, len(mail.outbox)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endorsements", type=int, default=100_000)
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the traced run for peak memory")
    args = parser.parse_args()
    with throwaway_database():
        call_command("load_guidelines", verbosity=0)
        today = timezone.localdate()
        began = time.perf_counter()
        build(args.endorsements, today)
        print(
            f"database: {connection.vendor}, {args.endorsements:,} endorsements built in {time.perf_counter() - began:.1f} s"
        )

        done, elapsed, _peak, emails = run(today, trace=False)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"first sweep:  {elapsed:.1f} s wall (target < 60 s), max RSS {rss_mb:.0f} MiB")
        print(f"              {done.get('reminders', 0):,} reminders, {done.get('lapsed', 0):,} lapsed, "
              f"{done.get('renewal_due', 0):,} marked renewal due, {emails:,} emails sent")  # fmt: skip
        by_kind = dict(ReminderSent.objects.values_list("kind").annotate(n=Count("pk")))
        print("              by kind: " + ", ".join(f"{kind} {n:,}" for kind, n in sorted(by_kind.items())))

        if not args.no_tracemalloc:
            # tracemalloc slows every allocation several times over, so memory is measured on a
            # second, identical first sweep over the same rows put back as they were built.
            reset(today)
            _done, traced, peak, _emails = run(today, trace=True)
            print(
                f"same sweep under tracemalloc: peak Python memory {peak / 2**20:.1f} MiB ({traced:.1f} s traced)"
            )

        done, elapsed, _peak, emails = run(today, trace=False)
        duplicates = (
            ReminderSent.objects.values("endorsement", "due_on", "kind")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
        )
        print(f"second sweep: {elapsed:.1f} s wall, {done.get('reminders', 0)} reminders, "
              f"{done.get('lapsed', 0)} lapsed, {emails} emails, {duplicates} duplicate reminders")  # fmt: skip
        unsent = ReminderSent.objects.filter(sent_at__isnull=True).count()
        print(f"reminders claimed but not sent: {unsent}")


if __name__ == "__main__":
    main()
