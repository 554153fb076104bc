"""Mentor rating forms ask only about the applicant's own designation (issue 10).

Seed 000, IMHM: "alphabetic codes in parentheses beside certain competencies indicate the specific
area(s) of responsibility that the competency most directly impacts ... A: Applies to all
designations, C: Clinical, P: Policy, R/F: Research/Faculty". Administration applies to the Policy
designation (P), Research and Evaluation to Research/Faculty (R/F).
"""

import pytest
from django.test import Client
from django.urls import reverse

from applications.facts import application_facts
from applications.models import RatingAnswer
from applications.services import references
from competencies.models import Area, Domain
from competencies.services import asked_area_ids, rated_areas

from .rater_factories import invite, make_application

pytestmark = pytest.mark.usefixtures("guidelines")


def form_page(application):
    reference = invite(application, role="program_supervisor", rater_endorsements=["IMHM-C"])
    client = Client()
    client.get(reverse("ratings:start", args=[reference.token]))
    return reference, client.get(reverse("ratings:form")).content.decode()


@pytest.mark.parametrize(
    ("code", "asked", "not_asked"),
    [
        ("IMHM-C", ["Reflection", "Direct Service Skills"], ["Administration", "Research and Evaluation"]),
        ("IMHM-P", ["Administration", "Reflection"], ["Research and Evaluation"]),
        ("IMHM-R/F", ["Research and Evaluation", "Reflection"], ["Administration"]),
    ],
)
def test_mentor_rater_is_asked_only_about_the_designation(code, asked, not_asked):
    _, page = form_page(make_application(code=code))
    for title in asked:
        assert f">{title}<" in page or f"{title}</" in page, title
    for title in not_asked:
        assert title not in page, title
    assert "program management" not in page or code == "IMHM-P"


def test_not_enough_information_counts_only_what_the_rater_was_asked():
    application = make_application(code="IMHM-C")
    reference = invite(application, role="program_supervisor", rater_endorsements=["IMHM-C"])
    asked = [
        area for domain in references.rating_domains(application.category) for area in domain.areas.all()
    ]
    policy_areas = list(Area.objects.filter(domain__title__in=["Administration", "Research and Evaluation"]))
    assert policy_areas and not set(policy_areas) & set(asked)
    answers = {area.pk: 3 for area in asked}
    # a crafted form answering "not enough information" for areas it never showed
    answers |= {area.pk: RatingAnswer.Score.NOT_ENOUGH_INFORMATION for area in policy_areas}
    data = references.RatingData(answers=answers, known_for="4 years", capacity="supervisor")
    assert references.counts_toward_endorsement(reference, data)
    references.submit_rating(reference, data)
    [entry] = application_facts(application)["references"]
    assert entry["not_enough_information"] == 0
    assert entry["status"] == "submitted"


def test_the_rated_areas_are_read_once_for_one_category(django_assert_num_queries):
    category = make_application(code="IMHM-C").category
    with django_assert_num_queries(3):  # areas, domains, statements
        first = rated_areas(category)
    with django_assert_num_queries(0):  # the facts and the rating table of one page share them
        assert rated_areas(category) == first
        assert sorted(asked_area_ids(category)) == sorted(a for areas in first.values() for a in areas)
    first.clear()  # each caller gets its own copy
    assert rated_areas(category)


def test_the_rating_domains_come_from_the_rated_areas_rows(django_assert_num_queries):
    category = make_application(code="IMHM-C").category
    rated = rated_areas(category)
    with django_assert_num_queries(0):  # the work page's rating table reads no more rows
        domains = references.rating_domains(category)
        shown = {domain.pk: [area.pk for area in domain.areas.all()] for domain in domains}
    assert shown == rated
    expected = Domain.objects.filter(pk__in=list(rated)).order_by("order", "pk")
    assert [domain.title for domain in domains] == [domain.title for domain in expected]
    for domain in domains:
        wanted = Area.objects.filter(pk__in=rated[domain.pk]).order_by("order", "pk")
        assert [area.name for area in domain.areas.all()] == [area.name for area in wanted]
    domains[0].title = domains[0].areas.all()[0].name = "changed"  # each caller gets its own rows
    [again, *_rest] = references.rating_domains(category)
    assert "changed" not in (again.title, again.areas.all()[0].name)
