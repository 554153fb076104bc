"""Load editions from `fixtures/<edition>/` and write them back in the same shape.

Loading updates rows in place, matched by their position, so that running it
twice changes nothing and primary keys that ratings or reviews point to stay
put while the text is corrected.

Once an edition is published (or retired) the database is its source of truth:
admins correct it in the admin, and the web container loads the fixtures at
every start. So the fixtures add editions and update drafts only; a published
edition whose fixture differs is left as it is and the report says what the
fixture would have changed. `update_published` names editions a developer
means to overwrite from their fixture all the same.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import (
    Area,
    Association,
    Category,
    Domain,
    Edition,
    GlossaryTerm,
    RequirementRule,
    Statement,
)
from .rules import RuleError, validate_requirement
from .rules.policy import merged, separated
from .rules.source import edition_folders, read_yaml

TAGS = set(Statement.Tag.values)


class GuidelineFormatError(ValueError):
    pass


@dataclass
class LoadReport:
    edition: str
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    notes: list = field(default_factory=list)
    skipped: str = ""

    @property
    def changed(self):
        return not self.skipped and bool(self.created or self.updated or self.deleted)

    def __str__(self):
        if self.skipped:
            return (
                f"{self.edition}: skipped, {self.skipped}; the fixture would change "
                f"{self.created + self.updated + self.deleted} rows ({self.created} created, "
                f"{self.updated} updated, {self.deleted} deleted). Export the edition to keep the "
                f"fixture in step (export_guidelines {self.edition}), or overwrite the database's "
                f"version with load_guidelines --update-published {self.edition}"
            )
        if not (self.created or self.updated or self.deleted):
            return f"{self.edition}: up to date ({self.unchanged} rows unchanged)"
        return (
            f"{self.edition}: {self.created} created, {self.updated} updated, "
            f"{self.deleted} deleted, {self.unchanged} unchanged"
        )


class _Upserter:
    def __init__(self, report):
        self.report = report
        self.created_pks = set()

    def save(self, model, lookup, values, *, known=None):
        """Create or update one row; count what happened.

        `known` is a mapping of rows already read, keyed by `lookup`'s values, to
        spare one query per row; without it the row is looked up.
        """
        if known is None:
            instance = model.objects.filter(**lookup).first()
        else:
            instance = known.get(tuple(_raw(value) for value in lookup.values()))
        if instance is None:
            instance = model.objects.create(**lookup, **values)
            self.report.created += 1
            self.created_pks.add((model, instance.pk))
            return instance
        changed = [
            name for name, value in values.items() if getattr(instance, _attname(model, name)) != _raw(value)
        ]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance.save(update_fields=changed)
            self.report.updated += 1
        else:
            self.report.unchanged += 1
        return instance

    def prune(self, queryset):
        count = queryset.count()
        if count:
            queryset.delete()
            self.report.deleted += count


def _attname(model, name):
    field_ = model._meta.get_field(name)
    return field_.attname


def _raw(value):
    return value.pk if hasattr(value, "_meta") else value


def load_all(root=None, *, update_published=()):
    root = Path(root or settings.GUIDELINES_DIR)
    return [load_edition(folder, update_published=update_published) for folder in edition_folders(root)]


def _read(path):
    """The YAML document at `path`; a syntax error names the file and the line."""
    try:
        return read_yaml(path)
    except yaml.YAMLError as error:
        raise GuidelineFormatError(f"{path} is not valid YAML: {error}") from error


class _DryRun(Exception):
    def __init__(self, report):
        self.report = report


def _kept_status(slug):
    """The database's status of edition `slug` when the database, not the fixture, owns it."""
    status = Edition.objects.filter(slug=slug).values_list("status", flat=True).first()
    return status if status in (Edition.Status.PUBLISHED, Edition.Status.RETIRED) else None


