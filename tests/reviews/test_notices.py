"""The notices of the review's milestones: the exam, its results, a reviewer stepping back, a
renewal approved. Each is queued on commit and read from Django's outbox."""

import datetime

import pytest
from django.core import mail
from django.utils.formats import date_format

from reviews import services
from tests.applications.factories import make_user
from tests.renewals.endorsee_factories import endorse

from .factories import TODAY, complete_imhs, in_review, make_coordinator, make_reviewer, reviewed

pytestmark = pytest.mark.django_db


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def result_notice(accepted, coordinator, capture_on_commit, multiple_choice_score):
    """The one notice the applicant is sent when the exam is recorded (both essays passed)."""
    services.send_to_exam(accepted, by=coordinator)
    mail.outbox.clear()
    with capture_on_commit(execute=True):
        services.record_exam(
            accepted,
            sat_on=TODAY,
            multiple_choice_score=multiple_choice_score,
            essay_track="clinical",
            essay_score_1="passed",
            essay_score_2="passed",
            by=coordinator,
        )
    [notice] = sent_to(accepted.applicant.email)
    return notice


@pytest.fixture
def accepted(guidelines, coordinator):
    return reviewed(in_review(complete_imhs(), coordinator), coordinator)


def test_going_to_the_exam_tells_the_applicant(accepted, coordinator, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_to_exam(accepted, by=coordinator)
    [notice] = sent_to(accepted.applicant.email)
    assert notice.subject == "Your IMHS portfolio is accepted: next, the written exam"
    assert "The last step is the written examination" in notice.body
    assert accepted.get_absolute_url() in notice.body


def test_a_failed_part_is_told_with_the_day_it_can_be_retaken(
    accepted, coordinator, django_capture_on_commit_callbacks
):
    notice = result_notice(accepted, coordinator, django_capture_on_commit_callbacks, "72")
    retake_on = TODAY + datetime.timedelta(days=365)
    assert notice.subject == "Your result in the IMHS written examination"
    assert f"- Multiple-choice: failed (it can be retaken from {date_format(retake_on)})" in notice.body
    assert "- Essay: passed" in notice.body


def test_passing_every_part_is_told(accepted, coordinator, django_capture_on_commit_callbacks):
    notice = result_notice(accepted, coordinator, django_capture_on_commit_callbacks, "91")
    assert notice.subject == "You passed the IMHS written examination"
    assert "You have passed every part of the examination." in notice.body
    assert "retaken" not in notice.body


def test_a_reviewer_stepping_back_tells_the_coordinators(
    guidelines, coordinator, django_capture_on_commit_callbacks
):
    application = in_review(complete_imhs(), coordinator)
    reviewer = make_reviewer(legal_name="Jo Smith")
    assignment = services.assign_reviewer(application, reviewer, by=coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.recuse_reviewer(assignment, by=reviewer, note="I supervised the applicant.")
    [notice] = sent_to(coordinator.email)
    assert notice.subject.startswith("A reviewer stepped back from ")
    assert "Jo Smith stepped back from reviewing" in notice.body
    assert "I supervised the applicant." in notice.body
    assert "needs 2 more submitted reviews" in notice.body
    assert sent_to(reviewer.email) == []


def test_an_approved_renewal_tells_the_endorsee(guidelines, django_capture_on_commit_callbacks):
    from renewals.services import renewal_periods as renewal_services

    holder = make_user(legal_name="Jordan Lee")
    endorsement = endorse(holder, name="Jordan Lee")
    period = endorsement.periods.get()
    renewal_services.save_details(
        period, by=holder, membership_association="ORIMHA", membership_expires=None, provides_rsc=False
    )
    renewal_services.attest_no_sanction(period, by=holder, signed_name=endorsement.holder_name)
    renewal_services.submit_renewal(period, by=holder)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        renewal_services.approve_renewal(period, by=make_coordinator(), note="Thank you for your hours.")
    endorsement.refresh_from_db()
    approved = [message for message in sent_to(holder.email) if "renewal is approved" in message.subject]
    assert [message.subject for message in approved] == ["Your IFA endorsement renewal is approved"]
    assert f"It now runs until {date_format(endorsement.renewal_due)}." in approved[0].body
    assert "The coordinator's note: Thank you for your hours." in approved[0].body
