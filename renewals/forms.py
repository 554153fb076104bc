"""The renewal forms: the logs reuse the application's entry forms on the renewal models."""

import re

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from applications.forms.portfolio import (
    YES_NO,
    RSCEntryForm,
    TrainingEntryForm,
    _date_field,
)
from applications.people import fold_name
from competencies.models import Association, Category
from endorsement.forms import draw_selects_inline

from .models import RenewalPeriod, RenewalRSC, RenewalTraining
from .services import endorsements


class InPeriodMixin:
    """Renewal hours count only inside the renewal period (the guidelines ask for hours "per year"
    or "over the 3-year cycle"), so an entry wholly outside it is refused at its date, with the
    dates that do count. Without a period (the admin) nothing is checked.

    A form names its `log` (as in the keys of `OUTSIDE_PERIOD`) and the fields holding an entry's
    first and last day (`span_fields`: one field twice for an entry of a single day)."""

    log = None
    span_fields = None

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period

    # Whole sentences per log and side of the period: Spanish cannot slot the log's name in.
    OUTSIDE_PERIOD = {
        ("training", "before"): gettext_lazy(
            "This is before the renewal period began on %(starts)s: only training from %(starts)s "
            "to %(ends)s counts toward this renewal."
        ),
        ("training", "after"): gettext_lazy(
            "This is after the renewal period ended on %(ends)s: only training from %(starts)s "
            "to %(ends)s counts toward this renewal."
        ),
        ("rsc", "before"): gettext_lazy(
            "This is before the renewal period began on %(starts)s: only reflective "
            "supervision/consultation from %(starts)s to %(ends)s counts toward this renewal."
        ),
        ("rsc", "after"): gettext_lazy(
            "This is after the renewal period ended on %(ends)s: only reflective "
            "supervision/consultation from %(starts)s to %(ends)s counts toward this renewal."
        ),
    }

    def outside_period(self, first, last):
        """The message for an entry from `first` to `last` outside the period, or None."""
        if self.period is None or first is None or last is None:
            return None
        starts, ends = self.period.starts_on, self.period.due_on
        dates = {"starts": date_format(starts), "ends": date_format(ends)}
        if last < starts:
            return self.OUTSIDE_PERIOD[self.log, "before"] % dates
        if first > ends:
            return self.OUTSIDE_PERIOD[self.log, "after"] % dates
        return None

    def clean(self):
        cleaned = super().clean()
        first_field, last_field = self.span_fields
        first, last = cleaned.get(first_field), cleaned.get(last_field)
        if message := self.outside_period(first, last):
            # An entry that ended before the period is wrong at its end; one after it, at its start.
            self.add_error(last_field if last < self.period.starts_on else first_field, message)
        return cleaned


class RenewalTrainingForm(InPeriodMixin, TrainingEntryForm):
    log, span_fields = "training", ("date", "date")

    class Meta(TrainingEntryForm.Meta):
        model = RenewalTraining


class RenewalRSCForm(InPeriodMixin, RSCEntryForm):
    log, span_fields = "rsc", ("start", "end")

    class Meta(RSCEntryForm.Meta):
        model = RenewalRSC


ENTRY_FORMS = {"training": RenewalTrainingForm, "rsc": RenewalRSCForm}


