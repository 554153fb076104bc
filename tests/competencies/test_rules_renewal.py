"""Renewal, from the documents' RENEWAL REQUIREMENTS sections.

Seed 000 (yearly), every category: "Minimum of 15 clock hours per year of relationship-based
education and training"; "Annual renewal of membership". RS/C: IFS, IMHS, IMHM-C "receive a
minimum of 12 hours of reflective supervision/consultation annually"; IMHM-C "Professionals who
maintain IMHM-C for a minimum of 3 years are not required to continue receiving RS/C"; IFA
"encouraged", IMHM-P/R-F "Optional". "For those who earn IMHS [IMHM-C] Endorsement and provide
reflective supervision or consultation to others, at least three of the hours of specialized
training must be about reflective supervision/consultation"; for IFS only "those who are
Master's prepared".
Seed 002 IFS: "A minimum of 45 clock hours of training is required over the 3-year cycle";
"A minimum of 36 clock hours of reflective supervision/consultation"; "Endorsed for 2 years at
time renewal, complete 30 hours [24 RS/C]; Endorsed for 1 year ..., complete 15 hours [12 RS/C];
If not endorsed for 1 year exempt from renewal"; membership: "No change".
"""

from datetime import date, timedelta

import pytest

from .facts_builders import (
    MI2025,
    ORIMHA_CATEGORIES,
    RENEWAL_AS_OF,
    RENEWAL_DUE,
    RENEWAL_YEAR_START,
    application,
    assert_hours,
    assert_plain_sentence,
    membership,
    renewal,
    req,
    rsc,
    run,
    statuses,
    training,
)

RSC_REQUIRED = ("IFS", "IMHS", "IMHM-C")
RSC_OPTIONAL = ("IFA", "IMHM-P", "IMHM-R/F")
ONE_DAY = timedelta(days=1)


def item(facts, key):
    return req(facts, key)


@pytest.mark.parametrize("category", ORIMHA_CATEGORIES)
def test_complete_renewal_is_eligible(category):
    result = run(renewal(category))
    assert result["status"] == "eligible"
    assert result["kind"] == "renewal"
    assert [i["key"] for i in result["requirements"]] == ["training", "reflective_supervision", "membership"]
    for requirement in result["requirements"]:
        assert_plain_sentence(requirement["summary"])


# --- seed 000 training: 15 hours in the year ending on renewal_due ------------------------


@pytest.mark.parametrize("category", ORIMHA_CATEGORIES)
@pytest.mark.parametrize(("hours", "status"), [(15, "met"), (14.5, "not_met"), (22, "met")])
def test_orimha_training_boundary(category, hours, status):
    facts = renewal(category)
    facts["training"] = [training(hours - 5, date(2022, 10, 1)), training(5, date(2023, 4, 1))]
    result_item = item(facts, "training")
    assert_hours(result_item, status, hours, 15)


@pytest.mark.parametrize("category", ORIMHA_CATEGORIES)
@pytest.mark.parametrize(
    ("day", "counts"),
    [
        (RENEWAL_YEAR_START, True),
        (RENEWAL_YEAR_START - ONE_DAY, False),
        (RENEWAL_DUE, True),
        (RENEWAL_DUE + ONE_DAY, False),
    ],
)
def test_orimha_training_must_fall_in_the_renewal_year(category, day, counts):
    facts = renewal(category)
    facts["as_of"] = (RENEWAL_DUE + timedelta(days=10)).isoformat()
    facts["membership"] = membership(expires=date(2024, 1, 1))
    facts["training"] = [training(10, date(2022, 10, 1)), training(5, day)]
    assert_hours(item(facts, "training"), "met" if counts else "not_met", 15 if counts else 10, 15)


@pytest.mark.parametrize("category", ORIMHA_CATEGORIES)
@pytest.mark.parametrize(("day", "counts"), [(date(2022, 9, 1), True), (date(2022, 8, 31), False)])
def test_orimha_training_before_the_endorsement_does_not_count(category, day, counts):
    facts = renewal(category)
    facts["endorsed_on"] = "2022-09-01"
    facts["training"] = [training(10, date(2022, 10, 1)), training(5, day)]
    assert item(facts, "training")["status"] == ("met" if counts else "not_met")


