"""Written examination, code of ethics and agreement, leadership activities, membership.

Seed 000 IMHS: "Successful completion of the IMH Endorsement written examination, which
includes a multiple choice and an essay portion"; IMHM: "... the essay portion of the exam
differs for Clinical, Policy, and Research/Faculty applicants"; IFA/IFS: "Written examination
not required". Every category of both documents: "CODE OF ETHICS AND ENDORSEMENT AGREEMENT
Signed" and "PROFESSIONAL MEMBERSHIP Membership in ...". IMHM: "LEADERSHIP ACTIVITIES AT THE
REGIONAL OR STATE LEVEL".
"""

from datetime import timedelta

import pytest

from .facts_builders import (
    ALL_CATEGORIES,
    AS_OF,
    IMHM_CATEGORIES,
    MI2025,
    ORIMHA,
    application,
    assert_plain_sentence,
    exam,
    membership,
    req,
    run,
)

EXAM_CATEGORIES = ("IMHS", *IMHM_CATEGORIES)
NO_EXAM = [(ORIMHA, "IFA"), (ORIMHA, "IFS"), (MI2025, "IFS")]
TRACK = {"IMHM-C": "clinical", "IMHM-P": "policy", "IMHM-R/F": "research_faculty"}
TRACKS = ("clinical", "policy", "research_faculty")


def exam_item(facts):
    return req(facts, "exam")


# --- exam ----------------------------------------------------------------------------------


@pytest.mark.parametrize("category", EXAM_CATEGORIES)
def test_both_parts_passed_is_met(category):
    item = exam_item(application(category))
    assert item["status"] == "met"
    assert_plain_sentence(item["summary"])


@pytest.mark.parametrize("category", EXAM_CATEGORIES)
@pytest.mark.parametrize(
    ("multiple_choice", "essay"),
    [
        ("passed", None),
        (None, "passed"),
        (None, None),
        ("failed", "passed"),
        ("passed", "failed"),
        ("failed", "failed"),
    ],
)
def test_a_part_not_passed_is_not_met(category, multiple_choice, essay):
    facts = application(category)
    facts["exam"] = exam(multiple_choice, essay, TRACK.get(category))
    item = exam_item(facts)
    assert item["status"] == "not_met"
    assert_plain_sentence(item["summary"])


@pytest.mark.parametrize("category", EXAM_CATEGORIES)
def test_no_exam_at_all_is_not_met(category):
    facts = application(category)
    del facts["exam"]
    assert exam_item(facts)["status"] == "not_met"


@pytest.mark.parametrize("category", IMHM_CATEGORIES)
@pytest.mark.parametrize("track", TRACKS)
def test_imhm_essay_track_must_match_the_designation(category, track):
    # (an essay with no track recorded: see test_rules_disputed.py)
    facts = application(category)
    facts["exam"] = exam("passed", "passed", track)
    item = exam_item(facts)
    assert item["status"] == ("met" if track == TRACK[category] else "not_met")
    assert_plain_sentence(item["summary"])


@pytest.mark.parametrize("track", [*TRACKS, None])
def test_imhs_has_a_single_essay(track):
    facts = application("IMHS")
    facts["exam"] = exam("passed", "passed", track)
    assert exam_item(facts)["status"] == "met"


@pytest.mark.parametrize(("edition", "category"), NO_EXAM)
@pytest.mark.parametrize("taken", [exam(None, None), exam("failed", "failed")])
def test_no_exam_for_ifa_and_ifs(edition, category, taken):
    facts = application(category, edition)
    facts["exam"] = taken
    item = exam_item(facts)
    assert item["status"] == "not_required"
    assert_plain_sentence(item["summary"])


# --- code of ethics and agreement ----------------------------------------------------------


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
@pytest.mark.parametrize(
    ("field", "key"), [("code_of_ethics_signed", "code_of_ethics"), ("agreement_signed", "agreement")]
)
def test_signed_is_met(edition, category, field, key):
    item = req(application(category, edition), key)
    assert item["status"] == "met"
    assert_plain_sentence(item["summary"])


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
@pytest.mark.parametrize(
    ("field", "key"), [("code_of_ethics_signed", "code_of_ethics"), ("agreement_signed", "agreement")]
)
@pytest.mark.parametrize("value", [False, "missing"])
def test_unsigned_is_not_met(edition, category, field, key, value):
    facts = application(category, edition)
    if value == "missing":
        del facts[field]
    else:
        facts[field] = value
    result = run(facts)
    item = [i for i in result["requirements"] if i["key"] == key][0]
    assert item["status"] == "not_met"
    assert_plain_sentence(item["summary"])
    assert result["status"] == "not_eligible"


