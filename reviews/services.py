"""Every decision the association's people take about an application goes through these functions.

Each one locks the application row, checks its current state against the transitions table
(`applications.transitions`), writes its rows, records an `ApplicationEvent` (who, when, from,
to, why) through `applications.services.lifecycle` and queues its emails on commit. A transition
that is not allowed now raises `ReviewError` with a message for the coordinator. Locks are
always taken application first, then the rows under it, so concurrent actions never deadlock.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications import transitions
from applications.models import Application, ReferenceRequest, RSCEntry, WorkPeriod
from applications.people import person_name
from applications.sections import SECTIONS
from applications.services.lifecycle import change_status, record_note
from competencies.rules import LABELS
from competencies.services import endorsement_levels, rules_for_category
from endorsement import outbox, roles
from endorsement.emails import render_email
from endorsement.extensions import ExtensionPoint
from endorsement.languages import preferred_language

from .facts import combined_exam, evaluate_reviewed
from .models import (
    FEE_SCHEDULES,
    OPEN_REVIEWS,
    AdvisorAssignment,
    ChangeRequest,
    Comment,
    Decision,
    ExamResult,
    ExamSitting,
    Fee,
    FeeSchedule,
    ItemJudgment,
    RaterVetting,
    Review,
    ReviewDraft,
    ReviewerAssignment,
    ReviewItem,
)
from .signals import application_approved

Status = Application.Status
EXAM_PARTS = ("multiple_choice", "essay")
DEFAULT_PASS_MARK = Decimal("80")


ENDORSEMENT_CODE_SOURCES = ExtensionPoint(
    """source(user_ids) -> {user_id: [endorsement codes]}, or None while no endorsement is recorded
    at all (renewals registers one); suggested_reviewers asks it when no endorsements are passed in."""
)


class ReviewError(Exception):
    """A review action that is not allowed now; the message is for the coordinator or reviewer."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def reviewers_needed(application=None):
    """How many submitted reviews a decision needs: the association's policy, else the install's
    REVIEWERS_PER_APPLICATION (default 2)."""
    default = getattr(settings, "REVIEWERS_PER_APPLICATION", 2)
    if application is None:
        return default
    return application.category.edition.association.policy("reviews_required", default)


def reviews_missing(app, assignments=None):
    """How many more submitted reviews the application needs before it can be decided or examined.

    A reviewer who stepped back counts for nothing: a replacement has to review instead.
    `assignments` saves the query where the caller has loaded them already.
    """
    submitted = ReviewerAssignment.Status.SUBMITTED
    if assignments is None:
        done = ReviewerAssignment.objects.filter(application=app, status=submitted).count()
    else:
        done = sum(1 for assignment in assignments if assignment.status == submitted)
    return max(reviewers_needed(app) - done, 0)


def _require_reviews(app, action):
    missing = reviews_missing(app)
    if missing:
        needed = reviewers_needed(app)
        needs = ngettext(
            "%(action)s needs %(needed)d submitted review.",
            "%(action)s needs %(needed)d submitted reviews.",
            needed,
        ) % {"action": action, "needed": needed}
        still = ngettext(
            "%(missing)d is still missing: wait for it, or assign a reviewer in place of one who stepped back.",
            "%(missing)d are still missing: wait for them, or assign reviewers in place of any who stepped back.",
            missing,
        ) % {"missing": missing}
        raise ReviewError(
            f"{needs} {still}",
            "reviews",
        )


def _close_open_assignments(app, *, by):
    """A decided application needs no more reviews: open assignments end with the decision."""
    open_assignments = list(
        ReviewerAssignment.objects.filter(
            application=app, status=ReviewerAssignment.Status.ASSIGNED
        ).select_related("reviewer__profile")
    )
    if not open_assignments:
        return
    ReviewerAssignment.objects.filter(pk__in=[a.pk for a in open_assignments]).update(
        status=ReviewerAssignment.Status.CLOSED
    )
    names = ", ".join(person_name(a.reviewer) for a in open_assignments)
    _note(app, by=by, note=f"Review assignment closed with the decision: {names}")


# --- shared steps ----------------------------------------------------------------------------


def _lock(application):
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("category__edition", "applicant")
        .get(pk=application.pk if isinstance(application, Application) else application)
    )


def _require(app, action):
    """Refuse an action the transitions table does not allow from the application's status."""
    message = transitions.refusal(app, action)
    if message:
        raise ReviewError(message)


def _in_english():
    """The history's notes are kept in English: the labels they quote are translated for the reader."""
    return translation.override("en")


def _note(app, *, by, note):
    """Record an action that does not change the status (vetting, assignment, fees)."""
    record_note(app, by=by, note=note)


