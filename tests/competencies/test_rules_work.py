"""Work experience, from the documents' WORK EXPERIENCE sections.

Seed 000 IFS: "Minimum two years of paid, post-Bachelor's, professional work experience ...
Served a minimum of 10 families where the target of services is an infant/toddler ...
AND ... social-emotional needs ... AND ... promotion of the relationships".
Seed 000 IMHS: "Two years of postgraduate, supervised paid work experiences ... with both the
infant/toddler and his/her ... parent(s)"; "one year of a supervised graduate internship ...
may be counted ... if the supervisor of the internship is an endorsed professional (IMHM or
IMHS)".
Seed 000 IMHM-C: IMHS criteria "plus three years of postgraduate experience providing infant
mental health reflective supervision/consultation"; IMHM-P: "Three years of postgraduate
experience as a leader in policy and/or program administration"; IMHM-R/F: "Three years of
postgraduate experience as a leader in university".
Seed 000 IFA: "Two years of infant-related paid work experience", volunteer experience "may
meet this criterion" (the coordinator decides).
Seed 002 IFS: "Minimum two years of paid, professional work experience" (no degree), 10 families.

Counting: days inclusive; "N years" are N calendar years (issue 10: "2019-07-01 to
2021-06-29 is one day short of two years"), the days counted laid end to end from the first
of them, so a span holding 29 February needs 731 days for two years; overlaps once, ongoing
(end null) to as_of, post-degree from the conferral date.
"""

from datetime import date, timedelta

import pytest

from .facts_builders import (
    AS_OF,
    MI2025,
    ORIMHA,
    application,
    assert_plain_sentence,
    degree,
    ifs_work,
    imh_work,
    period_end,
    req,
    run,
    work,
)

YEAR = 365
IFS_EDITIONS = (ORIMHA, MI2025)


def work_item(facts):
    return req(facts, "work_experience")


def assert_years(item, status, days, need_years):
    """Exact status; `have` in years (days / 365, to two decimals) and `need`.

    (That a not-met summary must not read "2 years of the 2 years ... 0 months to go" is
    checked in test_rules_disputed.py.)
    """
    assert item["status"] == status, item
    have = item["have"]
    assert_plain_sentence(item["summary"])
    if isinstance(have, list):  # one figure per component
        return
    assert abs(float(have) - days / 365.25) < 0.011, item
    assert float(item["need"]) == need_years, item


# --- IFS, both editions: two years, 10 families, the three focuses -------------------------


@pytest.mark.parametrize("edition", IFS_EDITIONS)
@pytest.mark.parametrize(("days", "status"), [(2 * YEAR, "met"), (2 * YEAR - 1, "not_met")])
def test_ifs_two_years_boundary(edition, days, status):
    facts = application("IFS", edition)
    start = date(2020, 9, 1)
    facts["work"] = [ifs_work(start, period_end(start, days), families=10)]
    assert_years(work_item(facts), status, days, 2)


@pytest.mark.parametrize("edition", IFS_EDITIONS)
# Two calendar years up to 2024-06-30 hold 29 February 2024: 731 days.
@pytest.mark.parametrize(("days", "status"), [(2 * YEAR + 1, "met"), (2 * YEAR, "not_met")])
def test_ifs_ongoing_work_counts_to_as_of(edition, days, status):
    facts = application("IFS", edition)
    facts["work"] = [ifs_work(AS_OF - timedelta(days=days - 1), None, families=10)]
    assert_years(work_item(facts), status, days, 2)


@pytest.mark.parametrize("edition", IFS_EDITIONS)
def test_ifs_work_after_as_of_does_not_count(edition):
    facts = application("IFS", edition)
    facts["work"] = [ifs_work(AS_OF - timedelta(days=2 * YEAR - 2), date(2030, 1, 1), families=10)]
    assert work_item(facts)["status"] == "not_met"


