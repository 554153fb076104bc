"""Deployment checks (`manage.py check --deploy`) for what an operator must set by hand."""

from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs):
    site = urlsplit(settings.SITE_URL)
    found = []
    if site.scheme != "https":
        found.append(
            Warning(
                f"SITE_URL is {settings.SITE_URL}: certificates and emails will show an address without https.",
                hint="Set SITE_URL to the https address people use, e.g. https://endorse.example.org.",
                id="endorsement.W001",
            )
        )
    allowed = settings.ALLOWED_HOSTS
    if (
        site.hostname
        and "*" not in allowed
        and not any(
            site.hostname == host or (host.startswith(".") and site.hostname.endswith(host))
            for host in allowed
        )
    ):
        found.append(
            Warning(
                f"SITE_URL's host {site.hostname} is not in ALLOWED_HOSTS: links in emails and on "
                "certificates would be refused.",
                hint="Add it to ALLOWED_HOSTS.",
                id="endorsement.W002",
            )
        )
    return found


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
            id="endorsement.W003",
        )
    ]
