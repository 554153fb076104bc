"""The endorsee's transfer request and the receiving coordinator's decision."""

from django import forms

from competencies.models import Association


class TransferRequestForm(forms.Form):
    to_association = forms.ModelChoiceField(
        label="Association to transfer to",
        queryset=Association.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the association you are moving to."},
    )
    reason = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: I moved to Michigan in June. The receiving association reads this.",
    )

    def __init__(self, *args, endorsement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_association"].queryset = Association.objects.exclude(pk=endorsement.association_id)


class TransferDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("decline", "Decline")],
        error_messages={
            "required": "Choose to accept or decline.",
            "invalid_choice": "Choose to accept or decline.",
        },
    )
    note = forms.CharField(
        label="Note to the endorsee",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you decline.",
    )
