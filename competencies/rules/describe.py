"""Plain-language sentences written from the rule data, so pages and engine never disagree."""

from .application import (
    DEGREE_WORDS,
    ESSAY_TRACK_NAMES,
    ROLE_NAMES,
    ROLE_WORDS,
    WORK_FLAGS,
    _code_groups,
    degree_or_higher,
    timeframe_words,
)
from .language import gettext as _
from .language import ngettext, pgettext, plural_count
from .outcome import join_words, number, plural, written, written_month_day
from .policy import guideline_params, policy_of


def describe_requirement(stage, key, params, *, category_code="", cycle_years=1):
    """Sentences describing one requirement as the guidelines state it.

    E.g. ["Minimum 30 clock hours of training."]. Association policy values are left out: see
    `describe_policy`.
    """
    params = guideline_params(stage, key, params)
    if params.get("required") is False:
        return [params.get("note") or _("Not required.")] + list(params.get("advice", []))
    writer = WRITERS.get((stage, key))
    sentences = writer(params, category_code=category_code, cycle_years=cycle_years) if writer else []
    return sentences + list(params.get("advice", []))


def _education(params, **_unused):
    paths = []
    for path in params.get("paths", []):
        if path["kind"] == "degree":
            paths.append(degree_or_higher(path["min_level"]))
        else:
            paths.append(path.get("label") or path["kind"])
    values = {"paths": join_words(paths, "or")}
    if params.get("either_with"):
        sentences = [_("Required: %(paths)s, or the work experience below.") % values]
    else:
        sentences = [_("Required: %(paths)s.") % values]
    if any(path.get("transcript", True) for path in params.get("paths", [])):
        sentences.append(_("Official transcripts are uploaded with the application."))
    if params.get("all_transcripts"):
        sentences.append(
            _(
                "Official transcripts from all degrees earned and from any college credits earned are required."
            )
        )
    return sentences


CRITERIA_FLAGS = ("infant_related", "social_emotional_focus", "relationship_focus")


def _work(params, **_unused):
    sentences = []
    for component in params.get("components", []):
        values = {"years": plural(component["years"], "year"), "what": component["label"]}
        if component.get("post_degree"):
            text = _(
                "At least %(years)s of %(what)s, counted from the date your %(degree)s degree was conferred."
            )
            values["degree"] = DEGREE_WORDS[component["post_degree"]]
        else:
            text = _("At least %(years)s of %(what)s.")
        sentences.append(text % values)
        # The label names the kind of role; these are what the work must also show.
        criteria = [WORK_FLAGS[flag] for flag in component.get("require", []) if flag in CRITERIA_FLAGS]
        if criteria:
            sentences.append(
                _("The work counts when it is %(criteria)s.") % {"criteria": join_words(criteria)}
            )
        if component.get("min_families"):
            sentences.append(
                ngettext(
                    "Served a minimum of %(count)s families where the target of services is an "
                    "infant/toddler (birth to 36 months).",
                    "Served a minimum of %(count)s families where the target of services is an "
                    "infant/toddler (birth to 36 months).",
                    component["min_families"],
                )
                % {"count": component["min_families"]}
            )
        if component.get("volunteer", {}).get("note"):
            sentences.append(component["volunteer"]["note"])
        if component.get("internship", {}).get("note"):
            sentences.append(component["internship"]["note"])
    if params.get("either_with"):
        sentences.append(_("This is an alternative to the education requirement: one of the two is enough."))
    sentences.append(_("Overlapping periods of work are counted once."))
    return sentences


def _training(params, category_code="", **_unused):
    sentences = [
        ngettext(
            "Minimum %(hours)s clock hours of specialized training.",
            "Minimum %(hours)s clock hours of specialized training.",
            plural_count(params["min_hours"]),
        )
        % {"hours": number(params["min_hours"])}
    ]
    if params.get("rsc_didactic_hours"):
        sentences.append(
            _(
                "At least %(hours)s of those hours are didactic training about the provision of "
                "reflective supervision/consultation."
            )
            % {"hours": number(params["rsc_didactic_hours"])}
        )
    if params.get("typical_hours"):
        sentences.append(
            _(
                "Advice, not a rule: successful %(category)s applications typically include %(hours)s or "
                "more hours of training, unless the applicant has completed coursework specific to the "
                "Competency Guidelines."
            )
            % {"category": category_code, "hours": number(params["typical_hours"])}
        )
    return sentences


