"""Business operations on the guidelines: reading rules for the engine, cloning, publishing, retiring."""

import copy
import re

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import content
from .models import (
    Area,
    Category,
    Domain,
    Edition,
    GlossaryTerm,
    Membership,
    RequirementRule,
    Statement,
    staff_association_ids,
)
from .rules import RuleError, evaluate, merged_stages, validate_rules
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
    """The engine's rules for a category: its edition's rules with the association's policy
    (`Association.apply_policy`) laid over them. Read once per change of the guidelines
    (`competencies.content`); with `rules` (unsaved rows, to validate), worked out from those."""
    if rules is not None:
        return _merged_rules(category, rules, category.edition.association)
    return content.kept(f"rules:{category.pk}", lambda: _read_rules(category))


def _read_rules(category):
    # The rules' query brings the association along.
    rules = list(
        RequirementRule.objects.filter(category=category)
        .select_related("category__edition__association")
        .order_by("order")
    )
    association = rules[0].category.edition.association if rules else category.edition.association
    return _merged_rules(category, rules, association)


def _merged_rules(category, rules, association):
    stages = {"application": {}, "renewal": {}}
    for rule in rules:
        stages[rule.stage][rule.key] = rule.params
    # The edition's policy values are merged into each requirement's settings, where readers
    # expect them; the association's own policy is laid over them.
    merged = merged_stages(
        {
            "edition": category.edition.slug,
            "category": category.code,
            "category_name": category.name,
            "renewal_cycle_years": category.edition.renewal_cycle_years,
            **stages,
        }
    )
    merged["application"] = association.apply_policy(merged["application"])
    return merged


def _applies(tags, designation):
    """A statement belongs to a designation when it is untagged, tagged A, or tagged with it."""
    return not designation or not tags or Statement.Tag.ALL in tags or designation in tags


def rated_areas(category):
    """{domain id: [area ids]} a reference rater rates for an applicant to `category`.

    Mentor designations share one set of domains, tagged A (all), C, P or R/F; a rater rates
    only the domains (and areas) with statements for the applicant's own designation: an
    IMHM-C rater is not asked about Administration (P) or Research and Evaluation (R/F).
    Read once per change of the guidelines (`competencies.content`), with the domain and area
    rows (`rated_domains`), and kept on the `category` instance for the rest of the request.
    """
    known = category.__dict__.get("_rated_areas")
    if known is None:
        known, rows = content.kept(f"rated-areas:{category.pk}", lambda: _read_rated_areas(category))
        category.__dict__["_rated_areas"] = known
        category.__dict__["_rated_rows"] = rows
    return {domain: list(areas) for domain, areas in known.items()}


def _read_rated_areas(category):
    """({domain id: [area ids]}, (domains, areas)): the rated areas and the rows they come from."""
    holder = category.competencies_from_id or category.pk
    designation = category.designation
    areas = list(Area.objects.filter(domain__category=holder).order_by("order", "pk"))
    domains = list(Domain.objects.filter(category=holder).order_by("order", "pk"))
    by_domain, by_area = {}, {}
    if designation:
        for domain_id, area_id, tags in Statement.objects.filter(
            domain__category=holder, kind=Statement.Kind.STATEMENT
        ).values_list("domain_id", "area_id", "tags"):
            applies = _applies(tags or [], designation)
            by_domain[domain_id] = by_domain.get(domain_id, False) or applies
            if area_id is not None:
                by_area[area_id] = by_area.get(area_id, False) or applies
    rated = {domain.pk: [] for domain in domains if by_domain.get(domain.pk, True)}
    for area in areas:
        if area.domain_id in rated and by_area.get(area.pk, True):
            rated[area.domain_id].append(area.pk)
    return rated, (domains, areas)


def rated_domains(category):
    """The domains of `rated_areas`, in their order, each with only its rated areas (in their
    order) as `domain.areas.all()`: built from the rows `rated_areas` read, without a query
    where it has read them for this `category` instance already."""
    rated = rated_areas(category)
    domains, areas = category.__dict__["_rated_rows"]
    areas_by_pk = {area.pk: area for area in areas}
    result = []
    for domain in domains:
        if domain.pk not in rated:
            continue
        domain = copy.copy(domain)
        # What prefetch_related leaves on the instance: `domain.areas.all()` reads no rows.
        chosen = domain.areas.all()
        chosen._result_cache = [copy.copy(areas_by_pk[pk]) for pk in rated[domain.pk]]
        chosen._prefetch_done = True
        domain._prefetched_objects_cache = {"areas": chosen}
        result.append(domain)
    return result


