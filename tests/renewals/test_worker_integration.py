"""A real Celery worker dies while rendering a certificate; another finishes it, exactly once.

Starts `celery -A endorsement worker --pool=prefork -c 1` against Redis (db 5 on 127.0.0.1, the next free one per xdist worker)
and the test database, kills it with SIGKILL while `render_certificate` runs (the task waits
CERTIFICATE_RENDER_PAUSE_SECONDS first), starts a second worker and waits for the broker to
hand it the unacknowledged task after CELERY_VISIBILITY_TIMEOUT seconds.
"""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from celery import Celery
from django.conf import settings
from pypdf import PdfReader

from renewals.models import Certificate
from tests.parallel import redis_url

from .endorsee_factories import endorse

REDIS_URL = os.environ.get("TEST_REDIS_URL") or redis_url(5)
VISIBILITY_TIMEOUT = 4

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_broker():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis must answer on 127.0.0.1:6379 in CI: {error}")
        pytest.skip("Redis is not answering on 127.0.0.1:6379")
    client.flushdb()
    yield client
    client.flushdb()


def worker_env(pause):
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the worker shares the test database, which needs PostgreSQL")
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = url.replace(f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="endorsement.settings",
        DEBUG="true",
        DATABASE_URL=url,
        REDIS_URL=REDIS_URL,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        SITE_URL=settings.SITE_URL,
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        CERTIFICATE_RENDER_PAUSE_SECONDS=str(pause),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    return env


def start_worker(log_path, *, pause):
    command = [sys.executable, "-m", "celery", "-A", "endorsement", "worker", "--pool=prefork", "-c", "1"]
    command += ["--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    log = open(log_path, "wb")  # noqa: SIM115 - closed with the worker
    process = subprocess.Popen(  # noqa: S603 - our own Celery app with fixed arguments
        command,
        cwd=settings.BASE_DIR,
        env=worker_env(pause),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the pool child dies with it
    )
    process.log = log
    return process


def stop(process, sig=signal.SIGKILL):
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=20)
    process.log.close()


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_worker_killed_mid_render_leaves_one_certificate_rendered_once(guidelines, redis_broker, tmp_path):
    with mock.patch("endorsement.outbox.dispatch"):  # recorded, then queued by hand below, on Redis
        endorsement = endorse(name="Jordan Lee")
    certificate = Certificate.objects.get(endorsement=endorsement)
    folder = Path(settings.MEDIA_ROOT) / "certificates"
    # The media folder is shared by the session's tests, whose numbers restart with each database.
    for leftover in folder.glob(f"{endorsement.number}-*"):
        leftover.unlink()

    first_log = tmp_path / "first.log"
    first = start_worker(first_log, pause=60)
    second = None
    try:
        sender = Celery("enqueue", broker=REDIS_URL, set_as_current=False)  # leave the eager app current
        sender.send_task("renewals.tasks.render_certificate", kwargs={"certificate_id": certificate.pk})
        sender.close()
        started = f"Rendering certificate {certificate.pk}"
        wait_for(lambda: started in first_log.read_text(errors="replace"), 30, "the first worker to start")

        stop(first)  # SIGKILL: no acknowledgement, no clean shutdown
        certificate.refresh_from_db()
        assert not certificate.is_rendered()

        second = start_worker(tmp_path / "second.log", pause=0)

        def rendered():
            certificate.refresh_from_db()
            return certificate.is_rendered()

        wait_for(rendered, VISIBILITY_TIMEOUT + 40, "the second worker to render the certificate")
    finally:
        if first.poll() is None:
            stop(first)
        if second is not None:
            stop(second, signal.SIGTERM)

    assert Certificate.objects.filter(endorsement=endorsement).count() == 1
    files = sorted(path.name for path in folder.iterdir() if endorsement.number in path.name)
    assert files == [f"{endorsement.number}-{endorsement.renewal_due}.pdf"]
    data = (folder / files[0]).read_bytes()
    assert data.startswith(b"%PDF")
    assert "Jordan Lee" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert certificate.file.name == f"certificates/{files[0]}"
