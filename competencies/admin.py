"""The admin for the competency guidelines, for association staff who are not engineers.

Published and retired editions are read-only here, with everything in them:
applications rely on them. The admin says so on every page of such an edition;
changes go through "Clone as a new draft", editing the draft, and "Publish".
Cloning and publishing are `competencies.services` operations; this module only
turns their errors into messages.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import csrf_protect_m
from django.contrib.admin.utils import unquote
from django.db import connection
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from endorsement import roles

from . import services
from .models import Area, Association, Category, Domain, Edition, GlossaryTerm, RequirementRule, Statement
from .rules import LABELS, RuleError, describe_requirement

# --- locked editions ----------------------------------------------------------------------


def edition_of(obj):
    """The edition an object of the guidelines belongs to (None for None and associations)."""
    if obj is None or isinstance(obj, Association):
        return None
    if isinstance(obj, Edition):
        return obj
    if isinstance(obj, Category | GlossaryTerm):
        return obj.edition
    if isinstance(obj, RequirementRule):
        return obj.category.edition
    if isinstance(obj, Domain):
        return obj.category.edition
    if isinstance(obj, Area | Statement):
        return obj.domain.category.edition
    raise TypeError(f"{type(obj).__name__} is not part of an edition")


# How to find the edition's status from each kind of object, without loading the chain in between.
_STATUS_PATHS = {
    Category: (Edition, "edition_id", "status"),
    GlossaryTerm: (Edition, "edition_id", "status"),
    RequirementRule: (Category, "category_id", "edition__status"),
    Domain: (Category, "category_id", "edition__status"),
    Area: (Domain, "domain_id", "category__edition__status"),
    Statement: (Domain, "domain_id", "category__edition__status"),
}


def is_locked(obj, request=None):
    """Whether `obj` belongs to a published or retired edition.

    Answers are remembered on the request: the delete confirmation page asks
    this for every statement of a domain, and they all share one answer.
    """
    if obj is None or isinstance(obj, Association):
        return False
    if isinstance(obj, Edition):
        return obj.is_locked()
    holder, attname, path = _STATUS_PATHS[type(obj)]
    key = (holder, getattr(obj, attname))
    memo = request.__dict__.setdefault("_edition_locks", {}) if request is not None else {}
    if key not in memo:
        if key[1] is None:
            memo[key] = False
        else:
            status = holder.objects.filter(pk=key[1]).values_list(path, flat=True).first()
            memo[key] = status is not None and status != Edition.Status.DRAFT
    return memo[key]


def locked_message(edition):
    return _(
        "This edition is %(status)s and applications rely on it. "
        "To change it, use “Clone as a new draft” on the list of editions, edit the draft, and publish it."
    ) % {"status": edition.get_status_display().lower()}


DRAFTS_ONLY_HELP = gettext_lazy(
    "Only draft editions are listed: published editions are changed by cloning them as a draft first."
)


def _offer_drafts_only(form, name, queryset):
    """Where `form` has the field `name`, it offers only `queryset` (rows of draft editions) and says why."""
    if name in form.fields:
        form.fields[name].queryset = queryset
        form.fields[name].help_text = DRAFTS_ONLY_HELP


class LockedEditionAdmin(admin.ModelAdmin):
    """A model admin whose objects are read-only once their edition is published or retired."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked(obj, request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_locked(obj, request)

    @csrf_protect_m
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Changes sent to a locked object (say, from a page opened before it was published) are refused."""
        if request.method == "POST" and object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and is_locked(obj, request):
                messages.error(request, _("Your changes were not saved."))
                return HttpResponseRedirect(request.get_full_path())
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and is_locked(obj, request):
            messages.warning(request, locked_message(edition_of(obj)))
        return super().render_change_form(request, context, add, change, form_url, obj)


class LockedEditionInline:
    """An inline that offers no adding, changing or deleting under a locked edition."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not is_locked(obj, request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked(obj, request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_locked(obj, request)


# --- list filters -------------------------------------------------------------------------


class LookupFilter(admin.SimpleListFilter):
    """Keeps the rows whose `lookup_path` (from the row, e.g. "category__pk") equals the
    chosen value; a subclass on another model with the same choices overrides only `lookup_path`."""

    lookup_path = None

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.lookup_path: self.value()})
        return queryset