def load_edition(folder, *, update_published=()):
    """Load or update the edition in `folder`; raises `GuidelineFormatError` naming what is wrong.

    A published or retired edition is only compared with its fixture, unless its slug is in
    `update_published`: the report then says what the fixture would have changed."""
    folder = Path(folder)
    try:
        slug = _read(folder / "edition.yaml")["edition"]["slug"]
        kept = None if slug in update_published else _kept_status(slug)
        if kept is None:
            return _load_edition(folder)
        try:
            with transaction.atomic():
                raise _DryRun(_load_edition(folder))
        except _DryRun as dry_run:
            report = dry_run.report
        if report.created or report.updated or report.deleted:
            report.skipped = f"{kept} in the database, which is the source of truth for a {kept} edition"
        return report
    except (KeyError, TypeError) as error:
        raise GuidelineFormatError(
            f"{folder.name}: an entry is missing or has the wrong shape ({error}); see fixtures/FORMAT.md"
        ) from error


@transaction.atomic
def _load_edition(folder):
    meta = _read(folder / "edition.yaml")
    rules = _read(folder / "rules.yaml").get("categories", {}) if (folder / "rules.yaml").exists() else {}
    glossary = _read(folder / "glossary.yaml").get("terms", []) if (folder / "glossary.yaml").exists() else []
    edition_meta = meta["edition"]
    # Association policy (dates the document does not state) sits apart, in its own block.
    policy = edition_meta.get("association_policy") or {}
    edition_meta = {**edition_meta, **policy}
    report = LoadReport(edition_meta["slug"])
    up = _Upserter(report)
    language = edition_meta.get("language", "en")
    if language not in dict(settings.LANGUAGES):
        raise GuidelineFormatError(
            f"{edition_meta['slug']}: language {language!r} is not one of settings.LANGUAGES"
        )

    association_meta = meta["association"]
    # Once it exists, an association's settings are its admin's (the admin site), not the fixture's.
    association = Association.objects.filter(slug=association_meta["slug"]).first() or up.save(
        Association,
        {"slug": association_meta["slug"]},
        {
            "name": association_meta["name"],
            "short_name": association_meta.get("short_name", ""),
            "website": association_meta.get("website", ""),
        },
    )
    edition = up.save(
        Edition,
        {"slug": edition_meta["slug"]},
        {
            "association": association,
            "title": edition_meta["title"],
            "effective_date": _date(edition_meta["effective_date"]),
            "status": edition_meta.get("status", Edition.Status.DRAFT),
            "source": edition_meta.get("source", ""),
            "language": language,
            "renewal_cycle_years": edition_meta.get("renewal_cycle_years", 1),
            "renewal_grace_days": edition_meta.get("renewal_grace_days", 30),
            "renewal_cycle_ends_on": _date(edition_meta["renewal_cycle_ends_on"])
            if edition_meta.get("renewal_cycle_ends_on")
            else None,
            "renewal_first_period_min_days": edition_meta.get("renewal_first_period_min_days", 0),
            "effective_date_is_policy": "effective_date" in policy,
        },
    )
    if edition.status == Edition.Status.PUBLISHED and edition.published_at is None:
        edition.published_at = timezone.now()
        edition.save(update_fields=["published_at"])

    categories = {}
    for order, item in enumerate(meta.get("categories", []), start=1):
        categories[item["code"]] = up.save(
            Category,
            {"edition": edition, "code": item["code"]},
            {
                "slug": item["slug"],
                "name": item["name"],
                "level": item["level"],
                "scope": item["scope"],
                "fits": item.get("fits", ""),
                "designation": item.get("designation", ""),
                "equivalent_codes": list(item.get("equivalents", [])),
                "order": order,
            },
        )
    for item in meta.get("categories", []):
        source_code = item.get("competencies_from")
        if source_code and source_code not in categories:
            raise GuidelineFormatError(f"{item['code']}: competencies_from names unknown {source_code!r}")
        source = categories[source_code] if source_code else None
        category = categories[item["code"]]
        if category.competencies_from_id != (source.pk if source else None):
            category.competencies_from = source
            category.save(update_fields=["competencies_from"])
            if (Category, category.pk) not in up.created_pks:
                report.updated += 1
    up.prune(edition.categories.exclude(code__in=categories))

    for item in meta.get("categories", []):
        category = categories[item["code"]]
        if item.get("competencies"):
            path = folder / "competencies" / f"{item['competencies']}.yaml"
            _load_domains(up, category, _read(path).get("domains", []))
        else:
            up.prune(category.domains.all())
        _load_rules(up, category, rules.get(item["code"], {}))

    known_terms = {(term.edition_id, term.order): term for term in edition.glossary.all()}
    for order, term in enumerate(glossary, start=1):
        up.save(
            GlossaryTerm,
            {"edition": edition, "order": order},
            {"term": term["term"], "definition": term["definition"]},
            known=known_terms,
        )
    up.prune(edition.glossary.filter(order__gt=len(glossary)))
    return report


