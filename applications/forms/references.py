"""The applicant's form for naming a reference rater."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from competencies.rules.facts import ENDORSEMENT_CODES
from endorsement.languages import supported

from ..services.references import role_choices

WAIVER_CHOICES = [
    ("yes", _("I waive my right to read this rating")),
    ("no", _("I do not waive my right: I may read this rating once it is submitted")),
]


class RaterForm(forms.Form):
    name = forms.CharField(label=_("Rater's name"), max_length=200)
    email = forms.EmailField(label=_("Rater's email"))
    role = forms.ChoiceField(
        label=_("How the rater knows your work"),
        help_text=_("Only the roles the guidelines name for this category are offered."),
    )
    rater_endorsements = forms.MultipleChoiceField(
        label=_("The rater's own Endorsements"),
        choices=[(code, code) for code in ENDORSEMENT_CODES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick every Endorsement the rater holds; leave all empty if they hold none."),
    )
    waiver = forms.TypedChoiceField(
        label=_("Applicant's Waiver"),
        choices=WAIVER_CHOICES,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you waive your right to read this rating.")},
        help_text=(
            _(
                "If you waive it, you will see only whether this rater has answered, never what they wrote; "
                "the rater is told so before writing. If you do not waive it, you can read the rating once it "
                "is submitted."
            )
        ),
    )

    language = forms.ChoiceField(
        label=_("Rater's language"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("The language of the rater's emails and rating form."),
    )

    def __init__(self, *args, category, **kwargs):
        super().__init__(*args, **kwargs)
        # The applicant's own language unless they choose the rater's.
        self.fields["language"].initial = supported(translation.get_language())
        self.fields["role"].choices = [("", _("Choose a role"))] + role_choices(category)
        self.fields["role"].error_messages["invalid_choice"] = _(
            "Choose one of the roles listed; the guidelines do not name that role for this category."
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the rater's name."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "role": data["role"],
            "rater_endorsements": list(data["rater_endorsements"]),
            "waiver": data["waiver"],
            "language": data.get("language") or supported(translation.get_language()),
        }