def _not_future(day, field):
    if day > timezone.localdate():
        raise ReviewError(_("The date cannot be in the future."), field)


def _exam_rules(app):
    params = rules_for_category(app.category)["application"].get("exam") or {}
    if not params or params.get("required") is False:
        return None
    return params


# --- taking an application into review -------------------------------------------------------


@transaction.atomic
def start_review(application, *, by):
    """submitted → in_review. Open change requests stay open: the coordinator settles each one
    against the resubmission (`settle_change_request`)."""
    app = _lock(application)
    _require(app, "start_review")
    still_open = ChangeRequest.objects.filter(application=app, resolved_at__isnull=True).count()
    note = "Review started"
    if still_open:
        note += (
            f"; {still_open} change request{'s' if still_open != 1 else ''} to check against the resubmission"
        )
    return change_status(app, "start_review", by=by, note=note)


def _lock_change(change, app):
    return ChangeRequest.objects.select_for_update().get(pk=change.pk, application=app)


#: While the resubmission is with the association, the coordinator settles the requests.
SETTLE_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW, Status.EXAM_PENDING)


@transaction.atomic
def answer_change_request(change, *, by, answer=""):
    """The applicant marks a request answered (optionally saying what they changed)."""
    app = _lock(change.application_id)
    if app.applicant_id != by.pk:
        raise ReviewError(_("Only the applicant can mark a change request answered."))
    if app.status != Status.CHANGES_REQUESTED:
        raise ReviewError(_("A request can be marked answered while the application is returned to you."))
    change = _lock_change(change, app)
    if not change.is_open():
        raise ReviewError(_("The coordinator has already resolved this request."))
    change.answered_at, change.answer = timezone.now(), (answer or "").strip()
    change.save(update_fields=["answered_at", "answer"])
    _note(app, by=by, note=f"Change request marked answered ({change.section or 'application'})")
    return change


@transaction.atomic
def settle_change_request(change, *, resolved, by):
    """The coordinator, with the resubmission in: resolved, or still open (the applicant then
    sees it open again when the application next comes back to them)."""
    app = _lock(change.application_id)
    if app.status not in SETTLE_STATUSES:
        raise ReviewError(_("Change requests are settled once the applicant has resubmitted."))
    change = _lock_change(change, app)
    where = change.section or "application"
    if resolved:
        change.resolved_at, change.resolved_by = timezone.now(), by
        note = f"Change request resolved ({where})"
    else:
        change.resolved_at = change.resolved_by = change.answered_at = None
        note = f"Change request kept open ({where})"
    change.save(update_fields=["resolved_at", "resolved_by", "answered_at"])
    _note(app, by=by, note=note)
    return change


# --- advisors and reviewers -------------------------------------------------------------------


@transaction.atomic
def assign_advisor(application, advisor, *, by):
    """Any time before a decision, drafts included; the advisor is emailed."""
    from .tasks import send_advisor_assignment

    app = _lock(application)
    _require(app, "assign_advisor")
    if not roles.acts_in(advisor, roles.ADVISOR, application.association_pk):
        raise ReviewError(
            _("%(name)s is not an endorsement advisor of this association.") % {"name": person_name(advisor)},
            "advisor",
        )
    if advisor.pk == app.applicant_id:
        raise ReviewError(_("Applicants cannot advise themselves."), "advisor")
    if AdvisorAssignment.objects.filter(application=app, advisor=advisor).exists():
        raise ReviewError(
            _("%(name)s already advises this applicant.") % {"name": person_name(advisor)}, "advisor"
        )
    assignment = AdvisorAssignment.objects.create(application=app, advisor=advisor, assigned_by=by)
    _note(app, by=by, note=f"Advisor assigned: {person_name(advisor)}")
    outbox.enqueue(send_advisor_assignment, assignment_id=assignment.pk)
    return assignment


def open_reviews():
    """{reviewer id: assignments open}, every reviewer's, kept until an assignment is written
    (reviews.models.OPEN_REVIEWS): counted from the partial index on open assignments once,
    not for every visit to a work page (fifteen thousand open assignments at scale)."""

    def count():
        rows = (
            ReviewerAssignment.objects.filter(status=ReviewerAssignment.Status.ASSIGNED)
            .order_by()
            .values_list("reviewer")
            .annotate(n=Count("*"))
        )
        return dict(rows)

    return OPEN_REVIEWS.kept("by-reviewer", count)


@dataclass
class ReviewerSuggestion:
    reviewer: object
    suitable: bool | None  # None: no endorsement information to judge by
    open_reviews: int
    warning: str = ""
    needs: str = ""  # the category code the reviewer's endorsement is checked against


