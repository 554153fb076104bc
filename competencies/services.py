"""Business operations on the guidelines: reading rules for the engine, cloning, publishing."""

from django.db import DatabaseError, transaction
from django.utils import timezone

from .models import Category, Edition, RequirementRule
from .rules import RuleError, evaluate, validate_rules
from .rules.source import rules_from_fixtures


def rules_for(edition_slug, category_code):
    """The engine's rules dict for a category, from the database.

    Falls back to the fixture files when the edition is not loaded, or when the
    database has no tables yet (``manage.py evaluate`` on a fresh checkout).
    """
    try:
        category = (
            Category.objects.select_related("edition")
            .filter(edition__slug=edition_slug, code=category_code)
            .first()
        )
        edition_loaded = category is not None or Edition.objects.filter(slug=edition_slug).exists()
    except DatabaseError:
        return rules_from_fixtures(edition_slug, category_code)
    if category is None:
        if edition_loaded:
            codes = ", ".join(
                Category.objects.filter(edition__slug=edition_slug).values_list("code", flat=True)
            )
            raise RuleError(
                f"edition {edition_slug!r} has no category {category_code!r}; it has {codes}",
                field="category",
            )
        return rules_from_fixtures(edition_slug, category_code)
    return rules_for_category(category)


def rules_for_category(category, rules=None):
    stages = {"application": {}, "renewal": {}}
    for rule in (
        rules if rules is not None else RequirementRule.objects.filter(category=category).order_by("order")
    ):
        stages[rule.stage][rule.key] = rule.params
    return {
        "edition": category.edition.slug,
        "category": category.code,
        "category_name": category.name,
        "renewal_cycle_years": category.edition.renewal_cycle_years,
        **stages,
    }


def evaluate_facts(facts, *, today=None):
    """Evaluate facts against the rules of the edition and category they name."""
    return evaluate(facts, today=today)


class EditionError(Exception):
    pass


@transaction.atomic
def clone_edition(edition, *, slug, title=None):
    """Copy an edition, with every category, domain, statement, rule and term, as a new draft."""
    if Edition.objects.filter(slug=slug).exists():
        raise EditionError(f"An edition with the slug {slug!r} already exists.")
    source = Edition.objects.select_for_update().get(pk=edition.pk)
    copy = Edition.objects.create(
        association=source.association,
        slug=slug,
        title=title or f"{source.title} (draft)",
        effective_date=timezone.localdate(),
        status=Edition.Status.DRAFT,
        source=source.source,
        based_on=source,
        renewal_cycle_years=source.renewal_cycle_years,
        renewal_grace_days=source.renewal_grace_days,
    )
    category_map = {}
    for category in source.categories.order_by("order"):
        old_pk = category.pk
        category.pk = None
        category.edition = copy
        category.competencies_from = None
        category.save()
        category_map[old_pk] = category
    for old_pk, category in category_map.items():
        original = Category.objects.get(pk=old_pk)
        if original.competencies_from_id:
            category.competencies_from = category_map[original.competencies_from_id]
            category.save(update_fields=["competencies_from"])
        _copy_domains(original, category)
        for rule in original.rules.all():
            rule.pk = None
            rule.category = category
            rule.save()
    for term in source.glossary.all():
        term.pk = None
        term.edition = copy
        term.save()
    return copy


def _copy_domains(original, category):
    for domain in original.domains.prefetch_related("areas", "statements"):
        areas = list(domain.areas.all())
        statements = list(domain.statements.order_by("parent_id", "order"))
        domain.pk = None
        domain.category = category
        domain.save()
        area_map = {}
        for area in areas:
            old = area.pk
            area.pk = None
            area.domain = domain
            area.save()
            area_map[old] = area
        statement_map = {}
        pending = statements
        while pending:
            remaining = []
            for statement in pending:
                if statement.parent_id and statement.parent_id not in statement_map:
                    remaining.append(statement)
                    continue
                old = statement.pk
                statement.pk = None
                statement.domain = domain
                statement.area = area_map.get(statement.area_id)
                statement.parent = statement_map.get(statement.parent_id)
                statement.save()
                statement_map[old] = statement
            pending = remaining


@transaction.atomic
def publish_edition(edition):
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status != Edition.Status.DRAFT:
        raise EditionError("Only a draft edition can be published.")
    for category in edition.categories.all():
        validate_rules(rules_for_category(category))
    edition.status = Edition.Status.PUBLISHED
    edition.published_at = timezone.now()
    edition.save(update_fields=["status", "published_at"])
    return edition
