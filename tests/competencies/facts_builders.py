"""Complete facts (format 1) per category and edition, and small helpers, for the rule tests.

Every complete application here meets every requirement of its category exactly as the
source documents state them (seed 000 for edition ``orimha``, seed 002 for
``mi-aimh-2025``), mostly right at the minimum, so a test only has to take a little away
to land just short of a boundary.
"""

import copy
import re
from datetime import date, timedelta
from functools import cache

from competencies.rules import evaluate, rules_from_fixtures

ORIMHA = "orimha"
MI2025 = "mi-aimh-2025"

ORIMHA_CATEGORIES = ("IFA", "IFS", "IMHS", "IMHM-C", "IMHM-P", "IMHM-R/F")
IMHM_CATEGORIES = ("IMHM-C", "IMHM-P", "IMHM-R/F")
# (edition, category) pairs with an application, every one the two documents describe.
ALL_CATEGORIES = tuple((ORIMHA, code) for code in ORIMHA_CATEGORIES) + ((MI2025, "IFS"),)

AS_OF = date(2024, 6, 30)

# Renewals in the yearly edition: the year ending 2023-06-30 is 2022-07-01 .. 2023-06-30
# whichever way a year is counted (it holds no 29 February).
RENEWAL_DUE = date(2023, 6, 30)
RENEWAL_YEAR_START = date(2022, 7, 1)
RENEWAL_AS_OF = date(2023, 6, 15)
# Renewals in the three-year 2025 edition.
RENEWAL_DUE_2025 = date(2026, 6, 30)
RENEWAL_AS_OF_2025 = date(2026, 6, 15)

# Minimum training hours per document: seed 000 "Minimum 30 clock hours required" for every
# category; seed 002 "Minimum 33 clock hours of trainings".
MIN_TRAINING = {(ORIMHA, code): 30 for code in ORIMHA_CATEGORIES} | {(MI2025, "IFS"): 33}


def iso(day):
    return day.isoformat() if isinstance(day, date) else day


def d(text):
    return date.fromisoformat(text)


def days_before(day, n):
    return day - timedelta(days=n)


def period_end(start, n_days):
    """The last day of a period of ``n_days`` days counted inclusively from ``start``."""
    return start + timedelta(days=n_days - 1)


# --- entries -------------------------------------------------------------------------------


def degree(level, conferred, name=None, transcript=True):
    names = {"associate": "AA", "bachelor": "BSW", "master": "MSW", "doctorate": "PhD"}
    return {
        "level": level,
        "name": name or names[level],
        "conferred": iso(conferred),
        "transcript": transcript,
    }


def work(start, end=None, **flags):
    entry = {"title": "Home visitor", "employer": "Family Services", "start": iso(start), "end": iso(end)}
    entry.update(flags)
    return entry


def ifs_work(start, end=None, families=10, **flags):
    """Work meeting the IFS criteria (seed 000 and seed 002)."""
    base = {
        "paid": True,
        "infant_related": True,
        "families_served": families,
        "social_emotional_focus": True,
        "relationship_focus": True,
    }
    return work(start, end, **(base | flags))


def imh_work(start, end=None, **flags):
    """Work meeting the IMHS specialized work criteria (with infant and parent, supervised, paid)."""
    base = {"paid": True, "infant_related": True, "with_infant_and_parent": True, "supervised": True}
    return work(start, end, **(base | flags))


def training(hours, day=date(2023, 3, 1), title="IMH training", about_rsc=False):
    return {"title": title, "date": iso(day), "hours": hours, "about_rsc": about_rsc}


def rsc(hours, start=date(2023, 1, 1), end=date(2024, 1, 1), endorsements=("IMHM-C",), **extra):
    entry = {
        "provider": "R. Provider",
        "provider_endorsements": list(endorsements),
        "format": "individual",
        "start": iso(start),
        "end": iso(end),
        "hours": hours,
    }
    entry.update(extra)
    return entry


def reference(role, endorsements=(), status="submitted", **extra):
    entry = {"role": role, "rater_endorsements": list(endorsements), "status": status}
    entry.update(extra)
    return entry


def membership(association="Infant Mental Health Association", expires=date(2025, 1, 1)):
    return {"association": association, "expires": iso(expires)}


def exam(multiple_choice="passed", essay="passed", essay_track=None):
    return {"multiple_choice": multiple_choice, "essay": essay, "essay_track": essay_track}


