"""The public guideline pages as data: which editions a visitor sees, and a category's page.

Everything a category page shows is gathered here in a fixed number of queries:
the statements of the category arrive in one query and are arranged into their
tree (areas, nested items) in Python.
"""

import re
from dataclasses import dataclass, field

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from endorsement import roles

from . import content
from .models import Category, Domain, Edition, GlossaryTerm, RequirementRule, Statement
from .rules import LABELS, describe_edition_policy, describe_policy, describe_requirement

# The designation filter of the Mentor pages: value -> what the visitor picks.
DESIGNATION_CHOICES = [
    ("", gettext_lazy("Every designation (all statements)")),
    ("C", gettext_lazy("Clinical (C)")),
    ("P", gettext_lazy("Policy (P)")),
    ("R/F", gettext_lazy("Research/Faculty (R/F)")),
    ("A", gettext_lazy("Only statements shared by all designations (A)")),
]
TAG_NAMES = dict(Statement.Tag.choices)


def visible_editions(user):
    """Published editions for everyone; drafts and retired editions too for staff."""
    editions = Edition.objects.select_related("association")
    if roles.is_admin(user):
        return editions
    return editions.published()


def index_body(user):
    """The guidelines' index inside the site's frame. For every visitor but staff (who also see
    drafts) it is the same page in each language: rendered once per change of the guidelines."""

    def render():
        editions = (
            visible_editions(user)
            .prefetch_related("categories")
            .order_by("association__name", "-effective_date")
        )
        return render_to_string("competencies/_index_body.html", {"editions": editions})

    if roles.is_admin(user):
        return mark_safe(render())  # noqa: S308 -- our own template's output, rendered with autoescaping
    body = content.kept(f"index-body:{translation.get_language() or '-'}", render)
    return mark_safe(body)  # noqa: S308 -- our own template's output, rendered with autoescaping


def _published_categories():
    """{(edition slug, category slug): category} of the published editions, read once per change
    of the guidelines: what nearly every visitor of a guideline page asks for."""

    def read():
        categories = Category.objects.select_related("edition__association", "competencies_from").filter(
            edition__in=Edition.objects.published()
        )
        return {(category.edition.slug, category.slug): category for category in categories}

    return content.kept("published-categories", read)


def get_category_for(user, edition_slug, category_slug):
    """The category a visitor may read, or 404."""
    if not roles.is_admin(user):
        category = _published_categories().get((edition_slug, category_slug))
        if category is None:
            raise Http404("No such category in the published guidelines.")
        return category
    try:
        return Category.objects.select_related("edition__association", "competencies_from").get(
            edition__in=visible_editions(user), edition__slug=edition_slug, slug=category_slug
        )
    except Category.DoesNotExist:
        raise Http404("No such category in the published guidelines.") from None


def clean_designation(value, category):
    """The designation to filter by, or "" for no filter (also for unknown values and non-Mentor pages)."""
    if not category.designation:
        return ""
    valid = {choice for choice, _ in DESIGNATION_CHOICES}
    return value if value in valid else ""


# --- the statement tree -------------------------------------------------------


@dataclass
class Item:
    """A statement, lead-in line or note, with its nested sub-items."""

    statement: Statement
    children: list["Item"] = field(default_factory=list)

    @property
    def kind(self):
        return self.statement.kind

    @property
    def text(self):
        return self.statement.text

    @property
    def tags(self):
        return self.statement.tags or []

    @property
    def is_statement(self):
        return self.statement.kind == Statement.Kind.STATEMENT

    @property
    def is_lead_in(self):
        return self.statement.kind == Statement.Kind.LEAD_IN

    @property
    def is_note(self):
        return self.statement.kind == Statement.Kind.NOTE

    @property
    def tag_labels(self):
        return [(tag, TAG_NAMES.get(tag, tag)) for tag in self.tags]


@dataclass
class Block:
    """Lead-in lines and the statements and notes they introduce."""

    lead_ins: list[Item]
    items: list[Item]


def to_blocks(items):
    return [
        Block(
            [item for item in section if item.is_lead_in], [item for item in section if not item.is_lead_in]
        )
        for section in _sections(items)
    ]


@dataclass
class AreaView:
    name: str
    items: list[Item]

    @property
    def blocks(self):
        return to_blocks(self.items)


@dataclass
class DomainView:
    domain: Domain
    areas: list[AreaView]
    items: list[Item]
    statement_count: int
    total_count: int

    @property
    def anchor(self):
        return f"domain-{self.domain.order}"

    @property
    def blocks(self):
        return to_blocks(self.items)

    @property
    def areas_have_statements(self):
        return any(area.items for area in self.areas)


