"""The daily jobs run at a set local time, leave a heartbeat, and can be run by hand."""

import datetime
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from endorsement import jobs
from endorsement.models import JobHeartbeat

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo(settings.TIME_ZONE)


def test_beat_runs_each_daily_job_once_a_day_at_the_local_time():
    from endorsement.jobs import DAILY_JOBS

    schedule = {name: settings.CELERY_BEAT_SCHEDULE[name] for name in DAILY_JOBS}

    assert {entry["task"] for entry in schedule.values()} == {
        "applications.tasks.send_rating_reminders",
        "renewals.tasks.renewal_sweep",
    }
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE
    for entry in schedule.values():
        cron = entry["schedule"]
        assert (cron.hour, cron.minute) == ({6}, {0})
        assert len(cron.day_of_week) == 7 and len(cron.day_of_month) == 31


def test_a_time_of_day_that_is_not_one_is_refused_naming_the_setting():
    assert jobs.parse_time_of_day("21:45") == datetime.time(21, 45)
    with pytest.raises(ValueError, match="DAILY_JOBS_AT must be a time such as 06:00, not '6am'"):
        jobs.parse_time_of_day("6am")


def test_migrate_leaves_the_role_groups_and_one_heartbeat_per_job():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Endorsement coordinators",
        "Application reviewers",
        "Endorsement advisors",
    }
    assert set(JobHeartbeat.objects.values_list("name", "outcome")) == {
        ("rating-reminders", "never"),
        ("renewal-sweep", "never"),
    }


def test_running_the_jobs_by_hand_records_their_success(guidelines):
    out = StringIO()

    call_command("run_daily_jobs", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("rating-reminders: done")
    assert lines[1].startswith("renewal-sweep: done")
    for heartbeat in JobHeartbeat.objects.all():
        assert heartbeat.outcome == "succeeded"
        assert timezone.now() - heartbeat.last_succeeded_at < datetime.timedelta(minutes=1)
        assert heartbeat.last_error == "" and heartbeat.problem() == ""


def test_a_failing_job_is_recorded_with_its_error_and_the_others_still_run(guidelines):
    err = StringIO()
    with (
        mock.patch(
            "applications.services.references.send_due_reminders", side_effect=RuntimeError("SMTP down")
        ),
        pytest.raises(CommandError, match="Failed: rating-reminders"),
    ):
        call_command("run_daily_jobs", stdout=StringIO(), stderr=err)

    failed = JobHeartbeat.objects.get(name="rating-reminders")
    assert failed.outcome == "failed" and failed.last_error == "RuntimeError: SMTP down"
    assert failed.problem() == "failed"
    assert "rating-reminders: failed: RuntimeError: SMTP down" in err.getvalue()
    assert JobHeartbeat.objects.get(name="renewal-sweep").outcome == "succeeded"


def test_one_job_can_be_run_alone(guidelines):
    call_command("run_daily_jobs", job=["renewal-sweep"], stdout=StringIO())

    assert JobHeartbeat.objects.get(name="renewal-sweep").outcome == "succeeded"
    assert JobHeartbeat.objects.get(name="rating-reminders").outcome == "never"


def at(day, hour, minute=0):
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=LOCAL)


def test_the_embedded_scheduler_runs_todays_jobs_once_their_time_has_passed():
    six = datetime.time(6, 0)
    JobHeartbeat.objects.update(last_succeeded_at=at(9, 6, 1), outcome="succeeded")

    # Done yesterday at 06:01; today before six nothing is due, after six both are.
    assert jobs.due_jobs(at(10, 5, 59), six) == []
    assert jobs.due_jobs(at(10, 6, 0), six) == ["rating-reminders", "renewal-sweep"]

    JobHeartbeat.objects.filter(name="renewal-sweep").update(last_succeeded_at=at(10, 6, 2))
    assert jobs.due_jobs(at(10, 7), six) == ["rating-reminders"]


def test_the_embedded_scheduler_sleeps_until_the_next_local_time():
    six = datetime.time(6, 0)

    assert jobs.seconds_until_next(at(10, 5, 30), six) == 30 * 60
    assert jobs.seconds_until_next(at(10, 6, 0), six) == 24 * 60 * 60


def test_the_admin_lists_the_daily_jobs_and_whether_they_are_late(admin_user, client):
    from allauth.mfa.models import Authenticator  # noqa: F401 -- admin_user has its authenticator app

    JobHeartbeat.objects.filter(name="renewal-sweep").update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    client.force_login(admin_user)

    response = client.get("/admin/endorsement/jobheartbeat/")

    assert response.status_code == 200
    text = response.text
    assert "renewal-sweep" in text and "rating-reminders" in text
    assert text.count('alt="False"') == 1 and text.count('alt="True"') == 1


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_embedded_defaults_scheduler_runs_the_jobs_due_as_soon_as_it_starts(guidelines, tmp_path):
    """What ./scripts/run.sh starts in the background: `run_daily_jobs --forever`."""
    import os
    import signal
    import subprocess
    import sys
    import time

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the scheduler shares the test database, which needs PostgreSQL")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="endorsement.settings",
        DEBUG="true",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL="",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    scheduler = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "manage.py", "run_daily_jobs", "--forever"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if set(JobHeartbeat.objects.values_list("outcome", flat=True)) == {"succeeded"}:
                break
            assert scheduler.poll() is None, scheduler.stdout.read()
            time.sleep(0.3)
    finally:
        scheduler.send_signal(signal.SIGTERM)
        output = scheduler.communicate(timeout=20)[0]

    assert set(JobHeartbeat.objects.values_list("outcome", flat=True)) == {"succeeded"}, output
    assert "Running the daily jobs every day at 06:00 (America/Los_Angeles)." in output
    assert "rating-reminders: done" in output and "renewal-sweep: done" in output
