"""Education, from the documents' EDUCATION sections.

Seed 000 IFA: "Official transcripts from any academic coursework including Associate's,
Bachelor's, Master's, and/or Doctorate degrees - OR - Official transcript/certificate from
Child Development Associate (CDA) program - OR - Two years of infant-related paid work".
Seed 000 IFS: "Official transcripts from all degrees earned and from any college credits
earned are required. The minimum requirement is a Bachelor ...".
Seed 000 IMHS/IMHM: Master's or Doctorate, "Official transcripts from all degrees ...".
Seed 002 IFS: "No degree requirement".
"""

from datetime import date

import pytest

from .facts_builders import (
    IMHM_CATEGORIES,
    MI2025,
    ORIMHA,
    application,
    assert_plain_sentence,
    degree,
    ifs_work,
    req,
    run,
)

MASTER_CATEGORIES = ("IMHS", *IMHM_CATEGORIES)


def education(facts):
    return req(facts, "education")


# --- IFA: any coursework transcript, or a CDA certificate (or work, see the alternatives) ---


def ifa_without_education():
    facts = application("IFA")
    facts["coursework"] = []
    return facts


def test_ifa_coursework_with_transcript_is_met():
    item = education(application("IFA"))
    assert item["status"] == "met"
    assert_plain_sentence(item["summary"])


def test_ifa_coursework_without_transcript_is_not_met():
    facts = ifa_without_education()
    facts["coursework"] = [{"institution": "Community College", "transcript": False}]
    assert education(facts)["status"] == "not_met"


def test_ifa_nothing_is_not_met():
    item = education(ifa_without_education())
    assert item["status"] == "not_met"
    assert_plain_sentence(item["summary"])


@pytest.mark.parametrize("level", ["associate", "bachelor", "master", "doctorate"])
def test_ifa_any_degree_transcript_is_met(level):
    facts = ifa_without_education()
    facts["degrees"] = [degree(level, date(2015, 6, 1))]
    assert education(facts)["status"] == "met"


@pytest.mark.parametrize("level", ["associate", "bachelor"])
def test_ifa_degree_without_transcript_is_not_met(level):
    facts = ifa_without_education()
    facts["degrees"] = [degree(level, date(2015, 6, 1), transcript=False)]
    assert education(facts)["status"] == "not_met"


def test_ifa_cda_certificate_with_transcript_is_met():
    facts = ifa_without_education()
    facts["certificates"] = [{"kind": "CDA", "transcript": True}]
    assert education(facts)["status"] == "met"


def test_ifa_cda_certificate_without_transcript_or_certificate_document_is_not_met():
    facts = ifa_without_education()
    facts["certificates"] = [{"kind": "CDA", "transcript": False}]
    assert education(facts)["status"] == "not_met"


# --- IFA: "EDUCATION AND/OR WORK EXPERIENCE" — one of the two suffices ---------------------


def test_ifa_education_met_meets_work_through_education():
    # "EDUCATION AND/OR WORK EXPERIENCE ... OR 3. Two years of infant-related paid work
    # experience": one alternative meets both; neither is "not required" (issue 10).
    result = run(application("IFA"))
    work_item = {i["key"]: i for i in result["requirements"]}["work_experience"]
    assert work_item["status"] == "met"
    assert work_item["summary"].startswith("Met through your education: ")
    assert_plain_sentence(work_item["summary"])
    assert result["status"] == "eligible"


def test_ifa_work_met_meets_education_through_work():
    facts = ifa_without_education()
    facts["work"] = [ifs_work(date(2020, 1, 1), None, families=0)]
    result = run(facts)
    by_key = {i["key"]: i for i in result["requirements"]}
    assert by_key["work_experience"]["status"] == "met"
    assert by_key["education"]["status"] == "met"
    assert by_key["education"]["summary"].startswith("Met through your work experience: 4 years 6 months")
    assert_plain_sentence(by_key["education"]["summary"])
    assert result["status"] == "eligible"


def test_ifa_neither_education_nor_work_is_not_eligible():
    result = run(ifa_without_education())
    by_key = {i["key"]: i["status"] for i in result["requirements"]}
    assert by_key["education"] == "not_met"
    assert by_key["work_experience"] == "not_met"
    assert result["status"] == "not_eligible"


# --- IFS (seed 000): Bachelor's or higher, every transcript --------------------------------


@pytest.mark.parametrize("level", ["bachelor", "master", "doctorate"])
def test_ifs_bachelor_or_higher_is_met(level):
    facts = application("IFS")
    facts["degrees"] = [degree(level, date(2019, 6, 1))]
    item = education(facts)
    assert item["status"] == "met"
    assert_plain_sentence(item["summary"])


def test_ifs_associate_only_is_just_short():
    facts = application("IFS")
    facts["degrees"] = [degree("associate", date(2019, 6, 1))]
    item = education(facts)
    assert item["status"] == "not_met"
    assert_plain_sentence(item["summary"])


def test_ifs_no_degree_is_not_met():
    facts = application("IFS")
    facts["degrees"] = []
    assert education(facts)["status"] == "not_met"


