import json
import sys

from django.core.management.base import BaseCommand

from competencies.rules import FactsError, RuleError
from competencies.services import evaluate_facts


class Command(BaseCommand):
    help = (
        "Evaluate a facts file (JSON, facts format 1) and print the result as JSON. '-' reads standard input."
    )

    def add_arguments(self, parser):
        parser.add_argument("facts", help="Path to a JSON facts file, or - for standard input.")

    def handle(self, *args, facts, **options):
        try:
            if facts == "-":
                data = json.load(sys.stdin)
            else:
                with open(facts, encoding="utf-8") as handle:
                    data = json.load(handle)
        except OSError as error:
            return self._fail(f"cannot read {facts}: {error.strerror}")
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            return self._fail(f"{facts} is not valid JSON: {error}")
        try:
            result = evaluate_facts(data)
        except FactsError as error:
            return self._fail(f"invalid facts: {error.field}: {error.message}")
        except RuleError as error:
            return self._fail(f"invalid facts: {error}")
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))

    def _fail(self, message):
        self.stderr.write(f"error: {message}")
        sys.exit(2)
