"""Reflective supervision/consultation (RS/C), from the documents' RS/C sections.

Seed 000 IFS: "Minimum 24 clock hours within a one- to two-year timeframe of post-Bachelor's
... reflective supervision or consultation"; provider "endorsed as an IMHS or IMHM-C", or a
Master's prepared IFS "if there is no one with an IMHS ... or IMHM-C ... available".
Seed 000 IMHS: "post-Masters ... Provider ... must have earned/maintained Endorsement as IMHS,
ECMHS, IMHM-C, or ECMHM-C. Minimum 50 clock hours required within a one- to two-year
timeframe". Seed 000 IMHM-C: "Minimum 50 clock hours ... within a one- to two-year timeframe;
post-Masters ... provider of RS/C must have earned/maintained IMHM-Clinical Endorsement ...
A minimum of 25 hours of the RS/C received should be about the RS/C that the applicant
provides to others". IFA: "Encouraged, but not required"; IMHM-P/R-F: "Optional".
Seed 002 IFS: "A minimum 24 clock hours ... Qualified providers of RSC must meet Endorsement
requirements as an Endorsed Reflective Supervisor or Mental Health Mentor-Clinical" (no
timeframe, no degree).
"""

from datetime import date, timedelta

import pytest

from .facts_builders import (
    AS_OF,
    MI2025,
    ORIMHA,
    application,
    assert_hours,
    assert_plain_sentence,
    degree,
    ifs_work,
    imh_work,
    req,
    rsc,
    work,
)

# (edition, category, hours needed, a qualifying provider code)
RSC_CASES = [
    (ORIMHA, "IFS", 24, "IMHS"),
    (ORIMHA, "IMHS", 50, "IMHS"),
    (ORIMHA, "IMHM-C", 50, "IMHM-C"),
    (MI2025, "IFS", 24, "ERS"),
]
TIMEFRAME_CASES = [case for case in RSC_CASES if case[0] == ORIMHA]
QUALIFYING = {
    (ORIMHA, "IFS"): ["IMHS", "IMHM-C"],
    (ORIMHA, "IMHS"): ["IMHS", "ECMHS", "IMHM-C", "ECMHM-C"],
    (ORIMHA, "IMHM-C"): ["IMHM-C"],
    (MI2025, "IFS"): ["ERS", "IMHM-C", "ECMHM-C"],
}
NOT_QUALIFYING = {
    (ORIMHA, "IFS"): ["IFA", "ECFS", "IMHM-P", "IMHM-R/F"],
    (ORIMHA, "IMHS"): ["IFA", "IFS", "ECFS", "IMHM-P", "IMHM-R/F"],
    (ORIMHA, "IMHM-C"): ["IFS", "IMHS", "ECMHS", "IMHM-P", "IMHM-R/F"],
    (MI2025, "IFS"): ["IFA", "IFS", "IMHS", "IMHM-P", "IMHM-R/F"],
}


def entry(category, hours, start=date(2023, 1, 1), end=date(2024, 1, 1), code="IMHM-C", **extra):
    if category == "IMHM-C":
        extra.setdefault("about_rsc_provided", True)
    return rsc(hours, start, end, endorsements=(code,), **extra)


def with_rsc(edition, category, *entries, **fields):
    facts = application(category, edition)
    facts["rsc"] = list(entries)
    facts.update(fields)
    return facts


def rsc_item(facts):
    return req(facts, "reflective_supervision")


# --- hours ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("edition", "category", "need", "code"), RSC_CASES)
def test_minimum_is_just_met(edition, category, need, code):
    facts = with_rsc(edition, category, entry(category, need, code=code))
    assert_hours(rsc_item(facts), "met", need, need)


@pytest.mark.parametrize(("edition", "category", "need", "code"), RSC_CASES)
def test_half_an_hour_short_is_not_met(edition, category, need, code):
    facts = with_rsc(edition, category, entry(category, need - 0.5, code=code))
    item = rsc_item(facts)
    assert_hours(item, "not_met", need - 0.5, need)
    assert "0.5 to go" in item["summary"]


@pytest.mark.parametrize(("edition", "category", "need", "code"), RSC_CASES)
def test_individual_and_group_hours_add_up(edition, category, need, code):
    facts = with_rsc(
        edition,
        category,
        entry(category, need / 2, code=code, format="individual"),
        entry(category, need / 2, code=code, format="group"),
    )
    assert_hours(rsc_item(facts), "met", need, need)


