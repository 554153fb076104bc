"""TOTP secrets are encrypted at rest with ENCRYPTION_KEYS, existing ones by a migration, and rotated."""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from competencies.models import Association
from credentials import keys as credential_keys
from endorsement import encryption, outbox
from endorsement.models import QueuedTask
from tests.applications.factories import make_user
from tests.endorsement.staff_factories import give_totp

pytestmark = pytest.mark.django_db

encrypt_migration = importlib.import_module("endorsement.migrations.0003_encrypt_totp_secrets")


def totp_code(secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    return format_hotp_value(hotp_value(secret, list(yield_hotp_counters_from_time())[0]))


def test_a_new_totp_secret_is_stored_encrypted_and_still_validates():
    user = make_user()
    secret = give_totp(user)

    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]

    assert secret not in stored
    assert encryption.decrypt(stored) == secret
    assert TOTP(Authenticator.objects.get(user=user, type="totp")).validate_code(totp_code(secret))


def test_the_migration_encrypts_plain_secrets_and_leaves_encrypted_ones_readable():
    plain_user, other = make_user(), make_user()
    Authenticator.objects.create(user=plain_user, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    Authenticator.objects.create(
        user=plain_user, type="recovery_codes", data={"seed": "ab" * 40, "used_mask": 0}
    )
    already = give_totp(other)

    encrypt_migration.encrypt_secrets(apps, None)

    rows = {(a.user_id, a.type): a.data for a in Authenticator.objects.all()}
    assert encryption.decrypt(rows[plain_user.pk, "totp"]["secret"]) == "JBSWY3DPEHPK3PXP"
    assert encryption.decrypt(rows[plain_user.pk, "recovery_codes"]["seed"]) == "ab" * 40
    assert encryption.decrypt(rows[other.pk, "totp"]["secret"]) == already
    totp = TOTP(Authenticator.objects.get(user=plain_user, type="totp"))
    assert totp.validate_code(totp_code("JBSWY3DPEHPK3PXP"))


def test_rotating_the_key_re_encrypts_everything_and_the_old_key_can_then_go(
    settings, guidelines, django_capture_on_commit_callbacks
):
    old_key, new_key = encryption.generate_key(), encryption.generate_key()
    settings.ENCRYPTION_KEYS = [old_key]
    user = make_user()
    secret = give_totp(user)
    from applications.tasks import send_rating_invitation

    row = outbox.enqueue(send_rating_invitation, reference_id=1, token="the-only-copy")
    signing_key = credential_keys.create_key(Association.objects.get(slug="orimha"))
    public = credential_keys.public_key(signing_key)

    settings.ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_encryption_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.ENCRYPTION_KEYS = [new_key]

    stored = Authenticator.objects.get(user=user, type="totp").data["secret"]
    assert encryption.decrypt(stored) == secret
    assert "the-only-copy" in encryption.decrypt(QueuedTask.objects.get(pk=row.pk).payload)
    # The credential signing key still signs, with only the new key configured.
    signing_key.refresh_from_db()
    public.verify(credential_keys.private_key(signing_key).sign(b"proof"), b"proof")


def test_rotation_without_the_old_key_changes_nothing_and_says_why(settings):
    settings.ENCRYPTION_KEYS = [encryption.generate_key()]
    user = make_user()
    give_totp(user)
    before = Authenticator.objects.get(user=user, type="totp").data
    settings.ENCRYPTION_KEYS = [encryption.generate_key()]

    with pytest.raises(CommandError, match="Keep the old key in ENCRYPTION_KEYS"):
        call_command("rotate_encryption_key")
    assert Authenticator.objects.get(user=user, type="totp").data == before


def test_generate_prints_a_usable_key(capsys):
    call_command("rotate_encryption_key", "--generate")
    key = capsys.readouterr().out.strip()
    from cryptography.fernet import Fernet

    assert Fernet(key.encode())
