"""The loaded guidelines hold every competency of the source documents, no more and no fewer.

The numbers below were counted by hand (and by a throwaway script) from the
documents themselves, not from the fixtures: seeds/000_bdac9bf9d84b4ca4.txt for
`orimha` and seeds/002_d7e0a40f56d8f056.txt for `mi-aimh-2025`. A statement is
an "As Demonstrated by" entry at any depth (sub-items count too); lead-in lines
("For infants, young children, and families referred and enrolled for
services:", "Applies to all designations (A):"), notes and the bullets of the
requirements sections are not statements. If one of these tests fails, a line
was lost or invented: compare the fixture with the document before changing a
number here.
"""

from collections import Counter

import pytest

from competencies.models import Area, Category, Domain, GlossaryTerm, Statement

# (domain title, number of knowledge/skill areas, number of competency statements), in document order.
DOMAINS = {
    ("orimha", "IFA"): [
        ("Theoretical Foundations", 7, 7),
        ("Law, Regulation, and Agency Policy", 3, 10),
        ("Systems Expertise", 2, 4),
        ("Direct Service Skills", 6, 17),
        ("Working With Others", 5, 9),
        ("Communicating", 3, 5),
        ("Thinking", 5, 9),
        ("Reflection", 5, 12),
    ],
    ("orimha", "IFS"): [
        ("Theoretical Foundations", 8, 11),
        ("Law, Regulation, and Agency Policy", 3, 10),
        ("Systems Expertise", 2, 5),
        ("Direct Service Skills", 6, 17),
        ("Working With Others", 5, 14),
        ("Communicating", 3, 5),
        ("Thinking", 5, 9),
        ("Reflection", 5, 7),
    ],
    ("orimha", "IMHS"): [
        ("Theoretical Foundations", 10, 17),
        ("Law, Regulation, and Agency Policy", 3, 10),
        ("Systems Expertise", 2, 5),
        ("Direct Service Skills", 10, 24),
        ("Working With Others", 6, 15),
        ("Communicating", 3, 5),
        ("Thinking", 5, 9),
        ("Reflection", 6, 8),
    ],
    ("orimha", "IMHM-C"): [
        ("Theoretical Foundations", 13, 16),
        ("Law, Regulation, and Agency Policy", 3, 6),
        ("Systems Expertise", 2, 2),
        ("Direct Service Skills", 10, 27),
        ("Working With Others", 8, 14),
        ("Leading People", 3, 6),
        ("Communicating", 4, 6),
        ("Thinking", 5, 9),
        ("Reflection", 6, 12),
        ("Administration", 4, 10),
        ("Research and Evaluation", 3, 6),
    ],
    ("mi-aimh-2025", "IFS"): [
        ("Theoretical Foundations", 8, 12),
        ("Law, Regulation & Policy", 3, 10),
        ("Systems Expertise", 2, 5),
        ("Direct Service Skills", 6, 17),
        ("Working With Others", 5, 14),
        ("Communicating", 3, 5),
        ("Thinking", 5, 9),
        ("Reflection", 5, 7),
    ],
}

# The same totals, written out as the transcribers reported them: a second hand on the table above.
STATEMENT_TOTALS = {
    ("orimha", "IFA"): 73,
    ("orimha", "IFS"): 78,
    ("orimha", "IMHS"): 93,
    ("orimha", "IMHM-C"): 114,
    ("mi-aimh-2025", "IFS"): 79,
}
AREA_TOTALS = {
    ("orimha", "IFA"): 36,
    ("orimha", "IFS"): 37,
    ("orimha", "IMHS"): 45,
    ("orimha", "IMHM-C"): 61,
    ("mi-aimh-2025", "IFS"): 37,
}
# The 2025 IFS table lists 62 statements in its cells, 17 of them with sub-items beneath
# ("Personally works within the requirements of:" and its three laws and policies, …).
MI_AIMH_IFS_TOP_LEVEL = 62
MI_AIMH_IFS_ITEMS = 17
# Mentor designation tags of the IMHM statements: (A) sections, the one (C) section,
# Administration (P) and Research and Evaluation (R/F), and the (P, R/F) / (P) statements.
IMHM_TAGS = {"A": 92, "C": 1, "P": 15, "R/F": 10}
GLOSSARY = {"orimha": 34, "mi-aimh-2025": 0}
CATEGORIES = {
    "orimha": ["IFA", "IFS", "IMHS", "IMHM-C", "IMHM-P", "IMHM-R/F"],
    "mi-aimh-2025": ["IFS"],
}