class EditionFilter(LookupFilter):
    title = gettext_lazy("edition")
    parameter_name = "edition"
    lookup_path = "edition__slug"

    def lookups(self, request, model_admin):
        return [(edition.slug, edition.title) for edition in Edition.objects.order_by("slug")]


class CategoryFilter(LookupFilter):
    title = gettext_lazy("category")
    parameter_name = "category"
    lookup_path = "category__pk"

    def lookups(self, request, model_admin):
        categories = Category.objects.filter(competencies_from=None).select_related("edition")
        return [
            (str(category.pk), f"{category.code} ({category.edition.slug})")
            for category in categories.order_by("edition__slug", "order")
        ]


class TagFilter(admin.SimpleListFilter):
    title = gettext_lazy("Mentor designation tag")
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        return Statement.Tag.choices

    def queryset(self, request, queryset):
        tag = self.value()
        if tag not in Statement.Tag.values:
            return queryset
        if connection.features.supports_json_field_contains:
            return queryset.filter(tags__contains=[tag])
        return queryset.filter(tags__icontains=json.dumps(tag))


# --- form pieces --------------------------------------------------------------------------


class PrettyJSONField(forms.JSONField):
    """JSON shown indented, so that people can read and edit the settings."""

    default_error_messages = {
        "invalid": gettext_lazy(
            'Write the settings as JSON, for example {"min_hours": 30}; check quotes, commas and braces.'
        )
    }

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False)


class TagsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Statement.Tag.choices)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            gettext_lazy(
                "Mentor designations the statement applies to; leave empty outside the Mentor category."
            ),
        )
        super().__init__(**kwargs)


def rule_key_choices():
    return [(key, f"{label} ({key})") for key, label in LABELS.items()]


def statement_label(statement):
    """The statement's beginning, indented by one dash per level of nesting when known."""
    return "– " * getattr(statement, "depth", 0) + Truncator(statement.text).chars(90)


def tree_order(statements):
    """Statements in document order: by area, then each statement followed by its sub-items."""
    statements = list(statements)
    children = {}
    for statement in statements:
        children.setdefault(statement.parent_id, []).append(statement)
    for siblings in children.values():
        siblings.sort(key=lambda s: (s.order, s.pk))
    roots = sorted(
        children.get(None, []),
        key=lambda s: (s.area is None, s.area.order if s.area else 0, s.order, s.pk),
    )
    ordered, seen = [], set()

    def visit(statement, depth=0):
        if statement.pk in seen:
            return
        seen.add(statement.pk)
        statement.depth = depth
        ordered.append(statement)
        for child in children.get(statement.pk, []):
            visit(child, depth + 1)

    for root in roots:
        visit(root)
    ordered += [statement for statement in statements if statement.pk not in seen]
    return ordered


class ParentChoicesFormSet(BaseInlineFormSet):
    """An inline formset whose rows choose among the parent object's own rows.

    The choice lists are read once for the whole formset, not once per row, so
    that a domain with forty statements does not cost eighty queries.
    """

    def parent_choices(self):
        """{field name: (queryset, label function)} for the rows of this formset."""
        return {}

    def arrange(self, name, rows):
        """The rows offered for field `name`, in the order shown."""
        return rows

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choices = {}
        for name, (queryset, label) in self.parent_choices().items():
            if self.instance.pk is None:
                queryset = queryset.none()
            rows = self.arrange(name, list(queryset))
            self._choices[name] = (queryset, [("", "---------")] + [(row.pk, label(row)) for row in rows])

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, (queryset, choices) in self._choices.items():
            if name in form.fields:
                form.fields[name].queryset = queryset
                form.fields[name].choices = choices


