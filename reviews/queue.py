"""The coordinator's queue: which applications, filtered and sorted how, and what each row shows."""

import datetime
import hashlib

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Application, Profile, ReferenceRequest
from applications.people import person_name
from competencies.models import Membership, staff_scope_key
from competencies.services import with_categories
from endorsement import roles
from endorsement.search import Folded, contains_folded

from .forms.queue import DEFAULT_SORT, OUTSTANDING, WITH_STAFF, WITH_STAFF_LABEL
from .models import ReviewerAssignment

Status = Application.Status
RATINGS_NEEDED = 3
STATUS_ORDER = [value for value, _label in Status.choices]
ACTIVE_ASSIGNMENT = (ReviewerAssignment.Status.ASSIGNED, ReviewerAssignment.Status.SUBMITTED)


def visible_to(user):
    """Every application of the coordinator's associations; nothing for anyone else."""
    if not roles.is_coordinator(user):
        return Application.objects.none()
    return Application.objects.for_staff(user)


def _count(queryset):
    """A correlated COUNT over rows of one application, as an annotation (0 when none)."""
    counted = queryset.filter(application=OuterRef("pk")).order_by().values("application")
    counted = counted.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _with_counts(queryset):
    return queryset.annotate(
        submitted_ratings=_count(ReferenceRequest.objects.filter(status=ReferenceRequest.Status.SUBMITTED)),
        assigned_reviewers=_count(ReviewerAssignment.objects.filter(status__in=ACTIVE_ASSIGNMENT)),
    )


def annotated(queryset):
    return _with_counts(queryset.select_related("applicant__profile", "category__edition__association"))


# What a row of the queue shows of an application and its applicant, read alone: the category,
# its edition and association come from the guidelines kept (`with_categories`), not from a join
# that built three more objects for every row.
ROW_COLUMNS = (
    "status",
    "status_changed_at",
    "submitted_at",
    "category",
    "applicant__username",
    "applicant__email",
    "applicant__first_name",
    "applicant__last_name",
    "applicant__profile__legal_name",
)


# The filters that are one lookup each: the filter's name, the field it must equal.
FILTER_LOOKUPS = {
    "category": "category__code",
    "edition": "category__edition__slug",
    "association": "category__edition__association__slug",
}


def _filter(queryset, data, *, with_status=True):
    if with_status and data.get("status") == WITH_STAFF:
        queryset = queryset.filter(status__in=Status.WITH_STAFF)
    elif with_status and data.get("status"):
        queryset = queryset.filter(status=data["status"])
    for name, lookup in FILTER_LOOKUPS.items():
        if data.get(name):
            queryset = queryset.filter(**{lookup: data[name]})
    if data.get("reviewer"):
        queryset = queryset.filter(
            Exists(
                ReviewerAssignment.objects.filter(
                    application=OuterRef("pk"), reviewer=data["reviewer"], status__in=ACTIVE_ASSIGNMENT
                )
            )
        )
    if data.get("references") == OUTSTANDING:
        queryset = queryset.annotate(
            _ratings=_count(ReferenceRequest.objects.filter(status=ReferenceRequest.Status.SUBMITTED))
        ).filter(_ratings__lt=RATINGS_NEEDED)
    if data.get("people") is not None:
        queryset = queryset.filter(applicant_id__in=_people(data["people"]))
    if data.get("days") is not None:
        queryset = queryset.filter(
            status_changed_at__lte=timezone.now() - datetime.timedelta(days=data["days"])
        )
    for word in (data.get("q") or "").split():
        if connection.vendor == "postgresql":
            # The applicant's folded names kept on the application (applications 0014).
            queryset = queryset.filter(applicant_search__contains=Folded(Value(word)))
        else:
            queryset = queryset.filter(applicant__in=_applicants_matching(word))
    return queryset


def searched(filters):
    """`filters` with the people its words match looked up once (one query a word) for the
    counts and the page to share, instead of each running the trigram search again."""
    words = (filters.get("q") or "").split()
    if not words or connection.vendor == "postgresql":
        # PostgreSQL searches the application's own folded column, one index for both.
        return filters
    people = None
    for word in words:
        found = set(_applicants_matching(word).values_list("pk", flat=True))
        people = found if people is None else people & found
    return {**filters, "q": "", "people": sorted(people)}


