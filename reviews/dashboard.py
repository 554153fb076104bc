"""The coordinator's dashboard: counts, throughput, medians, waiting references, reviewer load, exams.

Every figure is scoped by `reviews.queue.visible_to(user)` and the optional association and
edition filters, and each section costs a fixed number of queries whatever the data size.
Medians are one query each on every database (window functions: only the middle rows come
back). The figures are kept in the cache for `CACHE_SECONDS` (`cached_dashboard`): the page says
as of when.
"""

import datetime
import hashlib

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Lead, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationEvent, ReferenceRequest
from applications.people import person_name
from competencies.models import Membership, RequirementRule, staff_scope_key
from endorsement import roles

from .models import ExamResult, ExamSitting, ReviewerAssignment
from .queue import visible_to

Status = Application.Status
# Time spent in a final status grows forever and says nothing about the workflow.
FINAL = (Status.APPROVED, Status.DENIED, Status.WITHDRAWN)
WAITING_REFERENCE = (ReferenceRequest.Status.INVITED, ReferenceRequest.Status.OPENED)
RECENT_REVIEW_DAYS = 90
MONTHS = 12
EXAMS_LISTED = 25
EXAM_PARTS = (("multiple_choice", gettext_lazy("Multiple-choice")), ("essay", gettext_lazy("Essay")))
SECONDS_PER_DAY = 86400


def scoped_categories(categories, filters):
    """The categories under the association and edition filters."""
    return [
        c
        for c in categories
        if (not filters.get("association") or c.edition.association.slug == filters["association"])
        and (not filters.get("edition") or c.edition.slug == filters["edition"])
    ]


def applications_for(user, filters, categories):
    """The applications the dashboard counts: visible to `user`, in the filtered `categories`
    (ids from the list already fetched, so no query joins editions and associations)."""
    applications = visible_to(user)
    if filters.get("association") or filters.get("edition"):
        applications = applications.filter(category_id__in=[c.pk for c in categories])
    return applications.order_by()


def category_codes(categories):
    """Codes in the order of the guidelines' levels (IFA before IFS before IMHS …), each once."""
    ordered = sorted(categories, key=lambda c: (c.level, c.order, c.code))
    return list(dict.fromkeys(c.code for c in ordered))


def _days(delta):
    return delta.total_seconds() / SECONDS_PER_DAY


# --- counts -----------------------------------------------------------------------------------


def status_by_category(applications, codes):
    """A status × category table: one row per category code with applications, totals last."""
    found = {}
    for status, code, n in applications.values_list("status", "category__code").annotate(n=Count("pk")):
        found[(code, status)] = n
    present = {code for code, _status in found}
    codes = [code for code in codes if code in present] + sorted(present - set(codes))
    rows = []
    for code in codes:
        counts = [found.get((code, status), 0) for status in Status.values]
        rows.append({"code": code, "counts": counts, "total": sum(counts)})
    totals = [sum(row["counts"][i] for row in rows) for i in range(len(Status.values))]
    return {
        "statuses": [{"value": value, "label": label} for value, label in Status.choices],
        "rows": rows,
        "totals": totals,
        "total": sum(totals),
        "by_status": [
            {"label": label, "value": totals[i]} for i, (_value, label) in enumerate(Status.choices)
        ],
        "by_category": [{"label": row["code"], "value": row["total"]} for row in rows],
    }


# --- submissions per month --------------------------------------------------------------------


def _month_starts(today, months):
    first = today.replace(day=1)
    starts = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        starts.append(datetime.date(year, month + 1, 1))
    return starts


