"""The competency guidelines as data: editions, categories, domains, statements, rules."""

import functools
import zoneinfo
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Case, IntegerField, Q, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy, pgettext_lazy

from endorsement import languages

from .content import ContentQuerySet
from .rules import RuleError, validate_requirement


def validate_time_zone(value):
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(
            gettext_lazy(
                "%(value)s is not a time zone name. Use a name such as America/Detroit or America/Los_Angeles."
            ),
            params={"value": value},
        )


def _policy_number(label, help_text, *, most, least=None):
    """An association policy: a whole number from `least` to `most`; blank keeps the default."""
    validators = (
        [MaxValueValidator(most)] if least is None else [MinValueValidator(least), MaxValueValidator(most)]
    )
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=validators, help_text=help_text
    )


def _policy_days(label, help_text):
    return _policy_number(label, help_text, most=3650)


class AssociationQuerySet(ContentQuerySet):
    def accepting_applications(self):
        """Associations with published guidelines, which applicants can apply to."""
        return self.filter(editions__status="published").distinct().order_by("name")


class Association(models.Model):
    """An association running its endorsement on this install, with the settings it decides."""

    slug = models.SlugField(unique=True)
    name = models.CharField(gettext_lazy("display name"), max_length=200)
    short_name = models.CharField(max_length=40)
    website = models.URLField(blank=True)
    region = models.CharField(
        gettext_lazy("state or region"),
        max_length=120,
        blank=True,
        help_text=gettext_lazy(
            "Where the association endorses professionals, as applicants know it: e.g. Oregon."
        ),
    )
    logo = models.ImageField(
        upload_to="associations/logos/",
        blank=True,
        help_text=gettext_lazy("PNG or JPEG, shown on certificates. Keep it under 1 MB."),
    )
    sender_email = models.EmailField(
        gettext_lazy("sender address"),
        blank=True,
        help_text=gettext_lazy("Emails to this association's people come from this address."),
    )
    reply_to_email = models.EmailField(gettext_lazy("reply-to address"), blank=True)
    signature_1_name = models.CharField(gettext_lazy("first signature: name"), max_length=120, blank=True)
    signature_1_title = models.CharField(
        gettext_lazy("first signature: title"),
        max_length=120,
        blank=True,
        help_text=gettext_lazy("e.g. Endorsement coordinator"),
    )
    signature_2_name = models.CharField(gettext_lazy("second signature: name"), max_length=120, blank=True)
    signature_2_title = models.CharField(
        gettext_lazy("second signature: title"),
        max_length=120,
        blank=True,
        help_text=gettext_lazy("e.g. President of the board"),
    )
    contact_name = models.CharField(gettext_lazy("public contact: name"), max_length=120, blank=True)
    contact_email = models.EmailField(gettext_lazy("public contact: email"), blank=True)
    contact_phone = models.CharField(gettext_lazy("public contact: phone"), max_length=40, blank=True)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=gettext_lazy(
            "Where the association works, e.g. America/Detroit: the dates and times its people see "
            "and its emails show. Blank: the install's time zone."
        ),
    )
    # Association policy: where the guidelines leave a value to the association. Blank keeps the
    # value of the edition's rules (or the install's default); `policy()` reads them.
    rating_valid_days = _policy_days(
        gettext_lazy("rating validity (days)"),
        gettext_lazy("How old a rating may be when the application is submitted."),
    )
    max_not_enough_information = _policy_number(
        gettext_lazy('"not enough information" limit'),
        gettext_lazy('How many items a rater may mark "not enough information" for the rating to count.'),
        most=50,
    )
    pass_mark_percent = _policy_number(
        gettext_lazy("exam pass mark (%)"),
        gettext_lazy("The multiple-choice score, in percent, that passes the exam."),
        least=1,
        most=100,
    )
    retake_wait_days = _policy_days(
        gettext_lazy("exam retake wait (days)"),
        gettext_lazy("Days before a failed exam part may be retaken."),
    )
    renewal_grace_days = _policy_days(
        gettext_lazy("renewal grace period (days)"),
        gettext_lazy("Days after the renewal due date before an unrenewed endorsement lapses."),
    )
    reviews_required = _policy_number(
        gettext_lazy("reviews before a decision"),
        gettext_lazy(
            "Submitted reviews an application needs before it is approved, denied or sent to the exam."
        ),
        least=1,
        most=5,
    )
    rating_due_days = _policy_number(
        gettext_lazy("rating due (days)"),
        gettext_lazy("Days a rater has to answer before the link expires."),
        least=1,
        most=365,
    )

    typical_decision_weeks = _policy_number(
        gettext_lazy("typical weeks to a decision"),
        gettext_lazy(
            "Shown to applicants after they submit. Blank: the median of the association's "
            "recent decisions, once there are a few."
        ),
        least=1,
        most=104,
    )
    reuse_ratings = models.BooleanField(
        gettext_lazy("ratings carry over to a later application"),
        default=False,
        help_text=gettext_lazy(
            "An applicant applying again (say for IMHS after IFS) may reuse a submitted rating "
            "still within the rating validity, when the rater's role counts for the new category."
        ),
    )

    objects = AssociationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    # The policies and, for those the edition's rules carry, the rule and parameter they replace.
    POLICY_RULES = {
        "rating_valid_days": ("references", "max_age_days"),
        "max_not_enough_information": ("references", "max_not_enough_information"),
        "pass_mark_percent": ("exam", "pass_mark_percent"),
        "retake_wait_days": ("exam", "retake_wait_days"),
    }

    @property
    def zone(self):
        """The association's time zone (the install's when it set none)."""
        return zoneinfo.ZoneInfo(self.time_zone or settings.TIME_ZONE)

    def signatures(self):
        """The (name, title) pairs printed on the certificate: the association's own, else the
        two lines every certificate carried before associations set theirs."""
        own = [
            (name, title)
            for name, title in (
                (self.signature_1_name, self.signature_1_title),
                (self.signature_2_name, self.signature_2_title),
            )
            if name or title
        ]
        return own or [("", "Endorsement coordinator"), ("", f"For the board of the {self.name}")]

    def policy(self, name, default=None):
        """The association's value of policy `name`, or `default` (the rules' or install's value)."""
        if name not in self.POLICY_FIELDS:
            raise KeyError(f"{name!r} is not an association policy")
        value = getattr(self, name)
        return default if value is None else value

    def apply_policy(self, application_rules):
        """The application-stage rules with this association's policy values laid over the
        parameters they replace (only on rules the category has)."""
        rules = dict(application_rules)
        for name, (key, param) in self.POLICY_RULES.items():
            value = getattr(self, name)
            if value is not None and key in rules:
                rules[key] = {**rules[key], param: value}
        return rules


