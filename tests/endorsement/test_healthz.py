from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_reports_unavailable_when_the_database_does_not_answer(client):
    with mock.patch("django.db.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_healthz_needs_no_session_or_template(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")

    assert response["Content-Type"] == "application/json"
