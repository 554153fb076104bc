"""`{% queue_bulk_form %}`: the bulk action form above the queue's table, built for the signed-in
coordinator (its reviewer choices are theirs), so that the queue's view needs no change."""

from django import template

from ..forms.bulk import BulkActionForm

register = template.Library()


@register.inclusion_tag("reviews/_queue_bulk.html", takes_context=True)
def queue_bulk_form(context):
    request = context["request"]
    return {
        "bulk_form": BulkActionForm(user=request.user),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
