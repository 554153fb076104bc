"""The applicant's reworked pages in a real browser, each checked with axe-core: the overview (status
and next step, checklist, conversation), copying entries from an earlier application, the steps
ahead after submitting, the choice of edition, and a deep link followed while signed out."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from applications.models import TrainingEntry
from applications.services import lifecycle

from .browsing import assert_accessible, sign_in, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_second_application_copies_the_earlier_training_from_its_overview(page, live_server, guidelines):
    from tests.applications.factories import add_training, make_application

    earlier = make_application(code="IFS")
    add_training(earlier, 4, hours="2")
    new = make_application(earlier.applicant, code="IMHS")
    sign_in(page.context, live_server, earlier.applicant)

    visit(page, f"/applications/{new.pk}/")
    headings = page.locator("main h2").all_inner_texts()
    assert headings.index("Status: Draft") < headings.index("Checklist")
    expect(page.locator(".next-step")).to_contain_text("Next step:")
    with page.expect_navigation():
        page.get_by_role("button", name="Specialized training: copy 4 entries").click()
    assert_accessible(page)

    expect(page).to_have_url(re.compile(rf"/applications/{new.pk}/training/$"))
    expect(page.get_by_text("Copied 4 entries from your IFS application")).to_be_visible()
    expect(page.locator("#requirement-training")).to_contain_text("8 of")
    assert TrainingEntry.objects.filter(application=new).count() == 4
    expect(page.get_by_role("button", name=re.compile("Specialized training: copy"))).to_have_count(0)


def test_after_submitting_the_applicant_sees_the_steps_ahead(page, live_server, guidelines):
    from tests.applications.factories import make_complete_ifa

    application = lifecycle.submit_application(make_complete_ifa(), by=None)
    sign_in(page.context, live_server, application.applicant)

    visit(page, f"/applications/{application.pk}/receipt/")
    steps = page.locator(".next-steps")
    expect(steps.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(steps.locator("li")).to_have_count(3)  # review, references, decision: IFA has no exam
    expect(steps.locator('[aria-current="step"]').first).to_contain_text("Review of your portfolio")
    visit(page, f"/applications/{application.pk}/")
    expect(page.locator(".next-steps")).to_be_visible()


def test_the_start_page_offers_the_current_edition_and_explains_the_older_one(page, live_server, guidelines):
    from competencies.models import Edition
    from competencies.services import clone_edition, publish_edition
    from tests.applications.factories import make_user

    orimha = Edition.objects.get(slug="orimha")
    successor = clone_edition(orimha, slug="orimha-2026", title="ORIMHA Competency Guidelines 2026")
    Edition.objects.filter(pk=successor.pk).update(
        effective_date=datetime.date.today() - datetime.timedelta(days=7)
    )
    publish_edition(successor)
    sign_in(page.context, live_server, make_user())

    visit(page, "/applications/start/")
    older = page.locator("details.other-editions")
    expect(older).not_to_have_attribute("open", "")
    expect(page.locator('a[href="/guidelines/orimha-2026/ifs/"]')).to_be_visible()
    expect(page.locator('a[href="/guidelines/orimha/ifs/"]')).to_be_hidden()
    older.locator("summary").click()
    expect(older).to_contain_text(
        "choose this edition only if you prepared your application under these guidelines"
    )
    assert_accessible(page)


def test_a_link_followed_while_signed_out_comes_back_after_sign_in(page, live_server, guidelines):
    from tests.applications.factories import make_application, make_user

    user = make_user()
    user.set_password("a-long-Passphrase-2025")
    user.save()
    application = make_application(user, code="IFA")

    visit(page, f"/applications/{application.pk}/attestations/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("a-long-Passphrase-2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert_accessible(page)

    expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/attestations/$"))
    expect(
        page.get_by_role("heading", name="Code of ethics and agreement", exact=False).first
    ).to_be_visible()
