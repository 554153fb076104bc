"""The reviewer's pages: their assignments, one application to review, and stepping back.

Every page needs the reviewer role (others get a 403 page that says so). Within it, an
assignment is found only among the signed-in reviewer's own active ones: anybody else's, or
one they stepped back from, is a 404, as the coordinator's work page does for outsiders, so
nothing reveals which applications exist. The other reviewers' reviews stay hidden until
every active reviewer has submitted (`can_see_reviews`).
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import transitions
from applications.checklist import decorate
from applications.forms.portfolio import KINDS
from applications.models import Application
from applications.people import person_name
from applications.sections import training_summary
from applications.services.lifecycle import AFTER_SUBMISSION
from competencies.models import Domain
from competencies.rules import NOT_REQUIRED
from endorsement import roles

from .. import services
from ..facts import evaluate_reviewed
from ..forms.reviewer import RecuseForm, ReviewForm
from ..models import ReviewerAssignment, ReviewItem
from ..permissions import can_review, can_see_reviews
from .work import _ratings, _reviews

AssignmentStatus = ReviewerAssignment.Status
Status = Application.Status


def reviewer_required(view):
    """Signed in (else the sign-in page) and an application reviewer (else a 403 page)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles.is_reviewer(request.user):
            return render(request, "reviews/reviewer/not_a_reviewer.html", status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def get_assignment_for(user, pk):
    """The user's own assignment, not stepped back from; 404 for anything else."""
    assignment = (
        ReviewerAssignment.objects.for_staff(user, roles.REVIEWER)
        .select_related(
            "application__category__edition__association",
            "application__applicant__profile",
            "review",
            "draft",
        )
        .filter(pk=pk, reviewer=user)
        .exclude(status=AssignmentStatus.RECUSED)
        .first()
    )
    if assignment is None:
        raise Http404("No such review.")
    return assignment


# --- the list --------------------------------------------------------------------------------


@reviewer_required
def assignments(request):
    rows = list(
        ReviewerAssignment.objects.for_staff(request.user, roles.REVIEWER)
        .filter(reviewer=request.user)
        .select_related(
            "application__category__edition__association", "application__applicant__profile", "review"
        )
        .annotate(
            _order=Case(
                When(status=AssignmentStatus.ASSIGNED, then=Value(0)),
                When(status=AssignmentStatus.SUBMITTED, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("_order", "assigned_at", "pk")
    )
    now = timezone.now()
    for row in rows:
        row.applicant_name = person_name(row.application.applicant)
        row.age_days = (now - row.assigned_at).days
    return render(
        request,
        "reviews/reviewer/assignments.html",
        {
            "open": [row for row in rows if row.status == AssignmentStatus.ASSIGNED],
            "submitted": [row for row in rows if row.status == AssignmentStatus.SUBMITTED],
            "recused": [row for row in rows if row.status == AssignmentStatus.RECUSED],
            "closed": [row for row in rows if row.status == AssignmentStatus.CLOSED],
        },
    )


# --- one application -------------------------------------------------------------------------


def _review_points(application):
    """What a review judges: the engine's requirements (not those the category lacks, nor the
    exam, taken after the portfolio is accepted) and the category's competency domains."""
    result = evaluate_reviewed(application)
    requirements = decorate(result["requirements"], application.pk)
    points = [
        row for row in requirements if row["status"] != NOT_REQUIRED and row["key"] not in AFTER_SUBMISSION
    ]
    domains = list(
        Domain.objects.filter(category=application.category.competency_holder).order_by("order", "pk")
    )
    return result, requirements, points, domains


def review_flags(user, assignment):
    """What the page offers now; the services check every one of them again."""
    return {
        "can_submit": can_review(user, assignment)
        and transitions.allows(assignment.application, "submit_review"),
        "can_recuse": assignment.status == AssignmentStatus.ASSIGNED
        and transitions.allows(assignment.application, "recuse_reviewer"),
    }


def review_context(request, assignment, *, review_form=None, recuse_form=None):
    application = assignment.application
    result, requirements, points, domains = _review_points(application)
    entries = {name: list(kind.entries(application)) for name, kind in KINDS.items()}
    references = list(
        application.references.select_related("rating", "vetting")
        .prefetch_related("rating__comments")
        .order_by("invited_at", "pk")
    )
    for ref in references:
        ref.has_rating = hasattr(ref, "rating") and ref.rating.submitted_at is not None
        ref.needs_vetting = not ref.rater_endorsements and not ref.replaced_by_id

    active = list(
        application.reviewer_assignments.exclude(status=AssignmentStatus.RECUSED)
        .select_related("reviewer__profile", "review")
        .prefetch_related(Prefetch("review__items", queryset=ReviewItem.objects.select_related("domain")))
    )
    mine = next(a for a in active if a.pk == assignment.pk)
    # Blind review: another reviewer's verdicts appear only once every active reviewer has submitted.
    all_visible = can_see_reviews(request.user, application)
    others = [a for a in active if a.pk != mine.pk]
    review_table = _reviews([mine, *others] if all_visible else [mine], domains)
    for submitted in review_table["reviews"]:
        submitted.column_label = (
            _("Your review")
            if submitted.assignment_id == mine.pk
            else person_name(submitted.assignment.reviewer)
        )
    others_pending = sum(1 for a in others if a.status == AssignmentStatus.ASSIGNED)

    flags = review_flags(request.user, assignment)
    draft = getattr(assignment, "draft", None)
    training = entries["training"]
    now = timezone.now()
    return {
        "assignment": mine,
        "application": application,
        "applicant_name": person_name(application.applicant),
        "age_days": (now - assignment.assigned_at).days,
        "result": result,
        "requirements": requirements,
        "entries": entries,
        "training_summary": training_summary(training),
        "references": references,
        "attestations": list(application.attestations.all()),
        "ratings": _ratings(application, references),
        "review_table": review_table,
        "all_reviews_visible": all_visible and len(review_table["reviews"]) > 1,
        "others_pending": others_pending,
        "review_form": review_form
        or ReviewForm(requirements=points, domains=domains, initial=draft.data if draft else None),
        "draft": draft,
        "recuse_form": recuse_form or RecuseForm(),
        **flags,
    }


def _render_review(request, assignment, status=200, **forms):
    context = review_context(request, assignment, **forms)
    return render(request, "reviews/reviewer/review.html", context, status=status)


@reviewer_required
def review(request, pk):
    assignment = get_assignment_for(request.user, pk)
    return _render_review(request, assignment)


def _review_url(assignment, anchor=""):
    url = reverse("reviewer:review", args=[assignment.pk])
    return f"{url}#{anchor}" if anchor else url


def _closed(request, assignment, error, *, refresh=True):
    """The assignment was settled meanwhile (a second click, another tab): say so, show the page.
    Its status is read again first, unless the caller has just read it."""
    if refresh:
        assignment.refresh_from_db(fields=["status"])
    messages.error(request, str(error))
    if assignment.status == AssignmentStatus.RECUSED:
        return redirect("reviewer:assignments")
    return redirect(_review_url(assignment, "your-review"))


@reviewer_required
@require_POST
def submit(request, pk):
    assignment = get_assignment_for(request.user, pk)
    if assignment.status == AssignmentStatus.SUBMITTED:
        submitted_on = date_format(timezone.localdate(assignment.review.submitted_at))
        already = _("Your review was already submitted on %(date)s.") % {"date": submitted_on}
        return _closed(request, assignment, already, refresh=False)
    _result, _requirements, points, domains = _review_points(assignment.application)
    form = ReviewForm(request.POST, requirements=points, domains=domains)
    if request.POST.get("action") == "draft":
        return _save_draft(request, assignment, form)
    if form.is_valid():
        try:
            services.submit_review(
                assignment,
                recommendation=form.cleaned_data["recommendation"],
                summary=form.cleaned_data["summary"],
                items=form.items(),
                by=request.user,
            )
        except services.ReviewError as error:
            if error.field is None:
                return _closed(request, assignment, error)
            form.add_error(form.error_field(error.field), str(error))
        else:
            messages.success(request, _("Your review is submitted. Thank you."))
            return redirect(_review_url(assignment, "your-review"))
    messages.error(
        request,
        _(
            "Your review is not submitted yet: the points listed at the top need your attention "
            "(what you entered is kept on the page; save a draft to keep it for later)."
        ),
    )
    return _render_review(request, assignment, status=400, review_form=form)


def _save_draft(request, assignment, form):
    """Keep what the reviewer entered, valid or not, for their next sitting."""
    try:
        draft = services.save_review_draft(assignment, data=form.draft_data(), by=request.user)
    except services.ReviewError as error:
        return _closed(request, assignment, error)
    if _wants_json(request):
        return JsonResponse({"saved_at": timezone.localtime(draft.saved_at).strftime("%H:%M")})
    saved = timezone.localtime(draft.saved_at).strftime("%H:%M")
    messages.success(
        request,
        _("Draft saved at %(time)s. It is kept here for you and counts only once you submit the review.")
        % {"time": saved},
    )
    return redirect(_review_url(assignment, "your-review"))


def _wants_json(request):
    """The autosave script asks for JSON; a plain form post gets the page back."""
    return request.headers.get("Accept", "").startswith("application/json")


@reviewer_required
@require_POST
def recuse(request, pk):
    assignment = get_assignment_for(request.user, pk)
    form = RecuseForm(request.POST)
    if form.is_valid():
        try:
            services.recuse_reviewer(assignment, by=request.user, note=form.cleaned_data["note"])
        except services.ReviewError as error:
            if error.field is None:
                return _closed(request, assignment, error)
            form.add_error(form.error_field(error.field), str(error))
        else:
            messages.success(
                request,
                _(
                    "You stepped back from %(name)s’s %(code)s application. Your note is recorded on the "
                    "application for the coordinator."
                )
                % {
                    "name": person_name(assignment.application.applicant),
                    "code": assignment.application.category.code,
                },
            )
            return redirect("reviewer:assignments")
    messages.error(request, _("You have not stepped back yet: say what the conflict of interest is."))
    return _render_review(request, assignment, status=400, recuse_form=form)
