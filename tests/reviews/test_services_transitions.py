import datetime
from decimal import Decimal

import pytest

from applications.models import Application, ApplicationEvent
from applications.services.lifecycle import submit_application
from competencies.models import Association
from reviews import services
from reviews.models import (
    OPEN_REVIEWS,
    ChangeRequest,
    Comment,
    Decision,
    Fee,
    FeeSchedule,
    ReviewerAssignment,
    ReviewItem,
)
from reviews.services import ReviewError

from .factories import (
    TODAY,
    complete_ifa,
    complete_imhs,
    in_review,
    make_advisor,
    make_reviewer,
    reviewed,
    submitted,
)

pytestmark = pytest.mark.django_db
S = Application.Status


def set_status(application, status):
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def last_event(application):
    return ApplicationEvent.objects.filter(application=application).last()


def decide(application, by, outcome="denied", reasons="Not enough infant-related work."):
    """Decide once the reviews the association requires are in (for an application in review)."""
    if Application.objects.filter(pk=application.pk, status=S.IN_REVIEW).exists():
        reviewed(application, by)
    return services.decide(
        application,
        outcome=outcome,
        reasons=reasons,
        email_subject="About your application",
        email_body="Dear Alex,\n\nAs written by the coordinator.\n",
        by=by,
    )


# --- start_review --------------------------------------------------------------------------


def test_start_review_moves_submitted_to_in_review_on_record(guidelines, coordinator):
    application = submitted(complete_ifa())
    services.start_review(application, by=coordinator)
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    event = last_event(application)
    assert (event.actor, event.from_status, event.to_status) == (coordinator, S.SUBMITTED, S.IN_REVIEW)


@pytest.mark.parametrize("status", [s for s in S.values if s != S.SUBMITTED])
def test_start_review_refuses_every_other_state(guidelines, coordinator, status):
    application = set_status(complete_ifa(), status)
    with pytest.raises(ReviewError, match="Only a submitted application"):
        services.start_review(application, by=coordinator)
    assert not ApplicationEvent.objects.filter(application=application, actor=coordinator).exists()


