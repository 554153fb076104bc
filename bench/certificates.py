"""Benchmark: rendering endorsement certificates, one in-process and a batch on real workers.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/endorsement_bench_cert \
         .venv/bin/python bench/certificates.py [--renders 20] [--batch 500] [--redis redis://127.0.0.1:6379/5]

Builds a throwaway test database (``test_<name>``), endorses one person and renders their
certificate --renders times in this process: prints the median and p95 render time, the peak
Python memory of one render (tracemalloc) and the process's max RSS. Then creates --batch
certificates, starts a real `celery -A endorsement worker --pool=prefork -c 2` against Redis,
queues one `render_certificate` per certificate and prints the wall time and certificates per
second until all are stored. Without Redis (or with --no-worker) the batch runs on two
multiprocessing processes calling the same task function instead, and says so.
"""

import argparse
import datetime
import multiprocessing
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from harness import temporary_media, throwaway_database  # sets Django up before anything imports a model

# isort: split
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections

from applications.models import Application, Profile
from competencies.models import Category
from renewals.certificates import render_certificate_pdf
from renewals.models import Certificate, Endorsement, EndorsementNumberSequence
from renewals.services import endorsements as services


def endorse_one():
    user = get_user_model().objects.create_user(username="bench", email="bench@example.org")
    Profile.objects.create(user=user, legal_name="Jordan Benchmark-Lee")
    category = Category.objects.get(edition__slug="orimha", code="IMHS")
    application = Application.objects.create(
        applicant=user, category=category, status=Application.Status.APPROVED
    )
    endorsement = services.grant_endorsement(application)
    return Certificate.objects.get(endorsement=endorsement)


def create_batch(count):
    """`count` endorsements with an unrendered certificate each, written in bulk."""
    category = Category.objects.select_related("edition__association").get(edition__slug="orimha", code="IFS")
    association = category.edition.association
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"batch{i}", email=f"batch{i}@example.org") for i in range(count)
    )
    sequence, _ = EndorsementNumberSequence.objects.get_or_create(association=association)
    granted = datetime.date.today()
    due = services.renewal_due_after(category.edition, granted, first=True)
    endorsements = Endorsement.objects.bulk_create(
        Endorsement(
            holder=user,
            association=association,
            edition=category.edition,
            category=category,
            number=f"{association.short_name}-{sequence.last_number + i + 1:05d}",
            holder_name=f"Batch Person {i:04d}",
            granted_on=granted,
            renewal_due=due,
        )
        for i, user in enumerate(users)
    )
    EndorsementNumberSequence.objects.filter(pk=sequence.pk).update(last_number=sequence.last_number + count)
    certificates = Certificate.objects.bulk_create(
        Certificate(endorsement=e, valid_from=granted, valid_until=due) for e in endorsements
    )
    return [c.pk for c in certificates]


def measure_single(certificate, renders):
    render_certificate_pdf(certificate)  # warm up: fonts, templates
    timings = []
    for _ in range(renders):
        began = time.perf_counter()
        pdf = render_certificate_pdf(certificate)
        timings.append((time.perf_counter() - began) * 1000)
    tracemalloc.start()
    render_certificate_pdf(certificate)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    timings.sort()
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    return statistics.median(timings), p95, peak, len(pdf)


def worker_env(redis_url, media_root):
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="endorsement.settings",
        DATABASE_URL=url,
        REDIS_URL=redis_url,
        MEDIA_ROOT=media_root,
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        CERTIFICATE_RENDER_PAUSE_SECONDS="0",
    )
    return env


def wait_rendered(ids, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Certificate.objects.filter(pk__in=ids, rendered_at__isnull=True).count() == 0:
            return True
        time.sleep(0.25)
    return False


def batch_on_worker(ids, redis_url, media_root):
    import redis
    from celery import Celery

    redis.Redis.from_url(redis_url).flushdb()
    command = [sys.executable, "-m", "celery", "-A", "endorsement", "worker", "--pool=prefork", "-c", "2"]
    command += ["--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    worker = subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        env=worker_env(redis_url, media_root),
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        # Let the worker boot before the clock starts: the figure is rendering, not start-up.
        sender = Celery("bench", broker=redis_url)
        sender.send_task("renewals.tasks.render_certificate", kwargs={"certificate_id": ids[0]})
        if not wait_rendered(ids[:1], 60):
            raise SystemExit("the worker did not render the first certificate within 60 s")
        rest = ids[1:]
        began = time.perf_counter()
        for pk in rest:
            sender.send_task("renewals.tasks.render_certificate", kwargs={"certificate_id": pk})
        sender.close()
        if not wait_rendered(rest, 1800):
            raise SystemExit("the batch did not finish within 30 minutes")
        return len(rest), time.perf_counter() - began
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        redis.Redis.from_url(redis_url).flushdb()


def _render_chunk(ids):
    connections.close_all()  # a forked process needs its own database connection
    from renewals.tasks import render_certificate

    for pk in ids:
        render_certificate.run(certificate_id=pk)
    connections.close_all()


def batch_on_processes(ids):
    connections.close_all()
    began = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_render_chunk, [ids[0::2], ids[1::2]])
    return len(ids), time.perf_counter() - began


def redis_answers(redis_url):
    try:
        import redis

        return redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except Exception:  # noqa: BLE001 - any failure means "no broker here"
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument(
        "--no-worker", action="store_true", help="Use two processes instead of a Celery worker."
    )
    args = parser.parse_args()
    media_root = temporary_media("bench-certificates-")
    with throwaway_database():
        call_command("load_guidelines", verbosity=0)
        certificate = endorse_one()
        median, p95, peak, size = measure_single(certificate, args.renders)
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"database: {connection.vendor}")
        print(f"one certificate, {args.renders} renders in-process:")
        print(f"  median {median:.0f} ms, p95 {p95:.0f} ms, PDF {size / 1024:.1f} KiB")
        print(f"  peak Python memory of one render {peak / 1024 / 1024:.1f} MiB (tracemalloc)")
        print(f"  process max RSS {maxrss:.0f} MiB")

        ids = create_batch(args.batch)
        use_worker = not args.no_worker and connection.vendor == "postgresql" and redis_answers(args.redis)
        if use_worker:
            count, seconds = batch_on_worker(ids, args.redis, media_root)
            how = f"a real Celery worker (prefork -c 2) over {args.redis}"
        else:
            count, seconds = batch_on_processes(ids)
            how = "two multiprocessing processes (no Redis or --no-worker)"
        stored = Certificate.objects.filter(pk__in=ids, rendered_at__isnull=False).count()
        files = len(list(Path(media_root, "certificates").glob("ORIMHA-*.pdf"))) - 1  # less the single one
        print(f"batch of {len(ids)} certificates on {how}:")
        print(
            f"  {count} timed (after one that warms the worker up): {seconds:.1f} s, {count / seconds:.1f} certificates/s"
        )
        print(f"  {stored} of {len(ids)} recorded as rendered, {files} files stored")


if __name__ == "__main__":
    main()