@pytest.mark.parametrize(("edition", "category", "need", "code"), RSC_CASES)
def test_none_is_not_met(edition, category, need, code):
    facts = with_rsc(edition, category)
    assert_hours(rsc_item(facts), "not_met", 0, need)


@pytest.mark.parametrize(("edition", "category", "need", "code"), RSC_CASES)
def test_rsc_after_as_of_does_not_count(edition, category, need, code):
    later = AS_OF + timedelta(days=1)
    facts = with_rsc(edition, category, entry(category, need, later, later + timedelta(days=400), code=code))
    assert_hours(rsc_item(facts), "not_met", 0, need)


@pytest.mark.parametrize("edition", [ORIMHA, MI2025])
def test_entry_running_past_as_of_is_prorated(edition):
    # 2023-06-01..2024-12-31 is 580 days at 0.1 h a day; 396 of them fall by 2024-06-30.
    code = "IMHS" if edition == ORIMHA else "ERS"
    facts = with_rsc(edition, "IFS", entry("IFS", 58, date(2023, 6, 1), date(2024, 12, 31), code=code))
    assert_hours(rsc_item(facts), "met", 39.6, 24)


# --- providers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edition", "category", "need", "code"),
    [(e, c, n, code) for (e, c, n, _) in RSC_CASES for code in QUALIFYING[(e, c)]],
)
def test_qualifying_provider_counts(edition, category, need, code):
    facts = with_rsc(edition, category, entry(category, need, code=code))
    assert_hours(rsc_item(facts), "met", need, need)


@pytest.mark.parametrize(
    ("edition", "category", "need", "code"),
    [(e, c, n, code) for (e, c, n, _) in RSC_CASES for code in NOT_QUALIFYING[(e, c)]],
)
def test_provider_without_qualifying_endorsement_does_not_count(edition, category, need, code):
    facts = with_rsc(edition, category, entry(category, need, code=code))
    assert_hours(rsc_item(facts), "not_met", 0, need)


@pytest.mark.parametrize(("edition", "category", "need", "code"), RSC_CASES)
def test_provider_with_no_endorsement_does_not_count(edition, category, need, code):
    facts = with_rsc(edition, category, rsc(need, endorsements=(), about_rsc_provided=True))
    assert_hours(rsc_item(facts), "not_met", 0, need)


@pytest.mark.parametrize(("edition", "category", "need", "code"), RSC_CASES)
def test_provider_holding_several_endorsements_counts(edition, category, need, code):
    facts = with_rsc(edition, category, rsc(need, endorsements=("IFA", code), about_rsc_provided=True))
    assert_hours(rsc_item(facts), "met", need, need)


@pytest.mark.parametrize(("edition", "category", "need", "code"), RSC_CASES)
def test_entry_not_accepted_by_the_coordinator_does_not_count(edition, category, need, code):
    facts = with_rsc(edition, category, entry(category, need, code=code, accepted=False))
    assert_hours(rsc_item(facts), "not_met", 0, need)


# orimha IFS: a Master's-prepared IFS may provide RS/C when no IMHS/IMHM-C is available.


def test_orimha_ifs_fallback_ifs_provider_needs_review():
    facts = with_rsc(ORIMHA, "IFS", entry("IFS", 24, code="IFS"))
    item = rsc_item(facts)
    assert item["status"] == "needs_review"
    assert_plain_sentence(item["summary"])


def test_orimha_ifs_fallback_deciding_the_rest_needs_review():
    facts = with_rsc(ORIMHA, "IFS", entry("IFS", 12, code="IMHS"), entry("IFS", 12, code="IFS"))
    assert rsc_item(facts)["status"] == "needs_review"


def test_orimha_ifs_fallback_not_deciding_is_met():
    facts = with_rsc(ORIMHA, "IFS", entry("IFS", 24, code="IMHS"), entry("IFS", 12, code="IFS"))
    assert rsc_item(facts)["status"] == "met"


def test_orimha_ifs_fallback_even_if_accepted_too_few_hours_is_not_met():
    facts = with_rsc(ORIMHA, "IFS", entry("IFS", 12, code="IMHS"), entry("IFS", 11.5, code="IFS"))
    assert rsc_item(facts)["status"] == "not_met"


def test_orimha_ifs_fallback_accepted_is_met():
    facts = with_rsc(ORIMHA, "IFS", entry("IFS", 24, code="IFS", accepted=True))
    assert_hours(rsc_item(facts), "met", 24, 24)