def build_items(statements):
    """Arrange statements into trees: {(domain_id, area_id): [Item, ...]} in document order."""
    items = {statement.pk: Item(statement) for statement in statements}
    roots = {}
    for statement in sorted(statements, key=lambda s: s.order):
        item = items[statement.pk]
        if statement.parent_id is not None and statement.parent_id in items:
            items[statement.parent_id].children.append(item)
        else:
            roots.setdefault((statement.domain_id, statement.area_id), []).append(item)
    return roots


def applies_to(tags, designation):
    """Does a statement with these tags belong to the designation's view? Untagged ones apply to all."""
    return not designation or not tags or Statement.Tag.ALL in tags or designation in tags


def filter_items(items, designation):
    """Keep statements for the designation; lead-ins and notes stay with the kept statements they go with.

    Siblings form sections: a run of lead-in lines and the statements and notes that
    follow it. A section's lead-ins and notes are kept when one of its statements is.
    """
    if not designation:
        return items
    kept = []
    for section in _sections(items):
        kept_section, has_statement = [], False
        for item in section:
            if item.is_statement:
                children = filter_items(item.children, designation)
                if applies_to(item.tags, designation) or any(child.is_statement for child in children):
                    kept_section.append(Item(item.statement, children))
                    has_statement = True
            elif applies_to(item.tags, designation):
                kept_section.append(item)
        if has_statement:
            kept.extend(kept_section)
    return kept


def _sections(items):
    section, seen_body = [], False
    for item in items:
        if item.is_lead_in and seen_body:
            yield section
            section, seen_body = [], False
        section.append(item)
        if not item.is_lead_in:
            seen_body = True
    if section:
        yield section


def count_statements(items):
    return sum((1 if item.is_statement else 0) + count_statements(item.children) for item in items)


def iter_texts(items):
    for item in items:
        yield item.text
        yield from iter_texts(item.children)


def competency_domains(category, designation=""):
    """The category's domains (Mentor categories: those of IMHM-C) with areas and statement trees."""
    holder = category.competency_holder
    domains = list(Domain.objects.filter(category=holder).order_by("order").prefetch_related("areas"))
    statements = list(Statement.objects.filter(domain__category=holder).order_by("domain_id", "order"))
    roots = build_items(statements)
    views = []
    for domain in domains:
        areas = [
            AreaView(area.name, filter_items(roots.get((domain.pk, area.pk), []), designation))
            for area in domain.areas.all()
        ]
        items = filter_items(roots.get((domain.pk, None), []), designation)
        count = count_statements(items) + sum(count_statements(area.items) for area in areas)
        total = sum(count_statements(group) for key, group in roots.items() if key[0] == domain.pk)
        views.append(DomainView(domain, areas, items, count, total))
    return views


# --- requirements and glossary ------------------------------------------------


@dataclass
class Requirement:
    stage: str
    key: str
    label: str
    sentences: list[str]

    @property
    def anchor(self):
        return f"{self.stage}-{self.key}".replace("_", "-")


@dataclass
class PolicyGroup:
    """The association's own settings of one requirement (or of renewal dates)."""

    label: str
    sentences: list[str]


def association_policy(category, rules=None):
    """What the association decides where the guidelines are silent, per requirement, then renewal dates."""
    groups = []
    rules = (
        rules
        if rules is not None
        else RequirementRule.objects.filter(category=category).order_by("order", "pk")
    )
    for rule in rules:
        sentences = describe_policy(rule.stage, rule.key, rule.params or {})
        if sentences:
            label = (rule.params or {}).get("label") or LABELS.get(rule.key, rule.key)
            groups.append(PolicyGroup(label, sentences))
    dates = describe_edition_policy(category.edition)
    if dates:
        groups.append(PolicyGroup(_("Renewal dates"), dates))
    return groups


def requirements(category, rules=None):
    """Application and renewal requirements, each described from its rule data."""
    stages = {RequirementRule.Stage.APPLICATION: [], RequirementRule.Stage.RENEWAL: []}
    rules = (
        rules
        if rules is not None
        else RequirementRule.objects.filter(category=category).order_by("order", "pk")
    )
    for rule in rules:
        params = rule.params or {}
        sentences = describe_requirement(
            rule.stage,
            rule.key,
            params,
            category_code=category.code,
            cycle_years=category.edition.renewal_cycle_years,
        )
        stages.setdefault(rule.stage, []).append(
            Requirement(
                rule.stage, rule.key, params.get("label") or LABELS.get(rule.key, rule.key), sentences
            )
        )
    return stages[RequirementRule.Stage.APPLICATION], stages[RequirementRule.Stage.RENEWAL]