@pytest.mark.parametrize(("day", "counts"), [(date(2021, 11, 23), True), (date(2021, 11, 22), False)])
def test_a_first_period_longer_than_a_year_counts_from_its_given_start(day, counts):
    # Endorsed on 23 November, less than 90 days before the yearly renewal date: the first period
    # runs to the end of the next year, and hours logged from the grant on count toward it.
    facts = renewal("IFA")
    facts.update(endorsed_on="2021-11-23", period_starts_on="2021-11-23", renewal_due="2022-12-31")
    facts["as_of"] = "2022-12-01"
    facts["membership"] = membership(expires=date(2024, 1, 1))
    facts["training"] = [training(10, date(2022, 10, 1)), training(5, day)]
    assert_hours(item(facts, "training"), "met" if counts else "not_met", 15 if counts else 10, 15)


def test_without_a_given_start_the_period_is_the_year_ending_on_the_due_date():
    facts = renewal("IFA")
    facts.update(endorsed_on="2021-11-23", renewal_due="2022-12-31", as_of="2022-12-01")
    facts["membership"] = membership(expires=date(2024, 1, 1))
    facts["training"] = [training(10, date(2022, 10, 1)), training(5, date(2021, 12, 1))]
    assert_hours(item(facts, "training"), "not_met", 10, 15)


# --- seed 000 RS/C: 12 hours a year for IFS, IMHS, IMHM-C ----------------------------------


@pytest.mark.parametrize("category", RSC_REQUIRED)
@pytest.mark.parametrize(("hours", "status"), [(12, "met"), (11.5, "not_met")])
def test_orimha_rsc_boundary(category, hours, status):
    facts = renewal(category)
    facts["rsc"] = [rsc(hours, date(2022, 9, 1), date(2023, 3, 1))]
    result_item = item(facts, "reflective_supervision")
    assert_hours(result_item, status, hours, 12)
    if status == "not_met":
        assert "0.5 to go" in result_item["summary"]


@pytest.mark.parametrize("category", RSC_REQUIRED)
def test_orimha_rsc_none_is_not_met(category):
    facts = renewal(category)
    facts["rsc"] = []
    assert_hours(item(facts, "reflective_supervision"), "not_met", 0, 12)


@pytest.mark.parametrize("category", RSC_REQUIRED)
def test_orimha_rsc_outside_the_year_does_not_count(category):
    facts = renewal(category)
    facts["rsc"] = [rsc(12, date(2022, 1, 1), date(2022, 6, 30))]
    assert_hours(item(facts, "reflective_supervision"), "not_met", 0, 12)


@pytest.mark.parametrize("category", RSC_REQUIRED)
def test_orimha_rsc_straddling_the_year_start_is_prorated(category):
    # 2022-01-01..2022-12-31: 365 days at 0.1 h; 184 of them from 2022-07-01.
    facts = renewal(category)
    facts["rsc"] = [rsc(36.5, date(2022, 1, 1), date(2022, 12, 31))]
    assert_hours(item(facts, "reflective_supervision"), "met", 18.4, 12)


@pytest.mark.parametrize("category", RSC_OPTIONAL)
@pytest.mark.parametrize("entries", [[], [rsc(2, date(2022, 9, 1), date(2022, 10, 1))]])
def test_orimha_rsc_not_required(category, entries):
    facts = renewal(category)
    facts["rsc"] = entries
    result_item = item(facts, "reflective_supervision")
    assert result_item["status"] == "not_required"
    assert_plain_sentence(result_item["summary"])


@pytest.mark.parametrize(("years", "status"), [(2, "not_met"), (3, "not_required"), (10, "not_required")])
def test_orimha_imhm_c_exempt_from_rsc_after_three_years(years, status):
    facts = renewal("IMHM-C")
    facts["rsc"] = []
    facts["years_endorsed_in_category"] = years
    result_item = item(facts, "reflective_supervision")
    assert result_item["status"] == status
    assert_plain_sentence(result_item["summary"])


