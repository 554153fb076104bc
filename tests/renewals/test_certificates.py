"""The certificate PDF: what it says, that it fetches nothing remote, and the idempotent task."""

import datetime
import hashlib
import io
import socket
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from pypdf import PdfReader

from endorsement.pdf import StaticFilesFetcher
from renewals import certificates
from renewals.models import Certificate
from renewals.services import endorsements as services
from renewals.tasks import render_certificate

from .endorsee_factories import endorse

pytestmark = pytest.mark.django_db
D = datetime.date


def text_of(pdf):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def certificate(guidelines):
    endorsement = endorse(code="IMHS", name="Jordan Lee", granted_on=D(2026, 5, 4))
    return Certificate.objects.select_related("endorsement").get(endorsement=endorsement)


@pytest.fixture
def no_network():
    def refuse(*args, **kwargs):
        raise AssertionError("the certificate tried to use the network")

    with (
        mock.patch.object(socket.socket, "connect", refuse),
        mock.patch.object(socket, "create_connection", refuse),
        mock.patch.object(socket, "getaddrinfo", refuse),
    ):
        yield


def test_the_certificate_is_one_page_with_name_title_number_dates_and_verification(certificate, no_network):
    pdf = certificates.render_certificate_pdf(certificate)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(text_of(pdf).split())
    endorsement = certificate.endorsement

    assert len(reader.pages) == 1
    assert "Jordan Lee" in text
    assert "Infant Mental Health Specialist (IMHS)" in text
    assert endorsement.edition.title.split(" — ")[0] in text
    assert endorsement.number in text
    assert "May 4, 2026" in text and "December 31, 2026" in text
    assert "Oregon Infant Mental Health Association" in text
    assert f"{settings.SITE_URL}/verify/{endorsement.verification_code}/" in text.replace(" ", "")


def test_the_qr_code_is_inline_svg_of_the_credential_verification_url(certificate):
    from credentials.models import Credential

    context = certificates.certificate_context(certificate)
    html = context["qr_svg"]
    assert html.startswith("<svg") and "<path" in html
    assert "href" not in html and "<image" not in html  # drawn, nothing to fetch
    credential = Credential.objects.get(endorsement=certificate.endorsement)
    assert context["qr_url"] == f"{settings.SITE_URL}/credentials/{credential.uuid}/"
    assert html == certificates.qr_svg(context["qr_url"])
    assert html != certificates.qr_svg(context["verification_url"])


def test_the_certificate_is_worded_in_the_holders_language(certificate):
    from applications.models import Profile

    Profile.objects.filter(user=certificate.endorsement.holder).update(language="es")
    certificate.endorsement.holder.refresh_from_db()
    text = " ".join(text_of(certificates.render_certificate_pdf(certificate)).split())

    assert "Certificado de Endorsement" in text and "Válido hasta" in text
    assert "Jordan Lee" in text  # the data stays as written
    assert "Certificate of Endorsement" not in text


def test_rendering_twice_gives_the_same_bytes(certificate):
    assert certificates.render_certificate_pdf(certificate) == certificates.render_certificate_pdf(
        certificate
    )


TEMPLATES_WITH_REMOTE = {
    "remote_certificate.html": (
        '{% load static %}<!DOCTYPE html><html><head><link rel="stylesheet" href="{% static "css/certificate.css" %}">'
        '</head><body><h1>{{ endorsement.holder_name }}</h1><img src="https://example.com/x.png" alt="seal">'
        '<link rel="stylesheet" href="http://cdn.example.com/x.css"></body></html>'
    ),
}


def test_a_remote_url_in_the_template_is_refused_not_fetched(certificate, no_network):
    engine = {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES_WITH_REMOTE)]},
    }
    fetcher = StaticFilesFetcher(settings.SITE_URL + "/")
    with override_settings(TEMPLATES=[engine]):
        pdf = certificates.render_certificate_pdf(
            certificate, template_name="remote_certificate.html", fetcher=fetcher
        )
    assert "Jordan Lee" in text_of(pdf)
    assert set(fetcher.refused) == {"https://example.com/x.png", "http://cdn.example.com/x.css"}


