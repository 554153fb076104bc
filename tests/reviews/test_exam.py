import datetime
from decimal import Decimal

import pytest
from django.utils.formats import date_format

from applications.models import Application
from reviews import services
from reviews.facts import evaluate_reviewed, reviewed_facts
from reviews.models import ExamSitting
from reviews.services import ReviewError

from .factories import TODAY, complete_imhs, in_review, reviewed, statuses
from .test_services_transitions import set_status

pytestmark = pytest.mark.django_db
YEAR_AGO = TODAY - datetime.timedelta(days=366)


def exam_pending(coordinator, code="IMHS"):
    application = reviewed(in_review(complete_imhs(), coordinator), coordinator)
    if code != "IMHS":
        application.category = application.category.edition.categories.get(code=code)
        application.save(update_fields=["category"])
        set_status(application, Application.Status.EXAM_PENDING)
        return application
    services.send_to_exam(application, by=coordinator)
    return application


def passed_essay(track="clinical"):
    return {"essay_track": track, "essay_score_1": "passed", "essay_score_2": "passed"}


def test_recorded_results_make_the_exam_requirement_met(guidelines, coordinator):
    application = exam_pending(coordinator)
    assert statuses(evaluate_reviewed(application))["exam"] == "not_met"
    sitting = services.record_exam(
        application,
        sat_on=TODAY,
        accommodations="Extra time",
        multiple_choice_score=Decimal("80"),
        by=coordinator,
        **passed_essay("policy"),
    )
    assert (sitting.multiple_choice_result, sitting.pass_mark_percent, sitting.essay_result) == (
        "passed",
        Decimal("80"),
        "passed",
    )
    assert reviewed_facts(application)["exam"] == {
        "multiple_choice": "passed",
        "essay": "passed",
        "essay_track": "policy",
    }
    result = evaluate_reviewed(application)
    assert statuses(result)["exam"] == "met"  # IMHS names no essay track
    services.return_from_exam(application, by=coordinator)
    assert result["status"] == "eligible"


def test_the_wrong_essay_track_is_not_met(guidelines, coordinator):
    application = exam_pending(coordinator, code="IMHM-C")
    services.record_exam(
        application, sat_on=TODAY, multiple_choice_score=90, by=coordinator, **passed_essay("policy")
    )
    result = evaluate_reviewed(application)
    exam = next(item for item in result["requirements"] if item["key"] == "exam")
    assert exam["status"] == "not_met"
    assert "needs the Clinical essay" in exam["summary"]


def test_below_the_pass_mark_fails_and_one_failing_scorer_fails_the_essay(guidelines, coordinator):
    application = exam_pending(coordinator)
    sitting = services.record_exam(
        application,
        sat_on=TODAY,
        multiple_choice_score="79.5",
        essay_track="clinical",
        essay_score_1="passed",
        essay_score_2="failed",
        by=coordinator,
    )
    assert (sitting.multiple_choice_result, sitting.essay_result) == ("failed", "failed")
    assert statuses(evaluate_reviewed(application))["exam"] == "not_met"
    assert "multiple-choice 79.5%: failed; essay (Clinical): failed" in application.events.last().note


def test_a_failed_part_can_be_retaken_only_after_the_wait(guidelines, coordinator):
    application = exam_pending(coordinator)
    services.record_exam(
        application, sat_on=YEAR_AGO, multiple_choice_score=60, by=coordinator, **passed_essay()
    )
    too_soon = YEAR_AGO + datetime.timedelta(days=364)
    with pytest.raises(
        ReviewError, match=r"can be retaken from " + date_format(YEAR_AGO + datetime.timedelta(days=365))
    ):
        services.record_exam(application, sat_on=too_soon, multiple_choice_score=95, by=coordinator)
    with pytest.raises(ReviewError, match="essay part is already passed"):
        services.record_exam(application, sat_on=TODAY, by=coordinator, **passed_essay())
    services.record_exam(application, sat_on=TODAY, multiple_choice_score=95, by=coordinator)
    # the essay passed at the first sitting still counts with the multiple-choice retaken
    assert reviewed_facts(application)["exam"] == {
        "multiple_choice": "passed",
        "essay": "passed",
        "essay_track": "clinical",
    }
    assert statuses(evaluate_reviewed(application))["exam"] == "met"
    assert ExamSitting.objects.filter(application=application).count() == 2


def test_record_exam_refuses_bad_input(guidelines, coordinator):
    application = exam_pending(coordinator)
    with pytest.raises(ReviewError, match="at least one part"):
        services.record_exam(application, sat_on=TODAY, by=coordinator)
    with pytest.raises(ReviewError, match="both blind scorers"):
        services.record_exam(
            application, sat_on=TODAY, essay_track="clinical", essay_score_1="passed", by=coordinator
        )
    with pytest.raises(ReviewError, match="essay track"):
        services.record_exam(
            application, sat_on=TODAY, essay_score_1="passed", essay_score_2="passed", by=coordinator
        )
    with pytest.raises(ReviewError, match="0 to 100"):
        services.record_exam(application, sat_on=TODAY, multiple_choice_score=101, by=coordinator)
    with pytest.raises(ReviewError, match="future"):
        services.record_exam(
            application, sat_on=TODAY + datetime.timedelta(days=1), multiple_choice_score=90, by=coordinator
        )
    assert not ExamSitting.objects.exists()


@pytest.mark.parametrize("status", [s for s in Application.Status.values if s != "exam_pending"])
def test_record_exam_needs_exam_pending(guidelines, coordinator, status):
    application = set_status(complete_imhs(), status)
    with pytest.raises(ReviewError, match="while the exam is pending"):
        services.record_exam(application, sat_on=TODAY, multiple_choice_score=90, by=coordinator)
