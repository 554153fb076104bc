"""The queue's bulk actions: what to do to the applications ticked in the table."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from endorsement.forms import draw_selects_inline

from .queue import ReviewerChoiceField, reviewers_of

ASSIGN, REMIND, EXPORT = "assign", "remind", "export"


class ApplicationIdsField(forms.TypedMultipleChoiceField):
    """Application ids from the table's checkboxes; whether each may be touched is the view's check."""

    def valid_value(self, value):
        return str(value).isdigit()


class BulkActionForm(forms.Form):
    application = ApplicationIdsField(
        coerce=int,
        error_messages={"required": _("Tick at least one application in the table first.")},
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (ASSIGN, _("Assign a reviewer")),
            (REMIND, _("Remind the raters who have not answered")),
            (EXPORT, _("Export as CSV")),
        ],
        error_messages={"required": _("Choose what to do with the ticked applications.")},
    )
    reviewer = ReviewerChoiceField(
        label=_("Reviewer"),
        required=False,
        queryset=get_user_model().objects.none(),
        empty_label=_("Choose a reviewer"),
        help_text=_("For “Assign a reviewer”."),
    )

    def __init__(self, *args, user, reviewers=None, **kwargs):
        """`reviewers`: those of `reviewers_of(user)` already read (the queue's filters read them),
        shown without a query of our own; the choice is still validated against the database."""
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers_of(user).filter(is_active=True)
        if reviewers is not None:
            self.fields["reviewer"].reviewers = [reviewer for reviewer in reviewers if reviewer.is_active]
        draw_selects_inline(self)

    def clean_application(self):
        return sorted(set(self.cleaned_data["application"]))

    def clean(self):
        data = super().clean()
        if data.get("action") == ASSIGN and not data.get("reviewer"):
            self.add_error("reviewer", _("Choose the reviewer to assign to the ticked applications."))
        return data
