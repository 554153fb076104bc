"""What the running system keeps for itself: when each daily job last ran, and the work queued
after a commit (the outbox)."""

import datetime

from django.db import models
from django.utils import timezone


class JobHeartbeat(models.Model):
    """One row per daily job, written each time the job starts, succeeds or fails."""

    class Outcome(models.TextChoices):
        NEVER = "never", "Not run yet"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    name = models.SlugField(unique=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.NEVER)
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the job was first scheduled.")
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_succeeded_at = models.DateTimeField(null=True, blank=True)
    last_result = models.TextField(blank=True, help_text="What the last successful run did.")
    last_error = models.TextField(blank=True, help_text="Why the last failed run failed.")

    class Meta:
        ordering = ["name"]
        verbose_name = "daily job"

    # A daily job whose last success is older than this is late: beat or the worker is not running.
    LATE_AFTER = datetime.timedelta(hours=26)

    def __str__(self):
        return self.name

    def is_late(self, now=None):
        since = self.last_succeeded_at or self.created_at
        return (now or timezone.now()) - since > self.LATE_AFTER

    def problem(self, now=None):
        """What is wrong with this job, in a few words, or an empty string."""
        if self.outcome == self.Outcome.FAILED:
            return "failed"
        if self.is_late(now):
            return "late"
        return ""


class QueuedTask(models.Model):
    """Work to do after a commit, recorded in the same transaction (see `endorsement.outbox`)."""

    task = models.CharField(max_length=200)
    #: The task's keyword arguments as JSON, encrypted (a rater's link may be among them);
    #: emptied once the task is done.
    payload = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: When the task may next be handed to a worker (after a failure, or while one has it).
    available_at = models.DateTimeField(db_index=True)
    #: While a worker runs the task, until when the others leave it alone.
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["available_at"], condition=models.Q(done_at__isnull=True), name="queuedtask_pending"
            )
        ]

    def __str__(self):
        return f"{self.task} #{self.pk}"