# --- leadership activities (IMHM) ----------------------------------------------------------


@pytest.mark.parametrize("category", IMHM_CATEGORIES)
@pytest.mark.parametrize(("count", "status"), [(0, "not_met"), (1, "met"), (4, "met")])
def test_imhm_leadership_activities_boundary(category, count, status):
    facts = application(category)
    facts["leadership_activities"] = [{"description": f"Activity {n}"} for n in range(count)]
    item = req(facts, "leadership_activities")
    assert item["status"] == status
    assert item["have"] == count and item["need"] == 1
    assert_plain_sentence(item["summary"], count, 1)


@pytest.mark.parametrize(
    ("edition", "category"), [(ORIMHA, "IFA"), (ORIMHA, "IFS"), (ORIMHA, "IMHS"), (MI2025, "IFS")]
)
def test_leadership_activities_not_required_below_mentor(edition, category):
    facts = application(category, edition)
    assert facts["leadership_activities"] == []
    item = req(facts, "leadership_activities")
    assert item["status"] == "not_required"
    assert_plain_sentence(item["summary"])


# --- membership ----------------------------------------------------------------------------


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
@pytest.mark.parametrize(
    ("expires", "status"),
    [
        (AS_OF, "met"),
        (AS_OF - timedelta(days=1), "not_met"),
        (None, "met"),
        (AS_OF + timedelta(days=300), "met"),
    ],
)
def test_membership_expiry_boundary(edition, category, expires, status):
    facts = application(category, edition)
    facts["membership"] = membership("Infant Mental Health Association", expires)
    item = req(facts, "membership")
    assert item["status"] == status
    assert_plain_sentence(item["summary"])


@pytest.mark.parametrize(("edition", "category"), ALL_CATEGORIES)
@pytest.mark.parametrize("value", ["missing", None, {"association": "", "expires": "2025-01-01"}])
def test_no_membership_is_not_met(edition, category, value):
    facts = application(category, edition)
    if value == "missing":
        del facts["membership"]
    else:
        facts["membership"] = value
    item = req(facts, "membership")
    assert item["status"] == "not_met"
    assert_plain_sentence(item["summary"])


# --- membership of the association the guidelines name (issue 10) ------------------------------

MEMBERSHIP_CASES = [
    # Seed 000: "Membership in the Infant Mental Health Association" — the edition's own (ORIMHA).
    ("orimha", "IFS", "ORIMHA", "met"),
    ("orimha", "IFS", "Oregon Infant Mental Health Association", "met"),
    ("orimha", "IFS", "the Infant Mental Health Association", "met"),
    ("orimha", "IFS", "MI-AIMH", "not_met"),
    ("orimha", "IMHM-C", "Michigan Association for Infant Mental Health", "not_met"),
    ("orimha", "IFA", "American Psychological Association", "not_met"),
    # Seed 002: "Membership in an association for infant mental health" — any such association.
    ("mi-aimh-2025", "IFS", "MI-AIMH", "met"),
    ("mi-aimh-2025", "IFS", "Michigan Association for Infant Mental Health", "met"),
    ("mi-aimh-2025", "IFS", "ORIMHA", "met"),
    ("mi-aimh-2025", "IFS", "Texas Association for Infant Mental Health", "met"),
    ("mi-aimh-2025", "IFS", "National Association of Social Workers", "needs_review"),
]


@pytest.mark.parametrize(("edition", "category", "association", "status"), MEMBERSHIP_CASES)
def test_membership_of_the_association_the_guidelines_name(edition, category, association, status):
    facts = application(category, edition)
    facts["membership"] = {"association": association, "expires": "2025-01-01"}
    item = req(facts, "membership")
    assert item["status"] == status, item
    assert_plain_sentence(item["summary"])


@pytest.mark.parametrize(("association", "status"), [("ORIMHA", "met"), ("MI-AIMH", "not_met")])
def test_orimha_renewal_membership_of_its_own_association(association, status):
    from .facts_builders import renewal

    facts = renewal("IFS")
    facts["membership"] = {"association": association, "expires": "2024-01-01"}
    assert req(facts, "membership")["status"] == status
