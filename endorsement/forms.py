"""How every form field is drawn.

Django's own field template prints `help_text` as markup. Ours sometimes carries a person's
name ("It must match the name on your profile: …"), so the project's template escapes it like
any other text; a help text that really is markup says so with `format_html`.
"""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"
