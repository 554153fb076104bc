from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from competencies.loader import export_edition
from competencies.models import Edition


class Command(BaseCommand):
    help = "Write an edition back to fixtures/<edition>/ in the format load_guidelines reads."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="The edition's slug, e.g. orimha.")
        parser.add_argument("--dir", help="Write into this folder instead of fixtures/<edition>/.")

    def handle(self, *args, edition, **options):
        try:
            instance = Edition.objects.select_related("association").get(slug=edition)
        except Edition.DoesNotExist:
            known = ", ".join(Edition.objects.values_list("slug", flat=True)) or "none loaded"
            raise CommandError(f"No edition {edition!r} (known: {known}).") from None
        folder = Path(options.get("dir") or Path(settings.GUIDELINES_DIR) / edition)
        export_edition(instance, folder)
        self.stdout.write(f"Wrote {edition} to {folder}")
