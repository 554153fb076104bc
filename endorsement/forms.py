"""How every form field is drawn.

Django's own field template prints `help_text` as markup. Ours sometimes carries a person's
name ("It must match the name on your profile: …"), so the project's template escapes it like
any other text; a help text that really is markup says so with `format_html`.
"""

from django import forms
from django.forms.renderers import TemplatesSetting

# Django's select template, its options drawn inline: one include an option adds up on the
# pages with many selects or long ones (the queue, the directory).
INLINE_SELECT = "forms/select.html"


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"


def draw_selects_inline(form):
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            field.widget.template_name = INLINE_SELECT
