"""Certificate rendering and its email: thin, idempotent tasks with keyword-only ids."""

import logging
import time
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from endorsement.emails import send_templated_email

from .certificates import store_certificate, verification_url
from .models import Certificate

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def render_certificate(self, *, certificate_id):
    """Render the certificate's PDF unless it already is, then tell the endorsee, once."""
    certificate = (
        Certificate.objects.select_related("endorsement__category", "endorsement__edition__association")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None:
        return
    if not certificate.is_rendered():
        # The worker integration test watches for this line before killing the worker.
        logger.info("Rendering certificate %s", certificate_id)
        if settings.CERTIFICATE_RENDER_PAUSE_SECONDS:
            time.sleep(settings.CERTIFICATE_RENDER_PAUSE_SECONDS)
        store_certificate(certificate)
    send_certificate_ready(certificate_id=certificate_id)


def send_certificate_ready(*, certificate_id):
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("endorsement__holder", "endorsement__category", "endorsement__association")
            .filter(pk=certificate_id)
            .first()
        )
        if certificate is None or certificate.emailed_at or not certificate.is_rendered():
            return
        endorsement = certificate.endorsement
        if endorsement.holder.email:
            send_templated_email(
                "endorsement_certificate",
                {
                    "endorsement": endorsement,
                    "certificate": certificate,
                    "url": settings.SITE_URL + reverse("renewals:detail", args=[endorsement.pk]),
                    "verification_url": verification_url(endorsement),
                },
                [endorsement.holder.email],
            )
        certificate.emailed_at = timezone.now()
        certificate.save(update_fields=["emailed_at"])


#: A certificate still unrendered this long after it was issued has lost its render.
PENDING_CERTIFICATE_GRACE = timedelta(minutes=15)


@shared_task(acks_late=True)
def render_pending_certificates():
    """Beat: queue a render for every certificate left unrendered (rendering twice is a no-op)."""
    from endorsement import outbox

    pending = Certificate.objects.filter(
        Q(rendered_at__isnull=True) | Q(file=""), created_at__lt=timezone.now() - PENDING_CERTIFICATE_GRACE
    ).values_list("pk", flat=True)
    queued = 0
    for certificate_id in pending.iterator():
        with transaction.atomic():
            outbox.enqueue(render_certificate, certificate_id=certificate_id)
        queued += 1
    return queued