def statements_of(edition, code):
    return Statement.objects.filter(
        domain__category__edition__slug=edition, domain__category__code=code, kind=Statement.Kind.STATEMENT
    )


def test_the_table_adds_up_to_the_transcribers_totals():
    for key, domains in DOMAINS.items():
        assert sum(count for _, _, count in domains) == STATEMENT_TOTALS[key], key
        assert sum(areas for _, areas, _ in domains) == AREA_TOTALS[key], key


@pytest.mark.parametrize("edition, code", list(DOMAINS), ids=lambda value: str(value))
def test_every_domain_has_the_documents_areas_and_statements(guidelines, edition, code):
    category = Category.objects.get(edition__slug=edition, code=code)
    loaded = [
        (
            domain.title,
            Area.objects.filter(domain=domain).count(),
            Statement.objects.filter(domain=domain, kind=Statement.Kind.STATEMENT).count(),
        )
        for domain in category.domains.order_by("order")
    ]

    assert loaded == DOMAINS[edition, code]


@pytest.mark.parametrize("edition, code", list(STATEMENT_TOTALS), ids=lambda value: str(value))
def test_every_category_has_the_documents_number_of_statements(guidelines, edition, code):
    assert statements_of(edition, code).count() == STATEMENT_TOTALS[edition, code]
    assert (
        Area.objects.filter(domain__category__edition__slug=edition, domain__category__code=code).count()
        == (AREA_TOTALS[edition, code])
    )


def test_each_edition_has_its_categories_in_document_order(guidelines):
    for edition, codes in CATEGORIES.items():
        assert (
            list(
                Category.objects.filter(edition__slug=edition)
                .order_by("order")
                .values_list("code", flat=True)
            )
            == codes
        )


def test_mentor_policy_and_research_share_the_clinical_mentors_eleven_domains(guidelines):
    clinical = Category.objects.get(edition__slug="orimha", code="IMHM-C")

    for code in ("IMHM-P", "IMHM-R/F"):
        mentor = Category.objects.get(edition__slug="orimha", code=code)
        assert mentor.competencies_from == clinical
        assert not Domain.objects.filter(category=mentor).exists()
        assert mentor.competency_holder.domains.count() == 11
    assert {"Leading People", "Administration", "Research and Evaluation"} <= set(
        clinical.domains.values_list("title", flat=True)
    )


def test_mentor_statements_carry_the_documents_designation_tags(guidelines):
    tags = Counter(tag for statement in statements_of("orimha", "IMHM-C") for tag in statement.tags)

    assert tags == IMHM_TAGS
    assert not statements_of("orimha", "IMHM-C").filter(tags=[]).exists()


def test_only_mentor_statements_carry_tags(guidelines):
    untagged_categories = Statement.objects.exclude(domain__category__code="IMHM-C")

    assert not untagged_categories.exclude(tags=[]).exists()


def test_the_2025_infant_family_specialist_has_62_statements_and_17_sub_items(guidelines):
    statements = statements_of("mi-aimh-2025", "IFS")

    assert statements.filter(parent=None).count() == MI_AIMH_IFS_TOP_LEVEL
    assert statements.exclude(parent=None).count() == MI_AIMH_IFS_ITEMS
    # The 2025 document lists every statement under a knowledge area.
    assert not statements.filter(area=None).exists()


@pytest.mark.parametrize("edition", list(GLOSSARY))
def test_the_glossary_has_every_term_of_the_document(guidelines, edition):
    terms = list(GlossaryTerm.objects.filter(edition__slug=edition).order_by("order"))

    assert len(terms) == GLOSSARY[edition]
    if terms:
        assert terms[0].term == "Administrative Supervision"
        assert terms[-1].term == "Specialized Internship/Field Placement"
