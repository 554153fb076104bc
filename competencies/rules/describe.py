"""Plain-language sentences written from the rule data, so pages and engine never disagree."""

from .application import (
    DEGREE_NAMES,
    ESSAY_TRACK_NAMES,
    ROLE_NAMES,
    WORK_FLAGS,
    _code_groups,
    timeframe_words,
)
from .outcome import join_words, number, plural
from .policy import guideline_params, policy_of


def describe_requirement(stage, key, params, *, category_code="", cycle_years=1):
    """Sentences describing one requirement as the guidelines state it.

    E.g. ["Minimum 30 clock hours of training."]. Association policy values are left out: see
    `describe_policy`.
    """
    params = guideline_params(stage, key, params)
    if params.get("required") is False:
        return [params.get("note") or "Not required."] + list(params.get("advice", []))
    writer = WRITERS.get((stage, key))
    sentences = writer(params, category_code=category_code, cycle_years=cycle_years) if writer else []
    return sentences + list(params.get("advice", []))


def _education(params, **_):
    paths = []
    for path in params.get("paths", []):
        if path["kind"] == "degree":
            paths.append(f"a {DEGREE_NAMES[path['min_level']]} degree or higher")
        else:
            paths.append(path.get("label") or path["kind"])
    sentences = ["Required: " + join_words(paths, "or") + "."]
    if params.get("either_with"):
        sentences[0] = "Required: " + join_words(paths, "or") + ", or the work experience below."
    if any(path.get("transcript", True) for path in params.get("paths", [])):
        sentences.append("Official transcripts are uploaded with the application.")
    if params.get("all_transcripts"):
        sentences.append(
            "Official transcripts from all degrees earned and from any college credits earned are required."
        )
    return sentences


CRITERIA_FLAGS = ("infant_related", "social_emotional_focus", "relationship_focus")


def _work(params, **_):
    sentences = []
    for component in params.get("components", []):
        text = f"At least {plural(component['years'], 'year')} of {component['label']}"
        if component.get("post_degree"):
            text += (
                f", counted from the date your {DEGREE_NAMES[component['post_degree']]} degree was conferred"
            )
        sentences.append(text + ".")
        # The label names the kind of role; these are what the work must also show.
        criteria = [WORK_FLAGS[flag] for flag in component.get("require", []) if flag in CRITERIA_FLAGS]
        if criteria:
            sentences.append("The work counts when it is " + join_words(criteria) + ".")
        if component.get("min_families"):
            sentences.append(
                f"Served a minimum of {component['min_families']} families where the target of "
                "services is an infant/toddler (birth to 36 months)."
            )
        if component.get("volunteer", {}).get("note"):
            sentences.append(component["volunteer"]["note"])
        if component.get("internship", {}).get("note"):
            sentences.append(component["internship"]["note"])
    if params.get("either_with"):
        sentences.append("This is an alternative to the education requirement: one of the two is enough.")
    sentences.append("Overlapping periods of work are counted once.")
    return sentences


def _training(params, category_code="", **_):
    sentences = [f"Minimum {number(params['min_hours'])} clock hours of specialized training."]
    if params.get("rsc_didactic_hours"):
        sentences.append(
            f"At least {number(params['rsc_didactic_hours'])} of those hours are didactic training "
            "about the provision of reflective supervision/consultation."
        )
    if params.get("typical_hours"):
        sentences.append(
            f"Advice, not a rule: successful {category_code} applications typically include "
            f"{number(params['typical_hours'])} or more hours of training, unless the applicant has "
            "completed coursework specific to the Competency Guidelines."
        )
    return sentences


def _rsc(params, **_):
    text = (
        f"Minimum {number(params['min_hours'])} clock hours of reflective supervision/consultation received"
    )
    if params.get("timeframe_months"):
        text += f" within a {timeframe_words(params['timeframe_months'])} timeframe"
    if params.get("post_degree"):
        text += f", after your {DEGREE_NAMES[params['post_degree']]} degree"
    text += ", individually or in a group"
    if params.get("while_working"):
        clause = params["while_working"]
        text += ", while " + (
            clause.get("label") or join_words([WORK_FLAGS[f] for f in clause["any_of"]], "or")
        )
    text += "."
    sentences = [text]
    if params.get("providers"):
        sentences.append(
            "Only hours from a provider endorsed as "
            + join_words(sorted(params["providers"]), "or")
            + " count."
        )
    if params.get("fallback_providers", {}).get("note"):
        sentences.append(params["fallback_providers"]["note"])
    if params.get("about_rsc_provided_hours"):
        sentences.append(
            f"At least {number(params['about_rsc_provided_hours'])} of those hours are about the RS/C you provide to others."
        )
    return sentences


def _references(params, **_):
    sentences = [f"A total of {number(params.get('count', 3))} reference ratings."]
    for slot in params.get("slots", []):
        sentences.append(f"One from {slot['label']}.")
    roles = accepted_roles(params)
    if roles:
        sentences.append(
            "Raters accepted for this category: " + join_words([ROLE_NAMES[r] for r in roles]) + "."
        )
    conditional = [r for slot in params.get("slots", []) for r in slot.get("roles_if_supervisor", [])]
    if conditional:
        sentences.append(
            "A "
            + join_words([ROLE_NAMES[r] for r in conditional], "or")
            + " may rate you only if you are a supervisor."
        )
    endorsed = params.get("endorsed")
    if endorsed:
        text = f"At least {number(endorsed['min'])} rating must come from someone endorsed as " + join_words(
            _code_groups(set(endorsed["codes"])), "or"
        )
        if endorsed.get("vetting"):
            text += ", or from someone familiar with the Competency Guidelines whom the Endorsement Coordinator has vetted"
        sentences.append(text + ".")
    sentences.append("Only submitted ratings count.")
    return sentences