def test_ifs_bachelor_without_transcript_is_not_met():
    facts = application("IFS")
    facts["degrees"][0]["transcript"] = False
    assert education(facts)["status"] == "not_met"


def test_ifs_every_degree_needs_its_transcript():
    facts = application("IFS")
    facts["degrees"].append(degree("master", date(2022, 6, 1), transcript=False))
    assert education(facts)["status"] == "not_met"


def test_ifs_every_college_credit_needs_its_transcript():
    facts = application("IFS")
    facts["coursework"] = [{"institution": "Other College", "transcript": False}]
    assert education(facts)["status"] == "not_met"


def test_ifs_college_credits_with_transcript_are_fine():
    facts = application("IFS")
    facts["coursework"] = [{"institution": "Other College", "transcript": True}]
    assert education(facts)["status"] == "met"


# --- IMHS and IMHM: Master's or higher ------------------------------------------------------


@pytest.mark.parametrize("category", MASTER_CATEGORIES)
@pytest.mark.parametrize("level", ["master", "doctorate"])
def test_master_categories_master_or_doctorate_is_met(category, level):
    facts = application(category)
    facts["degrees"] = [degree(level, date(2012, 6, 1))]
    assert education(facts)["status"] == "met"


@pytest.mark.parametrize("category", MASTER_CATEGORIES)
def test_master_categories_bachelor_only_is_just_short(category):
    facts = application(category)
    facts["degrees"] = [degree("bachelor", date(2012, 6, 1))]
    item = education(facts)
    assert item["status"] == "not_met"
    assert_plain_sentence(item["summary"])


@pytest.mark.parametrize("category", MASTER_CATEGORIES)
def test_master_categories_master_without_transcript_is_not_met(category):
    facts = application(category)
    for entry in facts["degrees"]:
        if entry["level"] == "master":
            entry["transcript"] = False
    assert education(facts)["status"] == "not_met"


@pytest.mark.parametrize("category", MASTER_CATEGORIES)
def test_master_categories_earlier_bachelor_needs_its_transcript_too(category):
    facts = application(category)
    facts["degrees"] = [
        degree("bachelor", date(2009, 6, 1), transcript=False),
        degree("master", date(2012, 6, 1)),
    ]
    assert education(facts)["status"] == "not_met"


# --- seed 002 IFS: "No degree requirement" -------------------------------------------------


def test_2025_ifs_has_no_degree_requirement():
    facts = application("IFS", MI2025)
    assert facts["degrees"] == []
    item = education(facts)
    assert item["status"] == "not_required"
    assert_plain_sentence(item["summary"])


def test_2025_ifs_untranscripted_credits_do_not_matter():
    facts = application("IFS", MI2025)
    facts["coursework"] = [{"institution": "Community College", "transcript": False}]
    assert education(facts)["status"] == "not_required"


def test_orimha_and_2025_differ_on_a_bare_application():
    bare_2025 = application("IFS", MI2025)
    bare_orimha = application("IFS", ORIMHA)
    bare_orimha["degrees"] = []
    assert education(bare_2025)["status"] == "not_required"
    assert education(bare_orimha)["status"] == "not_met"


# --- the full guidelines' other accepted education (issue 10) -----------------------------------
# IMHS: "... Doctor of Osteopathy (DO), or other degree specific to one's professional focus in
# infant mental health; university certificate program; and/or course work ...". IMHM-C/P/R-F:
# "... or other degree specific to one's professional focus in infant mental health, postgraduate
# specialization, or university certificate program must be submitted".


@pytest.mark.parametrize("category", ["IMHS", "IMHM-C", "IMHM-P", "IMHM-R/F"])
def test_other_degree_specific_to_imh_needs_the_reviewers(category):
    facts = application(category)
    facts["degrees"] = [
        dict(degree("bachelor", date(2010, 6, 1), name="BS Infant Studies"), imh_specific=True)
    ]
    item = req(facts, "education")
    assert item["status"] == "needs_review"
    assert "specific to your professional focus in infant mental health" in item["summary"]
    assert_plain_sentence(item["summary"])


@pytest.mark.parametrize("category", ["IMHS", "IMHM-C", "IMHM-P", "IMHM-R/F"])
def test_university_certificate_program_is_accepted_education(category):
    facts = application(category)
    facts["degrees"] = []
    facts["certificates"] = [{"kind": "university_imh_certificate", "transcript": True}]
    assert req(facts, "education")["status"] == "met"


@pytest.mark.parametrize(("category", "status"), [("IMHS", "not_met"), ("IMHM-C", "met"), ("IMHM-P", "met")])
def test_postgraduate_specialization_is_named_for_mentors_only(category, status):
    facts = application(category)
    facts["degrees"] = []
    facts["certificates"] = [{"kind": "postgraduate_specialization", "transcript": True}]
    assert req(facts, "education")["status"] == status


def test_an_imh_specific_degree_flag_changes_nothing_for_a_master():
    facts = application("IMHS")
    facts["degrees"][1]["imh_specific"] = True
    assert req(facts, "education")["status"] == "met"
