import pytest

from applications.services.lifecycle import evaluate_application
from reviews import services
from reviews.facts import evaluate_reviewed, reviewed_facts

from .factories import TODAY, complete_ifa, complete_imhs, in_review, statuses

pytestmark = pytest.mark.django_db


def test_facts_carry_row_ids_for_work_rsc_and_references(guidelines):
    application = complete_imhs(internship=True)
    facts = application.facts()
    assert sorted(entry["id"] for entry in facts["work"]) == sorted(
        application.workperiod_entries.values_list("pk", flat=True)
    )
    assert {entry["id"] for entry in facts["rsc"]} == set(
        application.rscentry_entries.values_list("pk", flat=True)
    )
    assert {entry["id"] for entry in facts["references"]} == set(
        application.references.values_list("pk", flat=True)
    )


def test_without_judgments_the_overlay_changes_nothing(guidelines):
    application = complete_imhs(internship=True)
    assert evaluate_reviewed(application) == {
        key: value for key, value in evaluate_application(application).items() if key != "submitted_ratings"
    }
    facts = reviewed_facts(application)
    assert all(entry["accepted"] is None for entry in facts["work"] + facts["rsc"])
    assert facts["exam"] == {}


def test_vetting_a_non_endorsed_ifa_rater_turns_references_to_met(guidelines, coordinator):
    application = in_review(complete_ifa(endorsed_rater=False), coordinator)
    assert statuses(evaluate_reviewed(application))["references"] == "needs_review"
    supervisor = application.references.get(role="current_supervisor")
    services.vet_rater(
        supervisor, accepted=True, called_on=TODAY, note="Knows the guidelines.", by=coordinator
    )
    result = evaluate_reviewed(application)
    assert statuses(result)["references"] == "met"
    assert result["status"] == "eligible"
    # the applicant's own checklist is unchanged: applications never reads reviews
    assert statuses(evaluate_application(application))["references"] == "needs_review"


def test_a_rater_refused_at_vetting_no_longer_counts(guidelines, coordinator):
    """Issue 10: recording "Not accepted" for the only non-endorsed rater changed nothing."""
    application = in_review(complete_ifa(endorsed_rater=False), coordinator)
    supervisor = application.references.get(role="current_supervisor")
    services.vet_rater(supervisor, accepted=False, called_on=TODAY, note="Never met them.", by=coordinator)
    facts = reviewed_facts(application)
    assert "current_supervisor" not in {ref["role"] for ref in facts["references"]}
    references = next(
        item for item in evaluate_reviewed(application)["requirements"] if item["key"] == "references"
    )
    assert references["status"] == "not_met"
    assert references["summary"].startswith("2 of 3 ratings received")
    # Accepting them after a second call brings the rating back.
    services.vet_rater(supervisor, accepted=True, called_on=TODAY, note="Called again.", by=coordinator)
    assert statuses(evaluate_reviewed(application))["references"] == "met"


def test_accepting_an_imhs_internship_turns_work_experience_to_met(guidelines, coordinator):
    application = in_review(complete_imhs(internship=True), coordinator)
    assert statuses(evaluate_reviewed(application))["work_experience"] == "needs_review"
    internship = application.workperiod_entries.get(internship=True)
    services.judge_item(
        application,
        "internship",
        internship.pk,
        accepted=True,
        note="Supervised by an IMHM-C.",
        by=coordinator,
    )
    assert statuses(evaluate_reviewed(application))["work_experience"] == "met"


def test_refusing_the_internship_turns_work_experience_to_not_met(guidelines, coordinator):
    application = in_review(complete_imhs(internship=True), coordinator)
    internship = application.workperiod_entries.get(internship=True)
    services.judge_item(
        application, "internship", internship.pk, accepted=False, note="No description.", by=coordinator
    )
    assert statuses(evaluate_reviewed(application))["work_experience"] == "not_met"


def test_refusing_an_rsc_entry_removes_its_hours(guidelines, coordinator):
    application = in_review(complete_imhs(), coordinator)
    assert statuses(evaluate_reviewed(application))["reflective_supervision"] == "met"
    for entry in application.rscentry_entries.all()[:10]:
        services.judge_item(application, "rsc", entry.pk, accepted=False, note="Not RS/C.", by=coordinator)
    assert statuses(evaluate_reviewed(application))["reflective_supervision"] == "not_met"