def test_orimha_ifs_fallback_rejected_is_not_met():
    facts = with_rsc(ORIMHA, "IFS", entry("IFS", 24, code="IFS", accepted=False))
    assert rsc_item(facts)["status"] == "not_met"


@pytest.mark.parametrize(("edition", "category"), [(ORIMHA, "IMHS"), (ORIMHA, "IMHM-C"), (MI2025, "IFS")])
def test_no_ifs_fallback_outside_orimha_ifs(edition, category):
    facts = with_rsc(edition, category, entry(category, 60, code="IFS"))
    assert rsc_item(facts)["status"] == "not_met"


# --- timeframe: within 24 months, over at least 12 months (seed 000 only) -------------------


@pytest.mark.parametrize(("edition", "category", "need", "code"), TIMEFRAME_CASES)
def test_hours_received_in_under_twelve_months_are_not_enough(edition, category, need, code):
    facts = with_rsc(
        edition, category, entry(category, need, date(2023, 1, 1), date(2023, 11, 30), code=code)
    )
    item = rsc_item(facts)
    assert item["status"] == "not_met"
    assert_plain_sentence(item["summary"])


@pytest.mark.parametrize(("second", "status"), [(date(2024, 1, 1), "met"), (date(2023, 12, 1), "not_met")])
@pytest.mark.parametrize(("edition", "category", "need", "code"), TIMEFRAME_CASES)
def test_twelve_month_span_boundary(edition, category, need, code, second, status):
    first = date(2023, 1, 1)
    facts = with_rsc(
        edition,
        category,
        entry(category, need / 2, first, first, code=code),
        entry(category, need / 2, second, second, code=code),
    )
    assert rsc_item(facts)["status"] == status


@pytest.mark.parametrize(
    ("second", "status", "counted"), [(date(2023, 1, 1), "met", 1.0), (date(2023, 1, 2), "not_met", 0.5)]
)
@pytest.mark.parametrize(("edition", "category", "need", "code"), TIMEFRAME_CASES)
def test_twenty_four_month_window_boundary(edition, category, need, code, second, status, counted):
    first = date(2021, 1, 1)
    facts = with_rsc(
        edition,
        category,
        entry(category, need / 2, first, first, code=code),
        entry(category, need / 2, second, second, code=code),
    )
    assert_hours(rsc_item(facts), status, need * counted, need)


@pytest.mark.parametrize(("edition", "category", "need", "code"), TIMEFRAME_CASES)
def test_long_entry_is_prorated_to_the_best_window(edition, category, need, code):
    # 2020-01-01..2023-12-31 is 1461 days at 0.1 h a day; the best window from a day D to the
    # same day 24 months later holds 29 February 2020: 732 days, 73.2 hours.
    facts = with_rsc(
        edition, category, entry(category, 146.1, date(2020, 1, 1), date(2023, 12, 31), code=code)
    )
    assert_hours(rsc_item(facts), "met", 73.2, need)


def test_2025_ifs_has_no_timeframe():
    facts = with_rsc(
        MI2025,
        "IFS",
        entry("IFS", 12, date(2014, 3, 1), date(2014, 3, 1), code="ERS"),
        entry("IFS", 12, date(2024, 3, 1), date(2024, 3, 1), code="ERS"),
    )
    facts["work"].append(ifs_work(date(2013, 1, 1), date(2014, 12, 31), families=3))
    assert_hours(rsc_item(facts), "met", 24, 24)


def test_2025_ifs_short_span_is_fine():
    facts = with_rsc(MI2025, "IFS", entry("IFS", 24, date(2024, 1, 1), date(2024, 2, 1), code="ERS"))
    assert_hours(rsc_item(facts), "met", 24, 24)


def test_2025_ifs_long_entry_counts_whole():
    facts = with_rsc(MI2025, "IFS", entry("IFS", 146.1, date(2020, 1, 1), date(2023, 12, 31), code="ERS"))
    assert_hours(rsc_item(facts), "met", 146.1, 24)


