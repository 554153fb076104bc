"""The rules, rated areas and endorsement levels are read once per change of the guidelines,
and every change, a bulk one included, shows in the next verdict."""

import pytest
from django.db import transaction

from competencies.models import Association, Category, RequirementRule, Statement
from competencies.services import endorsement_levels, rated_areas, rules_for_category


def ifs():
    return Category.objects.select_related("edition__association").get(edition__slug="orimha", slug="ifs")


def mentor_clinical():
    return Category.objects.filter(edition__slug="orimha", designation="C").get()


def training_hours():
    return rules_for_category(ifs())["application"]["training"]["min_hours"]


def test_the_rules_are_read_once(guidelines, django_assert_num_queries):
    rules_for_category(ifs())
    category = ifs()
    with django_assert_num_queries(0):
        assert rules_for_category(category)["application"]["training"]["min_hours"] == 30


def test_each_reader_gets_rules_of_its_own_to_change(guidelines):
    first = rules_for_category(ifs())
    first["application"]["training"]["min_hours"] = 1
    assert training_hours() == 30


def test_a_rule_saved_shows_in_the_next_rules(guidelines):
    assert training_hours() == 30
    rule = RequirementRule.objects.get(category=ifs(), stage="application", key="training")
    rule.params = {**rule.params, "min_hours": 33}
    rule.save()
    assert training_hours() == 33


def test_a_rule_changed_in_bulk_shows_in_the_next_rules(guidelines):
    assert training_hours() == 30
    rule = RequirementRule.objects.get(category=ifs(), stage="application", key="training")
    RequirementRule.objects.filter(pk=rule.pk).update(params={**rule.params, "min_hours": 34})
    assert training_hours() == 34


def test_an_association_policy_changed_in_bulk_shows_in_the_next_rules(guidelines):
    category = ifs()
    assert rules_for_category(category)["application"]["references"].get("max_age_days") != 45
    Association.objects.filter(pk=category.edition.association_id).update(rating_valid_days=45)
    assert rules_for_category(ifs())["application"]["references"]["max_age_days"] == 45


def test_a_rolled_back_change_is_not_kept(guidelines):
    assert training_hours() == 30
    rule = RequirementRule.objects.get(category=ifs(), stage="application", key="training")
    with pytest.raises(RuntimeError), transaction.atomic():
        RequirementRule.objects.filter(pk=rule.pk).update(params={**rule.params, "min_hours": 99})
        assert training_hours() == 99  # the transaction sees its own change
        raise RuntimeError
    assert training_hours() == 30


def test_the_rated_areas_are_read_once_and_follow_a_retagged_statement(guidelines, django_assert_num_queries):
    asked = rated_areas(mentor_clinical())
    assert asked
    category = mentor_clinical()
    with django_assert_num_queries(0):
        assert rated_areas(category) == asked
    # Tag every statement of the rated areas for Policy only: a Clinical rater is asked none.
    Statement.objects.filter(domain__category=category.competency_holder).update(tags=["P"])
    assert rated_areas(mentor_clinical()) == {}


def test_the_endorsement_levels_are_read_once_and_follow_a_changed_level(
    guidelines, django_assert_num_queries
):
    category = ifs()
    levels = endorsement_levels(category.edition_id)
    with django_assert_num_queries(0):
        assert endorsement_levels(category.edition_id) == levels
    Category.objects.filter(pk=category.pk).update(level=4)
    assert endorsement_levels(category.edition_id)[category.code] == 4
