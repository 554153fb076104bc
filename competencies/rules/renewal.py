"""Renewal requirements: hours logged in the renewal period, prorated where the edition says."""

import datetime

from .application import DEGREE_NAMES, membership, not_required
from .facts import degree_rank
from .language import gettext as _
from .language import ngettext, plural_count
from .outcome import MET, NOT_MET, NOT_REQUIRED, Outcome, number, plural, progress, written
from .periods import clip, days, full_years_between


def renewal_period(facts, context):
    """The renewal period: the cycle ending on the due date, but not before the endorsement.

    A period whose start the facts give (`period_starts_on`) runs from that start instead.
    """
    cycle_years = context.get("renewal_cycle_years", 1)
    due = facts.renewal_due
    if facts.period_starts_on and facts.period_starts_on <= due:
        return facts.period_starts_on, due
    try:
        cycle_start = due.replace(year=due.year - cycle_years) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        cycle_start = due.replace(year=due.year - cycle_years, day=28) + datetime.timedelta(days=1)
    start = max(cycle_start, facts.endorsed_on) if facts.endorsed_on else cycle_start
    return start, due


def years_endorsed(facts):
    if facts.endorsed_on and facts.renewal_due:
        return full_years_between(facts.endorsed_on, facts.renewal_due)
    return int(facts.years_endorsed_in_category or 0)


def required_hours(params, facts):
    """Hours due this cycle: the full amount, or the prorated amount for a mid-cycle endorsement."""
    years = years_endorsed(facts)
    for step in sorted(params.get("prorate", []), key=lambda step: -step["years_endorsed"]):
        if years == step["years_endorsed"] or (step["years_endorsed"] == 0 and years < 1):
            if step.get("exempt"):
                return None, years
            return step["hours"], years
    return params["hours"], years


def _exempt(key, years):
    summary = _("Exempt this cycle: endorsed for %(years)s at renewal (less than one)") % {
        "years": plural(years, "full year")
    }
    return Outcome(key, NOT_REQUIRED, summary, have=0, need=0)


def _prorate_note(params, years, hours):
    if params.get("prorate") and hours != params["hours"]:
        return [
            ngettext(
                "Endorsed for %(years)s at renewal: %(hours)s of the cycle's %(cycle_hours)s hours are due.",
                "Endorsed for %(years)s at renewal: %(hours)s of the cycle's %(cycle_hours)s hours are due.",
                plural_count(hours),
            )
            % {"years": plural(years, "year"), "hours": number(hours), "cycle_hours": number(params["hours"])}
        ]
    return []


def training(facts, params, context):
    key = "training"
    if params.get("required") is False:
        return not_required(key, params, context["category_name"])
    need, years = required_hours(params, facts)
    if need is None:
        return _exempt(key, years)
    start, end = renewal_period(facts, context)
    counted = [entry for entry in facts.training if start <= entry.date <= end]
    hours = round(sum(entry.hours for entry in counted), 2)
    details = _prorate_note(params, years, need)
    outside = len(facts.training) - len(counted)
    if outside:
        details.append(
            ngettext(
                "%(count)s training outside the renewal period (%(start)s to %(end)s) not counted.",
                "%(count)s trainings outside the renewal period (%(start)s to %(end)s) not counted.",
                outside,
            )
            % {"count": outside, "start": written(start), "end": written(end)}
        )
    status = MET if hours >= need else NOT_MET
    summary = progress(hours, need, "renewal training hours")
    rsc_training = params.get("rsc_training")
    if rsc_training and facts.provides_rsc and _degree_applies(facts, rsc_training.get("min_degree")):
        about = round(sum(entry.hours for entry in counted if entry.about_rsc), 2)
        summary += "; " + progress(about, rsc_training["hours"], "renewal training hours about RS/C")
        if about < rsc_training["hours"]:
            status = NOT_MET
    return Outcome(key, status, summary, have=hours, need=need, details=details)


def _degree_applies(facts, min_degree):
    if not min_degree:
        return True
    return facts.highest_degree is not None and degree_rank(facts.highest_degree) >= degree_rank(min_degree)


def reflective_supervision(facts, params, context):
    key = "reflective_supervision"
    if params.get("required") is False:
        return not_required(key, params, context["category_name"])
    exempt_after = params.get("exempt_after_years")
    in_category = facts.years_endorsed_in_category
    if in_category is None:
        in_category = years_endorsed(facts)
    if exempt_after and in_category >= exempt_after:
        note = _("Not required after %(years)s endorsed in this category") % {
            "years": plural(exempt_after, "year")
        }
        if params.get("exempt_note"):
            exempt_note = params["exempt_note"]
            # "RS/C is …" keeps its capitals; "Recommended …" reads "recommended …" mid-sentence.
            if not exempt_note[1:2].isupper():
                exempt_note = exempt_note[0].lower() + exempt_note[1:]
            note += f"; {exempt_note}"
        return Outcome(key, NOT_REQUIRED, note, have=0, need=0)
    need, years = required_hours(params, facts)
    if need is None:
        return _exempt(key, years)
    start, end = renewal_period(facts, context)
    hours = 0.0
    for entry in facts.rsc:
        overlap = clip(entry.start, entry.end, not_before=start, not_after=end)
        if overlap:
            hours += entry.hours * days(*overlap) / days(entry.start, entry.end)
    hours = round(hours, 2)
    summary = progress(hours, need, "renewal RS/C hours")
    return Outcome(
        key,
        MET if hours >= need else NOT_MET,
        summary,
        have=hours,
        need=need,
        details=_prorate_note(params, years, need),
    )


EVALUATORS = {
    "training": training,
    "reflective_supervision": reflective_supervision,
    "membership": membership,
}
KEYS = tuple(EVALUATORS)
__all__ = ["EVALUATORS", "KEYS", "DEGREE_NAMES"]
