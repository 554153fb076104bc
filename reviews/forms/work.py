"""The coordinator's action forms on the work page: one form per input shape, one service each.

Each form names which of its fields a `ReviewError.field` points at (`error_field`), so the
view can put the service's message next to the field the coordinator has to fix.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications.people import person_label, person_name
from applications.sections import SECTIONS
from endorsement import roles
from endorsement.forms import draw_selects_inline

from ..models import Decision, ExamResult, ExamSitting, Fee

# The titles the applicant sees on the section pages, in their order ("" is the whole application).
SECTION_TITLES = {"": _("The whole application")} | {
    name: section["title"] for name, section in SECTIONS.items()
}
SECTION_CHOICES = list(SECTION_TITLES.items())
YES_NO = [("yes", _("Accepted")), ("no", _("Not accepted"))]


class WorkForm(forms.Form):
    """Base of the action forms: maps a service error's field name to one of the form's fields."""

    aliases = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        draw_selects_inline(self)

    def error_field(self, name):
        name = self.aliases.get(name, name)
        return name if name in self.fields else None


class ConfirmForm(WorkForm):
    """A transition that needs nothing but the button."""


class StartReviewForm(ConfirmForm):
    pass


class SendToExamForm(ConfirmForm):
    pass


class ReturnFromExamForm(ConfirmForm):
    pass


class VerdictField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", YES_NO)
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(coerce=lambda value: value == "yes", **kwargs)


class VetRaterForm(WorkForm):
    accepted = VerdictField(label=_("Outcome of the vetting call"))
    called_on = forms.DateField(
        label=_("Date of the call"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class JudgeItemForm(WorkForm):
    accepted = VerdictField(label=_("Your judgment"), choices=[("yes", _("Accept")), ("no", _("Refuse"))])
    note = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the item is accepted or refused.")},
    )
    aliases = {"kind": None, "item": None}


def _suggestion_label(suggestion):
    values = {"name": person_name(suggestion.reviewer), "count": suggestion.open_reviews}
    if suggestion.warning:
        return (
            ngettext(
                "%(name)s (%(count)s open review) — check the endorsement",
                "%(name)s (%(count)s open reviews) — check the endorsement",
                suggestion.open_reviews,
            )
            % values
        )
    return (
        ngettext(
            "%(name)s (%(count)s open review)", "%(name)s (%(count)s open reviews)", suggestion.open_reviews
        )
        % values
    )


class AssignReviewerForm(WorkForm):
    """Choose among `suggested_reviewers`, in the service's order (suitable, least loaded first)."""

    reviewer = forms.ChoiceField(label=_("Reviewer"))

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = {str(s.reviewer.pk): s for s in suggestions}
        self.fields["reviewer"].choices = [("", _("Choose a reviewer"))] + [
            (pk, _suggestion_label(s)) for pk, s in self.suggestions.items()
        ]
        self.fields["reviewer"].error_messages["invalid_choice"] = _("Choose one of the suggested reviewers.")

    def clean_reviewer(self):
        return self.suggestions[self.cleaned_data["reviewer"]]

    def warnings(self):
        """One line per kind of doubt, naming whom it concerns, rather than one line per reviewer."""
        unendorsed = [s for s in self.suggestions.values() if s.warning and s.suitable is False]
        unknown = [s for s in self.suggestions.values() if s.warning and s.suitable is None]
        lines = []
        for group, everyone, some in (
            (
                unendorsed,
                _("None of these reviewers is endorsed as %(code)s or in a higher category."),
                _("Not endorsed as %(code)s or in a higher category: %(names)s."),
            ),
            (
                unknown,
                _(
                    "No endorsement records yet: check that the reviewer you choose is endorsed as %(code)s or higher."
                ),
                _(
                    "No endorsement records yet for %(names)s: check that they are endorsed as %(code)s or higher."
                ),
            ),
        ):
            if not group:
                continue
            code = group[0].needs
            if len(group) == len(self.suggestions) and len(group) > 1:
                lines.append(everyone % {"code": code})
            else:
                lines.append(
                    some % {"code": code, "names": ", ".join(person_name(s.reviewer) for s in group)}
                )
        return lines


def advisor_candidates(application, *, advising=None, advisors=None):
    """Active advisors who do not advise this applicant yet (never the applicant themself).
    `advising`: the ids of the application's advisors, and `advisors`: the association's
    (`roles.people_by_role`), where the caller has read them already."""
    if advisors is None:
        advisors = roles.people_by_role(application.association_pk, roles.ADVISOR)[roles.ADVISOR]
    if advising is None:
        advising = set(application.advisor_assignments.values_list("advisor_id", flat=True))
    return [user for user in advisors if user.pk != application.applicant_id and user.pk not in advising]