PEOPLE_AS_ARRAY = 100


def _people(ids):
    """The ids a search found, for `applicant_id__in`. On PostgreSQL one array parameter joined
    as a set: with thousands of matches the planner then reads them through the applicant index
    (instead of a sequential scan filtering every application by a list of thousands)."""
    if connection.vendor == "postgresql" and len(ids) > PEOPLE_AS_ARRAY:
        return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))
    return ids


def _applicants_matching(word):
    """Ids of the people whose name or email contains `word`, case and accents aside: one
    subquery per table, so that each is served by that table's trigram indexes."""
    users = get_user_model().objects.filter(
        contains_folded("email", word)
        | contains_folded("first_name", word)
        | contains_folded("last_name", word)
    )
    profiles = Profile.objects.filter(
        contains_folded("legal_name", word) | contains_folded("preferred_name", word)
    )
    return users.values("pk").union(profiles.values("user_id"))


def _name_order():
    """Lower-cased legal name, then email. PostgreSQL keeps both on the application (migration
    applications 0013), where one index serves the sort; elsewhere they are read by the join."""
    if connection.vendor == "postgresql":
        return [("applicant_sort_name", False), ("applicant_sort_email", False)]
    # PostgreSQL sorts a missing name (no profile) after every name; so does the last code point.
    missing_name_last = Coalesce(Lower("applicant__profile__legal_name"), Value("\U0010ffff"))
    return [(missing_name_last, False), (Lower("applicant__email"), False)]


def _ordering(sort):
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    status_rank = Case(
        *(When(status=value, then=Value(rank)) for rank, value in enumerate(STATUS_ORDER)),
        output_field=IntegerField(),
    )
    fields = {
        # Age is the time in the current status: ascending age = most recently changed first.
        "age": [("status_changed_at", True)],
        "status": [(status_rank, False), ("status_changed_at", False)],
        "category": [("category__code", False), ("category__edition__slug", False)],
        "name": _name_order(),
    }.get(key) or [("status_changed_at", False)]
    order = []
    for expression, reverse_it in fields:
        desc = descending != reverse_it
        if isinstance(expression, str):
            order.append(f"-{expression}" if desc else expression)
        else:
            order.append(expression.desc() if desc else expression.asc())
    # The tie-break runs the way of the first key, so that one index serves the whole order.
    first = order[0]
    first_descending = first.startswith("-") if isinstance(first, str) else first.descending
    return [*order, "-pk" if first_descending else "pk"]


def queue_applications(user, filters):
    """The queue for `user` with the filters of a validated `QueueFilterForm` (its `filters()`),
    sorted; not yet annotated, so that paging through it stays cheap (see `page_rows`)."""
    queryset = _filter(visible_to(user), filters)
    return queryset.order_by(*_ordering(filters.get("sort") or DEFAULT_SORT))


def page_rows(queryset, offset, limit, *, total=None):
    """One page of the queue, annotated: the page's ids first (a narrow sorted query), then
    their rows with counts, so the counting never runs for the rows skipped before the page.

    A page in the second half is read from the other end, in the reverse order, so that the
    database never walks past more than half the rows: the last page costs what the first does.
    """
    values = queryset.values_list("pk", flat=True)
    if total is not None and offset > total // 2:
        count = max(min(limit, total - offset), 0)
        start = total - offset - count
        ids = list(values.reverse()[start : start + count])[::-1]
    else:
        ids = list(values[offset : offset + limit])
    found = _with_counts(
        Application.objects.filter(pk__in=ids).select_related("applicant__profile").only(*ROW_COLUMNS)
    )
    rows = {application.pk: application for application in with_categories(list(found))}
    return [rows[pk] for pk in ids if pk in rows]


# Counts under these filters change only when an application changes status (or is added):
# they are cached under the time of the latest change, so the next change recounts.
CACHED_COUNT_FILTERS = {"category", "edition", "association"}
COUNTS_SECONDS = 10 * 60


