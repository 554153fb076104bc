"""`{% entries_table kind_name entries application %}`: a read-only table of one kind of entry,
drawn once for the rows it shows, then read from the cache.

A portfolio's tables are the largest part of the work page and of the applicant's overview
(a row is a template with a few dates, numbers and translated words), and a coordinator comes
back to the same application after every action. What a table shows is a function of its
kind, the language, the application and each row's values with those of the documents it
links to: all of these make the key, so an edited entry or a replaced transcript draws afresh.
The process's token keeps a new release's templates from reading an older one's markup.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from endorsement.generations import KEPT_SECONDS, PROCESS_TOKEN

register = template.Library()

TEMPLATE = "applications/_review_entries.html"


def _values(row):
    return [getattr(row, field.attname) for field in row._meta.concrete_fields]


def row_values(row, owner):
    """A row's own values and those of every row it points to but its `owner` (the application,
    whose key is enough): its document, read with it."""
    values = _values(row)
    for field in row._meta.concrete_fields:
        if (
            field.is_relation
            and field.related_model is not type(owner)
            and getattr(row, field.attname) is not None
        ):
            values.append(_values(getattr(row, field.name)))
    return values


def _fingerprint(kind_name, entries, application):
    parts = [PROCESS_TOKEN, TEMPLATE, translation.get_language() or "-", kind_name, application.pk]
    parts += [(type(entry).__qualname__, row_values(entry, application)) for entry in entries]
    return "entries-table:" + hashlib.sha256(repr(parts).encode()).hexdigest()


@register.simple_tag
def entries_table(kind_name, entries, application):
    html = cache.get_or_set(
        _fingerprint(kind_name, entries, application),
        lambda: render_to_string(
            TEMPLATE, {"kind_name": kind_name, "entries": entries, "application": application}
        ),
        KEPT_SECONDS,
    )
    # Our own template's output, rendered with autoescaping.
    return mark_safe(html)  # noqa: S308
