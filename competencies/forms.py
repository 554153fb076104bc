"""The form an association's admin fills in to give someone a role."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership


class AddStaffForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("Someone without an account is invited to set a password."),
        error_messages={
            "required": _("Enter the person's email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        error_messages={
            "required": _("Choose a role."),
            "invalid_choice": _("Choose one of the roles listed."),
        },
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