def categories_by_id():
    """{id: category} of every edition, each with its edition and association: read once per
    change of the guidelines; every call gives copies of its own."""
    return content.kept(
        "categories", lambda: {c.pk: c for c in Category.objects.select_related("edition__association")}
    )


def with_categories(rows):
    """`rows` (applications, say) each with its `category`, edition and association from
    `categories_by_id`, read once for them all: no join, no query."""
    categories = categories_by_id()
    for row in rows:
        category = categories.get(row.category_id)
        if category is not None:
            row.category = category
    return rows


def with_category(row):
    return with_categories([row])[0]


def categories_for_staff(user, role=Membership.Role.COORDINATOR):
    """The categories of the associations where `user` holds `role` (all for a superuser), each
    with its edition and association, from `categories_by_id`: no query."""
    ids = staff_association_ids(user, role)
    return [c for c in categories_by_id().values() if ids is None or c.edition.association_id in ids]


def endorsement_levels(edition_id):
    """The level of every endorsement code the guidelines name, `edition_id`'s winning where
    editions differ (`CategoryQuerySet.levels_by_code`): read once per change of the guidelines."""
    return content.kept(f"levels:{edition_id}", lambda: Category.objects.levels_by_code(edition_id))


def asked_area_ids(category):
    """The area ids a rater is asked about, or None when it is every area (no designation)."""
    if not category.designation:
        return None
    return [area for areas in rated_areas(category).values() for area in areas]


def evaluate_facts(facts, *, today=None):
    """Evaluate facts against the rules of the edition and category they name."""
    return evaluate(facts, today=today)


class EditionError(Exception):
    """An edition operation the guidelines' rules do not allow; the message says why, for people."""


DRAFT_SUFFIX = "-draft"


