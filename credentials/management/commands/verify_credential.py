"""Verify a credential file offline: signature, issuer key, dates and status."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from credentials.verification import verify


class Command(BaseCommand):
    help = (
        "Verify an Open Badges 3.0 credential (JSON file; '-' reads standard input) against this "
        "system's keys and status lists, with no network. Exit status 0 when valid, 1 otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        if file == "-":
            text = sys.stdin.read()
        else:
            try:
                text = Path(file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"Cannot read {file}: {error}") from None
        verdict = verify(text)
        self.stdout.write(verdict.sentence)
        for fact in verdict.facts:
            self.stdout.write(f"  {fact}")
        if not verdict.is_valid:
            sys.exit(1)
