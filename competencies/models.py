"""The competency guidelines as data: editions, categories, domains, statements, rules."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from .rules import RuleError, validate_requirement


class Association(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Edition.Status.PUBLISHED)


class Edition(models.Model):
    """One versioned set of guidelines: competencies, requirements and renewal rules."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="editions")
    slug = models.SlugField(unique=True, help_text="Used in URLs and in the engine's facts.")
    title = models.CharField(max_length=300)
    effective_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(max_length=300, blank=True, help_text="The document this edition transcribes.")
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="derived_editions"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    renewal_cycle_years = models.PositiveSmallIntegerField(
        default=1, help_text="Years between renewals: 1 for a yearly renewal, 3 for a three-year cycle."
    )
    renewal_grace_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days after the due date before an unrenewed endorsement lapses."
    )
    renewal_cycle_ends_on = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "A date on which a renewal cycle ends; every cycle ends on this month and day, "
            "renewal_cycle_years apart. Blank: the anniversary of the grant."
        ),
    )
    renewal_first_period_min_days = models.PositiveSmallIntegerField(
        default=0,
        help_text=(
            "An endorsement granted fewer days than this before its cycle ends first renews at the "
            "end of the next cycle."
        ),
    )
    effective_date_is_policy = models.BooleanField(
        default=False,
        help_text="The document names no effective date: the association chose it, and the pages "
        "show it as association policy.",
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["association__name", "-effective_date"]

    def __str__(self):
        return f"{self.title} ({self.slug})"

    def get_absolute_url(self):
        return reverse("competencies:index") + f"#edition-{self.slug}"

    def is_locked(self):
        """Published and retired editions are never edited in place; clone them instead."""
        return self.status != self.Status.DRAFT


class Category(models.Model):
    class Scope(models.TextChoices):
        PROMOTION = "promotion", "Promotion"
        PREVENTION = "prevention", "Prevention"
        INTERVENTION = "intervention", "Intervention/treatment"
        LEADERSHIP = "leadership", "Leadership"

    class Designation(models.TextChoices):
        CLINICAL = "C", "Clinical"
        POLICY = "P", "Policy"
        RESEARCH_FACULTY = "R/F", "Research/Faculty"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(max_length=20, help_text="IFA, IFS, IMHS, IMHM-C, IMHM-P, IMHM-R/F …")
    slug = models.SlugField(help_text="Used in URLs: ifa, ifs, imhs, imhm-c, imhm-p, imhm-rf.")
    name = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField(help_text="I to IV, written as 1 to 4.")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    fits = models.TextField(blank=True, help_text="Who this category is a good fit for, in plain words.")
    designation = models.CharField(max_length=3, choices=Designation.choices, blank=True)
    competencies_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="sharing_categories",
        help_text="Mentor designations share one set of competencies; point to the category that holds it.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "order", "code"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="category_code_unique_per_edition"),
            models.UniqueConstraint(fields=["edition", "slug"], name="category_slug_unique_per_edition"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code}) — {self.edition.slug}"

    def get_absolute_url(self):
        return reverse("competencies:category", args=[self.edition.slug, self.slug])

    @property
    def competency_holder(self):
        return self.competencies_from or self

    def clean(self):
        if self.competencies_from_id and self.competencies_from.edition_id != self.edition_id:
            raise ValidationError({"competencies_from": "Choose a category of the same edition."})
        if self.competencies_from_id and self.competencies_from.competencies_from_id:
            raise ValidationError({"competencies_from": "That category borrows its competencies itself."})


class Domain(models.Model):
    class AreaKind(models.TextChoices):
        KNOWLEDGE = "knowledge", "Knowledge areas"
        SKILL = "skill", "Skill areas"

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="domains")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    area_kind = models.CharField(max_length=10, choices=AreaKind.choices, default=AreaKind.KNOWLEDGE)

    class Meta:
        ordering = ["category", "order"]

    def __str__(self):
        return f"{self.order}. {self.title}"

    @property
    def slug(self):
        return slugify(self.title)


class Area(models.Model):
    """A knowledge or skill area of a domain (the documents use either word)."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="areas")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["domain", "order"]

    def __str__(self):
        return self.name


class Statement(models.Model):
    """An "as demonstrated by" entry: a competency statement, a lead-in line or a note."""

    class Kind(models.TextChoices):
        STATEMENT = "statement", "Competency statement"
        LEAD_IN = "lead_in", "Lead-in line"
        NOTE = "note", "Note"

    class Tag(models.TextChoices):
        ALL = "A", "All designations"
        CLINICAL = "C", "Clinical"
        POLICY = "P", "Policy"
        RESEARCH_FACULTY = "R/F", "Research/Faculty"

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="statements")
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statements",
        help_text="Only where the document lists statements under an area.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="items",
        help_text="The statement this one is a sub-item of.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATEMENT)
    text = models.TextField()
    tags = models.JSONField(
        default=list, blank=True, help_text='Mentor designations, e.g. ["A"] or ["P", "R/F"].'
    )

    class Meta:
        ordering = ["domain", "order"]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        valid = set(self.Tag.values)
        if not isinstance(self.tags, list) or not set(self.tags) <= valid:
            raise ValidationError({"tags": f"Use a list of designations from: {', '.join(self.Tag.values)}."})
        if self.area_id and self.area.domain_id != self.domain_id:
            raise ValidationError({"area": "Choose an area of the same domain."})
        if self.parent_id:
            if self.parent.domain_id != self.domain_id:
                raise ValidationError({"parent": "A sub-item belongs to the same domain as its statement."})
            if self.parent.area_id != self.area_id:
                raise ValidationError({"area": "A sub-item belongs to the same area as its statement."})
            ancestor = self.parent
            while ancestor is not None:
                if self.pk and ancestor.pk == self.pk:
                    raise ValidationError({"parent": "A statement cannot be a sub-item of itself."})
                ancestor = ancestor.parent


class GlossaryTerm(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="glossary")
    order = models.PositiveSmallIntegerField(default=0)
    term = models.CharField(max_length=200)
    definition = models.TextField()

    class Meta:
        ordering = ["edition", "order"]

    def __str__(self):
        return self.term

    @property
    def anchor(self):
        return "term-" + slugify(self.term)


class RequirementRule(models.Model):
    """One requirement of a category, as parameters the rule engine reads.

    The parameters are JSON; `competencies.rules` validates them and writes the
    plain-language description shown on the guideline pages.
    """

    class Stage(models.TextChoices):
        APPLICATION = "application", "Application"
        RENEWAL = "renewal", "Renewal"

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="rules")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    key = models.CharField(max_length=40)
    order = models.PositiveSmallIntegerField(default=0)
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["category", "stage", "order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "stage", "key"], name="one_rule_per_key"),
        ]

    def __str__(self):
        return f"{self.category.code} {self.stage}: {self.key}"

    def clean(self):
        try:
            validate_requirement(self.stage, self.key, self.params)
        except RuleError as error:
            raise ValidationError({"params": str(error)}) from error