def _date(value):
    import datetime

    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _load_domains(up, category, domains):
    for number, item in enumerate(domains, start=1):
        domain = up.save(
            Domain,
            {"category": category, "order": number},
            {"title": item["title"], "area_kind": item.get("area_kind", Domain.AreaKind.KNOWLEDGE)},
        )
        areas = item.get("areas", [])
        known_areas = {(area.domain_id, area.order): area for area in domain.areas.all()}
        # Every statement of the domain, read once: (domain, area, parent, order) -> row.
        known = {
            (row.domain_id, row.area_id, row.parent_id, row.order): row for row in domain.statements.all()
        }
        kept = set()
        for area_order, area_item in enumerate(areas, start=1):
            area = up.save(
                Area, {"domain": domain, "order": area_order}, {"name": area_item["name"]}, known=known_areas
            )
            _load_statements(up, domain, area, None, area_item.get("statements", []), known, kept)
        stale_areas = [area.pk for (_, order), area in known_areas.items() if order > len(areas)]
        if stale_areas:
            up.prune(Area.objects.filter(pk__in=stale_areas))
        _load_statements(up, domain, None, None, item.get("statements", []), known, kept)
        stale = [row.pk for row in known.values() if row.pk not in kept]
        if stale:
            up.prune(Statement.objects.filter(pk__in=stale))
    up.prune(category.domains.filter(order__gt=len(domains)))


def _load_statements(up, domain, area, parent, items, known, kept):
    """Load `items` under `parent` (or at the top of `area`/`domain`); rows not loaded stay out of `kept`."""
    for order, item in enumerate(items, start=1):
        kind = item.get("kind", Statement.Kind.STATEMENT)
        if kind not in Statement.Kind.values:
            raise GuidelineFormatError(f"{domain.title}: unknown statement kind {kind!r}")
        tags = item.get("tags") or []
        if not isinstance(tags, list) or not set(tags) <= TAGS:
            raise GuidelineFormatError(
                f"{domain.category.code} {domain.title}: tags {tags!r} of {item['text'][:60]!r} "
                f"must be a list of {', '.join(Statement.Tag.values)}"
            )
        statement = up.save(
            Statement,
            {"domain": domain, "area": area, "parent": parent, "order": order},
            {"kind": kind, "text": item["text"], "tags": list(tags)},
            known=known,
        )
        kept.add(statement.pk)
        _load_statements(up, domain, area, statement, item.get("items", []), known, kept)


def _load_rules(up, category, rules):
    keys = []
    known = {(rule.category_id, rule.stage, rule.key): rule for rule in category.rules.all()}
    for stage in RequirementRule.Stage.values:
        stage_rules = (rules or {}).get(stage) or {}
        if not isinstance(stage_rules, dict):
            raise GuidelineFormatError(
                f"{category.edition.slug} {category.code} {stage}: write the rules as a mapping of "
                "requirement keys to their settings"
            )
        for order, (key, params) in enumerate(stage_rules.items(), start=1):
            # Association policy, written apart in the fixture, is stored with the requirement's
            # settings where every reader finds it; `competencies.rules.policy` tells them apart.
            params = merged(params or {})
            try:
                validate_requirement(stage, key, params or {})
            except RuleError as error:
                raise GuidelineFormatError(
                    f"{category.edition.slug} {category.code} {stage}: {error}"
                ) from error
            up.save(
                RequirementRule,
                {"category": category, "stage": stage, "key": key},
                {"order": order, "params": params or {}},
                known=known,
            )
            keys.append((stage, key))
    stale = [rule.pk for rule in known.values() if (rule.stage, rule.key) not in keys]
    if stale:
        up.prune(RequirementRule.objects.filter(pk__in=stale))


