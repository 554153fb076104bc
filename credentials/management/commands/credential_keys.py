"""Create, rotate or list the associations' credential signing keys."""

from django.core.management.base import BaseCommand, CommandError

from competencies.models import Association
from credentials import keys
from credentials.document import verification_method
from credentials.models import IssuerKey


class Command(BaseCommand):
    help = (
        "Create (once), rotate or list the Ed25519 keys that sign each association's credentials. "
        "A rotated key is retired, not deleted: the credentials it signed keep verifying."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "rotate", "list"])
        parser.add_argument("--association", help="The association's slug; default: every association.")

    def handle(self, *args, action, association=None, **options):
        associations = Association.objects.order_by("slug")
        if association:
            associations = associations.filter(slug=association)
            if not associations.exists():
                raise CommandError(f"No association has the slug {association!r}.")
        for each in associations:
            if action == "create":
                key = keys.create_key(each)
                self.stdout.write(f"{each.slug}: active key {verification_method(key)}")
            elif action == "rotate":
                key = keys.create_key(each, rotate=True)
                self.stdout.write(f"{each.slug}: new active key {verification_method(key)}")
            for key in IssuerKey.objects.filter(association=each).order_by("created_at", "pk"):
                if action == "list":
                    until = f"retired {key.retired_at:%Y-%m-%d %H:%M}" if key.retired_at else "in use"
                    self.stdout.write(
                        f"{each.slug} {key.key_id}: from {key.created_at:%Y-%m-%d %H:%M}, {until} "
                        f"({verification_method(key)})"
                    )