def suggested_reviewers(application, *, endorsements=None, taken=None, reviewers=None):
    """Reviewers who may be assigned, those endorsed in the same or a higher category first.

    `endorsements` maps a user id to the endorsement codes that user holds (renewals will
    supply it from the endorsements it keeps). Without it every reviewer is listed with a
    warning to check their endorsement; the least loaded come first. `taken`: the ids of the
    reviewers assigned to the application and not done yet, and `reviewers`: the association's
    (`roles.people_by_role`), where the caller has read them.
    """
    category = application.category
    levels = endorsement_levels(category.edition_id)
    need = category.level
    load = open_reviews()
    if reviewers is None:
        reviewers = roles.people_by_role(application.association_pk, roles.REVIEWER)[roles.REVIEWER]
    if taken is None:
        taken = set(
            ReviewerAssignment.objects.filter(application=application)
            .exclude(status=ReviewerAssignment.Status.SUBMITTED)
            .values_list("reviewer", flat=True)
        )
    reviewers = [r for r in reviewers if r.pk != application.applicant_id and r.pk not in taken]
    if endorsements is None and ENDORSEMENT_CODE_SOURCES:
        endorsements = ENDORSEMENT_CODE_SOURCES[0]([r.pk for r in reviewers])
    suggestions = []
    for reviewer in reviewers:
        if endorsements is None:
            suitable = None
            warning = _("No endorsement records yet: check that %(name)s is endorsed as %(code)s or higher.")
        else:
            codes = endorsements.get(reviewer.pk, ())
            suitable = any(levels.get(code, 0) >= need for code in codes)
            warning = "" if suitable else _("%(name)s is not endorsed as %(code)s or in a higher category.")
        suggestions.append(
            ReviewerSuggestion(
                reviewer,
                suitable,
                load.get(reviewer.pk, 0),
                warning % {"name": person_name(reviewer), "code": category.code} if warning else "",
                category.code,
            )
        )
    suggestions.sort(key=lambda s: (s.suitable is False, s.open_reviews, s.reviewer.pk))
    return suggestions


@transaction.atomic
def assign_reviewer(application, reviewer, *, by):
    from .tasks import send_reviewer_assignment

    app = _lock(application)
    _require(app, "assign_reviewer")
    if not roles.acts_in(reviewer, roles.REVIEWER, application.association_pk) or not reviewer.is_active:
        raise ReviewError(
            _("%(name)s is not an application reviewer of this association.")
            % {"name": person_name(reviewer)},
            "reviewer",
        )
    if reviewer.pk == app.applicant_id:
        raise ReviewError(_("Applicants cannot review their own application."), "reviewer")
    existing = set(
        ReviewerAssignment.objects.filter(application=app, reviewer=reviewer).values_list("status", flat=True)
    )
    if ReviewerAssignment.Status.RECUSED in existing:
        raise ReviewError(
            _("%(name)s stepped back from this application (conflict of interest).")
            % {"name": person_name(reviewer)},
            "reviewer",
        )
    if ReviewerAssignment.Status.ASSIGNED in existing:
        raise ReviewError(
            _("%(name)s is already assigned to this application.") % {"name": person_name(reviewer)},
            "reviewer",
        )
    assignment = ReviewerAssignment.objects.create(application=app, reviewer=reviewer, assigned_by=by)
    _note(app, by=by, note=f"Reviewer assigned: {person_name(reviewer)}")
    outbox.enqueue(send_reviewer_assignment, assignment_id=assignment.pk)
    return assignment


def _lock_assignment(assignment):
    app = _lock(assignment.application_id)
    return app, ReviewerAssignment.objects.select_for_update().select_related("reviewer").get(
        pk=assignment.pk
    )


@transaction.atomic
def recuse_reviewer(assignment, *, by, note):
    """The reviewer declares a conflict of interest and steps back (or the coordinator records it);
    the association's coordinators are emailed so that they can assign someone else."""
    from .tasks import send_reviewer_stepped_back

    app, assignment = _lock_assignment(assignment)
    _require(app, "recuse_reviewer")
    if assignment.status == ReviewerAssignment.Status.RECUSED:
        raise ReviewError(_("This reviewer has already stepped back."))
    if assignment.status == ReviewerAssignment.Status.SUBMITTED:
        raise ReviewError(_("The review is already submitted; a submitted review cannot be withdrawn."))
    if not note.strip():
        raise ReviewError(_("Say briefly what the conflict of interest is."), "note")
    assignment.status = ReviewerAssignment.Status.RECUSED
    assignment.conflict_note = note.strip()
    assignment.save(update_fields=["status", "conflict_note"])
    _note(
        app,
        by=by,
        note=f"Reviewer {person_name(assignment.reviewer)} stepped back: {assignment.conflict_note}",
    )
    outbox.enqueue(send_reviewer_stepped_back, assignment_id=assignment.pk)
    return assignment


