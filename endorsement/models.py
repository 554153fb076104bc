"""What the operator needs to see about the running system: when each daily job last ran."""

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