Association.POLICY_FIELDS = (
    *Association.POLICY_RULES,
    "rating_due_days",
    "renewal_grace_days",
    "reviews_required",
    "typical_decision_weeks",
    "reuse_ratings",
)


class Membership(models.Model):
    """A person on an association's staff, in one role; a person may hold several.

    The role groups (`endorsement.roles`) say what a person may do; memberships say where.
    Every staff query is scoped through `staff_scope`, every single-object check through
    `endorsement.roles.acts_in`; a superuser acts everywhere.
    """

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", gettext_lazy("Coordinator")
        REVIEWER = "reviewer", gettext_lazy("Reviewer")
        ADVISOR = "advisor", gettext_lazy("Advisor")
        ADMIN = "admin", gettext_lazy("Association admin")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=12, choices=Role.choices)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "association", "role"], name="one_membership_per_role"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} of {self.association.short_name}"


class StaffChange(models.Model):
    """One change to an association's staff, on record: who did what to whom, and when."""

    class Action(models.TextChoices):
        INVITED = "invited", pgettext_lazy("staff invitation status", "Invited")
        ADDED = "added", gettext_lazy("Role given")
        REMOVED = "removed", gettext_lazy("Role removed")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="staff_changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=10, choices=Action.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="staff_changes"
    )
    email = models.EmailField(help_text=gettext_lazy("The person's address at the time of the change."))
    role = models.CharField(max_length=12, choices=Membership.Role.choices)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.get_action_display()}: {self.email} as {self.get_role_display()}"


