"""Background jobs of the portfolio: thin, idempotent, keyword-only ids."""

from celery import shared_task
from django.urls import reverse

from endorsement import roles
from endorsement.emails import send_templated_email, send_templated_email_to_people
from endorsement.languages import preferred_language, reference_language

from .models import Application

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 8}


def _submitted_application(application_id):
    """The application if it is still there and was submitted, else None (the task has nothing to do)."""
    application = (
        Application.objects.select_related("applicant", "category").filter(pk=application_id).first()
    )
    return application if application is not None and application.submitted_at else None


@shared_task(acks_late=True, **RETRY)
def send_submission_receipt(*, application_id):
    application = _submitted_application(application_id)
    if application is None:
        return
    send_templated_email(
        "submission_receipt",
        {"application": application, "url": reverse("applications:overview", args=[application.pk])},
        [application.applicant.email],
        language=preferred_language(application.applicant),
    )


@shared_task(acks_late=True, **RETRY)
def notify_coordinators_of_submission(*, application_id):
    application = _submitted_application(application_id)
    if application is None:
        return
    coordinators = roles.people(roles.COORDINATOR, application.association_pk).select_related("profile")
    send_templated_email_to_people("submission_notice", {"application": application}, coordinators)


# --- reference raters (see applications/references.py) -----------------------------------
# Tasks that email a rating link receive the token as a keyword argument (only its hash is
# stored); callers pass `kwargsrepr` so that workers and monitors never show it.


def _reference(reference_id):
    from .models import ReferenceRequest

    return (
        ReferenceRequest.objects.select_related("application__category", "application__applicant")
        .filter(pk=reference_id)
        .first()
    )


def _rating_email_context(reference, token):
    from django.utils import timezone

    from .services.references import applicant_name

    return {
        "reference": reference,
        "application": reference.application,
        "applicant_name": applicant_name(reference.application),
        "category": reference.application.category,
        "url": reverse("ratings:start", args=[token]),
        "expires_on": timezone.localdate(reference.token_expires_at) if reference.token_expires_at else None,
    }


def _link_still_valid(reference, token):
    from .models import ReferenceRequest, hash_token

    return (
        reference is not None
        and reference.status in (ReferenceRequest.Status.INVITED, ReferenceRequest.Status.OPENED)
        and reference.replaced_by_id is None
        and reference.token_hash == hash_token(token)
    )


def _email_rating_link(template, reference_id, token):
    reference = _reference(reference_id)
    if not _link_still_valid(reference, token):
        return  # answered, removed, or a newer link was sent since
    send_templated_email(
        template,
        _rating_email_context(reference, token),
        [reference.email],
        language=reference_language(reference),
    )


@shared_task(acks_late=True, **RETRY)
def send_rating_invitation(*, reference_id, token):
    _email_rating_link("rating_invitation", reference_id, token)


@shared_task(acks_late=True, **RETRY)
def send_rating_reminder(*, reference_id, token):
    _email_rating_link("rating_reminder", reference_id, token)


@shared_task(acks_late=True, **RETRY)
def notify_applicant_of_reference(*, reference_id):
    """Tell the applicant that a rater submitted, declined, or let the link expire."""
    from .models import ReferenceRequest

    reference = _reference(reference_id)
    templates = {
        ReferenceRequest.Status.SUBMITTED: "reference_submitted",
        ReferenceRequest.Status.DECLINED: "reference_declined",
        ReferenceRequest.Status.EXPIRED: "reference_expired",
    }
    if reference is None or reference.status not in templates:
        return
    application = reference.application
    from .services.references import applicant_name

    send_templated_email(
        templates[reference.status],
        {
            "reference": reference,
            "application": application,
            "applicant_name": applicant_name(application),
            "url": reverse("applications:references", args=[application.pk]),
        },
        [application.applicant.email],
        language=preferred_language(application.applicant),
    )


@shared_task(acks_late=True)
def send_rating_reminders():
    """Daily (beat): expire overdue rating links and send the reminders that are due."""
    from django.utils import timezone

    from .services.references import send_due_reminders

    return send_due_reminders(timezone.now())
