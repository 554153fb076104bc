import datetime
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from endorsement import health
from endorsement.models import JobHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_checks():
    health.reset_cache()
    yield
    health.reset_cache()


def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert (body["database"], body["broker"], body["storage"]) == ("ok", "in-process", "ok")
    assert set(body["jobs"]) == {"rating-reminders", "renewal-sweep"}
    assert body["jobs"]["renewal-sweep"] == {"outcome": "never", "last_success": None, "problem": None}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_reports_unavailable_when_the_database_does_not_answer(client):
    with mock.patch("django.db.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_healthz_needs_no_session_or_template(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")

    assert response["Content-Type"] == "application/json"


def test_a_daily_job_that_has_not_succeeded_for_over_a_day_fails_the_check(client):
    late = timezone.now() - datetime.timedelta(hours=27)
    JobHeartbeat.objects.filter(name="renewal-sweep").update(
        outcome="succeeded", last_succeeded_at=late, last_started_at=late
    )

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["job renewal-sweep"]
    assert body["jobs"]["renewal-sweep"]["problem"] == "late"
    assert body["jobs"]["renewal-sweep"]["last_success"] == late.isoformat()
    assert body["jobs"]["rating-reminders"]["problem"] is None


def test_a_job_scheduled_over_a_day_ago_that_never_ran_is_late(client):
    JobHeartbeat.objects.filter(name="rating-reminders").update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )

    body = client.get("/healthz").json()

    assert body["failing"] == ["job rating-reminders"]


def test_a_failed_daily_job_fails_the_check_until_it_succeeds(client):
    JobHeartbeat.objects.filter(name="rating-reminders").update(outcome="failed", last_error="boom")

    assert client.get("/healthz").status_code == 503

    JobHeartbeat.objects.filter(name="rating-reminders").update(
        outcome="succeeded", last_succeeded_at=timezone.now()
    )

    assert client.get("/healthz").status_code == 200


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:8449/4")
def test_a_broker_that_does_not_answer_fails_the_check(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert response.json()["failing"] == ["broker"]


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:6379/4")
def test_a_broker_that_answers_passes(client):
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/4", socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        pytest.fail("Redis must answer on 127.0.0.1:6379 for this test")

    assert client.get("/healthz").json()["broker"] == "ok"


def test_a_media_folder_that_cannot_be_written_fails_the_check(client, tmp_path):
    from django.core.files.storage import default_storage

    (tmp_path / "a-file").write_text("not a folder")
    with mock.patch.object(default_storage, "location", str(tmp_path / "a-file" / "media")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["storage"] == "unavailable"


def test_a_new_installations_media_folder_is_created_not_reported_missing(client, tmp_path):
    from django.core.files.storage import default_storage

    with mock.patch.object(default_storage, "location", str(tmp_path / "media")):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert (tmp_path / "media").is_dir()


def test_an_unhealthy_answer_logs_what_fails_as_a_warning_not_a_server_error(client, caplog, mailoutbox):
    JobHeartbeat.objects.filter(name="rating-reminders").update(outcome="failed")
    with override_settings(
        CELERY_TASK_ALWAYS_EAGER=False,
        CELERY_BROKER_URL="redis://127.0.0.1:8449/4",
        ADMINS=[("Operator", "ops@example.org")],
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert [record.levelname for record in caplog.records if record.name == "django.request"] == []
    assert any("the broker does not answer" in record.getMessage() for record in caplog.records)
    assert mailoutbox == []
