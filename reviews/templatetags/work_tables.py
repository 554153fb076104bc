"""`{% ratings_side_by_side ratings %}`: the body of the work page's largest table, every rated
area by every rater, drawn here rather than by the template language, whose tags a cell were
most of the page's rendering."""

from django import template
from django.template.defaultfilters import capfirst, linebreaksbr
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def ratings_side_by_side(ratings):
    """One <tbody> per domain of `ratings` (`reviews.views.work._ratings`): its heading, a row per
    area (marked where the raters differ) and a row of each rater's comments. Every value that
    goes into the markup is escaped on the way in."""
    flag, comments_label = escape(_("differ")), escape(_("Comments"))
    differ = f' <span class="work-flag">{flag}</span>'
    colspan = len(ratings["raters"]) + 1
    parts = []
    for block in ratings["domains"]:
        parts.append(
            f'<tbody>\n<tr class="work-group"><th scope="colgroup" colspan="{colspan}">'
            f"{escape(block['domain'].title)}</th></tr>"
        )
        for row in block["rows"]:
            cells = "".join(f'<td class="num">{escape(cell)}</td>' for cell in row["cells"])
            if row["spread"]:
                parts.append(
                    f'<tr class="work-differ"><th scope="row">{escape(capfirst(row["area"].name))}{differ}</th>'
                    f"{cells}</tr>"
                )
            else:
                parts.append(f'<tr><th scope="row">{escape(capfirst(row["area"].name))}</th>{cells}</tr>')
        comments = "".join(
            f"<td>{linebreaksbr(text or '—', autoescape=True)}</td>" for text in block["comments"]
        )
        parts.append(
            f'<tr class="work-comments"><th scope="row">{comments_label}</th>{comments}</tr>\n</tbody>'
        )
    return mark_safe("\n".join(parts))  # noqa: S308 -- every value above is escaped
