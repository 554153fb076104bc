"""Encrypt the TOTP secrets and recovery-code seeds allauth stored in plain text."""

from django.db import migrations


def encrypt_secrets(apps, schema_editor):
    from endorsement.secrets_at_rest import encrypt_authenticators

    encrypt_authenticators(apps.get_model("mfa", "Authenticator"))


class Migration(migrations.Migration):
    dependencies = [
        ("endorsement", "0002_outbox"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, migrations.RunPython.noop)]