def _review_items(app, items):
    keys = set(LABELS)
    domains = {d.pk: d for d in app.category.competency_holder.domains.all()}
    rows, seen = [], set()
    for item in items:
        verdict = item.get("verdict")
        if verdict not in ReviewItem.Verdict.values:
            raise ReviewError(_("Each item needs a verdict: met, not met or unclear."), "items")
        requirement, domain = item.get("requirement") or "", item.get("domain")
        domain_id = getattr(domain, "pk", domain)
        if bool(requirement) == (domain_id is not None):
            raise ReviewError(_("Each item is about one requirement or one competency domain."), "items")
        if requirement and requirement not in keys:
            raise ReviewError(_("Unknown requirement %(key)r.") % {"key": requirement}, "items")
        if domain_id is not None and domain_id not in domains:
            raise ReviewError(_("That competency domain is not one of this category's."), "items")
        subject = requirement or domain_id
        if subject in seen:
            raise ReviewError(_("Each requirement or domain can be judged only once in a review."), "items")
        seen.add(subject)
        rows.append(
            ReviewItem(
                requirement=requirement,
                domain=domains.get(domain_id),
                verdict=verdict,
                note=(item.get("note") or "").strip(),
            )
        )
    return rows


@transaction.atomic
def submit_review(assignment, *, recommendation, summary, items, by):
    """The assigned reviewer's review: verdicts per requirement and domain, and a recommendation.

    `items` is a list of dicts with `requirement` (a key) or `domain` (a Domain or its id),
    `verdict` (met, not_met, unclear) and an optional `note`.
    """
    app, assignment = _lock_assignment(assignment)
    _require(app, "submit_review")
    if assignment.reviewer_id != by.pk:
        raise ReviewError(_("Only the assigned reviewer can submit this review."))
    if assignment.status == ReviewerAssignment.Status.SUBMITTED:
        raise ReviewError(_("This review is already submitted."))
    if assignment.status == ReviewerAssignment.Status.RECUSED:
        raise ReviewError(_("You stepped back from this application."))
    if recommendation not in Review.Recommendation.values:
        raise ReviewError(_("Recommend approve, request changes or deny."), "recommendation")
    if not summary.strip():
        raise ReviewError(_("Write a short summary of your review."), "summary")
    rows = _review_items(app, items)
    review = Review.objects.create(
        assignment=assignment, recommendation=recommendation, summary=summary.strip()
    )
    for row in rows:
        row.review = review
    ReviewItem.objects.bulk_create(rows)
    assignment.status = ReviewerAssignment.Status.SUBMITTED
    assignment.save(update_fields=["status"])
    ReviewDraft.objects.filter(assignment=assignment).delete()
    with _in_english():  # the history is written in one language, whoever reads the page
        recommends = review.get_recommendation_display().lower()
    _note(app, by=by, note=f"Review submitted: recommends {recommends}")
    return review


@transaction.atomic
def save_review_draft(assignment, *, data, by):
    """Keep what the reviewer entered so far; it decides nothing until `submit_review`.

    `data` maps the review form's field names to the values entered (strings)."""
    app, assignment = _lock_assignment(assignment)
    _require(app, "submit_review")
    if assignment.reviewer_id != by.pk:
        raise ReviewError(_("Only the assigned reviewer can save this review."))
    if assignment.status != ReviewerAssignment.Status.ASSIGNED:
        raise ReviewError(_("This review is already submitted; there is no draft to save."))
    draft, _created = ReviewDraft.objects.update_or_create(
        assignment=assignment, defaults={"data": dict(data), "saved_at": timezone.now()}
    )
    return draft


# --- the coordinator's judgments --------------------------------------------------------------


@transaction.atomic
def vet_rater(reference, *, accepted, called_on, note, by):
    """Record the vetting call with a rater who is not endorsed; a second call replaces the first."""
    app = _lock(reference.application_id)
    _require(app, "vet_rater")
    reference = ReferenceRequest.objects.get(pk=reference.pk)
    if reference.replaced_by_id:
        raise ReviewError(_("This rater was replaced; vet the new rater instead."))
    _not_future(called_on, "called_on")
    vetting, _created = RaterVetting.objects.update_or_create(
        reference=reference,
        defaults={
            "accepted": bool(accepted),
            "called_on": called_on,
            "note": note.strip(),
            "vetted_by": by,
            "created_at": timezone.now(),
        },
    )
    verdict = "accepted" if accepted else "not accepted"
    _note(
        app,
        by=by,
        note=f"Rater {reference.name} vetted ({date_format(called_on)}): {verdict}. {note}".strip(),
    )
    return vetting


