"""The renewal panel's data, for pages of the endorsement that renewals' own views do not render."""

from django import template
from django.utils.html import format_html_join

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


# A row of the directory (renewals/_directory_body.html), drawn here rather than by the template
# language: fifty rows of tags cost a search more than its SQL. Every value is escaped.
DIRECTORY_ROW = (
    '<tr><th scope="row">{holder_name}</th><td>{category_name} ({category_code})</td>'
    '<td><a href="{verify_url}">{number}<span class="visually-hidden">{verify_suffix}</span></a></td>'
    "<td>{region}</td><td>{association_name}</td><td>{valid_until}</td></tr>"
)


@register.simple_tag
def directory_rows(rows, verify_suffix):
    """The table rows of the directory's `rows` (`renewals.views.public` works out their link
    and date)."""
    return format_html_join(
        "\n",
        DIRECTORY_ROW,
        ({**vars(row), "region": row.region or "—", "verify_suffix": verify_suffix} for row in rows),
    )
