"""Benchmark: evaluate a large application (500 training entries, 200 RS/C entries,
30 work periods) against the rules of every category, and print the median time.

Run: .venv/bin/python bench/engine.py [--repeat 200]
Target: under 5 ms per evaluation (median) on the project's 2-core machine.
"""

import argparse
import datetime
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from competencies.rules import evaluate  # noqa: E402
from competencies.rules.source import rules_from_fixtures  # noqa: E402

CATEGORIES = [
    ("orimha", "IFA"),
    ("orimha", "IFS"),
    ("orimha", "IMHS"),
    ("orimha", "IMHM-C"),
    ("orimha", "IMHM-P"),
    ("orimha", "IMHM-R/F"),
    ("mi-aimh-2025", "IFS"),
]


def large_facts(edition, category, seed=7):
    rng = random.Random(seed)
    start = datetime.date(2005, 1, 1)

    def day(offset):
        return (start + datetime.timedelta(days=offset)).isoformat()

    work = []
    for index in range(30):
        begin = rng.randrange(0, 7000)
        work.append(
            {
                "title": f"Position {index}",
                "employer": "Agency",
                "start": day(begin),
                "end": day(begin + rng.randrange(60, 900)),
                "paid": True,
                "infant_related": True,
                "families_served": rng.randrange(0, 15),
                "social_emotional_focus": True,
                "relationship_focus": True,
                "with_infant_and_parent": True,
                "supervised": True,
                "provides_rsc": index % 3 == 0,
                "policy_leadership": index % 4 == 0,
                "university_faculty": index % 5 == 0,
            }
        )
    training = [
        {
            "title": f"Training {i}",
            "date": day(rng.randrange(0, 7300)),
            "hours": rng.choice([1, 1.5, 3, 6]),
            "about_rsc": i % 7 == 0,
        }
        for i in range(500)
    ]
    rsc = []
    for i in range(200):
        begin = rng.randrange(5000, 7200)
        rsc.append(
            {
                "provider": f"Provider {i % 5}",
                "provider_endorsements": ["IMHM-C"] if i % 4 else ["IFS"],
                "format": "group" if i % 2 else "individual",
                "start": day(begin),
                "end": day(begin + rng.randrange(1, 60)),
                "hours": rng.choice([1, 1.5, 2]),
                "about_rsc_provided": i % 2 == 0,
            }
        )
    return {
        "kind": "application",
        "edition": edition,
        "category": category,
        "as_of": "2025-06-30",
        "degrees": [
            {"level": "bachelor", "name": "BA", "conferred": "2004-05-01", "transcript": True},
            {"level": "master", "name": "MSW", "conferred": "2008-05-01", "transcript": True},
        ],
        "work": work,
        "training": training,
        "rsc": rsc,
        "references": [
            {"role": "program_supervisor", "rater_endorsements": ["IMHS"], "status": "submitted"},
            {"role": "rsc_provider", "rater_endorsements": ["IMHM-C"], "status": "submitted"},
            {"role": "colleague", "status": "submitted"},
        ],
        "leadership_activities": [{"description": "Chair of the regional committee"}],
        "exam": {"multiple_choice": "passed", "essay": "passed", "essay_track": "clinical"},
        "code_of_ethics_signed": True,
        "agreement_signed": True,
        "membership": {"association": "ORIMHA", "expires": "2026-01-01"},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    print(f"{'category':<22}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}  status")
    medians = []
    for edition, category in CATEGORIES:
        rules = rules_from_fixtures(edition, category)
        facts = large_facts(edition, category)
        result = evaluate(rules, facts)
        timings = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            evaluate(rules, facts)
            timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        median = statistics.median(timings)
        medians.append(median)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{edition + ' ' + category:<22}{median:>10.2f}{p95:>10.2f}{timings[-1]:>10.2f}  {result['status']}"
        )
    worst = max(medians)
    print(
        f"\nworst median: {worst:.2f} ms per evaluation (target < 5 ms): {'OK' if worst < 5 else 'TOO SLOW'}"
    )


if __name__ == "__main__":
    main()