def _counts_cache_key(user, filters):
    if any(
        value not in (None, "")
        for name, value in filters.items()
        if name not in {*CACHED_COUNT_FILTERS, "status", "sort"}
    ):
        return None
    # The latest change anywhere, not only in scope: one step down an index, where the scoped
    # MAX joined every application to its association.
    latest = Application.objects.aggregate(latest=Max("status_changed_at"))["latest"]
    scope = staff_scope_key(user, Membership.Role.COORDINATOR)
    wanted = "|".join(f"{name}={filters.get(name) or ''}" for name in sorted(CACHED_COUNT_FILTERS))
    stamp = latest.isoformat() if latest else "-"
    return "queue-counts:" + hashlib.sha256(f"{scope}|{wanted}|{stamp}".encode()).hexdigest()


def status_counts(user, filters):
    """How many applications are in each status under every filter but the status: one
    COUNT … GROUP BY, or, for the filters on the applications' own columns, from the cache while
    no application changed status."""
    queryset = _filter(visible_to(user), filters, with_status=False).order_by()
    key = _counts_cache_key(user, filters)
    found = cache.get(key) if key else None
    if found is None:
        found = dict(queryset.values_list("status").annotate(n=Count("pk")))
        if key:
            cache.set(key, found, COUNTS_SECONDS)
    counts = [
        {"value": value, "label": label, "count": found.get(value, 0)} for value, label in Status.choices
    ]
    with_staff = sum(found.get(value, 0) for value in Status.WITH_STAFF)
    return [{"value": WITH_STAFF, "label": WITH_STAFF_LABEL, "count": with_staff}, *counts]


def total_of(counts, status):
    """How many rows the queue lists under `status` (a status, WITH_STAFF or every status)."""
    if status:
        return next(c["count"] for c in counts if c["value"] == status)
    return sum(c["count"] for c in counts if c["value"] != WITH_STAFF)


def _work_url_name():
    """Link rows to the coordinator's work page when it exists, else to the applicant's overview."""
    try:
        reverse("reviews:work", args=[1])
    except NoReverseMatch:
        return "applications:overview"
    return "reviews:work"


def applicant_name(application):
    return person_name(application.applicant)


def describe(applications, *, now=None):
    """Add what a row shows: name, days in the current status and the link."""
    now = now or timezone.now()
    url_name = _work_url_name()
    # The labels translated once, not a choices lookup a row (get_status_display hashes them all).
    labels = {value: str(label) for value, label in Status.choices}
    # A row's texts are worked out here rather than by tags in the row's template: fifty rows of
    # blocktranslate and date filters were a third of the page's rendering.
    for application in applications:
        application.applicant_name = applicant_name(application)
        application.status_label = labels.get(application.status, application.status)
        application.days_in_status = max((now - application.status_changed_at).days, 0)
        application.age_text = days_in_status(application.days_in_status, application.status_label)
        application.url = reverse(url_name, args=[application.pk])
        application.tick_label = _("Tick %(name)s") % {"name": application.applicant_name}
        application.ratings_text = _("%(ratings)s of 3") % {"ratings": application.submitted_ratings}
        application.submitted_text = (
            date_format(timezone.localtime(application.submitted_at)) if application.submitted_at else "—"
        )
    return applications


def days_in_status(days, status_label):
    return ngettext("%(days)s day in %(status)s", "%(days)s days in %(status)s", days) % {
        "days": days,
        "status": status_label,
    }


CSV_HEADER = (
    "ID",
    "Applicant",
    "Email",
    "Category",
    "Edition",
    "Association",
    "Status",
    "Days in status",
    "Status since",
    "Submitted",
    "Ratings submitted",
    "Reviewers assigned",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Spreadsheets run a cell starting with = + - @ as a formula: prefix it with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_rows(queryset, *, now=None):
    """The header, then one row per application, every cell made safe for spreadsheets."""
    now = now or timezone.now()
    yield CSV_HEADER
    for application in queryset.iterator(chunk_size=2000):
        category = application.category
        yield tuple(
            csv_safe(cell)
            for cell in (
                application.pk,
                applicant_name(application),
                application.applicant.email,
                category.code,
                category.edition.slug,
                category.edition.association.short_name,
                application.get_status_display(),
                max((now - application.status_changed_at).days, 0),
                application.status_changed_at.date().isoformat(),
                application.submitted_at.date().isoformat() if application.submitted_at else "",
                application.submitted_ratings,
                application.assigned_reviewers,
            )
        )
