"""The requirement engine: pure Python, no ORM.

``evaluate(rules, facts)`` says, for an application or a renewal, which of the
category's requirements are met, which are not, and why. ``rules`` is the dict
an edition's rule data becomes (see `source.rules_from_folder`); ``facts``
follows facts format 1 (see the design). ``evaluate(facts)`` alone looks the
rules up through the installed rule provider: the database when Django runs,
the fixture files otherwise.
"""

from . import application, renewal
from .describe import accepted_roles, describe_edition_policy, describe_policy, describe_requirement
from .errors import FactsError, RuleError
from .facts import parse_facts
from .language import TranslatedNames, gettext_noop
from .language import gettext as _
from .outcome import MET, NEEDS_REVIEW, NOT_MET, NOT_REQUIRED, Outcome, number
from .policy import merged, merged_stages, policy_of
from .schema import validate_requirement, validate_rules
from .source import rules_from_fixtures

__all__ = [
    "FactsError",
    "RuleError",
    "evaluate",
    "describe_requirement",
    "describe_policy",
    "describe_edition_policy",
    "accepted_roles",
    "merged_stages",
    "policy_of",
    "validate_requirement",
    "validate_rules",
    "set_rule_provider",
    "MET",
    "NOT_MET",
    "NEEDS_REVIEW",
    "NOT_REQUIRED",
]

_rule_provider = rules_from_fixtures


def set_rule_provider(provider):
    """Install ``provider(edition_slug, category_code) -> rules`` for ``evaluate(facts)``."""
    global _rule_provider
    _rule_provider = provider


def evaluate(rules, facts=None, *, today=None):
    """Evaluate facts against rules; returns the result dict of the design.

    Raises `FactsError` (naming the field) for malformed facts and `RuleError`
    for an unknown edition or category.
    """
    if facts is None:
        facts, rules = rules, None
    if not isinstance(facts, dict):
        raise FactsError("facts", "must be an object (a mapping of names to values)")
    parsed = parse_facts(facts, today=today)
    if rules is None:
        rules = _rule_provider(parsed.edition, parsed.category)
    elif rules.get("edition") != parsed.edition or rules.get("category") != parsed.category:
        raise RuleError(
            f"the rules are for {rules.get('edition')}/{rules.get('category')}, "
            f"the facts for {parsed.edition}/{parsed.category}",
            field="category",
        )
    return evaluate_parsed(rules, parsed)


def evaluate_parsed(rules, facts):
    stage = facts.kind
    module = renewal if stage == "renewal" else application
    stage_rules = rules.get(stage, {})
    context = {
        "category": rules["category"],
        "category_name": rules.get("category_name", rules["category"]),
        "renewal_cycle_years": rules.get("renewal_cycle_years", 1),
    }
    outcomes = {}
    stage_rules = {key: merged(params) for key, params in stage_rules.items()}
    for key in module.KEYS:
        params = stage_rules.get(key)
        if params is None:
            outcomes[key] = application.not_required(key, {}, context["category_name"])
        else:
            outcomes[key] = module.EVALUATORS[key](facts, params, context)
        label = (params or {}).get("label")
        outcomes[key].label = label or LABELS[key]
    _settle_alternatives(stage_rules, outcomes)

    statuses = {outcome.status for outcome in outcomes.values()}
    if NOT_MET in statuses:
        overall = "not_eligible"
    elif NEEDS_REVIEW in statuses:
        overall = "needs_review"
    else:
        overall = "eligible"
    advice = advisories(stage_rules, outcomes, context)
    return {
        "edition": rules["edition"],
        "category": rules["category"],
        "kind": stage,
        "as_of": facts.as_of.isoformat(),
        "status": overall,
        "requirements": [outcome.as_dict() for outcome in outcomes.values()],
        "advisories": [line for _key, line in advice],
        # The same lines keyed by the requirement each is about, e.g. {"training": [...]}.
        "advisories_by_requirement": {
            key: [line for about, line in advice if about == key] for key in dict(advice)
        },
    }


def _settle_alternatives(stage_rules, outcomes):
    """Requirements that are alternatives ("education and/or work experience"): one suffices.

    The one not needed is reported honestly as met (or needing review) through the other, never
    `not_required`, which means the category has no such requirement at all.
    """
    original = {key: outcome.status for key, outcome in outcomes.items()}
    for key, params in stage_rules.items():
        partner = (params or {}).get("either_with")
        if not partner or partner not in outcomes:
            continue
        mine, theirs = outcomes[key], outcomes[partner]
        words = THROUGH.get(partner) or THROUGH["other"]
        values = {"label": LABELS[partner].lower(), "summary": _lower_first(theirs.summary)}
        if original[partner] == MET and original[key] in (NOT_MET, NEEDS_REVIEW):
            mine.status = MET
            mine.summary = words["met"]() % values
            mine.details.append(words["detail"]() % values)
        elif original[partner] == NEEDS_REVIEW and original[key] == NOT_MET:
            mine.status = NEEDS_REVIEW
            mine.summary = words["if accepted"]() % values


# The sentences for a requirement met through its alternative, per alternative.
THROUGH = {
    "education": {
        "met": lambda: _("Met through your education: %(summary)s"),
        "if accepted": lambda: _("Met through your education if it is accepted: %(summary)s"),
        "detail": lambda: _("Your education meets this requirement; one of the two is enough."),
    },
    "work_experience": {
        "met": lambda: _("Met through your work experience: %(summary)s"),
        "if accepted": lambda: _("Met through your work experience if it is accepted: %(summary)s"),
        "detail": lambda: _("Your work experience meets this requirement; one of the two is enough."),
    },
    "other": {
        "met": lambda: _("Met through your %(label)s: %(summary)s"),
        "if accepted": lambda: _("Met through your %(label)s if it is accepted: %(summary)s"),
        "detail": lambda: _("Your %(label)s meets this requirement; one of the two is enough."),
    },
}


def _lower_first(text):
    """The partner's summary to follow "Met through your …:", without its own "Met: "."""
    met_prefix = _("Met: %(what)s").split("%(what)s")[0]
    text = text.removeprefix(met_prefix)
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def advisories(stage_rules, outcomes, context):
    """The advice lines, each with the requirement it is about: [(key, line)], in order."""
    notes = []
    training = stage_rules.get("training") or {}
    if training.get("typical_hours"):
        notes.append(
            (
                "training",
                _(
                    "Successful %(category)s applications typically include %(hours)s or more hours of "
                    "training, unless the applicant has completed coursework specific to the Competency "
                    "Guidelines"
                )
                % {"category": context["category"], "hours": number(training["typical_hours"])},
            )
        )
    for key, params in stage_rules.items():
        for advice in (params or {}).get("advice", []):
            notes.append((key, advice))
    return notes


# A requirement's name where its rule data gives none, in the active language when read.
LABELS = TranslatedNames(
    {
        "education": gettext_noop("Education"),
        "work_experience": gettext_noop("Work experience"),
        "training": gettext_noop("Specialized training"),
        "reflective_supervision": gettext_noop("Reflective supervision/consultation"),
        "references": gettext_noop("Professional reference ratings"),
        "leadership_activities": gettext_noop("Leadership activities"),
        "exam": gettext_noop("Written examination"),
        "code_of_ethics": gettext_noop("Code of ethics"),
        "agreement": gettext_noop("Endorsement agreement"),
        "membership": gettext_noop("Professional membership"),
    }
)

Outcome = Outcome
