"""Who may do what in the review of an application, as predicates; views call these."""

from endorsement import roles

from .models import AdvisorAssignment, ReviewerAssignment


def can_work_application(user, application):
    """Coordinators work every application of their associations except their own."""
    return roles.coordinates(user, application.association_pk) and application.applicant_id != user.pk


def is_assigned_reviewer(user, application):
    """An assigned reviewer who has not stepped back (before or after submitting the review)."""
    if not roles.acts_in(user, roles.REVIEWER, application.association_pk):
        return False
    return (
        ReviewerAssignment.objects.filter(application=application, reviewer=user)
        .exclude(status=ReviewerAssignment.Status.RECUSED)
        .exists()
    )


def is_advisor_of(user, application):
    if not roles.acts_in(user, roles.ADVISOR, application.association_pk):
        return False
    return AdvisorAssignment.objects.filter(application=application, advisor=user).exists()


def can_review(user, assignment):
    """The assigned reviewer may fill in their review while it is open."""
    return (
        user.is_authenticated
        and assignment.reviewer_id == user.pk
        and assignment.status == ReviewerAssignment.Status.ASSIGNED
    )


def can_see_reviews(user, application):
    """Coordinators see every review; a reviewer sees the others' only once all are submitted."""
    if can_work_application(user, application):
        return True
    assignments = list(
        ReviewerAssignment.objects.filter(application=application).exclude(
            status=ReviewerAssignment.Status.RECUSED
        )
    )
    mine = [a for a in assignments if a.reviewer_id == user.pk]
    return bool(mine) and all(a.status == ReviewerAssignment.Status.SUBMITTED for a in assignments)


def can_comment(user, application):
    """The applicant, the advisors and the coordinators talk in the application's thread."""
    return user.is_authenticated and (
        application.applicant_id == user.pk
        or roles.coordinates(user, application.association_pk)
        or is_advisor_of(user, application)
    )
