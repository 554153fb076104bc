"""The portfolio: everything the guidelines list as "the application"."""

import hashlib
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from competencies.models import Area, Association, Category, Domain, StaffQuerySet
from competencies.rules.application import ROLE_WORDS
from competencies.rules.facts import DEGREE_LEVELS, ENDORSEMENT_CODES, REFERENCE_ROLES

from .people import person_name

ENDORSEMENT_CHOICES = [(code, code) for code in ENDORSEMENT_CODES]
HOURS = {
    "max_digits": 7,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("10000"))],
}


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    legal_name = models.CharField(max_length=200)
    preferred_name = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(_("Street address"), max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    region = models.CharField(_("State or region"), max_length=120, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=80, blank=True, default="United States")
    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    membership_number = models.CharField(max_length=60, blank=True)
    membership_expires = models.DateField(null=True, blank=True)
    discipline = models.CharField(
        max_length=120, blank=True, help_text=_("E.g. social work, nursing, early education.")
    )
    licenses = models.TextField(
        blank=True, help_text=_("Professional licenses or certifications, one per line.")
    )
    directory_opt_in = models.BooleanField(
        _("List me in the public directory once endorsed"),
        default=False,
    )
    language = models.CharField(
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The language of your pages and emails; blank follows your browser."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return person_name(self.user)


class ApplicationQuerySet(StaffQuerySet):
    association_field = "category__edition__association"

    def open(self):
        return self.filter(status__in=Application.Status.OPEN)


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        EXAM_PENDING = "exam_pending", _("Exam pending")
        APPROVED = "approved", _("Approved")
        DENIED = "denied", _("Denied")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    Status.EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)
    Status.OPEN = (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.IN_REVIEW,
        Status.CHANGES_REQUESTED,
        Status.EXAM_PENDING,
    )
    Status.DECIDED = (Status.APPROVED, Status.DENIED)
    # Where the next move is the association's: new and resubmitted applications, reviews to
    # vet, assign and decide, exams to record. The queue opens on these.
    Status.WITH_STAFF = (Status.SUBMITTED, Status.IN_REVIEW, Status.EXAM_PENDING)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    membership_association = models.CharField(max_length=200, blank=True)
    membership_number = models.CharField(max_length=60, blank=True)
    membership_expires = models.DateField(null=True, blank=True)
    # The queue's sort by name, kept by the database (triggers of migration 0013, PostgreSQL
    # only): lower() of the applicant's legal name (None without a profile) and of their email,
    # so that one index on this table serves the sort instead of sorting every joined row.
    applicant_sort_name = models.CharField(max_length=200, null=True, blank=True, editable=False)
    applicant_sort_email = models.CharField(max_length=254, blank=True, editable=False)
    # The queue's search, kept the same way (migration 0014): ea_fold() of the applicant's email
    # and names in one column, served by one trigram index on this table.
    applicant_search = models.TextField(blank=True, editable=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        # The queue's sorts by time in status, all of it, one status, or the work with staff.
        indexes = [
            models.Index(fields=["status_changed_at", "id"], name="application_age"),
            models.Index(fields=["status", "status_changed_at", "id"], name="application_status_age"),
            models.Index(
                fields=["status_changed_at", "id"],
                condition=Q(status__in=["submitted", "in_review", "exam_pending"]),
                name="application_with_staff_age",
            ),
            models.Index(
                fields=["applicant_sort_name", "applicant_sort_email", "id"], name="application_sort_name"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "category"],
                condition=Q(
                    status__in=["draft", "submitted", "in_review", "changes_requested", "exam_pending"]
                ),
                name="one_open_application_per_category",
            )
        ]

    def __str__(self):
        return f"{self.category.code} application of {self.applicant}"

    def get_absolute_url(self):
        return reverse("applications:overview", args=[self.pk])

    @property
    def edition(self):
        return self.category.edition

    @property
    def association_pk(self):
        """The association whose staff handle this application (no query once the category's
        edition is loaded)."""
        return self.category.edition.association_id

    def is_editable(self):
        return self.status in self.Status.EDITABLE

    def can_withdraw(self):
        return self.status in self.Status.OPEN

    def facts(self, *, as_of=None, references=None):
        from .facts import application_facts

        return application_facts(self, as_of=as_of, references=references)


class ApplicationEvent(models.Model):
    """Every transition: who, when, from, to and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_status or 'new'} → {self.to_status}"


class SubmissionSnapshot(models.Model):
    """The portfolio as it stood at one submission, so a resubmission can show what changed.

    `data` is built by `services.portfolio_snapshot`: per section, each entry's label and field
    values as displayed, its document's name and hash, and each signature's date.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="snapshots")
    taken_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField()

    class Meta:
        ordering = ["taken_at", "pk"]

    def __str__(self):
        return f"Snapshot of {self.application_id} at {self.taken_at:%Y-%m-%d %H:%M}"


def document_path(instance, filename):
    return f"applications/{instance.application_id}/{secrets.token_hex(8)}/{filename}"


