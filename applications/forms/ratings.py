"""The rater's forms: the rating itself (built from the category's domains and areas) and declining."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Rating, RatingAnswer
from ..services.references import RatingData

SCORE_CHOICES = [
    (str(RatingAnswer.Score.BEGINNING), _("1 — Beginning")),
    (str(RatingAnswer.Score.DEVELOPING), _("2 — Developing")),
    (str(RatingAnswer.Score.PROFICIENT), _("3 — Proficient")),
    (str(RatingAnswer.Score.EXEMPLARY), _("4 — Exemplary")),
    (str(RatingAnswer.Score.NOT_ENOUGH_INFORMATION), _("Not enough information to rate")),
]

# The matrix's column headings: short enough for narrow columns; each radio's label stays whole.
SCORE_HEADINGS = [*SCORE_CHOICES[:-1], (SCORE_CHOICES[-1][0], _("Not enough information"))]


class RatingForm(forms.Form):
    """One radio group per knowledge/skill area, one comment per domain, and how the rater knows the applicant.

    Every field is optional so that a draft can be saved; what a submitted rating
    needs is checked by `references.rating_problems`.
    """

    known_for = forms.CharField(
        label=_("How long have you known the applicant?"),
        max_length=120,
        required=False,
        help_text=_("For example “3 years” or “since March 2022”."),
    )
    capacity = forms.ChoiceField(
        label=_("In what capacity do you know the applicant?"),
        choices=Rating.Capacity.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    capacity_detail = forms.CharField(
        label=_("Tell us more about how you know the applicant (optional)"),
        max_length=300,
        required=False,
    )
    accept_not_counted = forms.BooleanField(
        label=_("I understand that this rating will not count, and I want to submit it anyway"),
        required=False,
    )

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = domains
        for domain in domains:
            for area in domain.areas.all():
                self.fields[f"area_{area.pk}"] = forms.ChoiceField(
                    label=area.name, choices=SCORE_CHOICES, widget=forms.RadioSelect, required=False
                )
            self.fields[f"comment_{domain.pk}"] = forms.CharField(
                label=gettext("Comments on “%(domain)s” (optional)") % {"domain": domain.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=5000,
            )

    @staticmethod
    def initial_from(rating):
        """The form's initial values from a saved draft."""
        if rating is None:
            return {}
        initial = {
            "known_for": rating.known_for,
            "capacity": rating.capacity,
            "capacity_detail": rating.capacity_detail,
        }
        initial.update({f"area_{answer.area_id}": str(answer.score) for answer in rating.answers.all()})
        initial.update({f"comment_{comment.domain_id}": comment.text for comment in rating.comments.all()})
        return initial

    def sections(self):
        """The domains in page order, each with its bound area fields and comment field."""
        return [
            {
                "domain": domain,
                "areas": [self[f"area_{area.pk}"] for area in domain.areas.all()],
                "comment": self[f"comment_{domain.pk}"],
            }
            for domain in self.domains
        ]

    def area_fields(self):
        return [self[f"area_{area.pk}"] for domain in self.domains for area in domain.areas.all()]

    def areas_left(self):
        """How many areas have no answer yet, from what was posted or the saved draft."""
        return sum(1 for field in self.area_fields() if field.value() in (None, ""))

    def rating_data(self):
        data = self.cleaned_data
        answers, comments = {}, {}
        for domain in self.domains:
            for area in domain.areas.all():
                value = data.get(f"area_{area.pk}")
                if value not in (None, ""):
                    answers[area.pk] = int(value)
            comments[domain.pk] = data.get(f"comment_{domain.pk}", "")
        return RatingData(
            answers=answers,
            comments=comments,
            known_for=data.get("known_for", ""),
            capacity=data.get("capacity", ""),
            capacity_detail=data.get("capacity_detail", ""),
            accept_not_counted=data.get("accept_not_counted", False),
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you declining?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        help_text=_("The applicant will read this, so that they can ask someone else."),
        error_messages={
            "required": _(
                "Give a short reason, for example “I do not know the applicant’s work well enough”."
            )
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a short reason for declining."))
        return reason
