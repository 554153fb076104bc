"""Deployment checks (`manage.py check --deploy`) for what an operator must set by hand."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


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
