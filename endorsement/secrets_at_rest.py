"""Which stored secrets are encrypted, and re-encrypting them (`rotate_encryption_key`, migrations).

allauth keeps an authenticator's secrets in its JSON `data`: a TOTP secret under "secret", a
recovery-code seed under "seed" (and codes migrated from elsewhere under "migrated_codes").
"""

from . import encryption


def _looks_encrypted(value):
    try:
        encryption.decrypt(value)
    except (encryption.InvalidToken, TypeError, AttributeError):
        return False
    return True


def _convert(value, rotate_only):
    if _looks_encrypted(value):
        return encryption.rotate(value)
    if rotate_only:
        raise encryption.InvalidToken("a stored secret does not decrypt with any key in ENCRYPTION_KEYS")
    return encryption.encrypt(value)


def encrypt_authenticator_data(data, *, rotate_only=False):
    """The data with every secret encrypted with the first key (plain ones encrypted too)."""
    data = dict(data)
    for key in ("secret", "seed"):
        if data.get(key):
            data[key] = _convert(data[key], rotate_only)
    if data.get("migrated_codes"):
        data["migrated_codes"] = [_convert(code, rotate_only) for code in data["migrated_codes"]]
    return data


def encrypt_authenticators(Authenticator, *, rotate_only=False):
    """Re-encrypt every authenticator's secrets; returns how many rows changed."""
    changed = 0
    for authenticator in Authenticator.objects.all().iterator():
        data = encrypt_authenticator_data(authenticator.data, rotate_only=rotate_only)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            changed += 1
    return changed
