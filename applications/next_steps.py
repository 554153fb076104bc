"""What happens after submission: the steps ahead of an application, from its lifecycle
(`applications.transitions`) and its category's rules (whether it has a written exam), and how long
the association typically takes.

The typical time is the association's own policy (`typical_decision_weeks`) when it set one;
else the median time from submission to decision of its latest decisions, once there are enough
of them to mean something; else nothing is promised.
"""

import statistics

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from competencies.services import rules_for_category

from .models import Application

Status = Application.Status
# Enough recent decisions for a median an applicant can rely on, and how many are read.
MIN_DECISIONS_FOR_MEDIAN = 5
RECENT_DECISIONS = 50
STATE_WORDS = {"done": pgettext_lazy("step", "done"), "current": pgettext_lazy("step", "now"), "ahead": ""}
EXAM_PART_NAMES = {"multiple_choice": gettext_lazy("multiple-choice test"), "essay": gettext_lazy("essay")}
# Which step each status is at (the steps before it are done).
PHASE_OF_STATUS = {
    Status.SUBMITTED: "review",
    Status.IN_REVIEW: "review",
    Status.CHANGES_REQUESTED: "review",
    Status.EXAM_PENDING: "exam",
    Status.APPROVED: "done",
    Status.DENIED: "done",
}


def exam_parts(category):
    """The parts of the category's written exam; empty when it has none."""
    params = rules_for_category(category)["application"].get("exam")
    if not params or params.get("required") is False:
        return []
    return list(params.get("parts", ["multiple_choice", "essay"]))


def steps_ahead(application):
    """The steps from submission to decision, each with its state: done, current or ahead."""
    parts = exam_parts(application.category)
    steps = [
        {
            "key": "review",
            "phase": "review",
            "title": _("Review of your portfolio"),
            "text": _(
                "The Endorsement coordinator takes your application into review and a reviewer reads "
                "it requirement by requirement. If something needs changing, the coordinator returns it to "
                "you with guidance: you edit it and submit it again."
            ),
        },
        {
            "key": "references",
            "phase": "review",
            "title": _("Your references"),
            "text": _(
                "At the same time the coordinator checks your reference ratings; a rater who is not "
                "endorsed is confirmed (vetted) before their rating counts."
            ),
        },
    ]
    if parts:
        names = [str(EXAM_PART_NAMES.get(part, part)) for part in parts]
        names = (
            _("%(first)s and %(second)s") % {"first": names[0], "second": names[1]}
            if len(names) == 2
            else " and ".join(names)
        )
        steps.append(
            {
                "key": "exam",
                "phase": "exam",
                "title": _("Written exam"),
                "text": _(
                    "Once the portfolio is accepted, the %(code)s category has a "
                    "written exam (%(parts)s). The coordinator arranges it with you."
                )
                % {"code": application.category.code, "parts": names},
            }
        )
    steps.append(
        {
            "key": "decision",
            "phase": "decision",
            "title": _("Decision"),
            "text": _(
                "The coordinator approves or denies the endorsement and tells you by email. Once "
                "approved, your certificate is ready to download here."
            ),
        }
    )
    order = [step["phase"] for step in steps] + ["done"]
    current = PHASE_OF_STATUS.get(application.status)
    for step in steps:
        if current is None:
            step["state"] = "ahead"
        elif order.index(step["phase"]) < order.index(current):
            step["state"] = "done"
        elif step["phase"] == current:
            step["state"] = "current"
        else:
            step["state"] = "ahead"
        step["state_words"] = STATE_WORDS[step["state"]]
    return steps


def typical_decision_weeks(association):
    """{"weeks", "source": "policy" | "median"} from submission to decision, or None when unknown."""
    if association.typical_decision_weeks:
        return {"weeks": association.typical_decision_weeks, "source": "policy"}
    decided = list(
        Application.objects.filter(
            category__edition__association=association,
            status__in=Status.DECIDED,
            decided_at__isnull=False,
            submitted_at__isnull=False,
        )
        .order_by("-decided_at")
        .values_list("submitted_at", "decided_at")[:RECENT_DECISIONS]
    )
    if len(decided) < MIN_DECISIONS_FOR_MEDIAN:
        return None
    days = statistics.median(
        (decided_at - submitted_at).total_seconds() / 86400 for submitted_at, decided_at in decided
    )
    return {"weeks": max(1, round(days / 7)), "source": "median"}
