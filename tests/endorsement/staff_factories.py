"""Staff users for tests. Staff must have an authenticator app (endorsement.accounts),
so a staff fixture that should reach staff pages activates one."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret


def give_totp(user):
    """Activate an authenticator app (TOTP) for the user; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