class StaffFacts(NamedTuple):
    """What the pages of a signed-in user ask of them on every request."""

    groups: frozenset  # group names
    places: dict  # {role: frozenset of association ids}
    has_totp: bool  # an authenticator app is activated (staff must have one)


@functools.cache
def _staff_facts_sql():
    """Groups, memberships and the authenticator app of one user in one statement. Written out
    once, from the models' tables, rather than composed by the ORM on each request: every
    signed-in page asks it, and composing the union cost more than running it."""
    user_groups = get_user_model()._meta.get_field("groups").remote_field.through._meta.db_table
    groups, memberships = Group._meta.db_table, Membership._meta.db_table
    authenticator = apps.get_model("mfa", "Authenticator")
    # Only the models' own table names and a choice of the code go into the text; the user is a
    # parameter.
    return (
        f"SELECT 'group', g.name, NULL FROM {groups} g "  # noqa: S608
        f"INNER JOIN {user_groups} ug ON ug.group_id = g.id WHERE ug.user_id = %s "
        f"UNION ALL SELECT 'membership', m.role, m.association_id FROM {memberships} m WHERE m.user_id = %s "
        f"UNION ALL SELECT 'totp', NULL, NULL FROM {authenticator._meta.db_table} a "
        f"WHERE a.user_id = %s AND a.type = '{authenticator.Type.TOTP.value}'"
    )


def staff_facts(user):
    """`StaffFacts` of a signed-in user, in ONE query, cached on the user object for the request."""
    cached = getattr(user, "_endorsement_staff_facts", None)
    if cached is not None:
        return cached
    with connection.cursor() as cursor:
        cursor.execute(_staff_facts_sql(), [user.pk] * 3)
        rows = cursor.fetchall()
    names, places, has_totp = set(), {}, False
    for kind, name, association_id in rows:
        if kind == "group":
            names.add(name)
        elif kind == "membership":
            places.setdefault(name, set()).add(association_id)
        else:
            has_totp = True
    cached = StaffFacts(frozenset(names), {role: frozenset(ids) for role, ids in places.items()}, has_totp)
    user._endorsement_staff_facts = cached
    return cached


