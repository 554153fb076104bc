import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import add_rsc, add_training, add_work, make_application

pytestmark = pytest.mark.django_db


def overview_queries(client, size):
    application = make_application(code="IMHS")
    add_training(application, size["training"])
    add_rsc(application, size["rsc"])
    add_work(application, size["work"])
    client.force_login(application.applicant)
    url = reverse("applications:overview", args=[application.pk])
    client.get(url)  # warm caches that are not per request (content types, etc.)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_overview_query_count_does_not_grow_with_the_portfolio(
    client, guidelines, django_assert_max_num_queries
):
    small, _ = overview_queries(client, {"training": 3, "rsc": 3, "work": 3})
    large, response = overview_queries(client, {"training": 300, "rsc": 100, "work": 10})
    assert large == small
    assert "Specialized training" in response.text
    application_pk = response.context["application"].pk
    # 9 for the page itself (the kinds of entries with no rows cost one probe together, not a
    # query each), one for the conversation panel (reviews.panels.thread_panel) and one for the
    # offer to copy entries from an earlier application (applications.services.carryover).
    with django_assert_max_num_queries(11):
        client.get(reverse("applications:overview", args=[application_pk]))