# --- export -----------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def _dump(data, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        yaml.dump(data, handle, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def export_edition(edition, folder):
    """Write `edition` to `folder` in the fixture format `load_edition` reads."""
    folder = Path(folder)
    categories = list(edition.categories.select_related("competencies_from").order_by("order"))
    meta = {
        "association": {
            "slug": edition.association.slug,
            "name": edition.association.name,
            "short_name": edition.association.short_name,
            "website": edition.association.website,
        },
        "edition": {
            "slug": edition.slug,
            "title": edition.title,
            "status": edition.status,
            "source": edition.source,
            "renewal_cycle_years": edition.renewal_cycle_years,
            "association_policy": {
                "renewal_grace_days": edition.renewal_grace_days,
                "renewal_cycle_ends_on": edition.renewal_cycle_ends_on.isoformat()
                if edition.renewal_cycle_ends_on
                else None,
                "renewal_first_period_min_days": edition.renewal_first_period_min_days,
            },
        },
        "categories": [],
    }
    effective = {"effective_date": edition.effective_date.isoformat()}
    if edition.language != "en":  # the default is left out, as the fixtures leave it out
        meta["edition"]["language"] = edition.language
    if edition.effective_date_is_policy:
        meta["edition"]["association_policy"] = effective | meta["edition"]["association_policy"]
    else:
        meta["edition"] = {"slug": edition.slug, "title": edition.title, **effective} | meta["edition"]
    rules = {}
    for category in categories:
        entry = {
            "code": category.code,
            "slug": category.slug,
            "name": category.name,
            "level": category.level,
            "scope": category.scope,
        }
        if category.designation:
            entry["designation"] = category.designation
        if category.equivalent_codes:
            entry["equivalents"] = list(category.equivalent_codes)
        entry["fits"] = category.fits
        if category.competencies_from_id:
            entry["competencies_from"] = category.competencies_from.code
        elif category.domains.exists():
            entry["competencies"] = category.slug
            _dump({"domains": export_domains(category)}, folder / "competencies" / f"{category.slug}.yaml")
        meta["categories"].append(entry)
        stages = {}
        for rule in category.rules.order_by("stage", "order"):
            stages.setdefault(rule.stage, {})[rule.key] = separated(rule.stage, rule.key, rule.params)
        rules[category.code] = {
            stage: stages[stage] for stage in ("application", "renewal") if stage in stages
        }
    _dump(meta, folder / "edition.yaml")
    _dump({"categories": rules}, folder / "rules.yaml")
    _dump(
        {"terms": [{"term": t.term, "definition": t.definition} for t in edition.glossary.order_by("order")]},
        folder / "glossary.yaml",
    )


def export_domains(category):
    statements = list(Statement.objects.filter(domain__category=category).order_by("order"))
    children = {}
    for statement in statements:
        children.setdefault((statement.domain_id, statement.area_id, statement.parent_id), []).append(
            statement
        )

    def tree(domain_id, area_id, parent_id):
        result = []
        for statement in children.get((domain_id, area_id, parent_id), []):
            entry = {"text": statement.text}
            if statement.kind != Statement.Kind.STATEMENT:
                entry["kind"] = statement.kind
            if statement.tags:
                entry["tags"] = list(statement.tags)
            sub = tree(domain_id, area_id, statement.pk)
            if sub:
                entry["items"] = sub
            result.append(entry)
        return result

    domains = []
    for domain in category.domains.prefetch_related("areas").order_by("order"):
        domains.append(
            {
                "title": domain.title,
                "area_kind": domain.area_kind,
                "areas": [
                    {"name": area.name, "statements": tree(domain.pk, area.pk, None)}
                    for area in domain.areas.all()
                ],
                "statements": tree(domain.pk, None, None),
            }
        )
    return domains
