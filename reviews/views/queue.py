"""The coordinator's queue and its CSV export. Views are thin: the queue lives in reviews.queue."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from endorsement import roles
from endorsement.queues import counted_page, filter_links

from .. import queue
from ..forms.queue import DEFAULT_QUERY, SORTS, QueueFilterForm

PER_PAGE = 50
REMEMBERED_FILTERS = "queue_filters"


def _coordinator_filters(request):
    """The validated filter form, for coordinators only (404 for everyone else)."""
    roles.require_coordinator(request.user)
    return QueueFilterForm(request.GET, user=request.user)


def _queue_query(request):
    """The filters to show: those in the URL (remembered for next time), else the coordinator's
    last ones, else the work that needs them now. `?reset` forgets the last ones."""
    if "reset" in request.GET:
        request.session.pop(REMEMBERED_FILTERS, None)
        return None
    query = request.GET.copy()
    query.pop("page", None)
    if query:
        if request.session.get(REMEMBERED_FILTERS) != query.urlencode():
            request.session[REMEMBERED_FILTERS] = query.urlencode()
        return request.GET
    return QueryDict(request.session.get(REMEMBERED_FILTERS) or DEFAULT_QUERY)


@require_GET
@login_required
def queue_view(request):
    roles.require_coordinator(request.user)
    params = _queue_query(request)
    if params is None:
        return redirect("reviews:queue")
    form = QueueFilterForm(params, user=request.user)
    filters = queue.searched(form.filters())
    counts = queue.status_counts(request.user, filters)
    total = queue.total_of(counts, filters.get("status"))
    rows = queue.queue_applications(request.user, filters)
    page = counted_page(rows, total=total, number=request.GET.get("page"), per_page=PER_PAGE)
    page.object_list = queue.describe(
        queue.page_rows(rows, page.start_index() - 1 if total else 0, PER_PAGE, total=total)
    )
    return render(
        request,
        "reviews/queue.html",
        {
            **filter_links(params),
            "form": form,
            "page": page,
            "total": total,
            "counts": counts,
            "total_all": queue.total_of(counts, ""),
            "current_status": filters.get("status") or "",
            "sort_label": SORTS[filters["sort"]],
        },
    )


class _Echo:
    def write(self, value):
        return value


@require_GET
@login_required
def queue_export(request):
    form = _coordinator_filters(request)
    writer = csv.writer(_Echo())
    rows = queue.csv_rows(queue.annotated(queue.queue_applications(request.user, form.filters())))
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.csv"'
    return response