class Document(models.Model):
    class Kind(models.TextChoices):
        TRANSCRIPT = "transcript", _("Official transcript")
        CERTIFICATE = "certificate", _("Certificate")
        OTHER = "other", _("Other supporting document")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRANSCRIPT)
    file = models.FileField(upload_to=document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("applications:document", args=[self.application_id, self.pk])


class SectionEntry(models.Model):
    """Common shape of the entries an applicant logs in a section."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="%(class)s_entries")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Degree(SectionEntry):
    class Level(models.TextChoices):
        ASSOCIATE = "associate", _("Associate's")
        BACHELOR = "bachelor", _("Bachelor's")
        MASTER = "master", _("Master's")
        DOCTORATE = "doctorate", _("Doctorate")

    level = models.CharField(max_length=10, choices=Level.choices)
    name = models.CharField(
        _("Degree"), max_length=120, help_text=_("E.g. BSW, MA in Early Childhood Education.")
    )
    institution = models.CharField(max_length=200)
    conferred = models.DateField(_("Date conferred"), null=True, blank=True)
    imh_specific = models.BooleanField(
        _("Specific to infant mental health"),
        default=False,
        help_text=_("A degree specific to your professional focus in infant mental health (IMHS, IMHM)."),
    )
    transcript = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["conferred", "pk"]

    def __str__(self):
        return f"{self.name}, {self.institution}"


assert tuple(Degree.Level.values) == DEGREE_LEVELS


class Coursework(SectionEntry):
    """College credits earned without a degree."""

    institution = models.CharField(max_length=200)
    description = models.CharField(max_length=300, blank=True, help_text=_("Courses taken, credits earned."))
    transcript = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = _("coursework")

    def __str__(self):
        return self.institution


class CertificateProgram(SectionEntry):
    """A certificate program the applicant completed (a CDA, a university IMH certificate), part of
    the education section; the endorsement's own certificate is `renewals.Certificate`."""

    class Kind(models.TextChoices):
        CDA = "CDA", _("Child Development Associate (CDA)")
        UNIVERSITY_IMH = (
            "university_imh_certificate",
            _("University infant mental health certificate program"),
        )
        POSTGRADUATE_SPECIALIZATION = (
            "postgraduate_specialization",
            _("Postgraduate specialization in infant mental health"),
        )
        OTHER = "other", _("Other certificate program")

    kind = models.CharField(max_length=40, choices=Kind.choices)
    name = models.CharField(max_length=200, blank=True)
    issued = models.DateField(null=True, blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name or self.get_kind_display()


class WorkPeriod(SectionEntry):
    title = models.CharField(_("Position title"), max_length=200)
    employer = models.CharField(max_length=200)
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text=_("Leave empty if you still work here."))
    paid = models.BooleanField(default=True)
    infant_related = models.BooleanField(default=False)
    families_served = models.PositiveIntegerField(default=0)
    social_emotional_focus = models.BooleanField(default=False)
    relationship_focus = models.BooleanField(default=False)
    with_infant_and_parent = models.BooleanField(default=False)
    supervised = models.BooleanField(default=False)
    provides_rsc = models.BooleanField(default=False)
    policy_leadership = models.BooleanField(default=False)
    university_faculty = models.BooleanField(default=False)
    internship = models.BooleanField(default=False)
    internship_supervisor_endorsements = models.JSONField(default=list, blank=True)
    volunteer_specialized_training = models.BooleanField(default=False)
    # Asked since issue 10; empty for positions entered before (the engine then cannot tell).
    supervises_staff = models.BooleanField(
        null=True,
        blank=True,
        help_text=_("Supervised staff who provide services to infants/toddlers and families."),
    )
    mental_health_consultation = models.BooleanField(
        null=True,
        blank=True,
        help_text=_(
            "Provided infant mental health consultation (birth to 36 months) through a relational lens."
        ),
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["start", "pk"]

    def __str__(self):
        return f"{self.title}, {self.employer}"


class TrainingLog(models.Model):
    """One training entry's fields, logged for an application or for a renewal period."""

    title = models.CharField(max_length=300)
    provider = models.CharField(max_length=200, blank=True)
    date = models.DateField()
    hours = models.DecimalField(**HOURS)
    about_rsc = models.BooleanField(_("About providing reflective supervision/consultation"), default=False)

    class Meta:
        abstract = True
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.title} ({self.hours} h)"


class RSCLog(models.Model):
    """One RS/C entry's fields, logged for an application or for a renewal period."""

    class Format(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")

    provider = models.CharField(max_length=200)
    provider_endorsements = models.JSONField(default=list, blank=True)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.INDIVIDUAL)
    start = models.DateField()
    end = models.DateField()
    hours = models.DecimalField(**HOURS)
    about_rsc_provided = models.BooleanField(_("About the RS/C I provide to others"), default=False)

    class Meta:
        abstract = True
        ordering = ["start", "pk"]

    def __str__(self):
        return f"{self.provider}: {self.hours} h"


class TrainingEntry(SectionEntry, TrainingLog):
    certificate = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The certificate of attendance, which coordinators may ask for."),
    )

    class Meta(TrainingLog.Meta):
        verbose_name_plural = _("training entries")


