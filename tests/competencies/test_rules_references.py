"""Professional reference ratings, from the documents' REFERENCE RATINGS sections.

Seed 000 IFA: "Total of three required: 1. One must come from a current supervisor 2. At least
one must come from an individual who is IMH or ECMH endorsed ... or is familiar with the
Competency Guidelines and vetted by an Endorsement Coordinator 3. One can come from a
colleague, or a parent/recipient of services ..., teacher, CDA mentor, or Board member".
Seed 000 IFS: "At least one rating must come from endorsed IFS, ECFS, IMHS, ECMHS, IMHM, or
ECMHM ... 1. One from current program supervisor 2. One from person providing reflective
supervision/consultation 3. One from another supervisor, teacher, trainer, consultant, or
colleague". IMHS: the same, third also "or supervisee". IMHM-C: "1. ... program supervisor 2.
... person providing RS/C to the applicant 3. ... person receiving RS/C from the applicant".
IMHM-P: "1. ... program supervisor 2. ... person providing RS/C, if applicable 3. If no one
available from first two categories, applicant may ask three colleagues". IMHM-R/F: "1. ...
department supervisor or chair ... If not, applicant may ask a colleague 2. ... person providing
RS/C, if applicable. If not applicable, applicant may ask a colleague 3. One from a student".
Seed 002 IFS: "Total of three ratings" by the IFS roles, no endorsed-rater requirement.
Only submitted ratings count.
"""

from datetime import timedelta

import pytest

from competencies.rules.facts import ENDORSEMENT_CODES

from .facts_builders import (
    ALL_CATEGORIES,
    AS_OF,
    MI2025,
    ORIMHA,
    application,
    assert_plain_sentence,
    reference,
    req,
    run,
)

R = reference
# Every endorsement code but IFA, ECFA and ERS, in the same order.
ENDORSED_CODES = [code for code in ENDORSEMENT_CODES if code not in ("IFA", "ECFA", "ERS")]


def refs(facts):
    return req(facts, "references")


def with_refs(edition, category, *references):
    facts = application(category, edition)
    facts["references"] = list(references)
    return facts


def assert_count(item, status, have):
    assert item["status"] == status, item
    assert item["have"] == have, item
    assert item["need"] == 3, item
    assert_plain_sentence(item["summary"], have, 3)
    assert f"{have} of 3" in item["summary"]


# --- only submitted ratings count, three of them -------------------------------------------


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_complete_references_are_met(edition, category):
    assert_count(refs(application(category, edition)), "met", 3)


@pytest.mark.parametrize("status", ["requested", "declined"])
@pytest.mark.parametrize("index", [0, 1, 2])
@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_a_rating_not_submitted_does_not_count(edition, category, index, status):
    facts = application(category, edition)
    facts["references"][index]["status"] = status
    item = refs(facts)
    assert_count(item, "not_met", 2)
    assert "1 to go" in item["summary"]


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_no_references_is_not_met(edition, category):
    facts = with_refs(edition, category)
    item = refs(facts)
    assert_count(item, "not_met", 0)
    assert "3 to go" in item["summary"]


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
def test_a_fourth_rating_does_no_harm(edition, category):
    facts = application(category, edition)
    facts["references"].append(R("colleague", status="declined"))
    facts["references"].append(R("colleague"))
    assert refs(facts)["status"] == "met"


# --- roles ---------------------------------------------------------------------------------

