"""/healthz: is every part the site needs answering, and have the daily jobs run?

Polled every few seconds by Docker and monitors, so it stays cheap: one database query (which
reads the daily jobs' heartbeats and so also proves the database answers), a Redis PING with a
one-second timeout, and a storage check that for a bucket is an S3 HEAD cached for a minute.
200 with {"status": "ok", ...} when every check passes, 503 with {"status": "error", ...} and the
failing parts named otherwise.
"""

import contextlib
import logging
import os
import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import JobHeartbeat

logger = logging.getLogger(__name__)

STORAGE_CHECK_SECONDS = 60
_storage_checked = {"at": None, "result": None}
_redis_clients = {}


def check_broker():
    url = settings.CELERY_BROKER_URL
    if settings.CELERY_TASK_ALWAYS_EAGER or not url.startswith(("redis://", "rediss://")):
        return "in-process"
    import redis

    client = _redis_clients.get(url)
    if client is None:
        client = _redis_clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=1, socket_timeout=1, health_check_interval=30
        )
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        logger.warning("Health check: the broker does not answer: %s", error)
        return "unavailable"
    return "ok"


def _check_storage_now():
    location = getattr(default_storage, "location", None)
    bucket = getattr(default_storage, "bucket_name", None)
    if bucket:
        try:
            default_storage.connection.meta.client.head_bucket(Bucket=bucket)
        except Exception as error:  # noqa: BLE001 -- botocore raises many kinds; any means "not usable"
            logger.warning("Health check: the bucket %s is not usable: %s", bucket, error)
            return "unavailable"
        return "ok"
    # A new installation's folder appears with its first upload; make it now to check we can.
    with contextlib.suppress(OSError, TypeError):
        os.makedirs(location, exist_ok=True)
    if location and os.path.isdir(location) and os.access(location, os.W_OK):
        return "ok"
    logger.warning("Health check: the media folder %s is missing or not writable", location)
    return "unavailable"


def check_storage():
    now = time.monotonic()
    checked_at = _storage_checked["at"]
    if checked_at is None or now - checked_at > STORAGE_CHECK_SECONDS or _storage_checked["result"] != "ok":
        _storage_checked.update(at=now, result=_check_storage_now())
    return _storage_checked["result"]


def reset_cache():
    """Forget the cached storage result (tests, and after changing storage settings)."""
    _storage_checked.update(at=None, result=None)
    _redis_clients.clear()


@never_cache
@require_GET
def healthz(request):
    try:
        heartbeats = list(JobHeartbeat.objects.all())
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    now = timezone.now()
    body = {"status": "ok", "database": "ok", "broker": check_broker(), "storage": check_storage()}
    body["jobs"] = {
        heartbeat.name: {
            "outcome": heartbeat.outcome,
            "last_success": heartbeat.last_succeeded_at.isoformat() if heartbeat.last_succeeded_at else None,
            "problem": heartbeat.problem(now) or None,
        }
        for heartbeat in heartbeats
    }
    failing = [part for part in ("broker", "storage") if body[part] == "unavailable"]
    failing += [f"job {name}" for name, job in body["jobs"].items() if job["problem"]]
    if failing:
        body["status"] = "error"
        body["failing"] = failing
        response = JsonResponse(body, status=503)
        # Each check logged its own warning; a monitor polling during an outage must not also
        # raise one error (and one email to ADMINS) per poll.
        response._has_been_logged = True
        return response
    return JsonResponse(body)
