"""Working one application: the coordinator's page with everything on it, and one view per action.

Every action view is thin: fetch and authorize (`get_work_application`: 404 for anyone but a
coordinator), bind its form, call one service, and either redirect back with a success
message or re-render the page with the service's message at the field it names.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import transitions
from applications.checklist import decorate
from applications.facts import with_unrated
from applications.forms.portfolio import KINDS
from applications.models import Application, RatingAnswer, ReferenceRequest
from applications.people import person_name
from applications.sections import training_summary
from applications.services.lifecycle import submission_changes
from applications.services.references import address_matches as rater_address_matches
from applications.services.references import rating_domains
from competencies.rules import LABELS, NEEDS_REVIEW
from competencies.rules.application import qualifying_provider
from competencies.services import rules_for_category, with_category
from endorsement.prefetching import prefetch_present
from endorsement.roles import ADVISOR, REVIEWER, people_by_role

from .. import services
from ..facts import evaluate_reviewed
from ..forms.work import (
    SECTION_TITLES,
    AssignAdvisorForm,
    AssignReviewerForm,
    CommentForm,
    CorrectExamForm,
    DecisionDraftForm,
    DecisionSendForm,
    FeeForm,
    JudgeItemForm,
    RecordExamForm,
    RequestChangesForm,
    ReturnFromExamForm,
    SendToExamForm,
    StartReviewForm,
    VetRaterForm,
    VoidExamForm,
    advisor_candidates,
)
from ..models import ChangeRequest, ExamSitting, ItemJudgment, ReviewerAssignment, ReviewItem
from ..permissions import can_comment, can_work_application
from .thread import comments_for

Status = Application.Status


def get_work_application(user, pk):
    """The application if `user` may work it (a coordinator, not the applicant); 404 otherwise."""
    application = Application.objects.select_related("applicant__profile").filter(pk=pk).first()
    if application is None or not can_work_application(user, with_category(application)):
        raise Http404("No such application.")
    return application


def work_flags(user, application, *, has_exam=False):
    """Which actions the page offers now, read from the transitions table; the services still
    check every one of them."""
    allowed = transitions.allowed_actions(application)
    return {
        "can_start_review": "start_review" in allowed,
        "can_vet": "vet_rater" in allowed,
        "can_judge": "judge_item" in allowed,
        "can_assign": "assign_reviewer" in allowed,
        "can_request_changes": "request_changes" in allowed,
        "can_send_to_exam": "send_to_exam" in allowed and has_exam,
        "can_record_exam": "record_exam" in allowed,
        "can_return_from_exam": "return_from_exam" in allowed,
        "can_correct_exam": "correct_exam" in allowed,
        "can_decide": "decide" in allowed,
        "can_record_fee": "record_fee" in allowed,
        # Advisors guide the applicant from the start, so drafts can get one too.
        "can_assign_advisor": "assign_advisor" in allowed,
        "can_comment": "comment" in allowed and can_comment(user, application),
    }


# --- the page ------------------------------------------------------------------------------------


def _exam_sittings(sittings, bound):
    """The sittings, each with its correction and void forms (kept as submitted after an error)."""
    for sitting in sittings:
        sitting.correct_form = bound.get(f"correct-{sitting.pk}") or CorrectExamForm.for_sitting(sitting)
        sitting.void_form = bound.get(f"void-{sitting.pk}") or VoidExamForm(auto_id=f"void-{sitting.pk}-%s")
    return sittings


def _ratings(application, references, domains=None):
    """Submitted ratings side by side: per domain, each area's score from every rater, and comments.
    `domains` saves the query where the caller has loaded the rated domains already."""
    rated = [ref for ref in references if ref.status == ReferenceRequest.Status.SUBMITTED and ref.has_rating]
    if not rated:
        return {"raters": [], "domains": []}
    rating_ids = [ref.rating.pk for ref in rated]
    # Scores alone, as tuples: a rating answers every area, so model rows would be hundreds.
    answers = {
        (rating, area): score
        for rating, area, score in RatingAnswer.objects.filter(rating_id__in=rating_ids).values_list(
            "rating_id", "area_id", "score"
        )
    }
    comments = {}
    for ref in rated:
        for comment in ref.rating.comments.all():
            comments[(ref.rating.pk, comment.domain_id)] = comment.text
    rows_by_domain = []
    not_enough = _("n/i")
    for domain in rating_domains(application.category) if domains is None else domains:
        rows = []
        for area in domain.areas.all():
            keys = [(pk, area.pk) for pk in rating_ids]
            values = {answers[key] for key in keys if answers.get(key)}
            # Each cell's text worked out here: a table of every area by every rater is the
            # page's largest, and tags a cell were most of its rendering.
            cells = [(answers[key] or not_enough) if key in answers else "—" for key in keys]
            rows.append({"area": area, "cells": cells, "spread": len(values) > 1})
        rows_by_domain.append(
            {
                "domain": domain,
                "rows": rows,
                "comments": [comments.get((pk, domain.pk), "") for pk in rating_ids],
            }
        )
    return {"raters": rated, "domains": rows_by_domain}


def _reviews(assignments, domains):
    """Submitted reviews side by side, each requirement or domain with a flag where they disagree."""
    reviews = [a.review for a in assignments if a.status == ReviewerAssignment.Status.SUBMITTED]
    if not reviews:
        return {"reviews": [], "rows": []}
    by_review = [
        {(item.requirement or item.domain_id): item for item in review.items.all()} for review in reviews
    ]
    subjects = [(key, label) for key, label in LABELS.items()] + [(d.pk, d.title) for d in domains]
    rows = []
    for subject, label in subjects:
        items = [items.get(subject) for items in by_review]
        if not any(items):
            continue
        verdicts = {item.verdict for item in items if item}
        rows.append({"label": label, "items": items, "disagree": len(verdicts) > 1 or None in items})
    recommendations = {review.recommendation for review in reviews}
    return {"reviews": reviews, "rows": rows, "recommendations_differ": len(recommendations) > 1}


def _judgeable(application, entries, judgments, rules):
    """Work periods (volunteer, internship) and RS/C entries the guidelines leave to judgment."""
    Kind = ItemJudgment.Kind
    rsc_rules = rules["application"].get("reflective_supervision") or {}
    items = []
    for period in entries["work"]:
        if period.internship or not period.paid:
            kind = Kind.INTERNSHIP if period.internship else Kind.WORK
            items.append((kind, period))
    for entry in entries["rsc"]:
        if not qualifying_provider(rsc_rules, entry.provider_endorsements):
            items.append((Kind.RSC, entry))
    return [
        {
            "kind": kind,
            "kind_label": Kind(kind).label,
            "item": item,
            "judgment": judgments.get((kind, item.pk)),
            "key": f"judge-{kind}-{item.pk}",
        }
        for kind, item in items
    ]


# What the page reads of the application beyond the portfolio: when the relation holds no row,
# its query is skipped (most applications have no fees, decisions, sittings … yet).
WORK_RELATIONS = (
    "references",
    "item_judgments",
    "exam_sittings",
    "reviewer_assignments",
    "events",
    "change_requests",
    "fees",
    "decisions",
    "comments",
    "advisor_assignments",
)


def _load_portfolio(application):
    """Every kind of entry and the attestations, loaded once (the facts and the page read them),
    and which of `WORK_RELATIONS` hold rows: one probe query for all of them, then a query for
    each relation that is not empty."""
    lookups = []
    for kind in KINDS.values():
        queryset = kind.model.objects.all()
        if kind.select:
            queryset = queryset.select_related(*kind.select)
        lookups.append(Prefetch(kind.related, queryset=queryset))
    return prefetch_present(application, [*lookups, "attestations"], also=WORK_RELATIONS)


def work_context(request, application, bound=None):
    """Everything on the work page; `bound` replaces a default form by its key (to show errors)."""
    bound = bound or {}
    pk = application.pk
    rules = rules_for_category(application.category)
    exam = rules["application"].get("exam") or {}
    has_exam = bool(exam) and exam.get("required") is not False
    flags = work_flags(request.user, application, has_exam=has_exam)

    present = _load_portfolio(application)

    def rows(name, queryset):
        return list(queryset) if name in present else []

    # The rows the verdict reads too, read once for both.
    references = rows(
        "references",
        with_unrated(application.references.all(), application.category)
        .select_related("rating", "vetting__vetted_by__profile")
        .prefetch_related("rating__comments")
        .order_by("invited_at", "pk"),
    )
    judgment_rows = rows("item_judgments", application.item_judgments.select_related("by__profile"))
    sittings = rows(
        "exam_sittings",
        application.exam_sittings.select_related("recorded_by__profile", "voided_by__profile"),
    )
    # A decided application is shown as it stood on the day of the decision, an open one as of today.
    verdict_as_of = timezone.localdate(application.decided_at) if application.decided_at else None
    result = evaluate_reviewed(
        application,
        as_of=verdict_as_of,
        rules=rules,
        references=references,
        judgments=judgment_rows,
        sittings=sittings,
    )
    requirements = decorate(result["requirements"], pk)
    needs_review = [item for item in requirements if item["status"] == NEEDS_REVIEW]

    entries = {name: list(getattr(application, kind.related).all()) for name, kind in KINDS.items()}
    training = entries["training"]
    address_matches = rater_address_matches(application, references)
    for ref in references:
        ref.address_matches = address_matches.get(ref.pk, [])
        ref.has_rating = hasattr(ref, "rating") and ref.rating.submitted_at is not None
        ref.needs_vetting = not ref.rater_endorsements and not ref.replaced_by_id
        # A form only where the page shows one: most raters are endorsed, and forms are not free.
        ref.vet_form = bound.get(f"vet-{ref.pk}") or (
            VetRaterForm(auto_id=f"vet-{ref.pk}-%s") if ref.needs_vetting and flags["can_vet"] else None
        )
    judgments = {(j.kind, j.item_id): j for j in judgment_rows}
    judgeable = _judgeable(application, entries, judgments, rules)
    for item in judgeable:
        item["form"] = bound.get(item["key"]) or JudgeItemForm(auto_id=f"{item['key']}-%s")

    assignments = rows(
        "reviewer_assignments",
        application.reviewer_assignments.select_related("reviewer__profile", "review").prefetch_related(
            Prefetch("review__items", queryset=ReviewItem.objects.select_related("domain"))
        ),
    )
    domains = rating_domains(application.category)
    # The association's reviewers and advisors in one query, for the lists the page offers.
    offered = [
        role for role, flag in ((REVIEWER, "can_assign"), (ADVISOR, "can_assign_advisor")) if flags[flag]
    ]
    staff = people_by_role(application.association_pk, *offered) if offered else {}
    suggestions = (
        services.suggested_reviewers(
            application,
            taken={a.reviewer_id for a in assignments if a.status != ReviewerAssignment.Status.SUBMITTED},
            reviewers=staff[REVIEWER],
        )
        if flags["can_assign"]
        else []
    )
    advisors = rows("advisor_assignments", application.advisor_assignments.select_related("advisor__profile"))

    forms = {
        "start_review": StartReviewForm(),
        "assign": AssignReviewerForm(suggestions=suggestions),
        "changes": RequestChangesForm(auto_id="changes-%s"),
        "send_to_exam": SendToExamForm(),
        "record_exam": RecordExamForm(auto_id="exam-%s"),
        "return_from_exam": ReturnFromExamForm(),
        "fee": FeeForm(auto_id="fee-%s"),
        "comment": CommentForm(auto_id="comment-%s"),
        "advisor": AssignAdvisorForm(
            candidates=(
                advisor_candidates(
                    application, advising={a.advisor_id for a in advisors}, advisors=staff[ADVISOR]
                )
                if flags["can_assign_advisor"]
                else []
            ),
            auto_id="advisor-%s",
        ),
        "decide": DecisionDraftForm(auto_id="decide-%s"),
    }
    forms.update({key: form for key, form in bound.items() if key in forms})

    now = timezone.now()
    events = rows("events", application.events.select_related("actor__profile"))
    changes = submission_changes(application) if _resubmitted(events) else None
    change_requests = _change_requests_against(application, changes) if "change_requests" in present else []
    return {
        "application": application,
        "applicant_name": person_name(application.applicant),
        "age_days": (now - (application.submitted_at or application.created_at)).days,
        "status_days": (now - application.status_changed_at).days,
        "result": result,
        "verdict_as_of": verdict_as_of,
        "requirements": requirements,
        "needs_review": needs_review,
        "entries": entries,
        "training_summary": training_summary(training),
        "references": references,
        "attestations": list(application.attestations.all()),
        "ratings": _ratings(application, references, domains),
        "judgeable": judgeable,
        "assignments": assignments,
        "review_table": _reviews(assignments, domains),
        "reviewers_needed": services.reviewers_needed(application),
        "reviews_missing": services.reviews_missing(application, assignments),
        "change_requests": change_requests,
        "can_settle_changes": application.status in services.SETTLE_STATUSES and changes is not None,
        "exam_sittings": _exam_sittings(sittings, bound),
        "has_exam": has_exam,
        "fees": rows("fees", application.fees.select_related("recorded_by__profile")),
        "fee_schedule": services.fee_schedule_for(application),
        "decisions": rows("decisions", application.decisions.select_related("decided_by__profile")),
        "comments": comments_for(application) if "comments" in present else [],
        "advisors": advisors,
        "changes": changes,
        "events": events,
        "forms": forms,
        "has_actions": any(
            value for name, value in flags.items() if name not in ("can_comment", "can_vet", "can_judge")
        ),
        **flags,
    }


def _change_requests_against(application, changes):
    """Each change request with what the resubmission changed in its section (None: no
    resubmission yet; an empty list: nothing changed there)."""
    by_section = {section["name"]: section for section in changes or []}
    rows = list(application.change_requests.select_related("created_by__profile", "resolved_by__profile"))
    for change in rows:
        change.section_title = SECTION_TITLES.get(change.section, change.section) or _("Whole application")
        change.section_changes = None if changes is None else by_section.get(change.section)
    return rows


def _resubmitted(events):
    """Whether the application came back after changes were requested (no query: events are here)."""
    return any(e.from_status == Status.CHANGES_REQUESTED and e.to_status == Status.SUBMITTED for e in events)


def _render_work(request, application, bound=None, status=200):
    return render(request, "reviews/work.html", work_context(request, application, bound), status=status)


@login_required
def work(request, pk):
    application = get_work_application(request.user, pk)
    return _render_work(request, application)


# --- the actions ------------------------------------------------------------------------------


def _work_url(application, anchor=""):
    url = reverse("reviews:work", args=[application.pk])
    return f"{url}#{anchor}" if anchor else url


def _act(request, application, key, form, call, success, anchor=""):
    """Call the service with the valid form; on a domain error, put its message at the field."""
    if form.is_valid():
        try:
            outcome = call(form.cleaned_data)
        except services.ReviewError as error:
            form.add_error(form.error_field(error.field), str(error))
        else:
            messages.success(request, success(outcome) if callable(success) else success)
            return redirect(_work_url(application, anchor))
    problems = [str(e) for errors in form.errors.values() for e in errors]
    messages.error(request, _("Nothing was changed: %(problems)s") % {"problems": " ".join(problems)})
    return _render_work(request, application, {key: form}, status=400)


def _work_action(key, form_class, *, auto_id="id_%s", anchor="", part=None, id_prefix=None):
    """Turns `act(request, target, form)`, which calls one service with the valid form and returns
    the success message, into a coordinator's POST-only action on one application. The target is
    the application, or with `part` (a model) the application's row named by the URL's second
    number; that row's forms are named by it (`{key}-{pk}`, ids `{id_prefix or key}-{pk}-…`)."""

    def decorate(act):
        @login_required
        @require_POST
        @functools.wraps(act)
        def view(request, pk, **part_pk):
            application = get_work_application(request.user, pk)
            target, form_key, form_id = application, key, auto_id
            if part is not None:
                (number,) = part_pk.values()
                target = get_object_or_404(part, application=application, pk=number)
                form_key, form_id = f"{key}-{target.pk}", f"{id_prefix or key}-{target.pk}-%s"
            form = form_class(request.POST, auto_id=form_id)
            # What `act` returns is the success message itself.
            return _act(
                request, application, form_key, form, lambda data: act(request, target, form), str, anchor
            )

        return view

    return decorate