class RSCEntry(SectionEntry, RSCLog):
    class Meta(RSCLog.Meta):
        verbose_name = _("RS/C entry")
        verbose_name_plural = _("RS/C entries")


class LeadershipActivity(SectionEntry):
    description = models.TextField()
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = _("leadership activities")

    def __str__(self):
        return self.description[:60]


class Attestation(models.Model):
    """The code of ethics or the endorsement agreement, signed by typing the full name."""

    class Kind(models.TextChoices):
        CODE_OF_ETHICS = "code_of_ethics", _("Code of ethics")
        AGREEMENT = "agreement", _("Endorsement agreement")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attestations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    signed_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    text_version = models.CharField(max_length=80, help_text=_("Which version of the text was signed."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="one_signature_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} signed by {self.signed_name}"


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ReferenceRequest(models.Model):
    """A reference rater the applicant named, and the state of their rating."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        OPENED = "opened", _("Opened")
        SUBMITTED = "submitted", _("Submitted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    Status.ANSWERED = (Status.SUBMITTED, Status.DECLINED)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="references")
    name = models.CharField(_("Rater's name"), max_length=200)
    email = models.EmailField(_("Rater's email"))
    role = models.CharField(
        max_length=30,
        # capfirst keeps a translated role name lazy, so the display follows the language.
        choices=[(role, capfirst(ROLE_WORDS[role])) for role in REFERENCE_ROLES],
    )
    rater_endorsements = models.JSONField(default=list, blank=True)
    waiver = models.BooleanField(
        _("I waive my right to read this rating"),
        default=True,
    )
    language = models.CharField(
        _("Rater's language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The language of the rater's emails and rating form."),
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INVITED)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When a coordinator last sent a reminder by hand.")
    )
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    class Meta:
        ordering = ["invited_at", "pk"]

    def __str__(self):
        return f"{self.name} ({self.role})"


class Rating(models.Model):
    """What the rater wrote; saved as they go, final once submitted."""

    class Capacity(models.TextChoices):
        SUPERVISOR = "supervisor", _("As a supervisor")
        RSC_PROVIDER = "rsc_provider", _("As a reflective supervisor/consultant")
        COLLEAGUE = "colleague", _("As a colleague")
        TEACHER = "teacher", _("As a teacher or trainer")
        OTHER = "other", _("Other")

    reference = models.OneToOneField(ReferenceRequest, on_delete=models.CASCADE, related_name="rating")
    known_for = models.CharField(_("How long you have known the applicant"), max_length=120, blank=True)
    capacity = models.CharField(max_length=20, choices=Capacity.choices, blank=True)
    capacity_detail = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Rating by {self.reference.name}"


class RatingAnswer(models.Model):
    class Score(models.IntegerChoices):
        NOT_ENOUGH_INFORMATION = 0, _("Not enough information to rate")
        BEGINNING = 1, _("Beginning")
        DEVELOPING = 2, _("Developing")
        PROFICIENT = 3, _("Proficient")
        EXEMPLARY = 4, _("Exemplary")

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="answers")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(choices=Score.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rating", "area"], name="one_answer_per_area")]

    def __str__(self):
        return f"{self.area}: {self.get_score_display()}"


class DomainComment(models.Model):
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="comments")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rating", "domain"], name="one_comment_per_domain")]

    def __str__(self):
        return f"Comment on {self.domain}"


class AgreementTextQuerySet(models.QuerySet):
    def current(self, kind, association=None, *, on=None):
        """The text in force for `association` on `on` (today), else the default text."""
        on = on or timezone.localdate()
        texts = self.filter(kind=kind, effective_date__lte=on).order_by("-effective_date", "-pk")
        if association is not None:
            own = texts.filter(association=association).first()
            if own is not None:
                return own
        return texts.filter(association__isnull=True).first()


class AgreementText(models.Model):
    """The code of ethics and the endorsement agreement an applicant signs; edited in the admin."""

    class Kind(models.TextChoices):
        CODE_OF_ETHICS = "code_of_ethics", _("Code of ethics")
        AGREEMENT = "agreement", _("Endorsement agreement")

    association = models.ForeignKey(
        Association,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agreement_texts",
        help_text=_("Leave empty for the default text used by associations without their own."),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.CharField(max_length=40, help_text=_("E.g. 2025-1. Signatures record this version."))
    title = models.CharField(max_length=200)
    body = models.TextField(help_text=_("Plain text; blank lines separate paragraphs."))
    effective_date = models.DateField(default=timezone.localdate)

    objects = AgreementTextQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-effective_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "kind", "version"], name="agreement_text_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.version_label})"

    @property
    def version_label(self):
        owner = self.association.slug if self.association_id else "default"
        return f"{owner}/{self.kind}/{self.version}"
