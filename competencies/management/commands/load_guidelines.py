from django.core.management.base import BaseCommand, CommandError

from competencies.loader import GuidelineFormatError, load_all


class Command(BaseCommand):
    help = "Load or update every edition of the competency guidelines in fixtures/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Read editions from this folder instead of fixtures/.")

    def handle(self, *args, **options):
        try:
            reports = load_all(options.get("dir"))
        except (GuidelineFormatError, OSError, KeyError) as error:
            raise CommandError(f"Could not load the guidelines: {error}") from error
        if not reports:
            raise CommandError("No edition found (each edition is a folder with an edition.yaml).")
        for report in reports:
            if options["verbosity"]:
                self.stdout.write(str(report))