@_work_action("start_review", StartReviewForm)
def start_review(request, application, form):
    services.start_review(application, by=request.user)
    return _("The application is now in review.")


@_work_action("vet", VetRaterForm, part=ReferenceRequest, anchor="references")
def vet_rater(request, reference, form):
    data = form.cleaned_data
    vetting = services.vet_rater(
        reference, accepted=data["accepted"], called_on=data["called_on"], note=data["note"], by=request.user
    )
    return (
        _("Vetting of %(name)s recorded: accepted.")
        if vetting.accepted
        else _("Vetting of %(name)s recorded: not accepted.")
    ) % {"name": reference.name}


@login_required
@require_POST
def judge_item(request, pk, kind, item_id):
    application = get_work_application(request.user, pk)
    if kind not in ItemJudgment.Kind.values:
        raise Http404("No such kind of item.")
    key = f"judge-{kind}-{item_id}"
    form = JudgeItemForm(request.POST, auto_id=f"{key}-%s")
    return _act(
        request,
        application,
        key,
        form,
        lambda data: services.judge_item(
            application, kind, item_id, accepted=data["accepted"], note=data["note"], by=request.user
        ),
        lambda judgment: (
            (_("%(kind)s accepted.") if judgment.accepted else _("%(kind)s refused."))
            % {"kind": judgment.get_kind_display()}
        ),
        anchor="judgments",
    )


