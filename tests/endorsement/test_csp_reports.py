"""Browsers' Content-Security-Policy violation reports are logged, and only reports are taken."""

import json

import pytest
from django.urls import reverse

REPORT = {
    "csp-report": {
        "document-uri": "https://endorse.example.org/coordinator/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
    }
}


def post_report(client, body, **extra):
    return client.post(reverse("csp_report"), body, content_type="application/csp-report", **extra)


@pytest.mark.django_db
def test_a_violation_report_is_logged_with_what_was_blocked_and_where(client, caplog):
    with caplog.at_level("WARNING", logger="endorsement.csp"):
        response = post_report(client, json.dumps(REPORT))
    assert response.status_code == 204
    assert caplog.messages == [
        "Content-Security-Policy violation: script-src-elem blocked inline on "
        "https://endorse.example.org/coordinator/"
    ]


@pytest.mark.django_db
def test_a_report_needs_no_csrf_token(client):
    client.handler.enforce_csrf_checks = True
    assert post_report(client, json.dumps(REPORT)).status_code == 204


@pytest.mark.django_db
def test_what_is_not_a_report_is_refused(client, caplog):
    with caplog.at_level("WARNING", logger="endorsement.csp"):
        assert post_report(client, "not json").status_code == 400
        assert post_report(client, json.dumps({"csp-report": ["x"]})).status_code == 400
        assert (
            post_report(client, json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}})).status_code == 413
        )
        assert client.get(reverse("csp_report")).status_code == 405
    assert [r for r in caplog.records if r.name == "endorsement.csp"] == []
