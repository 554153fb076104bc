"""The portfolio's facts with the coordinator's judgments laid on top.

`applications` builds the facts of the portfolio as the applicant entered it; here the
references get `vetted` from the vetting calls, work and RS/C entries get `accepted` from
the coordinator's judgments, and `exam` comes from the recorded sittings. Applications never
imports this module.
"""

from competencies.rules import evaluate
from competencies.services import rules_for_category

from .models import ExamSitting, ItemJudgment, RaterVetting


def combined_exam(application):
    """Each part's latest result across sittings, and the track of the latest essay.

    A part passed at one sitting stays passed when only the other part is retaken later. A
    voided sitting does not count.
    """
    exam = {"multiple_choice": None, "essay": None, "essay_track": None}
    for sitting in ExamSitting.objects.counted().filter(application=application).order_by("sat_on", "pk"):
        if sitting.multiple_choice_result:
            exam["multiple_choice"] = sitting.multiple_choice_result
        if sitting.essay_result:
            exam["essay"] = sitting.essay_result
            exam["essay_track"] = sitting.essay_track or None
    return exam


def reviewed_facts(application, *, as_of=None):
    facts = application.facts(as_of=as_of)
    vetted = dict(
        RaterVetting.objects.filter(reference__application=application).values_list(
            "reference_id", "accepted"
        )
    )
    # A rater the coordinator refused at vetting does not count at all: their rating leaves the
    # verdict (the vetting note, with the reason, stays on the coordinator's page).
    facts["references"] = [r for r in facts["references"] if vetted.get(r.get("id")) is not False]
    for reference in facts["references"]:
        reference["vetted"] = vetted.get(reference.get("id"), False)

    judgments = {
        (kind, item_id): accepted
        for kind, item_id, accepted in ItemJudgment.objects.filter(application=application).values_list(
            "kind", "item_id", "accepted"
        )
    }
    for entry in facts["work"]:
        kind = ItemJudgment.Kind.INTERNSHIP if entry.get("internship") else ItemJudgment.Kind.WORK
        entry["accepted"] = judgments.get((kind, entry.get("id")))
    for entry in facts["rsc"]:
        entry["accepted"] = judgments.get((ItemJudgment.Kind.RSC, entry.get("id")))

    exam = combined_exam(application)
    facts["exam"] = exam if any(exam.values()) else {}
    return facts


def evaluate_reviewed(application, *, as_of=None, rules=None):
    """The engine's result for the portfolio with the coordinator's judgments laid on top
    (`rules`: the category's, where the caller has them already)."""
    if rules is None:
        rules = rules_for_category(application.category)
    return evaluate(rules, reviewed_facts(application, as_of=as_of))
