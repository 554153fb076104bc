"""The endorsement certificate: a one-page PDF rendered from `renewals/certificate.html`.

WeasyPrint reads only our own static files (`endorsement.pdf.StaticFilesFetcher`); the QR code
is drawn here as inline SVG, so nothing is fetched. The PDF carries no creation date and a
fixed identifier, so rendering the same certificate again gives the same bytes.
"""

import base64
import hashlib
import mimetypes

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from weasyprint import HTML

from endorsement.extensions import ExtensionPoint
from endorsement.languages import preferred_language
from endorsement.pdf import StaticFilesFetcher

from .models import Certificate

TEMPLATE = "renewals/certificate.html"


def verification_url(endorsement):
    return settings.SITE_URL + reverse("verify:detail", args=[endorsement.verification_code])


QR_URL_PROVIDERS = ExtensionPoint(
    """provider(certificate) -> URL or "": the address the certificate's QR code opens. The
    credentials app answers with the signed credential's public page; with no answer the QR code
    opens the endorsement's verification page."""
)


def qr_url(certificate):
    for provider in QR_URL_PROVIDERS:
        url = provider(certificate)
        if url:
            return url
    return verification_url(certificate.endorsement)


def qr_svg(url):
    """The URL as a QR code, an <svg> element sized by the stylesheet."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    # Drop the XML declaration: the element goes inside the HTML document.
    return svg[svg.index("<svg") :]


def logo_data_uri(association):
    """The association's logo inlined as a data: URL (the PDF renderer fetches nothing), or ""."""
    if not association.logo:
        return ""
    try:
        with association.logo.open("rb") as logo:
            data = logo.read()
    except OSError:
        return ""
    mime_type = mimetypes.guess_type(association.logo.name)[0] or "image/png"
    return f"data:{mime_type};base64,{base64.b64encode(data).decode()}"


#: The endorsement's registered name, printed on every certificate. An edition whose title
#: carries its own ("ORIMHA Competency Guidelines — Endorsement for …®") prints that one.
REGISTERED_WORDING = (
    "Endorsement for Culturally Sensitive, Relationship-Focused Practice Promoting Infant Mental Health®"
)
TITLE_SEPARATOR = " — "


def registered_wording(edition):
    _guidelines, _separator, rest = edition.title.partition(TITLE_SEPARATOR)
    return rest if rest.startswith("Endorsement for ") else REGISTERED_WORDING


def guidelines_title(edition):
    """The edition's title without the registered wording, which the certificate prints apart."""
    guidelines, separator, rest = edition.title.partition(TITLE_SEPARATOR)
    return guidelines if separator and rest == registered_wording(edition) else edition.title


def certificate_context(certificate):
    endorsement = certificate.endorsement
    url = verification_url(endorsement)
    return {
        "certificate": certificate,
        "endorsement": endorsement,
        "category": endorsement.category,
        "edition": endorsement.edition,
        "registered_wording": registered_wording(endorsement.edition),
        "guidelines_title": guidelines_title(endorsement.edition),
        "association": endorsement.association,
        "logo": logo_data_uri(endorsement.association),
        "signatures": endorsement.association.signatures(),
        "verification_url": url,
        "qr_url": qr_url(certificate),
        "qr_svg": qr_svg(qr_url(certificate)),
    }


def file_name(certificate):
    # Numbers contain no slash ("ORIMHA-00012"); the name is fixed so reruns overwrite.
    return f"certificates/{certificate.endorsement.number}-{certificate.valid_until.isoformat()}.pdf"


def render_certificate_pdf(certificate, *, template_name=TEMPLATE, fetcher=None):
    """The certificate's PDF bytes, worded in the holder's language; `fetcher` lets a test see
    what the renderer asked for."""
    with translation.override(preferred_language(certificate.endorsement.holder)):
        html = render_to_string(template_name, certificate_context(certificate))
    base_url = settings.SITE_URL + "/"
    fetcher = fetcher or StaticFilesFetcher(base_url)
    identifier = hashlib.md5(file_name(certificate).encode(), usedforsecurity=False).hexdigest().encode()
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(pdf_identifier=identifier)


def store_certificate(certificate):
    """Render and save the PDF once; True if this call is the one that stored it.

    Two runs may race (a redelivered task while the first worker still runs): each writes the
    same deterministic name, and only the run whose conditional UPDATE finds the row still
    unrendered keeps its file; the other removes a file it saved under another name.
    """
    pdf = render_certificate_pdf(certificate)
    storage = certificate.file.storage
    name = file_name(certificate)
    previous = Certificate.objects.filter(pk=certificate.pk).values_list("file", flat=True).first()
    # A file no row points to was left by a run that died before recording it: replace it. A
    # file the row points to (rendering again) stays until the new one is recorded, so the
    # certificate always has a file; the new one then gets a fresh name.
    if name != previous and storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(pdf))
    stored = Certificate.objects.filter(pk=certificate.pk, rendered_at__isnull=True).update(
        file=saved, sha256=hashlib.sha256(pdf).hexdigest(), rendered_at=timezone.now()
    )
    if stored and previous and previous != saved:
        storage.delete(previous)
    if not stored:
        kept = Certificate.objects.filter(pk=certificate.pk).values_list("file", flat=True).first()
        if saved != kept:
            storage.delete(saved)
    certificate.refresh_from_db()
    return bool(stored)
