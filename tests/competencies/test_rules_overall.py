"""The overall result: a complete application per category and edition is eligible; breaking any
one requirement makes it not eligible and touches nothing else; needs_review in between.
"""

import copy
from datetime import date, timedelta

import pytest

from competencies.rules import evaluate

from .facts_builders import (
    ALL_CATEGORIES,
    AS_OF,
    MI2025,
    ORIMHA,
    application,
    assert_plain_sentence,
    reference,
    renewal,
    rsc,
    run,
    statuses,
    work,
)

KEYS = [
    "education",
    "work_experience",
    "training",
    "reflective_supervision",
    "references",
    "leadership_activities",
    "exam",
    "code_of_ethics",
    "agreement",
    "membership",
]

# What each document requires of an application (everything else is not_required).
REQUIRED = {
    # IFA: "EDUCATION AND/OR WORK EXPERIENCE": met through education, work_experience reads met too.
    (ORIMHA, "IFA"): {
        "education",
        "work_experience",
        "training",
        "references",
        "code_of_ethics",
        "agreement",
        "membership",
    },
    (ORIMHA, "IFS"): {
        "education",
        "work_experience",
        "training",
        "reflective_supervision",
        "references",
        "code_of_ethics",
        "agreement",
        "membership",
    },
    (ORIMHA, "IMHS"): {
        "education",
        "work_experience",
        "training",
        "reflective_supervision",
        "references",
        "exam",
        "code_of_ethics",
        "agreement",
        "membership",
    },
    (ORIMHA, "IMHM-C"): set(KEYS),
    (ORIMHA, "IMHM-P"): set(KEYS) - {"reflective_supervision"},
    (ORIMHA, "IMHM-R/F"): set(KEYS) - {"reflective_supervision"},
    (MI2025, "IFS"): {
        "work_experience",
        "training",
        "reflective_supervision",
        "references",
        "code_of_ethics",
        "agreement",
        "membership",
    },
}


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_complete_application_is_eligible(edition, category):
    result = run(application(category, edition))
    assert result["status"] == "eligible"
    assert result["edition"] == edition
    assert result["category"] == category
    assert result["as_of"] == AS_OF.isoformat()
    assert [item["key"] for item in result["requirements"]] == KEYS
    for item in result["requirements"]:
        expected = "met" if item["key"] in REQUIRED[(edition, category)] else "not_required"
        assert item["status"] == expected, item
        assert set(item) >= {"key", "status", "summary", "have", "need"}
        assert_plain_sentence(item["summary"])
    assert isinstance(result["advisories"], list)


def break_requirement(facts, key):
    """The complete facts with exactly one requirement pushed just below its minimum."""
    facts = copy.deepcopy(facts)
    if key == "education":
        for entry in facts["degrees"] + facts["coursework"] + facts["certificates"]:
            entry["transcript"] = False
    elif key == "work_experience":
        facts["work"] = []
    elif key == "training":
        facts["training"][-1]["hours"] -= 0.5
    elif key == "reflective_supervision":
        facts["rsc"][-1]["hours"] -= 0.5
    elif key == "references":
        facts["references"][-1]["status"] = "requested"
    elif key == "leadership_activities":
        facts["leadership_activities"] = []
    elif key == "exam":
        facts["exam"]["essay"] = "failed"
    elif key == "code_of_ethics":
        facts["code_of_ethics_signed"] = False
    elif key == "agreement":
        facts["agreement_signed"] = False
    elif key == "membership":
        facts["membership"]["expires"] = (AS_OF - timedelta(days=1)).isoformat()
    return facts


BREAKABLE = [
    (edition, category, key)
    for (edition, category), keys in REQUIRED.items()
    for key in KEYS
    if key in keys and (category, key) != ("IFA", "work_experience")  # an alternative to education
]


