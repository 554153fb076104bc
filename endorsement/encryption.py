"""Encryption at rest for the secrets the database must keep readable.

TOTP secrets and recovery-code seeds (through `accounts.MFAAdapter`) and the payloads of queued
tasks (`outbox`, which may carry a rater's only link) are stored as Fernet tokens (AES-128-CBC
with HMAC-SHA256, from the `cryptography` package).

The keys come from `ENCRYPTION_KEYS` (comma-separated; the first encrypts, every one decrypts).
To rotate: put a new key first (`python manage.py rotate_encryption_key --generate` prints one),
restart, run `python manage.py rotate_encryption_key`, then drop the old key.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "derived_key", "encrypt", "generate_key", "rotate"]


def derived_key(secret):
    """A Fernet key derived from a secret string (the embedded default's SECRET_KEY)."""
    digest = hashlib.sha256(b"endorsement encryption key:" + secret.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def generate_key():
    return Fernet.generate_key().decode()


def _box():
    return MultiFernet([Fernet(key.encode()) for key in settings.ENCRYPTION_KEYS])


def encrypt(text):
    return _box().encrypt(text.encode()).decode()


def decrypt(token):
    """The text of a token made with any of the configured keys; InvalidToken otherwise."""
    return _box().decrypt(token.encode()).decode()


def rotate(token):
    """The same text, encrypted with the first key."""
    return _box().rotate(token.encode()).decode()


def is_current(token):
    """True if the token decrypts with the first key."""
    try:
        Fernet(settings.ENCRYPTION_KEYS[0].encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True
