"""`{% queue_bulk_form %}`: the bulk action form above the queue's table, built for the signed-in
coordinator (its reviewer choices are theirs, those the page's filter form already read), so that
the queue's view needs no change."""

from django import template

from ..forms.bulk import BulkActionForm
from ..forms.queue import QueueFilterForm

register = template.Library()


@register.inclusion_tag("reviews/_queue_bulk.html", takes_context=True)
def queue_bulk_form(context):
    request = context["request"]
    filters = context.get("form")
    reviewers = filters.reviewers if isinstance(filters, QueueFilterForm) else None
    return {
        "bulk_form": BulkActionForm(user=request.user, reviewers=reviewers),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
