from django.core.management.base import BaseCommand, CommandError

from competencies.loader import GuidelineFormatError, load_all


class Command(BaseCommand):
    help = (
        "Load new editions of the competency guidelines from fixtures/ and update draft ones "
        "(idempotent). A published or retired edition is the database's: it is kept as it is and "
        "what its fixture would change is reported, unless named with --update-published."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Read editions from this folder instead of fixtures/.")
        parser.add_argument(
            "--update-published",
            action="append",
            default=[],
            metavar="EDITION",
            help="Overwrite this published edition with its fixture, admins' edits included (repeatable).",
        )

    def handle(self, *args, **options):
        try:
            reports = load_all(options.get("dir"), update_published=options["update_published"])
        except (GuidelineFormatError, OSError, KeyError) as error:
            raise CommandError(f"Could not load the guidelines: {error}") from error
        if not reports:
            raise CommandError("No edition found (each edition is a folder with an edition.yaml).")
        unknown = set(options["update_published"]) - {report.edition for report in reports}
        if unknown:
            raise CommandError(
                f"--update-published: no edition {', '.join(sorted(unknown))} in the fixtures."
            )
        for report in reports:
            if report.skipped:
                self.stdout.write(self.style.WARNING(str(report)))
            elif options["verbosity"]:
                self.stdout.write(str(report))