def test_start_review_leaves_the_change_requests_for_the_coordinator_to_settle(
    guidelines, coordinator, django_capture_on_commit_callbacks
):
    application = in_review(complete_ifa(), coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(
            application, requests=[("training", "Add the missing certificate.")], by=coordinator
        )
    request = ChangeRequest.objects.get(application=application)
    assert request.is_open()
    submit_application(application, by=application.applicant)
    services.start_review(application, by=coordinator)
    assert ChangeRequest.objects.get(pk=request.pk).is_open()
    assert "1 change request to check against the resubmission" in last_event(application).note
    services.settle_change_request(request, resolved=True, by=coordinator)
    settled = ChangeRequest.objects.get(pk=request.pk)
    assert (settled.is_open(), settled.resolved_by) == (False, coordinator)
    assert last_event(application).note == "Change request resolved (training)"


# --- reviewers and advisors ------------------------------------------------------------------


def test_assign_reviewer_records_and_emails_on_commit(
    guidelines, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    application = in_review(complete_ifa(), coordinator)
    reviewer = make_reviewer()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assignment = services.assign_reviewer(application, reviewer, by=coordinator)
    # The email, and the end of the open-review counts kept (reviews.models.OPEN_REVIEWS).
    assert len(callbacks) == 2
    assert OPEN_REVIEWS.renew in callbacks
    assert assignment.status == ReviewerAssignment.Status.ASSIGNED
    assert [m.to for m in mailoutbox] == [[reviewer.email]]
    assert "Please review an Endorsement application: " in mailoutbox[0].subject
    assert mailoutbox[0].subject.endswith("(IFA)")
    event = last_event(application)
    assert (event.from_status, event.to_status, event.note) == (
        S.IN_REVIEW,
        S.IN_REVIEW,
        "Reviewer assigned: Robin Reviewer",
    )
    assignment.refresh_from_db()
    assert assignment.notified_at is not None


def test_assignment_email_task_is_idempotent(guidelines, coordinator, mailoutbox):
    from reviews.tasks import send_reviewer_assignment

    application = in_review(complete_ifa(), coordinator)
    assignment = services.assign_reviewer(application, make_reviewer(), by=coordinator)
    send_reviewer_assignment(assignment_id=assignment.pk)
    send_reviewer_assignment(assignment_id=assignment.pk)
    send_reviewer_assignment(assignment_id=0)
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("status", [s for s in S.values if s != S.IN_REVIEW])
def test_assign_reviewer_refuses_outside_review(guidelines, coordinator, status):
    application = set_status(complete_ifa(), status)
    with pytest.raises(ReviewError, match="in review"):
        services.assign_reviewer(application, make_reviewer(), by=coordinator)


def test_assign_reviewer_refuses_non_reviewer_applicant_and_twice(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    with pytest.raises(ReviewError, match="not an application reviewer"):
        services.assign_reviewer(application, make_advisor(), by=coordinator)
    reviewer = make_reviewer()
    services.assign_reviewer(application, reviewer, by=coordinator)
    with pytest.raises(ReviewError, match="already assigned"):
        services.assign_reviewer(application, reviewer, by=coordinator)
    from django.contrib.auth.models import Group

    from endorsement import roles
    from tests.endorsement.staff_factories import join

    application.applicant.groups.add(Group.objects.get(name=roles.REVIEWERS))
    join(application.applicant, roles.REVIEWER)  # a reviewer of the association, yet the applicant
    with pytest.raises(ReviewError, match="own application"):
        services.assign_reviewer(application, application.applicant, by=coordinator)


def test_suggested_reviewers_without_endorsements_lists_all_with_a_warning(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    first, second = make_reviewer(), make_reviewer(legal_name="Riley Reviewer")
    services.assign_reviewer(application, first, by=coordinator)
    suggestions = services.suggested_reviewers(application)
    assert [s.reviewer for s in suggestions] == [second]
    assert suggestions[0].suitable is None
    assert "check that Riley Reviewer is endorsed as IFA or higher" in suggestions[0].warning


def test_a_reviewer_s_open_reviews_count_follows_every_assignment(guidelines, coordinator):
    reviewer, other = make_reviewer(), make_reviewer(legal_name="Riley Reviewer")
    first, second, third = (in_review(complete_ifa(), coordinator) for _ in range(3))

    def load(application):
        return {
            s.reviewer: s.open_reviews for s in services.suggested_reviewers(application, endorsements={})
        }

    assert load(third) == {reviewer: 0, other: 0}
    services.assign_reviewer(first, reviewer, by=coordinator)
    services.assign_reviewer(second, reviewer, by=coordinator)
    assert load(third) == {reviewer: 2, other: 0}
    # The least loaded first.
    assert [s.reviewer for s in services.suggested_reviewers(third, endorsements={})] == [other, reviewer]

    ReviewerAssignment.objects.filter(application=first).update(status=ReviewerAssignment.Status.RECUSED)
    assert load(third) == {reviewer: 1, other: 0}
    ReviewerAssignment.objects.filter(application=second).delete()
    assert load(third) == {reviewer: 0, other: 0}


def test_suggested_reviewers_with_endorsements_puts_same_or_higher_first(guidelines, coordinator):
    application = in_review(complete_imhs(), coordinator)
    lower, higher, same = make_reviewer(), make_reviewer(), make_reviewer()
    endorsements = {lower.pk: ["IFS"], higher.pk: ["IMHM-C"], same.pk: ["IMHS"]}
    suggestions = services.suggested_reviewers(application, endorsements=endorsements)
    assert [(s.reviewer, s.suitable) for s in suggestions] == [(higher, True), (same, True), (lower, False)]
    assert "not endorsed as IMHS or in a higher category" in suggestions[2].warning
    assert suggestions[0].warning == ""


def test_an_early_childhood_endorsement_counts_at_its_level_from_the_guidelines(guidelines, coordinator):
    application = in_review(complete_imhs(), coordinator)
    early_childhood_specialist, early_childhood_associate = make_reviewer(), make_reviewer()
    endorsements = {early_childhood_specialist.pk: ["ECMHS"], early_childhood_associate.pk: ["ECFA"]}
    suggestions = services.suggested_reviewers(application, endorsements=endorsements)
    assert [(s.reviewer, s.suitable) for s in suggestions] == [
        (early_childhood_specialist, True),
        (early_childhood_associate, False),
    ]


def test_recuse_reviewer_steps_back_and_cannot_be_reassigned(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    reviewer = make_reviewer()
    assignment = services.assign_reviewer(application, reviewer, by=coordinator)
    with pytest.raises(ReviewError, match="conflict of interest"):
        services.recuse_reviewer(assignment, by=reviewer, note="  ")
    services.recuse_reviewer(assignment, by=reviewer, note="I supervised the applicant.")
    assignment.refresh_from_db()
    assert (assignment.status, assignment.conflict_note) == ("recused", "I supervised the applicant.")
    assert "stepped back: I supervised the applicant." in last_event(application).note
    with pytest.raises(ReviewError, match="already stepped back"):
        services.recuse_reviewer(assignment, by=reviewer, note="again")
    with pytest.raises(ReviewError, match="stepped back from this application"):
        services.assign_reviewer(application, reviewer, by=coordinator)


def test_submit_review_records_items_and_refuses_a_second_time(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    reviewer = make_reviewer()
    assignment = services.assign_reviewer(application, reviewer, by=coordinator)
    domain = application.category.competency_holder.domains.first()
    items = [
        {"requirement": "training", "verdict": "met", "note": "Well documented."},
        {"domain": domain, "verdict": "unclear"},
    ]
    review = services.submit_review(
        assignment, recommendation="approve", summary="A strong portfolio.", items=items, by=reviewer
    )
    assert [(i.requirement, i.domain, i.verdict) for i in review.items.all()] == [
        ("training", None, "met"),
        ("", domain, "unclear"),
    ]
    assignment.refresh_from_db()
    assert assignment.status == "submitted"
    assert last_event(application).note == "Review submitted: recommends approve"
    with pytest.raises(ReviewError, match="already submitted"):
        services.submit_review(assignment, recommendation="deny", summary="x", items=[], by=reviewer)
    with pytest.raises(ReviewError, match="cannot be withdrawn"):
        services.recuse_reviewer(assignment, by=reviewer, note="late conflict")


def test_submit_review_refuses_bad_input_outsiders_and_other_states(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    reviewer = make_reviewer()
    assignment = services.assign_reviewer(application, reviewer, by=coordinator)
    ok = {"recommendation": "approve", "summary": "Fine."}
    with pytest.raises(ReviewError, match="Only the assigned reviewer"):
        services.submit_review(assignment, items=[], by=make_reviewer(), **ok)
    with pytest.raises(ReviewError, match="Unknown requirement"):
        services.submit_review(
            assignment, items=[{"requirement": "charm", "verdict": "met"}], by=reviewer, **ok
        )
    with pytest.raises(ReviewError, match="one requirement or one competency domain"):
        services.submit_review(assignment, items=[{"verdict": "met"}], by=reviewer, **ok)
    with pytest.raises(ReviewError, match="verdict"):
        services.submit_review(
            assignment, items=[{"requirement": "training", "verdict": "ok"}], by=reviewer, **ok
        )
    with pytest.raises(ReviewError, match="Recommend"):
        services.submit_review(assignment, recommendation="maybe", summary="x", items=[], by=reviewer)
    other_domain = complete_imhs().category.competency_holder.domains.first()
    with pytest.raises(ReviewError, match="not one of this category"):
        services.submit_review(
            assignment, items=[{"domain": other_domain.pk, "verdict": "met"}], by=reviewer, **ok
        )
    set_status(application, S.EXAM_PENDING)
    with pytest.raises(ReviewError, match="while the application is in review"):
        services.submit_review(assignment, items=[], by=reviewer, **ok)
    assert not ReviewItem.objects.exists()


def test_assign_advisor_in_draft_and_refuses_non_advisors(guidelines, coordinator):
    from tests.applications.factories import make_application

    application = make_application()
    advisor = make_advisor()
    services.assign_advisor(application, advisor, by=coordinator)
    assert last_event(application).note == "Advisor assigned: Ada Advisor"
    with pytest.raises(ReviewError, match="already advises"):
        services.assign_advisor(application, advisor, by=coordinator)
    with pytest.raises(ReviewError, match="not an endorsement advisor"):
        services.assign_advisor(application, make_reviewer(), by=coordinator)
    set_status(application, S.APPROVED)
    with pytest.raises(ReviewError, match="open application"):
        services.assign_advisor(application, make_advisor(), by=coordinator)


# --- vetting and item judgments --------------------------------------------------------------


@pytest.mark.parametrize("status", [S.DRAFT, S.APPROVED, S.DENIED, S.WITHDRAWN])
def test_vet_rater_and_judge_item_refuse_unsubmitted_or_closed(guidelines, coordinator, status):
    application = set_status(complete_imhs(internship=True), status)
    reference = application.references.first()
    with pytest.raises(ReviewError, match="submitted application"):
        services.vet_rater(reference, accepted=True, called_on=TODAY, note="", by=coordinator)
    internship = application.workperiod_entries.get(internship=True)
    with pytest.raises(ReviewError, match="submitted application"):
        services.judge_item(
            application, "internship", internship.pk, accepted=True, note="ok", by=coordinator
        )


def test_vet_rater_records_and_a_second_call_replaces_the_first(guidelines, coordinator):
    application = in_review(complete_ifa(endorsed_rater=False), coordinator)
    reference = application.references.get(role="current_supervisor")
    services.vet_rater(reference, accepted=False, called_on=TODAY, note="No answer.", by=coordinator)
    services.vet_rater(
        reference, accepted=True, called_on=TODAY, note="Knows the guidelines.", by=coordinator
    )
    reference.vetting.refresh_from_db()
    assert (reference.vetting.accepted, reference.vetting.note) == (True, "Knows the guidelines.")
    assert last_event(application).note.startswith("Rater Rater current_supervisor vetted")
    with pytest.raises(ReviewError, match="future"):
        services.vet_rater(
            reference, accepted=True, called_on=TODAY + datetime.timedelta(days=1), note="", by=coordinator
        )


def test_judge_item_checks_the_item_belongs_and_its_kind(guidelines, coordinator):
    application = in_review(complete_imhs(internship=True), coordinator)
    internship = application.workperiod_entries.get(internship=True)
    job = application.workperiod_entries.get(internship=False)
    with pytest.raises(ReviewError, match="is an internship"):
        services.judge_item(application, "work", internship.pk, accepted=True, note="ok", by=coordinator)
    with pytest.raises(ReviewError, match="not an internship"):
        services.judge_item(application, "internship", job.pk, accepted=True, note="ok", by=coordinator)
    with pytest.raises(ReviewError, match="no such entry"):
        services.judge_item(application, "rsc", job.pk + 10_000, accepted=True, note="ok", by=coordinator)
    with pytest.raises(ReviewError, match="Say why"):
        services.judge_item(application, "internship", internship.pk, accepted=True, note="", by=coordinator)
    other = complete_imhs(internship=True).workperiod_entries.get(internship=True)
    with pytest.raises(ReviewError, match="no such entry"):
        services.judge_item(application, "internship", other.pk, accepted=True, note="ok", by=coordinator)
    judgment = services.judge_item(
        application, "internship", internship.pk, accepted=True, note="Supervisor is IMHM-C.", by=coordinator
    )
    assert judgment.accepted
    assert "accepted: Supervisor is IMHM-C." in last_event(application).note


# --- request_changes -------------------------------------------------------------------------


def test_request_changes_returns_the_application_and_emails_the_applicant(
    guidelines, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    application = in_review(complete_ifa(), coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(
            application,
            requests=[
                ("training", "Upload the certificate of the March workshop."),
                ("", "Sign again, please."),
            ],
            by=coordinator,
        )
    application.refresh_from_db()
    assert application.status == S.CHANGES_REQUESTED
    event = last_event(application)
    assert (event.actor, event.from_status, event.to_status) == (
        coordinator,
        S.IN_REVIEW,
        S.CHANGES_REQUESTED,
    )
    assert event.note == "Changes requested: training, application"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [application.applicant.email]
    assert message.subject == "Changes are needed in your IFA Endorsement application"
    assert "- Training: Upload the certificate of the March workshop." in message.body
    assert "- Your application: Sign again, please." in message.body
    assert application.get_absolute_url() in message.body
    assert ChangeRequest.objects.filter(application=application, emailed_at__isnull=True).count() == 0


def test_no_email_when_the_transaction_rolls_back(
    guidelines, coordinator, django_capture_on_commit_callbacks
):
    application = in_review(complete_ifa(), coordinator)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ReviewError):
        services.request_changes(application, requests=[("training", "ok"), ("hobbies", "x")], by=coordinator)
    assert callbacks == []
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize("status", [s for s in S.values if s != S.IN_REVIEW])
def test_request_changes_refuses_outside_review(guidelines, coordinator, status):
    application = set_status(complete_ifa(), status)
    with pytest.raises(ReviewError, match="while the application is in review"):
        services.request_changes(application, requests=[("", "More, please.")], by=coordinator)


def test_request_changes_needs_a_message(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    with pytest.raises(ReviewError, match="Say what needs to change"):
        services.request_changes(application, requests=[], by=coordinator)
    with pytest.raises(ReviewError, match="Say what needs to change"):
        services.request_changes(application, requests=[("training", "  ")], by=coordinator)


# --- exam transitions ------------------------------------------------------------------------


def test_send_to_exam_and_back(guidelines, coordinator):
    application = reviewed(in_review(complete_imhs(), coordinator), coordinator)
    services.send_to_exam(application, by=coordinator)
    application.refresh_from_db()
    assert application.status == S.EXAM_PENDING
    assert (last_event(application).from_status, last_event(application).to_status) == (
        S.IN_REVIEW,
        S.EXAM_PENDING,
    )
    with pytest.raises(ReviewError, match="every part of the exam"):
        services.return_from_exam(application, by=coordinator)
    services.record_exam(application, sat_on=TODAY, multiple_choice_score=85, by=coordinator)
    with pytest.raises(ReviewError, match="every part of the exam"):
        services.return_from_exam(application, by=coordinator)
    services.record_exam(
        application,
        sat_on=TODAY,
        essay_track="clinical",
        essay_score_1="passed",
        essay_score_2="failed",
        by=coordinator,
    )
    services.return_from_exam(application, by=coordinator)
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    event = last_event(application)
    assert (event.from_status, event.to_status) == (S.EXAM_PENDING, S.IN_REVIEW)
    assert event.note == "Exam results recorded (multiple-choice passed, essay failed)"


def test_send_to_exam_refuses_categories_without_exam(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    with pytest.raises(ReviewError, match="IFA has no written examination"):
        services.send_to_exam(application, by=coordinator)


def test_send_to_exam_needs_the_portfolio_accepted(guidelines, coordinator):
    application = reviewed(in_review(complete_imhs(internship=True), coordinator), coordinator)
    with pytest.raises(ReviewError, match="not accepted yet: Work experience"):
        services.send_to_exam(application, by=coordinator)


@pytest.mark.parametrize("status", [s for s in S.values if s != S.IN_REVIEW])
def test_send_to_exam_refuses_outside_review(guidelines, coordinator, status):
    application = set_status(complete_imhs(), status)
    with pytest.raises(ReviewError, match="Only an application in review"):
        services.send_to_exam(application, by=coordinator)


@pytest.mark.parametrize("status", [s for s in S.values if s != S.EXAM_PENDING])
def test_return_from_exam_refuses_outside_exam_pending(guidelines, coordinator, status):
    application = set_status(complete_imhs(), status)
    with pytest.raises(ReviewError, match="waiting for the exam"):
        services.return_from_exam(application, by=coordinator)


# --- decide ----------------------------------------------------------------------------------


def test_approve_records_decision_and_sends_the_email_as_written(
    guidelines, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    application = reviewed(in_review(complete_ifa(), coordinator), coordinator)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide(
            application,
            outcome="approved",
            reasons="",
            email_subject="  Welcome,   endorsed colleague ",
            email_body="Dear Alex,\n\nEdited by hand: <congratulations> & welcome.\n",
            by=coordinator,
        )
    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert application.decided_at == decision.decided_at
    event = last_event(application)
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        coordinator,
        S.IN_REVIEW,
        S.APPROVED,
        "Approved",
    )
    # The decision email comes first; the certificate follows once it is rendered.
    assert (mailoutbox[0].to, mailoutbox[0].subject, mailoutbox[0].body) == (
        [application.applicant.email],
        "Welcome, endorsed colleague",
        "Dear Alex,\n\nEdited by hand: <congratulations> & welcome.\n",
    )
    assert [m.subject for m in mailoutbox[1:]] == ["Your IFA endorsement certificate is ready"]
    decision.refresh_from_db()
    assert decision.emailed_at is not None


def test_decision_email_task_is_idempotent(guidelines, coordinator, mailoutbox):
    from reviews.tasks import send_decision

    application = in_review(complete_ifa(), coordinator)
    mailoutbox.clear()
    decision = decide(application, coordinator)
    send_decision(decision_id=decision.pk)
    send_decision(decision_id=decision.pk)
    assert len(mailoutbox) == 1


def test_approve_refuses_while_a_requirement_needs_review(guidelines, coordinator):
    application = in_review(complete_ifa(endorsed_rater=False), coordinator)
    with pytest.raises(ReviewError, match="Not every requirement is met: Professional reference ratings"):
        decide(application, coordinator, outcome="approved", reasons="")
    assert not Decision.objects.exists()


def test_deny_needs_reasons(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    with pytest.raises(ReviewError, match="reasons for the denial"):
        decide(application, coordinator, outcome="denied", reasons=" ")
    with pytest.raises(ReviewError, match="subject"):
        services.decide(
            application, outcome="denied", reasons="x", email_subject="", email_body="x", by=coordinator
        )
    decide(application, coordinator, outcome="denied", reasons="Too little training.")
    application.refresh_from_db()
    assert application.status == S.DENIED
    assert last_event(application).note == "Denied: Too little training."


def test_defer_requests_changes_with_guidance_and_sends_one_email(
    guidelines, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    application = in_review(complete_ifa(), coordinator)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(application, coordinator, outcome="deferred", reasons="Add a second year of work.")
    application.refresh_from_db()
    assert application.status == S.CHANGES_REQUESTED
    assert application.decided_at is None
    assert decision.outcome == "deferred"
    request = ChangeRequest.objects.get(application=application)
    assert (request.section, request.message) == ("", "Add a second year of work.")
    assert [m.subject for m in mailoutbox] == ["About your application"]
    event = last_event(application)
    assert (event.from_status, event.to_status) == (S.IN_REVIEW, S.CHANGES_REQUESTED)


@pytest.mark.parametrize("status", [s for s in S.values if s != S.IN_REVIEW])
def test_decide_refuses_outside_review(guidelines, coordinator, status):
    application = set_status(complete_ifa(), status)
    with pytest.raises(ReviewError, match="Only an application in review can be decided"):
        decide(application, coordinator)


def test_a_processing_fee_due_holds_the_decision(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    association = application.category.edition.association
    FeeSchedule.objects.create(
        association=association,
        category_code="IFA",
        registration_amount=Decimal("50"),
        processing_amount=Decimal("125"),
    )
    fee = services.record_fee(application, "processing", status="due", by=coordinator)
    assert fee.amount == Decimal("125")
    assert last_event(application).note == "Processing fee 125.00: due"
    with pytest.raises(ReviewError, match="processing fee is still due"):
        decide(application, coordinator)
    services.record_fee(application, "processing", status="waived", note="Hardship", by=coordinator)
    assert Fee.objects.get(application=application).status == "waived"
    decide(application, coordinator)
    application.refresh_from_db()
    assert application.status == S.DENIED


def test_record_fee_needs_a_schedule_or_an_amount(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    assert Association.objects.exists()
    with pytest.raises(ReviewError, match="No fee schedule for IFA"):
        services.record_fee(application, "registration", status="paid", by=coordinator)
    fee = services.record_fee(
        application, "registration", status="paid", amount=Decimal("40"), by=coordinator
    )
    assert (fee.kind, fee.amount, fee.status) == ("registration", Decimal("40"), "paid")


def test_draft_decision_email_includes_reasons_and_feedback(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    reviewer = make_reviewer()
    assignment = services.assign_reviewer(application, reviewer, by=coordinator)
    services.submit_review(
        assignment, recommendation="deny", summary="Training hours are thin.", items=[], by=reviewer
    )
    subject, body = services.draft_decision_email(
        application, "denied", reasons="Too little training.", include_feedback=True
    )
    assert subject == "Decision on your IFA Endorsement application"
    assert "Too little training." in body
    assert "- Training hours are thin." in body


# --- comments --------------------------------------------------------------------------------


def test_comment_notifies_the_others_in_the_thread(
    guidelines, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    application = complete_ifa()
    advisor = make_advisor()
    services.assign_advisor(application, advisor, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            application, author=advisor, body="How is the training log going?", section="training"
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == sorted([application.applicant.email, coordinator.email])
    assert "about the training section" in mailoutbox[0].body
    with pytest.raises(ReviewError, match="Write a comment"):
        services.add_comment(application, author=advisor, body=" ")
    assert Comment.objects.count() == 1


# --- decisions need the reviews ---------------------------------------------------------------


def test_approval_with_one_of_two_reviews_is_refused(guidelines, coordinator):
    """Issue 10: an application could be approved with one of two reviews, or examined with none."""
    application = in_review(complete_ifa(), coordinator)
    first = services.assign_reviewer(application, make_reviewer(), by=coordinator)
    services.assign_reviewer(application, make_reviewer(legal_name="Rene Reviewer"), by=coordinator)
    services.submit_review(first, recommendation="approve", summary="Fine.", items=[], by=first.reviewer)
    for outcome in ("approved", "denied"):
        with pytest.raises(ReviewError) as refused:
            services.decide(
                application,
                outcome=outcome,
                reasons="Reasons.",
                email_subject="Your application",
                email_body="Dear Alex",
                by=coordinator,
            )
        assert "needs 2 submitted reviews. 1 is still missing: wait for it" in str(refused.value)
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert not Decision.objects.exists()


def test_sending_to_the_exam_with_no_review_is_refused(guidelines, coordinator):
    application = in_review(complete_imhs(), coordinator)
    with pytest.raises(
        ReviewError, match="Sending to the exam needs 2 submitted reviews. 2 are still missing"
    ):
        services.send_to_exam(application, by=coordinator)


def test_a_reviewer_who_stepped_back_needs_a_replacement(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    reviewed(application, coordinator)
    gone = services.assign_reviewer(application, make_reviewer(), by=coordinator)
    services.recuse_reviewer(gone, by=gone.reviewer, note="My former supervisee.")
    # Two reviews are in; the third reviewer stepping back changes nothing.
    assert services.reviews_missing(application) == 0
    assert ReviewerAssignment.objects.filter(application=application, status="submitted").count() == 2


def test_deferring_needs_no_review(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    services.decide(
        application,
        outcome="deferred",
        reasons="Add the transcript.",
        email_subject="Your application",
        email_body="Dear Alex",
        by=coordinator,
    )
    application.refresh_from_db()
    assert application.status == S.CHANGES_REQUESTED


def test_an_open_assignment_is_closed_with_the_decision(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    reviewed(application, coordinator)
    late = services.assign_reviewer(application, make_reviewer(legal_name="Lee Late"), by=coordinator)
    decide(application, coordinator, outcome="approved", reasons="")
    late.refresh_from_db()
    assert late.status == ReviewerAssignment.Status.CLOSED
    assert ApplicationEvent.objects.filter(
        application=application, note="Review assignment closed with the decision: Lee Late"
    ).exists()


def test_an_association_that_requires_one_review_decides_after_one(guidelines, coordinator):
    application = in_review(complete_ifa(), coordinator)
    Association.objects.filter(pk=application.category.edition.association_id).update(reviews_required=1)
    application.refresh_from_db()
    assert services.reviews_missing(application) == 1
    first = services.assign_reviewer(application, make_reviewer(), by=coordinator)
    services.submit_review(first, recommendation="approve", summary="Fine.", items=[], by=first.reviewer)
    decision = services.decide(
        application, outcome="approved", reasons="", email_subject="S", email_body="B", by=coordinator
    )
    assert decision.outcome == "approved"
