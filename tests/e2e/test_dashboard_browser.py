"""The coordinator's dashboard in a real browser, on demo data, checked with axe-core."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.browsing import assert_accessible, sign_in
from tests.endorsement.staff_factories import give_totp

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_reads_the_dashboard_and_filters_it(page, live_server, guidelines):
    call_command("seed_demo", applications=40, seed=3, verbosity=0)
    coordinator = get_user_model().objects.get(username="coordinator@example.org")
    give_totp(coordinator)
    sign_in(page.context, live_server, coordinator)

    page.goto("/coordinator/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert_accessible(page)

    expect(page.get_by_role("img", name="Applications submitted per month")).to_be_visible()
    expect(page.get_by_role("table", name="Median days spent in each status")).to_be_visible()
    figures = page.get_by_text("Applications by status: the figures as a table")
    figures.click()
    by_status = page.get_by_role("table", name="Applications by status", exact=True)
    expect(by_status).to_be_visible()
    assert by_status.get_by_role("row").count() == 1 + 8  # a header and one row per status
    assert_accessible(page)

    page.get_by_label("Edition").select_option("mi-aimh-2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert "edition=mi-aimh-2025" in page.url
    counts = page.get_by_role("table", name="by category (rows) and status (columns)")
    expect(counts.get_by_role("rowheader", name="IFS", exact=True)).to_be_visible()
    expect(counts.get_by_role("rowheader", name="IFA", exact=True)).to_have_count(0)
    assert_accessible(page)