def submissions_per_month(applications, *, now, months=MONTHS):
    """First submissions (draft → submitted) in each of the last `months` months, zeros included."""
    starts = _month_starts(timezone.localtime(now).date(), months)
    since = timezone.make_aware(datetime.datetime.combine(starts[0], datetime.time.min))
    found = {}
    events = ApplicationEvent.objects.filter(
        application__in=applications.values("pk"),
        from_status=Status.DRAFT,
        to_status=Status.SUBMITTED,
        created_at__gte=since,
        created_at__lte=now,
    )
    for month, n in (
        events.order_by()
        .annotate(month=TruncMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
    ):
        month = month.date() if isinstance(month, datetime.datetime) else month
        found[month] = n
    return [
        {
            "month": start,
            "label": date_format(start, "YEAR_MONTH_FORMAT"),
            "short": date_format(start, "M"),
            # The year under the first column and under each January.
            "sub": str(start.year) if index == 0 or start.month == 1 else "",
            "value": found.get(start, 0),
        }
        for index, start in enumerate(starts)
    ]


# --- medians ----------------------------------------------------------------------------------


def _middle_values(durations):
    """{bucket: (median days, n)} of a queryset of (bucket, stay) rows, one query on every database:
    the rows are ranked by duration within their key, and only the middle one or two come back."""
    inner, params = durations.query.sql_with_params()
    sql = f"""
        SELECT bucket, stay, n FROM (
            SELECT bucket, stay,
                   ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY stay) AS position,
                   COUNT(*) OVER (PARTITION BY bucket) AS n
            FROM ({inner}) durations
        ) ranked
        WHERE 2 * position >= n AND 2 * position <= n + 2
    """  # noqa: S608 -- only Django's own compiled SQL is interpolated
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    middles = {}
    for bucket, stay, n in rows:
        # PostgreSQL returns an interval; SQLite, Django's difference in microseconds.
        days = _days(stay) if isinstance(stay, datetime.timedelta) else stay / 1e6 / SECONDS_PER_DAY
        middles.setdefault(bucket, (n, []))[1].append(days)
    return {bucket: (sum(values) / len(values), n) for bucket, (n, values) in middles.items()}


def _first_submission():
    return (
        ApplicationEvent.objects.filter(application=OuterRef("pk"), to_status=Status.SUBMITTED)
        .order_by()
        .values("application")
        .annotate(first=Min("created_at"))
        .values("first")
    )


def decision_medians(applications):
    """Median days from the first submission to the decision, overall and per category code.

    Returns {"overall": (median, n), code: (median, n), ...}; medians are None when n is 0.
    """
    decided = (
        applications.filter(status__in=Status.DECIDED, decided_at__isnull=False)
        .annotate(first=Coalesce(Subquery(_first_submission()), F("submitted_at")))
        .filter(first__isnull=False)
        .annotate(stay=ExpressionWrapper(F("decided_at") - F("first"), output_field=DurationField()))
    )
    if decided.query.is_empty():
        return {"overall": (None, 0)}
    result = _middle_values(decided.annotate(bucket=F("category__code")).values("bucket", "stay"))
    overall = _middle_values(decided.annotate(bucket=Value("")).values("bucket", "stay"))
    result["overall"] = overall.get("", (None, 0))
    return result


def status_medians(applications, *, now):
    """Median days spent in each working status, from the application's history.

    A stay in a status runs from the event that entered it to the next change of status; the
    stay in the current status runs until `now`. Events that only add a note (same status before
    and after) do not end a stay. Returns {status: (median days, number of stays)}.
    """
    if applications.query.is_empty():
        return {}
    left = Window(
        Lead("created_at", default=Value(now, output_field=DateTimeField())),
        partition_by=[F("application_id")],
        order_by=[F("created_at").asc(), F("pk").asc()],
    )
    stays = (
        ApplicationEvent.objects.filter(application__in=applications.values("pk"))
        .exclude(from_status=F("to_status"))
        .order_by()
        .annotate(
            bucket=F("to_status"),
            stay=ExpressionWrapper(left - F("created_at"), output_field=DurationField()),
        )
        .values("bucket", "stay")
    )
    return {status: figures for status, figures in _middle_values(stays).items() if status not in FINAL}


def medians(applications, codes, *, now):
    decisions = decision_medians(applications)
    overall, decided = decisions["overall"]
    stays = status_medians(applications, now=now)
    per_status = []
    for value, label in Status.choices:
        if value in FINAL:
            continue
        median, n = stays.get(value, (None, 0))
        per_status.append({"value": value, "label": label, "median": median, "count": n})
    present = [code for code in codes if code in decisions] + sorted(
        set(decisions) - set(codes) - {"overall"}
    )
    return {
        "decision_overall": overall,
        "decided": decided,
        "decision_by_category": [
            {"label": code, "median": decisions[code][0], "count": decisions[code][1]} for code in present
        ],
        "per_status": per_status,
    }


# --- references, reviewers, exams -------------------------------------------------------------


def outstanding_references(applications, *, now):
    """Ratings requested and not yet answered, on applications still open."""
    waiting = ReferenceRequest.objects.filter(
        application__in=applications.filter(status__in=Status.OPEN).values("pk"),
        status__in=WAITING_REFERENCE,
        replaced_by__isnull=True,
    )
    totals = waiting.aggregate(total=Count("pk"), applications=Count("application", distinct=True))
    # The oldest alone first: joining the applicant to every waiting reference costs more.
    oldest = waiting.order_by("invited_at", "pk").first()
    if oldest is not None:
        application = Application.objects.select_related("applicant__profile", "category").get(
            pk=oldest.application_id
        )
        oldest = {
            "rater": oldest.name,
            "role": oldest.get_role_display(),
            "invited_at": oldest.invited_at,
            "days": max((now - oldest.invited_at).days, 0),
            "applicant": person_name(application.applicant),
            "code": application.category.code,
            "url": reverse("reviews:work", args=[application.pk]),
        }
    return {**totals, "oldest": oldest}


def reviewer_load(applications, *, now, user=None):
    """Per reviewer (the reviewers of `user`'s associations, and anyone else holding an assignment):
    open assignments, reviews submitted in the last 90 days and the age of the oldest open one."""
    since = now - datetime.timedelta(days=RECENT_REVIEW_DAYS)
    assignments = ReviewerAssignment.objects.filter(application__in=applications.values("pk"))
    figures = {
        row["reviewer"]: row
        for row in assignments.order_by()
        .values("reviewer")
        .annotate(
            open=Count("pk", filter=Q(status=ReviewerAssignment.Status.ASSIGNED)),
            recent=Count("review", filter=Q(review__submitted_at__gte=since)),
            oldest=Min("assigned_at", filter=Q(status=ReviewerAssignment.Status.ASSIGNED)),
        )
    }
    # A union of ids, not an OR of the two conditions: that OR made the database scan every user.
    users = get_user_model().objects
    listed = roles.reviewers_for(user).union(users.filter(pk__in=list(figures)).values("pk"))
    people = users.filter(pk__in=listed).select_related("profile")
    rows = []
    for person in people:
        row = figures.get(person.pk, {})
        oldest = row.get("oldest")
        rows.append(
            {
                "name": person_name(person),
                "email": person.email,
                "open": row.get("open", 0),
                "recent": row.get("recent", 0),
                "oldest_days": max((now - oldest).days, 0) if oldest else None,
            }
        )
    rows.sort(key=lambda r: (-r["open"], -(r["oldest_days"] or 0), r["name"].lower()))
    return rows


def _retake_dates(sittings, wait_days):
    """Per exam part: passed, failed with the first day it may be retaken, or not sat."""
    parts = []
    for part, label in EXAM_PARTS:
        results = [(s.sat_on, getattr(s, f"{part}_result")) for s in sittings if getattr(s, f"{part}_result")]
        if any(result == ExamResult.PASSED for _sat_on, result in results):
            parts.append({"label": label, "text": _("passed")})
        elif results:
            last = max(sat_on for sat_on, _result in results)
            retake = last + datetime.timedelta(days=wait_days or 0)
            parts.append(
                {
                    "label": label,
                    "text": _("failed on %(date)s") % {"date": date_format(last)},
                    "retake": retake,
                }
            )
        else:
            parts.append({"label": label, "text": _("not sat yet")})
    return parts


def exams_waiting(applications, *, now, limit=EXAMS_LISTED):
    """Applications waiting for the written exam, longest wait first (the first `limit`)."""
    pending = applications.filter(status=Status.EXAM_PENDING)
    total = pending.count()
    listed = list(
        pending.select_related("applicant__profile", "category__edition__association").order_by(
            "status_changed_at", "pk"
        )[:limit]
    )
    sittings = {}
    for sitting in (
        ExamSitting.objects.counted().filter(application__in=[a.pk for a in listed]).order_by("sat_on", "pk")
    ):
        sittings.setdefault(sitting.application_id, []).append(sitting)
    waits = dict(
        RequirementRule.objects.filter(
            category__in={a.category_id for a in listed},
            stage=RequirementRule.Stage.APPLICATION,
            key="exam",
        ).values_list("category_id", "params")
    )
    rows = []
    for application in listed:
        wait_days = application.category.edition.association.policy(
            "retake_wait_days", (waits.get(application.category_id) or {}).get("retake_wait_days")
        )
        rows.append(
            {
                "applicant": person_name(application.applicant),
                "code": application.category.code,
                "since": application.status_changed_at,
                "days": max((now - application.status_changed_at).days, 0),
                "parts": _retake_dates(sittings.get(application.pk, []), wait_days),
                "url": reverse("reviews:work", args=[application.pk]),
            }
        )
    return {"total": total, "rows": rows}


def dashboard(user, filters, *, categories, now=None):
    """Every figure of the dashboard for `user` under `filters` (association, edition slugs)."""
    now = now or timezone.now()
    applications = applications_for(user, filters, categories)
    codes = category_codes(categories)
    return {
        "counts": status_by_category(applications, codes),
        "months": submissions_per_month(applications, now=now),
        "medians": medians(applications, codes, now=now),
        "references": outstanding_references(applications, now=now),
        "reviewers": reviewer_load(applications, now=now, user=user),
        "exams": exams_waiting(applications, now=now),
    }


CACHE_SECONDS = 5 * 60


def cached_dashboard(user, filters, *, categories):
    """(figures, as of when) for `user` under `filters`, recomputed at most every CACHE_SECONDS
    for each set of associations and filters: the figures cost a scan of the whole history."""
    scope = staff_scope_key(user, Membership.Role.COORDINATOR)
    # The figures hold words (months, exam results): each language has its own copy.
    wanted = f"{scope}|{filters.get('association') or ''}|{filters.get('edition') or ''}|{get_language()}"
    key = "dashboard:" + hashlib.sha256(wanted.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        now = timezone.now()
        found = (dashboard(user, filters, categories=categories, now=now), now)
        cache.set(key, found, CACHE_SECONDS)
    return found
