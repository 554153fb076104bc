"""What follows approval: the endorsement, its certificates, renewal periods, reminders.

Every row here is written by `renewals.services.endorsements` (or the tasks it queues); models never send
mail or enqueue tasks.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application, RSCLog, TrainingLog
from competencies.models import Association, Category, Edition, StaffQuerySet
from endorsement.generations import Generation, GenerationQuerySet

USER = settings.AUTH_USER_MODEL


def new_verification_code():
    """About 128 bits from the OS's generator, URL-safe: unguessable, so it can be printed."""
    return secrets.token_urlsafe(16)


class EndorsementNumberSequence(models.Model):
    """The last number issued per association; the row is locked while a number is taken."""

    association = models.OneToOneField(Association, on_delete=models.CASCADE, related_name="+")
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.association.short_name}: {self.last_number}"


# The endorsements' current content: every write to an endorsement or a renewal period ends it
# (the models' signals, `renewals.apps`, and the querysets' bulk writes), so what the directory
# and the verification pages keep under it is never shown after a change.
LISTINGS = Generation("endorsements")


class EndorsementQuerySet(GenerationQuerySet, StaffQuerySet):
    association_field = "association"
    generation = LISTINGS


class Endorsement(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("endorsement status", "Active")
        RENEWAL_DUE = "renewal_due", pgettext_lazy("endorsement status", "Renewal due")
        LAPSED = "lapsed", pgettext_lazy("endorsement status", "Lapsed")
        REVOKED = "revoked", pgettext_lazy("endorsement status", "Revoked")
        RETIRED = "retired", pgettext_lazy("endorsement status", "Retired")
        INACTIVE = "inactive", pgettext_lazy("endorsement status", "Inactive")

    # Statuses in which the endorsement is current: it verifies as valid and is listed.
    CURRENT = (Status.ACTIVE, Status.RENEWAL_DUE)

    holder = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="endorsements")
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="endorsement"
    )
    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="endorsements")
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="endorsements")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="endorsements")
    number = models.CharField(max_length=40, unique=True, help_text=_("Association prefix and sequence."))
    verification_code = models.CharField(max_length=40, unique=True, default=new_verification_code)
    holder_name = models.CharField(max_length=200, help_text=_("The name printed on the certificate."))
    # ea_fold(holder_name), written by a trigger on PostgreSQL (migration 0005) for the
    # directory's search; empty on SQLite, which folds the name as it searches.
    holder_search = models.TextField(blank=True, editable=False)
    granted_on = models.DateField()
    renewal_due = models.DateField(db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    listed_in_directory = models.BooleanField(default=False)
    region = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = EndorsementQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        indexes = [
            models.Index(fields=["status", "renewal_due"], name="endorsement_sweep"),
            # The directory's order (renewals.views.public.directory) over the listed ones.
            models.Index(
                Lower("holder_name"),
                F("number"),
                condition=Q(listed_in_directory=True),
                name="endorsement_directory",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.category.code} ({self.get_status_display()})"

    def is_current(self):
        return self.status in self.CURRENT


class EndorsementEvent(models.Model):
    """One entry of an endorsement's history: who, when, from which status to which, and why."""

    endorsement = models.ForeignKey(Endorsement, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.endorsement.number}: {self.from_status or '—'} → {self.to_status or '—'}"


class Certificate(models.Model):
    """The PDF for one endorsement and validity period; rendering again reuses this row and file."""

    endorsement = models.ForeignKey(Endorsement, on_delete=models.CASCADE, related_name="certificates")
    valid_from = models.DateField()
    valid_until = models.DateField()
    file = models.FileField(upload_to="certificates/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the endorsee was told the certificate is ready.")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-valid_until", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endorsement", "valid_from", "valid_until"], name="one_certificate_per_period"
            ),
        ]

    def __str__(self):
        return f"Certificate {self.endorsement.number} to {self.valid_until}"

    def is_rendered(self):
        return bool(self.file) and self.rendered_at is not None