def accepted_roles(params):
    """The rater roles a category's references accept, in the order the roles are listed."""
    roles = list(params.get("allowed_roles", []))
    if not roles:
        for slot in params.get("slots", []):
            roles += slot["roles"] + slot.get("fallback_roles", []) + slot.get("roles_if_supervisor", [])
    ordered = [role for role in ROLE_NAMES if role in roles]
    return ordered


def _leadership(params, **_):
    return [
        f"At least {plural(params.get('min_count', 1), 'leadership activity', 'leadership activities')} "
        "at the regional or state level."
    ]


def _exam(params, **_):
    parts = {"multiple_choice": "a multiple-choice", "essay": "an essay"}
    text = (
        "Successful completion of the written examination, with "
        + join_words([parts[part] for part in params.get("parts", ["multiple_choice", "essay"])])
        + " portion"
    )
    sentences = [text + "."]
    if params.get("essay_track"):
        sentences.append(f"The essay is written on the {ESSAY_TRACK_NAMES[params['essay_track']]} track.")
    return sentences


def _membership(params, **_):
    sentences = [f"Membership in {params.get('association', 'an association for infant mental health')}."]
    if params.get("note"):
        sentences.append(params["note"])
    return sentences


def _renewal_hours(what):
    def write(params, cycle_years=1, **_):
        period = "per year" if cycle_years == 1 else f"over the {cycle_years}-year cycle"
        sentences = [f"Minimum {number(params['hours'])} clock hours of {what} {period}."]
        steps = sorted(params.get("prorate", []), key=lambda step: -step["years_endorsed"])
        for step in steps:
            if step.get("exempt"):
                sentences.append("Endorsed for less than one year at renewal: exempt.")
            else:
                sentences.append(
                    f"Endorsed for {plural(step['years_endorsed'], 'year')} at renewal: "
                    f"{number(step['hours'])} hours."
                )
        if params.get("rsc_training"):
            rsc = params["rsc_training"]
            sentences.append(
                f"At least {number(rsc['hours'])} of the training hours are about reflective supervision/consultation"
                + (f" — {rsc['note'][0].lower()}{rsc['note'][1:]}" if rsc.get("note") else "")
            )
        if params.get("exempt_after_years"):
            sentences.append(
                f"Not required after {plural(params['exempt_after_years'], 'year')} endorsed in this category"
                + (f"; {params['exempt_note']}" if params.get("exempt_note") else ".")
            )
        return sentences

    return write


def _signed(what):
    return lambda params, **_: [f"{what}, signed."]


def _days_words(days):
    if days and days % 365 == 0:
        return plural(days // 365, "year")
    return plural(days, "day")


POLICY_WRITERS = {
    "max_not_enough_information": lambda value: (
        f"A rating with more than {number(value)} answers of “not enough information to rate” does not count."
    ),
    "max_age_days": lambda value: f"A rating counts for {_days_words(value)} after it is submitted.",
    "pass_mark_percent": lambda value: f"The multiple-choice pass mark is {number(value)}%.",
    "retake_wait_days": lambda value: f"A failed portion can be retaken after {_days_words(value)}.",
}


def describe_policy(stage, key, params):
    """Sentences for the association's own settings of a requirement (not in the guidelines)."""
    params = params or {}
    if params.get("required") is False:
        return []
    values = policy_of(stage, key, params)
    return [POLICY_WRITERS[name](value) for name, value in values.items() if name in POLICY_WRITERS]


def describe_edition_policy(edition):
    """Sentences for the association's own renewal dates (an object with the Edition's fields)."""
    sentences = []
    ends_on = getattr(edition, "renewal_cycle_ends_on", None)
    if ends_on:
        sentences.append(f"Renewals are due on {ends_on:%B %-d}.")
    first = getattr(edition, "renewal_first_period_min_days", 0)
    if first:
        sentences.append(
            f"An Endorsement granted fewer than {plural(first, 'day')} before that date first renews "
            "a cycle later."
        )
    grace = getattr(edition, "renewal_grace_days", 0)
    if grace:
        sentences.append(
            f"An Endorsement not renewed by its due date lapses after a grace period of {plural(grace, 'day')}."
        )
    if getattr(edition, "effective_date_is_policy", False):
        sentences.append(f"These guidelines are in effect from {edition.effective_date:%B %-d, %Y}.")
    return sentences


WRITERS = {
    ("application", "education"): _education,
    ("application", "work_experience"): _work,
    ("application", "training"): _training,
    ("application", "reflective_supervision"): _rsc,
    ("application", "references"): _references,
    ("application", "leadership_activities"): _leadership,
    ("application", "exam"): _exam,
    ("application", "code_of_ethics"): _signed("Code of ethics"),
    ("application", "agreement"): _signed("Endorsement agreement"),
    ("application", "membership"): _membership,
    ("renewal", "training"): _renewal_hours("relationship-based education and training"),
    ("renewal", "reflective_supervision"): _renewal_hours("reflective supervision/consultation"),
    ("renewal", "membership"): _membership,
}
ROLE_NAMES = ROLE_NAMES