@pytest.mark.parametrize("edition", IFS_EDITIONS)
@pytest.mark.parametrize(("end", "status"), [(date(2021, 12, 31), "met"), (date(2021, 12, 30), "not_met")])
def test_ifs_overlapping_periods_count_once(edition, end, status):
    # 2020-01-01..2021-06-30 and 2021-01-01..end: the union 2020-01-01..2021-12-31 is two
    # calendar years (731 days, 2020 is a leap year); added up they would be far more.
    facts = application("IFS", edition)
    facts["work"] = [
        ifs_work(date(2020, 1, 1), date(2021, 6, 30), families=5),
        ifs_work(date(2021, 1, 1), end, families=5),
    ]
    days = (end - date(2020, 1, 1)).days + 1
    assert_years(work_item(facts), status, days, 2)


@pytest.mark.parametrize("edition", IFS_EDITIONS)
@pytest.mark.parametrize(("families", "status"), [(10, "met"), (9, "not_met"), (25, "met")])
def test_ifs_families_boundary(edition, families, status):
    facts = application("IFS", edition)
    facts["work"] = [ifs_work(date(2020, 1, 1), None, families=families)]
    item = work_item(facts)
    assert item["status"] == status
    assert_plain_sentence(item["summary"], families, 10)


@pytest.mark.parametrize("edition", IFS_EDITIONS)
def test_ifs_families_are_summed_over_positions(edition):
    facts = application("IFS", edition)
    facts["work"] = [
        ifs_work(date(2020, 1, 1), date(2021, 6, 30), families=6),
        ifs_work(date(2021, 7, 1), None, families=4),
    ]
    assert work_item(facts)["status"] == "met"


@pytest.mark.parametrize("edition", IFS_EDITIONS)
def test_ifs_families_from_a_non_qualifying_position_do_not_count(edition):
    facts = application("IFS", edition)
    facts["work"] = [
        ifs_work(date(2020, 1, 1), None, families=9),
        ifs_work(date(2020, 1, 1), None, families=5, social_emotional_focus=False),
    ]
    assert work_item(facts)["status"] == "not_met"


@pytest.mark.parametrize("edition", IFS_EDITIONS)
@pytest.mark.parametrize("flag", ["paid", "infant_related", "social_emotional_focus", "relationship_focus"])
def test_ifs_each_criterion_is_needed(edition, flag):
    facts = application("IFS", edition)
    facts["work"] = [ifs_work(date(2018, 1, 1), None, families=20, **{flag: False})]
    assert work_item(facts)["status"] == "not_met"


@pytest.mark.parametrize("edition", IFS_EDITIONS)
def test_ifs_paid_defaults_to_true(edition):
    facts = application("IFS", edition)
    entry = ifs_work(date(2020, 1, 1), None, families=10)
    del entry["paid"]
    facts["work"] = [entry]
    assert work_item(facts)["status"] == "met"


# From 2019-06-01, two calendar years hold 29 February 2020: 731 days.
@pytest.mark.parametrize(("days", "status"), [(2 * YEAR + 1, "met"), (2 * YEAR, "not_met")])
def test_orimha_ifs_work_counts_from_the_bachelor_conferral(days, status):
    # Work began a year before the BA; only the part from the conferral date counts.
    facts = application("IFS")
    conferred = date(2019, 6, 1)
    facts["degrees"] = [degree("bachelor", conferred)]
    facts["work"] = [ifs_work(date(2018, 6, 1), period_end(conferred, days), families=12)]
    assert_years(work_item(facts), status, days, 2)


def test_orimha_ifs_post_bachelor_counts_from_the_bachelor_not_a_later_master():
    facts = application("IFS")
    facts["degrees"] = [degree("bachelor", date(2015, 6, 1)), degree("master", date(2023, 6, 1))]
    facts["work"] = [ifs_work(date(2015, 7, 1), date(2017, 12, 31), families=12)]
    assert work_item(facts)["status"] == "met"


def test_orimha_ifs_work_before_any_bachelor_does_not_count():
    facts = application("IFS")
    facts["degrees"] = [degree("bachelor", date(2024, 1, 1))]
    facts["work"] = [ifs_work(date(2019, 1, 1), date(2023, 12, 31), families=30)]
    assert work_item(facts)["status"] == "not_met"


def test_2025_ifs_work_needs_no_degree():
    facts = application("IFS", MI2025)
    facts["degrees"] = []
    facts["work"] = [ifs_work(date(2010, 1, 1), date(2012, 12, 31), families=10)]
    assert work_item(facts)["status"] == "met"