def staff_association_ids(user, role):
    """The associations where `user` holds `role`: None means every one (a superuser)."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return None
    return staff_facts(user).places.get(role, frozenset())


def staff_scope_key(user, role):
    """The associations where `user` holds `role`, as text for a cache key ("all": a superuser)."""
    ids = staff_association_ids(user, role)
    return "all" if ids is None else ",".join(str(pk) for pk in sorted(ids))


def staff_scope(user, role, association_field):
    """The ONE filter every staff query goes through: rows whose `association_field` (a lookup
    path to an Association, e.g. "category__edition__association") is one where `user` holds
    `role`. Everything for a superuser, nothing for anyone without a membership."""
    ids = staff_association_ids(user, role)
    if ids is None:
        return Q()
    return Q(**{f"{association_field}__in": sorted(ids)})


class StaffQuerySet(models.QuerySet):
    """Mixed into the querysets of what association staff see (applications, endorsements, …)."""

    association_field = None  # set by each model's queryset

    def for_staff(self, user, role=Membership.Role.COORDINATOR):
        return self.filter(staff_scope(user, role, self.association_field))


class CategoryQuerySet(ContentQuerySet, StaffQuerySet):
    association_field = "edition__association"

    def levels_by_code(self, edition=None):
        """The level (1 to 4) of every endorsement code the guidelines name, the equivalents
        included; where editions differ, `edition`'s level wins, else the latest edition's."""
        rows = self.annotate(
            own=Case(When(edition=edition, then=1), default=0, output_field=IntegerField())
        ).order_by("own", "edition__effective_date")
        levels = {}
        for code, level, equivalents in rows.values_list("code", "level", "equivalent_codes"):
            for name in (code, *equivalents):
                levels[name] = level
        return levels


# What a visitor reading the site in another language is told about an edition's language: a
# whole sentence per language, as the name of a language changes form inside a sentence.
PUBLISHED_IN = {
    "en": gettext_lazy(
        "These guidelines are published in English, the language the association published them in."
    ),
    "es": gettext_lazy(
        "These guidelines are published in Spanish, the language the association published them in."
    ),
}


class EditionQuerySet(ContentQuerySet):
    def published(self):
        return self.filter(status=Edition.Status.PUBLISHED)


class Edition(models.Model):
    """One versioned set of guidelines: competencies, requirements and renewal rules."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("edition status", "Draft")
        PUBLISHED = "published", pgettext_lazy("edition status", "Published")
        RETIRED = "retired", pgettext_lazy("edition status", "Retired")

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="editions")
    slug = models.SlugField(unique=True, help_text=gettext_lazy("Used in URLs and in the engine's facts."))
    title = models.CharField(max_length=300)
    effective_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(
        max_length=300, blank=True, help_text=gettext_lazy("The document this edition transcribes.")
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="derived_editions"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    renewal_cycle_years = models.PositiveSmallIntegerField(
        default=1,
        help_text=gettext_lazy("Years between renewals: 1 for a yearly renewal, 3 for a three-year cycle."),
    )
    renewal_grace_days = models.PositiveSmallIntegerField(
        default=30, help_text=gettext_lazy("Days after the due date before an unrenewed endorsement lapses.")
    )
    renewal_cycle_ends_on = models.DateField(
        null=True,
        blank=True,
        help_text=gettext_lazy(
            "A date on which a renewal cycle ends; every cycle ends on this month and day, "
            "renewal_cycle_years apart. Blank: the anniversary of the grant."
        ),
    )
    renewal_first_period_min_days = models.PositiveSmallIntegerField(
        default=0,
        help_text=gettext_lazy(
            "An endorsement granted fewer days than this before its cycle ends first renews at the "
            "end of the next cycle."
        ),
    )
    effective_date_is_policy = models.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "The document names no effective date: the association chose it, and the pages "
            "show it as association policy."
        ),
    )
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=gettext_lazy(
            "The language the association published these guidelines in; their text is shown "
            "in it whatever language a visitor reads the site in."
        ),
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["association__name", "-effective_date"]

    def __str__(self):
        return f"{self.title} ({self.slug})"

    def get_absolute_url(self):
        return reverse("competencies:index") + f"#edition-{self.slug}"

    def language_note(self):
        """The language the guidelines are in, for a visitor reading the site in another; else ""."""
        if languages.supported(translation.get_language()) == self.language:
            return ""
        return str(PUBLISHED_IN.get(self.language, ""))

    def is_locked(self):
        """Published and retired editions are never edited in place; clone them instead."""
        return self.status != self.Status.DRAFT


class Category(models.Model):
    class Scope(models.TextChoices):
        PROMOTION = "promotion", gettext_lazy("Promotion")
        PREVENTION = "prevention", gettext_lazy("Prevention")
        INTERVENTION = "intervention", gettext_lazy("Intervention/treatment")
        LEADERSHIP = "leadership", gettext_lazy("Leadership")

    class Designation(models.TextChoices):
        CLINICAL = "C", pgettext_lazy("Mentor designation", "Clinical")
        POLICY = "P", pgettext_lazy("Mentor designation", "Policy")
        RESEARCH_FACULTY = "R/F", pgettext_lazy("Mentor designation", "Research/Faculty")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(
        max_length=20, help_text=gettext_lazy("IFA, IFS, IMHS, IMHM-C, IMHM-P, IMHM-R/F …")
    )
    slug = models.SlugField(help_text=gettext_lazy("Used in URLs: ifa, ifs, imhs, imhm-c, imhm-p, imhm-rf."))
    name = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField(help_text=gettext_lazy("I to IV, written as 1 to 4."))
    scope = models.CharField(max_length=20, choices=Scope.choices)
    fits = models.TextField(
        blank=True, help_text=gettext_lazy("Who this category is a good fit for, in plain words.")
    )
    designation = models.CharField(max_length=3, choices=Designation.choices, blank=True)
    equivalent_codes = models.JSONField(
        default=list,
        blank=True,
        help_text=gettext_lazy(
            "Endorsements at this category's level that the guidelines also name, e.g. ECFS for IFS: "
            "a holder counts as endorsed at this level (reviewers, raters)."
        ),
    )
    competencies_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="sharing_categories",
        help_text=gettext_lazy(
            "Mentor designations share one set of competencies; point to the category that holds it."
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "order", "code"]
        verbose_name_plural = gettext_lazy("categories")
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
            raise ValidationError(
                {"competencies_from": gettext_lazy("Choose a category of the same edition.")}
            )
        if self.competencies_from_id and self.competencies_from.competencies_from_id:
            raise ValidationError(
                {"competencies_from": gettext_lazy("That category borrows its competencies itself.")}
            )