# --- complete applications ---------------------------------------------------------------


def _common(edition, category):
    return {
        "kind": "application",
        "edition": edition,
        "category": category,
        "as_of": iso(AS_OF),
        "degrees": [],
        "coursework": [],
        "certificates": [],
        "work": [],
        "training": [],
        "rsc": [],
        "references": [],
        "leadership_activities": [],
        "exam": {"multiple_choice": None, "essay": None, "essay_track": None},
        "code_of_ethics_signed": True,
        "agreement_signed": True,
        "membership": membership(),
    }


def _split_training(total):
    return [training(total - 10, date(2023, 3, 1)), training(10, date(2024, 2, 1), title="Conference")]


def application(category, edition=ORIMHA):
    """A complete application that meets every requirement of the category, at the minimum."""
    facts = _common(edition, category)
    facts["training"] = _split_training(MIN_TRAINING[(edition, category)])
    if edition == MI2025:
        # Seed 002: no degree; two years of paid work, 10 families; 33 h training; 24 h RS/C
        # from an ERS or IMHM-C; three references by role; signatures; membership.
        facts["work"] = [ifs_work(date(2019, 1, 1), None, families=10)]
        facts["rsc"] = [rsc(24, endorsements=("ERS",))]
        facts["references"] = [
            reference("program_supervisor"),
            reference("rsc_provider"),
            reference("colleague"),
        ]
        facts["membership"] = membership("MI-AIMH")
        return facts
    if category == "IFA":
        facts["coursework"] = [{"institution": "Community College", "transcript": True}]
        facts["references"] = [
            reference("current_supervisor", ["IMHS"]),
            reference("colleague"),
            reference("parent"),
        ]
    elif category == "IFS":
        facts["degrees"] = [degree("bachelor", date(2019, 6, 1), name="BA")]
        facts["work"] = [ifs_work(date(2019, 7, 1), None, families=12)]
        facts["rsc"] = [rsc(24, endorsements=("IMHS",))]
        facts["references"] = [
            reference("program_supervisor", ["IMHS"]),
            reference("rsc_provider"),
            reference("colleague"),
        ]
    elif category == "IMHS":
        facts["degrees"] = [degree("bachelor", date(2015, 6, 1)), degree("master", date(2018, 6, 1))]
        facts["work"] = [imh_work(date(2018, 7, 1), None, supervises_staff=True)]
        facts["rsc"] = [rsc(50, endorsements=("IMHS",))]
        facts["references"] = [
            reference("program_supervisor", ["IMHS"]),
            reference("rsc_provider"),
            reference("supervisee"),
        ]
        facts["exam"] = exam()
    elif category in IMHM_CATEGORIES:
        facts["degrees"] = [degree("master", date(2012, 6, 1))]
        facts["leadership_activities"] = [{"description": "Chairs the regional IECMH study group"}]
        if category == "IMHM-C":
            facts["training"] = [
                training(15, date(2023, 3, 1), title="Providing RS/C", about_rsc=True),
                training(15, date(2024, 2, 1), title="Conference"),
            ]
            facts["work"] = [imh_work(date(2012, 7, 1), None, provides_rsc=True)]
            facts["rsc"] = [
                rsc(25, endorsements=("IMHM-C",), about_rsc_provided=True),
                rsc(25, endorsements=("IMHM-C",), about_rsc_provided=False),
            ]
            facts["references"] = [
                reference("program_supervisor", ["IMHM-C"]),
                reference("rsc_provider"),
                reference("rsc_recipient"),
            ]
            facts["exam"] = exam(essay_track="clinical")
        elif category == "IMHM-P":
            facts["work"] = [work(date(2012, 7, 1), None, title="Policy director", policy_leadership=True)]
            facts["references"] = [
                reference("program_supervisor", ["IMHM-P"]),
                reference("rsc_provider"),
                reference("colleague"),
            ]
            facts["exam"] = exam(essay_track="policy")
        else:
            facts["work"] = [work(date(2012, 7, 1), None, title="Professor", university_faculty=True)]
            facts["references"] = [
                reference("department_chair", ["IMHM-R/F"]),
                reference("colleague"),
                reference("student"),
            ]
            facts["exam"] = exam(essay_track="research_faculty")
    else:
        raise ValueError(category)
    return facts


# --- complete renewals -------------------------------------------------------------------