def _judged_item(app, kind, item_id):
    Kind = ItemJudgment.Kind
    if kind not in Kind.values:
        raise ReviewError(_("Unknown kind of item %(kind)r.") % {"kind": kind}, "kind")
    model = RSCEntry if kind == Kind.RSC else WorkPeriod
    item = model.objects.filter(application=app, pk=item_id).first()
    if item is None:
        raise ReviewError(_("This application has no such entry."), "item")
    if kind == Kind.INTERNSHIP and not item.internship:
        raise ReviewError(_("“%(item)s” is not an internship; judge it as work.") % {"item": item}, "kind")
    if kind == Kind.WORK and item.internship:
        raise ReviewError(_("“%(item)s” is an internship; judge it as one.") % {"item": item}, "kind")
    return item


@transaction.atomic
def judge_item(application, kind, item_id, *, accepted, note, by):
    """Accept or refuse an item the guidelines leave to the coordinator (volunteer work,
    an internship, an RS/C provider without a qualifying endorsement)."""
    app = _lock(application)
    _require(app, "judge_item")
    item = _judged_item(app, kind, item_id)
    if not note.strip():
        raise ReviewError(_("Say why the item is accepted or refused."), "note")
    judgment, _created = ItemJudgment.objects.update_or_create(
        application=app,
        kind=kind,
        item_id=item.pk,
        defaults={"accepted": bool(accepted), "note": note.strip(), "by": by, "at": timezone.now()},
    )
    verdict = "accepted" if accepted else "refused"
    with _in_english():
        kind_label = judgment.get_kind_display()
    _note(app, by=by, note=f"{kind_label} “{item}” {verdict}: {judgment.note}")
    return judgment


# --- changes, exam, decision ------------------------------------------------------------------


def _change_requests(app, requests, *, by, emailed):
    rows = []
    for section, message in requests:
        section = (section or "").strip()
        if section and section not in SECTIONS:
            raise ReviewError(_("Unknown section %(section)r.") % {"section": section}, "section")
        if not (message or "").strip():
            raise ReviewError(_("Say what needs to change."), "message")
        rows.append(
            ChangeRequest(
                application=app,
                section=section,
                message=message.strip(),
                created_by=by,
                emailed_at=timezone.now() if emailed else None,
            )
        )
    if not rows:
        raise ReviewError(_("Say what needs to change."), "message")
    return ChangeRequest.objects.bulk_create(rows)


@transaction.atomic
def request_changes(application, *, requests, by):
    """in_review → changes_requested, with what is needed per section; the applicant is emailed.

    `requests` is a list of (section, message) pairs; section "" is the whole application.
    """
    from .tasks import send_change_requests

    app = _lock(application)
    _require(app, "request_changes")
    rows = _change_requests(app, requests, by=by, emailed=False)
    sections = ", ".join(row.section or "application" for row in rows)
    change_status(app, "request_changes", by=by, note=f"Changes requested: {sections}")
    outbox.enqueue(send_change_requests, application_id=app.pk)
    return rows


@transaction.atomic
def send_to_exam(application, *, by):
    """in_review → exam_pending, once everything but the exam is met, for categories with an exam;
    the applicant is told the exam comes next."""
    from .tasks import send_exam_pending

    app = _lock(application)
    _require(app, "send_to_exam")
    if _exam_rules(app) is None:
        raise ReviewError(_("%(code)s has no written examination.") % {"code": app.category.code})
    _require_reviews(app, _("Sending to the exam"))
    result = evaluate_reviewed(app)
    open_items = [
        f"{item['label']}: {item['summary']}"
        for item in result["requirements"]
        if item["key"] != "exam" and item["status"] in ("not_met", "needs_review")
    ]
    if open_items:
        raise ReviewError(_("The portfolio is not accepted yet: ") + "; ".join(open_items))
    app = change_status(app, "send_to_exam", by=by, note="Portfolio accepted; waiting for the exam")
    outbox.enqueue(send_exam_pending, application_id=app.pk)
    return app


