"""Load: the mixed traffic (50% public pages, 30% applicant pages, 20% coordinator pages) next
to /healthz, at 8 and 32 clients, on two sync gunicorn workers, with wrk (Debian's `wrk`).

Run: .venv/bin/python bench/load.py [--scale 10k] [--seconds 8] [--rounds 3] [--clients 8,32]

Uses the database that `bench/scale.py` seeded for that scale (run it first, `--seed-only`
will do), starts gunicorn on 127.0.0.1:8711 only, on the production settings (DEBUG=false),
signs a coordinator and an applicant in (their session cookies go in the requests' headers),
checks every page answers 200, then runs wrk for a bounded time, /healthz and the mix in turn
for a few rounds per client count (so that a slower moment of the shared machine weighs on
both), and prints the medians of the rounds: requests per second, the share of the /healthz
rate, p50/p95/p99, and the errors of every round (connection errors, timeouts and any answer
that is not 2xx or 3xx).
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from scale import PRODUCTION_ENV, ROOT, SCALES, database_url, manage

PORT = 8711
BASE = f"http://127.0.0.1:{PORT}"

WRK_SCRIPT = """
local pages = %(pages)s
local total = 0
for _, page in ipairs(pages) do total = total + page.weight end
math.randomseed(os.time())
request = function()
  local pick = math.random() * total
  for _, page in ipairs(pages) do
    pick = pick - page.weight
    if pick <= 0 then
      return wrk.format("GET", page.path, page.headers)
    end
  end
  local last = pages[#pages]
  return wrk.format("GET", last.path, last.headers)
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%.2f %%.2f %%.2f\\n",
    summary.requests, summary.duration, errors.connect, errors.read, errors.write, errors.status,
    errors.timeout, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""

SIGN_IN = """
import json
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from applications.models import Application
from renewals.models import Endorsement
from reviews import queue

def cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value

users = get_user_model().objects
coordinator = users.get(username="coordinator@example.org")
if not Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists():
    TOTP.activate(coordinator, generate_totp_secret())
draft = Application.objects.filter(status=Application.Status.DRAFT).order_by("pk").first()
in_review = Application.objects.filter(status=Application.Status.IN_REVIEW).order_by("pk").first()
endorsement = Endorsement.objects.order_by("pk").first()
print("PAGES " + json.dumps({
    "coordinator": cookie(coordinator),
    "applicant": cookie(draft.applicant),
    "overview": reverse("applications:overview", args=[draft.pk]),
    "work": reverse("reviews:work", args=[in_review.pk]),
    "verify": reverse("verify:detail", args=[endorsement.verification_code]),
}))
"""


def mixed_pages(found):
    """(path, role, weight): 50% public, 30% applicant, 20% coordinator."""
    public = [
        "/",
        "/guidelines/",
        "/guidelines/orimha/ifs/",
        "/directory/",
        "/directory/?q=garcia",
        found["verify"],
    ]
    applicant = ["/applications/", found["overview"]]
    coordinator = [
        "/coordinator/",
        "/coordinator/?status=&q=garcia",
        "/coordinator/?status=submitted&category=IFS",
        "/coordinator/dashboard/",
        found["work"],
    ]
    return (
        [(path, None, 50 / len(public)) for path in public]
        + [(path, "applicant", 30 / len(applicant)) for path in applicant]
        + [(path, "coordinator", 20 / len(coordinator)) for path in coordinator]
    )


def headers_for(role, found):
    # Behind the proxy in production: it says the request came over HTTPS.
    headers = {"X-Forwarded-Proto": "https"}
    if role:
        headers["Cookie"] = f"sessionid={found[role]}"
    return headers


def lua_table(pages, found):
    rows = []
    for path, role, weight in pages:
        headers = ", ".join(f'["{name}"] = "{value}"' for name, value in headers_for(role, found).items())
        rows.append(f'{{path = "{path}", weight = {weight}, headers = {{{headers}}}}}')
    return "{" + ", ".join(rows) + "}"


def check(pages, found):
    for path, role, _weight in pages:
        request = urllib.request.Request(BASE + path, headers=headers_for(role, found))
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 -- loopback only
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}")


def wrk(script, clients, seconds):
    threads = min(clients, 2)
    output = subprocess.run(  # noqa: S603
        [
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            script,
            BASE + "/",
        ],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    requests, duration, connect, read, write, status, timeout, p50, p95, p99 = line.split()[1:]
    return {
        "rate": int(requests) / (int(duration) / 1e6),
        "requests": int(requests),
        "errors": int(connect) + int(read) + int(write) + int(status) + int(timeout),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
    }


def median_of(runs):
    """The median of each figure over the rounds; the errors of every round."""
    row = {key: statistics.median(run[key] for run in runs) for key in ("rate", "p50", "p95", "p99")}
    row["errors"] = sum(run["errors"] for run in runs)
    return row


def wait_for_server():
    for _ in range(100):
        try:
            with urllib.request.urlopen(BASE + "/healthz", timeout=2):  # noqa: S310 -- loopback only
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="10k", choices=list(SCALES))
    parser.add_argument("--seconds", type=int, default=8, help="per run of wrk")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each load, in turn")
    parser.add_argument("--clients", default="8,32")
    args = parser.parse_args()
    url = database_url(f"ea_perf_bench_{args.scale}")
    env = {**os.environ, "DATABASE_URL": url, **PRODUCTION_ENV}
    env.pop("REDIS_URL", None)
    manage(url, "collectstatic", "--noinput", "--verbosity=0", env=PRODUCTION_ENV)
    signed_in = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", SIGN_IN],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = json.loads(next(line for line in signed_in.splitlines() if line.startswith("PAGES "))[6:])
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "endorsement.wsgi:application",
            f"--bind=127.0.0.1:{PORT}",
            "--workers=2",
            "--worker-class=sync",
            "--timeout=60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_server()
        mixed = mixed_pages(found)
        check(mixed, found)
        with tempfile.TemporaryDirectory() as folder:
            scripts = {}
            for name, pages in (("/healthz", [("/healthz", None, 1)]), ("mixed", mixed)):
                scripts[name] = Path(folder) / f"{name.strip('/')}.lua"
                scripts[name].write_text(WRK_SCRIPT % {"pages": lua_table(pages, found)})
            for name in scripts:  # warm both workers up
                wrk(scripts[name], 2, 2)
            print(
                f"{args.scale} applications; two sync gunicorn workers; {args.rounds} rounds of "
                f"{args.seconds} s each, /healthz and the mix in turn; medians of the rounds"
            )
            print(
                f"{'load':<10}{'clients':>8}{'req/s':>9}{'of healthz':>12}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
            )
            for clients in [int(c) for c in args.clients.split(",")]:
                # In turn, so that a moment when the shared machine is slower weighs on both.
                rounds = {"/healthz": [], "mixed": []}
                for _round in range(args.rounds):
                    for name in rounds:
                        rounds[name].append(wrk(scripts[name], clients, args.seconds))
                figures = {name: median_of(runs) for name, runs in rounds.items()}
                for name, row in figures.items():
                    share = row["rate"] / figures["/healthz"]["rate"] * 100
                    print(
                        f"{name:<10}{clients:>8}{row['rate']:>9.1f}{share:>11.1f}%{row['p50']:>9.1f}"
                        f"{row['p95']:>9.1f}{row['p99']:>9.1f}{row['errors']:>8}",
                        flush=True,
                    )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
