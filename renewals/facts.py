"""A renewal period as the engine's facts (kind "renewal"), and the engine's verdict on it."""

from django.utils import timezone

from competencies.rules import evaluate
from competencies.rules.facts import DEGREE_LEVELS
from competencies.rules.periods import full_years_between
from competencies.services import rules_for_category

from .models import Endorsement


def highest_degree(endorsement):
    """The highest degree level in the portfolio the endorsement was granted on (None without one)."""
    if endorsement.application_id is None:
        return None
    levels = {degree.level for degree in endorsement.application.degree_entries.all()}
    ranked = [level for level in DEGREE_LEVELS if level in levels]
    return ranked[-1] if ranked else None


def first_endorsed_in_category(endorsement):
    """When the holder was first endorsed in this category (any association's edition, any status)."""
    earliest = (
        Endorsement.objects.filter(holder_id=endorsement.holder_id, category__code=endorsement.category.code)
        .order_by("granted_on")
        .values_list("granted_on", flat=True)
        .first()
    )
    return min(filter(None, [earliest, endorsement.granted_on]))


def renewal_facts(period, *, as_of=None, training=None, rsc=None):
    """Facts format 1 for `period`; `training`/`rsc` may be passed when already fetched."""
    endorsement = period.endorsement
    training = period.training.all() if training is None else training
    rsc = period.rsc.all() if rsc is None else rsc
    membership = {"association": "", "expires": None}
    if period.membership_confirmed:
        membership = {
            "association": period.membership_association,
            "expires": period.membership_expires.isoformat() if period.membership_expires else None,
        }
    return {
        "kind": "renewal",
        "edition": endorsement.edition.slug,
        "category": endorsement.category.code,
        "endorsed_on": endorsement.granted_on.isoformat(),
        "renewal_due": period.due_on.isoformat(),
        "period_starts_on": period.starts_on.isoformat(),
        "as_of": (as_of or timezone.localdate()).isoformat(),
        "training": [
            {
                "title": entry.title,
                "date": entry.date.isoformat(),
                "hours": float(entry.hours),
                "about_rsc": entry.about_rsc,
            }
            for entry in training
        ],
        "rsc": [
            {
                "provider": entry.provider,
                "provider_endorsements": list(entry.provider_endorsements or []),
                "format": entry.format,
                "start": entry.start.isoformat(),
                "end": entry.end.isoformat(),
                "hours": float(entry.hours),
                "about_rsc_provided": entry.about_rsc_provided,
            }
            for entry in rsc
        ],
        "membership": membership,
        "provides_rsc": period.provides_rsc,
        "highest_degree": highest_degree(endorsement),
        "years_endorsed_in_category": full_years_between(
            first_endorsed_in_category(endorsement), period.due_on
        ),
    }


def evaluate_period(period, *, as_of=None, training=None, rsc=None):
    """The engine's result for the period's logs, against the endorsement's pinned edition."""
    rules = rules_for_category(period.endorsement.category)
    return evaluate(rules, renewal_facts(period, as_of=as_of, training=training, rsc=rsc))