# --- post-degree ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "level", "conferred", "status", "have", "need", "rate"),
    [
        # 2022-01-01..2023-12-31 is 730 days; from 2022-07-01 549 remain, from 2022-09-01 487,
        # from 2022-09-10 478.
        ("IMHS", "master", date(2022, 7, 1), "met", 54.9, 50, 0.1),
        ("IMHS", "master", date(2022, 9, 1), "not_met", 48.7, 50, 0.1),
        ("IMHM-C", "master", date(2022, 7, 1), "met", 54.9, 50, 0.1),
        ("IMHM-C", "master", date(2022, 9, 1), "not_met", 48.7, 50, 0.1),
        ("IFS", "bachelor", date(2022, 9, 1), "met", 24.35, 24, 0.05),
        ("IFS", "bachelor", date(2022, 9, 10), "not_met", 23.9, 24, 0.05),
    ],
)
def test_rsc_counts_from_the_degree_conferral(category, level, conferred, status, have, need, rate):
    code = "IMHM-C"
    degrees = [degree(level, conferred)]
    if level == "master":
        degrees.insert(0, degree("bachelor", date(2010, 6, 1)))
    facts = with_rsc(
        ORIMHA,
        category,
        entry(category, round(730 * rate, 2), date(2022, 1, 1), date(2023, 12, 31), code=code),
        degrees=degrees,
    )
    assert_hours(rsc_item(facts), status, have, need)


@pytest.mark.parametrize("category", ["IMHS", "IMHM-C"])
def test_rsc_between_bachelor_and_master_does_not_count(category):
    facts = with_rsc(
        ORIMHA,
        category,
        entry(category, 60, date(2022, 1, 1), date(2023, 6, 30)),
        degrees=[degree("bachelor", date(2015, 6, 1)), degree("master", date(2023, 7, 1))],
    )
    assert_hours(rsc_item(facts), "not_met", 0, 50)


def test_2025_ifs_rsc_needs_no_degree():
    facts = with_rsc(MI2025, "IFS", entry("IFS", 24, code="ERS"), degrees=[])
    assert_hours(rsc_item(facts), "met", 24, 24)


# --- IMHM-C: 25 hours about the RS/C the applicant provides --------------------------------


@pytest.mark.parametrize(("about", "status"), [(25, "met"), (24.5, "not_met")])
def test_imhm_c_about_rsc_provided_boundary(about, status):
    facts = with_rsc(
        ORIMHA,
        "IMHM-C",
        rsc(about, endorsements=("IMHM-C",), about_rsc_provided=True),
        rsc(50 - about, endorsements=("IMHM-C",), about_rsc_provided=False),
    )
    item = rsc_item(facts)
    assert item["status"] == status
    assert_plain_sentence(item["summary"], 50, f"{about:g}", 25)


def test_imhm_c_about_rsc_provided_from_a_non_qualifying_provider_does_not_count():
    facts = with_rsc(
        ORIMHA,
        "IMHM-C",
        rsc(25, endorsements=("IMHS",), about_rsc_provided=True),
        rsc(50, endorsements=("IMHM-C",), about_rsc_provided=False),
    )
    assert rsc_item(facts)["status"] == "not_met"


# --- not required -------------------------------------------------------------------------


@pytest.mark.parametrize("category", ["IFA", "IMHM-P", "IMHM-R/F"])
@pytest.mark.parametrize("entries", [[], [rsc(3, endorsements=())]])
def test_not_required_categories(category, entries):
    facts = with_rsc(ORIMHA, category, *entries)
    item = rsc_item(facts)
    assert item["status"] == "not_required"
    assert_plain_sentence(item["summary"])


# --- received while doing the qualifying work (issue 10) ---------------------------------------
# Seed 000 IFS: "... reflective supervision or consultation, individually or in a group while
# providing services to infants/toddlers (birth to 36 months) and families". IMHS: "post-Masters,
# while providing services to infants/toddlers (birth to 36 months) and families". IMHM-C:
# "post-Masters degree, individually or in a group while providing RS/C to infant-family
# professionals". Seed 002 IFS: "from a qualified provider while having one of the following work
# experiences".

WORK_FOR_RSC = {
    (ORIMHA, "IFS"): lambda start, end: ifs_work(start, end, families=12),
    (ORIMHA, "IMHS"): imh_work,
    (ORIMHA, "IMHM-C"): lambda start, end: imh_work(start, end, provides_rsc=True),
    (MI2025, "IFS"): lambda start, end: ifs_work(start, end, families=10),
}