def test_the_exemption_keeps_the_associations_note_with_its_capitals():
    facts = renewal("IMHM-C")
    facts["rsc"] = []
    facts["years_endorsed_in_category"] = 3
    summary = item(facts, "reflective_supervision")["summary"]
    assert summary.endswith("; RS/C is strongly recommended if you provide direct service and/or RS/C.")


@pytest.mark.parametrize("category", ["IFS", "IMHS"])
def test_orimha_three_year_exemption_is_only_for_imhm_c(category):
    facts = renewal(category)
    facts["rsc"] = []
    facts["years_endorsed_in_category"] = 10
    assert item(facts, "reflective_supervision")["status"] == "not_met"


# --- seed 000: three training hours about RS/C for those who provide it -------------------


def providing(category, about_hours, highest_degree=None):
    facts = renewal(category)
    facts["provides_rsc"] = True
    if highest_degree:
        facts["highest_degree"] = highest_degree
    facts["training"] = [
        training(15 - about_hours, date(2022, 10, 1)),
        training(about_hours, date(2023, 1, 10), title="Providing RS/C", about_rsc=True),
    ]
    return facts


RSC_TRAINING_CASES = [
    ("IMHS", None),
    ("IMHM-C", None),
    ("IFS", "master"),
    ("IFS", "doctorate"),
]


@pytest.mark.parametrize(("category", "degree_level"), RSC_TRAINING_CASES)
@pytest.mark.parametrize(("about", "status"), [(3, "met"), (2.5, "not_met")])
def test_orimha_rsc_training_boundary(category, degree_level, about, status):
    result_item = item(providing(category, about, degree_level), "training")
    assert result_item["status"] == status
    assert_plain_sentence(result_item["summary"], f"{about:g}", 3)


@pytest.mark.parametrize(("category", "degree_level"), RSC_TRAINING_CASES)
def test_orimha_rsc_training_not_asked_of_those_not_providing(category, degree_level):
    facts = providing(category, 0, degree_level)
    facts["provides_rsc"] = False
    assert item(facts, "training")["status"] == "met"


@pytest.mark.parametrize("degree_level", ["bachelor", "associate"])
def test_orimha_ifs_rsc_training_only_for_master_prepared(degree_level):
    assert item(providing("IFS", 0, degree_level), "training")["status"] == "met"


@pytest.mark.parametrize("category", ["IFA", "IMHM-P", "IMHM-R/F"])
def test_orimha_rsc_training_not_in_other_categories(category):
    assert item(providing(category, 0), "training")["status"] == "met"


@pytest.mark.parametrize("category", ["IMHS", "IMHM-C"])
def test_orimha_rsc_training_must_fall_in_the_year(category):
    facts = providing(category, 3)
    facts["training"][1]["date"] = "2022-06-30"
    facts["training"][0]["hours"] = 15
    assert item(facts, "training")["status"] == "not_met"


# --- membership ----------------------------------------------------------------------------


@pytest.mark.parametrize("category", ORIMHA_CATEGORIES)
@pytest.mark.parametrize(
    ("expires", "status"), [(RENEWAL_AS_OF, "met"), (RENEWAL_AS_OF - ONE_DAY, "not_met")]
)
def test_orimha_membership_boundary(category, expires, status):
    facts = renewal(category)
    facts["membership"] = membership(expires=expires)
    result = run(facts)
    assert statuses(result)["membership"] == status
    assert result["status"] == ("eligible" if status == "met" else "not_eligible")


# --- seed 002: three-year cycle, prorated by full years endorsed --------------------------

# renewal_due 2026-06-30; the hours are dated after every endorsed_on below.
PRORATE = [
    ("2023-06-30", 45, 36),  # 3 full years
    ("2023-07-02", 30, 24),  # 2 full years (1094 days)
    ("2024-06-30", 30, 24),  # exactly 2 years
    ("2024-07-01", 15, 12),  # 1 day short of 2 years
    ("2025-06-30", 15, 12),  # exactly 1 year
    ("2025-07-01", None, None),  # under 1 year: exempt
]