@pytest.mark.parametrize(("edition", "category", "key"), BREAKABLE)
def test_failing_one_requirement_is_not_eligible(edition, category, key):
    complete = application(category, edition)
    before = statuses(run(complete))
    result = run(break_requirement(complete, key))
    after = statuses(result)
    assert result["status"] == "not_eligible"
    if category == "IFA" and key == "education":
        # "EDUCATION AND/OR WORK EXPERIENCE": with neither, both are missing
        assert after["education"] == after["work_experience"] == "not_met"
        changed = {"education", "work_experience"}
    elif key == "work_experience" and "reflective_supervision" in REQUIRED[(edition, category)]:
        # RS/C counts only "while providing services ..." (or RS/C): with no work recorded the
        # engine cannot tell, and says so.
        assert after[key] == "not_met"
        assert after["reflective_supervision"] == "needs_review"
        changed = {key, "reflective_supervision"}
        if category == "IMHS":
            # and a supervisee rates "if applicant is a supervisor", which no work can now show
            assert after["references"] == "needs_review"
            changed.add("references")
    else:
        assert after[key] == "not_met"
        changed = {key}
    assert {k: v for k, v in after.items() if k not in changed} == {
        k: v for k, v in before.items() if k not in changed
    }
    for item in result["requirements"]:
        assert_plain_sentence(item["summary"])


def test_ifa_work_instead_of_education_is_eligible():
    facts = application("IFA")
    facts["coursework"] = []
    facts["work"] = [work(date(2021, 1, 1), None, paid=True, infant_related=True)]
    result = run(facts)
    assert result["status"] == "eligible"
    assert statuses(result)["education"] == "met"


def test_needs_review_overall_when_only_judgment_remains():
    facts = application("IFS")
    facts["rsc"] = [rsc(24, endorsements=("IFS",))]
    result = run(facts)
    assert statuses(result)["reflective_supervision"] == "needs_review"
    assert result["status"] == "needs_review"


def test_not_met_outweighs_needs_review():
    facts = application("IFS")
    facts["rsc"] = [rsc(24, endorsements=("IFS",))]
    facts["agreement_signed"] = False
    assert run(facts)["status"] == "not_eligible"


def test_several_needs_review_are_still_needs_review():
    facts = application("IFA")
    facts["coursework"] = []
    facts["work"] = [
        work(
            date(2018, 1, 1),
            None,
            paid=False,
            supervised=True,
            infant_related=True,
            volunteer_specialized_training=True,
        )
    ]
    facts["references"] = [reference("current_supervisor"), reference("colleague"), reference("parent")]
    result = run(facts)
    assert statuses(result)["work_experience"] == "needs_review"
    assert statuses(result)["references"] == "needs_review"
    assert result["status"] == "needs_review"


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_as_of_defaults_to_today(edition, category):
    facts = application(category, edition)
    del facts["as_of"]
    result = run(facts, today=date(2024, 6, 30))
    assert result["as_of"] == "2024-06-30"
    assert result == run(application(category, edition))


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_evaluation_is_pure(edition, category):
    facts = application(category, edition)
    snapshot = copy.deepcopy(facts)
    first = run(facts)
    assert facts == snapshot
    assert run(facts) == first


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_unknown_keys_are_ignored(edition, category):
    facts = application(category, edition)
    facts["favourite_colour"] = "green"
    facts["training"][0]["room"] = "B12"
    facts["references"][0]["phone"] = "555"
    assert run(facts) == run(application(category, edition))


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_missing_lists_are_empty(edition, category):
    facts = {
        "kind": "application",
        "edition": edition,
        "category": category,
        "as_of": AS_OF.isoformat(),
    }
    result = run(facts)
    assert result["status"] == "not_eligible"
    for item in result["requirements"]:
        assert item["status"] in {"not_met", "not_required"}, item
        assert_plain_sentence(item["summary"])


# --- the database rule provider agrees with the fixture files -----------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_database_rules_give_the_same_result_as_the_fixtures(guidelines, edition, category):
    for facts in (
        application(category, edition),
        break_requirement(application(category, edition), "training"),
    ):
        assert evaluate(copy.deepcopy(facts)) == run(facts)
    facts = renewal(category, edition)
    assert evaluate(copy.deepcopy(facts)) == run(facts)
