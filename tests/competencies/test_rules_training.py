"""Specialized training, from the documents' TRAINING sections.

Seed 000, every category: "**Minimum** 30 clock hours required"; IMHM-C also "A minimum of 15
hours must be didactic training about the provision of reflective supervision/consultation";
"Typically, successful ... applications include N or more hours" (IFA 40, IFS 50, IMHS and
IMHM 75) is advice only. Seed 002 IFS: "Minimum 33 clock hours of trainings".
"""

from datetime import date, timedelta

import pytest

from .facts_builders import (
    ALL_CATEGORIES,
    AS_OF,
    MI2025,
    MIN_TRAINING,
    ORIMHA,
    ORIMHA_CATEGORIES,
    application,
    assert_hours,
    req,
    run,
    training,
)


def with_training(edition, category, *entries):
    facts = application(category, edition)
    if category == "IMHM-C":
        # keep the 15 didactic RS/C hours, vary the rest
        facts["training"] = [training(15, date(2023, 3, 1), about_rsc=True), *entries]
    else:
        facts["training"] = list(entries)
    return facts


def rest(edition, category):
    """Hours the varied entries must bring for the minimum."""
    return MIN_TRAINING[(edition, category)] - (15 if category == "IMHM-C" else 0)


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_minimum_is_just_met(edition, category):
    need = MIN_TRAINING[(edition, category)]
    facts = with_training(edition, category, training(rest(edition, category) - 5), training(5))
    assert_hours(req(facts, "training"), "met", need, need)


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_half_an_hour_short_is_not_met(edition, category):
    need = MIN_TRAINING[(edition, category)]
    facts = with_training(edition, category, training(rest(edition, category) - 5.5), training(5))
    item = req(facts, "training")
    assert_hours(item, "not_met", need - 0.5, need)
    assert "0.5 to go" in item["summary"]


def test_the_designs_example_sentence():
    facts = with_training(ORIMHA, "IFS", training(20), training(7.5))
    item = req(facts, "training")
    assert_hours(item, "not_met", 27.5, 30)
    assert "27.5 of 30 clock hours" in item["summary"]
    assert "2.5 to go" in item["summary"]


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_more_than_the_minimum_is_met(edition, category):
    need = MIN_TRAINING[(edition, category)]
    facts = with_training(edition, category, training(rest(edition, category) + 12.25))
    assert_hours(req(facts, "training"), "met", need + 12.25, need)


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_training_dated_after_as_of_does_not_count(edition, category):
    need = MIN_TRAINING[(edition, category)]
    facts = with_training(
        edition, category, training(rest(edition, category) - 10), training(10, AS_OF + timedelta(days=1))
    )
    assert_hours(req(facts, "training"), "not_met", need - 10, need)


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_training_dated_on_as_of_counts(edition, category):
    need = MIN_TRAINING[(edition, category)]
    facts = with_training(edition, category, training(rest(edition, category) - 10), training(10, AS_OF))
    assert_hours(req(facts, "training"), "met", need, need)


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_no_training_is_not_met(edition, category):
    facts = application(category, edition)
    facts["training"] = []
    need = MIN_TRAINING[(edition, category)]
    assert_hours(req(facts, "training"), "not_met", 0, need)


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_as_of_given_as_today_excludes_later_training(edition, category):
    facts = application(category, edition)
    del facts["as_of"]
    # the complete application's last entry is dated 2024-02-01
    assert facts["training"][-1]["date"] == "2024-02-01"
    result = run(facts, today=date(2024, 1, 31))
    item = [i for i in result["requirements"] if i["key"] == "training"][0]
    assert item["status"] == "not_met"
    assert float(item["have"]) == sum(entry["hours"] for entry in facts["training"][:-1])
    assert result["as_of"] == "2024-01-31"


# --- IMHM-C: 15 hours of didactic training about providing RS/C ----------------------------


@pytest.mark.parametrize(("about", "status"), [(15, "met"), (14.5, "not_met")])
def test_imhm_c_rsc_didactic_hours_boundary(about, status):
    facts = application("IMHM-C")
    facts["training"] = [
        training(about, date(2023, 3, 1), about_rsc=True),
        training(40, date(2023, 5, 1)),
    ]
    item = req(facts, "training")
    assert item["status"] == status
    assert "15" in item["summary"]
    assert f"{about:g}" in item["summary"]


def test_imhm_c_rsc_didactic_hours_count_toward_the_thirty():
    facts = application("IMHM-C")
    facts["training"] = [training(30, date(2023, 3, 1), about_rsc=True)]
    assert req(facts, "training")["status"] == "met"


@pytest.mark.parametrize("category", [c for c in ORIMHA_CATEGORIES if c != "IMHM-C"])
def test_other_categories_need_no_rsc_didactic_hours(category):
    facts = application(category)
    assert all(not entry["about_rsc"] for entry in facts["training"])
    assert req(facts, "training")["status"] == "met"


# --- "typically N hours" is advice ---------------------------------------------------------

TYPICAL = {"IFA": 40, "IFS": 50, "IMHS": 75, "IMHM-C": 75, "IMHM-P": 75, "IMHM-R/F": 75}


@pytest.mark.parametrize("category", ORIMHA_CATEGORIES)
def test_typical_hours_are_an_advisory_not_a_failure(category):
    result = run(application(category))
    assert result["status"] == "eligible"
    typical = [note for note in result["advisories"] if "typically" in note]
    assert len(typical) == 1, result["advisories"]
    assert f"{TYPICAL[category]} or more hours" in typical[0]
    assert category in typical[0]


def test_2025_ifs_has_no_typical_hours_advisory():
    result = run(application("IFS", MI2025))
    assert not [note for note in result["advisories"] if "typically" in note]


def test_typical_hours_advisory_stays_when_well_above():
    facts = application("IFS")
    facts["training"] = [training(80)]
    result = run(facts)
    assert result["status"] == "eligible"
    assert any("typically" in note for note in result["advisories"])
