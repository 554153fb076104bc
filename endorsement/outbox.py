"""The outbox: tasks recorded in the transaction that makes them due, delivered exactly once.

A service that has work for a worker after its commit (an email, a render, a notice) calls::

    outbox.enqueue(send_decision, decision_id=decision.pk)

instead of ``transaction.on_commit(lambda: send_decision.delay(decision_id=decision.pk))``.
`enqueue` writes a `QueuedTask` row in the caller's transaction, so the work is recorded if and
only if the change that needs it commits. After the commit it hands the row's id to a worker
(`deliver`); when the broker is down that fails quietly and the row waits. The beat job
`drain_outbox` hands every row that is due to a worker again, so a row is retried (with
backoff) until its task has run without an error.

Exactly once: a worker claims a row with one conditional UPDATE before it runs the task (for
`RUN_LEASE`) and marks it done right after, so two workers never run one row at the same time
and a done row never runs again. A worker killed mid-task leaves the claim to expire, and the
row runs again: the tasks are idempotent against the database (a certificate is rendered once,
a reminder batch sends only what it has not stamped), and only an email whose SMTP conversation
ended just before the kill can go out twice; SMTP offers nothing stronger.

Payloads are encrypted (`endorsement.encryption`) and wiped once done: a rater's invitation
carries the only copy of their link.
"""

import json
import logging
import time
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import encryption
from .models import QueuedTask

logger = logging.getLogger(__name__)

#: How long a row handed to the broker waits before `drain_outbox` hands it over again.
LEASE = timedelta(minutes=5)
#: How long a worker that took a row has it to itself; a killed worker's row is free again after.
#: The same reasoning as CELERY_VISIBILITY_TIMEOUT's: a task still running after it has lost
#: its worker.
RUN_LEASE = timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT)
#: Backoff after a failed run: 30 s, 1 min, 2 min, ... at most an hour.
FIRST_RETRY, LONGEST_RETRY = timedelta(seconds=30), timedelta(hours=1)
BATCH_SIZE = 500
KEEP_DONE = timedelta(days=7)


def enqueue(task, **kwargs):
    """Record `task(**kwargs)` in the current transaction; hand it to a worker after the commit."""
    row = QueuedTask.objects.create(
        task=task.name,
        payload=encryption.encrypt(json.dumps(kwargs, sort_keys=True)),
        available_at=timezone.now() + LEASE,
    )
    transaction.on_commit(lambda: dispatch(row.pk))
    return row


#: After the broker failed, this process does not try it again for a while: a request that
#: queues several tasks waits for a broker that is down once, not once per task.
BROKER_PAUSE = 10
_broker_down_until = 0.0


class BrokerPaused(Exception):
    """The broker failed moments ago in this process."""


def dispatch(queued_task_id):
    """Send the row's id to a worker; False (and the row waits for the drain) if the broker is down."""
    global _broker_down_until
    from .tasks import deliver

    try:
        if time.monotonic() < _broker_down_until:
            raise BrokerPaused
        deliver.apply_async(kwargs={"queued_task_id": queued_task_id}, retry=False)
    except Exception as exc:  # the broker is unreachable (or refuses): the row stays due
        if not isinstance(exc, BrokerPaused):
            _broker_down_until = time.monotonic() + BROKER_PAUSE
        logger.warning("Queued task %s waits for the broker: %s", queued_task_id, exc.__class__.__name__)
        QueuedTask.objects.filter(pk=queued_task_id, done_at__isnull=True).update(available_at=timezone.now())
        return False
    _broker_down_until = 0.0
    return True


def _backoff(attempts):
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def _unclaimed(now):
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def run(queued_task_id):
    """Run one row's task unless it is done or another worker has it; True if it ran now."""
    now = timezone.now()
    # The claim is one conditional UPDATE: of two workers handed the same row, one runs it.
    claimed = QueuedTask.objects.filter(_unclaimed(now), pk=queued_task_id, done_at__isnull=True).update(
        claimed_until=now + RUN_LEASE, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    row = QueuedTask.objects.get(pk=queued_task_id)
    task = current_app.tasks[row.task]
    body = getattr(task, "_orig_run", task.run)  # without Celery's own autoretry
    try:
        # The task commits its own work as it goes (a batch of emails stamps what it sent).
        body(**json.loads(encryption.decrypt(row.payload)))
    except Exception as exc:
        QueuedTask.objects.filter(pk=row.pk).update(
            claimed_until=None,
            last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
            available_at=timezone.now() + _backoff(row.attempts),
        )
        logger.warning("Queued task %s (%s) failed, attempt %s", row.pk, row.task, row.attempts)
        return False
    QueuedTask.objects.filter(pk=row.pk).update(
        done_at=timezone.now(), claimed_until=None, payload="", last_error=""
    )
    return True


def drain(now=None):
    """Hand every due row to a worker again (beat); returns how many were handed over."""
    now = now or timezone.now()
    QueuedTask.objects.filter(done_at__lt=now - KEEP_DONE).delete()
    handed = 0
    while True:
        with transaction.atomic():
            ids = list(
                QueuedTask.objects.select_for_update(skip_locked=True)
                .filter(_unclaimed(now), done_at__isnull=True, available_at__lte=now)
                .order_by("available_at")
                .values_list("pk", flat=True)[:BATCH_SIZE]
            )
            if not ids:
                return handed
            # Leased before they are sent: a slow worker is not handed the same row twice.
            QueuedTask.objects.filter(pk__in=ids).update(available_at=now + LEASE)
        for index, pk in enumerate(ids):
            if not dispatch(pk):
                QueuedTask.objects.filter(pk__in=ids[index:], done_at__isnull=True).update(available_at=now)
                return handed
            handed += 1
        if len(ids) < BATCH_SIZE:
            return handed
