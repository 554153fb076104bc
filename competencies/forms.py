"""The form an association's admin fills in to give someone a role."""

from django import forms

from .models import Membership


class AddStaffForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="Someone without an account is invited to set a password.",
        error_messages={
            "required": "Enter the person's email address.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        error_messages={"required": "Choose a role.", "invalid_choice": "Choose one of the roles listed."},
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