VALID = {
    (ORIMHA, "IFA"): [
        [R("current_supervisor", ["IMHS"]), R("colleague"), R("parent")],
        [R("program_supervisor", ["IMHS"]), R("teacher"), R("cda_mentor")],
        [R("current_supervisor"), R("board_member", ["IFS"]), R("colleague")],
    ],
    (ORIMHA, "IFS"): [
        [R("program_supervisor", ["IMHS"]), R("rsc_provider"), R("colleague")],
        [R("current_supervisor", ["IMHS"]), R("rsc_provider"), R("teacher")],
        [R("program_supervisor"), R("rsc_provider", ["IMHM-C"]), R("trainer")],
        [R("program_supervisor"), R("rsc_provider"), R("consultant", ["IFS"])],
        [R("program_supervisor"), R("rsc_provider", ["IMHS"]), R("other_supervisor")],
    ],
    (ORIMHA, "IMHS"): [
        [R("program_supervisor", ["IMHS"]), R("rsc_provider"), R("colleague")],
        [R("current_supervisor"), R("rsc_provider", ["IMHS"]), R("supervisee")],
        [R("program_supervisor"), R("rsc_provider"), R("other_supervisor", ["IFS"])],
    ],
    (ORIMHA, "IMHM-C"): [
        [R("program_supervisor", ["IMHM-C"]), R("rsc_provider"), R("rsc_recipient")],
        [R("current_supervisor"), R("rsc_provider", ["IMHM-C"]), R("rsc_recipient")],
    ],
    (ORIMHA, "IMHM-P"): [
        [R("program_supervisor", ["IMHM-P"]), R("rsc_provider"), R("colleague")],
        [R("colleague", ["IMHM-P"]), R("colleague"), R("colleague")],
    ],
    (ORIMHA, "IMHM-R/F"): [
        [R("department_chair", ["IMHM-R/F"]), R("rsc_provider"), R("student")],
        [R("colleague", ["IMHM-R/F"]), R("colleague"), R("student")],
        [R("department_chair"), R("colleague", ["IMHS"]), R("student")],
    ],
    (MI2025, "IFS"): [
        [R("program_supervisor"), R("rsc_provider"), R("colleague")],
        [R("current_supervisor"), R("rsc_provider"), R("trainer")],
        [R("program_supervisor"), R("rsc_provider"), R("other_supervisor")],
    ],
}

# (references, a word the summary should use to name what is missing)
INVALID = {
    (ORIMHA, "IFA"): [
        ([R("colleague", ["IMHS"]), R("colleague"), R("parent")], "supervisor"),
    ],
    (ORIMHA, "IFS"): [
        ([R("program_supervisor", ["IMHS"]), R("colleague"), R("colleague")], "reflective"),
        ([R("colleague", ["IMHS"]), R("rsc_provider"), R("colleague")], "supervisor"),
        ([R("program_supervisor", ["IMHS"]), R("rsc_provider"), R("parent")], "colleague"),
        ([R("program_supervisor", ["IMHS"]), R("rsc_provider"), R("supervisee")], "colleague"),
    ],
    (ORIMHA, "IMHS"): [
        ([R("program_supervisor", ["IMHS"]), R("colleague"), R("supervisee")], "reflective"),
        ([R("colleague", ["IMHS"]), R("rsc_provider"), R("supervisee")], "supervisor"),
        ([R("program_supervisor", ["IMHS"]), R("rsc_provider"), R("parent")], "colleague"),
    ],
    (ORIMHA, "IMHM-C"): [
        ([R("program_supervisor", ["IMHM-C"]), R("rsc_provider"), R("colleague")], "receiving"),
        ([R("program_supervisor", ["IMHM-C"]), R("colleague"), R("rsc_recipient")], "providing"),
        ([R("colleague", ["IMHM-C"]), R("rsc_provider"), R("rsc_recipient")], "supervisor"),
    ],
    (ORIMHA, "IMHM-R/F"): [
        ([R("department_chair", ["IMHM-R/F"]), R("rsc_provider"), R("colleague")], "student"),
        ([R("colleague", ["IMHM-R/F"]), R("colleague"), R("colleague")], "student"),
    ],
    (MI2025, "IFS"): [
        ([R("program_supervisor"), R("colleague"), R("colleague")], "reflective"),
        ([R("colleague"), R("rsc_provider"), R("colleague")], "supervisor"),
    ],
}


@pytest.mark.parametrize(
    ("edition", "category", "references"),
    [(e, c, r) for (e, c), cases in VALID.items() for r in cases],
)
def test_valid_role_sets_are_met(edition, category, references):
    assert_count(refs(with_refs(edition, category, *references)), "met", 3)


