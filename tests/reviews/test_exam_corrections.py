"""A mistyped exam result can be corrected or voided, with the reason in the history.

Walk-through from issue 10: 68% recorded by mistake was permanent (no edit in the coordinator's
pages, the admin read-only), and withdrawing and reapplying bypassed the one-year retake wait:
a passing sitting was accepted 14 days after a failure.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from applications.models import Application, ApplicationEvent
from applications.services.lifecycle import start_application, withdraw_application
from reviews import services
from reviews.facts import evaluate_reviewed
from reviews.models import ExamSitting
from reviews.services import ReviewError
from tests.endorsement.staff_factories import give_totp

from .factories import TODAY, statuses
from .test_exam import exam_pending

pytestmark = pytest.mark.django_db
MONTH_AGO = TODAY - datetime.timedelta(days=30)


def mistyped(coordinator):
    application = exam_pending(coordinator)
    sitting = services.record_exam(
        application,
        sat_on=MONTH_AGO,
        multiple_choice_score=68,
        essay_track="clinical",
        essay_score_1="passed",
        essay_score_2="passed",
        by=coordinator,
    )
    return application, sitting


def test_a_corrected_score_changes_the_result_the_verdict_and_the_history(guidelines, coordinator):
    application, sitting = mistyped(coordinator)
    assert statuses(evaluate_reviewed(application))["exam"] == "not_met"
    services.correct_exam(
        sitting,
        multiple_choice_score=86,
        essay_track="clinical",
        essay_score_1="passed",
        essay_score_2="passed",
        reason="68 was typed for 86.",
        by=coordinator,
    )
    sitting.refresh_from_db()
    assert (sitting.multiple_choice_score, sitting.multiple_choice_result) == (86, "passed")
    assert statuses(evaluate_reviewed(application))["exam"] == "met"
    note = ApplicationEvent.objects.filter(application=application).last().note
    assert note == (
        f"Exam of {date_format(MONTH_AGO)} corrected: multiple-choice 68.00%: failed; essay (Clinical): passed"
        " → multiple-choice 86%: passed; essay (Clinical): passed. Reason: 68 was typed for 86."
    )


def test_a_correction_needs_a_reason(guidelines, coordinator):
    _application, sitting = mistyped(coordinator)
    with pytest.raises(ReviewError) as refused:
        services.correct_exam(sitting, multiple_choice_score=86, reason=" ", by=coordinator)
    assert refused.value.field == "reason"
    sitting.refresh_from_db()
    assert sitting.multiple_choice_result == "failed"


def test_a_voided_sitting_no_longer_counts_nor_starts_a_wait(guidelines, coordinator):
    application, sitting = mistyped(coordinator)
    services.void_exam(sitting, reason="Recorded for the wrong applicant.", by=coordinator)
    assert ApplicationEvent.objects.filter(application=application).last().note == (
        f"Exam of {date_format(MONTH_AGO)} voided (multiple-choice 68.00%: failed; essay (Clinical): passed)."
        " Reason: Recorded for the wrong applicant."
    )
    assert statuses(evaluate_reviewed(application))["exam"] == "not_met"
    # Without the voided failure there is nothing to wait for.
    services.record_exam(application, sat_on=TODAY, multiple_choice_score=90, by=coordinator)
    assert ExamSitting.objects.counted().filter(application=application).count() == 1
    with pytest.raises(ReviewError, match="voided"):
        services.correct_exam(sitting, multiple_choice_score=90, reason="Again", by=coordinator)


def test_the_retake_wait_follows_the_person_across_applications(guidelines, coordinator):
    application = exam_pending(coordinator)
    services.record_exam(application, sat_on=MONTH_AGO, multiple_choice_score=60, by=coordinator)
    withdraw_application(application, by=application.applicant)
    again = start_application(application.applicant, application.category)
    Application.objects.filter(pk=again.pk).update(status=Application.Status.EXAM_PENDING)
    again.refresh_from_db()
    with pytest.raises(ReviewError) as refused:
        services.record_exam(
            again, sat_on=MONTH_AGO + datetime.timedelta(days=14), multiple_choice_score=90, by=coordinator
        )
    assert "was failed on" in str(refused.value)
    assert refused.value.field == "multiple_choice"


def test_the_coordinator_corrects_a_sitting_on_the_work_page(guidelines, client, coordinator):
    give_totp(coordinator)
    client.force_login(coordinator)
    application, sitting = mistyped(coordinator)
    page = client.get(reverse("reviews:work", args=[application.pk]))
    assert "Correct the results" in page.text and "Void the sitting" in page.text
    url = reverse("reviews:work_correct_exam", args=[application.pk, sitting.pk])
    refused = client.post(url, {"multiple_choice_score": "86", "reason": ""})
    assert refused.status_code == 400
    assert "This field is required." in refused.text
    sitting.refresh_from_db()
    assert sitting.multiple_choice_result == "failed"
    response = client.post(
        url,
        {
            "multiple_choice_score": "86",
            "essay_track": "clinical",
            "essay_score_1": "passed",
            "essay_score_2": "passed",
            "reason": "68 was typed for 86.",
        },
    )
    assert response.status_code == 302
    sitting.refresh_from_db()
    assert sitting.multiple_choice_result == "passed"
