"""Background jobs of the portfolio: thin, idempotent, keyword-only ids."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.urls import reverse

from endorsement import roles
from endorsement.emails import send_templated_email

from .models import Application

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 8}


@shared_task(acks_late=True, **RETRY)
def send_submission_receipt(*, application_id):
    application = (
        Application.objects.select_related("applicant", "category").filter(pk=application_id).first()
    )
    if application is None or not application.submitted_at:
        return
    send_templated_email(
        "submission_receipt",
        {"application": application, "url": reverse("applications:overview", args=[application.pk])},
        [application.applicant.email],
    )


@shared_task(acks_late=True, **RETRY)
def notify_coordinators_of_submission(*, application_id):
    application = (
        Application.objects.select_related("applicant", "category").filter(pk=application_id).first()
    )
    if application is None or not application.submitted_at:
        return
    coordinators = get_user_model().objects.filter(groups__name=roles.COORDINATORS, is_active=True)
    emails = sorted({user.email for user in coordinators if user.email})
    if emails:
        send_templated_email("submission_notice", {"application": application}, emails)
