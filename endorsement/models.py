from django.db import models


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
