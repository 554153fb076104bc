"""Loading the guideline fixtures: idempotent, in place, and the same data after an export round trip."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from competencies.loader import GuidelineFormatError, load_all, load_edition
from competencies.models import Area, Category, Domain, Edition, GlossaryTerm, RequirementRule, Statement

FIXTURES = Path(settings.GUIDELINES_DIR)


def canonical_edition(edition):
    """Everything an edition holds, without primary keys: equal dumps mean equal guidelines."""
    return {
        "edition": {
            "association": edition.association.slug,
            "slug": edition.slug,
            "title": edition.title,
            "effective_date": edition.effective_date.isoformat(),
            "status": edition.status,
            "source": edition.source,
            "renewal_cycle_years": edition.renewal_cycle_years,
            "renewal_grace_days": edition.renewal_grace_days,
        },
        "categories": [_canonical_category(category) for category in edition.categories.order_by("order")],
        "glossary": list(edition.glossary.order_by("order").values_list("order", "term", "definition")),
    }


def _canonical_category(category):
    return {
        "code": category.code,
        "slug": category.slug,
        "name": category.name,
        "level": category.level,
        "scope": category.scope,
        "fits": category.fits,
        "designation": category.designation,
        "order": category.order,
        "competencies_from": category.competencies_from.code if category.competencies_from else None,
        "domains": [_canonical_domain(domain) for domain in category.domains.order_by("order")],
        "rules": [
            (rule.stage, rule.key, rule.order, json.dumps(rule.params, sort_keys=True))
            for rule in category.rules.order_by("stage", "order")
        ],
    }


def _canonical_domain(domain):
    areas = {area.pk: area.order for area in domain.areas.all()}
    statements = list(domain.statements.all())

    def tree(parent_id):
        rows = sorted(
            (statement for statement in statements if statement.parent_id == parent_id),
            key=lambda statement: (areas.get(statement.area_id, 0), statement.order),
        )
        return [
            (areas.get(row.area_id), row.order, row.kind, row.text, tuple(row.tags), tree(row.pk))
            for row in rows
        ]

    return {
        "order": domain.order,
        "title": domain.title,
        "area_kind": domain.area_kind,
        "areas": list(domain.areas.order_by("order").values_list("order", "name")),
        "statements": tree(None),
    }


def statement_pks():
    return list(Statement.objects.order_by("pk").values_list("pk", flat=True))


def copy_fixtures(tmp_path, *slugs):
    for slug in slugs or ("orimha", "mi-aimh-2025"):
        shutil.copytree(FIXTURES / slug, tmp_path / slug)
    return tmp_path


def edit_yaml(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def domain_named(data, title):
    return next(domain for domain in data["domains"] if domain["title"] == title)


def delete_edition_rows(edition):
    """Remove an edition entirely, as if it had never been loaded (published ones included)."""
    Category.objects.filter(edition=edition).update(competencies_from=None)
    edition.delete()


@pytest.mark.slow
def test_loading_again_changes_nothing(guidelines):
    pks = statement_pks()
    dumps = [canonical_edition(edition) for edition in Edition.objects.order_by("slug")]

    reports = load_all()

    assert [report.edition for report in reports] == ["mi-aimh-2025", "orimha"]
    assert all(not report.changed for report in reports)
    assert all(str(report).endswith("rows unchanged)") and "up to date" in str(report) for report in reports)
    assert statement_pks() == pks
    assert [canonical_edition(edition) for edition in Edition.objects.order_by("slug")] == dumps


def test_a_corrected_statement_is_updated_in_place(guidelines, tmp_path):
    statement = Statement.objects.get(
        domain__category__edition__slug="orimha",
        domain__category__code="IFA",
        text="Remains open and curious",
    )
    others = statement_pks()
    copy_fixtures(tmp_path, "orimha")

    def correct(data):
        reflection = domain_named(data, "Reflection")
        entry = next(item for item in reflection["statements"] if item["text"] == "Remains open and curious")
        entry["text"] = "Remains open, curious and humble"

    edit_yaml(tmp_path / "orimha" / "competencies" / "ifa.yaml", correct)

    report = load_edition(tmp_path / "orimha", update_published=("orimha",))

    assert (report.created, report.updated, report.deleted) == (0, 1, 0)
    statement.refresh_from_db()
    assert statement.text == "Remains open, curious and humble"
    assert statement_pks() == others


def test_a_statement_removed_from_the_fixture_is_deleted(guidelines, tmp_path):
    thinking = Domain.objects.get(category__edition__slug="orimha", category__code="IFA", title="Thinking")
    before = thinking.statements.count()
    copy_fixtures(tmp_path, "orimha")

    def remove_last(data):
        removed = domain_named(data, "Thinking")["statements"].pop()
        assert removed["text"].startswith("Employs effective systems for tracking individual progress")

    edit_yaml(tmp_path / "orimha" / "competencies" / "ifa.yaml", remove_last)

    report = load_edition(tmp_path / "orimha", update_published=("orimha",))

    assert (report.created, report.updated, report.deleted) == (0, 0, 1)
    assert thinking.statements.count() == before - 1
    assert not thinking.statements.filter(text__startswith="Employs effective systems").exists()


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["orimha", "mi-aimh-2025"])
def test_an_exported_edition_loads_back_identically(guidelines, tmp_path, slug):
    edition = Edition.objects.get(slug=slug)
    before = canonical_edition(edition)
    rows = (
        Category.objects.filter(edition=edition).count()
        + Domain.objects.filter(category__edition=edition).count()
        + Area.objects.filter(domain__category__edition=edition).count()
        + Statement.objects.filter(domain__category__edition=edition).count()
        + RequirementRule.objects.filter(category__edition=edition).count()
        + GlossaryTerm.objects.filter(edition=edition).count()
    )
    out = StringIO()
    call_command("export_guidelines", slug, dir=str(tmp_path / slug), stdout=out)
    assert out.getvalue().strip() == f"Wrote {slug} to {tmp_path / slug}"
    delete_edition_rows(edition)

    report = load_edition(tmp_path / slug)

    assert canonical_edition(Edition.objects.get(slug=slug)) == before
    # The edition itself is new; its association was kept.
    assert (report.created, report.updated, report.deleted) == (rows + 1, 0, 0)


def test_malformed_rule_settings_stop_the_load_naming_category_and_setting(guidelines, tmp_path):
    copy_fixtures(tmp_path)

    def break_training(data):
        data["categories"]["IFA"]["application"]["training"]["min_hours"] = -1

    edit_yaml(tmp_path / "orimha" / "rules.yaml", break_training)

    with pytest.raises(CommandError) as error:
        call_command("load_guidelines", dir=str(tmp_path), stdout=StringIO())

    message = str(error.value)
    assert "orimha IFA application" in message
    assert "training.min_hours: must be a number of at least 0" in message
    assert RequirementRule.objects.get(
        category__edition__slug="orimha", category__code="IFA", stage="application", key="training"
    ).params["min_hours"] == pytest.approx(30)


def test_a_yaml_syntax_error_names_the_file(guidelines, tmp_path):
    copy_fixtures(tmp_path, "orimha")
    (tmp_path / "orimha" / "glossary.yaml").write_text("terms:\n- term: [unclosed\n", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("load_guidelines", dir=str(tmp_path), stdout=StringIO())

    assert "glossary.yaml is not valid YAML" in str(error.value)


def test_unknown_designation_tags_are_refused(guidelines, tmp_path):
    copy_fixtures(tmp_path, "orimha")

    def bad_tag(data):
        domain_named(data, "Leading People")["statements"][1]["tags"] = ["A", "X"]

    edit_yaml(tmp_path / "orimha" / "competencies" / "imhm.yaml", bad_tag)

    with pytest.raises(GuidelineFormatError, match=r"IMHM-C Leading People: tags \['A', 'X'\]"):
        load_edition(tmp_path / "orimha")


def test_load_guidelines_prints_one_line_per_edition(guidelines):
    out = StringIO()

    call_command("load_guidelines", stdout=out)

    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("mi-aimh-2025: up to date (")
    assert lines[1].startswith("orimha: up to date (")
