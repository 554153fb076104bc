"""The advisor's pages: the applications they guide, each read-only with its conversation.

Only advisors see these pages, and only for the applications they are assigned to; anyone
else gets a 404, so nothing reveals which applications exist.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import render

from applications.checklist import completeness, decorate
from applications.forms.portfolio import KINDS
from applications.services.lifecycle import evaluate_application
from endorsement import roles

from ..forms.work import CommentForm
from ..models import AdvisorAssignment
from ..permissions import is_advisor_of
from .thread import author_name, get_thread_application, thread_context


def _require_advisor(user):
    if not roles.is_advisor(user):
        raise Http404("Not an advisor.")


@login_required
def index(request):
    _require_advisor(request.user)
    assignments = list(
        AdvisorAssignment.objects.for_staff(request.user, roles.ADVISOR)
        .filter(advisor=request.user)
        .select_related("application__category__edition", "application__applicant__profile")
        .annotate(
            comments=Count("application__comments"), last_comment=Max("application__comments__created_at")
        )
        .order_by("-at", "-pk")
    )
    for assignment in assignments:
        assignment.applicant_name = author_name(assignment.application.applicant)
    return render(request, "reviews/advisor/index.html", {"assignments": assignments})


@login_required
def application(request, pk):
    _require_advisor(request.user)
    application = get_thread_application(request.user, pk)
    if not is_advisor_of(request.user, application):
        raise Http404("Not one of your applications.")
    result = evaluate_application(application)
    return render(
        request,
        "reviews/advisor/application.html",
        {
            **thread_context(application, CommentForm(auto_id="thread-%s")),
            "result": result,
            "requirements": decorate(result["requirements"], application.pk),
            "meter": completeness(result["requirements"]),
            "entries": {name: list(kind.entries(application)) for name, kind in KINDS.items()},
            "attestations": list(application.attestations.all()),
            "references": list(application.references.filter(replaced_by__isnull=True)),
            "next": request.path,
        },
    )
