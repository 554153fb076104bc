"""Re-encrypt every secret kept at rest with the first key of ENCRYPTION_KEYS."""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from endorsement import encryption
from endorsement.models import QueuedTask
from endorsement.secrets_at_rest import encrypt_authenticators


class Command(BaseCommand):
    help = (
        "Re-encrypts TOTP secrets, recovery-code seeds and queued tasks with the first key in "
        "ENCRYPTION_KEYS. Rotate a key: put a new key first (--generate prints one), keep the old "
        "one after it, restart, run this command, then remove the old key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--generate", action="store_true", help="print a new key and change nothing")

    def handle(self, *args, generate=False, **options):
        if generate:
            self.stdout.write(encryption.generate_key())
            return
        try:
            with transaction.atomic():
                authenticators = encrypt_authenticators(Authenticator, rotate_only=True)
                tasks = 0
                for row in QueuedTask.objects.select_for_update().exclude(payload=""):
                    row.payload = encryption.rotate(row.payload)
                    row.save(update_fields=["payload"])
                    tasks += 1
        except encryption.InvalidToken as exc:
            raise CommandError(
                f"Nothing was changed: {exc}. Keep the old key in ENCRYPTION_KEYS, after the new one."
            ) from None
        self.stdout.write(
            f"Re-encrypted {authenticators} authenticators and {tasks} queued tasks with the first key."
        )
