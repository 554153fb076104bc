"""The renewal panel's data, for pages of the endorsement that renewals' own views do not render."""

from django import template

from ..facts import evaluate_period
from ..services.renewal_periods import current_period

register = template.Library()


@register.simple_tag
def renewal_summary(endorsement):
    """The current period and the engine's hour requirements for it (None without a period)."""
    period = current_period(endorsement)
    if period is None:
        return None
    period.endorsement = endorsement
    result = evaluate_period(period)
    hours = [item for item in result["requirements"] if item["key"] in ("training", "reflective_supervision")]
    return {"period": period, "hours": hours, "status": result["status"]}


@register.filter
def endorsement_status(value):
    """An endorsement status code as its label ("renewal_due" → "Renewal due")."""
    from ..models import Endorsement

    return dict(Endorsement.Status.choices).get(value, value)