def _rsc(params, **_unused):
    # The sentence is its main clause followed by the conditions the rules name, each a clause that
    # reads the same wherever it stands among the others.
    text = ngettext(
        "Minimum %(hours)s clock hours of reflective supervision/consultation received",
        "Minimum %(hours)s clock hours of reflective supervision/consultation received",
        plural_count(params["min_hours"]),
    ) % {"hours": number(params["min_hours"])}
    if params.get("timeframe_months"):
        # Translators: follows "Minimum 24 clock hours of reflective supervision/consultation received".
        text += pgettext("RS/C condition", " within a %(timeframe)s timeframe") % {
            "timeframe": timeframe_words(params["timeframe_months"])
        }
    if params.get("post_degree"):
        text += pgettext("RS/C condition", ", after your %(degree)s degree") % {
            "degree": DEGREE_WORDS[params["post_degree"]]
        }
    text += pgettext("RS/C condition", ", individually or in a group")
    if params.get("while_working"):
        clause = params["while_working"]
        work = clause.get("label") or join_words([WORK_FLAGS[f] for f in clause["any_of"]], "or")
        text += pgettext("RS/C condition", ", while %(work)s") % {"work": work}
    sentences = [pgettext("end of a sentence", "%(sentence)s.") % {"sentence": text}]
    if params.get("providers"):
        sentences.append(
            _("Only hours from a provider endorsed as %(codes)s count.")
            % {"codes": join_words(sorted(params["providers"]), "or")}
        )
    if params.get("fallback_providers", {}).get("note"):
        sentences.append(params["fallback_providers"]["note"])
    if params.get("about_rsc_provided_hours"):
        sentences.append(
            _("At least %(hours)s of those hours are about the RS/C you provide to others.")
            % {"hours": number(params["about_rsc_provided_hours"])}
        )
    return sentences


def _references(params, **_unused):
    count = params.get("count", 3)
    sentences = [
        ngettext("A total of %(count)s reference ratings.", "A total of %(count)s reference ratings.", count)
        % {"count": number(count)}
    ]
    for slot in params.get("slots", []):
        sentences.append(_("One from %(rater)s.") % {"rater": slot["label"]})
    roles = accepted_roles(params)
    if roles:
        sentences.append(
            _("Raters accepted for this category: %(roles)s.")
            % {"roles": join_words([ROLE_WORDS[r] for r in roles])}
        )
    conditional = [r for slot in params.get("slots", []) for r in slot.get("roles_if_supervisor", [])]
    if conditional:
        sentences.append(
            _("A %(roles)s may rate you only if you are a supervisor.")
            % {"roles": join_words([ROLE_WORDS[r] for r in conditional], "or")}
        )
    endorsed = params.get("endorsed")
    if endorsed:
        values = {
            "count": number(endorsed["min"]),
            "codes": join_words(_code_groups(set(endorsed["codes"])), "or"),
        }
        if endorsed.get("vetting"):
            text = ngettext(
                "At least %(count)s rating must come from someone endorsed as %(codes)s, or from someone "
                "familiar with the Competency Guidelines whom the Endorsement Coordinator has vetted.",
                "At least %(count)s rating must come from someone endorsed as %(codes)s, or from someone "
                "familiar with the Competency Guidelines whom the Endorsement Coordinator has vetted.",
                endorsed["min"],
            )
        else:
            text = ngettext(
                "At least %(count)s rating must come from someone endorsed as %(codes)s.",
                "At least %(count)s rating must come from someone endorsed as %(codes)s.",
                endorsed["min"],
            )
        sentences.append(text % values)
    sentences.append(_("Only submitted ratings count."))
    return sentences


def accepted_roles(params):
    """The rater roles a category's references accept, in the order the roles are listed."""
    roles = list(params.get("allowed_roles", []))
    if not roles:
        for slot in params.get("slots", []):
            roles += slot["roles"] + slot.get("fallback_roles", []) + slot.get("roles_if_supervisor", [])
    ordered = [role for role in ROLE_NAMES if role in roles]
    return ordered


def _leadership(params, **_unused):
    activities = plural(params.get("min_count", 1), "leadership activity", "leadership activities")
    return [_("At least %(activities)s at the regional or state level.") % {"activities": activities}]


def _exam(params, **_unused):
    parts = {
        "multiple_choice": pgettext("exam portion", "a multiple-choice"),
        "essay": pgettext("exam portion", "an essay"),
    }
    chosen = join_words([parts[part] for part in params.get("parts", ["multiple_choice", "essay"])])
    sentences = [
        _("Successful completion of the written examination, with %(parts)s portion.") % {"parts": chosen}
    ]
    if params.get("essay_track"):
        sentences.append(
            _("The essay is written on the %(track)s track.")
            % {"track": ESSAY_TRACK_NAMES[params["essay_track"]]}
        )
    return sentences


def _membership(params, **_unused):
    association = (
        params["association"] if "association" in params else _("an association for infant mental health")
    )
    sentences = [_("Membership in %(association)s.") % {"association": association}]
    if params.get("note"):
        sentences.append(params["note"])
    return sentences