@login_required
@require_POST
def assign_reviewer(request, pk):
    application = get_work_application(request.user, pk)
    form = AssignReviewerForm(request.POST, suggestions=services.suggested_reviewers(application))

    def success(assignment):
        warning = form.cleaned_data["reviewer"].warning
        text = _("%(name)s is assigned and will be emailed.") % {"name": person_name(assignment.reviewer)}
        return f"{text} {warning}" if warning else text

    return _act(
        request,
        application,
        "assign",
        form,
        lambda data: services.assign_reviewer(application, data["reviewer"].reviewer, by=request.user),
        success,
        anchor="reviewers",
    )


@_work_action("changes", RequestChangesForm, auto_id="changes-%s")
def request_changes(request, application, form):
    services.request_changes(application, requests=form.requests(), by=request.user)
    return _("Changes requested; the applicant will be emailed.")


@_work_action("send_to_exam", SendToExamForm)
def send_to_exam(request, application, form):
    services.send_to_exam(application, by=request.user)
    return _("Portfolio accepted; the application now waits for the exam.")


@_work_action("record_exam", RecordExamForm, auto_id="exam-%s", anchor="exam")
def record_exam(request, application, form):
    services.record_exam(application, by=request.user, **form.cleaned_data)
    return _("Exam sitting recorded.")