def _check_retake(app, part, sat_on, wait_days, *, ignore=None):
    """A failed part can be retaken once the wait after the person's last failure has passed.

    The wait follows the person across their applications for the category; a part passed on
    this application is not taken again. `ignore` is a sitting being corrected.
    """
    field = "multiple_choice_result" if part == "multiple_choice" else "essay_result"
    name = _("multiple-choice") if part == "multiple_choice" else _("essay")
    earlier = ExamSitting.objects.of_person(app).exclude(**{field: ""}).order_by("sat_on", "pk")
    if ignore is not None:
        earlier = earlier.exclude(pk=ignore.pk)
    if earlier.filter(application=app, **{field: ExamResult.PASSED}).exists():
        raise ReviewError(_("The %(part)s part is already passed.") % {"part": name}, part)
    failure = earlier.filter(**{field: ExamResult.FAILED}, sat_on__lte=sat_on).last()
    if failure is not None:
        retake_on = failure.sat_on + datetime.timedelta(days=wait_days or 0)
        if sat_on < retake_on:
            raise ReviewError(
                _("The %(part)s part was failed on %(last)s; it can be retaken from %(date)s.")
                % {"part": name, "last": date_format(failure.sat_on), "date": date_format(retake_on)},
                part,
            )


def _score(
    app,
    sitting,
    params,
    *,
    ignore=None,
    multiple_choice_score=None,
    essay_track="",
    essay_score_1="",
    essay_score_2="",
):
    """Set the sitting's scores and results from what was entered (the marks `record_exam` and
    `correct_exam` take), refusing a failed part retaken too soon; `ignore` is the sitting corrected."""
    parts = params.get("parts", list(EXAM_PARTS))
    taken = []
    sitting.multiple_choice_score = sitting.pass_mark_percent = None
    sitting.multiple_choice_result = ""
    if multiple_choice_score is not None:
        if "multiple_choice" not in parts:
            raise ReviewError(_("This exam has no multiple-choice part."), "multiple_choice_score")
        score = Decimal(str(multiple_choice_score))
        if not Decimal("0") <= score <= Decimal("100"):
            raise ReviewError(_("Give the score as a percentage from 0 to 100."), "multiple_choice_score")
        sitting.multiple_choice_score = score
        sitting.pass_mark_percent = Decimal(str(params.get("pass_mark_percent", DEFAULT_PASS_MARK)))
        sitting.multiple_choice_result = (
            ExamResult.PASSED if score >= sitting.pass_mark_percent else ExamResult.FAILED
        )
        taken.append("multiple_choice")
    sitting.essay_track = sitting.essay_score_1 = sitting.essay_score_2 = sitting.essay_result = ""
    if essay_score_1 or essay_score_2 or essay_track:
        if "essay" not in parts:
            raise ReviewError(_("This exam has no essay part."), "essay_score_1")
        if essay_score_1 not in ExamResult.values or essay_score_2 not in ExamResult.values:
            raise ReviewError(_("Record the essay result of both blind scorers."), "essay_score_1")
        if essay_track not in ExamSitting.EssayTrack.values:
            raise ReviewError(
                _("Choose the essay track: clinical, policy or research/faculty."), "essay_track"
            )
        sitting.essay_track = essay_track
        sitting.essay_score_1, sitting.essay_score_2 = essay_score_1, essay_score_2
        sitting.essay_result = ExamSitting.essay_outcome(essay_score_1, essay_score_2)
        taken.append("essay")
    if not taken:
        raise ReviewError(_("Record the result of at least one part of the exam."))
    for part in taken:
        _check_retake(app, part, sitting.sat_on, params.get("retake_wait_days"), ignore=ignore)


@transaction.atomic
def record_exam(
    application,
    *,
    sat_on,
    by,
    accommodations="",
    **marks,
):
    """Record one sitting of the written exam (exam_pending only).

    The multiple-choice part passes at the rules' pass mark (80% by default). The essay passes
    only when both blind scorers pass it. A failed part can be retaken once the rules' waiting
    period (`retake_wait_days`) has passed; a passed part is not taken again. The applicant is
    emailed the results. `marks` are the scores entered: `multiple_choice_score`, `essay_track`,
    `essay_score_1`, `essay_score_2` (see `_score`).
    """
    from .tasks import send_exam_result

    app = _lock(application)
    _require(app, "record_exam")
    params = _exam_rules(app)
    if params is None:
        raise ReviewError(_("%(code)s has no written examination.") % {"code": app.category.code})
    _not_future(sat_on, "sat_on")
    sitting = ExamSitting(
        application=app, sat_on=sat_on, accommodations=accommodations.strip(), recorded_by=by
    )
    _score(app, sitting, params, **marks)
    sitting.save()
    _note(app, by=by, note=f"Exam of {date_format(sat_on)} recorded: {sitting.results_in_words()}")
    outbox.enqueue(send_exam_result, sitting_id=sitting.pk)
    return sitting