class AssignAdvisorForm(WorkForm):
    """Choose among `advisor_candidates`, fetched once for both the choices and the check."""

    advisor = forms.ChoiceField(
        label=_("Advisor"),
        error_messages={
            "required": _("Choose an advisor."),
            "invalid_choice": _("Choose one of the advisors listed."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(user.pk): user for user in candidates}
        self.fields["advisor"].choices = [("", _("Choose an advisor"))] + [
            (pk, person_label(user)) for pk, user in self.candidates.items()
        ]

    def clean_advisor(self):
        return self.candidates[self.cleaned_data["advisor"]]


class RequestChangesForm(WorkForm):
    section = forms.ChoiceField(label=_("Section"), choices=SECTION_CHOICES, required=False)
    message = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what needs to change.")},
    )

    def requests(self):
        return [(self.cleaned_data["section"], self.cleaned_data["message"])]


class RecordExamForm(WorkForm):
    RESULT_CHOICES = [("", _("Not taken at this sitting"))] + list(ExamResult.choices)

    sat_on = forms.DateField(label=_("Date of the sitting"), widget=forms.DateInput(attrs={"type": "date"}))
    accommodations = forms.CharField(
        label=_("Accommodations"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    multiple_choice_score = forms.DecimalField(
        label=_("Multiple-choice score (percent)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("Leave empty if the multiple-choice part was not taken at this sitting."),
    )
    essay_track = forms.ChoiceField(
        label=_("Essay track"),
        required=False,
        choices=[("", _("Not taken at this sitting"))] + list(ExamSitting.EssayTrack.choices),
    )
    essay_score_1 = forms.ChoiceField(
        label=_("Essay: first blind scorer"), required=False, choices=RESULT_CHOICES
    )
    essay_score_2 = forms.ChoiceField(
        label=_("Essay: second blind scorer"), required=False, choices=RESULT_CHOICES
    )
    aliases = {"multiple_choice": "multiple_choice_score", "essay": "essay_score_1"}


class CorrectExamForm(RecordExamForm):
    """The sitting's results as they should have been recorded, and why."""

    reason = forms.CharField(
        label=_("Why is the record corrected?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the application's history, e.g. “68 was typed for 86”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("sat_on", "accommodations"):
            del self.fields[name]

    @classmethod
    def for_sitting(cls, sitting, **kwargs):
        initial = {
            "multiple_choice_score": sitting.multiple_choice_score,
            "essay_track": sitting.essay_track,
            "essay_score_1": sitting.essay_score_1,
            "essay_score_2": sitting.essay_score_2,
        }
        return cls(initial=initial, auto_id=f"exam-{sitting.pk}-%s", **kwargs)


class VoidExamForm(WorkForm):
    reason = forms.CharField(
        label=_("Why does this sitting not count?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the application's history, e.g. “recorded on the wrong application”."),
    )


class FeeForm(WorkForm):
    kind = forms.ChoiceField(label=_("Fee"), choices=Fee.Kind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Fee.Status.choices)
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("Leave empty to use the association's fee schedule."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(WorkForm):
    section = forms.ChoiceField(label=_("About"), choices=SECTION_CHOICES, required=False)
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment.")},
    )


class DecisionForm(WorkForm):
    """What both steps of a decision ask first: the outcome."""

    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )


class DecisionDraftForm(DecisionForm):
    """Step one of a decision: the outcome and reasons the email is drafted from."""

    reasons = forms.CharField(
        label=_("Reasons (for a denial) or guidance (for a deferral)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    include_feedback = forms.BooleanField(
        label=_("Include the reviewers' feedback in the email"), required=False
    )

    def clean(self):
        data = super().clean()
        outcome, reasons = data.get("outcome"), (data.get("reasons") or "").strip()
        if outcome == Decision.Outcome.DENIED and not reasons:
            self.add_error("reasons", _("Give the reasons for the denial."))
        elif outcome == Decision.Outcome.DEFERRED and not reasons:
            self.add_error("reasons", _("Give the applicant guidance on what to change."))
        return data


class DecisionSendForm(DecisionForm):
    """Step two: the decision with the email exactly as it will be sent, editable."""

    reasons = forms.CharField(
        label=_("Reasons or guidance (recorded with the decision)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    email_subject = forms.CharField(label=_("Email subject"), max_length=200)
    email_body = forms.CharField(
        label=_("Email to the applicant"), strip=False, widget=forms.Textarea(attrs={"rows": 16})
    )
    aliases = {"fee": None}
