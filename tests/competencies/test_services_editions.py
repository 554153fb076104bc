"""Cloning, publishing and deleting editions through `competencies.services`."""

import pytest
from django.utils import timezone

from competencies.models import Area, Category, Domain, Edition, GlossaryTerm, RequirementRule, Statement
from competencies.services import (
    EditionError,
    clone_edition,
    delete_edition,
    draft_slug,
    publish_edition,
    rules_for,
)

from .test_loader import canonical_edition


def counts(edition):
    return {
        "categories": Category.objects.filter(edition=edition).count(),
        "domains": Domain.objects.filter(category__edition=edition).count(),
        "areas": Area.objects.filter(domain__category__edition=edition).count(),
        "statements": Statement.objects.filter(domain__category__edition=edition).count(),
        "rules": RequirementRule.objects.filter(category__edition=edition).count(),
        "terms": GlossaryTerm.objects.filter(edition=edition).count(),
    }


@pytest.fixture
def orimha(guidelines):
    return Edition.objects.get(slug="orimha")


@pytest.mark.parametrize("slug", ["orimha", "mi-aimh-2025"])
def test_a_clone_is_a_draft_with_the_same_guidelines(guidelines, slug):
    source = Edition.objects.get(slug=slug)

    draft = clone_edition(source)

    assert draft.slug == f"{slug}-draft"
    assert draft.title == f"{source.title} (draft)"
    assert draft.status == Edition.Status.DRAFT
    assert draft.based_on == source
    assert draft.published_at is None
    assert draft.effective_date == timezone.localdate()
    assert counts(draft) == counts(source)
    copied, original = canonical_edition(draft), canonical_edition(source)
    assert copied["categories"] == original["categories"]
    assert copied["glossary"] == original["glossary"]


def test_a_clone_shares_no_rows_with_its_source(orimha):
    before = canonical_edition(orimha)
    source_statements = set(
        Statement.objects.filter(domain__category__edition=orimha).values_list("pk", flat=True)
    )

    draft = clone_edition(orimha)

    copied = Statement.objects.filter(domain__category__edition=draft)
    assert not source_statements & set(copied.values_list("pk", flat=True))
    # Sub-items and areas of the copy belong to the copy.
    assert not copied.exclude(parent=None).exclude(parent__domain__category__edition=draft).exists()
    assert not copied.exclude(area=None).exclude(area__domain__category__edition=draft).exists()
    assert canonical_edition(orimha) == before


def test_mentor_designations_of_a_clone_share_the_cloned_clinical_mentor(orimha):
    draft = clone_edition(orimha)

    clinical = Category.objects.get(edition=draft, code="IMHM-C")
    for code in ("IMHM-P", "IMHM-R/F"):
        assert Category.objects.get(edition=draft, code=code).competencies_from == clinical


def test_a_clone_gives_the_same_rules_to_the_engine(orimha):
    draft = clone_edition(orimha, slug="orimha-2026", title="ORIMHA Competency Guidelines 2026")

    for code in ("IFA", "IFS", "IMHS", "IMHM-C", "IMHM-P", "IMHM-R/F"):
        assert {**rules_for("orimha-2026", code), "edition": "orimha"} == rules_for("orimha", code)
    assert draft.title == "ORIMHA Competency Guidelines 2026"


def test_draft_slugs_are_numbered_once_taken(orimha):
    assert draft_slug(orimha) == "orimha-draft"
    first = clone_edition(orimha)
    second = clone_edition(orimha)
    third = clone_edition(orimha)

    assert [first.slug, second.slug, third.slug] == ["orimha-draft", "orimha-draft-2", "orimha-draft-3"]


def test_cloning_to_a_slug_in_use_is_refused_and_creates_nothing(orimha):
    editions = Edition.objects.count()

    with pytest.raises(EditionError, match="'mi-aimh-2025' already exists"):
        clone_edition(orimha, slug="mi-aimh-2025")

    assert Edition.objects.count() == editions


def test_publishing_a_draft_locks_it(orimha):
    draft = clone_edition(orimha)

    published = publish_edition(draft)

    draft.refresh_from_db()
    assert draft.status == published.status == Edition.Status.PUBLISHED
    assert draft.published_at is not None
    assert draft.is_locked()


def test_only_a_draft_can_be_published(orimha):
    with pytest.raises(EditionError, match="is published; only a draft edition can be published"):
        publish_edition(orimha)


def test_a_draft_with_invalid_rule_settings_is_not_published(orimha):
    draft = clone_edition(orimha)
    RequirementRule.objects.filter(
        category__edition=draft, category__code="IFS", stage="application", key="training"
    ).update(params={"min_hours": -1})

    with pytest.raises(EditionError) as error:
        publish_edition(draft)

    assert str(error.value) == "IFS training.min_hours: must be a number of at least 0"
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT


def test_a_draft_with_mentor_designations_can_be_deleted(orimha):
    draft = clone_edition(orimha)
    before = counts(orimha)

    delete_edition(draft)

    assert not Edition.objects.filter(pk=draft.pk).exists()
    assert not Category.objects.filter(edition_id=draft.pk).exists()
    assert counts(orimha) == before


def test_a_published_edition_cannot_be_deleted(orimha):
    with pytest.raises(EditionError, match="applications rely on it"):
        delete_edition(orimha)

    assert Edition.objects.filter(pk=orimha.pk).exists()
