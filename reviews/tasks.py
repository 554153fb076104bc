"""Emails of the review: thin, idempotent tasks with keyword-only ids.

Each task locks its row, returns quietly when it is gone or already emailed, sends, and marks
the row as emailed, so running a task twice sends nothing the second time.
"""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from applications.people import person_name
from endorsement import roles
from endorsement.emails import build_email, send_templated_email, send_templated_email_to_people
from endorsement.languages import preferred_language

from .models import AdvisorAssignment, ChangeRequest, Comment, Decision, ExamSitting, ReviewerAssignment

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 8}


def _email_applicant(name, application, **context):
    """Send email `name` to the applicant, in their language, with the application, their name
    and the application's link besides `context`."""
    send_templated_email(
        name,
        {
            "application": application,
            "applicant_name": person_name(application.applicant),
            "url": application.get_absolute_url(),
            **context,
        },
        [application.applicant.email],
        language=preferred_language(application.applicant),
    )


@shared_task(acks_late=True, **RETRY)
def send_reviewer_assignment(*, assignment_id):
    with transaction.atomic():
        assignment = (
            ReviewerAssignment.objects.select_for_update(of=("self",))
            .select_related("reviewer", "application__category", "application__applicant")
            .filter(pk=assignment_id)
            .first()
        )
        if (
            assignment is None
            or assignment.notified_at
            or assignment.status != ReviewerAssignment.Status.ASSIGNED
            or not assignment.reviewer.email
        ):
            return
        send_templated_email(
            "review_assignment",
            {"assignment": assignment, "application": assignment.application},
            [assignment.reviewer.email],
            language=preferred_language(assignment.reviewer),
        )
        assignment.notified_at = timezone.now()
        assignment.save(update_fields=["notified_at"])


@shared_task(acks_late=True, **RETRY)
def send_change_requests(*, application_id):
    with transaction.atomic():
        requests = list(
            ChangeRequest.objects.select_for_update(of=("self",))
            .select_related("application__category", "application__applicant")
            .filter(application_id=application_id, emailed_at__isnull=True, resolved_at__isnull=True)
            .order_by("section", "pk")
        )
        if not requests:
            return
        _email_applicant("review_changes_requested", requests[0].application, requests=requests)
        ChangeRequest.objects.filter(pk__in=[r.pk for r in requests]).update(emailed_at=timezone.now())


@shared_task(acks_late=True, **RETRY)
def send_decision(*, decision_id):
    """The decision email, exactly as the coordinator wrote it."""
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("application__applicant", "application__category__edition__association")
            .filter(pk=decision_id)
            .first()
        )
        if decision is None or decision.emailed_at:
            return
        application = decision.application
        build_email(
            decision.email_subject,
            decision.email_body,
            [application.applicant.email],
            association=application.category.edition.association,
            language=preferred_language(application.applicant),
        ).send()
        decision.emailed_at = timezone.now()
        decision.save(update_fields=["emailed_at"])


def comment_recipients(comment):
    """Everyone in the thread but the author: the applicant, the advisors, earlier commenters,
    and the coordinators when the applicant or an advisor writes (their addresses)."""
    return sorted({p.email for p in comment_recipient_people(comment)})


def comment_recipient_people(comment):
    """The people `comment_recipients` names, each once, those with an address."""
    application = comment.application
    people = {application.applicant}
    advisors = [
        a.advisor for a in AdvisorAssignment.objects.filter(application=application).select_related("advisor")
    ]
    people.update(advisors)
    earlier = Comment.objects.filter(application=application, author__isnull=False).exclude(pk=comment.pk)
    people.update(get_user_model().objects.filter(pk__in=earlier.values("author")))
    if comment.author_id in {application.applicant_id, *(a.pk for a in advisors)}:
        people.update(roles.people(roles.COORDINATOR, application.association_pk))
    return [p for p in people if p.email and p.is_active and p.pk != comment.author_id]


@shared_task(acks_late=True, **RETRY)
def send_comment_notice(*, comment_id):
    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("author", "application__category", "application__applicant")
            .filter(pk=comment_id)
            .first()
        )
        if comment is None or comment.notified_at:
            return
        send_templated_email_to_people(
            "review_comment",
            {"comment": comment, "application": comment.application},
            comment_recipient_people(comment),
        )
        comment.notified_at = timezone.now()
        comment.save(update_fields=["notified_at"])


@shared_task(acks_late=True, **RETRY)
def send_advisor_assignment(*, assignment_id):
    """Tell the advisor whom they now guide; quietly nothing if the assignment is gone."""
    assignment = (
        AdvisorAssignment.objects.select_related(
            "advisor", "application__category", "application__applicant__profile"
        )
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None or not assignment.advisor.email or not assignment.advisor.is_active:
        return
    send_templated_email(
        "advisor_assignment",
        {
            "assignment": assignment,
            "application": assignment.application,
            "applicant_name": person_name(assignment.application.applicant),
            "url": reverse("advisor:application", args=[assignment.application_id]),
        },
        [assignment.advisor.email],
        language=preferred_language(assignment.advisor),
    )


def _application(application_id):
    return (
        Application.objects.select_related("category__edition__association", "applicant__profile")
        .filter(pk=application_id)
        .first()
    )


@shared_task(acks_late=True, **RETRY)
def send_exam_pending(*, application_id):
    """Tell the applicant the portfolio is accepted and the written exam comes next."""
    application = _application(application_id)
    if application is None or application.status != Application.Status.EXAM_PENDING:
        return
    _email_applicant("exam_pending", application)


@shared_task(acks_late=True, **RETRY)
def send_exam_result(*, sitting_id):
    """The results of one sitting, with the date a failed part can be retaken."""
    from .services import exam_result_notice

    sitting = (
        ExamSitting.objects.select_related(
            "application__category__edition__association", "application__applicant"
        )
        .filter(pk=sitting_id, voided_at__isnull=True)
        .first()
    )
    if sitting is None:
        return
    _email_applicant("exam_result", sitting.application, sitting=sitting, **exam_result_notice(sitting))


@shared_task(acks_late=True, **RETRY)
def send_reviewer_stepped_back(*, assignment_id):
    """Tell the association's coordinators that a reviewer stepped back, so one can be replaced."""
    from .services import reviews_missing

    assignment = (
        ReviewerAssignment.objects.select_related(
            "reviewer__profile",
            "application__category__edition__association",
            "application__applicant__profile",
        )
        .filter(pk=assignment_id, status=ReviewerAssignment.Status.RECUSED)
        .first()
    )
    if assignment is None:
        return
    application = assignment.application
    coordinators = roles.people(roles.COORDINATOR, application.association_pk).select_related("profile")
    send_templated_email_to_people(
        "reviewer_stepped_back",
        {
            "application": application,
            "assignment": assignment,
            "applicant_name": person_name(application.applicant),
            "reviewer_name": person_name(assignment.reviewer),
            "missing": reviews_missing(application),
            "url": reverse("reviews:work", args=[application.pk]),
        },
        coordinators,
    )