# --- association and edition --------------------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record kept by its app's services: visible in the admin, never edited there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AssociationScopedAdmin(admin.ModelAdmin):
    """For rows an association's admin edits without being a superuser: they see and change
    only those of the associations they administer (`endorsement.roles.administers`)."""

    association_field = "association"  # the lookup from the row to its association

    def _association_id(self, obj):
        return obj.pk if self.association_field == "pk" else getattr(obj, f"{self.association_field}_id")

    def _administers(self, request, obj=None):
        if request.user.is_superuser:
            return True
        if obj is None:
            return roles.is_association_admin(request.user)
        return roles.administers(request.user, self._association_id(obj))

    def has_module_permission(self, request):
        return super().has_module_permission(request) or roles.is_association_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return self._administers(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._administers(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = roles.administered_ids(request.user)
        if ids is None:
            return queryset
        return queryset.filter(**{f"{self.association_field}__in": sorted(ids)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = roles.administered_ids(request.user)
        if db_field.name == "association" and ids is not None:
            kwargs["queryset"] = Association.objects.filter(pk__in=sorted(ids))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Association)
class AssociationAdmin(AssociationScopedAdmin):
    """Each association's settings; its own admin edits them, a superuser adds associations."""

    association_field = "pk"
    list_display = ["name", "short_name", "slug", "website", "edition_count"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "website", "region", "time_zone"]}),
        (
            gettext_lazy("Look"),
            {
                "fields": [
                    "logo",
                    "signature_1_name",
                    "signature_1_title",
                    "signature_2_name",
                    "signature_2_title",
                ]
            },
        ),
        (gettext_lazy("Email"), {"fields": ["sender_email", "reply_to_email"]}),
        (
            gettext_lazy("Public contact for applicants"),
            {"fields": ["contact_name", "contact_email", "contact_phone"]},
        ),
        (
            gettext_lazy("Association policy"),
            {
                "description": gettext_lazy(
                    "Where the guidelines leave a value to the association. Blank keeps the value of the "
                    "edition's rules."
                ),
                "fields": list(Association.POLICY_FIELDS),
            },
        ),
    ]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}

    def get_readonly_fields(self, request, obj=None):
        return () if request.user.is_superuser else ("slug",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(edition_count=Count("editions"))

    @admin.display(description=gettext_lazy("editions"), ordering="edition_count")
    def edition_count(self, association):
        return association.edition_count


class CategoryInlineForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["order", "code", "slug", "name", "level", "scope", "designation", "competencies_from"]


class CategoryInlineFormSet(ParentChoicesFormSet):
    def parent_choices(self):
        queryset = Category.objects.filter(edition_id=self.instance.pk, competencies_from=None)
        return {"competencies_from": (queryset, lambda category: f"{category.code} — {category.name}")}


class CategoryInline(LockedEditionInline, admin.TabularInline):
    model = Category
    form = CategoryInlineForm
    formset = CategoryInlineFormSet
    fk_name = "edition"
    extra = 0
    show_change_link = True
    ordering = ["order", "code"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("edition", "competencies_from__edition")


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = [
            "association",
            "title",
            "slug",
            "effective_date",
            "effective_date_is_policy",
            "source",
            "language",
            "renewal_cycle_years",
            "renewal_grace_days",
            "renewal_cycle_ends_on",
            "renewal_first_period_min_days",
        ]


@admin.register(Edition)
class EditionAdmin(LockedEditionAdmin):
    form = EditionForm
    list_display = ["title", "slug", "association", "status", "effective_date", "category_count"]
    list_filter = ["status", "association"]
    list_select_related = ["association"]
    search_fields = ["title", "slug", "association__name", "association__short_name"]
    readonly_fields = ["status", "published_at", "based_on"]
    fieldsets = [
        (None, {"fields": ["association", "title", "slug", "effective_date", "source", "language"]}),
        (gettext_lazy("Renewal"), {"fields": ["renewal_cycle_years"]}),
        (
            gettext_lazy("Association policy"),
            {
                "description": gettext_lazy(
                    "Settings the guidelines do not state: the association decides them, "
                    "and the public pages show them apart from the guidelines."
                ),
                "fields": [
                    "effective_date_is_policy",
                    "renewal_grace_days",
                    "renewal_cycle_ends_on",
                    "renewal_first_period_min_days",
                ],
            },
        ),
        (
            gettext_lazy("Status"),
            {
                "fields": ["status", "published_at", "based_on"],
                "description": gettext_lazy(
                    "The status changes through the actions on the list of editions: "
                    "“Clone as a new draft”, “Publish” and “Retire”."
                ),
            },
        ),
    ]
    inlines = [CategoryInline]
    actions = ["clone_as_draft", "publish", "retire"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(category_count=Count("categories"))

    @admin.display(description=gettext_lazy("categories"), ordering="category_count")
    def category_count(self, edition):
        return edition.category_count

    def get_deleted_objects(self, objs, request):
        """A summary of what goes with the editions, instead of a list of every statement."""
        editions = list(objs)
        listed = [
            format_html(
                _('Edition: <a href="{url}">{edition}</a>'),
                url=reverse(f"{self.admin_site.name}:competencies_edition_change", args=[edition.pk]),
                edition=edition,
            )
            for edition in editions
        ]
        counts = {
            Edition._meta.verbose_name_plural: len(editions),
            Category._meta.verbose_name_plural: Category.objects.filter(edition__in=editions).count(),
            Domain._meta.verbose_name_plural: Domain.objects.filter(category__edition__in=editions).count(),
            Area._meta.verbose_name_plural: Area.objects.filter(
                domain__category__edition__in=editions
            ).count(),
            Statement._meta.verbose_name_plural: Statement.objects.filter(
                domain__category__edition__in=editions
            ).count(),
            RequirementRule._meta.verbose_name_plural: RequirementRule.objects.filter(
                category__edition__in=editions
            ).count(),
            GlossaryTerm._meta.verbose_name_plural: GlossaryTerm.objects.filter(edition__in=editions).count(),
        }
        locked = [edition for edition in editions if edition.is_locked()]
        perms_needed = {_("published or retired editions")} if locked else set()
        return listed, counts, perms_needed, []

    def delete_model(self, request, obj):
        services.delete_edition(obj)

    def delete_queryset(self, request, queryset):
        for edition in queryset:
            services.delete_edition(edition)

    def _each_edition(self, request, queryset, act, failed, errors=services.EditionError):
        """Calls the service `act` on each selected edition and yields (edition, result) where it
        went through; where it raised one of `errors`, tells `failed` with the title and the error."""
        for edition in queryset:
            try:
                result = act(edition)
            except errors as error:
                self.message_user(request, failed % {"title": edition.title, "error": error}, messages.ERROR)
            else:
                yield edition, result

    @admin.action(description=gettext_lazy("Clone as a new draft"), permissions=["add"])
    def clone_as_draft(self, request, queryset):
        failed = _("“%(title)s” was not cloned: %(error)s")
        for edition, draft in self._each_edition(request, queryset, services.clone_edition, failed):
            self.message_user(
                request,
                format_html(
                    _(
                        'Cloned “{title}” as the draft <a href="{url}">{slug}</a>. Edit it (give it its own '
                        "title and slug), then publish it."
                    ),
                    title=edition.title,
                    url=reverse(f"{self.admin_site.name}:competencies_edition_change", args=[draft.pk]),
                    slug=draft.slug,
                ),
                messages.SUCCESS,
            )

    @admin.action(description=gettext_lazy("Publish the selected drafts"), permissions=["change"])
    def publish(self, request, queryset):
        failed = _("“%(title)s” was not published: %(error)s")
        errors = (services.EditionError, RuleError)
        for edition, _published in self._each_edition(
            request, queryset, services.publish_edition, failed, errors
        ):
            done = _("Published “%(title)s”. It is now read-only; clone it to make further changes.")
            self.message_user(request, done % {"title": edition.title}, messages.SUCCESS)

    @admin.action(
        description=gettext_lazy("Retire the selected editions (no new applications)"), permissions=["change"]
    )
    def retire(self, request, queryset):
        failed = _("“%(title)s” was not retired: %(error)s")
        for edition, _retired in self._each_edition(request, queryset, services.retire_edition, failed):
            done = _(
                "Retired “%(title)s”. No new application can be started under it; the "
                "applications already under it go on as they are."
            )
            self.message_user(request, done % {"title": edition.title}, messages.SUCCESS)


# --- category -----------------------------------------------------------------------------


class DomainInline(LockedEditionInline, admin.TabularInline):
    model = Domain
    fields = ["order", "title", "area_kind", "statement_count"]
    readonly_fields = ["statement_count"]
    extra = 0
    show_change_link = True
    ordering = ["order"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(statement_count=Count("statements"))

    @admin.display(description=gettext_lazy("entries"))
    def statement_count(self, domain):
        return getattr(domain, "statement_count", "—")


class RequirementRuleForm(forms.ModelForm):
    key = forms.ChoiceField(
        choices=rule_key_choices, help_text=gettext_lazy("The requirement these settings are for.")
    )
    params = PrettyJSONField(
        required=False,
        label=gettext_lazy("Settings"),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 60, "class": "vLargeTextField"}),
        help_text=gettext_lazy(
            "The numbers and lists the requirement uses, as JSON. The description beside them "
            "shows what they mean once saved."
        ),
    )

    class Meta:
        model = RequirementRule
        fields = ["stage", "key", "order", "params"]

    def clean_params(self):
        return self.cleaned_data["params"] or {}


class RequirementRuleInline(LockedEditionInline, admin.StackedInline):
    model = RequirementRule
    form = RequirementRuleForm
    fields = [("stage", "key", "order"), "params", "description"]
    readonly_fields = ["settings", "description"]
    extra = 0
    ordering = ["stage", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category__edition")

    def get_fields(self, request, obj=None):
        if is_locked(obj, request):
            return [("stage", "key", "order"), "settings", "description"]
        return super().get_fields(request, obj)

    @admin.display(description=gettext_lazy("Settings"))
    def settings(self, rule):
        return format_html("<pre>{}</pre>", json.dumps(rule.params, indent=2, ensure_ascii=False))

    @admin.display(description=gettext_lazy("What it means"))
    def description(self, rule):
        if rule.pk is None:
            return _("Save to see the description.")
        try:
            sentences = describe_requirement(
                rule.stage,
                rule.key,
                rule.params,
                category_code=rule.category.code,
                cycle_years=rule.category.edition.renewal_cycle_years,
            )
        except (RuleError, KeyError, TypeError, ValueError, AttributeError):
            return _("These settings cannot be described; check them.")
        if not sentences:
            return "—"
        return format_html_join("", "<p>{}</p>", ((sentence,) for sentence in sentences))


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = [
            "edition",
            "code",
            "slug",
            "name",
            "level",
            "scope",
            "designation",
            "fits",
            "competencies_from",
            "order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_drafts_only(self, "edition", Edition.objects.filter(status=Edition.Status.DRAFT))
        if "competencies_from" in self.fields:
            holders = Category.objects.filter(competencies_from=None).select_related("edition")
            if self.instance.edition_id:
                holders = holders.filter(edition=self.instance.edition_id).exclude(pk=self.instance.pk)
            else:
                holders = holders.filter(edition__status=Edition.Status.DRAFT)
            self.fields["competencies_from"].queryset = holders


@admin.register(Category)
class CategoryAdmin(LockedEditionAdmin):
    form = CategoryForm
    list_display = ["name", "code", "edition", "level", "scope", "shares_with", "domain_count", "rule_count"]
    list_filter = [EditionFilter, "scope"]
    list_select_related = ["edition", "competencies_from"]
    search_fields = ["name", "code", "edition__slug", "edition__title"]
    readonly_fields = ["competency_note"]
    fieldsets = [
        (None, {"fields": ["edition", "code", "slug", "name", "level", "scope", "designation", "order"]}),
        (gettext_lazy("Who it fits"), {"fields": ["fits"]}),
        (gettext_lazy("Competencies"), {"fields": ["competencies_from", "competency_note"]}),
    ]
    inlines = [DomainInline, RequirementRuleInline]

    def get_inline_instances(self, request, obj=None):
        """A category that shares another's competencies has no domains of its own to edit."""
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and obj.competencies_from_id:
            inlines = [inline for inline in inlines if not isinstance(inline, DomainInline)]
        return inlines

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("edition", "competencies_from")
            .annotate(domain_count=Count("domains", distinct=True), rule_count=Count("rules", distinct=True))
        )

    @admin.display(description=gettext_lazy("shares competencies of"), ordering="competencies_from__code")
    def shares_with(self, category):
        return category.competencies_from.code if category.competencies_from_id else "—"

    @admin.display(description=gettext_lazy("domains"), ordering="domain_count")
    def domain_count(self, category):
        return category.domain_count

    @admin.display(description=gettext_lazy("rules"), ordering="rule_count")
    def rule_count(self, category):
        return category.rule_count

    @admin.display(description=gettext_lazy("Where its competencies are"))
    def competency_note(self, category):
        if category.pk is None:
            return _("Save the category, then add its domains below.")
        holder = category.competencies_from
        if holder is None:
            return _("In the domains below.")
        url = reverse("admin:competencies_category_change", args=[holder.pk])
        return format_html(
            _('This category shares the competencies of <a href="{url}">{code}</a>; edit its domains there.'),
            url=url,
            code=holder.code,
        )


# --- domain -------------------------------------------------------------------------------


class AreaInline(LockedEditionInline, admin.TabularInline):
    model = Area
    fields = ["order", "name"]
    extra = 0
    ordering = ["order"]


class StatementForm(forms.ModelForm):
    tags = TagsField()

    class Meta:
        model = Statement
        fields = ["domain", "area", "parent", "order", "kind", "text", "tags"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 70})}
        labels = {"parent": gettext_lazy("Sub-item of")}
        help_texts = {"area": gettext_lazy("Sub-items are listed under their statement's area.")}

    def clean(self):
        cleaned = super().clean()
        domain = cleaned.get("domain")
        domain_id = domain.pk if domain is not None else self.instance.domain_id
        area, parent = cleaned.get("area"), cleaned.get("parent")
        if parent is not None:
            if self.instance.pk and "parent" in self.changed_data and self._is_descendant_or_self(parent):
                self.add_error(
                    "parent", _("A statement cannot be a sub-item of itself or of its own sub-items.")
                )
            elif domain_id is not None and parent.domain_id != domain_id:
                self.add_error("parent", _("Choose a statement of the same domain."))
            else:
                cleaned["area"] = area = parent.area
        if area is not None and domain_id is not None and area.domain_id != domain_id:
            self.add_error("area", _("Choose an area of the same domain."))
        return cleaned

    def _is_descendant_or_self(self, candidate):
        seen = set()
        while candidate is not None and candidate.pk not in seen:
            if candidate.pk == self.instance.pk:
                return True
            seen.add(candidate.pk)
            candidate = candidate.parent
        return False


class StatementInlineForm(StatementForm):
    class Meta(StatementForm.Meta):
        fields = ["order", "kind", "text", "tags", "area", "parent"]


class StatementInlineFormSet(ParentChoicesFormSet):
    def parent_choices(self):
        return {
            "area": (Area.objects.filter(domain_id=self.instance.pk), str),
            "parent": (
                Statement.objects.filter(domain_id=self.instance.pk).select_related("area"),
                statement_label,
            ),
        }

    def arrange(self, name, rows):
        return tree_order(rows) if name == "parent" else rows

    def get_queryset(self):
        """The domain's entries in document order: each statement followed by its sub-items."""
        if not hasattr(self, "_tree"):
            self._tree = tree_order(super().get_queryset())
        return self._tree


class StatementInline(LockedEditionInline, admin.TabularInline):
    model = Statement
    form = StatementInlineForm
    formset = StatementInlineFormSet
    extra = 0
    ordering = ["order", "pk"]
    verbose_name = gettext_lazy("“As demonstrated by” entry")
    verbose_name_plural = gettext_lazy("“As demonstrated by” entries (statements, lead-in lines, notes)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("area", "parent")


class DomainForm(forms.ModelForm):
    class Meta:
        model = Domain
        fields = ["category", "order", "title", "area_kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        drafts = Category.objects.filter(edition__status=Edition.Status.DRAFT, competencies_from=None)
        _offer_drafts_only(self, "category", drafts.select_related("edition"))


@admin.register(Domain)
class DomainAdmin(LockedEditionAdmin):
    form = DomainForm
    list_display = ["title", "order", "category_code", "edition_slug", "area_kind", "statement_count"]
    list_display_links = ["title"]
    list_filter = [
        type("DomainEditionFilter", (EditionFilter,), {"lookup_path": "category__edition__slug"}),
        CategoryFilter,
        "area_kind",
    ]
    list_select_related = ["category__edition"]
    search_fields = ["title", "category__code", "category__name"]
    ordering = ["category__edition__slug", "category__order", "order"]
    inlines = [AreaInline, StatementInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("category__edition")
            .annotate(statement_count=Count("statements"))
        )

    @admin.display(description=gettext_lazy("category"), ordering="category__code")
    def category_code(self, domain):
        return domain.category.code

    @admin.display(description=gettext_lazy("edition"), ordering="category__edition__slug")
    def edition_slug(self, domain):
        return domain.category.edition.slug

    @admin.display(description=gettext_lazy("entries"), ordering="statement_count")
    def statement_count(self, domain):
        return domain.statement_count


# --- statement ----------------------------------------------------------------------------


class DomainChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, domain):
        return f"{domain.category.edition.slug} · {domain.category.code} · {domain}"


class StatementAdminForm(StatementForm):
    domain = DomainChoiceField(queryset=Domain.objects.none(), help_text=DRAFTS_ONLY_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" not in self.fields:  # the read-only page of a locked edition
            return
        self.fields["domain"].queryset = (
            Domain.objects.filter(category__edition__status=Edition.Status.DRAFT)
            .select_related("category__edition")
            .order_by("category__edition__slug", "category__order", "order")
        )
        domain_id = self.instance.domain_id or self._chosen_domain()
        self.fields["area"].queryset = Area.objects.filter(domain_id=domain_id)
        self.fields["parent"].queryset = (
            Statement.objects.filter(domain_id=domain_id).exclude(pk=self.instance.pk).select_related("area")
        )
        self.fields["parent"].label_from_instance = statement_label
        if not domain_id:
            self.fields["parent"].help_text = _(
                "Choose the domain and save; then a parent statement can be chosen."
            )

    def _chosen_domain(self):
        value = self.data.get(self.add_prefix("domain")) or self.initial.get("domain")
        return value if str(value or "").isdigit() else None


@admin.register(Statement)
class StatementAdmin(LockedEditionAdmin):
    form = StatementAdminForm
    list_display = ["short_text", "kind", "tag_list", "domain_title", "category_code", "edition_slug"]
    list_filter = [
        "kind",
        TagFilter,
        type("StatementCategoryFilter", (CategoryFilter,), {"lookup_path": "domain__category__pk"}),
        type("StatementEditionFilter", (EditionFilter,), {"lookup_path": "domain__category__edition__slug"}),
    ]
    list_select_related = ["domain__category__edition"]
    search_fields = ["text"]
    list_per_page = 50
    ordering = ["domain__category__edition__slug", "domain__category__order", "domain__order", "pk"]
    fields = ["domain", "area", "parent", "order", "kind", "text", "tags"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("domain__category__edition", "area", "parent")

    @admin.display(description=gettext_lazy("text"), ordering="text")
    def short_text(self, statement):
        return Truncator(statement.text).chars(100)

    @admin.display(description=gettext_lazy("tags"))
    def tag_list(self, statement):
        return ", ".join(statement.tags or []) or "—"

    @admin.display(description=gettext_lazy("domain"), ordering="domain__order")
    def domain_title(self, statement):
        return str(statement.domain)

    @admin.display(description=gettext_lazy("category"), ordering="domain__category__code")
    def category_code(self, statement):
        return statement.domain.category.code

    @admin.display(description=gettext_lazy("edition"), ordering="domain__category__edition__slug")
    def edition_slug(self, statement):
        return statement.domain.category.edition.slug


# --- glossary -----------------------------------------------------------------------------


class GlossaryTermForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["edition", "order", "term", "definition"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_drafts_only(self, "edition", Edition.objects.filter(status=Edition.Status.DRAFT))


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(LockedEditionAdmin):
    form = GlossaryTermForm
    list_display = ["term", "edition", "order", "short_definition"]
    list_filter = [EditionFilter]
    list_select_related = ["edition"]
    search_fields = ["term", "definition"]
    ordering = ["edition__slug", "order"]

    @admin.display(description=gettext_lazy("definition"))
    def short_definition(self, term):
        return Truncator(term.definition).chars(100)