def term_pattern(term):
    """A case-insensitive pattern for a glossary term as it appears in running text.

    The ® mark is ignored, and a term with a parenthesised abbreviation also
    matches without it when that leaves several words: "Reflective
    Supervision/Consultation (RS/C)".
    """
    name = re.sub(r"[®™]", "", term).strip()
    names = {name}
    short = re.sub(r"\s*\([^)]*\)$", "", name).strip()
    if " " in short:  # "EASy (…)" must not match the word "easy"
        names.add(short)
    alternatives = "|".join(re.escape(each) for each in sorted(names, key=len, reverse=True) if each)
    return re.compile(r"(?<!\w)(?:" + alternatives + ")", re.IGNORECASE)


def terms_used(terms, texts):
    """The glossary terms whose name appears in any of the texts, in glossary order."""
    haystack = "\n".join(texts).replace("*", "")
    haystack = re.sub(r"[®™]", "", haystack)
    return [term for term in terms if term_pattern(term.term).search(haystack)]


# --- the page -----------------------------------------------------------------


def category_page(category, designation=""):
    """Everything the category page (and its PDF) shows."""
    domains = competency_domains(category, designation)
    rules = list(RequirementRule.objects.filter(category=category).order_by("order", "pk"))
    application, renewal = requirements(category, rules)
    glossary = list(GlossaryTerm.objects.filter(edition=category.edition).order_by("order"))
    texts = []
    for view in domains:
        texts.append(view.domain.title)
        texts.extend(area.name for area in view.areas)
        texts.extend(iter_texts(view.items))
        for area in view.areas:
            texts.extend(iter_texts(area.items))
    for requirement in application + renewal:
        texts.append(requirement.label)
        texts.extend(requirement.sentences)
    shown = sum(view.statement_count for view in domains)
    total = sum(view.total_count for view in domains)
    return {
        "category": category,
        "edition_notice": edition_notice(category.edition),
        "language_note": category.edition.language_note(),
        "edition": category.edition,
        "is_mentor": bool(category.designation),
        "shares_competencies_with": category.competencies_from,
        "designation": designation,
        "designation_label": dict(DESIGNATION_CHOICES).get(designation, ""),
        "designation_choices": DESIGNATION_CHOICES,
        "tag_legend": Statement.Tag.choices,
        "domains": domains,
        "statement_count": shown,
        "total_statement_count": total,
        "filter_summary": filter_summary(designation, shown, total),
        "application_requirements": application,
        "renewal_requirements": renewal,
        "association_policy": association_policy(category, rules),
        "glossary_used": terms_used(glossary, texts),
        "glossary": glossary,
    }


def category_body(category, designation="", *, for_print=False):
    """The category page inside the site's frame, the same for every visitor of the active
    language: rendered from `category_page` once per content, then read from the cache."""
    language = translation.get_language() or "-"

    def render():
        context = {**category_page(category, designation), "for_print": for_print}
        return render_to_string("competencies/_category_body.html", context)

    body = content.kept(f"body:{category.pk}:{designation}:{int(for_print)}:{language}", render)
    return mark_safe(body)  # noqa: S308 -- our own template's output, rendered with autoescaping


def page_context(category, designation="", *, for_print=False):
    """What `competencies/category.html` needs: the frame's few names and the cached body."""
    return {
        "category": category,
        "for_print": for_print,
        "body": category_body(category, designation, for_print=for_print),
    }


def edition_notice(edition):
    """What a staff member reading an unpublished edition is told."""
    if edition.status == Edition.Status.DRAFT:
        return _("This edition is a draft: only staff can see it.")
    if edition.status == Edition.Status.RETIRED:
        return _("This edition has been retired: only staff can see it.")
    return ""


def filter_summary(designation, shown, total):
    counts = {"shown": shown, "total": total}
    if not designation:
        return (
            ngettext(
                "Showing all %(total)s competency statements, each marked with the designations it applies to.",
                "Showing all %(total)s competency statements, each marked with the designations it applies to.",
                total,
            )
            % counts
        )
    if designation == Statement.Tag.ALL:
        return (
            ngettext(
                "Showing the %(shown)s of %(total)s competency statements shared by all designations (A).",
                "Showing the %(shown)s of %(total)s competency statements shared by all designations (A).",
                total,
            )
            % counts
        )
    return ngettext(
        "Showing %(shown)s of %(total)s competency statements: those shared by all designations (A) "
        "and those for %(name)s (%(designation)s).",
        "Showing %(shown)s of %(total)s competency statements: those shared by all designations (A) "
        "and those for %(name)s (%(designation)s).",
        total,
    ) % {**counts, "name": TAG_NAMES[designation], "designation": designation}


def pdf_filename(category, designation=""):
    """E.g. ``orimha-imhm-p-competency-guidelines.pdf``; a filtered Mentor view names its designation."""
    suffix = "-" + designation.replace("/", "").lower() + "-only" if designation else ""
    return f"{category.edition.slug}-{category.slug}{suffix}-competency-guidelines.pdf"
