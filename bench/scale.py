"""Benchmark: every page whose SQL may grow with the data, at 1k, 10k and 100k applications.

Run: .venv/bin/python bench/scale.py [--scales 1k,10k,100k] [--reuse] [--repeat 15]

Each scale lives in its own PostgreSQL database, ``ea_perf_bench_<scale>`` on the server of
DATABASE_URL: created, migrated, seeded (`seed_demo --applications N`, `seed_endorsements`)
and VACUUM ANALYZEd; ``--reuse`` keeps a database already seeded at that scale (it is still
migrated, so new indexes apply). Each scale is then measured in a child process on the
production settings (DEBUG=false), through Django's test client: the pages are requested
round-robin, so that each ratio to /healthz comes from the same run, and each row prints the
median, the p95, the SQL queries of one request and the median's ratio to /healthz. The
growth from the smallest to the largest scale closes the report.
"""

import os
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
