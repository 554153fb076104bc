"""Certificate rendering and its email: thin, idempotent tasks with keyword-only ids."""

import logging
import time

from celery import shared_task
from django.conf import settings
from django.db import transaction
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


# Registered with the worker, which imports each app's tasks module.
from .transfers import notify_coordinators_of_transfer, notify_endorsee_of_transfer  # noqa: E402, F401