def exam_result_notice(sitting):
    """What the applicant is told of a sitting: each part taken with its result (and, if failed,
    the first day it can be retaken), whether every part taken passed, and the parts still to pass."""
    app = sitting.application
    params = _exam_rules(app) or {}
    wait = datetime.timedelta(days=params.get("retake_wait_days") or 0)
    parts = []
    for part, result in (
        ("multiple_choice", sitting.multiple_choice_result),
        ("essay", sitting.essay_result),
    ):
        if result:
            name = _("multiple-choice") if part == "multiple_choice" else _("essay")
            retake_on = sitting.sat_on + wait if result == ExamResult.FAILED else None
            parts.append({"name": name, "result": ExamResult(result).label.lower(), "retake_on": retake_on})
    results = combined_exam(app)
    remaining = [
        _("multiple-choice") if part == "multiple_choice" else _("essay")
        for part in params.get("parts", EXAM_PARTS)
        if results.get(part) != ExamResult.PASSED
    ]
    passed = all(part["retake_on"] is None for part in parts)
    return {"parts": parts, "passed": passed, "remaining": remaining}


def _lock_sitting(sitting, reason):
    app = _lock(sitting.application_id)
    _require(app, "correct_exam")
    sitting = ExamSitting.objects.select_for_update().get(pk=sitting.pk, application=app)
    if sitting.is_void():
        raise ReviewError(_("This sitting was voided; record a new sitting instead."))
    if not (reason or "").strip():
        raise ReviewError(_("Say why the record is corrected; it is kept in the history."), "reason")
    return app, sitting


@transaction.atomic
def correct_exam(sitting, *, reason, by, **marks):
    """Correct a mistyped sitting: the results are worked out again and the change is in the history.

    The exam's verdict and every later retake wait are computed from the corrected record.
    `marks` are the scores entered, as `record_exam` takes them.
    """
    app, sitting = _lock_sitting(sitting, reason)
    before = sitting.results_in_words()
    params = _exam_rules(app) or {}
    _score(app, sitting, params, ignore=sitting, **marks)
    sitting.save()
    _note(
        app,
        by=by,
        note=(
            f"Exam of {date_format(sitting.sat_on)} corrected: {before} → {sitting.results_in_words()}. "
            f"Reason: {reason.strip()}"
        ),
    )
    return sitting


@transaction.atomic
def void_exam(sitting, *, reason, by):
    """Void a sitting recorded in error: it stays in the history and decides nothing."""
    app, sitting = _lock_sitting(sitting, reason)
    sitting.voided_at, sitting.voided_by, sitting.void_reason = timezone.now(), by, reason.strip()
    sitting.save(update_fields=["voided_at", "voided_by", "void_reason"])
    _note(
        app,
        by=by,
        note=f"Exam of {date_format(sitting.sat_on)} voided ({sitting.results_in_words()}). Reason: {reason.strip()}",
    )
    return sitting


@transaction.atomic
def return_from_exam(application, *, by):
    """exam_pending → in_review once every part of the exam has a result."""
    app = _lock(application)
    _require(app, "return_from_exam")
    params = _exam_rules(app) or {}
    results = combined_exam(app)
    missing = [part for part in params.get("parts", EXAM_PARTS) if not results.get(part)]
    if missing:
        raise ReviewError(_("Record the results of every part of the exam first."))
    summary = ", ".join(
        f"{part.replace('_', '-')} {results[part]}" for part in params.get("parts", EXAM_PARTS)
    )
    return change_status(app, "return_from_exam", by=by, note=f"Exam results recorded ({summary})")


def draft_decision_email(application, outcome, *, reasons="", include_feedback=False):
    """The (subject, body) the coordinator starts from; they edit it before `decide` sends it."""
    feedback = []
    if include_feedback:
        feedback = list(
            Review.objects.filter(assignment__application=application).order_by("submitted_at", "pk")
        )
    context = {
        "application": application,
        "applicant_name": person_name(application.applicant),
        "outcome": outcome,
        "reasons": reasons.strip(),
        "feedback": feedback,
    }
    return render_email("review_decision", context, language=preferred_language(application.applicant))


