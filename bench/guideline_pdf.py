"""Benchmark: a guideline PDF after its first render, next to its HTML page and /healthz.

Run: .venv/bin/python bench/guideline_pdf.py [--repeat 30] [--category imhm-c]
Uses a throwaway test database (PostgreSQL when DATABASE_URL is set, else SQLite) and a
temporary media folder. Tasks run in-process here, so the first PDF request renders it (the
figure issue 16 measured on every request); every later request is served from storage.
Prints the median and p95 of each, and the PDF's median as a ratio to the HTML page and to
/healthz, in the same run.
"""

import argparse
import statistics
import time

from harness import temporary_media, throwaway_database  # sets Django up before anything imports a model

# isort: split
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse


def timed(client, url, repeat, *, expect="text/html"):
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        timings.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200 or not response["Content-Type"].startswith(expect) or not body:
            raise SystemExit(f"{url} answered {response.status_code} {response['Content-Type']}")
    timings.sort()
    return statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--edition", default="orimha")
    parser.add_argument("--category", default="imhm-c")
    args = parser.parse_args()
    temporary_media("bench-guideline-pdf-")
    with throwaway_database():
        call_command("load_guidelines", verbosity=0)
        client = Client()
        html_url = reverse("competencies:category", args=[args.edition, args.category])
        pdf_url = reverse("competencies:category_pdf", args=[args.edition, args.category])
        timed(client, html_url, 3)  # warm up: templates, fonts come with the first render
        began = time.perf_counter()
        timed(client, pdf_url, 1, expect="application/pdf")
        first_render = (time.perf_counter() - began) * 1000

        healthz = timed(client, reverse("healthz"), args.repeat, expect="application/json")
        html = timed(client, html_url, args.repeat)
        pdf = timed(client, pdf_url, args.repeat, expect="application/pdf")
        print(f"database: {connection.vendor}; {pdf_url}, {args.repeat} requests each")
        print(f"  first PDF request (renders it): {first_render:.0f} ms")
        for label, (median, p95) in (("/healthz", healthz), ("HTML page", html), ("PDF, stored", pdf)):
            print(f"  {label:<12} median {median:7.1f} ms  p95 {p95:7.1f} ms")
        print(
            f"  PDF after first render: {pdf[0] / html[0]:.2f}x the HTML page, {pdf[0] / healthz[0]:.1f}x /healthz"
        )
        print(f"  (the first render was {first_render / html[0]:.0f}x the HTML page)")


if __name__ == "__main__":
    main()
