"""The applicant's forms: one per input shape; errors name the field and say how to fix it.

Django renders each field's errors with the id ``<field id>_error`` and ties them to the
input with ``aria-describedby`` and ``aria-invalid`` (see ``_field.html``).
"""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competencies.models import Category, Edition
from competencies.rules.facts import ENDORSEMENT_CODES

from ..models import (
    Application,
    CertificateProgram,
    Coursework,
    Degree,
    Document,
    LeadershipActivity,
    RSCEntry,
    TrainingEntry,
    WorkPeriod,
)
from ..people import fold_name
from ..uploads import DocumentField, store_document

DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y"]
YES_NO = [(True, _("Yes")), (False, _("No"))]


def _yes_no(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True", "true", "1", "yes"),
        widget=forms.RadioSelect,
        initial=False,
    )


def _optional_yes_no(label, help_text=""):
    """A yes/no question added later: unanswered (None) on entries made before it was asked."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True", "true", "1", "yes"),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        initial=False,
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date_field(form_field):
    form_field.input_formats = DATE_FORMATS
    form_field.widget = DateInput()
    form_field.help_text = form_field.help_text or _("YYYY-MM-DD or MM/DD/YYYY.")
    return form_field


class EntryForm(forms.ModelForm):
    """A section entry; dates accept YYYY-MM-DD and MM/DD/YYYY."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                _date_field(field)

    def save_entry(self, application, *, by):
        entry = self.save(commit=False)
        entry.application = application
        entry.save()
        return entry


class DocumentEntryForm(EntryForm):
    """An entry with an optional supporting document (transcript or certificate)."""

    document_field = "transcript"
    document_kind = Document.Kind.TRANSCRIPT

    upload = DocumentField(label=_("Official transcript"))

    def save_entry(self, application, *, by):
        entry = self.save(commit=False)
        entry.application = application
        upload = self.cleaned_data.get("upload")
        if upload:
            document = store_document(application, upload, kind=self.document_kind, by=by)
            setattr(entry, self.document_field, document)
        entry.save()
        return entry


class DegreeForm(DocumentEntryForm):
    imh_specific = _optional_yes_no(
        _("Is this degree specific to your professional focus in infant mental health?"),
        _(
            "Only if it is not a Master's or Doctorate: IMHS and Mentor applications accept “other degree "
            "specific to one's professional focus in infant mental health”; the reviewers decide."
        ),
    )

    class Meta:
        model = Degree
        fields = ["level", "name", "institution", "conferred", "imh_specific"]
        labels = {"level": _("Level"), "institution": _("Institution")}
        help_texts = {"conferred": _("The date on your diploma or transcript. YYYY-MM-DD or MM/DD/YYYY.")}

    def clean_imh_specific(self):
        return bool(self.cleaned_data.get("imh_specific"))

    def clean_conferred(self):
        conferred = self.cleaned_data.get("conferred")
        if conferred and conferred > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("The conferral date is more than a year away; check the year."))
        return conferred


class CourseworkForm(DocumentEntryForm):
    class Meta:
        model = Coursework
        fields = ["institution", "description"]
        labels = {"institution": _("Institution"), "description": _("Description")}


class CertificateForm(DocumentEntryForm):
    document_field = "document"
    document_kind = Document.Kind.CERTIFICATE

    upload = DocumentField(label=_("Transcript or certificate"))

    class Meta:
        model = CertificateProgram
        fields = ["kind", "name", "issued"]
        labels = {
            "kind": _("Program"),
            "name": _("Name of the program (if other)"),
            "issued": _("Date completed"),
        }


class EndorsementCodesField(forms.TypedMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [(code, code) for code in ENDORSEMENT_CODES])
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)


