"""The coordinator's work page and its actions: what it shows, who may see it, what each action does."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, ApplicationEvent, RatingAnswer, ReferenceRequest, WorkPeriod
from reviews import services
from reviews.models import (
    ChangeRequest,
    Comment,
    Decision,
    ExamSitting,
    Fee,
    FeeSchedule,
    ItemJudgment,
    RaterVetting,
    ReviewerAssignment,
)
from tests.applications.factories import add_training
from tests.applications.rater_factories import rating_data
from tests.endorsement.staff_factories import give_totp

from .factories import TODAY, complete_ifa, complete_imhs, in_review, make_reviewer, reviewed, submitted

pytestmark = pytest.mark.django_db
S = Application.Status


def work_url(application, name="work", *args):
    return reverse(f"reviews:{name}", args=[application.pk, *args])


def events(application):
    return ApplicationEvent.objects.filter(application=application).count()


def last_note(application):
    return ApplicationEvent.objects.filter(application=application).last().note


def rate(application, score=3):
    """A submitted rating for each reference (the factories mark the references submitted already)."""
    from applications.services import references

    for reference in application.references.all():
        rating = references._save(reference, rating_data(application, score=score))
        rating.submitted_at = reference.answered_at
        rating.save(update_fields=["submitted_at"])


def set_status(application, status):
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


# --- the page --------------------------------------------------------------------------------------


def test_work_page_shows_the_portfolio_verdict_ratings_and_history(guidelines, client, staff):
    application = submitted(complete_ifa(endorsed_rater=False))
    rate(application)
    response = client.get(work_url(application))
    assert response.status_code == 200
    text = response.text
    for heading in ("Education", "Specialized training", "References and vetting", "Ratings side by side"):
        assert heading in text
    assert "Community College" in text
    assert reverse("applications:document", args=[application.pk, application.documents.get().pk]) in text
    assert "30 clock hours in all" in text  # 20 entries of 1.5 hours
    # The references need vetting: the engine says so and the page highlights it.
    assert response.context["result"]["status"] == "needs_review"
    assert "Needs your judgment" in text
    assert "Not vetted" in text
    # Every submitted rating is a column of the side-by-side table.
    assert [ref.name for ref in response.context["ratings"]["raters"]] == [
        "Rater current_supervisor",
        "Rater colleague",
        "Rater parent",
    ]
    assert RatingAnswer.objects.filter(rating__reference__application=application).exists()
    assert "Comment on " in text
    # History: the submission is on record.
    assert "draft → submitted" in text
    assert response.context["can_start_review"] is True
    assert response.context["can_decide"] is False
    assert 'action="{}"'.format(work_url(application, "work_start_review")) in text
    assert work_url(application, "work_assign_reviewer") not in text


@pytest.mark.parametrize("who", ["applicant", "reviewer", "other_coordinator_is_applicant"])
def test_work_page_is_404_for_everyone_but_coordinators(guidelines, client, who):
    application = submitted(complete_ifa())
    if who == "applicant":
        user = application.applicant
    elif who == "reviewer":
        user = make_reviewer()
        give_totp(user)
        in_review(complete_ifa())  # a reviewer of some other application
        ReviewerAssignment.objects.create(application=application, reviewer=user)
    else:
        from django.contrib.auth.models import Group

        from endorsement import roles

        user = application.applicant
        user.groups.add(Group.objects.get_or_create(name=roles.COORDINATORS)[0])
        give_totp(user)
    client.force_login(user)
    assert client.get(work_url(application)).status_code == 404
    assert client.post(work_url(application, "work_start_review")).status_code == 404
    assert client.get(work_url(application, "decide")).status_code == 404
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_work_page_sends_anonymous_visitors_to_sign_in(guidelines, client):
    application = submitted(complete_ifa())
    response = client.get(work_url(application))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_actions_are_get_not_allowed(guidelines, client, staff):
    application = submitted(complete_ifa())
    assert client.get(work_url(application, "work_start_review")).status_code == 405
    assert Application.objects.get(pk=application.pk).status == S.SUBMITTED


def work_queries(client, training):
    application = complete_imhs(internship=True)
    add_training(application, training, hours="0.5")
    submitted(application)
    rate(application)
    client.get(work_url(application))  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(work_url(application))
    assert response.status_code == 200
    return len(captured), response


def test_work_page_query_count_does_not_grow_with_the_portfolio(guidelines, client, staff):
    small, _ = work_queries(client, 3)
    large, response = work_queries(client, 100)
    assert large == small
    assert len(response.context["entries"]["training"]) == 120
    # The entries, attestations, references, judgments and exam sittings are loaded once, for the
    # verdict and the page alike, and the relations that hold no rows yet (fees, decisions,
    # sittings …) are found by one probe instead of a query each; the reviewers and advisors the
    # page offers are read together.
    assert small <= 18


# --- transitions -------------------------------------------------------------------------------------


def test_start_review_moves_the_application_into_review(guidelines, client, staff):
    application = submitted(complete_ifa())
    response = client.post(work_url(application, "work_start_review"), follow=True)
    assert response.redirect_chain[-1][0] == work_url(application)
    assert "The application is now in review." in response.text
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    event = ApplicationEvent.objects.filter(application=application).last()
    assert (event.actor, event.from_status, event.to_status) == (staff, S.SUBMITTED, S.IN_REVIEW)


def test_start_review_in_the_wrong_state_shows_the_reason_and_changes_nothing(guidelines, client, staff):
    application = in_review(complete_ifa())
    before = events(application)
    response = client.post(work_url(application, "work_start_review"))
    assert response.status_code == 400
    assert "Only a submitted application can be taken into review. It is now in review." in response.text
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert events(application) == before


def test_vetting_a_rater_is_recorded_and_read_by_the_engine(guidelines, client, staff):
    application = submitted(complete_ifa(endorsed_rater=False))
    reference = application.references.get(role="current_supervisor")
    response = client.post(
        work_url(application, "work_vet_rater", reference.pk),
        {"accepted": "yes", "called_on": TODAY.isoformat(), "note": "Supervised her for two years."},
    )
    assert response.status_code == 302
    vetting = RaterVetting.objects.get(reference=reference)
    assert (vetting.accepted, vetting.called_on, vetting.vetted_by) == (True, TODAY, staff)
    assert "Rater current_supervisor vetted" in last_note(application)
    assert client.get(work_url(application)).context["result"]["status"] == "eligible"


def test_vetting_with_a_future_date_shows_the_error_at_the_date(guidelines, client, staff):
    application = submitted(complete_ifa(endorsed_rater=False))
    reference = application.references.get(role="current_supervisor")
    before = events(application)
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = client.post(
        work_url(application, "work_vet_rater", reference.pk),
        {"accepted": "no", "called_on": tomorrow.isoformat(), "note": ""},
    )
    assert response.status_code == 400
    form = next(ref.vet_form for ref in response.context["references"] if ref.pk == reference.pk)
    assert form.errors == {"called_on": ["The date cannot be in the future."]}
    assert not RaterVetting.objects.exists()
    assert events(application) == before


def test_judging_an_internship_is_recorded(guidelines, client, staff):
    application = submitted(complete_imhs(internship=True))
    internship = WorkPeriod.objects.get(application=application, internship=True)
    page = client.get(work_url(application))
    assert [item["item"].pk for item in page.context["judgeable"]] == [internship.pk]
    response = client.post(
        work_url(application, "work_judge_item", "internship", internship.pk),
        {"accepted": "yes", "note": "Supervised by an IMHM-C."},
    )
    assert response.status_code == 302
    judgment = ItemJudgment.objects.get(application=application)
    assert (judgment.kind, judgment.item_id, judgment.accepted) == ("internship", internship.pk, True)
    assert "Internship counted toward work experience “Graduate intern" in last_note(application)


def test_judging_an_item_with_the_wrong_kind_changes_nothing(guidelines, client, staff):
    application = submitted(complete_imhs(internship=True))
    internship = WorkPeriod.objects.get(application=application, internship=True)
    before = events(application)
    response = client.post(
        work_url(application, "work_judge_item", "work", internship.pk), {"accepted": "no", "note": "No."}
    )
    assert response.status_code == 400
    assert "is an internship; judge it as one." in response.text
    assert not ItemJudgment.objects.exists()
    assert events(application) == before


def test_assigning_a_reviewer_shows_the_suggestions_warning(guidelines, client, staff):
    application = in_review(complete_ifa())
    reviewer = make_reviewer(legal_name="Robin Reviewer")
    page = client.get(work_url(application))
    assert "Robin Reviewer (0 open reviews)" in page.text
    response = client.post(
        work_url(application, "work_assign_reviewer"), {"reviewer": reviewer.pk}, follow=True
    )
    assert ReviewerAssignment.objects.get(application=application).reviewer == reviewer
    assert "Robin Reviewer is assigned" in response.text
    assert "check that Robin Reviewer is endorsed as IFA or higher" in response.text
    assert last_note(application) == "Reviewer assigned: Robin Reviewer"


def test_the_reviewer_picker_says_a_doubt_shared_by_every_reviewer_once(guidelines, client, staff):
    application = in_review(complete_ifa())
    for number in range(13):
        make_reviewer(legal_name=f"Reviewer Number{number}")
    page = client.get(work_url(application)).text
    assert page.count("No endorsement records yet") == 1
    assert "check that the reviewer you choose is endorsed as IFA or higher" in page
    assert "check that Reviewer Number0 is endorsed" not in page


def test_the_reviewer_picker_names_only_those_a_doubt_concerns(guidelines, client, staff):
    from reviews.forms.work import AssignReviewerForm
    from reviews.services import ReviewerSuggestion

    endorsed, other = make_reviewer(legal_name="Eve Endorsed"), make_reviewer(legal_name="Otto Other")
    form = AssignReviewerForm(
        suggestions=[
            ReviewerSuggestion(endorsed, True, 0, "", "IFS"),
            ReviewerSuggestion(other, False, 0, "Otto Other is not endorsed as IFS.", "IFS"),
        ]
    )
    assert form.warnings() == ["Not endorsed as IFS or in a higher category: Otto Other."]


def test_assigning_a_reviewer_before_review_is_refused(guidelines, client, staff):
    application = submitted(complete_ifa())
    reviewer = make_reviewer()
    before = events(application)
    response = client.post(work_url(application, "work_assign_reviewer"), {"reviewer": reviewer.pk})
    assert response.status_code == 400
    assert "Reviewers can only be assigned to an application in review." in response.text
    assert not ReviewerAssignment.objects.exists()
    assert events(application) == before


def test_request_changes_sends_the_application_back(
    guidelines, client, staff, django_capture_on_commit_callbacks
):
    application = in_review(complete_ifa())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            work_url(application, "work_request_changes"),
            {"section": "training", "message": "Add the dates."},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.CHANGES_REQUESTED
    change = ChangeRequest.objects.get(application=application)
    assert (change.section, change.message) == ("training", "Add the dates.")
    assert last_note(application) == "Changes requested: training"


def test_request_changes_without_a_message_names_the_field(guidelines, client, staff):
    application = in_review(complete_ifa())
    response = client.post(work_url(application, "work_request_changes"), {"section": "", "message": " "})
    assert response.status_code == 400
    assert response.context["forms"]["changes"].errors == {"message": ["Say what needs to change."]}
    assert Application.objects.get(pk=application.pk).status == S.IN_REVIEW


def test_send_to_exam_record_and_return(guidelines, client, staff):
    application = reviewed(in_review(complete_imhs()))
    assert client.get(work_url(application)).context["can_send_to_exam"] is True
    client.post(work_url(application, "work_send_to_exam"))
    application.refresh_from_db()
    assert application.status == S.EXAM_PENDING
    page = client.get(work_url(application))
    assert (page.context["can_record_exam"], page.context["can_decide"]) == (True, False)

    response = client.post(
        work_url(application, "work_record_exam"),
        {
            "sat_on": TODAY.isoformat(),
            "accommodations": "",
            "multiple_choice_score": "85",
            "essay_track": "clinical",
            "essay_score_1": "passed",
            "essay_score_2": "passed",
        },
    )
    assert response.status_code == 302
    sitting = ExamSitting.objects.get(application=application)
    assert (sitting.multiple_choice_result, sitting.essay_result) == ("passed", "passed")
    assert last_note(application).startswith("Exam of ")

    client.post(work_url(application, "work_return_from_exam"))
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert ApplicationEvent.objects.filter(application=application).last().from_status == S.EXAM_PENDING


def test_send_to_exam_is_refused_for_a_category_without_an_exam(guidelines, client, staff):
    application = in_review(complete_ifa())
    assert client.get(work_url(application)).context["can_send_to_exam"] is False
    before = events(application)
    response = client.post(work_url(application, "work_send_to_exam"))
    assert response.status_code == 400
    assert "IFA has no written examination." in response.text
    assert Application.objects.get(pk=application.pk).status == S.IN_REVIEW
    assert events(application) == before


def test_recording_an_exam_with_one_essay_score_names_the_field(guidelines, client, staff):
    application = reviewed(in_review(complete_imhs()))
    services.send_to_exam(application, by=staff)
    response = client.post(
        work_url(application, "work_record_exam"),
        {"sat_on": TODAY.isoformat(), "essay_track": "policy", "essay_score_1": "passed"},
    )
    assert response.status_code == 400
    assert response.context["forms"]["record_exam"].errors == {
        "essay_score_1": ["Record the essay result of both blind scorers."]
    }
    assert not ExamSitting.objects.exists()


def test_fee_and_comment_are_recorded(guidelines, client, staff, django_capture_on_commit_callbacks):
    application = in_review(complete_ifa())
    response = client.post(
        work_url(application, "work_record_fee"),
        {"kind": "processing", "status": "paid", "amount": "75.00", "note": "Check 123"},
    )
    assert response.status_code == 302
    fee = Fee.objects.get(application=application)
    assert (fee.kind, fee.status, str(fee.amount)) == ("processing", "paid", "75.00")
    assert last_note(application) == "Processing fee 75.00: paid"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            work_url(application, "work_add_comment"), {"section": "", "body": "Looks good."}
        )
    assert response.status_code == 302
    assert Comment.objects.get(application=application).body == "Looks good."
    assert "Looks good." in client.get(work_url(application)).text


def test_rows_recorded_after_a_visit_show_on_the_next_one(guidelines, client, staff):
    # The page skips the relations that hold no rows; a fee or a comment added since shows at once.
    application = in_review(complete_ifa())
    page = client.get(work_url(application)).text
    assert "No fee recorded." in page
    client.post(
        work_url(application, "work_record_fee"),
        {"kind": "processing", "status": "paid", "amount": "75.00", "note": "Check 123"},
    )
    client.post(work_url(application, "work_add_comment"), {"section": "", "body": "Transcript looks fine."})
    page = client.get(work_url(application)).text
    assert "No fee recorded." not in page
    assert "(Check 123)" in page
    assert "Transcript looks fine." in page


def test_fee_without_a_schedule_or_amount_names_the_amount(guidelines, client, staff):
    application = in_review(complete_ifa())
    response = client.post(
        work_url(application, "work_record_fee"), {"kind": "registration", "status": "due"}
    )
    assert response.status_code == 400
    assert response.context["forms"]["fee"].errors == {
        "amount": ["No fee schedule for IFA; give the amount."]
    }
    assert not Fee.objects.exists()


def test_comment_on_a_withdrawn_application_is_refused(guidelines, client, staff):
    application = set_status(in_review(complete_ifa()), S.WITHDRAWN)
    assert client.get(work_url(application)).context["can_comment"] is False
    response = client.post(work_url(application, "work_add_comment"), {"body": "Hello"})
    assert response.status_code == 400
    assert "This application was withdrawn." in response.text
    assert not Comment.objects.exists()


# --- the decision -----------------------------------------------------------------------------------


def test_decision_preview_shows_the_drafted_email_and_sends_the_edited_one(
    guidelines, client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    application = reviewed(in_review(complete_ifa()))
    preview = client.get(work_url(application, "decide"), {"outcome": "approved", "reasons": ""})
    assert preview.status_code == 200
    subject, body = services.draft_decision_email(application, "approved")
    form = preview.context["form"]
    assert (form.initial["email_subject"], form.initial["email_body"]) == (subject, body)
    assert subject in preview.text
    assert Application.objects.get(pk=application.pk).status == S.IN_REVIEW  # previewing changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            work_url(application, "decide"),
            {
                "outcome": "approved",
                "reasons": "",
                "email_subject": "Congratulations, Alex",
                "email_body": "Dear Alex,\n\nWritten by hand.\n",
            },
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert Decision.objects.get(application=application).email_subject == "Congratulations, Alex"
    decision_email = mailoutbox[0]
    assert (decision_email.subject, decision_email.body, decision_email.to) == (
        "Congratulations, Alex",
        "Dear Alex,\n\nWritten by hand.\n",
        [application.applicant.email],
    )
    assert last_note(application) == "Approved"


def test_decision_draft_needs_reasons_for_a_denial(guidelines, client, staff):
    application = in_review(complete_ifa())
    response = client.get(work_url(application, "decide"), {"outcome": "denied", "reasons": ""})
    assert response.status_code == 200
    assert "Record the decision and send the email" not in response.text
    assert response.context["draft_form"].errors == {"reasons": ["Give the reasons for the denial."]}


def test_decision_held_by_a_due_processing_fee_changes_nothing(guidelines, client, staff, mailoutbox):
    application = in_review(complete_ifa())
    services.record_fee(application, "processing", status="due", amount=50, by=staff)
    before = events(application)
    response = client.post(
        work_url(application, "decide"),
        {"outcome": "denied", "reasons": "Too little work.", "email_subject": "S", "email_body": "B"},
    )
    assert response.status_code == 400
    assert "The processing fee is still due" in response.text
    assert response.context["form"]["email_body"].value() == "B"  # what was written is kept
    assert not Decision.objects.exists()
    assert events(application) == before
    assert mailoutbox == []


def test_deciding_a_submitted_application_is_refused(guidelines, client, staff):
    application = submitted(complete_ifa())
    page = client.get(work_url(application, "decide"))
    assert "only an application in review can be decided" in page.text
    response = client.post(
        work_url(application, "decide"),
        {"outcome": "approved", "reasons": "", "email_subject": "S", "email_body": "B"},
    )
    assert response.status_code == 400
    assert "Only an application in review can be decided. It is now submitted." in response.text
    assert Application.objects.get(pk=application.pk).status == S.SUBMITTED


def test_the_coordinator_sees_a_rater_address_that_belongs_to_an_account(guidelines, client, staff):
    application = submitted(complete_ifa())
    supervisor = application.references.get(role="current_supervisor")
    other = application.references.exclude(pk=supervisor.pk).first()
    # Written before invitations checked addresses: the applicant's own, and one shared by two raters.
    ReferenceRequest.objects.filter(pk=supervisor.pk).update(email=application.applicant.email.upper())
    ReferenceRequest.objects.filter(pk=other.pk).update(email=application.applicant.email)
    response = client.get(work_url(application))
    assert response.status_code == 200
    assert response.text.count("This address belongs to the applicant&#x27;s own account.") == 2
    assert f"{supervisor.name}, another rater on this application, uses the same address." in response.text


def test_a_refused_vetting_says_the_rating_does_not_count(guidelines, client, staff):
    application = in_review(complete_ifa(endorsed_rater=False), staff)
    supervisor = application.references.get(role="current_supervisor")
    services.vet_rater(supervisor, accepted=False, called_on=TODAY, note="Never supervised her.", by=staff)
    response = client.get(work_url(application))
    assert "Not accepted: the rating does not count" in response.text
    assert "Never supervised her." in response.text


def test_the_work_page_says_how_many_reviews_the_decision_waits_for(guidelines, client, staff):
    application = in_review(complete_ifa())
    assignment = services.assign_reviewer(application, make_reviewer(), by=staff)
    services.submit_review(
        assignment, recommendation="approve", summary="Fine.", items=[], by=assignment.reviewer
    )
    page = client.get(work_url(application))
    assert "Approval, denial and the exam wait for 1 more submitted review; deferring does not." in page.text
    reviewed(application, staff)
    assert 'id="reviews-missing"' not in client.get(work_url(application)).text


def test_a_decided_application_shows_its_verdict_as_of_the_decision(guidelines, client, staff):
    application = reviewed(in_review(complete_ifa()), staff)
    services.decide(application, outcome="approved", reasons="", email_subject="S", email_body="B", by=staff)
    decided_on = datetime.date(2025, 3, 3)
    Application.objects.filter(pk=application.pk).update(
        decided_at=datetime.datetime(2025, 3, 3, 12, tzinfo=datetime.UTC)
    )
    page = client.get(work_url(application))
    assert page.context["verdict_as_of"] == decided_on
    assert "As of the decision on March 3, 2025." in page.text
    open_page = client.get(work_url(in_review(complete_ifa())))
    assert "As of today." in open_page.text


def test_the_training_summary_counts_the_entries_about_providing_rsc(client, staff):
    from applications.models import TrainingEntry

    application = complete_ifa()
    TrainingEntry.objects.filter(application=application).delete()
    for index, hours in enumerate(["9.5", "9", "9", "9", "9", "6"]):
        TrainingEntry.objects.create(
            application=application,
            title=f"Training {index}",
            date=datetime.date(2024, 1, index + 1),
            hours=hours,
            about_rsc=index == 5,
        )
    in_review(application, staff)
    page = client.get(work_url(application)).content.decode()
    assert "6 entries, 51.5 clock hours in all; 1 of them (6 clock hours) about providing RS/C." in page


def test_the_training_summary_of_one_entry_is_singular():
    from applications.models import TrainingEntry
    from applications.sections import training_summary

    entry = TrainingEntry(title="One", hours=1)
    assert training_summary([entry]) == "1 entry, 1 clock hour in all; none about providing RS/C."


def test_the_fee_schedule_on_the_work_page_follows_every_change_to_it(guidelines, client, staff):
    application = in_review(complete_ifa(), staff)
    association = application.category.edition.association
    assert "Schedule: registration" not in client.get(work_url(application)).text

    schedule = FeeSchedule.objects.create(
        association=association,
        category_code="IFA",
        registration_amount=Decimal("50"),
        processing_amount=Decimal("125"),
    )
    assert "Schedule: registration 50.00, processing 125.00." in client.get(work_url(application)).text

    schedule.processing_amount = Decimal("140")
    schedule.save()
    assert "processing 140.00." in client.get(work_url(application)).text

    FeeSchedule.objects.filter(pk=schedule.pk).update(registration_amount=Decimal("60"))
    assert "Schedule: registration 60.00" in client.get(work_url(application)).text

    schedule.delete()
    assert "Schedule: registration" not in client.get(work_url(application)).text