class Domain(models.Model):
    class AreaKind(models.TextChoices):
        KNOWLEDGE = "knowledge", gettext_lazy("Knowledge areas")
        SKILL = "skill", gettext_lazy("Skill areas")

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="domains")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    area_kind = models.CharField(max_length=10, choices=AreaKind.choices, default=AreaKind.KNOWLEDGE)

    objects = ContentQuerySet.as_manager()

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

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["domain", "order"]

    def __str__(self):
        return self.name


class Statement(models.Model):
    """An "as demonstrated by" entry: a competency statement, a lead-in line or a note."""

    class Kind(models.TextChoices):
        STATEMENT = "statement", gettext_lazy("Competency statement")
        LEAD_IN = "lead_in", gettext_lazy("Lead-in line")
        NOTE = "note", gettext_lazy("Note")

    class Tag(models.TextChoices):
        ALL = "A", pgettext_lazy("Mentor designation", "All designations")
        CLINICAL = "C", pgettext_lazy("Mentor designation", "Clinical")
        POLICY = "P", pgettext_lazy("Mentor designation", "Policy")
        RESEARCH_FACULTY = "R/F", pgettext_lazy("Mentor designation", "Research/Faculty")

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="statements")
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statements",
        help_text=gettext_lazy("Only where the document lists statements under an area."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="items",
        help_text=gettext_lazy("The statement this one is a sub-item of."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATEMENT)
    text = models.TextField()
    tags = models.JSONField(
        default=list, blank=True, help_text=gettext_lazy('Mentor designations, e.g. ["A"] or ["P", "R/F"].')
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["domain", "order"]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        valid = set(self.Tag.values)
        if not isinstance(self.tags, list) or not set(self.tags) <= valid:
            raise ValidationError({"tags": f"Use a list of designations from: {', '.join(self.Tag.values)}."})
        if self.area_id and self.area.domain_id != self.domain_id:
            raise ValidationError({"area": gettext_lazy("Choose an area of the same domain.")})
        if self.parent_id:
            if self.parent.domain_id != self.domain_id:
                raise ValidationError(
                    {"parent": gettext_lazy("A sub-item belongs to the same domain as its statement.")}
                )
            if self.parent.area_id != self.area_id:
                raise ValidationError(
                    {"area": gettext_lazy("A sub-item belongs to the same area as its statement.")}
                )
            ancestor = self.parent
            while ancestor is not None:
                if self.pk and ancestor.pk == self.pk:
                    raise ValidationError(
                        {"parent": gettext_lazy("A statement cannot be a sub-item of itself.")}
                    )
                ancestor = ancestor.parent


class GlossaryTerm(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="glossary")
    order = models.PositiveSmallIntegerField(default=0)
    term = models.CharField(max_length=200)
    definition = models.TextField()

    objects = ContentQuerySet.as_manager()

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

    objects = ContentQuerySet.as_manager()

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


class GuidelinePdf(models.Model):
    """A category page rendered to PDF once for one content, served from storage.

    `fingerprint` is the SHA-256 of the HTML the PDF is made from, so any change that reaches
    the page (a published edition, an admin's edit of a statement, rule or glossary term, a new
    template) names another file. A row without `rendered_at` is a render already queued: the
    unique key lets one request queue it and every other visitor wait for it.
    """

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="pdfs")
    designation = models.CharField(max_length=3, blank=True)
    # The page's headings follow the visitor's language, so each language has its own file.
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    fingerprint = models.CharField(max_length=64)
    file = models.FileField(upload_to="guidelines/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("guideline PDF")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "designation", "fingerprint"], name="one_guideline_pdf_per_content"
            ),
        ]

    def __str__(self):
        return f"{self.category.code} {self.designation or 'all'} {self.fingerprint[:12]}"

    def is_rendered(self):
        return self.rendered_at is not None