@pytest.mark.parametrize(
    ("edition", "category", "references", "missing"),
    [(e, c, r, m) for (e, c), cases in INVALID.items() for r, m in cases],
)
def test_missing_role_is_not_met_and_named(edition, category, references, missing):
    item = refs(with_refs(edition, category, *references))
    assert item["status"] == "not_met", item
    assert_plain_sentence(item["summary"])
    assert missing in item["summary"].lower(), item["summary"]


# --- at least one endorsed rater (seed 000 IFS, IMHS, IMHM) --------------------------------

ENDORSED_REQUIRED = [(ORIMHA, c) for c in ("IFS", "IMHS", "IMHM-C", "IMHM-P", "IMHM-R/F")]


def strip_endorsements(facts):
    for ref in facts["references"]:
        ref["rater_endorsements"] = []
    return facts


@pytest.mark.parametrize(("edition", "category"), ENDORSED_REQUIRED)
def test_no_endorsed_rater_is_not_met(edition, category):
    item = refs(strip_endorsements(application(category, edition)))
    assert item["status"] == "not_met"
    assert_plain_sentence(item["summary"])
    assert "endorsed" in item["summary"].lower()


@pytest.mark.parametrize(("edition", "category"), ENDORSED_REQUIRED)
@pytest.mark.parametrize("code", ENDORSED_CODES)
def test_each_listed_endorsement_makes_an_endorsed_rater(edition, category, code):
    facts = strip_endorsements(application(category, edition))
    facts["references"][2]["rater_endorsements"] = [code]
    assert refs(facts)["status"] == "met"


@pytest.mark.parametrize(("edition", "category"), ENDORSED_REQUIRED)
def test_an_ifa_endorsed_rater_is_not_enough_above_ifa(edition, category):
    facts = strip_endorsements(application(category, edition))
    facts["references"][0]["rater_endorsements"] = ["IFA"]
    assert refs(facts)["status"] == "not_met"


@pytest.mark.parametrize(("edition", "category"), ENDORSED_REQUIRED)
def test_vetting_does_not_replace_endorsement_above_ifa(edition, category):
    facts = strip_endorsements(application(category, edition))
    for ref in facts["references"]:
        ref["vetted"] = True
    assert refs(facts)["status"] == "not_met"


@pytest.mark.parametrize(("edition", "category"), ENDORSED_REQUIRED)
def test_an_endorsed_rater_who_has_not_submitted_does_not_count(edition, category):
    facts = strip_endorsements(application(category, edition))
    facts["references"].append(R("colleague", ["IMHM-C"], status="requested"))
    assert refs(facts)["status"] == "not_met"


def test_2025_ifs_needs_no_endorsed_rater():
    facts = application("IFS", MI2025)
    assert all(not ref["rater_endorsements"] for ref in facts["references"])
    assert refs(facts)["status"] == "met"


# --- IFA: endorsed, or vetted by the coordinator -------------------------------------------


def ifa_unendorsed(**first):
    facts = application("IFA")
    facts["references"] = [R("current_supervisor", **first), R("colleague"), R("parent")]
    return facts


def test_ifa_nobody_endorsed_or_vetted_yet_needs_review():
    item = refs(ifa_unendorsed())
    assert item["status"] == "needs_review"
    assert_plain_sentence(item["summary"])
    assert run(ifa_unendorsed())["status"] == "needs_review"


def test_ifa_a_vetted_rater_is_met():
    assert refs(ifa_unendorsed(vetted=True))["status"] == "met"


@pytest.mark.parametrize("code", ["IMHS", "ECMHS", "IFS", "IMHM-C", "ECMHM-P"])
def test_ifa_an_endorsed_rater_is_met(code):
    facts = ifa_unendorsed()
    facts["references"][1]["rater_endorsements"] = [code]
    assert refs(facts)["status"] == "met"