# --- IMHS: postgraduate (post-Master's), supervised, paid, with infant AND parent ----------


# From 2018-06-01, two calendar years hold 29 February 2020: 731 days.
@pytest.mark.parametrize(("days", "status"), [(2 * YEAR + 1, "met"), (2 * YEAR, "not_met")])
def test_imhs_two_postgraduate_years_boundary(days, status):
    facts = application("IMHS")
    master = date(2018, 6, 1)
    facts["work"] = [imh_work(date(2016, 1, 1), period_end(master, days))]
    assert_years(work_item(facts), status, days, 2)


@pytest.mark.parametrize("flag", ["with_infant_and_parent", "supervised", "paid"])
def test_imhs_each_criterion_is_needed(flag):
    facts = application("IMHS")
    facts["work"] = [imh_work(date(2018, 7, 1), None, **{flag: False})]
    assert work_item(facts)["status"] == "not_met"


def test_imhs_work_between_bachelor_and_master_does_not_count():
    facts = application("IMHS")
    facts["degrees"] = [degree("bachelor", date(2010, 6, 1)), degree("master", date(2023, 6, 1))]
    facts["work"] = [imh_work(date(2010, 7, 1), None)]
    assert work_item(facts)["status"] == "not_met"


# IMHS internship: one year of paid post-Master's work, plus a graduate internship.


def imhs_with_internship(paid_days, internship_days, supervisor=("IMHS",), **internship_flags):
    facts = application("IMHS")
    master = date(2018, 6, 1)
    internship_end = master - timedelta(days=1)
    internship = imh_work(
        internship_end - timedelta(days=internship_days - 1),
        internship_end,
        title="Graduate intern",
        paid=False,
        internship=True,
        internship_supervisor_endorsements=list(supervisor),
    )
    internship.update(internship_flags)
    facts["work"] = [imh_work(master, period_end(master, paid_days)), internship]
    return facts


def test_imhs_internship_counting_toward_two_years_needs_review():
    item = work_item(imhs_with_internship(YEAR, YEAR))
    assert item["status"] == "needs_review"
    assert_plain_sentence(item["summary"])


@pytest.mark.parametrize("supervisor", ["IMHS", "IMHM-C", "IMHM-P", "IMHM-R/F"])
def test_imhs_internship_supervised_by_imhs_or_any_imhm(supervisor):
    assert work_item(imhs_with_internship(YEAR, YEAR, (supervisor,)))["status"] == "needs_review"


@pytest.mark.parametrize("supervisor", [(), ("IFS",), ("IFA",)])
def test_imhs_internship_without_endorsed_supervisor_does_not_count(supervisor):
    assert work_item(imhs_with_internship(YEAR, YEAR, supervisor))["status"] == "not_met"


def test_imhs_internship_accepted_by_the_coordinator_is_met():
    assert work_item(imhs_with_internship(YEAR, YEAR, accepted=True))["status"] == "met"


def test_imhs_internship_rejected_by_the_coordinator_does_not_count():
    assert work_item(imhs_with_internship(YEAR, YEAR, accepted=False))["status"] == "not_met"


def test_imhs_internship_counts_at_most_one_year():
    # two years of internship and 364 days of paid work: 365 + 364 < 730
    assert work_item(imhs_with_internship(YEAR - 1, 2 * YEAR, accepted=True))["status"] == "not_met"


def test_imhs_internship_plus_paid_just_short():
    assert work_item(imhs_with_internship(YEAR - 1, YEAR, accepted=True))["status"] == "not_met"


def test_imhs_internship_needs_the_imh_practice_criteria():
    facts = imhs_with_internship(YEAR, YEAR, with_infant_and_parent=False)
    assert work_item(facts)["status"] == "not_met"


def test_imhs_internship_is_not_reviewed_when_paid_work_suffices():
    facts = imhs_with_internship(2 * YEAR + 1, YEAR)  # 2018-06-01..2020-05-31
    assert work_item(facts)["status"] == "met"


