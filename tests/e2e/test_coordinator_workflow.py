"""The coordinator's workflow in a real browser, with the reviewers and the applicant beside them.

An IFA application: the coordinator takes it into review, vets the rater who is not endorsed,
assigns two reviewers who review blind, requests a change, and sees the applicant's
resubmission. An IMHS application: the portfolio is accepted, the exam results recorded, and
the coordinator approves with an email they edited. Each person has a browser context of their
own. The reviewer list, the review page, the coordinator's queue, the work page and the decide
page are checked with axe-core (no serious or critical violation).
"""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application
from reviews.models import Decision, ExamSitting, RaterVetting, Review, ReviewerAssignment
from tests.endorsement.staff_factories import give_totp
from tests.reviews.factories import (
    complete_ifa,
    complete_imhs,
    in_review,
    make_coordinator,
    make_reviewer,
    reviewed,
    submitted,
)
from tests.reviews.test_work_views import rate

from .browsing import assert_accessible, press, visit

pytestmark = pytest.mark.django_db(transaction=True)
S = Application.Status


def staff(maker, **kwargs):
    user = maker(**kwargs)
    give_totp(user)
    return user


def status_of(application):
    return Application.objects.get(pk=application.pk).status


def review_everything(page, *, recommendation, summary, unclear=None):
    """Fill in the review form: every point met (or `unclear` with a note), a recommendation."""
    for radio in page.locator("input[type=radio][value=met]").all():
        radio.check()
    if unclear:
        key, note = unclear
        page.locator(f"input[name=req_{key}][value=unclear]").check()
        page.locator(f"#review-req_{key}_note").fill(note)
    page.get_by_label(recommendation, exact=True).check()
    page.get_by_label("Summary for the coordinator").fill(summary)


