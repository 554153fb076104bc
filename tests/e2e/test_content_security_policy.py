"""The admin keeps working under the strict Content-Security-Policy, and refusals are reported.

Every browser test fails on a policy refusal (see conftest.py); these walk the admin, whose
scripts (inlines, date pickers, action bar) are the most likely to need something the policy
forbids, and prove that an injected inline script really is refused and reported.
"""

import pytest
from django.core.management import call_command

from competencies.models import Edition
from tests.e2e.conftest import watch_policy_violations


@pytest.fixture
def editions(transactional_db):
    call_command("load_guidelines", verbosity=0)
    return Edition.objects.all()


def test_the_admin_runs_its_scripts_under_the_policy(open_as, admin_user, editions):
    page = open_as(admin_user)
    page.goto("/admin/")
    assert page.get_by_role("heading", name="Site administration").is_visible()

    page.goto("/admin/applications/agreementtext/add/")
    # The date widget's script has run: it adds the "Today" shortcut next to the date field.
    assert page.get_by_role("link", name="Today").first.is_visible()

    page.goto("/admin/competencies/category/")
    page.locator("#action-toggle").check()
    # The action bar's script counts the selected rows.
    assert "selected" in page.locator(".action-counter").inner_text()


def test_an_injected_inline_script_is_refused_and_reported(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    refusals = []
    watch_policy_violations(context, refusals)
    page = context.new_page()
    page.goto("/guidelines/")
    with page.expect_request("**/csp-report") as report:
        page.evaluate(
            """() => { const s = document.createElement('script');
                       s.textContent = 'window.ran = true'; document.body.appendChild(s); }"""
        )
    assert report.value.method == "POST"
    assert page.evaluate("() => window.ran === undefined")
    assert refusals and "script-src" in refusals[0]
    context.close()