def test_ifa_too_few_ratings_is_not_met_not_needs_review():
    facts = ifa_unendorsed()
    facts["references"][2]["status"] = "requested"
    assert refs(facts)["status"] == "not_met"


def test_ifa_vetted_rater_must_have_submitted():
    facts = ifa_unendorsed()
    facts["references"].append(R("colleague", vetted=True, status="requested"))
    assert refs(facts)["status"] == "needs_review"


# --- ratings that do not count: too many "not enough information", too old ---------------


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
@pytest.mark.parametrize(("count", "status", "have"), [(5, "met", 3), (6, "not_met", 2)])
def test_not_enough_information_boundary(edition, category, count, status, have):
    facts = application(category, edition)
    facts["references"][2]["not_enough_information"] = count
    assert_count(refs(facts), status, have)


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
@pytest.mark.parametrize(("age", "status", "have"), [(0, "met", 3), (365, "met", 3), (366, "not_met", 2)])
def test_rating_age_boundary(edition, category, age, status, have):
    facts = application(category, edition)
    facts["references"][2]["submitted_on"] = (AS_OF - timedelta(days=age)).isoformat()
    assert_count(refs(facts), status, have)


# --- the roles exactly as written (issue 10) ---------------------------------------------------


def references_of(facts):
    return req(facts, "references")


@pytest.mark.parametrize("role", ["colleague", "parent", "teacher", "cda_mentor", "board_member"])
def test_ifa_third_rater_roles_as_written(role):
    # IFA: "3. One can come from a colleague, or a parent/recipient of services (paid or
    # volunteer), teacher, CDA mentor, or Board member"
    facts = application("IFA")
    facts["references"][2] = reference(role)
    assert references_of(facts)["status"] == "met"


@pytest.mark.parametrize("role", ["rsc_provider", "other_supervisor", "trainer", "consultant", "student"])
def test_ifa_rater_roles_the_guidelines_do_not_name_do_not_count(role):
    facts = application("IFA")
    facts["references"][2] = reference(role)
    item = references_of(facts)
    assert item["status"] == "not_met"
    assert any("not among the raters the guidelines name" in detail for detail in item["details"])


def imhs_with_supervisee(**work_flags):
    from datetime import date

    from .facts_builders import imh_work

    facts = application("IMHS")
    facts["work"] = [imh_work(date(2018, 7, 1), None, **work_flags)]
    return facts


def test_imhs_supervisee_counts_when_the_applicant_supervises_staff():
    # IMHS: "3. One from another supervisor, teacher, trainer, consultant, colleague, or
    # supervisee (if applicant is a supervisor)"
    assert references_of(imhs_with_supervisee(supervises_staff=True))["status"] == "met"
    assert references_of(imhs_with_supervisee(provides_rsc=True))["status"] == "met"


def test_imhs_supervisee_does_not_count_when_the_applicant_supervises_no_one():
    item = references_of(imhs_with_supervisee(supervises_staff=False))
    assert item["status"] == "not_met"
    assert any("only if you are a supervisor" in detail for detail in item["details"])


def test_imhs_supervisee_needs_review_when_the_work_record_cannot_say():
    item = references_of(imhs_with_supervisee())
    assert item["status"] == "needs_review"
    assert "only if you are a supervisor" in item["summary"]
    assert_plain_sentence(item["summary"])


def test_imhs_colleague_as_third_rater_needs_no_supervisor_status():
    facts = imhs_with_supervisee()
    facts["references"][2] = reference("colleague")
    assert references_of(facts)["status"] == "met"


@pytest.mark.parametrize(
    ("category", "role"),
    [("IMHM-C", "colleague"), ("IMHM-P", "student"), ("IMHM-R/F", "parent"), ("IFS", "parent")],
)
def test_roles_no_document_names_for_the_category_do_not_count(category, role):
    facts = application(category)
    facts["references"].append(reference(role))
    facts["references"][2] = reference(role)
    assert references_of(facts)["status"] == "not_met"