class RenewalPeriodQuerySet(GenerationQuerySet, StaffQuerySet):
    association_field = "endorsement__association"
    # A renewal in hand tells an expired endorsement from a lapsed one (renewals.standing).
    generation = LISTINGS


class RenewalPeriod(models.Model):
    """One renewal cycle of an endorsement, ending on its due date, with the endorsee's logs."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("renewal status", "Open")
        SUBMITTED = "submitted", pgettext_lazy("renewal status", "Submitted")
        CHANGES_REQUESTED = "changes_requested", pgettext_lazy("renewal status", "Changes requested")
        APPROVED = "approved", pgettext_lazy("renewal status", "Approved")
        LAPSED = "lapsed", pgettext_lazy("renewal status", "Lapsed")

    EDITABLE = (Status.OPEN, Status.CHANGES_REQUESTED)

    endorsement = models.ForeignKey(Endorsement, on_delete=models.CASCADE, related_name="periods")
    starts_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    provides_rsc = models.BooleanField(
        _("Provides reflective supervision/consultation to others"),
        default=False,
        help_text=_("Those who do need part of their training to be about providing RS/C."),
    )
    membership_confirmed = models.BooleanField(default=False)
    membership_association = models.CharField(max_length=200, blank=True)
    membership_expires = models.DateField(null=True, blank=True)
    no_sanction_attested_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the endorsee attested to no licensing sanction.")
    )
    no_sanction_signed_name = models.CharField(max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    coordinator_note = models.TextField(blank=True)

    objects = RenewalPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["endorsement", "due_on"], name="one_period_per_due_date"),
        ]

    def __str__(self):
        return f"{self.endorsement.number} renewal due {self.due_on}"

    def is_editable(self):
        return self.status in self.EDITABLE


class RenewalTraining(TrainingLog):
    period = models.ForeignKey(RenewalPeriod, on_delete=models.CASCADE, related_name="training")
    created_at = models.DateTimeField(default=timezone.now)


class RenewalRSC(RSCLog):
    period = models.ForeignKey(RenewalPeriod, on_delete=models.CASCADE, related_name="rsc")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(RSCLog.Meta):
        verbose_name = _("renewal RS/C entry")
        verbose_name_plural = _("renewal RS/C entries")


class ReminderSent(models.Model):
    """A renewal reminder that went out; the unique constraint is what stops a second one."""

    class Kind(models.TextChoices):
        DAYS_90 = "due_in_90", _("90 days before the due date")
        DAYS_30 = "due_in_30", _("30 days before the due date")
        DAYS_7 = "due_in_7", _("7 days before the due date")
        OVERDUE = "overdue_1", _("The day after the due date")
        LAPSED = "lapsed", _("The endorsement lapsed")

    endorsement = models.ForeignKey(Endorsement, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endorsement", "due_on", "kind"], name="one_reminder_per_due_date"
            ),
        ]

    def __str__(self):
        return f"{self.endorsement.number}: {self.get_kind_display()} ({self.due_on})"


class TransferQuerySet(StaffQuerySet):
    # A transfer is decided by the receiving association's coordinators.
    association_field = "to_association"


class Transfer(models.Model):
    """An endorsee's request to move their endorsement to another association on the install;
    the receiving association's coordinator decides. The number and its history stay."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("transfer status", "Waiting for a decision")
        ACCEPTED = "accepted", pgettext_lazy("transfer status", "Accepted")
        DECLINED = "declined", pgettext_lazy("transfer status", "Declined")

    endorsement = models.ForeignKey(Endorsement, on_delete=models.CASCADE, related_name="transfers")
    from_association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    to_association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="transfers_in")
    reason = models.TextField(blank=True)
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endorsement"], condition=models.Q(status="pending"), name="one_pending_transfer"
            ),
        ]

    def __str__(self):
        return f"{self.endorsement.number}: {self.from_association.short_name} → {self.to_association.short_name}"
