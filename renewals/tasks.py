"""Every renewals task: certificate rendering and its email, the daily renewal sweep and the
renewal emails (reminders, lapse notices, changes requested, coordinators told of a submission).

Thin, idempotent tasks with keyword-only ids; the work is in `renewals.services`.
"""

import datetime
import logging
import time
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from endorsement import roles
from endorsement.emails import send_templated_email, send_templated_email_to_people
from endorsement.languages import preferred_language

from .certificates import store_certificate, verification_url
from .models import Certificate, ReminderSent, RenewalPeriod, Transfer
from .services.reminders import Kind, sweep

logger = logging.getLogger(__name__)
RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 8}


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
                language=preferred_language(endorsement.holder),
            )
        certificate.emailed_at = timezone.now()
        certificate.save(update_fields=["emailed_at"])


@shared_task(acks_late=True)
def renewal_sweep(today=None):
    """The daily beat job; `today` (YYYY-MM-DD) lets an operator replay a missed day."""
    day = datetime.date.fromisoformat(today) if isinstance(today, str) else today
    return sweep(today=day)


# --- emails ----------------------------------------------------------------------------------


def _renewal_url(endorsement_id):
    return reverse("renewals:renewal", args=[endorsement_id])


@shared_task(acks_late=True, **RETRY)
def send_renewal_notices(*, reminder_ids, today=None):
    """Email the claimed reminders not yet sent; a retry after a failure sends only the rest.

    `today` is the sweep's day, so that "due in N days" is right for a replayed day too."""
    reminders = ReminderSent.objects.filter(pk__in=reminder_ids, sent_at__isnull=True).select_related(
        "endorsement__holder", "endorsement__category", "endorsement__association"
    )
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    sent = []
    try:
        for reminder in reminders.order_by("pk"):
            endorsement = reminder.endorsement
            if not endorsement.holder.email:
                continue
            name = "renewal_lapsed" if reminder.kind == Kind.LAPSED else "renewal_reminder"
            send_templated_email(
                name,
                {
                    "endorsement": endorsement,
                    "reminder": reminder,
                    "days_left": (reminder.due_on - today).days,
                    "overdue": reminder.kind == Kind.OVERDUE,
                    "url": _renewal_url(endorsement.pk),
                },
                [endorsement.holder.email],
                language=preferred_language(endorsement.holder),
            )
            sent.append(reminder.pk)
    finally:
        # Stamped together (one UPDATE, not one commit per email), and also when a send fails
        # midway, so that the retry sends only the rest.
        if sent:
            ReminderSent.objects.filter(pk__in=sent).update(sent_at=timezone.now())


def _period(period_id):
    return (
        RenewalPeriod.objects.select_related("endorsement__holder", "endorsement__category")
        .filter(pk=period_id)
        .first()
    )


def _tell_holder(period_id, status, email):
    """Email the endorsee about their renewal period, if it is still in `status`."""
    period = _period(period_id)
    if period is None or period.status != status:
        return
    endorsement = period.endorsement
    send_templated_email(
        email,
        {"endorsement": endorsement, "period": period, "url": _renewal_url(endorsement.pk)},
        [endorsement.holder.email],
        language=preferred_language(endorsement.holder),
    )


@shared_task(acks_late=True, **RETRY)
def send_changes_requested(*, period_id):
    _tell_holder(period_id, RenewalPeriod.Status.CHANGES_REQUESTED, "renewal_changes_requested")


@shared_task(acks_late=True, **RETRY)
def send_renewal_approved(*, period_id):
    _tell_holder(period_id, RenewalPeriod.Status.APPROVED, "renewal_approved")


@shared_task(acks_late=True, **RETRY)
def notify_coordinators_of_renewal(*, period_id):
    period = _period(period_id)
    if period is None or period.status != RenewalPeriod.Status.SUBMITTED:
        return
    coordinators = roles.people(roles.COORDINATOR, period.endorsement.association_id).select_related(
        "profile"
    )
    send_templated_email_to_people(
        "renewal_submitted",
        {
            "period": period,
            "endorsement": period.endorsement,
            "url": reverse("renewal_queue:detail", args=[period.pk]),
        },
        coordinators,
    )


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


# --- transfers between associations ------------------------------------------------------------


@shared_task(acks_late=True, **RETRY)
def notify_coordinators_of_transfer(*, transfer_id):
    """Tell the receiving association's coordinators a transfer waits for them (once pending)."""
    transfer = Transfer.objects.select_related("endorsement", "to_association").filter(pk=transfer_id).first()
    if transfer is None or transfer.status != Transfer.Status.PENDING:
        return
    coordinators = roles.people(roles.COORDINATOR, transfer.to_association_id).select_related("profile")
    context = {
        "transfer": transfer,
        "association": transfer.to_association,
        "url": reverse("transfers:queue"),
    }
    send_templated_email_to_people("transfer_requested", context, coordinators)


@shared_task(acks_late=True, **RETRY)
def notify_endorsee_of_transfer(*, transfer_id):
    """Tell the endorsee how their transfer was decided."""
    transfer = (
        Transfer.objects.select_related("endorsement__holder", "to_association", "from_association")
        .filter(pk=transfer_id)
        .first()
    )
    if transfer is None or transfer.status == Transfer.Status.PENDING:
        return
    endorsement = transfer.endorsement
    context = {
        "transfer": transfer,
        "endorsement": endorsement,
        "association": transfer.to_association,
        "url": reverse("renewals:detail", args=[endorsement.pk]),
    }
    send_templated_email(
        "transfer_decided",
        context,
        [endorsement.holder.email],
        language=preferred_language(endorsement.holder),
    )
