"""What each requirement's rule data may contain, checked before anything reads it."""

from .errors import RuleError
from .facts import DEGREE_LEVELS, ENDORSEMENT_CODES, REFERENCE_ROLES

WORK_FLAGS = (
    "infant_related",
    "social_emotional_focus",
    "relationship_focus",
    "with_infant_and_parent",
    "supervised",
    "provides_rsc",
    "policy_leadership",
    "university_faculty",
    "volunteer_specialized_training",
    "mental_health_consultation",
    "supervises_staff",
)


def _number(value, field, minimum=0):
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise RuleError(f"must be a number of at least {minimum}", field)


def _text(value, field):
    if not isinstance(value, str):
        raise RuleError("must be text", field)


def _boolean(value, field):
    if not isinstance(value, bool):
        raise RuleError("must be true or false", field)


def _choices(allowed):
    def check(value, field):
        if not isinstance(value, list) or not all(item in allowed for item in value):
            raise RuleError(f"must be a list of: {', '.join(allowed)}", field)

    return check


def _one_of(allowed):
    def check(value, field):
        if value not in allowed:
            raise RuleError(f"must be one of: {', '.join(map(str, allowed))}", field)

    return check


def _texts(value, field):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RuleError("must be a list of texts", field)


def _mapping(spec, required=()):
    def check(value, field):
        if not isinstance(value, dict):
            raise RuleError("must be a mapping", field)
        _check_mapping(value, spec, field, required)

    return check


def _list_of(checker):
    def check(value, field):
        if not isinstance(value, list):
            raise RuleError("must be a list", field)
        for index, item in enumerate(value):
            checker(item, f"{field}[{index}]")

    return check


def _timeframe(value, field):
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)
        or value[0] > value[1]
    ):
        raise RuleError("must be [shortest, longest] in months, e.g. [12, 24]", field)


def _check_mapping(value, spec, field, required=()):
    for name in required:
        if name not in value:
            raise RuleError("is required", f"{field}.{name}")
    for name, item in value.items():
        if name not in spec:
            raise RuleError(f"is not a known setting; use {', '.join(sorted(spec))}", f"{field}.{name}")
        spec[name](item, f"{field}.{name}")


CODES = _choices(ENDORSEMENT_CODES)
COMMON = {"required": _boolean, "note": _text, "label": _text, "advice": _texts, "either_with": _text}

EDUCATION_PATH = _mapping(
    {
        "kind": _one_of(("degree", "imh_degree", "coursework", "certificate")),
        "min_level": _one_of(DEGREE_LEVELS),
        "certificates": _texts,
        "transcript": _boolean,
        "label": _text,
    },
    required=("kind",),
)
WORK_COMPONENT = _mapping(
    {
        "label": _text,
        "short_label": _text,
        "years": _number,
        "paid": _boolean,
        "post_degree": _one_of(DEGREE_LEVELS),
        "require": _choices(WORK_FLAGS),
        "min_families": _number,
        "volunteer": _mapping({"require": _choices(WORK_FLAGS), "note": _text}),
        "internship": _mapping({"max_years": _number, "supervisor_endorsements": CODES, "note": _text}),
    },
    required=("label", "years"),
)
REFERENCE_SLOT = _mapping(
    {
        "label": _text,
        "roles": _choices(REFERENCE_ROLES),
        "fallback_roles": _choices(REFERENCE_ROLES),
        "roles_if_supervisor": _choices(REFERENCE_ROLES),
    },
    required=("label", "roles"),
)
PRORATE_STEP = _mapping(
    {"years_endorsed": _number, "hours": _number, "exempt": _boolean}, required=("years_endorsed",)
)

SPECS = {
    "application": {
        "education": {"paths": _list_of(EDUCATION_PATH), "all_transcripts": _boolean},
        "work_experience": {"components": _list_of(WORK_COMPONENT)},
        "training": {"min_hours": _number, "typical_hours": _number, "rsc_didactic_hours": _number},
        "reflective_supervision": {
            "min_hours": _number,
            "timeframe_months": _timeframe,
            "post_degree": _one_of(DEGREE_LEVELS),
            "providers": CODES,
            "fallback_providers": _mapping({"codes": CODES, "note": _text}),
            "about_rsc_provided_hours": _number,
            "while_working": _mapping(
                {"any_of": _choices(WORK_FLAGS), "label": _text, "short_label": _text}, required=("any_of",)
            ),
        },
        "references": {
            "count": _number,
            "slots": _list_of(REFERENCE_SLOT),
            "endorsed": _mapping(
                {"min": _number, "codes": CODES, "vetting": _boolean}, required=("min", "codes")
            ),
            "allowed_roles": _choices(REFERENCE_ROLES),
            "max_not_enough_information": _number,
            "max_age_days": _number,
            "association_policy": _mapping({"max_not_enough_information": _number, "max_age_days": _number}),
        },
        "leadership_activities": {"min_count": _number},
        "exam": {
            "parts": _choices(("multiple_choice", "essay")),
            "essay_track": _one_of(("clinical", "policy", "research_faculty")),
            "pass_mark_percent": _number,
            "retake_wait_days": _number,
            "association_policy": _mapping({"pass_mark_percent": _number, "retake_wait_days": _number}),
        },
        "code_of_ethics": {},
        "agreement": {},
        "membership": {"association": _text, "accepted": _texts, "any_imh_association": _boolean},
    },
    "renewal": {
        "training": {
            "hours": _number,
            "prorate": _list_of(PRORATE_STEP),
            "rsc_training": _mapping({"hours": _number, "min_degree": _one_of(DEGREE_LEVELS), "note": _text}),
        },
        "reflective_supervision": {
            "hours": _number,
            "prorate": _list_of(PRORATE_STEP),
            "exempt_after_years": _number,
            "exempt_note": _text,
        },
        "membership": {"association": _text, "accepted": _texts, "any_imh_association": _boolean},
    },
}
# What a requirement needs unless it is marked `required: false`.
REQUIRED_PARAMS = {
    ("application", "work_experience"): ("components",),
    ("application", "training"): ("min_hours",),
    ("application", "reflective_supervision"): ("min_hours",),
    ("application", "education"): ("paths",),
    ("renewal", "training"): ("hours",),
    ("renewal", "reflective_supervision"): ("hours",),
}


def validate_requirement(stage, key, params):
    """Raise `RuleError` naming the setting when a requirement's rule data is malformed."""
    if stage not in SPECS:
        raise RuleError(f"unknown stage {stage!r}; use application or renewal", "stage")
    if key not in SPECS[stage]:
        raise RuleError(f"unknown requirement {key!r}; use {', '.join(SPECS[stage])}", "key")
    if not isinstance(params, dict):
        raise RuleError("must be a mapping of settings", key)
    spec = {**COMMON, **SPECS[stage][key]}
    required = () if params.get("required") is False else REQUIRED_PARAMS.get((stage, key), ())
    _check_mapping(params, spec, key, required)


def validate_rules(rules):
    for stage in ("application", "renewal"):
        for key, params in (rules.get(stage) or {}).items():
            validate_requirement(stage, key, params)
