"""Re-encrypt every secret kept at rest with the first key of ENCRYPTION_KEYS."""

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from endorsement import encryption
from endorsement.models import QueuedTask
from endorsement.secrets_at_rest import encrypt_authenticators


class Command(BaseCommand):
    help = (
        "Re-encrypts TOTP secrets, recovery-code seeds, queued tasks and the credential signing keys "
        "with the first key in "
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
                signing_keys = 0
                if apps.is_installed("credentials"):
                    # Looked up by name: the project package does not import the apps' models.
                    IssuerKey = apps.get_model("credentials", "IssuerKey")
                    for key in IssuerKey.objects.select_for_update():
                        token = encryption.rotate(bytes(key.private_key_encrypted).decode())
                        key.private_key_encrypted = token.encode()
                        key.save(update_fields=["private_key_encrypted"])
                        signing_keys += 1
        except encryption.InvalidToken as exc:
            raise CommandError(
                f"Nothing was changed: {exc}. Keep the old key in ENCRYPTION_KEYS, after the new one."
            ) from None
        self.stdout.write(
            f"Re-encrypted {authenticators} authenticators, {tasks} queued tasks and {signing_keys} "
            "credential signing keys with the first key."
        )
