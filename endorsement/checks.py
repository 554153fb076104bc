"""Deployment checks of our own (`manage.py check --deploy`)."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security)
def encryption_keys_are_fernet_keys(app_configs, **kwargs):
    for position, key in enumerate(settings.ENCRYPTION_KEYS, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            return [
                Error(
                    f"Key {position} in ENCRYPTION_KEYS is not a Fernet key (32 url-safe base64-encoded bytes).",
                    hint="python manage.py rotate_encryption_key --generate prints one.",
                    id="endorsement.E001",
                )
            ]
    return []


@register(Tags.security, deploy=True)
def encryption_keys_are_set(app_configs, **kwargs):
    if settings.ENCRYPTION_KEYS_FROM_ENVIRONMENT:
        return []
    return [
        Warning(
            "ENCRYPTION_KEYS is not set: TOTP secrets and queued tasks are encrypted with a key "
            "derived from SECRET_KEY.",
            hint="Set ENCRYPTION_KEYS (python manage.py rotate_encryption_key --generate prints a key), "
            "then run python manage.py rotate_encryption_key.",
            id="endorsement.W001",
        )
    ]