def draft_slug(edition):
    """A free slug for a draft of `edition`: ``<slug>-draft``, then ``<slug>-draft-2``, ``-draft-3`` …"""
    max_length = Edition._meta.get_field("slug").max_length
    base = f"{edition.slug[: max_length - len(DRAFT_SUFFIX) - 4]}{DRAFT_SUFFIX}"
    taken = set(Edition.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


# What a draft copy keeps of its edition; it gets its own slug, title, date and status.
KEPT_BY_DRAFTS = (
    "association_id",
    "source",
    "renewal_cycle_years",
    "renewal_grace_days",
    "renewal_cycle_ends_on",
    "renewal_first_period_min_days",
    "effective_date_is_policy",
    "language",
)


@transaction.atomic
def clone_edition(edition, *, slug=None, title=None):
    """Copy an edition, with every category, domain, area, statement, rule and term, as a new draft.

    The copy is independent: Mentor categories that share another category's
    competencies point to the copied category, not the original. Without `slug`,
    the next free ``<slug>-draft`` is used.
    """
    source = Edition.objects.select_for_update().get(pk=edition.pk)
    slug = slug or draft_slug(source)
    if not re.fullmatch(r"[-a-zA-Z0-9_]+", slug) or len(slug) > Edition._meta.get_field("slug").max_length:
        raise EditionError(
            _("%(slug)s is not a valid slug; use letters, digits and hyphens, at most 50.")
            % {"slug": repr(slug)}
        )
    if Edition.objects.filter(slug=slug).exists():
        raise EditionError(_("An edition with the slug %(slug)s already exists.") % {"slug": repr(slug)})
    try:
        with transaction.atomic():
            copy = Edition.objects.create(
                slug=slug,
                title=title or f"{source.title} (draft)",
                effective_date=timezone.localdate(),
                status=Edition.Status.DRAFT,
                based_on=source,
                **{name: getattr(source, name) for name in KEPT_BY_DRAFTS},
            )
    except IntegrityError:
        raise EditionError(
            _("An edition with the slug %(slug)s already exists.") % {"slug": repr(slug)}
        ) from None

    categories = {}
    borrowed = {}
    for category in source.categories.order_by("order", "pk"):
        old_pk, borrowed[category.pk] = category.pk, category.competencies_from_id
        _as_new(category, edition=copy, competencies_from=None)
        category.save()
        categories[old_pk] = category
    for old_pk, holder_pk in borrowed.items():
        if holder_pk:
            categories[old_pk].competencies_from = categories[holder_pk]
            categories[old_pk].save(update_fields=["competencies_from"])

    domains = _copy_rows(
        Domain.objects.filter(category__edition=source), lambda row: {"category": categories[row.category_id]}
    )
    areas = _copy_rows(
        Area.objects.filter(domain__category__edition=source), lambda row: {"domain": domains[row.domain_id]}
    )
    pending = list(Statement.objects.filter(domain__category__edition=source).order_by("pk"))
    statements = {}
    while pending:
        ready = [row for row in pending if row.parent_id is None or row.parent_id in statements]
        if not ready:
            raise EditionError(
                _("Some statements are sub-items of each other in a loop; fix them before cloning.")
            )
        pending = [row for row in pending if not (row.parent_id is None or row.parent_id in statements)]
        statements.update(
            _copy_rows(
                ready,
                lambda row: {
                    "domain": domains[row.domain_id],
                    "area": areas.get(row.area_id),
                    "parent": statements.get(row.parent_id),
                },
            )
        )
    _copy_rows(
        RequirementRule.objects.filter(category__edition=source),
        lambda row: {"category": categories[row.category_id]},
    )
    _copy_rows(GlossaryTerm.objects.filter(edition=source), lambda row: {"edition": copy})
    return copy


def _as_new(instance, **changes):
    """Turn a fetched row into an unsaved copy with `changes` applied."""
    instance.pk = None
    instance._state.adding = True
    for name, value in changes.items():
        setattr(instance, name, value)
    return instance


def _copy_rows(rows, changes):
    """Insert copies of `rows` (changed by `changes(row)`); returns {old pk: new row}."""
    rows = list(rows)
    old_pks = [row.pk for row in rows]
    copies = [_as_new(row, **changes(row)) for row in rows]
    if not copies:
        return {}
    model = type(copies[0])
    if connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(copies, batch_size=500)
    else:
        for row in copies:
            row.save()
    return dict(zip(old_pks, copies, strict=True))


@transaction.atomic
def publish_edition(edition):
    """Publish a draft: from now on applications may rely on it, and it is no longer edited in place."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status != Edition.Status.DRAFT:
        raise EditionError(
            _("“%(title)s” is %(status)s; only a draft edition can be published.")
            % {"title": edition.title, "status": edition.get_status_display().lower()}
        )
    categories = list(edition.categories.select_related("competencies_from").order_by("order"))
    if not categories:
        raise EditionError(
            _("“%(title)s” has no categories yet; add at least one before publishing.")
            % {"title": edition.title}
        )
    rules = {}
    for rule in RequirementRule.objects.filter(category__edition=edition).order_by("order"):
        rules.setdefault(rule.category_id, []).append(rule)
    for category in categories:
        holder = category.competencies_from
        if holder is not None and holder.edition_id != edition.pk:
            raise EditionError(
                _("%(code)s shares the competencies of a category of another edition.")
                % {"code": category.code}
            )
        category.edition = edition
        try:
            validate_rules(rules_for_category(category, rules=rules.get(category.pk, [])))
        except RuleError as error:
            raise EditionError(f"{category.code} {error}") from error
    edition.status = Edition.Status.PUBLISHED
    edition.published_at = timezone.now()
    edition.save(update_fields=["status", "published_at"])
    return edition


@transaction.atomic
def retire_edition(edition):
    """Close a published edition to new applications; applications already under it go on
    under it (their categories and rules are untouched)."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status != Edition.Status.PUBLISHED:
        raise EditionError(
            _("“%(title)s” is %(status)s; only a published edition can be retired.")
            % {"title": edition.title, "status": edition.get_status_display().lower()}
        )
    edition.status = Edition.Status.RETIRED
    edition.save(update_fields=["status"])
    return edition


@transaction.atomic
def delete_edition(edition):
    """Delete a draft edition with everything in it; published and retired editions are kept."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_locked():
        raise EditionError(
            _("“%(title)s” is %(status)s and applications rely on it; it cannot be deleted.")
            % {"title": edition.title, "status": edition.get_status_display().lower()}
        )
    # Mentor categories protect the category whose competencies they share; unlink them first.
    edition.categories.update(competencies_from=None)
    edition.delete()
