"""The applicant's profile: who they are, how to reach them, their membership."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competencies.models import Association, Edition

from ..models import Profile
from ..people import DIRECTORY_DOES_NOT_SHOW, DIRECTORY_SHOWS


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "legal_name",
            "preferred_name",
            "phone",
            "address",
            "city",
            "region",
            "postal_code",
            "country",
            "association",
            "membership_number",
            "membership_expires",
            "discipline",
            "licenses",
            "directory_opt_in",
            "language",
        ]
        labels = {
            "legal_name": _("Legal name"),
            "preferred_name": _("Preferred name"),
            "phone": _("Phone"),
            "city": _("City"),
            "country": _("Country"),
            "postal_code": _("ZIP or postal code"),
            "association": _("Association"),
            "membership_number": _("Membership number"),
            "membership_expires": _("Membership expires on"),
            "discipline": _("Discipline"),
            "licenses": _("Licenses and certifications"),
            "language": _("Language"),
        }
        help_texts = {
            "legal_name": _(
                "As on your transcripts and certificates; it is printed on your endorsement certificate."
            ),
            "preferred_name": _("What you like to be called, if it differs from your legal name."),
            "phone": _("Only coordinators and your advisor see it."),
            "association": _("The infant mental health association you are a member of and apply through."),
            "membership_expires": _("Your membership must be current when you apply and renew."),
            "language": _("The language of your pages and emails; blank follows your browser."),
        }
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "legal_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "preferred_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "region": forms.TextInput(attrs={"autocomplete": "address-level1"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
            "membership_expires": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "licenses": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "legal_name": {"required": _("Enter your legal name, as on your transcripts and certificates.")},
            "membership_expires": {
                "invalid": _("Enter the expiry date as YYYY-MM-DD, for example 2026-06-30.")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = Edition.objects.filter(status=Edition.Status.PUBLISHED).values("association")
        self.fields["association"].queryset = Association.objects.filter(pk__in=published)
        self.fields["association"].empty_label = _("Not a member yet")
        self.fields["directory_opt_in"].help_text = gettext(
            "Only once you are endorsed, and while your endorsement is current, the public directory "
            "lists your %(shows)s: never your %(does_not_show)s. You can change this at any time."
        ) % {"shows": gettext(DIRECTORY_SHOWS), "does_not_show": gettext(DIRECTORY_DOES_NOT_SHOW)}
        self.fields["language"].choices = [("", _("The one my browser asks for"))] + settings.LANGUAGES

    def clean_membership_number(self):
        return self.cleaned_data["membership_number"].strip()

    def clean_licenses(self):
        lines = (line.strip() for line in self.cleaned_data["licenses"].splitlines())
        return "\n".join(line for line in lines if line)

    def clean(self):
        cleaned = super().clean()
        association = cleaned.get("association")
        if not association:
            for name in ("membership_number", "membership_expires"):
                if cleaned.get(name):
                    self.add_error(
                        "association",
                        _(
                            "Choose the association your membership is with, or leave the membership "
                            "number and expiry empty."
                        ),
                    )
                    break
        return cleaned