@_work_action("correct", CorrectExamForm, part=ExamSitting, id_prefix="exam", anchor="exam")
def correct_exam(request, sitting, form):
    services.correct_exam(sitting, by=request.user, **form.cleaned_data)
    return _("Exam sitting corrected; the correction is in the history.")


@_work_action("void", VoidExamForm, part=ExamSitting, anchor="exam")
def void_exam(request, sitting, form):
    services.void_exam(sitting, by=request.user, **form.cleaned_data)
    return _("Exam sitting voided; it no longer counts.")


@_work_action("return_from_exam", ReturnFromExamForm)
def return_from_exam(request, application, form):
    services.return_from_exam(application, by=request.user)
    return _("Exam results are in; the application is back in review.")


@_work_action("fee", FeeForm, auto_id="fee-%s", anchor="fees")
def record_fee(request, application, form):
    data = form.cleaned_data
    fee = services.record_fee(
        application,
        data["kind"],
        status=data["status"],
        amount=data["amount"],
        note=data["note"],
        by=request.user,
    )
    return _("%(fee)s recorded: %(amount)s %(status)s.") % {
        "fee": fee.get_kind_display(),
        "amount": number_format(fee.amount, 2),
        "status": fee.get_status_display().lower(),
    }


@login_required
@require_POST
def assign_advisor(request, pk):
    application = get_work_application(request.user, pk)
    form = AssignAdvisorForm(request.POST, candidates=advisor_candidates(application), auto_id="advisor-%s")
    return _act(
        request,
        application,
        "advisor",
        form,
        lambda data: services.assign_advisor(application, data["advisor"], by=request.user),
        lambda assignment: (
            _("%(name)s now advises this applicant and will be emailed.")
            % {"name": person_name(assignment.advisor)}
        ),
        anchor="advisors",
    )