class WorkPeriodForm(EntryForm):
    paid = _yes_no(_("Was this position paid?"), _("Choose “No” for volunteer work."))
    infant_related = _yes_no(
        _("Were infants or toddlers (birth to 36 months) and their families the people you served?")
    )
    social_emotional_focus = _yes_no(
        _("Was your primary focus the infant's or toddler's social-emotional development?")
    )
    relationship_focus = _yes_no(
        _(
            "Did your work focus on promoting the relationships around the infant or toddler "
            "(parent–child, family, caregivers)?"
        )
    )
    with_infant_and_parent = _yes_no(
        _(
            "Did you work with both the infant/toddler and the parent(s) together, on behalf of their relationship?"
        ),
        _("For example home visiting or infant–parent psychotherapy."),
    )
    supervised = _yes_no(_("Were you supervised in this position?"))
    internship = _yes_no(_("Was this an internship or practicum?"))
    internship_supervisor_endorsements = EndorsementCodesField(
        label=_("If it was an internship: your internship supervisor's endorsements"),
        help_text=_(
            "Tick every endorsement your supervisor holds. Leave empty if none or not an internship."
        ),
    )
    provides_rsc = _yes_no(_("Did you provide reflective supervision/consultation (RS/C) to others?"))
    policy_leadership = _yes_no(_("Were you a leader in policy or program administration?"))
    university_faculty = _yes_no(_("Were you university faculty, teaching and/or publishing research?"))
    volunteer_specialized_training = _yes_no(
        _("If volunteer: did you receive specialized training for this volunteer role?")
    )
    supervises_staff = _optional_yes_no(
        _(
            "Did you supervise staff who provide services to infants/toddlers (birth to 36 months) and "
            "families, or mental health consultation?"
        )
    )
    mental_health_consultation = _optional_yes_no(
        _(
            "Did you provide infant mental health consultation (birth to 36 months) through a relational "
            "lens, with a focus on social-emotional development?"
        )
    )

    class Meta:
        model = WorkPeriod
        fields = [
            "title",
            "employer",
            "start",
            "end",
            "paid",
            "families_served",
            "infant_related",
            "social_emotional_focus",
            "relationship_focus",
            "with_infant_and_parent",
            "supervised",
            "internship",
            "internship_supervisor_endorsements",
            "provides_rsc",
            "policy_leadership",
            "university_faculty",
            "volunteer_specialized_training",
            "supervises_staff",
            "mental_health_consultation",
            "description",
        ]
        labels = {
            "employer": _("Employer"),
            "start": _("Start date"),
            "end": _("End date"),
            "families_served": _(
                "How many families with an infant or toddler (birth to 36 months) did you serve "
                "in this position?"
            ),
            "description": _("What you did (optional)"),
        }
        help_texts = {
            "end": _("Leave empty if you still work here."),
            "families_served": _("An estimate is fine. Enter 0 if none."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date; check both dates."))
        if start and start > timezone.localdate():
            self.add_error("start", _("The start date is in the future; enter work you have already begun."))
        if cleaned.get("internship_supervisor_endorsements") and not cleaned.get("internship"):
            self.add_error(
                "internship_supervisor_endorsements",
                _(
                    "Supervisor endorsements are only for internships: answer “Yes” to the internship "
                    "question or untick them."
                ),
            )
        return cleaned


class TrainingEntryForm(EntryForm):
    about_rsc = _yes_no(
        _("Was this training about providing reflective supervision/consultation (RS/C)?"),
        _("Didactic training on how to provide RS/C to others."),
    )

    class Meta:
        model = TrainingEntry
        fields = ["title", "provider", "date", "hours", "about_rsc"]
        labels = {
            "title": _("Training title"),
            "provider": _("Provider"),
            "date": _("Date (or last day)"),
            "hours": _("Clock hours"),
        }
        help_texts = {"hours": _("Decimals are fine, e.g. 1.5 for an hour and a half.")}

    def clean_date(self):
        date = self.cleaned_data.get("date")
        if date and date > timezone.localdate():
            raise forms.ValidationError(
                _("The date is in the future; log training once you have attended it.")
            )
        return date


class TrainingCertificateForm(DocumentEntryForm, TrainingEntryForm):
    """An application's training entry, with its certificate of attendance (a renewal's training
    log has none: `TrainingEntryForm`)."""

    document_field = "certificate"
    document_kind = Document.Kind.CERTIFICATE

    upload = DocumentField(label=_("Certificate of attendance (optional)"))

    class Meta(TrainingEntryForm.Meta):
        pass


class RSCEntryForm(EntryForm):
    provider_endorsements = EndorsementCodesField(
        label=_("Your provider's endorsements"),
        help_text=_("Tick every endorsement your RS/C provider holds. Leave empty if none."),
    )
    about_rsc_provided = _yes_no(
        _("Was this RS/C about the reflective supervision/consultation you provide to others?")
    )

    class Meta:
        model = RSCEntry
        fields = [
            "provider",
            "provider_endorsements",
            "format",
            "start",
            "end",
            "hours",
            "about_rsc_provided",
        ]
        labels = {
            "provider": _("Your RS/C provider's name"),
            "format": _("Individual or group"),
            "start": _("First session in this period"),
            "end": _("Last session in this period"),
            "hours": _("Clock hours in this period"),
        }
        widgets = {"format": forms.RadioSelect}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last session is before the first; check both dates."))
        if end and end > timezone.localdate():
            self.add_error("end", _("The date is in the future; log RS/C once you have received it."))
        return cleaned


class LeadershipActivityForm(EntryForm):
    class Meta:
        model = LeadershipActivity
        fields = ["description", "start", "end"]
        labels = {"description": _("The activity and your role"), "start": _("From"), "end": _("Until")}
        help_texts = {
            "description": _(
                "E.g. “Chair of the state infant mental health association's training committee”."
            )
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["membership_association", "membership_number", "membership_expires"]
        labels = {
            "membership_association": _("Association"),
            "membership_number": _("Membership number"),
            "membership_expires": _("Membership expires on"),
        }
        help_texts = {
            "membership_association": _("The infant mental health association you are a member of."),
            "membership_expires": _(
                "Leave empty if your membership does not expire. YYYY-MM-DD or MM/DD/YYYY."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership_association"].required = True
        _date_field(self.fields["membership_expires"])


def either(names):
    """The names a signature may match, as a sentence reads them: "A", "A or B"."""
    if len(names) == 2:
        return gettext("%(first)s or %(second)s") % {"first": names[0], "second": names[1]}
    return ", ".join(names)


class AttestationForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput)
    signed_name = forms.CharField(
        label=_("Type your full legal name to sign"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, accepted_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted_names = [name for name in accepted_names if name and name.strip()]
        if self.accepted_names:
            self.fields["signed_name"].help_text = gettext(
                "It must match the name on your profile or account: %(names)s."
            ) % {"names": either(self.accepted_names)}

    def clean_signed_name(self):
        typed = re.sub(r"\s+", " ", self.cleaned_data["signed_name"]).strip()
        if not self.accepted_names:
            raise forms.ValidationError(
                _("Add your full legal name to your profile first, then sign with that name.")
            )
        if fold_name(typed) not in {fold_name(name) for name in self.accepted_names}:
            raise forms.ValidationError(
                _(
                    "The name you typed does not match your profile's legal name (%(names)s). "
                    "Accents and capitals do not matter; check the spelling, or correct your profile."
                ),
                params={"names": either(self.accepted_names)},
            )
        return typed


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class StartForm(forms.Form):
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the category you are applying for.")},
    )

    def __init__(self, *args, association=None, **kwargs):
        """The published categories; only those of `association` once the applicant picked it."""
        super().__init__(*args, **kwargs)
        categories = Category.objects.filter(edition__status=Edition.Status.PUBLISHED)
        if association is not None:
            categories = categories.filter(edition__association=association)
        self.fields["category"].queryset = categories.select_related("edition__association").order_by(
            "edition__association__name", "-edition__effective_date", "order", "code"
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The Endorsement coordinator will see this."),
    )


class ImportUploadForm(forms.Form):
    csv_file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Comma-separated values with the columns listed above, at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 1 MB; split it into smaller files."))
        return upload


# --- the kinds of entry the sections hold (applications.sections) -----------------------------


class Kind:
    """One kind of section entry: its form, its related name on Application, and its section."""

    def __init__(self, name, form, related, section, label, select=()):
        self.name, self.form, self.related, self.section, self.label = name, form, related, section, label
        self.select = select

    @property
    def model(self):
        return self.form._meta.model

    def entries(self, application):
        return getattr(application, self.related).select_related(*self.select)


KINDS = {
    kind.name: kind
    for kind in (
        Kind("degree", DegreeForm, "degree_entries", "education", _("Degree"), ("transcript",)),
        Kind(
            "coursework",
            CourseworkForm,
            "coursework_entries",
            "education",
            _("College coursework"),
            ("transcript",),
        ),
        Kind(
            "certificate",
            CertificateForm,
            "certificateprogram_entries",
            "education",
            _("Certificate program"),
            ("document",),
        ),
        Kind("work", WorkPeriodForm, "workperiod_entries", "work", _("Position")),
        Kind(
            "training",
            TrainingCertificateForm,
            "trainingentry_entries",
            "training",
            _("Training"),
            ("certificate",),
        ),
        Kind("rsc", RSCEntryForm, "rscentry_entries", "rsc", _("RS/C period")),
        Kind(
            "leadership",
            LeadershipActivityForm,
            "leadershipactivity_entries",
            "leadership",
            _("Leadership activity"),
        ),
    )
}