class DetailsForm(forms.ModelForm):
    """The membership the renewal relies on, and whether the endorsee provides RS/C to others."""

    provides_rsc = forms.TypedChoiceField(
        label=gettext_lazy("Do you provide reflective supervision/consultation (RS/C) to others?"),
        help_text=gettext_lazy("If you do, part of your training must be about providing RS/C."),
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = RenewalPeriod
        fields = ["membership_association", "membership_expires", "provides_rsc"]
        labels = {
            "membership_association": gettext_lazy("Association you are a member of"),
            "membership_expires": gettext_lazy("Membership expires on"),
        }
        help_texts = {
            "membership_expires": gettext_lazy(
                "Leave empty if your membership does not expire. YYYY-MM-DD or MM/DD/YYYY."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership_association"].required = True
        self.fields["membership_association"].error_messages["required"] = _(
            "Enter the infant mental health association you are a member of."
        )
        _date_field(self.fields["membership_expires"])

    def clean_membership_expires(self):
        expires = self.cleaned_data.get("membership_expires")
        if expires and expires < timezone.localdate():
            raise forms.ValidationError(
                _("This membership expired on %(date)s. Renew it first, then enter the new expiry date."),
                params={"date": date_format(expires)},
            )
        return expires


class NoSanctionForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I attest that no licensing board or professional body has taken disciplinary action "
            "or imposed a sanction on me since my endorsement was granted or last renewed."
        ),
        error_messages={
            "required": gettext_lazy("Tick the box to attest, or contact your Endorsement coordinator.")
        },
    )
    signed_name = forms.CharField(
        label=gettext_lazy("Type your full name to sign"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, holder_name="", **kwargs):
        super().__init__(*args, **kwargs)
        self.holder_name = holder_name
        self.fields["signed_name"].help_text = _("The name on your certificate: %(name)s.") % {
            "name": holder_name
        }

    def clean_signed_name(self):
        typed = re.sub(r"\s+", " ", self.cleaned_data["signed_name"]).strip()
        if fold_name(typed) != fold_name(self.holder_name):
            raise forms.ValidationError(
                _(
                    "The name you typed does not match the name on your certificate (%(name)s). Type it exactly."
                ),
                params={"name": self.holder_name},
            )
        return typed


class DecisionNoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept with the renewal's history."),
    )


class RequestChangesForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What should the endorsee change?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Emailed to the endorsee, who can then edit and submit again."),
        error_messages={
            "required": gettext_lazy("Say what the endorsee should change; the note is emailed to them.")
        },
    )


SORTS = {
    "due": gettext_lazy("Due date, soonest first"),
    "-due": gettext_lazy("Due date, latest first"),
    "submitted": gettext_lazy("Submitted, oldest first"),
}
DEFAULT_SORT = "due"


class RenewalQueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *RenewalPeriod.Status.choices],
    )
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    association = forms.ChoiceField(label=gettext_lazy("Association"), required=False)
    due_before = forms.DateField(
        label=gettext_lazy("Due before"),
        required=False,
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("YYYY-MM-DD."),
        error_messages={"invalid": gettext_lazy("Enter the date as YYYY-MM-DD, e.g. 2026-12-31.")},
    )
    q = forms.CharField(label=gettext_lazy("Name or number"), required=False, max_length=100)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False, choices=list(SORTS.items()))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = sorted(set(Category.objects.values_list("code", flat=True)))
        self.fields["category"].choices = [("", _("Any category")), *((code, code) for code in codes)]
        self.fields["association"].choices = [
            ("", _("Any association")),
            *Association.objects.order_by("name").values_list("slug", "name"),
        ]

    def filters(self):
        """The valid filters (invalid ones are dropped, and shown as errors on the form)."""
        self.is_valid()
        data = {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}
        if data.get("sort") not in SORTS:
            data["sort"] = DEFAULT_SORT
        if "status" not in self.data:
            data.setdefault("status", RenewalPeriod.Status.SUBMITTED)
        return data


class EndorsementReasonForm(forms.Form):
    """The reason for revoking or reinstating an endorsement; it goes into the history."""

    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Recorded in the endorsement's history with your name; the public page does not show it."
        ),
        error_messages={
            "required": gettext_lazy("Give the reason; it is recorded in the endorsement's history.")
        },
    )


class TransferRequestForm(forms.Form):
    to_association = forms.ModelChoiceField(
        label=gettext_lazy("Association to transfer to"),
        queryset=Association.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the association you are moving to.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example: I moved to Michigan in June. The receiving association reads this."
        ),
    )

    def __init__(self, *args, endorsement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_association"].queryset = Association.objects.exclude(pk=endorsement.association_id)


class TransferDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", gettext_lazy("Accept")),
            ("decline", pgettext_lazy("transfer decision", "Decline")),
        ],
        error_messages={
            "required": gettext_lazy("Choose to accept or decline."),
            "invalid_choice": gettext_lazy("Choose to accept or decline."),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("Note to the endorsee"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed when you decline."),
    )


class DirectorySearchForm(forms.Form):
    """The directory's search, read from the query string; every field is optional."""

    q = forms.CharField(
        label=gettext_lazy("Name"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Part of the person's name."),
    )
    category = forms.ChoiceField(label=gettext_lazy("Endorsement category"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("State or region"), required=False)
    association = forms.ChoiceField(label=gettext_lazy("Association"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes, regions, associations = endorsements.directory_choices()
        anything = pgettext("directory filter", "Any")
        self.fields["category"].choices = [("", anything), *((code, code) for code in codes)]
        self.fields["region"].choices = [("", anything), *((region, region) for region in regions)]
        self.fields["association"].choices = [("", anything), *associations]
        draw_selects_inline(self)
