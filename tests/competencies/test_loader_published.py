"""Once published, an edition belongs to the database: the loader at every start never reverts it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from competencies.loader import load_edition
from competencies.models import Edition, Statement

from .test_loader import FIXTURES, copy_fixtures, delete_edition_rows, domain_named, edit_yaml

ORIGINAL = "Remains open and curious"


def orimha_statement():
    return Statement.objects.get(
        domain__category__edition__slug="orimha",
        domain__category__code="IFA",
        text__startswith="Remains open",
    )


def test_an_admins_edit_of_a_published_edition_survives_load_guidelines(guidelines):
    statement = orimha_statement()
    statement.text = "Remains open, curious and kind"  # as an admin would, in the admin
    statement.save()
    out = StringIO()

    call_command("load_guidelines", stdout=out)

    statement.refresh_from_db()
    assert statement.text == "Remains open, curious and kind"
    line = next(line for line in out.getvalue().splitlines() if line.startswith("orimha:"))
    assert line.startswith(
        "orimha: skipped, published in the database, which is the source of truth for a published "
        "edition; the fixture would change 1 rows (0 created, 1 updated, 0 deleted)."
    )
    assert "load_guidelines --update-published orimha" in line
    assert next(line for line in out.getvalue().splitlines() if line.startswith("mi-aimh-2025:")).startswith(
        "mi-aimh-2025: up to date ("
    )


def test_a_skipped_edition_is_reported_even_when_quiet(guidelines):
    statement = orimha_statement()
    statement.text = "Edited in the admin"
    statement.save()
    out = StringIO()

    call_command("load_guidelines", verbosity=0, stdout=out)

    assert out.getvalue().startswith("orimha: skipped, published in the database")


def test_update_published_overwrites_the_database_with_the_fixture(guidelines):
    statement = orimha_statement()
    statement.text = "Edited in the admin"
    statement.save()

    call_command("load_guidelines", update_published=["orimha"], stdout=StringIO())

    statement.refresh_from_db()
    assert statement.text == ORIGINAL


def test_update_published_refuses_an_edition_not_in_the_fixtures(guidelines):
    with pytest.raises(CommandError, match="--update-published: no edition orimah in the fixtures"):
        call_command("load_guidelines", update_published=["orimah"], stdout=StringIO())


def test_a_draft_edition_is_updated_from_its_fixture(guidelines, tmp_path):
    Edition.objects.filter(slug="orimha").update(status=Edition.Status.DRAFT)
    copy_fixtures(tmp_path, "orimha")

    def correct(data):
        entry = next(i for i in domain_named(data, "Reflection")["statements"] if i["text"] == ORIGINAL)
        entry["text"] = "Remains open, curious and humble"

    edit_yaml(tmp_path / "orimha" / "competencies" / "ifa.yaml", correct)
    edit_yaml(tmp_path / "orimha" / "edition.yaml", lambda data: data["edition"].update(status="draft"))

    report = load_edition(tmp_path / "orimha")

    assert not report.skipped and (report.created, report.updated, report.deleted) == (0, 1, 0)
    assert orimha_statement().text == "Remains open, curious and humble"


def test_a_new_edition_in_the_fixtures_is_added_beside_published_ones(guidelines):
    delete_edition_rows(Edition.objects.get(slug="mi-aimh-2025"))
    out = StringIO()

    call_command("load_guidelines", stdout=out)

    assert Edition.objects.get(slug="mi-aimh-2025").status == Edition.Status.PUBLISHED
    assert "mi-aimh-2025: " in out.getvalue() and " created" in out.getvalue()
    assert "orimha: up to date (" in out.getvalue()


def test_a_published_edition_whose_fixture_matches_is_up_to_date_not_skipped(guidelines):
    report = load_edition(FIXTURES / "orimha")

    assert not report.skipped and not report.changed
    assert str(report).startswith("orimha: up to date (")
