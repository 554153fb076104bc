"""The associations' Ed25519 signing keys: created, rotated, encrypted at rest, published.

The private key is encrypted at rest like every other secret the database keeps
(`endorsement.encryption`, keys from ENCRYPTION_KEYS), so one rotation covers them all.
"""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.db import IntegrityError, transaction
from django.utils import timezone

from endorsement import encryption

from .models import IssuerKey
from .multibase import encode_multikey


class KeyError_(Exception):
    """A key operation that cannot be done; the message says why."""


def _raw_private(private_key):
    return private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _raw_public(public_key):
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def private_key(issuer_key):
    """The decrypted private key, for signing only; never logged, never served."""
    try:
        raw = base64.b64decode(encryption.decrypt(bytes(issuer_key.private_key_encrypted).decode()))
    except encryption.InvalidToken:
        raise KeyError_(
            f"The private key {issuer_key.key_id} of {issuer_key.association.short_name} cannot be "
            "decrypted: none of the keys in ENCRYPTION_KEYS is the one it was stored with."
        ) from None
    return Ed25519PrivateKey.from_private_bytes(raw)


def encrypt_private(raw):
    """Raw private key bytes as stored: a token of `endorsement.encryption` (rotated with the
    other secrets at rest by `manage.py rotate_encryption_key`)."""
    return encryption.encrypt(base64.b64encode(raw).decode()).encode()


def public_key(issuer_key):
    return Ed25519PublicKey.from_public_bytes(bytes(issuer_key.public_key))


def public_key_multibase(issuer_key):
    return encode_multikey(bytes(issuer_key.public_key))


def _next_key_id(association):
    count = IssuerKey.objects.filter(association=association).count()
    return f"key-{count + 1}"


@transaction.atomic
def create_key(association, *, rotate=False):
    """A new active key; with `rotate`, the current active key is retired first.

    Without `rotate`, an association that already has an active key keeps it (returned as is).
    """
    active = (
        IssuerKey.objects.select_for_update().filter(association=association, retired_at__isnull=True).first()
    )
    if active is not None and not rotate:
        return active
    now = timezone.now()
    if active is not None:
        active.retired_at = now
        active.save(update_fields=["retired_at"])
    key = Ed25519PrivateKey.generate()
    return IssuerKey.objects.create(
        association=association,
        key_id=_next_key_id(association),
        public_key=_raw_public(key.public_key()),
        private_key_encrypted=encrypt_private(_raw_private(key)),
        created_at=now,
    )


def active_key(association):
    """The association's active key, created on first use so the embedded run needs no setup."""
    key = IssuerKey.objects.filter(association=association, retired_at__isnull=True).first()
    if key is not None:
        return key
    try:
        return create_key(association)
    except IntegrityError:
        # Another process created it first.
        return IssuerKey.objects.get(association=association, retired_at__isnull=True)
