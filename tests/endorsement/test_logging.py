"""Log lines carry time, level, request id and user id; JSON in production, readable locally."""

import io
import json
import logging
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory

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


def production_settings(settings_read_from, **env):
    """The settings read with DEBUG=false and `env` (a value of None unsets it)."""
    base = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "endorse.example.org",
        "SITE_URL": "https://endorse.example.org",
    }
    base.update(env)
    return settings_read_from({key: value for key, value in base.items() if value is not None})


def refusal(settings_read_from, **env):
    """Why the production settings refuse to load with `env`."""
    with pytest.raises(ImproperlyConfigured) as refused:
        production_settings(settings_read_from, **env)
    return str(refused.value)


def test_production_logs_json_and_emails_server_errors_to_admins(settings_read_from):
    values = production_settings(settings_read_from, ADMINS="Pat Chair <chair@example.org>, tech@example.org")

    assert values.LOG_FORMAT == "json"
    assert values.ADMINS == [("Pat Chair", "chair@example.org"), ("tech@example.org", "tech@example.org")]
    assert (values.EMAIL_PORT, values.EMAIL_USE_TLS, values.EMAIL_USE_SSL, values.EMAIL_TIMEOUT) == (
        587,
        True,
        False,
        10,
    )


def test_smtp_over_ssl_uses_port_465_and_not_starttls(settings_read_from):
    values = production_settings(settings_read_from, EMAIL_USE_SSL="true", EMAIL_TIMEOUT="5")

    assert (values.EMAIL_PORT, values.EMAIL_USE_TLS, values.EMAIL_USE_SSL, values.EMAIL_TIMEOUT) == (
        465,
        False,
        True,
        5,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"EMAIL_USE_SSL": "true", "EMAIL_USE_TLS": "true"},
            "Set only one of EMAIL_USE_TLS (port 587) and EMAIL_USE_SSL (port 465).",
        ),
        (
            {"SITE_URL": None},
            "SITE_URL must be set when DEBUG is false: it is printed on every certificate",
        ),
        (
            {"SITE_URL": "endorse.example.org"},
            "SITE_URL must be an address such as https://endorse.example.org, not 'endorse.example.org'",
        ),
    ],
    ids=["ssl-and-starttls", "no-site-url", "site-url-not-an-address"],
)
def test_production_refuses_to_start_with_settings_that_cannot_work(settings_read_from, env, message):
    assert message in refusal(settings_read_from, **env)


def test_check_deploy_warns_of_a_site_url_outside_allowed_hosts(settings, monkeypatch):
    # As in a production process: no test left Django's async-safety switch in the environment.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["endorse.example.org"]
    settings.SITE_URL = "http://other.example.org"
    stderr = io.StringIO()

    call_command("check", "--deploy", stdout=io.StringIO(), stderr=stderr)

    done = stderr.getvalue()
    assert "endorsement.W001" in done and "endorsement.W002" in done
    assert "SITE_URL's host other.example.org is not in ALLOWED_HOSTS" in done


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


def console_streams():
    """Every handler that prints to a stream, on every logger (pytest's own left out)."""
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in logging.root.manager.loggerDict)]
    return {
        handler
        for logger in loggers
        for handler in logger.handlers
        if isinstance(handler, logging.StreamHandler)
        and not isinstance(handler, logging.FileHandler)
        and not type(handler).__module__.startswith("_pytest")
    }


@pytest.mark.django_db
def test_a_django_error_is_logged_once_with_its_request_id(settings):
    # Django's own console handler prints only while DEBUG is on, as in the embedded run.
    settings.DEBUG = True
    printed = io.StringIO()
    handlers = console_streams()
    streams = {handler: handler.setStream(printed) for handler in handlers}
    try:
        Client().get("/", HTTP_HOST="evil.example")
    finally:
        for handler, stream in streams.items():
            handler.setStream(stream)

    lines = printed.getvalue().splitlines()
    # Django's own console handler printed the bare message a second time.
    assert not [line for line in lines if line.startswith("Invalid HTTP_HOST header")], printed.getvalue()
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