def test_coordinator_vets_assigns_two_blind_reviewers_and_requests_a_change_the_applicant_makes(
    open_as, guidelines
):
    mail.outbox.clear()
    coordinator = staff(make_coordinator, legal_name="Casey Coordinator")
    robin = staff(make_reviewer, legal_name="Robin Reviewer")
    quinn = staff(make_reviewer, legal_name="Quinn Reviewer")
    application = complete_ifa(endorsed_rater=False)
    rate(application)
    submitted(application)
    supervisor = application.references.get(role="current_supervisor")
    work_path = f"/coordinator/applications/{application.pk}/"

    # --- the coordinator finds the application in the queue and takes it into review ---------
    coord = open_as(coordinator)
    visit(coord, "/coordinator/")
    with coord.expect_navigation():
        coord.get_by_role("link", name="Alex Applicant").click()
    expect(coord).to_have_url(re.compile(rf"{work_path}$"))
    assert_accessible(coord)
    press(coord, "Start the review")
    expect(coord.get_by_text("The application is now in review.")).to_be_visible()
    assert status_of(application) == S.IN_REVIEW

    # --- the supervisor is not endorsed: the coordinator calls and vets them ------------------
    expect(coord.locator("#verdict-heading")).to_contain_text("items that need your judgment")
    cell = coord.locator(f"#vet-{supervisor.pk}")
    expect(cell).to_contain_text("Not vetted")
    cell.get_by_text("Record the vetting call").click()
    cell.get_by_label("Accepted", exact=True).check()
    cell.get_by_label("Note").fill("Called on the phone: supervised Alex weekly for two years.")
    press(cell, "Record the vetting")
    expect(coord.get_by_text("Vetting of Rater current_supervisor recorded: accepted.")).to_be_visible()
    expect(coord.locator("#verdict-heading")).to_contain_text("every requirement is met")
    assert RaterVetting.objects.get(reference=supervisor).accepted is True

    # --- two reviewers are assigned -----------------------------------------------------------
    for reviewer in (robin, quinn):
        coord.locator("select[name=reviewer]").select_option(str(reviewer.pk))
        press(coord, "Assign")
        name = reviewer.profile.display_name
        expect(coord.get_by_text(f"{name} is assigned and will be emailed.")).to_be_visible()
    robin_assignment = ReviewerAssignment.objects.get(application=application, reviewer=robin)
    quinn_assignment = ReviewerAssignment.objects.get(application=application, reviewer=quinn)
    assert any(robin.email in message.to for message in mail.outbox)

    # --- Robin reviews first; Quinn's review stays hidden from Robin until Quinn submits ------
    robin_page = open_as(robin)
    visit(robin_page, "/")
    with robin_page.expect_navigation():
        robin_page.get_by_role("link", name="Your reviews").click()
    assert_accessible(robin_page)
    expect(robin_page.get_by_role("heading", name="Waiting for your review (1)")).to_be_visible()
    with robin_page.expect_navigation():
        robin_page.get_by_role("link", name="Alex Applicant").click()
    expect(robin_page).to_have_url(re.compile(rf"/reviewer/{robin_assignment.pk}/$"))
    assert_accessible(robin_page)
    expect(robin_page.get_by_role("heading", name="Ratings side by side")).to_be_visible()

    # Submitting with the summary left empty keeps every answer and says what is missing.
    review_everything(robin_page, recommendation="Approve", summary="")
    press(robin_page, "Submit the review", check=True)
    summary = robin_page.get_by_label("Summary for the coordinator")
    expect(summary).to_have_attribute("aria-invalid", "true")
    expect(robin_page.locator("#review-summary_error")).to_contain_text("Write a short summary")
    expect(robin_page.locator("input[name=req_education][value=met]")).to_be_checked()
    assert not Review.objects.exists()
    summary.fill("Robin: a solid IFA portfolio, warmly rated.")
    press(robin_page, "Submit the review", check=True)
    expect(robin_page.get_by_text("Your review is submitted. Thank you.")).to_be_visible()
    expect(robin_page.get_by_text("The other review stays hidden until every reviewer")).to_be_visible()

    quinn_page = open_as(quinn)
    visit(quinn_page, f"/reviewer/{quinn_assignment.pk}/")
    expect(quinn_page.get_by_text("Robin: a solid IFA portfolio")).to_have_count(0)
    review_everything(
        quinn_page,
        recommendation="Request changes",
        summary="Quinn: the training log needs the certificate of the last course.",
        unclear=("training", "The last course has no certificate."),
    )
    press(quinn_page, "Submit the review", check=True)
    expect(quinn_page.get_by_text("Every reviewer has submitted")).to_be_visible()
    table = quinn_page.locator("#your-review table.work-side-by-side")
    expect(table).to_contain_text("Robin: a solid IFA portfolio")
    expect(table.locator("tr", has_text="Specialized training")).to_contain_text("disagree")

    robin_page.reload()
    expect(robin_page.get_by_text("Quinn: the training log needs")).to_be_visible()

    # --- the coordinator compares the reviews and requests a change ---------------------------
    visit(coord, work_path)
    expect(coord.locator("#reviewers")).to_contain_text("The reviewers recommend different outcomes.")
    coord.locator("#changes-section").select_option("training")
    coord.locator("#changes-message").fill("Add the hours of the attachment course you took in March.")
    press(coord, "Send back with this request")
    expect(coord.get_by_text("Changes requested; the applicant will be emailed.")).to_be_visible()
    assert status_of(application) == S.CHANGES_REQUESTED
    notices = [m for m in mail.outbox if application.applicant.email in m.to]
    assert any("attachment course you took in March" in m.body for m in notices)

    # --- the applicant adds the training and resubmits ----------------------------------------
    applicant = open_as(application.applicant)
    visit(applicant, f"/applications/{application.pk}/training/", check=False)
    applicant.get_by_text("Add training", exact=True).click()  # the form folds away once there are entries
    applicant.get_by_label("Training title").fill("Attachment in the first year")
    applicant.locator("#id_training-provider").fill("ORIMHA")
    applicant.get_by_label("Date (or last day)").fill(
        (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    )
    applicant.locator("#id_training-hours").fill("6")
    press(applicant, "Save training")
    expect(applicant.get_by_text("Training added.")).to_be_visible()
    visit(applicant, f"/applications/{application.pk}/review/", check=False)
    press(applicant, "Submit the application")
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Your application is submitted")
    assert status_of(application) == S.SUBMITTED

    # --- back in review, the coordinator resolves the change request against the resubmission -
    visit(coord, work_path)
    press(coord, "Start the review")
    expect(coord.locator("#history")).to_contain_text("1 change request to check against the resubmission")
    requests = coord.locator("#change-requests")
    expect(requests).to_contain_text("Changed in this section since the last submission: 1 added")
    requests.get_by_role("button", name="Resolved", exact=True).click()
    expect(coord.locator("#change-requests")).to_contain_text("by Casey Coordinator")
    expect(coord.locator("#history")).to_contain_text("Change request resolved (training)")
    assert status_of(application) == S.IN_REVIEW


def test_imhs_goes_through_the_exam_and_is_approved_with_the_coordinators_edited_email(open_as, guidelines):
    mail.outbox.clear()
    coordinator = staff(make_coordinator, legal_name="Casey Coordinator")
    application = complete_imhs()
    rate(application)
    reviewed(in_review(application, coordinator), coordinator)
    work_path = f"/coordinator/applications/{application.pk}/"

    coord = open_as(coordinator)
    visit(coord, work_path)
    press(coord, "Accept the portfolio and send to the exam")
    expect(coord.get_by_text("Portfolio accepted; the application now waits for the exam.")).to_be_visible()
    assert status_of(application) == S.EXAM_PENDING

    coord.locator("#exam-sat_on").fill(datetime.date.today().isoformat())
    coord.locator("#exam-multiple_choice_score").fill("86")
    coord.locator("#exam-essay_track").select_option("clinical")
    coord.locator("#exam-essay_score_1").select_option("passed")
    coord.locator("#exam-essay_score_2").select_option("passed")
    press(coord, "Record the sitting")
    expect(coord.get_by_text("Exam sitting recorded.")).to_be_visible()
    sitting = ExamSitting.objects.get(application=application)
    assert (sitting.multiple_choice_result, sitting.essay_result) == ("passed", "passed")
    press(coord, "Exam done: return to review", check=True)
    expect(coord.get_by_text("Exam results are in; the application is back in review.")).to_be_visible()
    expect(coord.locator("#verdict-heading")).to_contain_text("every requirement is met")
    assert status_of(application) == S.IN_REVIEW

    # The decision: the drafted email, edited before it is sent.
    coord.locator("input[name=outcome][value=approved]").check()
    press(coord, "Preview the decision email", check=True)
    expect(coord.get_by_role("heading", level=1)).to_contain_text("Decide on")
    body = coord.get_by_role("textbox", name="Email to the applicant")
    drafted = body.input_value()
    assert drafted.strip()
    edited = drafted + "\nA personal word from Casey: your clinical essay was a pleasure to read.\n"
    body.fill(edited)
    press(coord, "Record the decision and send the email", check=True)
    expect(coord.get_by_text("Decision recorded: Approved.")).to_be_visible()

    assert status_of(application) == S.APPROVED
    decision = Decision.objects.get(application=application)
    assert decision.outcome == Decision.Outcome.APPROVED
    (sent,) = [
        m for m in mail.outbox if application.applicant.email in m.to and m.subject == decision.email_subject
    ]
    assert "A personal word from Casey: your clinical essay was a pleasure to read." in sent.body
    assert sent.body.replace("\r\n", "\n").strip() == edited.replace("\r\n", "\n").strip()
