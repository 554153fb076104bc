"""Benchmark: the credential status list at 100,000 endorsements.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/endorsement_bench_status \
         .venv/bin/python bench/status_list.py [--endorsements 100000] [--seed 1]

In a throwaway test database, one association's Bitstring Status List holds an entry per
endorsement's credential; a share of them (0 %, 1 %, 5 %, 10 %, 25 %) is revoked at random, as
lapses and revocations would, set through `credentials.status.set_bits` in batches of 1,000 (the
sweep's batch size). For each share it prints the size of the encoded list, of the signed
status list credential as served (JSON) and as sent with HTTP gzip, the time to set one batch's
bits and the time to sign the list.
"""

import argparse
import gzip
import json
import random
import statistics
import time

from harness import throwaway_database  # sets Django up before anything imports a model

# isort: split
from django.core.management import call_command
from django.db import transaction

from competencies.models import Association
from credentials import keys, status
from credentials.models import StatusList

BATCH = 1000
SHARES = (0.0, 0.01, 0.05, 0.10, 0.25)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endorsements", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    random.seed(args.seed)
    with throwaway_database():
        call_command("load_guidelines", verbosity=0)
        association = Association.objects.order_by("slug").first()
        keys.create_key(association)
        print(
            f"Status list of {args.endorsements:,} credentials (list size {status.STATUS_LIST_SIZE:,} bits)"
        )
        print(
            f"{'revoked':>8} {'encodedList':>12} {'served JSON':>12} {'HTTP gzip':>10} {'batch of 1,000':>15} {'sign':>8}"
        )
        for share in SHARES:
            StatusList.objects.filter(association=association).delete()
            status_list = StatusList.objects.create(
                association=association, number=1, bits=status.empty_bits(), next_index=args.endorsements
            )
            revoked = random.sample(range(args.endorsements), int(args.endorsements * share))
            batch_times = []
            for start in range(0, len(revoked), BATCH):
                began = time.perf_counter()
                with transaction.atomic():
                    status.set_bits([(status_list.pk, index) for index in revoked[start : start + BATCH]])
                batch_times.append(time.perf_counter() - began)
            status_list.refresh_from_db()
            began = time.perf_counter()
            document = status.status_list_document(status_list, keys.active_key(association))
            signing = time.perf_counter() - began
            body = json.dumps(document, indent=2).encode()
            encoded = len(document["credentialSubject"]["encodedList"])
            batch = f"{statistics.median(batch_times) * 1000:.1f} ms" if batch_times else "—"
            print(
                f"{share:>8.0%} {encoded:>10,} B {len(body):>10,} B {len(gzip.compress(body)):>8,} B "
                f"{batch:>15} {signing * 1000:>5.1f} ms"
            )


if __name__ == "__main__":
    main()