@pytest.mark.parametrize(("edition", "category", "need", "code"), RSC_CASES)
def test_rsc_before_the_work_began_does_not_count(edition, category, need, code):
    # RS/C in 2017-18 for work that began in 2019.
    facts = with_rsc(edition, category, entry(category, need, date(2017, 6, 1), date(2018, 6, 1), code=code))
    facts["degrees"] = [degree("bachelor", date(2010, 6, 1)), degree("master", date(2011, 6, 1))]
    facts["work"] = [WORK_FOR_RSC[(edition, category)](date(2019, 1, 1), None)]
    item = rsc_item(facts)
    assert item["status"] == "not_met"
    assert float(item["have"]) == 0
    assert any("counts only while" in detail for detail in item["details"])


@pytest.mark.parametrize(("edition", "category", "need", "code"), RSC_CASES)
def test_rsc_counts_only_the_days_of_qualifying_work(edition, category, need, code):
    # An entry over 2022 (365 days) while the qualifying work began on 2022-07-02: 184 of its
    # 365 days fall within the work.
    facts = with_rsc(
        edition, category, entry(category, 2 * need, date(2022, 1, 1), date(2022, 12, 31), code=code)
    )
    facts["degrees"] = [degree("bachelor", date(2010, 6, 1)), degree("master", date(2011, 6, 1))]
    facts["work"] = [WORK_FOR_RSC[(edition, category)](date(2022, 7, 2), None)]
    item = rsc_item(facts)
    assert abs(float(item["have"]) - round(2 * need * 183 / 365, 2)) < 0.011


@pytest.mark.parametrize(("edition", "category", "need", "code"), RSC_CASES)
def test_rsc_with_no_work_recorded_needs_review(edition, category, need, code):
    # Where the work data is missing the engine cannot tell: needs_review with the reason, never met.
    facts = with_rsc(edition, category, entry(category, need, code=code), work=[])
    item = rsc_item(facts)
    assert item["status"] == "needs_review"
    assert "counts only while" in item["summary"]
    assert_plain_sentence(item["summary"], need)


@pytest.mark.parametrize(("edition", "category", "need", "code"), RSC_CASES)
def test_rsc_during_work_that_does_not_say_what_it_was_needs_review(edition, category, need, code):
    # Partial work data: a position that does not say whether it was the qualifying work.
    facts = with_rsc(edition, category, entry(category, need, code=code))
    facts["work"] = [work(date(2015, 1, 1), None, paid=True)]
    assert rsc_item(facts)["status"] == "needs_review"


def test_imhs_rsc_while_not_providing_services_does_not_count():
    facts = with_rsc(ORIMHA, "IMHS", entry("IMHS", 50, code="IMHS"))
    facts["work"] = [
        work(date(2018, 7, 1), None, title="Trainer", infant_related=False, with_infant_and_parent=False)
    ]
    assert rsc_item(facts)["status"] == "not_met"


def test_imhm_c_rsc_counts_only_while_providing_rsc():
    # "while providing RS/C to infant-family professionals"
    facts = application("IMHM-C")
    facts["work"] = [
        imh_work(date(2012, 7, 1), None, provides_rsc=False),
        work(date(2023, 7, 1), None, title="RS/C provider", provides_rsc=True),
    ]
    item = rsc_item(facts)
    assert item["status"] == "not_met"
    assert float(item["have"]) < 50


@pytest.mark.parametrize(
    "flags",
    [{"mental_health_consultation": True}, {"supervises_staff": True}, {"infant_related": True}],
)
def test_2025_ifs_rsc_during_any_named_work_experience(flags):
    # "providing (or providing supervision to staff who are providing) services to infants ...
    # and/or providing (or ...) mental health consultation services (birth to 36 months) through a
    # relational lens with a focus on social emotional development"
    facts = application("IFS", MI2025)
    facts["rsc"] = [entry("IFS", 24, date(2016, 1, 1), date(2016, 12, 31), code="ERS")]
    facts["work"].append(work(date(2015, 1, 1), date(2017, 12, 31), paid=True, **flags))
    assert rsc_item(facts)["status"] == "met"


def test_2025_ifs_rsc_outside_those_work_experiences_does_not_count():
    facts = application("IFS", MI2025)
    facts["rsc"] = [entry("IFS", 24, date(2016, 1, 1), date(2016, 12, 31), code="ERS")]
    facts["work"].append(
        work(
            date(2015, 1, 1),
            date(2017, 12, 31),
            paid=True,
            infant_related=False,
            mental_health_consultation=False,
            supervises_staff=False,
        )
    )
    assert rsc_item(facts)["status"] == "not_met"
