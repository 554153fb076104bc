"""What the association's people decide about an application.

Rater vetting, acceptance of items that need judgment, advisors, reviewer assignments and
reviews, exam sittings, change requests, decisions, comments and fees. Every row here is
written by `reviews.services`; models never send mail or enqueue tasks.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application, ReferenceRequest
from competencies.models import Association, Domain, StaffQuerySet
from endorsement.generations import Generation, GenerationQuerySet

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 8, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class RaterVetting(models.Model):
    """The coordinator's call with a rater who is not endorsed: accepted or not."""

    reference = models.OneToOneField(ReferenceRequest, on_delete=models.CASCADE, related_name="vetting")
    accepted = models.BooleanField()
    called_on = models.DateField(_("Date of the vetting call"))
    note = models.TextField(blank=True)
    vetted_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        verdict = "accepted" if self.accepted else "not accepted"
        return f"Vetting of {self.reference.name}: {verdict}"


class ItemJudgment(models.Model):
    """The coordinator's acceptance or refusal of a portfolio item the guidelines leave to judgment."""

    class Kind(models.TextChoices):
        WORK = "work", _("Work or volunteer experience")
        INTERNSHIP = "internship", _("Internship counted toward work experience")
        RSC = "rsc", _("RS/C provider")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="item_judgments")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    item_id = models.PositiveBigIntegerField(help_text="The WorkPeriod (work, internship) or RSCEntry (rsc).")
    accepted = models.BooleanField()
    note = models.TextField(blank=True)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "item_id"], name="one_judgment_per_item"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.item_id}: {'accepted' if self.accepted else 'refused'}"


class AssignmentQuerySet(StaffQuerySet):
    association_field = "application__category__edition__association"


class AdvisorAssignment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="advisor_assignments")
    advisor = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="advised_applications")
    assigned_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "advisor"], name="one_assignment_per_advisor"),
        ]

    def __str__(self):
        return f"{self.advisor} advises on {self.application_id}"


# Every written assignment ends the open-review counts kept (reviews.services.open_reviews): the
# signals are connected in reviews.apps, the bulk writes go through `ReviewerAssignmentQuerySet`.
OPEN_REVIEWS = Generation("open-reviews")


class ReviewerAssignmentQuerySet(AssignmentQuerySet, GenerationQuerySet):
    generation = OPEN_REVIEWS


class ReviewerAssignment(models.Model):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        SUBMITTED = "submitted", _("Review submitted")
        RECUSED = "recused", _("Recused")
        CLOSED = "closed", _("Closed with the decision")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviewer_assignments"
    )
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="review_assignments")
    assigned_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ASSIGNED, db_index=True)
    conflict_note = models.TextField(blank=True, help_text="Why the reviewer stepped back.")
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewerAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                condition=Q(status="assigned"),
                name="one_open_assignment_per_reviewer",
            ),
        ]
        # A reviewer's open load, counted for the work page and the dashboard.
        indexes = [
            models.Index(
                fields=["reviewer"], condition=Q(status="assigned"), name="assignment_open_by_reviewer"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} reviews {self.application_id} ({self.status})"

    def is_active(self):
        return self.status != self.Status.RECUSED


class Review(models.Model):
    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REQUEST_CHANGES = "request_changes", _("Request changes")
        DENY = "deny", _("Deny")

    assignment = models.OneToOneField(ReviewerAssignment, on_delete=models.CASCADE, related_name="review")
    recommendation = models.CharField(max_length=16, choices=Recommendation.choices)
    summary = models.TextField()
    submitted_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Review by {self.assignment.reviewer}: {self.get_recommendation_display()}"


class ReviewDraft(models.Model):
    """What a reviewer entered so far, kept between sittings until the review is submitted.

    `data` holds the form's raw values by field name; nothing in it counts until it is submitted.
    """

    assignment = models.OneToOneField(ReviewerAssignment, on_delete=models.CASCADE, related_name="draft")
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Draft review of assignment {self.assignment_id}"


class ReviewItem(models.Model):
    """One verdict of a review: on a requirement (by key) or on a competency domain."""

    class Verdict(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        UNCLEAR = "unclear", _("Unclear")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="items")
    requirement = models.CharField(max_length=40, blank=True, help_text="A requirement key, e.g. training.")
    domain = models.ForeignKey(Domain, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(requirement="") & Q(domain__isnull=False))
                | (~Q(requirement="") & Q(domain__isnull=True)),
                name="review_item_on_requirement_or_domain",
            ),
            models.UniqueConstraint(
                fields=["review", "requirement"],
                condition=~Q(requirement=""),
                name="one_item_per_requirement",
            ),
            models.UniqueConstraint(
                fields=["review", "domain"], condition=Q(domain__isnull=False), name="one_item_per_domain"
            ),
        ]

    def __str__(self):
        return f"{self.requirement or self.domain}: {self.get_verdict_display()}"


class ExamResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class ExamSittingQuerySet(models.QuerySet):
    def counted(self):
        """Sittings that count: a voided sitting stays in the history but decides nothing."""
        return self.filter(voided_at__isnull=True)

    def of_person(self, application):
        """The counted sittings of the applicant's exam for this category, on any of their applications.

        The retake wait follows the person: withdrawing and applying again does not reset it.
        """
        return self.counted().filter(
            application__applicant_id=application.applicant_id,
            application__category__code=application.category.code,
        )


class ExamSitting(models.Model):
    """One sitting of the written examination; a part not taken at this sitting is left empty."""

    class EssayTrack(models.TextChoices):
        CLINICAL = "clinical", _("Clinical")
        POLICY = "policy", _("Policy")
        RESEARCH_FACULTY = "research_faculty", _("Research/Faculty")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="exam_sittings")
    sat_on = models.DateField()
    accommodations = models.TextField(blank=True)
    multiple_choice_score = models.DecimalField(
        _("Multiple-choice score (percent)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    pass_mark_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    multiple_choice_result = models.CharField(max_length=6, choices=ExamResult.choices, blank=True)
    essay_track = models.CharField(max_length=16, choices=EssayTrack.choices, blank=True)
    essay_score_1 = models.CharField(
        _("First blind scorer"), max_length=6, choices=ExamResult.choices, blank=True
    )
    essay_score_2 = models.CharField(
        _("Second blind scorer"), max_length=6, choices=ExamResult.choices, blank=True
    )
    essay_result = models.CharField(max_length=6, choices=ExamResult.choices, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    void_reason = models.TextField(blank=True, help_text="Why the sitting no longer counts.")

    objects = ExamSittingQuerySet.as_manager()

    class Meta:
        ordering = ["sat_on", "pk"]

    def __str__(self):
        return f"Exam sitting of {self.sat_on}"

    def is_void(self):
        return self.voided_at is not None

    def results_in_words(self):
        """What the sitting recorded, for the history: "multiple-choice 68%: failed; essay (Clinical): passed"."""
        bits = []
        if self.multiple_choice_result:
            bits.append(f"multiple-choice {self.multiple_choice_score}%: {self.multiple_choice_result}")
        if self.essay_result:
            with translation.override("en"):  # the history is kept in English
                track = self.get_essay_track_display()
            bits.append(f"essay ({track}): {self.essay_result}")
        return "; ".join(bits) or "no result"

    @staticmethod
    def essay_outcome(score_1, score_2):
        """Passed only when both blind scorers pass the essay."""
        if not score_1 or not score_2:
            return ""
        both = score_1 == score_2 == ExamResult.PASSED
        return ExamResult.PASSED if both else ExamResult.FAILED


class ChangeRequest(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="change_requests")
    section = models.CharField(max_length=40, blank=True, help_text="Blank for the whole application.")
    message = models.TextField()
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The applicant's side: they mark a request answered, saying what they changed.
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True, help_text="What the applicant says they changed.")
    # The coordinator's side, once the resubmission is in: resolved, or kept open.
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Change requested ({self.section or 'application'})"

    def is_open(self):
        return self.resolved_at is None

    def is_answered(self):
        return self.answered_at is not None


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        DENIED = "denied", _("Denied")
        DEFERRED = "deferred", _("Deferred (changes requested)")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reasons = models.TextField(blank=True)
    email_subject = models.CharField(max_length=200)
    email_body = models.TextField()
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self):
        return f"{self.get_outcome_display()} on {self.decided_at:%Y-%m-%d}"


class Comment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=40, blank=True, help_text="Blank for the whole application.")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment by {self.author} ({self.section or 'application'})"


class FeeKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration fee")
    PROCESSING = "processing", _("Processing fee")


# Every saved or deleted fee schedule ends what is kept of them (reviews.services.fee_schedule_for):
# the signals are connected in reviews.apps, the bulk writes go through `FeeScheduleQuerySet`.
FEE_SCHEDULES = Generation("fee-schedules")


class FeeScheduleQuerySet(GenerationQuerySet):
    generation = FEE_SCHEDULES


class FeeSchedule(models.Model):
    """The fees an association charges for a category, as data edited in the admin."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="fee_schedules")
    category_code = models.CharField(max_length=20, help_text="IFA, IFS, IMHS, IMHM-C …")
    registration_amount = models.DecimalField(**MONEY)
    processing_amount = models.DecimalField(**MONEY)

    objects = FeeScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["association", "category_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "category_code"], name="one_fee_schedule_per_category"
            ),
        ]

    def __str__(self):
        return f"{self.association.short_name} {self.category_code} fees"

    def amount_for(self, kind):
        return self.registration_amount if kind == FeeKind.REGISTRATION else self.processing_amount


class Fee(models.Model):
    Kind = FeeKind

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        PAID = "paid", pgettext_lazy("fee status", "Paid")
        WAIVED = "waived", _("Waived")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="fees")
    kind = models.CharField(max_length=12, choices=FeeKind.choices)
    amount = models.DecimalField(**MONEY)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.DUE)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="one_fee_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.amount} ({self.get_status_display()})"
