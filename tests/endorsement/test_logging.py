"""Log lines carry time, level, request id and user id; JSON in production, readable locally."""

import json
import logging
import subprocess
import sys

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from endorsement.structured_logging import (
    JSONFormatter,
    RequestContextFilter,
    RequestContextMiddleware,
    TextFormatter,
)


def record(message="Something happened", level=logging.WARNING):
    entry = logging.LogRecord("renewals.tasks", level, __file__, 1, message, (), None)
    RequestContextFilter().filter(entry)
    return entry


def logged_during(request, message):
    seen = []

    def view(request):
        seen.append(record(message))
        return HttpResponse("ok")

    response = RequestContextMiddleware(view)(request)
    return seen[0], response


def test_a_line_logged_while_serving_a_signed_in_user_names_the_request_and_the_user():
    request = RequestFactory().get("/applications/")
    user = type("User", (), {"pk": 42, "is_authenticated": True})()
    request._cached_user = user  # what AuthenticationMiddleware leaves once the user was loaded

    entry, response = logged_during(request, "Opened the application")
    line = json.loads(JSONFormatter().format(entry))

    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["user_id"] == 42
    assert line["level"] == "WARNING" and line["logger"] == "renewals.tasks"
    assert line["message"] == "Opened the application"
    assert line["time"].endswith("+00:00") and "T" in line["time"]


def test_the_proxys_request_id_is_kept_and_a_forged_one_replaced():
    kept, response = logged_during(RequestFactory().get("/", HTTP_X_REQUEST_ID="caddy-0123456789ab"), "x")
    assert kept.request_id == "caddy-0123456789ab" == response["X-Request-ID"]

    forged, response = logged_during(RequestFactory().get("/", HTTP_X_REQUEST_ID='"}\n{"admin": true'), "x")
    assert forged.request_id == response["X-Request-ID"] != '"}\n{"admin": true'


def test_outside_a_request_the_ids_are_dashes_and_the_text_form_is_readable():
    line = TextFormatter().format(record("Renewal sweep done", logging.INFO))

    assert line.endswith(" INFO    [- user=-] renewals.tasks: Renewal sweep done")
    assert line[:4].isdigit() and "+00:00" in line[:30]


def test_an_anonymous_request_has_no_user_id():
    entry, _ = logged_during(RequestFactory().get("/"), "x")
    assert entry.user_id == "-"


def test_an_exception_in_a_json_line_hides_a_rating_token():
    try:
        raise ValueError("GET /ratings/s3cr3t-t0ken/ failed")
    except ValueError:
        entry = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    line = json.loads(JSONFormatter().format(entry))

    assert "s3cr3t" not in line["exception"] and "/ratings/[redacted]" in line["exception"]


@pytest.mark.django_db
def test_every_response_names_its_request_id(client):
    assert len(client.get("/healthz")["X-Request-ID"]) == 32


def production_settings(**env):
    """Import the settings with DEBUG=false and `env`; the completed process."""
    base = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "endorse.example.org",
        "SITE_URL": "https://endorse.example.org",
    }
    base.update(env)
    code = (
        "import json, django; from django.conf import settings; "
        "print(json.dumps({'format': settings.LOG_FORMAT, 'port': settings.EMAIL_PORT, "
        "'ssl': settings.EMAIL_USE_SSL, 'tls': settings.EMAIL_USE_TLS, 'timeout': settings.EMAIL_TIMEOUT, "
        "'admins': settings.ADMINS}))"
    )
    env_vars = {key: value for key, value in base.items() if value is not None}
    env_vars["DJANGO_SETTINGS_MODULE"] = "endorsement.settings"
    return subprocess.run(  # noqa: S603 - our own settings module
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env_vars, capture_output=True, text=True
    )


def test_production_logs_json_and_emails_server_errors_to_admins():
    done = production_settings(ADMINS="Pat Chair <chair@example.org>, tech@example.org")

    values = json.loads(done.stdout)
    assert values["format"] == "json"
    assert values["admins"] == [["Pat Chair", "chair@example.org"], ["tech@example.org", "tech@example.org"]]
    assert (values["port"], values["tls"], values["ssl"], values["timeout"]) == (587, True, False, 10)


