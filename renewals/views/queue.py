"""The coordinator's renewal queue: submitted periods, one page per period, approve or return.

Coordinators only (404 for everyone else); a coordinator never decides their own renewal.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications.checklist import decorate
from endorsement import roles
from endorsement.queues import counted_page, filter_links

from ..facts import evaluate_period
from ..forms import SORTS, DecisionNoteForm, RenewalQueueFilterForm, RequestChangesForm
from ..models import RenewalPeriod, RenewalRSC, RenewalTraining
from ..services import renewal_periods as services

PER_PAGE = 50
ORDERINGS = {
    "due": ["due_on", "pk"],
    "-due": ["-due_on", "-pk"],
    "submitted": ["submitted_at", "pk"],
}


def can_decide(user, period):
    return (
        roles.coordinates(user, period.endorsement.association_id) and period.endorsement.holder_id != user.pk
    )


def _hours(model):
    total = model.objects.filter(period=OuterRef("pk")).order_by().values("period").annotate(h=Sum("hours"))
    return Coalesce(
        Subquery(total.values("h")), Value(0), output_field=DecimalField(max_digits=8, decimal_places=2)
    )


# The filters that are one lookup each: the filter's name, the lookup its value goes to.
FILTER_LOOKUPS = {
    "category": "endorsement__category__code",
    "association": "endorsement__association__slug",
    "due_before": "due_on__lt",
}


def _filtered(filters, user, *, with_status=True):
    queryset = RenewalPeriod.objects.for_staff(user)
    if with_status and filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    for name, lookup in FILTER_LOOKUPS.items():
        if filters.get(name):
            queryset = queryset.filter(**{lookup: filters[name]})
    for word in (filters.get("q") or "").split():
        queryset = queryset.filter(
            Q(endorsement__holder_name__icontains=word)
            | Q(endorsement__number__icontains=word)
            | Q(endorsement__holder__email__icontains=word)
        )
    return queryset


@require_GET
@login_required
def queue(request):
    roles.require_coordinator(request.user)
    form = RenewalQueueFilterForm(request.GET)
    filters = form.filters()
    found = dict(
        _filtered(filters, request.user, with_status=False)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    counts = [
        {"value": value, "label": label, "count": found.get(value, 0)}
        for value, label in RenewalPeriod.Status.choices
    ]
    total = found.get(filters["status"], 0) if filters.get("status") else sum(found.values())
    rows = (
        _filtered(filters, request.user)
        .select_related("endorsement__category", "endorsement__association")
        .annotate(training_hours=_hours(RenewalTraining), rsc_hours=_hours(RenewalRSC))
        .order_by(*ORDERINGS[filters["sort"]])
    )
    page = counted_page(rows, total=total, number=request.GET.get("page"), per_page=PER_PAGE)
    return render(
        request,
        "renewals/queue.html",
        {
            **filter_links(request.GET),
            "form": form,
            "page": page,
            "total": total,
            "counts": counts,
            "total_all": sum(found.values()),
            "current_status": filters.get("status") or "",
            "sort_label": SORTS[filters["sort"]],
        },
    )


def _period(pk, user):
    period = (
        RenewalPeriod.objects.for_staff(user)
        .select_related(
            "endorsement__category__edition", "endorsement__association", "endorsement__holder", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )
    if period is None:
        raise Http404("No such renewal.")
    return period


def _detail(request, period, *, approve_form=None, changes_form=None, status=200):
    training, rsc = list(period.training.all()), list(period.rsc.all())
    result = evaluate_period(period, training=training, rsc=rsc)
    deciding = can_decide(request.user, period) and period.status == RenewalPeriod.Status.SUBMITTED
    return render(
        request,
        "renewals/queue_detail.html",
        {
            "period": period,
            "endorsement": period.endorsement,
            "result": result,
            "requirements": decorate(result["requirements"]),
            "training": training,
            "rsc": rsc,
            "training_hours": sum(entry.hours for entry in training),
            "rsc_hours": sum(entry.hours for entry in rsc),
            "editable": False,
            "events": period.endorsement.events.select_related("by").order_by("-at", "-pk")[:20],
            "can_decide": deciding,
            "own_renewal": period.endorsement.holder_id == request.user.pk,
            "approve_form": approve_form or DecisionNoteForm(prefix="approve"),
            "changes_form": changes_form or RequestChangesForm(prefix="changes"),
        },
        status=status,
    )


@require_GET
@login_required
def detail(request, pk):
    roles.require_coordinator(request.user)
    return _detail(request, _period(pk, request.user))


def _decision(request, pk):
    roles.require_coordinator(request.user)
    period = _period(pk, request.user)
    if not can_decide(request.user, period):
        raise Http404("No such renewal.")
    return period


@require_POST
@login_required
def approve(request, pk):
    period = _decision(request, pk)
    form = DecisionNoteForm(request.POST, prefix="approve")
    if not form.is_valid():
        return _detail(request, period, approve_form=form, status=400)
    try:
        services.approve_renewal(period, by=request.user, note=form.cleaned_data["note"])
    except services.RenewalError as error:
        messages.error(request, str(error))
    else:
        endorsement = period.endorsement
        endorsement.refresh_from_db()
        messages.success(
            request,
            _("Renewal approved: %(number)s now runs until %(due)s; the new certificate is on its way.")
            % {"number": endorsement.number, "due": date_format(endorsement.renewal_due)},
        )
    return redirect("renewal_queue:detail", period.pk)


@require_POST
@login_required
def request_changes(request, pk):
    period = _decision(request, pk)
    form = RequestChangesForm(request.POST, prefix="changes")
    if form.is_valid():
        try:
            services.request_changes(period, by=request.user, note=form.cleaned_data["note"])
        except services.RenewalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Changes requested; the endorsee has been emailed your note."))
        return redirect("renewal_queue:detail", period.pk)
    return _detail(request, period, changes_form=form, status=400)