RENEWAL_RSC_HOURS = {"IFS": 12, "IMHS": 12, "IMHM-C": 12}
HIGHEST_DEGREE = {
    "IFA": "associate",
    "IFS": "bachelor",
    "IMHS": "master",
    "IMHM-C": "master",
    "IMHM-P": "master",
    "IMHM-R/F": "doctorate",
}


def renewal(category, edition=ORIMHA):
    """A complete renewal, at the minimum hours."""
    if edition == MI2025:
        return {
            "kind": "renewal",
            "edition": MI2025,
            "category": category,
            "endorsed_on": "2018-01-15",
            "renewal_due": iso(RENEWAL_DUE_2025),
            "as_of": iso(RENEWAL_AS_OF_2025),
            "training": [training(30, date(2024, 3, 1)), training(15, date(2025, 9, 1))],
            "rsc": [rsc(36, date(2024, 1, 1), date(2025, 12, 31), endorsements=("ERS",))],
            "membership": membership("MI-AIMH", date(2027, 1, 1)),
            "provides_rsc": False,
            "highest_degree": "bachelor",
            "years_endorsed_in_category": 8,
        }
    facts = {
        "kind": "renewal",
        "edition": ORIMHA,
        "category": category,
        "endorsed_on": "2020-07-01",
        "renewal_due": iso(RENEWAL_DUE),
        "as_of": iso(RENEWAL_AS_OF),
        "training": [training(10, date(2022, 10, 1)), training(5, date(2023, 4, 1))],
        "rsc": [],
        "membership": membership(expires=date(2024, 1, 1)),
        "provides_rsc": False,
        "highest_degree": HIGHEST_DEGREE[category],
        "years_endorsed_in_category": 2,
    }
    if category in RENEWAL_RSC_HOURS:
        facts["rsc"] = [rsc(12, date(2022, 9, 1), date(2023, 3, 1), endorsements=("IMHM-C",))]
    return facts


# --- evaluating --------------------------------------------------------------------------


@cache
def _fixture_rules(edition, category):
    return rules_from_fixtures(edition, category)


def fixture_rules(edition, category):
    """The edition's rules read straight from the fixture files (parsed once, copied per use)."""
    return copy.deepcopy(_fixture_rules(edition, category))


def run(facts, **kwargs):
    """Evaluate with the edition's rules from the fixtures (no database)."""
    return evaluate(fixture_rules(facts["edition"], facts["category"]), copy.deepcopy(facts), **kwargs)


def requirement(result, key):
    matches = [item for item in result["requirements"] if item["key"] == key]
    assert len(matches) == 1, f"expected one {key!r} requirement, got {len(matches)}"
    return matches[0]


def req(facts, key, **kwargs):
    return requirement(run(facts, **kwargs), key)


def statuses(result):
    return {item["key"]: item["status"] for item in result["requirements"]}


def fmt(value):
    """Numbers as a person writes them: 30 not 30.0, 27.5."""
    value = round(float(value), 2)
    return f"{value:g}"


def assert_plain_sentence(summary, *numbers):
    """A summary a user can read: text, one line, no Python or JSON leaking, with the numbers."""
    assert isinstance(summary, str) and summary.strip(), summary
    assert "\n" not in summary, summary
    for leak in ("{", "}", "[", "]", "_"):
        assert leak not in summary, f"{leak!r} leaks into {summary!r}"
    for word in ("None", "True", "False", "nan", "inf", "null"):
        assert not re.search(rf"\b{word}\b", summary), f"{word!r} leaks into {summary!r}"
    for value in numbers:
        text = fmt(value) if isinstance(value, int | float) else str(value)
        assert re.search(rf"(?<![\d.]){re.escape(text)}(?![\d]|\.\d)", summary), (
            f"{text!r} not in {summary!r}"
        )


def assert_hours(item, status, have, need):
    """Exact status and hour numbers, and a summary saying 'have of need' (and what is left)."""
    assert item["status"] == status, item
    assert abs(float(item["have"]) - have) < 0.011, item
    assert float(item["need"]) == need, item
    assert_plain_sentence(item["summary"], have, need)
    assert f"{fmt(have)} of {fmt(need)}" in item["summary"], item["summary"]
    if status == "not_met" and have < need:
        assert f"{fmt(round(need - have, 2))} to go" in item["summary"], item["summary"]


def without(facts, key, index=None):
    facts = copy.deepcopy(facts)
    if index is None:
        facts[key] = [] if isinstance(facts[key], list) else None
    else:
        del facts[key][index]
    return facts
