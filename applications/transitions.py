"""Which status changes an application allows: the one table of its lifecycle.

    draft -> submitted -> in_review -> approved | denied
    in_review -> changes_requested -> submitted      (the applicant edits and resubmits)
    in_review -> exam_pending -> in_review           (categories with a written exam)
    any open state -> withdrawn

Each action names the states it may start from and the state it leads to (None: the status
stays, e.g. vetting a rater). Services enforce the table (`refusal` before they act,
`applications.services.lifecycle.change_status` to move); views read it (`allowed_actions`) to
offer only what is possible now.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Application

Status = Application.Status
# States in which the coordinator works a portfolio: vetting raters, judging items.
WORKABLE = (Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.EXAM_PENDING)
NOT_WITHDRAWN = tuple(status for status in Status if status != Status.WITHDRAWN)
DECIDE_REFUSAL = gettext_lazy("Only an application in review can be decided.")
WITHDRAWN_REFUSAL = gettext_lazy("This application was withdrawn.")


class Action:
    """From which states, to which state (None: it stays), and what to say when it is not allowed
    (followed by the current status unless `says_status` is False)."""

    def __init__(self, sources, target, refusal, *, says_status=True):
        self.sources, self.target, self.refusal = tuple(sources), target, refusal
        self.says_status = says_status


ACTIONS = {
    # The applicant's.
    "submit": Action(
        Status.EDITABLE,
        Status.SUBMITTED,
        gettext_lazy("Only a draft or a returned application can be submitted."),
        says_status=False,
    ),
    "withdraw": Action(
        Status.OPEN,
        Status.WITHDRAWN,
        gettext_lazy("A decided application can no longer be withdrawn."),
        says_status=False,
    ),
    # The coordinator's and the reviewers'.
    "start_review": Action(
        (Status.SUBMITTED,),
        Status.IN_REVIEW,
        gettext_lazy("Only a submitted application can be taken into review."),
    ),
    "request_changes": Action(
        (Status.IN_REVIEW,),
        Status.CHANGES_REQUESTED,
        gettext_lazy("Changes can only be requested while the application is in review."),
    ),
    "send_to_exam": Action(
        (Status.IN_REVIEW,),
        Status.EXAM_PENDING,
        gettext_lazy("Only an application in review can be sent to the exam."),
    ),
    "record_exam": Action(
        (Status.EXAM_PENDING,),
        None,
        gettext_lazy("Exam results can only be recorded while the exam is pending."),
    ),
    "correct_exam": Action(
        (Status.EXAM_PENDING, Status.IN_REVIEW),
        None,
        gettext_lazy("Exam sittings can only be corrected before the decision."),
    ),
    "return_from_exam": Action(
        (Status.EXAM_PENDING,),
        Status.IN_REVIEW,
        gettext_lazy("Only an application waiting for the exam can return from it."),
    ),
    # A decision: approve, deny, or defer (changes requested with the coordinator's guidance).
    "decide": Action((Status.IN_REVIEW,), None, DECIDE_REFUSAL),
    "approve": Action((Status.IN_REVIEW,), Status.APPROVED, DECIDE_REFUSAL),
    "deny": Action((Status.IN_REVIEW,), Status.DENIED, DECIDE_REFUSAL),
    "defer": Action((Status.IN_REVIEW,), Status.CHANGES_REQUESTED, DECIDE_REFUSAL),
    # Actions that keep the status.
    "assign_advisor": Action(
        Status.OPEN, None, gettext_lazy("An advisor can only be assigned to an open application.")
    ),
    "assign_reviewer": Action(
        (Status.IN_REVIEW,), None, gettext_lazy("Reviewers can only be assigned to an application in review.")
    ),
    "recuse_reviewer": Action(Status.OPEN, None, gettext_lazy("This application is closed.")),
    "submit_review": Action(
        (Status.IN_REVIEW,),
        None,
        gettext_lazy("Reviews can only be submitted while the application is in review."),
    ),
    "vet_rater": Action(
        WORKABLE, None, gettext_lazy("Raters can only be vetted on a submitted application.")
    ),
    "judge_item": Action(
        WORKABLE, None, gettext_lazy("Items can only be judged on a submitted application.")
    ),
    "record_fee": Action(NOT_WITHDRAWN, None, WITHDRAWN_REFUSAL, says_status=False),
    "comment": Action(NOT_WITHDRAWN, None, WITHDRAWN_REFUSAL, says_status=False),
}


def allows(application, action):
    return application.status in ACTIONS[action].sources


def allowed_actions(application):
    """The actions the application's status allows now (permissions are checked apart)."""
    return {name for name, action in ACTIONS.items() if application.status in action.sources}


def refusal(application, action):
    """Why `action` is not possible now, or None when it is."""
    if allows(application, action):
        return None
    message = str(ACTIONS[action].refusal)
    if not ACTIONS[action].says_status:
        return message
    return message + " " + _("It is now %(status)s.") % {"status": application.get_status_display().lower()}