def test_the_task_stores_the_pdf_under_a_fixed_name_and_emails_the_holder_once(certificate):
    render_certificate.delay(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    name = f"certificates/{certificate.endorsement.number}-2026-12-31.pdf"

    assert certificate.is_rendered()
    assert certificate.file.name == name
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    assert certificate.sha256 == hashlib.sha256(data).hexdigest()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [certificate.endorsement.holder.email]
    assert "certificate is ready" in mail.outbox[0].subject
    assert certificate.endorsement.number in mail.outbox[0].body


def test_running_the_task_again_changes_nothing(certificate):
    render_certificate.delay(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    first = (certificate.file.name, certificate.sha256, certificate.rendered_at)
    listing = default_storage.listdir("certificates")[1]

    render_certificate.delay(certificate_id=certificate.pk)
    certificate.refresh_from_db()

    assert (certificate.file.name, certificate.sha256, certificate.rendered_at) == first
    assert default_storage.listdir("certificates")[1] == listing
    assert len(mail.outbox) == 1


def test_a_second_render_racing_the_first_leaves_one_file(certificate):
    """A redelivered task renders while the first still runs: one row update, one file."""
    stale = Certificate.objects.get(pk=certificate.pk)
    assert certificates.store_certificate(certificate) is True
    before = sorted(default_storage.listdir("certificates")[1])

    assert certificates.store_certificate(stale) is False

    stale.refresh_from_db()
    assert stale.file.name == certificate.file.name
    assert sorted(default_storage.listdir("certificates")[1]) == before
    with default_storage.open(stale.file.name, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == stale.sha256


def test_a_partial_file_left_by_a_dead_worker_is_replaced(certificate):
    name = certificates.file_name(certificate)
    default_storage.save(name, ContentFile(b"%PDF-1.7 trunc"))
    render_certificate.delay(certificate_id=certificate.pk)
    certificate.refresh_from_db()

    assert certificate.file.name == name
    with default_storage.open(name, "rb") as handle:
        assert handle.read().rstrip().endswith(b"%%EOF")


def test_the_task_returns_quietly_for_a_deleted_certificate(certificate):
    pk = certificate.pk
    certificate.delete()
    render_certificate.delay(certificate_id=pk)
    assert mail.outbox == []


def test_issuing_again_for_the_same_period_reuses_the_certificate(
    certificate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        again = services.issue_certificate(certificate.endorsement)
    assert again.pk == certificate.pk
    assert Certificate.objects.count() == 1


def test_render_again_on_a_pending_certificate_queues_one_task(certificate):
    from django.db import transaction

    from endorsement.models import QueuedTask

    assert not certificate.is_rendered()
    before = QueuedTask.objects.count()
    with transaction.atomic():
        services.reissue_certificate(certificate.endorsement)

    assert QueuedTask.objects.count() - before == 1


def test_render_again_on_a_rendered_certificate_queues_one_task(certificate):
    from django.db import transaction

    from endorsement.models import QueuedTask

    certificates.store_certificate(certificate)
    before = QueuedTask.objects.count()
    with transaction.atomic():
        services.reissue_certificate(certificate.endorsement)

    assert QueuedTask.objects.count() - before == 1


@pytest.mark.slow
def test_rendering_again_keeps_the_old_file_until_the_new_one_is_stored(certificate):
    certificates.store_certificate(certificate)
    old_name = certificate.file.name
    Certificate.objects.filter(pk=certificate.pk).update(rendered_at=None, sha256="")
    certificate.refresh_from_db()

    # The worker is killed while it saves the new file.
    with mock.patch.object(default_storage, "save", side_effect=SystemExit), pytest.raises(SystemExit):
        certificates.store_certificate(certificate)

    certificate.refresh_from_db()
    assert certificate.file.name == old_name and default_storage.exists(old_name)

    certificates.store_certificate(certificate)
    certificate.refresh_from_db()
    assert certificate.is_rendered() and default_storage.exists(certificate.file.name)
    assert certificate.file.name == old_name or not default_storage.exists(old_name)


def test_the_periodic_job_queues_a_render_for_a_certificate_left_unrendered(
    certificate, mailoutbox, django_capture_on_commit_callbacks
):
    from renewals.tasks import render_pending_certificates

    Certificate.objects.filter(pk=certificate.pk).update(
        created_at=certificate.created_at - datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        queued = render_pending_certificates()

    certificate.refresh_from_db()
    assert queued == 1 and certificate.is_rendered()
    assert render_pending_certificates() == 0


def test_a_killed_worker_waits_minutes_not_an_hour():
    from endorsement import settings as project_settings

    assert project_settings.CELERY_VISIBILITY_TIMEOUT == 300


def certificate_html(certificate):
    from django.template.loader import render_to_string

    return render_to_string(certificates.TEMPLATE, certificates.certificate_context(certificate))


def test_the_certificate_carries_the_registered_wording_and_the_guidelines_title_once(certificate):
    text = " ".join(text_of(certificates.render_certificate_pdf(certificate)).split())

    wording = (
        "Endorsement for Culturally Sensitive, Relationship-Focused Practice Promoting Infant Mental Health®"
    )
    assert text.count(wording) == 1
    assert text.count("ORIMHA Competency Guidelines") == 1
    assert "Infant Mental Health Specialist (IMHS)" in text


def test_an_edition_title_without_the_wording_is_printed_whole_with_the_default_wording(guidelines):
    endorsement = endorse(name="Milo Michigan", edition="mi-aimh-2025", code="IFS")
    html = certificate_html(Certificate.objects.get(endorsement=endorsement))

    assert "MI-AIMH Competency Guidelines 2025 — Infant Family Specialist" in html
    assert certificates.REGISTERED_WORDING in html


def test_the_logo_heads_the_certificate_and_each_signature_line_names_its_signer(certificate):
    from competencies.models import Association

    from ..competencies.test_association_settings import png

    association = Association.objects.get(pk=certificate.endorsement.association_id)
    association.logo = png()
    association.signature_1_name, association.signature_1_title = "Maria Gomez", "Endorsement coordinator"
    association.signature_2_name, association.signature_2_title = "Sam Patel", "President of the board"
    association.save()
    certificate.endorsement.association = association

    html = certificate_html(certificate)
    header = html[html.index('<header class="certificate-header">') : html.index("</header>")]
    assert '<img class="certificate-logo" src="data:image/png;base64,' in header
    signatures = html[
        html.index('<div class="certificate-signatures">') : html.index('<div class="certificate-verify">')
    ]
    assert signatures.count('<div class="certificate-signature">') == 2
    for name, title in (("Maria Gomez", "Endorsement coordinator"), ("Sam Patel", "President of the board")):
        assert f'<p class="certificate-signer">{name}</p>' in signatures
        assert f'<p class="certificate-signer-title">{title}</p>' in signatures
    text = " ".join(text_of(certificates.render_certificate_pdf(certificate)).split())
    assert "Maria Gomez Endorsement coordinator Sam Patel President of the board" in text
