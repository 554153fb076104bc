"""Issue 10 on the public guideline pages: association policy apart, roles as written, RS/C clause.

Neither seed names a rating's validity, a "not enough information" limit, a pass mark, a retake
wait, a renewal date, a grace period, a minimum first period, or (seed 000) an effective date.
"""

import re

import pytest
from django.urls import reverse

from competencies.models import Category
from competencies.services import rules_for_category

from .test_views_guidelines import category_url, get_pdf, pdf_text, visible_text


def section(text, start, end):
    """The text from the last `start` (past the page's table of contents) to the next `end`."""
    begin = text.rindex(start)
    return text[begin : text.index(end, begin)] if end in text[begin:] else text[begin:]


def test_policy_is_shown_apart_from_the_requirements(client, guidelines):
    text = visible_text(client.get(category_url("orimha", "imhs")))
    requirements = section(text, "Requirements What you need to apply", "Renewal requirements")
    policy = section(text, "Association policy", "Glossary")
    for sentence in (
        "more than 5 answers of “not enough information to rate” does not count",
        "A rating counts for 1 year after it is submitted.",
        "The multiple-choice pass mark is 80%.",
        "A failed portion can be retaken after 1 year.",
        "Renewals are due on December 31.",
        "lapses after a grace period of 30 days",
        "fewer than 90 days before that date",
        "These guidelines are in effect from January 1, 2017.",
    ):
        assert sentence in policy, sentence
        assert sentence not in requirements, sentence
    assert "are not part of the published Competency Guidelines" in policy
    # The 2017 date is the association's, not the document's: not in the page header.
    assert "effective January 1, 2017" not in text.split("Competencies")[0]


def test_2025_edition_keeps_its_document_date_and_has_no_exam_policy(client, guidelines):
    text = visible_text(client.get(category_url("mi-aimh-2025", "ifs")))
    assert "effective March 18, 2025" in text
    policy = section(text, "Association policy", "Glossary")
    assert "pass mark" not in policy
    assert "Renewals are due on December 31." in policy


def test_policy_is_in_the_pdf_apart_too(client, guidelines, django_capture_on_commit_callbacks):
    url = reverse("competencies:category_pdf", args=["orimha", "ifs"])
    text = pdf_text(get_pdf(client, url, django_capture_on_commit_callbacks))
    assert "Association policy" in text
    assert text.index("Association policy") > text.index("Renewal requirements")
    assert "A rating counts for 1 year after it is submitted." in text


def test_policy_values_still_reach_every_reader_of_the_rules(guidelines):
    # reviews read the exam's pass mark and retake wait from the rules, applications the limit.
    rules = rules_for_category(Category.objects.get(edition__slug="orimha", code="IMHM-C"))
    assert rules["application"]["exam"]["pass_mark_percent"] == 80
    assert rules["application"]["exam"]["retake_wait_days"] == 365
    assert rules["application"]["references"]["max_not_enough_information"] == 5
    assert rules["application"]["references"]["max_age_days"] == 365


@pytest.mark.parametrize(
    ("edition", "slug", "accepted", "not_accepted"),
    [
        # IFA: "One can come from a colleague, or a parent/recipient of services ..., teacher,
        # CDA mentor, or Board member"
        (
            "orimha",
            "ifa",
            ["colleague", "parent or recipient of services", "CDA mentor", "Board member"],
            ["trainer"],
        ),
        ("orimha", "imhs", ["supervisee", "trainer", "consultant"], ["student"]),
        ("orimha", "imhm-c", ["person receiving RS/C from you"], ["colleague"]),
        ("mi-aimh-2025", "ifs", ["teacher", "trainer", "consultant", "colleague"], ["parent"]),
    ],
)
def test_each_category_page_lists_its_accepted_rater_roles(
    client, guidelines, edition, slug, accepted, not_accepted
):
    text = visible_text(client.get(category_url(edition, slug)))
    line = re.search(r"Raters accepted for this category: ([^.]*)\.", text).group(1)
    for role in accepted:
        assert role in line
    for role in not_accepted:
        assert role not in line


def test_imhs_page_says_a_supervisee_needs_a_supervisor(client, guidelines):
    text = visible_text(client.get(category_url("orimha", "imhs")))
    assert "A supervisee may rate you only if you are a supervisor." in text


@pytest.mark.parametrize(
    ("edition", "slug", "clause"),
    [
        ("orimha", "ifs", "while providing services to infants/toddlers (birth to 36 months) and families"),
        ("orimha", "imhs", "while providing services to infants/toddlers (birth to 36 months) and families"),
        ("orimha", "imhm-c", "while providing RS/C to infant-family professionals"),
        ("mi-aimh-2025", "ifs", "through a relational lens"),
    ],
)
def test_rsc_requirement_text_carries_the_while_clause(client, guidelines, edition, slug, clause):
    text = visible_text(client.get(category_url(edition, slug)))
    requirements = section(text, "Requirements What you need to apply", "Renewal requirements")
    assert clause in section(
        requirements, "Reflective supervision/consultation", "Professional reference ratings"
    )