@transaction.atomic
def decide(application, *, outcome, reasons, email_subject, email_body, by):
    """Approve or deny (in_review → approved | denied), or defer (→ changes_requested with guidance).

    The email goes to the applicant exactly as written. A processing fee still due holds the
    decision; approval needs every requirement met with the coordinator's judgments laid on.
    """
    from .tasks import send_decision

    app = _lock(application)
    _require(app, "decide")
    Outcome = Decision.Outcome
    if outcome not in Outcome.values:
        raise ReviewError(_("Choose approve, deny or defer."), "outcome")
    reasons = (reasons or "").strip()
    if not (email_subject or "").strip():
        raise ReviewError(_("Write the subject of the email to the applicant."), "email_subject")
    if not (email_body or "").strip():
        raise ReviewError(_("Write the email to the applicant."), "email_body")
    if Fee.objects.filter(application=app, kind=Fee.Kind.PROCESSING, status=Fee.Status.DUE).exists():
        raise ReviewError(_("The processing fee is still due; record it as paid or waived first."), "fee")
    if outcome != Outcome.DEFERRED:
        _require_reviews(app, _("Approval") if outcome == Outcome.APPROVED else _("Denial"))
    if outcome == Outcome.APPROVED:
        result = evaluate_reviewed(app)
        if result["status"] != "eligible":
            open_items = [
                f"{item['label']}: {item['summary']}"
                for item in result["requirements"]
                if item["status"] in ("not_met", "needs_review")
            ]
            raise ReviewError(_("Not every requirement is met: ") + "; ".join(open_items), "outcome")
    elif not reasons:
        raise ReviewError(
            _("Give the reasons for the denial.")
            if outcome == Outcome.DENIED
            else _("Give the applicant guidance on what to change."),
            "reasons",
        )
    decision = Decision.objects.create(
        application=app,
        outcome=outcome,
        reasons=reasons,
        email_subject=" ".join(email_subject.split()),
        email_body=email_body,
        decided_by=by,
    )
    if outcome == Outcome.DEFERRED:
        # The decision email carries the guidance, so the change request is not emailed again.
        _change_requests(app, [("", reasons)], by=by, emailed=True)
        change_status(app, "defer", by=by, note=f"Deferred: {reasons}")
    else:
        action = "approve" if outcome == Outcome.APPROVED else "deny"
        note = "Approved" if outcome == Outcome.APPROVED else f"Denied: {reasons}"
        change_status(app, action, by=by, note=note, decided_at=decision.decided_at)
        _close_open_assignments(app, by=by)
    # Queued before the approval is announced so the decision email goes out ahead of the certificate's.
    outbox.enqueue(send_decision, decision_id=decision.pk)
    if outcome == Outcome.APPROVED:
        application_approved.send(sender=Decision, decision=decision)
    return decision


# --- fees and comments ------------------------------------------------------------------------


def fee_schedule_for(application):
    """The association's fee schedule for the application's category (None: there is none), kept
    until a fee schedule changes: the work page shows it on every visit."""
    association_id, code = application.category.edition.association_id, application.category.code
    return FEE_SCHEDULES.kept(
        f"{association_id}:{code}",
        lambda: FeeSchedule.objects.filter(association_id=association_id, category_code=code).first(),
    )


@transaction.atomic
def record_fee(application, kind, *, status, by, amount=None, note=""):
    """Record a fee as due, paid or waived; the amount defaults to the association's schedule."""
    app = _lock(application)
    _require(app, "record_fee")
    if kind not in Fee.Kind.values:
        raise ReviewError(_("Unknown fee %(kind)r.") % {"kind": kind}, "kind")
    if status not in Fee.Status.values:
        raise ReviewError(_("A fee is due, paid or waived."), "status")
    if amount is None:
        schedule = fee_schedule_for(app)
        if schedule is None:
            raise ReviewError(
                _("No fee schedule for %(code)s; give the amount.") % {"code": app.category.code}, "amount"
            )
        amount = schedule.amount_for(kind)
    fee, _created = Fee.objects.update_or_create(
        application=app,
        kind=kind,
        defaults={
            "amount": amount,
            "status": status,
            "note": note.strip(),
            "recorded_by": by,
            "at": timezone.now(),
        },
    )
    with _in_english():
        kind_label, status_label = fee.get_kind_display(), fee.get_status_display().lower()
    _note(app, by=by, note=f"{kind_label} {fee.amount}: {status_label}")
    return fee


@transaction.atomic
def add_comment(application, *, author, body, section=""):
    """A comment in the application's thread (or a section's); the others in the thread are emailed."""
    from .tasks import send_comment_notice

    app = _lock(application)
    _require(app, "comment")
    section = (section or "").strip()
    if section and section not in SECTIONS:
        raise ReviewError(_("Unknown section %(section)r.") % {"section": section}, "section")
    if not (body or "").strip():
        raise ReviewError(_("Write a comment."), "body")
    comment = Comment.objects.create(application=app, section=section, author=author, body=body.strip())
    outbox.enqueue(send_comment_notice, comment_id=comment.pk)
    return comment