# "Minimum 15 clock hours of … per year" or "… over the 3-year cycle", per kind of hours.
RENEWAL_MINIMUMS = {
    "training": (
        lambda n: ngettext(
            "Minimum %(hours)s clock hours of relationship-based education and training per year.",
            "Minimum %(hours)s clock hours of relationship-based education and training per year.",
            n,
        ),
        lambda n: ngettext(
            "Minimum %(hours)s clock hours of relationship-based education and training over the "
            "%(years)s-year cycle.",
            "Minimum %(hours)s clock hours of relationship-based education and training over the "
            "%(years)s-year cycle.",
            n,
        ),
    ),
    "reflective_supervision": (
        lambda n: ngettext(
            "Minimum %(hours)s clock hours of reflective supervision/consultation per year.",
            "Minimum %(hours)s clock hours of reflective supervision/consultation per year.",
            n,
        ),
        lambda n: ngettext(
            "Minimum %(hours)s clock hours of reflective supervision/consultation over the %(years)s-year cycle.",
            "Minimum %(hours)s clock hours of reflective supervision/consultation over the %(years)s-year cycle.",
            n,
        ),
    ),
}


def _renewal_hours(kind):
    def write(params, cycle_years=1, **_unused):
        per_year, per_cycle = RENEWAL_MINIMUMS[kind]
        template = (per_year if cycle_years == 1 else per_cycle)(plural_count(params["hours"]))
        sentences = [template % {"hours": number(params["hours"]), "years": cycle_years}]
        steps = sorted(params.get("prorate", []), key=lambda step: -step["years_endorsed"])
        for step in steps:
            if step.get("exempt"):
                sentences.append(_("Endorsed for less than one year at renewal: exempt."))
            else:
                sentences.append(
                    ngettext(
                        "Endorsed for %(years)s at renewal: %(hours)s hours.",
                        "Endorsed for %(years)s at renewal: %(hours)s hours.",
                        plural_count(step["hours"]),
                    )
                    % {"years": plural(step["years_endorsed"], "year"), "hours": number(step["hours"])}
                )
        if params.get("rsc_training"):
            rsc = params["rsc_training"]
            values = {"hours": number(rsc["hours"])}
            if rsc.get("note"):
                text = _(
                    "At least %(hours)s of the training hours are about reflective supervision/consultation — %(note)s"
                )
                values["note"] = rsc["note"][0].lower() + rsc["note"][1:]
            else:
                text = _(
                    "At least %(hours)s of the training hours are about reflective supervision/consultation"
                )
            sentences.append(text % values)
        if params.get("exempt_after_years"):
            values = {
                "years": plural(params["exempt_after_years"], "year"),
                "note": params.get("exempt_note"),
            }
            if params.get("exempt_note"):
                text = _("Not required after %(years)s endorsed in this category; %(note)s")
            else:
                text = _("Not required after %(years)s endorsed in this category.")
            sentences.append(text % values)
        return sentences

    return write


def _code_of_ethics(params, **_unused):
    return [_("Code of ethics, signed.")]


def _agreement(params, **_unused):
    return [_("Endorsement agreement, signed.")]


def _days_words(days):
    if days and days % 365 == 0:
        return plural(days // 365, "year")
    return plural(days, "day")


POLICY_WRITERS = {
    "max_not_enough_information": lambda value: (
        ngettext(
            "A rating with more than %(count)s answers of “not enough information to rate” does not count.",
            "A rating with more than %(count)s answers of “not enough information to rate” does not count.",
            plural_count(value),
        )
        % {"count": number(value)}
    ),
    "max_age_days": lambda value: (
        _("A rating counts for %(time)s after it is submitted.") % {"time": _days_words(value)}
    ),
    "pass_mark_percent": lambda value: (
        _("The multiple-choice pass mark is %(percent)s%%.") % {"percent": number(value)}
    ),
    "retake_wait_days": lambda value: (
        _("A failed portion can be retaken after %(time)s.") % {"time": _days_words(value)}
    ),
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
        sentences.append(_("Renewals are due on %(date)s.") % {"date": written_month_day(ends_on)})
    first = getattr(edition, "renewal_first_period_min_days", 0)
    if first:
        sentences.append(
            _("An Endorsement granted fewer than %(days)s before that date first renews a cycle later.")
            % {"days": plural(first, "day")}
        )
    grace = getattr(edition, "renewal_grace_days", 0)
    if grace:
        sentences.append(
            _("An Endorsement not renewed by its due date lapses after a grace period of %(days)s.")
            % {"days": plural(grace, "day")}
        )
    if getattr(edition, "effective_date_is_policy", False):
        sentences.append(
            _("These guidelines are in effect from %(date)s.") % {"date": written(edition.effective_date)}
        )
    return sentences


WRITERS = {
    ("application", "education"): _education,
    ("application", "work_experience"): _work,
    ("application", "training"): _training,
    ("application", "reflective_supervision"): _rsc,
    ("application", "references"): _references,
    ("application", "leadership_activities"): _leadership,
    ("application", "exam"): _exam,
    ("application", "code_of_ethics"): _code_of_ethics,
    ("application", "agreement"): _agreement,
    ("application", "membership"): _membership,
    ("renewal", "training"): _renewal_hours("training"),
    ("renewal", "reflective_supervision"): _renewal_hours("reflective_supervision"),
    ("renewal", "membership"): _membership,
}
ROLE_NAMES = ROLE_NAMES