@_work_action("comment", CommentForm, auto_id="comment-%s", anchor="comments")
def add_comment(request, application, form):
    data = form.cleaned_data
    services.add_comment(application, author=request.user, body=data["body"], section=data["section"])
    return _("Comment added; the others in the thread will be emailed.")


# --- the decision: draft, preview and edit, send ----------------------------------------------------


@login_required
def decide(request, pk):
    """GET with outcome and reasons: the drafted email, editable. POST: the decision, as edited."""
    application = get_work_application(request.user, pk)
    context = {
        "application": application,
        "applicant_name": person_name(application.applicant),
        "can_decide": work_flags(request.user, application)["can_decide"],
    }
    if request.method == "POST":
        form = DecisionSendForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.decide(application, by=request.user, **data)
            except services.ReviewError as error:
                form.add_error(form.error_field(error.field), str(error))
            else:
                messages.success(
                    request,
                    _("Decision recorded: %(outcome)s. The email is on its way.")
                    % {"outcome": decision.get_outcome_display()},
                )
                return redirect(_work_url(application))
        return render(request, "reviews/work_decide.html", {**context, "form": form}, status=400)

    draft = DecisionDraftForm(request.GET or None, auto_id="decide-%s")
    if not draft.is_valid():
        return render(request, "reviews/work_decide.html", {**context, "draft_form": draft})
    data = draft.cleaned_data
    subject, body = services.draft_decision_email(
        application, data["outcome"], reasons=data["reasons"], include_feedback=data["include_feedback"]
    )
    form = DecisionSendForm(
        initial={
            "outcome": data["outcome"],
            "reasons": data["reasons"],
            "email_subject": subject,
            "email_body": body,
        }
    )
    return render(request, "reviews/work_decide.html", {**context, "form": form, "draft_form": draft})


@login_required
@require_POST
def settle_change(request, pk, change_pk):
    """Resolved, or still open: the coordinator's word on one change request after the resubmission."""
    application = get_work_application(request.user, pk)
    change = get_object_or_404(ChangeRequest, application=application, pk=change_pk)
    resolved = request.POST.get("resolved") == "yes"
    try:
        services.settle_change_request(change, resolved=resolved, by=request.user)
    except services.ReviewError as error:
        messages.error(request, _("Nothing was changed: %(problems)s") % {"problems": error})
    else:
        where = SECTION_TITLES.get(change.section, change.section) or _("whole application")
        messages.success(
            request,
            (
                _("The request on the %(section)s is resolved.")
                if resolved
                else _(
                    "The request on the %(section)s stays open; the applicant sees it when the application "
                    "comes back to them."
                )
            )
            % {"section": where},
        )
    return redirect(_work_url(application, f"change-{change.pk}"))
