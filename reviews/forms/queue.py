"""Forms of the coordinator's pages (the queue's filters); the work page's forms are in work_forms."""

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from applications.people import person_label
from competencies.services import categories_for_staff
from endorsement import roles
from endorsement.forms import draw_selects_inline

SORTS = {
    "age": _("Days in status (fewest first)"),
    "-age": _("Days in status (most first)"),
    "status": _("Status"),
    "-status": _("Status (reverse)"),
    "category": _("Category"),
    "-category": _("Category (reverse)"),
    "name": _("Applicant name (A–Z)"),
    "-name": _("Applicant name (Z–A)"),
}
DEFAULT_SORT = "-age"
OUTSTANDING = "outstanding"
# Not a status: the statuses where the next move is the association's (Status.WITH_STAFF).
WITH_STAFF = "with_staff"
WITH_STAFF_LABEL = _("Needs you now")
# Where the queue opens for a coordinator who has not filtered it yet: longest waiting first.
DEFAULT_QUERY = f"status={WITH_STAFF}&sort={DEFAULT_SORT}"


class _ReviewerChoices(ModelChoiceIterator):
    """The choices from the field's reviewers, read once however often they are drawn."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for user in self.field.listed():
            yield self.choice(user)

    def __len__(self):
        return len(self.field.listed()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.listed())


class ReviewerChoiceField(forms.ModelChoiceField):
    """A reviewer, validated against the queryset. Its choices are `reviewers`, the queryset read
    once when first drawn, or a list of the same users given (the queue's two dropdowns share one)."""

    iterator = _ReviewerChoices
    reviewers = None

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.reviewers = None

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def listed(self):
        if self.reviewers is None:
            self.reviewers = list(self.queryset)
        return self.reviewers

    def label_from_instance(self, user):
        return person_label(user)


def reviewers_of(user):
    """The reviewers `user` may choose from (inactive ones too), by name then email."""
    return (
        get_user_model()
        .objects.filter(pk__in=roles.reviewers_for(user))
        .select_related("profile")
        .order_by("profile__legal_name", "email")
    )


def _guideline_choices(user):
    """(category codes by level, editions, associations) of the associations where `user`
    coordinates, from the categories kept with the guidelines (no query)."""
    categories = sorted(
        categories_for_staff(user),
        key=lambda c: (c.edition.association.name, c.edition.slug, c.order, c.code),
    )
    by_level = sorted(categories, key=lambda c: (c.level, c.order, c.code))
    editions = {c.edition.slug: c.edition.title for c in categories}
    associations = {c.edition.association.slug: c.edition.association.name for c in categories}
    return list(dict.fromkeys(c.code for c in by_level)), list(editions.items()), list(associations.items())


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the query string; every field is optional."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Part of the applicant's name or email."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    edition = forms.ChoiceField(label=_("Edition"), required=False)
    association = forms.ChoiceField(label=_("Association"), required=False)
    reviewer = ReviewerChoiceField(
        label=_("Assigned reviewer"),
        required=False,
        queryset=get_user_model().objects.none(),
        empty_label=_("Any"),
    )
    references = forms.ChoiceField(
        label=_("References"),
        required=False,
        choices=[("", _("Any")), (OUTSTANDING, _("Outstanding (fewer than 3 ratings)"))],
    )
    days = forms.IntegerField(
        label=_("At least this many days in status"), required=False, min_value=0, max_value=36500
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORTS.items()))

    def __init__(self, *args, user, **kwargs):
        """Choices from the associations where `user` coordinates (all of them for a superuser)."""
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (WITH_STAFF, WITH_STAFF_LABEL),
            ("", _("Any")),
            *Application.Status.choices,
        ]
        codes, editions, associations = _guideline_choices(user)
        self.fields["category"].choices = [("", _("Any")), *((code, code) for code in codes)]
        self.fields["edition"].choices = [("", _("Any")), *editions]
        self.fields["association"].choices = [("", _("Any")), *associations]
        self.fields["reviewer"].queryset = reviewers_of(user)
        draw_selects_inline(self)

    @property
    def reviewers(self):
        """Those of the reviewer dropdown, read once: the bulk form's shows them too (`queue_bulk_form`)."""
        return self.fields["reviewer"].listed()

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean_sort(self):
        return self.cleaned_data["sort"] or DEFAULT_SORT

    def filters(self):
        """The valid filters (an invalid one is ignored, and its error shown beside it)."""
        self.is_valid()
        data = dict(self.cleaned_data)
        data.setdefault("sort", DEFAULT_SORT)
        if not data["sort"]:
            data["sort"] = DEFAULT_SORT
        return data