# --- IMHM-C: IMHS criteria (2 years) plus 3 years providing RS/C ---------------------------


def imhm_c_work(imh_days, rsc_days):
    facts = application("IMHM-C")
    start = date(2015, 1, 1)
    facts["work"] = [
        imh_work(start, period_end(start, imh_days)),
        work(start, period_end(start, rsc_days), title="RS/C provider", provides_rsc=True),
    ]
    return facts


@pytest.mark.parametrize(
    ("imh_days", "rsc_days", "status"),
    [
        # From 2015-01-01: two calendar years are 731 days, three 1096 (2016 is a leap year).
        (2 * YEAR + 1, 3 * YEAR + 1, "met"),
        (2 * YEAR, 3 * YEAR + 1, "not_met"),
        (2 * YEAR + 1, 3 * YEAR, "not_met"),
    ],
)
def test_imhm_c_both_components_boundary(imh_days, rsc_days, status):
    item = work_item(imhm_c_work(imh_days, rsc_days))
    assert item["status"] == status
    assert_plain_sentence(item["summary"], 2, 3)


def test_imhm_c_providing_rsc_before_the_master_does_not_count():
    facts = imhm_c_work(2 * YEAR, 3 * YEAR)
    facts["degrees"] = [degree("master", date(2016, 1, 1))]
    facts["work"][0] = imh_work(date(2016, 1, 1), None)  # specialised work still fine
    assert work_item(facts)["status"] == "not_met"


# --- IMHM-P and IMHM-R/F: three postgraduate years of leadership --------------------------


@pytest.mark.parametrize(
    ("category", "flag"), [("IMHM-P", "policy_leadership"), ("IMHM-R/F", "university_faculty")]
)
@pytest.mark.parametrize(("days", "status"), [(3 * YEAR, "met"), (3 * YEAR - 1, "not_met")])
def test_imhm_leadership_three_years_boundary(category, flag, days, status):
    facts = application(category)
    start = date(2016, 3, 1)
    facts["work"] = [work(start, period_end(start, days), **{flag: True})]
    assert_years(work_item(facts), status, days, 3)


@pytest.mark.parametrize(
    ("category", "flag"), [("IMHM-P", "policy_leadership"), ("IMHM-R/F", "university_faculty")]
)
def test_imhm_leadership_need_not_be_paid(category, flag):
    facts = application(category)
    facts["work"] = [work(date(2016, 1, 1), None, paid=False, **{flag: True})]
    assert work_item(facts)["status"] == "met"


@pytest.mark.parametrize(
    ("category", "flag"), [("IMHM-P", "policy_leadership"), ("IMHM-R/F", "university_faculty")]
)
def test_imhm_leadership_is_postgraduate(category, flag):
    facts = application(category)
    facts["degrees"] = [degree("master", date(2023, 1, 1))]
    facts["work"] = [work(date(2010, 1, 1), None, **{flag: True})]
    assert work_item(facts)["status"] == "not_met"


@pytest.mark.parametrize(
    ("category", "flag"), [("IMHM-P", "university_faculty"), ("IMHM-R/F", "policy_leadership")]
)
def test_imhm_leadership_of_the_other_designation_does_not_count(category, flag):
    facts = application(category)
    facts["work"] = [work(date(2010, 1, 1), None, **{flag: True})]
    assert work_item(facts)["status"] == "not_met"


# --- IFA: two years of infant-related paid work, or volunteer work the coordinator accepts ---


def ifa_by_work(*entries):
    facts = application("IFA")
    facts["coursework"] = []
    facts["work"] = list(entries)
    return facts


@pytest.mark.parametrize(("days", "status"), [(2 * YEAR, "met"), (2 * YEAR - 1, "not_met")])
def test_ifa_two_years_paid_boundary(days, status):
    start = date(2021, 2, 1)
    facts = ifa_by_work(work(start, period_end(start, days), paid=True, infant_related=True))
    assert_years(work_item(facts), status, days, 2)
    assert run(facts)["status"] == ("eligible" if status == "met" else "not_eligible")


def test_ifa_work_must_be_infant_related():
    facts = ifa_by_work(work(date(2018, 1, 1), None, paid=True, infant_related=False))
    assert work_item(facts)["status"] == "not_met"


