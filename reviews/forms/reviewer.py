"""The reviewer's forms: the review itself, and stepping back for a conflict of interest.

The review form is built from the application: one verdict (and note) per requirement the
engine evaluates and per competency domain of the category, so a reviewer judges exactly the
points the coordinator will compare side by side.
"""

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Review, ReviewItem
from .work import WorkForm

Verdict = ReviewItem.Verdict
DRAFT_TEXT_LIMIT = 20_000  # characters kept of one field in a draft
# A verdict that is not "met" must say why, or the coordinator cannot act on it.
NOTE_NEEDED = {
    Verdict.NOT_MET: _("Say why %(label)s is not met."),
    Verdict.UNCLEAR: _("Say what is unclear about %(label)s."),
}


class ReviewPoint:
    """One point of the review: a requirement (by key) or a competency domain, and its two fields."""

    def __init__(self, form, name, label, *, requirement="", domain=None, engine=None):
        self.form, self.name, self.label = form, name, label
        self.requirement, self.domain, self.engine = requirement, domain, engine

    @property
    def verdict(self):
        return self.form[self.name]

    @property
    def note(self):
        return self.form[f"{self.name}_note"]

    def item(self):
        data = self.form.cleaned_data
        item = {"verdict": data[self.name], "note": data[f"{self.name}_note"]}
        if self.requirement:
            item["requirement"] = self.requirement
        else:
            item["domain"] = self.domain
        return item


class ReviewForm(WorkForm):
    """`requirements` are engine result rows (key, label, ...); `domains` the category's domains."""

    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        choices=Review.Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Recommend approve, request changes or deny.")},
    )
    summary = forms.CharField(
        label=_("Summary for the coordinator"),
        help_text=_(
            "What the coordinator should know: strengths, gaps, and what you would ask the applicant."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write a short summary of your review.")},
    )
    # The service's message about the items as a whole goes above the form.
    aliases = {"items": None}

    def __init__(self, *args, requirements, domains, **kwargs):
        kwargs.setdefault("auto_id", "review-%s")
        super().__init__(*args, **kwargs)
        self.requirement_points = [
            self._point(
                f"req_{row['key']}",
                row["label"],
                # Django renders help text unescaped; the summary may quote what the applicant typed.
                help_text=escape(
                    gettext("Engine: %(status)s — %(summary)s")
                    % {"status": row["status_words"], "summary": row["summary"]}
                ),
                requirement=row["key"],
                engine=row,
            )
            for row in requirements
        ]
        self.domain_points = [
            self._point(f"domain_{domain.pk}", domain.title, domain=domain) for domain in domains
        ]
        # The recommendation and summary come last, after every point is judged.
        for name in ("recommendation", "summary"):
            self.fields[name] = self.fields.pop(name)

    def _point(self, name, label, help_text="", **kwargs):
        self.fields[name] = forms.ChoiceField(
            label=label,
            help_text=help_text,
            choices=Verdict.choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": gettext("Choose met, not met or unclear for %(label)s.") % {"label": label}
            },
        )
        self.fields[f"{name}_note"] = forms.CharField(
            label=gettext("Note on %(label)s") % {"label": label},
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        return ReviewPoint(self, name, label, **kwargs)

    @property
    def points(self):
        return self.requirement_points + self.domain_points

    def clean(self):
        data = super().clean()
        for point in self.points:
            message = NOTE_NEEDED.get(data.get(point.name))
            note_name = f"{point.name}_note"
            if message and not (data.get(note_name) or "").strip():
                self.add_error(note_name, message % {"label": point.label})
        return data

    def items(self):
        return [point.item() for point in self.points]

    def draft_data(self):
        """The values entered so far, unvalidated, of this form's fields only: a draft to come back to."""
        return {
            name: self.data[name][:DRAFT_TEXT_LIMIT]
            for name in self.fields
            if isinstance(self.data.get(name), str) and self.data[name]
        }


class RecuseForm(WorkForm):
    note = forms.CharField(
        label=_("What is the conflict of interest?"),
        help_text=_(
            "For example: you supervised the applicant, or you work for the same program. "
            "Only the coordinator reads this."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say briefly what the conflict of interest is.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "recuse-%s")
        super().__init__(*args, **kwargs)
