"""The walk-throughs that found untrustworthy verdicts, replayed in Chromium with the right answers.

1. An applicant invites their own address as a rater, or opens a rating link while signed in.
2. The coordinator refuses the only rater who is not endorsed: the rating leaves the verdict.
3. (Public status from dates is proven in tests/e2e/test_endorsement_pages.py.)
4. An application cannot be approved with one of two reviews.
5. A mistyped exam score is corrected, with the reason in the history.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application
from reviews import services
from tests.applications.rater_factories import invite, make_application
from tests.reviews.factories import complete_ifa, in_review, make_coordinator, make_reviewer, reviewed
from tests.reviews.test_exam_corrections import mistyped
from tests.reviews.test_work_views import rate

from .browsing import press, visit
from .test_coordinator_workflow import staff

pytestmark = pytest.mark.django_db(transaction=True)
S = Application.Status


def test_an_applicant_cannot_rate_themselves(open_as, guidelines):
    application = make_application(name="Avery Applicant")
    page = open_as(application.applicant)
    visit(page, f"/applications/{application.pk}/references/")
    page.get_by_label("Rater's name").fill("Avery Applicant")
    page.get_by_label("Rater's email").fill(application.applicant.email)
    page.get_by_label("How the rater knows your work").select_option("program_supervisor")
    page.get_by_label("I waive my right to read this rating").check()
    press(page, "Invite by email", check=True)
    expect(page.locator("#id_email_error")).to_contain_text("This is an address of your own account.")
    expect(page.get_by_label("Rater's name")).to_have_value("Avery Applicant")
    assert not application.references.exists()

    # A real rater's link, opened in the applicant's signed-in browser, is refused.
    invited = invite(application, email="rita@example.org")
    visit(page, f"/ratings/{invited.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot rate your own application")
    invited.refresh_from_db()
    assert invited.status == invited.Status.INVITED


def test_a_rater_refused_at_vetting_leaves_the_verdict(open_as, guidelines):
    coordinator = staff(make_coordinator, legal_name="Casey Coordinator")
    application = complete_ifa(endorsed_rater=False)
    rate(application)
    in_review(application, coordinator)
    supervisor = application.references.get(role="current_supervisor")
    coord = open_as(coordinator)
    visit(coord, f"/coordinator/applications/{application.pk}/")
    expect(coord.locator("#requirement-references")).to_contain_text("must be vetted")
    cell = coord.locator(f"#vet-{supervisor.pk}")
    cell.get_by_text("Record the vetting call").click()
    cell.get_by_label("Not accepted", exact=True).check()
    cell.get_by_label("Note").fill("Has never seen Alex's work with families.")
    press(cell, "Record the vetting", check=True)
    expect(coord.locator(f"#vet-{supervisor.pk}")).to_contain_text("Not accepted: the rating does not count")
    expect(coord.locator("#requirement-references")).to_contain_text("2 of 3 ratings received")
    expect(coord.locator("#verdict-heading")).to_contain_text("not every requirement is met")


def test_approval_waits_for_the_second_review(open_as, guidelines):
    mail.outbox.clear()
    coordinator = staff(make_coordinator, legal_name="Casey Coordinator")
    application = complete_ifa()
    rate(application)
    in_review(application, coordinator)
    first = services.assign_reviewer(application, make_reviewer(), by=coordinator)
    services.assign_reviewer(application, make_reviewer(legal_name="Quinn Reviewer"), by=coordinator)
    services.submit_review(first, recommendation="approve", summary="Fine.", items=[], by=first.reviewer)

    coord = open_as(coordinator)
    visit(coord, f"/coordinator/applications/{application.pk}/")
    expect(coord.locator("#reviews-missing")).to_contain_text("wait for 1 more submitted review")
    coord.locator("input[name=outcome][value=approved]").check()
    press(coord, "Preview the decision email", check=True)
    press(coord, "Record the decision and send the email", check=True)
    expect(coord.locator(".field-invalid, .errorlist").first).to_contain_text(
        "Approval needs 2 submitted reviews. 1 is still missing"
    )
    assert Application.objects.get(pk=application.pk).status == S.IN_REVIEW

    reviewed(application, coordinator)
    press(coord, "Record the decision and send the email")
    expect(coord.get_by_text("Decision recorded: Approved.")).to_be_visible()
    assert application.reviewer_assignments.get(reviewer__profile__legal_name="Quinn Reviewer").status == (
        "closed"
    )


def test_a_mistyped_exam_score_is_corrected(open_as, guidelines):
    coordinator = staff(make_coordinator, legal_name="Casey Coordinator")
    application, sitting = mistyped(coordinator)
    coord = open_as(coordinator)
    visit(coord, f"/coordinator/applications/{application.pk}/")
    row = coord.locator(f"#sitting-{sitting.pk}")
    expect(row).to_contain_text("68%")
    row.get_by_text("Correct the results").click()
    row.get_by_label("Multiple-choice score (percent)").fill("86")
    row.get_by_label("Why is the record corrected?").fill("68 was typed for 86.")
    press(row, "Correct the sitting", check=True)
    expect(coord.get_by_text("Exam sitting corrected; the correction is in the history.")).to_be_visible()
    expect(coord.locator(f"#sitting-{sitting.pk}")).to_contain_text("86%")
    expect(coord.locator("#requirement-exam")).to_contain_text(re.compile("passed|met", re.IGNORECASE))
    expect(coord.get_by_text(re.compile("corrected: multiple-choice 68.00%: failed"))).to_be_visible()
