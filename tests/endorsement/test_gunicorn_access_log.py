"""gunicorn, as production runs it (./gunicorn.conf.py, `--access-logfile`), never logs a rating token."""

import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.parallel import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_until_listening(process, url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 -- our own server on 127.0.0.1
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_gunicorn_access_log_redacts_rating_tokens(tmp_path, guidelines):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("gunicorn shares the test database, which an in-memory SQLite one cannot be")
    access_log, error_log = tmp_path / "access.log", tmp_path / "error.log"
    db = settings.DATABASES["default"]
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "endorsement.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        if db["ENGINE"].endswith("postgresql")
        else f"sqlite:///{db['NAME']}",
        "DATA_DIR": str(tmp_path),
    }
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 -- fixed arguments
        [
            sys.executable, "-m", "gunicorn", "endorsement.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "1",
            "--access-logfile", str(access_log), "--error-logfile", str(error_log),
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    tokens = [secrets.token_urlsafe(32) for _ in range(3)]
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_listening(process, base + "/healthz")
        assert get(f"{base}/ratings/{tokens[0]}/") in (404, 410)
        assert get(
            f"{base}/ratings/form/?next=/ratings/{tokens[1]}/",
            headers={"Referer": f"{base}/ratings/{tokens[2]}/"},
        ) in (200, 302, 404, 410)
        assert get(f"{base}/{'x' * 5000}") == 414  # gunicorn.conf.py bounds the request line
    finally:
        process.terminate()
        process.wait(timeout=30)

    logged = access_log.read_text() + error_log.read_text()
    assert "/ratings/[redacted]" in access_log.read_text()
    for token in tokens:
        assert token not in logged