def test_smtp_over_ssl_uses_port_465_and_not_starttls():
    values = json.loads(production_settings(EMAIL_USE_SSL="true", EMAIL_TIMEOUT="5").stdout)

    assert (values["port"], values["tls"], values["ssl"], values["timeout"]) == (465, False, True, 5)


def test_ssl_and_starttls_together_are_refused():
    done = production_settings(EMAIL_USE_SSL="true", EMAIL_USE_TLS="true")

    assert done.returncode != 0
    assert "Set only one of EMAIL_USE_TLS (port 587) and EMAIL_USE_SSL (port 465)." in done.stderr


def test_production_refuses_to_start_without_site_url():
    done = production_settings(SITE_URL=None)

    assert done.returncode != 0
    assert "SITE_URL must be set when DEBUG is false: it is printed on every certificate" in done.stderr


def test_production_refuses_a_site_url_that_is_not_an_address():
    done = production_settings(SITE_URL="endorse.example.org")

    assert done.returncode != 0
    assert "SITE_URL must be an address such as https://endorse.example.org, not 'endorse.example.org'" in (
        done.stderr
    )


def test_check_deploy_warns_of_a_site_url_outside_allowed_hosts():
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=settings.BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "endorsement.settings",
            "DEBUG": "false",
            "SECRET_KEY": "k" * 60 + "-Zq9",
            "ALLOWED_HOSTS": "endorse.example.org",
            "SITE_URL": "http://other.example.org",
        },
        capture_output=True,
        text=True,
    )

    assert "endorsement.W001" in done.stderr and "endorsement.W002" in done.stderr
    assert "SITE_URL's host other.example.org is not in ALLOWED_HOSTS" in done.stderr


@pytest.mark.django_db
def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


@pytest.mark.django_db
def test_a_rotated_secret_key_keeps_people_signed_in_while_the_old_one_is_a_fallback(
    client, django_user_model
):
    from django.test import override_settings

    old, new = "the-old-key-" + "o" * 40, "the-new-key-" + "n" * 40
    user = django_user_model.objects.create_user("pat@example.org", "pat@example.org", "x" * 12)
    with override_settings(SECRET_KEY=old):
        client.force_login(user)
    with override_settings(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[]):
        assert not client.get("/").wsgi_request.user.is_authenticated

    with override_settings(SECRET_KEY=old):
        client.force_login(user)
    with override_settings(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[old]):
        assert client.get("/").wsgi_request.user == user


def test_a_django_error_is_logged_once_with_its_request_id():
    done = subprocess.run(  # noqa: S603 - our own settings and test client
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.test import Client; Client().get('/', HTTP_HOST='evil.example')",
        ],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "endorsement.settings", "DEBUG": "true"},
        capture_output=True,
        text=True,
    )

    lines = done.stderr.splitlines()
    # Django's own console handler printed the bare message a second time.
    assert not [line for line in lines if line.startswith("Invalid HTTP_HOST header")], done.stderr
    ours = [line for line in lines if "] django.security.DisallowedHost: Invalid HTTP_HOST header" in line]
    assert len(ours) == 1 and " ERROR   [" in ours[0]


def test_error_reports_are_off_unless_a_dsn_is_set():
    import sentry_sdk

    assert not settings.SENTRY_DSN
    assert not sentry_sdk.get_client().is_active()


def test_an_error_report_carries_no_rating_token():
    from endorsement.error_reports import scrub_breadcrumb, scrub_event

    event = {
        "request": {"url": "https://endorse.example.org/ratings/s3cr3t-t0ken/", "method": "GET"},
        "exception": {"values": [{"value": "No rating for /ratings/s3cr3t-t0ken/"}]},
    }

    scrubbed = scrub_event(event)

    assert "s3cr3t" not in json.dumps(scrubbed)
    assert scrubbed["request"]["url"] == "https://endorse.example.org/ratings/[redacted]/"
    assert "s3cr3t" not in json.dumps(scrub_breadcrumb({"message": "GET /ratings/s3cr3t-t0ken/ 200"}))
