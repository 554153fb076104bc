"""The daily jobs: when beat runs them, the heartbeat each run leaves, and running them by hand.

Each job is a Celery task of an app, run by beat at a set local time (TIME_ZONE). The apps' tasks
know nothing of heartbeats: Celery's task signals record every start, success and failure of a
daily job in `JobHeartbeat`, shown in the admin and in /healthz. The embedded default, which has
no beat, runs the same tasks in-process (`manage.py run_daily_jobs --forever`).
"""

import datetime
import logging

from celery import signals
from celery.schedules import crontab

logger = logging.getLogger(__name__)

# name -> the task beat sends every day.
DAILY_JOBS = {
    "rating-reminders": "applications.tasks.send_rating_reminders",
    "renewal-sweep": "renewals.tasks.renewal_sweep",
}
TASK_JOBS = {task: name for name, task in DAILY_JOBS.items()}


def parse_time_of_day(value):
    """`HH:MM` (24-hour clock) as a `datetime.time`; raises ValueError with a readable message."""
    try:
        hour, minute = (int(part) for part in value.split(":"))
        return datetime.time(hour, minute)
    except ValueError:
        raise ValueError(f"DAILY_JOBS_AT must be a time such as 06:00, not {value!r}.") from None


def beat_schedule(at):
    """Celery beat's schedule: every daily job at `at` (a `datetime.time`) in CELERY_TIMEZONE."""
    return {
        name: {"task": task, "schedule": crontab(hour=at.hour, minute=at.minute)}
        for name, task in DAILY_JOBS.items()
    }


# --- heartbeats --------------------------------------------------------------------------------


def _record(task_name, **values):
    from django.db import DatabaseError
    from django.utils import timezone

    from .models import JobHeartbeat

    name = TASK_JOBS.get(task_name)
    if name is None:
        return
    now = timezone.now()
    values = {key: (now if value is _NOW else value) for key, value in values.items()}
    try:
        JobHeartbeat.objects.update_or_create(name=name, defaults=values)
    except DatabaseError:
        # The job's own outcome matters more than its heartbeat; /healthz reports the database.
        logger.exception("Could not record the heartbeat of the daily job %s", name)


_NOW = object()


def _on_prerun(sender=None, **kwargs):
    _record(sender.name, outcome="running", last_started_at=_NOW)


def _on_success(sender=None, result=None, **kwargs):
    summary = "" if result is None else str(result)[:500]
    _record(
        sender.name,
        outcome="succeeded",
        last_finished_at=_NOW,
        last_succeeded_at=_NOW,
        last_result=summary,
        last_error="",
    )


def _on_failure(sender=None, exception=None, **kwargs):
    _record(
        sender.name,
        outcome="failed",
        last_finished_at=_NOW,
        last_error=f"{type(exception).__name__}: {exception}"[:2000],
    )


def connect_heartbeats():
    signals.task_prerun.connect(_on_prerun, weak=False, dispatch_uid="endorsement-job-prerun")
    signals.task_success.connect(_on_success, weak=False, dispatch_uid="endorsement-job-success")
    signals.task_failure.connect(_on_failure, weak=False, dispatch_uid="endorsement-job-failure")


def after_migrate(sender, using="default", **kwargs):
    """After every `migrate` (and a test's flush): the role groups and one heartbeat per job."""
    from django.contrib.auth.models import Group

    from . import roles
    from .models import JobHeartbeat

    for name in roles.STAFF_GROUPS:
        Group.objects.using(using).get_or_create(name=name)
    for name in DAILY_JOBS:
        JobHeartbeat.objects.using(using).get_or_create(name=name)


# --- running by hand or in the embedded default --------------------------------------------------


def run_job(name, **kwargs):
    """Run one daily job in this process now (heartbeat included); returns what it did."""
    from django.utils.module_loading import import_string

    task = import_string(DAILY_JOBS[name])
    # throw=False: an eager task that raises would skip Celery's failure signal, and its heartbeat.
    result = task.apply(kwargs=kwargs, throw=False)
    if result.failed():
        raise result.result
    return result.result


def due_jobs(now, at):
    """The jobs whose run of today (at `at`, local time) has not succeeded yet, once `at` has passed."""
    from django.utils import timezone

    from .models import JobHeartbeat

    local = timezone.localtime(now)
    scheduled = timezone.make_aware(datetime.datetime.combine(local.date(), at))
    if local < scheduled:
        scheduled -= datetime.timedelta(days=1)
    done = {
        heartbeat.name
        for heartbeat in JobHeartbeat.objects.filter(name__in=DAILY_JOBS, last_succeeded_at__gte=scheduled)
    }
    return [name for name in DAILY_JOBS if name not in done]


def seconds_until_next(now, at):
    from django.utils import timezone

    local = timezone.localtime(now)
    upcoming = timezone.make_aware(datetime.datetime.combine(local.date(), at))
    if upcoming <= local:
        upcoming = timezone.make_aware(
            datetime.datetime.combine(local.date() + datetime.timedelta(days=1), at)
        )
    return max(1.0, (upcoming - local).total_seconds())
