"""The queue's bulk actions on the ticked applications: assign a reviewer, remind the raters,
export as CSV. Each action calls the same service as the single-application action, once per
application, and says what it did; an application outside the coordinator's associations
makes the whole request a 404, as the work page does."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from applications.people import person_name
from applications.services import references
from endorsement import roles

from .. import queue, services
from ..forms.bulk import ASSIGN, EXPORT, REMIND, BulkActionForm
from ..models import ReviewerAssignment


def _back(request):
    """Back to the queue as it was filtered (only ever a local URL)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("reviews:queue")


def _selected(user, ids):
    """The ticked applications, every one of them the coordinator's to work, else a 404."""
    applications = list(
        queue.visible_to(user)
        .filter(pk__in=ids)
        .select_related("applicant__profile", "category__edition__association")
        .order_by("pk")
    )
    if len(applications) != len(ids):
        raise Http404("No such application.")
    return applications


def _assign(request, applications, reviewer):
    already = set(
        ReviewerAssignment.objects.filter(
            application__in=applications,
            reviewer=reviewer,
            status__in=(ReviewerAssignment.Status.ASSIGNED, ReviewerAssignment.Status.SUBMITTED),
        ).values_list("application_id", flat=True)
    )
    assigned, refused = 0, []
    for application in applications:
        if application.pk in already:
            continue
        try:
            services.assign_reviewer(application, reviewer, by=request.user)
        except services.ReviewError as error:
            refused.append(f"{person_name(application.applicant)}: {error}")
        else:
            assigned += 1
    # Each clause is a whole sentence of its own in every language; "; " joins them.
    clauses = [
        ngettext(
            "Assigned %(name)s to %(count)s application",
            "Assigned %(name)s to %(count)s applications",
            assigned,
        )
        % {"name": person_name(reviewer), "count": assigned}
    ]
    if already:
        clauses.append(
            ngettext("%(count)s already had them", "%(count)s already had them", len(already))
            % {"count": len(already)}
        )
    messages.success(request, "; ".join(clauses) + ".")
    if refused:
        messages.error(
            request,
            _("Not assigned to %(count)s: %(reasons)s")
            % {"count": len(refused), "reasons": " ".join(refused)},
        )


def _remind(request, applications):
    reminded, recent, none = 0, 0, 0
    for application in applications:
        sent, too_soon = references.remind_raters(application, by=request.user)
        reminded += len(sent)
        recent += too_soon
        if not sent and not too_soon:
            none += 1
    clauses = [
        ngettext("Reminded %(count)s rater", "Reminded %(count)s raters", reminded) % {"count": reminded}
    ]
    if recent:
        clauses.append(
            ngettext(
                "%(count)s rater was already reminded in the last day",
                "%(count)s raters were already reminded in the last day",
                recent,
            )
            % {"count": recent}
        )
    if none:
        clauses.append(
            ngettext(
                "%(count)s application has no rater still to answer",
                "%(count)s applications have no rater still to answer",
                none,
            )
            % {"count": none}
        )
    messages.success(request, "; ".join(clauses) + ".")


@login_required
@require_POST
def bulk_action(request):
    roles.require_coordinator(request.user)
    form = BulkActionForm(request.POST, user=request.user)
    # The scope is checked before anything else, so an outsider learns nothing from the errors.
    ticked = sorted({int(value) for value in request.POST.getlist("application") if value.isdigit()})
    applications = _selected(request.user, ticked)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request)
    action = form.cleaned_data["action"]
    if action == EXPORT:
        return _csv(request.user, applications)
    if action == ASSIGN:
        _assign(request, applications, form.cleaned_data["reviewer"])
    elif action == REMIND:
        _remind(request, applications)
    return _back(request)


def _csv(user, applications):
    rows = queue.csv_rows(queue.annotated(queue.visible_to(user).filter(pk__in=[a.pk for a in applications])))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="applications-selected-{stamp}.csv"'
    return response
