"""The portfolio's facts with the coordinator's judgments laid on top.

`applications` builds the facts of the portfolio as the applicant entered it; here the
references get `vetted` from the vetting calls, work and RS/C entries get `accepted` from
the coordinator's judgments, and `exam` comes from the recorded sittings. Applications never
imports this module.
"""

from competencies.rules import evaluate
from competencies.services import rules_for_category

from .models import ExamSitting, ItemJudgment, RaterVetting


def combined_exam(application, sittings=None):
    """Each part's latest result across sittings, and the track of the latest essay.

    A part passed at one sitting stays passed when only the other part is retaken later. A
    voided sitting does not count. `sittings`: every sitting of the application, where the caller
    has loaded them already.
    """
    exam = {"multiple_choice": None, "essay": None, "essay_track": None}
    if sittings is None:
        counted = ExamSitting.objects.counted().filter(application=application).order_by("sat_on", "pk")
    else:
        counted = sorted((s for s in sittings if s.voided_at is None), key=lambda s: (s.sat_on, s.pk))
    for sitting in counted:
        if sitting.multiple_choice_result:
            exam["multiple_choice"] = sitting.multiple_choice_result
        if sitting.essay_result:
            exam["essay"] = sitting.essay_result
            exam["essay_track"] = sitting.essay_track or None
    return exam


def reviewed_facts(application, *, as_of=None, references=None, judgments=None, sittings=None):
    """The facts with the judgments laid on. Where the caller has loaded them already (the work
    page), `references` (annotated by `applications.facts.with_unrated`, with their vetting),
    `judgments` and `sittings` are every one of the application's, and save their queries."""
    facts = application.facts(as_of=as_of, references=references)
    if references is None:
        vetted = dict(
            RaterVetting.objects.filter(reference__application=application).values_list(
                "reference_id", "accepted"
            )
        )
    else:
        vetted = {ref.pk: ref.vetting.accepted for ref in references if hasattr(ref, "vetting")}
    # A rater the coordinator refused at vetting does not count at all: their rating leaves the
    # verdict (the vetting note, with the reason, stays on the coordinator's page).
    facts["references"] = [r for r in facts["references"] if vetted.get(r.get("id")) is not False]
    for reference in facts["references"]:
        reference["vetted"] = vetted.get(reference.get("id"), False)

    if judgments is None:
        judgments = ItemJudgment.objects.filter(application=application).values_list(
            "kind", "item_id", "accepted"
        )
    else:
        judgments = [(j.kind, j.item_id, j.accepted) for j in judgments]
    judgments = {(kind, item_id): accepted for kind, item_id, accepted in judgments}
    for entry in facts["work"]:
        kind = ItemJudgment.Kind.INTERNSHIP if entry.get("internship") else ItemJudgment.Kind.WORK
        entry["accepted"] = judgments.get((kind, entry.get("id")))
    for entry in facts["rsc"]:
        entry["accepted"] = judgments.get((ItemJudgment.Kind.RSC, entry.get("id")))

    exam = combined_exam(application, sittings)
    facts["exam"] = exam if any(exam.values()) else {}
    return facts


def evaluate_reviewed(application, *, as_of=None, rules=None, **loaded):
    """The engine's result for the portfolio with the coordinator's judgments laid on top
    (`rules`: the category's, and `loaded` the rows of `reviewed_facts`, where the caller has
    them already)."""
    if rules is None:
        rules = rules_for_category(application.category)
    return evaluate(rules, reviewed_facts(application, as_of=as_of, **loaded))
