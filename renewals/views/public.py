"""Public pages: the verification of one endorsement and the directory of those who opted in.

Neither shows anything beyond what a certificate prints (name, category, number, dates,
association, status): no email, no contact details, no application data.
"""

import functools
from types import SimpleNamespace
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Value, Window
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from applications.people import DIRECTORY_SHOWS
from competencies import content
from endorsement import ratelimits
from endorsement.queues import counted_page
from endorsement.search import Folded, contains_folded

from .. import standing as standings
from ..forms import DirectorySearchForm
from ..models import LISTINGS, Endorsement
from ..services import endorsements

DIRECTORY_PAGE_SIZE = 50
# Where a row's verification code goes in the verification address.
CODE_SLOT = "code-slot"


# What the public reads of a standing must be true: where the cache is not shared between
# processes (no Redis), a revocation made in one process reaches the others' kept verifications
# and directory pages within this long at most (with Redis, at once).
PUBLIC_KEPT_SECONDS = 60


def _kept_by_code(code):
    """The endorsement of a verification code with its standing today, kept until an endorsement
    or a renewal period, the guidelines or the day change; an unknown code is asked each time
    (so no visitor can fill the cache with codes that name nothing)."""
    if not endorsements.CODE.fullmatch(code or ""):
        return None
    key = f"verify:{code}:{timezone.localdate().isoformat()}:{content.generation()}"
    find = functools.partial(endorsements.endorsement_by_code, code)
    return LISTINGS.kept(key, find, PUBLIC_KEPT_SECONDS, keep_none=False)


@require_GET
def verify(request, code):
    """The endorsement's standing today, by its verification code (the certificate's QR code) or
    its number; the page is the same either way."""
    endorsement = _kept_by_code(code)
    if endorsement is None:
        if not ratelimits.number_lookup_allowed(request):
            return ratelimits.too_many_requests(request, retry_after=60)
        endorsement = endorsements.endorsement_by_number(code)
        if endorsement is None:
            raise Http404("No endorsement has this verification code or number.")
        if code != endorsement.number:  # "orimha-12": one address per number
            return redirect("verify:detail", code=endorsement.number)
    standing = standings.Standing(endorsement.standing)  # read with the endorsement
    context = {
        "endorsement": endorsement,
        "standing": standing,
        "is_current": standing in standings.VALID,
        "status_text": standings.standing_sentence(endorsement, standing),
    }
    response = render(request, "renewals/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


# What a row of the directory shows, read as plain values (no model rows: a search's page costs
# about what a short one does).
DIRECTORY_COLUMNS = ("holder_name", "number", "verification_code", "region", "renewal_due")
DIRECTORY_NAMES = {
    "category_name": F("category__name"),
    "category_code": F("category__code"),
    "association_name": F("association__name"),
}

# The directory's choice filters: the field's name, the endorsement's field it must equal.
DIRECTORY_LOOKUPS = {"category": "category__code", "region": "region", "association": "association__slug"}


def _listing(words, filters):
    """The listed endorsements matching the search words and the choice filters, by name."""
    # Listed only while valid today, computed from the dates in SQL (the sweep may not have run).
    endorsements = standings.valid_on(Endorsement.objects.filter(listed_in_directory=True))
    for word in words:
        if connection.vendor == "postgresql":
            # The holder's folded name kept on the row (migration 0005).
            endorsements = endorsements.filter(holder_search__contains=Folded(Value(word)))
        else:
            endorsements = endorsements.filter(contains_folded("holder_name", word))
    for name, value in filters.items():
        endorsements = endorsements.filter(**{DIRECTORY_LOOKUPS[name]: value})
    return endorsements.order_by(Lower("holder_name"), "number").values(*DIRECTORY_COLUMNS, **DIRECTORY_NAMES)


@require_GET
def directory(request):
    form = DirectorySearchForm(request.GET or None)
    # A field with a stale value (say, a category no longer listed) shows its error; the
    # fields that are valid still filter.
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    words = data.get("q", "").split()
    filters = {name: data[name] for name in DIRECTORY_LOOKUPS if data.get(name)}
    context = {
        "form": form,
        "searched": any(request.GET.get(name) for name in ("q", "category", "region", "association")),
        # The promise is kept English in applications.people (marked there with gettext_noop).
        "directory_shows": gettext(DIRECTORY_SHOWS),
        "verify_suffix": gettext(": verify"),
    }
    if words or form.errors:
        query = request.GET.copy()
        query.pop("page", None)
        page = _rows(_page_and_count(_listing(words, filters), request.GET.get("page")))
        context.update(page=page, total=page.paginator.count, query=query.urlencode())
        body = render_to_string("renewals/_directory_body.html", context)
    else:
        body = _browsing_body(request, filters, context)
    return render(request, "renewals/directory.html", {"body": body})


def _rows(page):
    """The page's rows with their link and date, worked out once for the page (the template tag
    `directory_rows` draws them): the verification address with each row's code put in (a code
    is letters, digits, "-" and "_", nothing to quote), each date formatted once."""
    address = reverse("verify:detail", args=[CODE_SLOT])
    dates = {}
    rows = []
    for row in page.object_list:
        due = row["renewal_due"]
        if due not in dates:
            dates[due] = date_format(due)
        verify_url = address.replace(CODE_SLOT, row["verification_code"])
        rows.append(SimpleNamespace(**row, verify_url=verify_url, valid_until=dates[due]))
    page.object_list = rows
    return page


def _page_and_count(endorsements, number):
    """The page `number` of a search and how many it found, in one query (COUNT(*) OVER ()): a
    COUNT of its own would read every match a second time. Pages as `Paginator.get_page` does:
    a number that is not one is the first page, one past the end the last."""
    paginator = Paginator(endorsements, DIRECTORY_PAGE_SIZE)
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * DIRECTORY_PAGE_SIZE
    rows = list(endorsements.annotate(matches=Window(Count("pk")))[start : start + DIRECTORY_PAGE_SIZE])
    paginator.count = rows[0]["matches"] if rows else endorsements.count()
    if not rows:
        return paginator.get_page(paginator.num_pages)
    return Page(rows, number, paginator)


def _browsing_body(request, filters, context):
    """The directory browsed by its choices alone (no name searched): its count and each page are
    kept until an endorsement or the guidelines change, or the day does. The keys are made of
    validated choices and a page number that exists, so no visitor can add keys at will; the
    links carry those choices alone, never the visitor's own query string. What is kept is
    read without even building the listing's query."""
    query = urlencode(filters)
    key = ":".join(
        [
            "directory",
            timezone.localdate().isoformat(),
            content.generation(),
            translation.get_language() or "-",
            query,
        ]
    )
    total = LISTINGS.kept(f"{key}:count", lambda: _listing([], filters).count(), PUBLIC_KEPT_SECONDS)
    # The page number as Paginator.get_page settles it: the first for one that is none, the
    # last for one past the end.
    number = counted_page(
        [], total=total, number=request.GET.get("page"), per_page=DIRECTORY_PAGE_SIZE
    ).number

    def render_page():
        page = counted_page(_listing([], filters), total=total, number=number, per_page=DIRECTORY_PAGE_SIZE)
        shown = {**context, "page": _rows(page), "total": total, "query": query, "searched": bool(filters)}
        return render_to_string("renewals/_directory_body.html", shown)

    # Our own template's output, rendered with autoescaping.
    return mark_safe(LISTINGS.kept(f"{key}:page:{number}", render_page, PUBLIC_KEPT_SECONDS))  # noqa: S308
