"""Benchmark: every page whose SQL may grow with the data, at 1k, 10k and 100k applications.

Run: .venv/bin/python bench/scale.py [--scales 1k,10k,100k] [--reuse] [--repeat 15]

Each scale lives in its own PostgreSQL database, ``ea_perf_bench_<scale>`` on the server of
DATABASE_URL: created, migrated, seeded (`seed_demo --applications N`, `seed_endorsements`)
and VACUUM ANALYZEd; ``--reuse`` keeps a database already seeded at that scale (it is still
migrated, so new indexes apply). Each scale is then measured in a child process on the
production settings (DEBUG=false), through Django's test client: the pages are requested
round-robin, so that each ratio to /healthz comes from the same run, and each row prints the
median, the p95, the SQL queries of one warm request and the median's ratio to /healthz. The
growth from the smallest to the largest scale closes the report.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SCALES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}


def database_url(name):
    base = urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres")
    return urlunsplit(base._replace(path=f"/{name}"))


def psql(sql, *, database="postgres"):
    url = database_url(database)
    result = subprocess.run(
        ["psql", url, "-XAtqc", sql],
        capture_output=True,
        text=True,
        check=True,  # noqa: S607
    )
    return result.stdout.strip()


def manage(url, *args, env=None):
    environment = {**os.environ, "DATABASE_URL": url, **(env or {})}
    environment.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, check=True)  # noqa: S603


def seeded_applications(name):
    try:
        return int(psql("SELECT count(*) FROM applications_application", database=name) or 0)
    except subprocess.CalledProcessError:
        return 0


def prepare(scale, *, reuse):
    """The database of `scale`, seeded (or reused) and analyzed; returns its URL."""
    name, wanted = f"ea_perf_bench_{scale}", SCALES[scale]
    url = database_url(name)
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"  # noqa: S608
    if exists and not (reuse and seeded_applications(name) >= wanted):
        psql(f'DROP DATABASE "{name}" WITH (FORCE)')
        exists = False
    if not exists:
        psql(f'CREATE DATABASE "{name}"')
    manage(url, "migrate", "--verbosity=0")
    if seeded_applications(name) < wanted:
        began = time.perf_counter()
        manage(url, "load_guidelines", "--verbosity=0")
        manage(url, "seed_demo", f"--applications={wanted}", "--verbosity=0")
        manage(url, "seed_endorsements", "--verbosity=0")
        print(f"{scale}: seeded {wanted} applications in {time.perf_counter() - began:.0f} s", flush=True)
    psql("VACUUM ANALYZE", database=name)
    return url


# --- measuring one scale (in a child process, on the production settings) --------------------

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-for-any-real-site-0123456789",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "SITE_URL": "https://bench.example.org",
    "LOG_LEVEL": "WARNING",
    # The production shape serves hashed static files: collected once into a folder of our own.
    "DATA_DIR": "/tmp/ea_perf_bench_data",
}


def pages(client_for):
    """(label, client, url) of every page measured, /healthz first."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from applications.models import Application
    from renewals.models import Endorsement
    from reviews import queue

    users = get_user_model().objects
    coordinator = users.get(username="coordinator@example.org")
    in_review = Application.objects.filter(status=Application.Status.IN_REVIEW).order_by("pk").first()
    applicant_app = Application.objects.filter(status=Application.Status.DRAFT).order_by("pk").first()
    endorsement = Endorsement.objects.order_by("pk").first()
    everything = queue.total_of(queue.status_counts(coordinator, {}), "")
    last_page = max((everything + 49) // 50, 1)
    q = reverse("reviews:queue")
    staff = client_for(coordinator)
    applicant = client_for(applicant_app.applicant)
    anonymous = client_for(None)
    return [
        ("/healthz", anonymous, reverse("healthz")),
        ("home (public)", anonymous, "/"),
        ("guideline page (public)", anonymous, "/guidelines/orimha/ifs/"),
        ("verify (public)", anonymous, reverse("verify:detail", args=[endorsement.verification_code])),
        ("directory default", anonymous, reverse("directory:index")),
        ("directory ?q=garcia", anonymous, reverse("directory:index") + "?q=garcia"),
        ("applicant home", applicant, reverse("applications:home")),
        ("applicant overview", applicant, reverse("applications:overview", args=[applicant_app.pk])),
        ("queue default (needs you)", staff(), q),
        ("queue every status", staff(), q + "?status="),
        ("queue ?status&category", staff(), q + "?status=submitted&category=IFS"),
        ("queue ?q=garcia", staff(), q + "?status=&q=garcia"),
        ("queue sort by name", staff(), q + "?status=&sort=name"),
        ("queue last page", staff(), q + f"?status=&page={last_page}"),
        ("coordinator dashboard", staff(), reverse("reviews:dashboard")),
        ("coordinator work page", staff(), reverse("reviews:work", args=[in_review.pk])),
    ]


def measure_here(repeat):
    """Round-robin over every page, `repeat` times; returns one dict a page."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import connection
    from django.test import Client

    def client_for(user):
        def make():
            client = Client(HTTP_X_FORWARDED_PROTO="https")
            client.force_login(user)
            return client

        if user is None:
            return Client(HTTP_X_FORWARDED_PROTO="https")
        if user.is_staff or user.groups.exists():
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, generate_totp_secret())
            return make
        return make()

    measured = pages(client_for)

    def get(client, url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    def queries(client, url):
        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            get(client, url)
        return len(executed)

    for _label, client, url in measured:  # warm up: what is kept per process or per guidelines
        get(client, url)
    # Counted on a warm request, as every visitor after the first sees it.
    counted = {label: queries(client, url) for label, client, url in measured}
    timings = {label: [] for label, _client, _url in measured}
    for _round in range(repeat):
        for label, client, url in measured:
            began = time.perf_counter()
            get(client, url)
            timings[label].append((time.perf_counter() - began) * 1000)
    rows = []
    for label, _client, url in measured:
        values = sorted(timings[label])
        rows.append(
            {
                "page": label,
                "url": url,
                "median": statistics.median(values),
                "p95": values[max(int(len(values) * 0.95 + 0.5) - 1, 0)],
                "queries": counted[label],
            }
        )
    healthz = rows[0]["median"]
    for row in rows:
        row["x_healthz"] = row["median"] / healthz
    return rows


def print_scale(scale, rows):
    print(f"\n{scale} applications")
    print(f"{'page':<28}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'× healthz':>11}")
    for row in rows:
        print(
            f"{row['page']:<28}{row['median']:>10.1f}{row['p95']:>9.1f}{row['queries']:>9}"
            f"{row['x_healthz']:>11.1f}"
        )


def print_growth(results):
    first, last = list(results)[0], list(results)[-1]
    if first == last:
        return
    print(f"\ngrowth from {first} to {last}")
    print(f"{'page':<28}{'median':>10}{'× healthz':>11}{'queries':>12}")
    small = {row["page"]: row for row in results[first]}
    for row in results[last]:
        base = small[row["page"]]
        print(
            f"{row['page']:<28}{row['median'] / base['median']:>9.2f}×{row['x_healthz'] / base['x_healthz']:>10.2f}×"
            f"{base['queries']:>6} → {row['queries']}"
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="1k,10k,100k", help="comma-separated, of " + ", ".join(SCALES))
    parser.add_argument("--reuse", action="store_true", help="keep a database already seeded at that scale")
    parser.add_argument("--repeat", type=int, default=15, help="rounds over every page")
    parser.add_argument("--seed-only", action="store_true", help="prepare the databases, measure nothing")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--measure-here", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure_here:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endorsement.settings")
        import django

        django.setup()
        print(json.dumps(measure_here(args.repeat)))
        return
    scales = [scale.strip() for scale in args.scales.split(",") if scale.strip()]
    unknown = [scale for scale in scales if scale not in SCALES]
    if unknown:
        parser.error(f"unknown scale(s) {', '.join(unknown)}; choose from {', '.join(SCALES)}")
    results = {}
    for scale in scales:
        url = prepare(scale, reuse=args.reuse)
        if args.seed_only:
            continue
        manage(url, "collectstatic", "--noinput", "--verbosity=0", env=PRODUCTION_ENV)
        child = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--measure-here", scale, f"--repeat={args.repeat}"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url, **PRODUCTION_ENV},
            capture_output=True,
            text=True,
        )
        if child.returncode:
            sys.stderr.write(child.stderr)
            raise SystemExit(f"measuring {scale} failed")
        results[scale] = json.loads(child.stdout.strip().splitlines()[-1])
        print_scale(scale, results[scale])
    if results:
        print_growth(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
