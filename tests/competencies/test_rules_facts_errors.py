"""Malformed facts give a clear error naming the field (design: "Facts that are malformed give
a clear error naming the field, never a traceback"); unknown editions and categories a RuleError.
"""

import copy

import pytest

from competencies.rules import FactsError, RuleError, evaluate, rules_from_fixtures

from .facts_builders import MI2025, ORIMHA, application, renewal, run


def set_path(facts, path, value):
    """Set ``facts[a][b]...`` where path is ("training", 1, "hours")."""
    target = facts
    for step in path[:-1]:
        target = target[step]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return facts


DELETE = object()

# (category, path, bad value, the field the error must name)
BAD_APPLICATION_FACTS = [
    ("IFS", ("training", 1, "hours"), -1, "training[1].hours"),
    ("IFS", ("training", 0, "hours"), "ten", "training[0].hours"),
    ("IFS", ("training", 0, "hours"), float("nan"), "training[0].hours"),
    ("IFS", ("training", 0, "hours"), float("inf"), "training[0].hours"),
    ("IFS", ("training", 0, "date"), "2024-02-30", "training[0].date"),
    ("IFS", ("training", 0, "date"), "March 2023", "training[0].date"),
    ("IFS", ("training", 0, "date"), 20230301, "training[0].date"),
    ("IFS", ("training",), {"hours": 30}, "training"),
    ("IFS", ("training", 1), "thirty hours", "training[1]"),
    ("IFS", ("work", 0, "start"), "yesterday", "work[0].start"),
    ("IFS", ("work", 0, "end"), "2024/01/01", "work[0].end"),
    ("IFS", ("work", 0, "families_served"), -3, "work[0].families_served"),
    ("IFS", ("work", 0, "families_served"), "many", "work[0].families_served"),
    ("IFS", ("work",), "two years", "work"),
    ("IFS", ("rsc", 0, "hours"), -5, "rsc[0].hours"),
    ("IFS", ("rsc", 0, "start"), "2023-13-01", "rsc[0].start"),
    ("IFS", ("rsc", 0, "provider_endorsements"), "IMHS", "rsc[0].provider_endorsements"),
    ("IFS", ("references", 2, "status"), "maybe", "references[2].status"),
    ("IFS", ("references", 1, "role"), "best_friend", "references[1].role"),
    ("IFS", ("references",), "three", "references"),
    ("IFS", ("degrees", 0, "conferred"), "June 2019", "degrees[0].conferred"),
    ("IFS", ("degrees", 0, "level"), "phd", "degrees[0].level"),
    ("IFS", ("as_of",), "2024-13-01", "as_of"),
    ("IFS", ("membership", "expires"), "never", "membership.expires"),
    ("IFS", ("membership",), "ORIMHA", "membership"),
    ("IFS", ("code_of_ethics_signed",), "yes", "code_of_ethics_signed"),
    ("IFS", ("agreement_signed",), 1.5, "agreement_signed"),
    ("IFS", ("kind",), "appeal", "kind"),
    ("IMHS", ("exam",), "passed", "exam"),
    ("IMHS", ("exam", "essay"), "maybe", "exam.essay"),
    ("IMHM-C", ("exam", "essay_track"), "clinic", "exam.essay_track"),
    ("IMHM-C", ("leadership_activities",), "lots", "leadership_activities"),
]


@pytest.mark.parametrize(("category", "path", "value", "field"), BAD_APPLICATION_FACTS)
def test_malformed_application_facts_name_the_field(category, path, value, field):
    facts = set_path(application(category), path, value)
    with pytest.raises(FactsError) as caught:
        run(facts)
    assert caught.value.field == field
    assert field in str(caught.value)
    assert caught.value.message and "Traceback" not in str(caught.value)