def renewal_2025(endorsed_on, training_hours, rsc_hours):
    facts = renewal("IFS", MI2025)
    facts["endorsed_on"] = endorsed_on
    facts["years_endorsed_in_category"] = 0
    facts["training"] = [training(training_hours, date(2025, 9, 1))] if training_hours else []
    facts["rsc"] = (
        [rsc(rsc_hours, date(2025, 8, 1), date(2026, 6, 1), endorsements=("ERS",))] if rsc_hours else []
    )
    return facts


def test_2025_complete_renewal_is_eligible():
    result = run(renewal("IFS", MI2025))
    assert result["status"] == "eligible"
    assert_hours(req(renewal("IFS", MI2025), "training"), "met", 45, 45)
    assert_hours(req(renewal("IFS", MI2025), "reflective_supervision"), "met", 36, 36)


@pytest.mark.parametrize(("endorsed_on", "training_need", "rsc_need"), [p for p in PRORATE if p[1]])
def test_2025_prorated_hours_just_met(endorsed_on, training_need, rsc_need):
    facts = renewal_2025(endorsed_on, training_need, rsc_need)
    assert_hours(item(facts, "training"), "met", training_need, training_need)
    assert_hours(item(facts, "reflective_supervision"), "met", rsc_need, rsc_need)
    assert run(facts)["status"] == "eligible"


@pytest.mark.parametrize(("endorsed_on", "training_need", "rsc_need"), [p for p in PRORATE if p[1]])
def test_2025_prorated_hours_just_short(endorsed_on, training_need, rsc_need):
    facts = renewal_2025(endorsed_on, training_need - 0.5, rsc_need - 0.5)
    training_item = item(facts, "training")
    rsc_item = item(facts, "reflective_supervision")
    assert_hours(training_item, "not_met", training_need - 0.5, training_need)
    assert_hours(rsc_item, "not_met", rsc_need - 0.5, rsc_need)
    assert "0.5 to go" in training_item["summary"] and "0.5 to go" in rsc_item["summary"]


def test_2025_under_one_year_is_exempt():
    facts = renewal_2025("2025-07-01", 0, 0)
    result = run(facts)
    by_key = statuses(result)
    assert by_key["training"] == "not_required"
    assert by_key["reflective_supervision"] == "not_required"
    assert by_key["membership"] == "met"
    assert result["status"] == "eligible"
    for requirement in result["requirements"]:
        assert_plain_sentence(requirement["summary"])


def test_2025_exempt_still_needs_membership():
    facts = renewal_2025("2025-07-01", 0, 0)
    facts["membership"] = membership("MI-AIMH", date(2026, 6, 14))
    assert run(facts)["status"] == "not_eligible"


def test_2025_training_before_the_cycle_does_not_count():
    facts = renewal("IFS", MI2025)
    facts["training"] = [training(30, date(2023, 1, 1)), training(15, date(2025, 9, 1))]
    assert_hours(item(facts, "training"), "not_met", 15, 45)


def test_2025_training_before_the_endorsement_does_not_count():
    facts = renewal_2025("2024-06-30", 30, 24)
    facts["training"].append(training(30, date(2024, 6, 29)))
    facts["training"][0]["hours"] = 29
    assert_hours(item(facts, "training"), "not_met", 29, 30)


def test_2025_rsc_needs_no_particular_yearly_spread():
    facts = renewal("IFS", MI2025)
    facts["rsc"] = [rsc(36, date(2026, 1, 1), date(2026, 2, 1), endorsements=("ERS",))]
    assert_hours(item(facts, "reflective_supervision"), "met", 36, 36)


def test_2025_membership_boundary():
    facts = renewal("IFS", MI2025)
    facts["membership"] = membership("MI-AIMH", date(2026, 6, 15))
    assert item(facts, "membership")["status"] == "met"
    facts["membership"] = membership("MI-AIMH", date(2026, 6, 14))
    assert item(facts, "membership")["status"] == "not_met"


def test_the_kind_decides_between_application_and_renewal_rules():
    assert run(application("IFS", MI2025))["kind"] == "application"
    assert run(renewal("IFS", MI2025))["kind"] == "renewal"
