"""`{% kept_fields form "template.html" %}`: a form's fields drawn once for everything that changes
them, then read from the cache.

Drawing a form with many selects is most of a filter panel's time (each field, option and
attribute list is a template of its own), and the queue's and the directory's filters are drawn
the same way on every visit. What they show is a function of the template, the language, the
form's class and ids, and each field's label, help, widget and attributes, choices, value and
errors: all of these make the key, so a changed choice or a typed value draws afresh. The
process's token keeps a new release's templates from reading an older one's markup.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from endorsement.generations import KEPT_SECONDS, PROCESS_TOKEN

register = template.Library()


def _fingerprint(form, template_name):
    parts = [PROCESS_TOKEN, template_name, translation.get_language() or "-", type(form).__qualname__]
    parts += [
        repr((form.auto_id, form.prefix, form.is_bound, form.label_suffix, form.use_required_attribute))
    ]
    parts.append(repr(list(form.non_field_errors())))
    for field in form:
        widget = field.field.widget
        choices = getattr(field.field, "choices", None)
        parts.append(
            repr(
                (
                    field.name,
                    str(field.label),
                    str(field.help_text),
                    field.field.required,
                    field.field.disabled,
                    type(widget).__qualname__,
                    widget.template_name,
                    sorted((str(name), str(value)) for name, value in widget.attrs.items()),
                    field.value(),
                    list(field.errors),
                    [(str(value), str(label)) for value, label in choices] if choices is not None else None,
                )
            )
        )
    return "form-fields:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@register.simple_tag
def kept_fields(form, template_name):
    html = cache.get_or_set(
        _fingerprint(form, template_name),
        lambda: render_to_string(template_name, {"form": form}),
        KEPT_SECONDS,
    )
    # Our own template's output, rendered with autoescaping.
    return mark_safe(html)  # noqa: S308