BAD_RENEWAL_FACTS = [
    ("IFS", ORIMHA, ("endorsed_on",), "2020-02-30", "endorsed_on"),
    ("IFS", ORIMHA, ("renewal_due",), "soon", "renewal_due"),
    ("IFS", ORIMHA, ("training", 1, "hours"), -2, "training[1].hours"),
    ("IFS", ORIMHA, ("rsc", 0, "end"), "2023-02-29", "rsc[0].end"),
    ("IFS", ORIMHA, ("years_endorsed_in_category",), -1, "years_endorsed_in_category"),
    ("IFS", ORIMHA, ("years_endorsed_in_category",), "three", "years_endorsed_in_category"),
    ("IFS", ORIMHA, ("highest_degree",), "phd", "highest_degree"),
    ("IFS", ORIMHA, ("provides_rsc",), "sometimes", "provides_rsc"),
    ("IFS", MI2025, ("training", 0, "hours"), "45", "training[0].hours"),
]


@pytest.mark.parametrize(("category", "edition", "path", "value", "field"), BAD_RENEWAL_FACTS)
def test_malformed_renewal_facts_name_the_field(category, edition, path, value, field):
    facts = set_path(renewal(category, edition), path, value)
    with pytest.raises(FactsError) as caught:
        run(facts)
    assert caught.value.field == field
    assert field in str(caught.value)


def test_facts_must_be_a_mapping():
    rules = rules_from_fixtures(ORIMHA, "IFS")
    with pytest.raises(FactsError) as caught:
        evaluate(rules, ["not", "facts"])
    assert caught.value.field == "facts"


@pytest.mark.parametrize("missing", ["edition", "category"])
def test_edition_and_category_are_required(missing):
    facts = application("IFS")
    rules = rules_from_fixtures(ORIMHA, "IFS")
    del facts[missing]
    with pytest.raises((FactsError, RuleError)) as caught:
        evaluate(rules, facts)
    assert caught.value.field == missing


def test_zero_hours_are_fine():
    facts = application("IFS")
    facts["training"].append({"title": "Webinar", "date": "2023-05-01", "hours": 0})
    assert run(facts)["status"] == "eligible"


def test_integer_and_float_hours_are_both_numbers():
    facts = application("IFS")
    facts["training"] = [
        {"title": "A", "date": "2023-05-01", "hours": 20},
        {"title": "B", "date": "2023-05-02", "hours": 10.0},
    ]
    assert run(facts)["status"] == "eligible"


# --- unknown edition / category ----------------------------------------------------------


def test_unknown_edition_is_a_rule_error():
    with pytest.raises(RuleError) as caught:
        rules_from_fixtures("no-such-edition", "IFS")
    assert caught.value.field == "edition"
    assert "no-such-edition" in str(caught.value)


@pytest.mark.parametrize(
    ("edition", "category"), [(ORIMHA, "IFX"), (ORIMHA, "ECFS"), (MI2025, "IMHS"), (MI2025, "IFA")]
)
def test_unknown_category_is_a_rule_error(edition, category):
    with pytest.raises(RuleError) as caught:
        rules_from_fixtures(edition, category)
    assert caught.value.field == "category"
    assert category in str(caught.value)


def test_rules_for_another_category_are_refused():
    facts = application("IMHS")
    with pytest.raises(RuleError) as caught:
        evaluate(rules_from_fixtures(ORIMHA, "IFS"), facts)
    assert caught.value.field == "category"


def test_rules_for_another_edition_are_refused():
    facts = application("IFS", MI2025)
    with pytest.raises(RuleError):
        evaluate(rules_from_fixtures(ORIMHA, "IFS"), facts)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("edition", "category", "field"),
    [("no-such-edition", "IFS", "edition"), (ORIMHA, "IFX", "category"), (MI2025, "IMHM-C", "category")],
)
def test_unknown_edition_or_category_via_the_installed_provider(guidelines, edition, category, field):
    facts = copy.deepcopy(application("IFS"))
    facts["edition"], facts["category"] = edition, category
    with pytest.raises(RuleError) as caught:
        evaluate(facts)
    assert caught.value.field == field


@pytest.mark.django_db
def test_malformed_facts_via_the_installed_provider(guidelines):
    facts = application("IFS")
    facts["training"][1]["hours"] = -1
    with pytest.raises(FactsError) as caught:
        evaluate(facts)
    assert caught.value.field == "training[1].hours"