def test_ifa_work_needs_no_families_or_degree():
    facts = ifa_by_work(work(date(2018, 1, 1), None, paid=True, infant_related=True, families_served=0))
    assert work_item(facts)["status"] == "met"


VOLUNTEER = {
    "paid": False,
    "supervised": True,
    "infant_related": True,
    "volunteer_specialized_training": True,
}


def test_ifa_volunteer_experience_needs_review():
    facts = ifa_by_work(work(date(2018, 1, 1), None, title="CASA volunteer", **VOLUNTEER))
    item = work_item(facts)
    assert item["status"] == "needs_review"
    assert_plain_sentence(item["summary"])
    result = run(facts)
    # education is the alternative; it must not make the application not eligible
    assert result["status"] == "needs_review"


@pytest.mark.parametrize("flag", ["supervised", "infant_related", "volunteer_specialized_training"])
def test_ifa_volunteer_experience_needs_every_condition(flag):
    facts = ifa_by_work(work(date(2018, 1, 1), None, **(VOLUNTEER | {flag: False})))
    assert work_item(facts)["status"] == "not_met"


def test_ifa_one_year_paid_plus_one_year_volunteer_needs_review():
    facts = ifa_by_work(
        work(date(2020, 1, 1), date(2020, 12, 31), paid=True, infant_related=True),
        work(date(2021, 1, 1), date(2021, 12, 31), **VOLUNTEER),
    )
    assert work_item(facts)["status"] == "needs_review"


def test_ifa_volunteer_accepted_is_met():
    facts = ifa_by_work(work(date(2018, 1, 1), None, accepted=True, **VOLUNTEER))
    assert work_item(facts)["status"] == "met"


def test_ifa_volunteer_not_reviewed_when_paid_work_suffices():
    facts = ifa_by_work(
        work(date(2018, 1, 1), None, paid=True, infant_related=True),
        work(date(2018, 1, 1), None, **VOLUNTEER),
    )
    assert work_item(facts)["status"] == "met"


def test_ifa_volunteer_not_reviewed_when_education_suffices():
    facts = application("IFA")
    facts["work"] = [work(date(2018, 1, 1), None, **VOLUNTEER)]
    result = run(facts)
    assert result["status"] == "eligible"
    assert req(facts, "work_experience")["status"] == "met"
    assert req(facts, "work_experience")["summary"].startswith("Met through your education")


def test_work_accepted_false_excludes_the_entry():
    facts = application("IFS")
    facts["work"][0]["accepted"] = False
    assert work_item(facts)["status"] == "not_met"


# --- calendar years (issue 10) ---------------------------------------------------------------


@pytest.mark.parametrize("edition", IFS_EDITIONS)
@pytest.mark.parametrize(
    ("end", "status", "reads"),
    [
        (date(2021, 6, 30), "met", "2 years of the 2 years"),
        (date(2021, 6, 29), "not_met", "1 year 11 months of the 2 years"),
    ],
)
def test_ifs_two_calendar_years_from_july_2019(edition, end, status, reads):
    # "Minimum two years of paid ... work experience": 2019-07-01 to 2021-06-29 is one day short.
    facts = application("IFS", edition)
    facts["work"] = [ifs_work(date(2019, 7, 1), end, families=10)]
    item = work_item(facts)
    assert item["status"] == status
    assert item["summary"].startswith(reads), item["summary"]
    if status == "not_met":
        assert "1 day to go" in item["summary"]
        assert float(item["have"]) < 2


def test_imhm_p_three_calendar_years():
    # "Three years of postgraduate experience as a leader in policy and/or program administration"
    facts = application("IMHM-P")
    leader = {"title": "Policy director", "policy_leadership": True}
    facts["work"] = [work(date(2020, 3, 1), date(2023, 2, 28), **leader)]
    assert work_item(facts)["status"] == "met"
    facts["work"] = [work(date(2020, 3, 1), date(2023, 2, 27), **leader)]
    item = work_item(facts)
    assert item["status"] == "not_met"
    assert item["summary"].startswith("2 years 11 months of the 3 years")
