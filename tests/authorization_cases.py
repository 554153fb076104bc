"""The authorization matrix: for every named page and action, what each kind of person gets.

`tests/test_authorization_matrix.py` walks the URL resolver and fails when a URL in one of the
`COVERED_NAMESPACES` has no row here, so a new page cannot ship without someone deciding who
may open it. Each row names the URL, the fixture-world objects its arguments come from, and
the outcome per role for GET and (for actions) POST.

Outcomes: "ok" (200, or for a POST a redirect to a page other than the sign-in page),
"login" (redirect to the sign-in page), "forbidden" (403), "hidden" (404).
A row with `get=None` is a POST-only action: no role may get an "ok" from a GET.

The roles, relative to the application the row's URL points at:

* anonymous — not signed in;
* owner — the applicant whose application it is (they own every application in the world);
* other_applicant — signed in, owns nothing here;
* advisor_assigned / advisor_other — advisors, the first assigned to every application of
  the owner, the second to none;
* reviewer_assigned / reviewer_other — reviewers, the first assigned to the application in
  review (only that one), the second to none;
* coordinator — an endorsement coordinator with an authenticator app;
* admin — is_staff with an authenticator app and the association's admin, but not a coordinator;
* coordinator_elsewhere / reviewer_elsewhere / advisor_elsewhere — staff in the same role groups,
  but members of another association (mi-aimh) only; the two last even hold assignments here
  (as someone who moved to another association would). Every application, renewal and
  endorsement of the world belongs to ORIMHA, so on every URL that names one of them they get
  the 404 (`Case` derives it: wherever the role's counterpart here gets something an
  unrelated applicant does not); on pages naming nothing they get what their counterpart gets.

All the world's staff are members of ORIMHA, the association every object of the world belongs to.

Rating links (`ratings:`) are token-based and covered by tests/applications/test_ratings.py.
"""

import datetime
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.utils import timezone

from applications.models import Application, Rating, ReferenceRequest, WorkPeriod
from competencies.models import Association, Membership
from credentials import services as credential_services
from credentials.models import Credential
from endorsement import roles
from renewals.models import RenewalPeriod, RenewalTraining, Transfer
from renewals.services.endorsements import grant_endorsement
from renewals.services.renewal_periods import current_period
from reviews import services as review_services
from reviews.models import AdvisorAssignment, ChangeRequest, ExamResult, ExamSitting, ReviewerAssignment
from tests.applications.factories import make_application, make_complete_ifa, make_user
from tests.applications.rater_factories import invite
from tests.endorsement.staff_factories import give_totp, join, join_for_groups
from tests.reviews.factories import complete_imhs, in_review

OK, LOGIN, FORBIDDEN, HIDDEN = "ok", "login", "forbidden", "hidden"
ROLES = (
    "anonymous",
    "owner",
    "other_applicant",
    "advisor_assigned",
    "advisor_other",
    "reviewer_assigned",
    "reviewer_other",
    "coordinator",
    "admin",
    "coordinator_elsewhere",
    "reviewer_elsewhere",
    "advisor_elsewhere",
)
# Staff of the other association, and the role here whose outcomes theirs derive from.
ELSEWHERE = {
    "coordinator_elsewhere": "coordinator",
    "reviewer_elsewhere": "reviewer_assigned",
    "advisor_elsewhere": "advisor_assigned",
}
BASE_ROLES = tuple(role for role in ROLES if role not in ELSEWHERE)
COVERED_NAMESPACES = (
    "applications",
    "reviews",
    "reviewer",
    "advisor",
    "thread",
    "renewals",
    "renewal_queue",
    "verify",
    "directory",
    "credentials",
    "endorsement_standing",
    "staff",
    "transfers",
)


def expect(default, **outcomes):
    """Every role's outcome: `default` unless named, e.g. expect(HIDDEN, owner=OK, anonymous=LOGIN).

    The staff of the other association are filled in by `Case` unless named here."""
    unknown = set(outcomes) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles in the matrix: {sorted(unknown)}")
    table = {role: outcomes.get(role, default) for role in BASE_ROLES}
    table.update({role: outcomes[role] for role in ELSEWHERE if role in outcomes})
    return table


class _NoWorld:
    def __getattr__(self, name):
        raise AttributeError(name)


def _names_an_object(kwargs):
    try:
        return bool(kwargs(_NoWorld()))
    except AttributeError:
        return True


def _with_elsewhere(table, names_an_object):
    """Staff of another association: on a URL naming one of this association's objects, a 404
    wherever their counterpart here gets more than an unrelated applicant; else the same."""
    if table is None:
        return None
    table = dict(table)
    for role, counterpart in ELSEWHERE.items():
        if role in table:
            continue
        granted = table[counterpart] != table["other_applicant"]
        table[role] = HIDDEN if names_an_object and granted else table[counterpart]
    return table


# --- the world ---------------------------------------------------------------------------------


@dataclass
class World:
    users: dict  # role -> user (no entry for "anonymous")
    draft: Application  # complete IFA, still a draft; the advisor is assigned
    review: Application  # IMHS in review, internship to judge; advisor and reviewer assigned
    exam: Application  # IMHM-C waiting for the written exam
    submitted: Application  # IMHM-P submitted, review not started
    changes: Application  # IMHM-R/F returned to the applicant (changes requested)
    things: dict = field(default_factory=dict)  # named rows the URL arguments point at


def _staff(group, legal_name, association_slug="orimha"):
    user = make_user(legal_name=legal_name)
    if group:
        user.groups.add(Group.objects.get(name=group))
    join_for_groups(user, Association.objects.get(slug=association_slug))
    give_totp(user)
    return user


def _set_status(application, status):
    now = timezone.now()
    Application.objects.filter(pk=application.pk).update(
        status=status, submitted_at=now, status_changed_at=now
    )
    application.refresh_from_db()
    return application


@contextmanager
def signed_in_world(django_db_blocker):
    """The world for a module-scoped fixture: built inside a transaction rolled back at the end,
    with a client per role (signed in once: signing in is the slowest part of a request)."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world.clients = {"anonymous": Client()}
        for role, user in world.users.items():
            world.clients[role] = Client()
            world.clients[role].force_login(user)
        yield world
        transaction.set_rollback(True)


def build_world():
    roles.ensure_groups()
    owner = make_user(legal_name="Alex Applicant")
    users = {
        "owner": owner,
        "other_applicant": make_user(legal_name="Olive Other"),
        "advisor_assigned": _staff(roles.ADVISORS, "Ada Advisor"),
        "advisor_other": _staff(roles.ADVISORS, "Abe Advisor"),
        "reviewer_assigned": _staff(roles.REVIEWERS, "Robin Reviewer"),
        "reviewer_other": _staff(roles.REVIEWERS, "Rene Reviewer"),
        "coordinator": _staff(roles.COORDINATORS, "Casey Coordinator"),
        "admin": _staff(None, "Ari Admin"),
        "coordinator_elsewhere": _staff(roles.COORDINATORS, "Cleo Elsewhere", "mi-aimh"),
        "reviewer_elsewhere": _staff(roles.REVIEWERS, "Remy Elsewhere", "mi-aimh"),
        "advisor_elsewhere": _staff(roles.ADVISORS, "Avery Elsewhere", "mi-aimh"),
    }
    users["admin"].is_staff = True
    users["admin"].save(update_fields=["is_staff"])
    join(users["admin"], roles.ASSOCIATION_ADMIN, Association.objects.get(slug="orimha"))
    coordinator = users["coordinator"]

    draft = make_complete_ifa(owner)
    invited = invite(draft, name="Ivy Invited", email="ivy.invited@example.org", role="current_supervisor")
    declined = ReferenceRequest.objects.create(
        application=draft,
        name="Dan Declined",
        email="dan.declined@example.org",
        role="colleague",
        status=ReferenceRequest.Status.DECLINED,
        answered_at=timezone.now(),
    )

    review = complete_imhs(internship=True)
    Application.objects.filter(pk=review.pk).update(applicant=owner)
    review.refresh_from_db()
    review = in_review(review, coordinator)
    assignment = review_services.assign_reviewer(review, users["reviewer_assigned"], by=coordinator)
    # The two reviews the association requires before a decision, by reviewers outside the roles.
    for name in ("Una Reviewer", "Vic Reviewer"):
        done = review_services.assign_reviewer(review, _staff(roles.REVIEWERS, name), by=coordinator)
        review_services.submit_review(
            done, recommendation="approve", summary="Meets the guidelines.", items=[], by=done.reviewer
        )
    # What a coordinator settles before the exam: the internship and the rater who is not endorsed.
    internship = WorkPeriod.objects.get(application=review, internship=True)
    review_services.judge_item(
        review, "internship", internship.pk, accepted=True, note="Endorsed supervisor", by=coordinator
    )
    colleague = review.references.get(role="colleague")
    review_services.vet_rater(
        colleague, accepted=True, called_on=datetime.date.today(), note="Called", by=coordinator
    )
    rated = review.references.get(role="program_supervisor")
    Rating.objects.create(
        reference=rated, known_for="4 years", capacity=Rating.Capacity.SUPERVISOR, submitted_at=timezone.now()
    )

    exam = _set_status(make_application(owner, "IMHM-C"), Application.Status.EXAM_PENDING)
    # Both parts have a result (so it can return to review); the failed one may be retaken.
    exam_sitting = ExamSitting.objects.create(
        application=exam,
        sat_on=datetime.date.today() - datetime.timedelta(days=400),
        multiple_choice_score=Decimal("60"),
        pass_mark_percent=Decimal("80"),
        multiple_choice_result=ExamResult.FAILED,
        essay_track=ExamSitting.EssayTrack.CLINICAL,
        essay_score_1=ExamResult.PASSED,
        essay_score_2=ExamResult.PASSED,
        essay_result=ExamResult.PASSED,
        recorded_by=coordinator,
    )
    submitted = _set_status(make_application(owner, "IMHM-P"), Application.Status.SUBMITTED)
    changes = _set_status(make_application(owner, "IMHM-R/F"), Application.Status.CHANGES_REQUESTED)
    for application in (draft, review, exam, submitted, changes):
        review_services.assign_advisor(application, users["advisor_assigned"], by=coordinator)
        # Assigned before they moved to the other association (the services refuse it now).
        AdvisorAssignment.objects.create(application=application, advisor=users["advisor_elsewhere"])
    elsewhere_assignment = ReviewerAssignment.objects.create(
        application=review, reviewer=users["reviewer_elsewhere"]
    )
    # A request answered by a resubmission (the review's) and one still to answer (the returned).
    settled_change = ChangeRequest.objects.create(
        application=review, section="training", message="Add the March training.", created_by=coordinator
    )
    open_change = ChangeRequest.objects.create(
        application=changes, section="training", message="Add the March training.", created_by=coordinator
    )

    # The owner is endorsed twice: one renewal still open (complete but for the hours), one submitted.
    endorsement = grant_endorsement(
        _set_status(make_application(owner, "IFS"), Application.Status.APPROVED), by=coordinator
    )
    RenewalPeriod.objects.filter(endorsement=endorsement).update(
        membership_confirmed=True,
        membership_association="Infant Mental Health Association",
        no_sanction_attested_at=timezone.now(),
        no_sanction_signed_name=endorsement.holder_name,
    )
    renewal_training = RenewalTraining.objects.create(
        period=current_period(endorsement),
        title="Attachment across cultures",
        date=datetime.date.today() - datetime.timedelta(days=30),
        hours=Decimal("6"),
    )
    renewing = grant_endorsement(
        _set_status(make_application(owner, "IFS"), Application.Status.APPROVED), by=coordinator
    )
    RenewalPeriod.objects.filter(endorsement=renewing).update(
        status=RenewalPeriod.Status.SUBMITTED,
        submitted_at=timezone.now(),
        membership_confirmed=True,
        membership_association="Infant Mental Health Association",
        no_sanction_attested_at=timezone.now(),
        no_sanction_signed_name=renewing.holder_name,
    )

    # A Michigan endorsement of the owner, who moved to Oregon: its transfer waits for ORIMHA.
    moving = grant_endorsement(
        _set_status(make_application(owner, "IFS", "mi-aimh-2025"), Application.Status.APPROVED),
        by=coordinator,
    )
    transfer = Transfer.objects.create(
        endorsement=moving,
        from_association=moving.association,
        to_association=Association.objects.get(slug="orimha"),
        requested_by=owner,
    )

    # The endorsement's credential, signed (the signing task runs after commit, which never
    # comes in this world's transaction).
    credential = credential_services.sign(Credential.objects.get(endorsement=endorsement).pk)

    things = {
        "credential": credential,
        "transfer": transfer,
        "draft_training": draft.trainingentry_entries.order_by("pk").first(),
        "invited_reference": invited,
        "declined_reference": declined,
        "rated_reference": rated,  # waived: the owner may not read it
        "colleague_reference": colleague,  # not endorsed, vetted once already
        "internship": internship,
        "exam_sitting": exam_sitting,
        "review_document": review.documents.order_by("pk").first(),
        "assignment": assignment,
        "elsewhere_assignment": elsewhere_assignment,
        "settled_change": settled_change,
        "open_change": open_change,
        "reviewer_membership": Membership.objects.get(user=users["reviewer_other"], role=roles.REVIEWER),
        "endorsement": endorsement,
        "renewal_training": renewal_training,
        "submitted_period": current_period(renewing),
    }
    return World(
        users=users,
        draft=draft,
        review=review,
        exam=exam,
        submitted=submitted,
        changes=changes,
        things=things,
    )


# --- the rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    url: str  # "namespace:name"
    kwargs: Any  # world -> URL kwargs
    get: dict | None  # role -> outcome; None for a POST-only action
    post: dict | None = None  # role -> outcome; None when POST is not an action here
    data: Any = None  # world -> a valid POST body, so an "ok" POST really acts
    changes: bool = False  # an "ok" POST with `data` must change what is stored
    label: str = ""  # tells two rows of the same URL apart

    def __post_init__(self):
        names_an_object = _names_an_object(self.kwargs)
        object.__setattr__(self, "get", _with_elsewhere(self.get, names_an_object))
        object.__setattr__(self, "post", _with_elsewhere(self.post, names_an_object))

    @property
    def id(self):
        return f"{self.url}[{self.label}]" if self.label else self.url


TODAY = datetime.date.today().isoformat()

EVERYONE = expect(OK)
SIGNED_IN = expect(OK, anonymous=LOGIN)
# Anonymous visitors are sent to sign in and back (a link from an email); signed-in outsiders get the 404.
OWNER_ONLY = expect(HIDDEN, owner=OK, anonymous=LOGIN)
OWNER_ONLY_LOGIN = OWNER_ONLY
# Who sees the application in review: the people working on it.
VIEW_IN_REVIEW = expect(
    HIDDEN, anonymous=LOGIN, owner=OK, advisor_assigned=OK, reviewer_assigned=OK, coordinator=OK
)
# Who sees a draft: the reviewer is assigned to another application, not this one.
VIEW_DRAFT = expect(HIDDEN, anonymous=LOGIN, owner=OK, advisor_assigned=OK, coordinator=OK)
COORDINATOR_ONLY = expect(HIDDEN, coordinator=OK, anonymous=LOGIN)


def _app(name):
    return lambda w: {"pk": getattr(w, name).pk}


def _ref(app, thing):
    return lambda w: {"pk": getattr(w, app).pk, "ref_pk": w.things[thing].pk}


def _owner_action(url, kwargs, data, *, get=None):
    """A POST only the owner may make (anonymous visitors are sent to sign in) that must change
    what is stored; `get` says who may open the page, None for a POST-only action."""
    return Case(url, kwargs, get=get, post=OWNER_ONLY, data=data, changes=True)


def _coordinator_action(url, kwargs, data, *, get=None):
    """A POST only a coordinator may make that must change what is stored; `get` as above."""
    return Case(url, kwargs, get=get, post=COORDINATOR_ONLY, data=data, changes=True)


def _training_body(title="Attachment and early relationships"):
    return {
        "kind": "training",
        "training-title": title,
        "training-provider": "Infant Mental Health Association",
        "training-date": "2024-03-01",
        "training-hours": "3",
        "training-about_rsc": "False",
    }


def _yes_no_fields(prefix, *names, yes=()):
    return {f"{prefix}-{name}": str(name in yes) for name in names}


SECTION_BODIES = {
    "education": lambda w: {
        "kind": "coursework",
        "coursework-institution": "Lakeside Community College",
        "coursework-description": "Child development, 12 credits",
    },
    "work": lambda w: {
        "kind": "work",
        "work-title": "Home visitor",
        "work-employer": "Family Services",
        "work-start": "2021-02-01",
        "work-end": "2022-01-31",
        "work-families_served": "12",
        **_yes_no_fields(
            "work",
            "paid",
            "infant_related",
            "social_emotional_focus",
            "relationship_focus",
            "with_infant_and_parent",
            "supervised",
            "internship",
            "provides_rsc",
            "policy_leadership",
            "university_faculty",
            "volunteer_specialized_training",
            yes=("paid", "infant_related", "relationship_focus"),
        ),
    },
    "rsc": lambda w: {
        "kind": "rsc",
        "rsc-provider": "Pat Provider",
        "rsc-provider_endorsements": ["IMHM-C"],
        "rsc-format": "individual",
        "rsc-start": "2024-01-01",
        "rsc-end": "2024-01-31",
        "rsc-hours": "2",
        "rsc-about_rsc_provided": "False",
    },
}


def _rater_body(w):
    return {
        "name": "Nora New",
        "email": "nora.new@example.org",
        "role": "colleague",
        "waiver": "yes",
    }


APPLICATIONS = [
    Case("applications:home", lambda w: {}, get=SIGNED_IN),
    Case(
        "applications:start",
        lambda w: {},
        get=SIGNED_IN,
        post=SIGNED_IN,
        data=lambda w: {"category": _category_pk("IFS")},
        changes=True,
    ),
    Case(
        "applications:profile",
        lambda w: {},
        get=SIGNED_IN,
        post=SIGNED_IN,
        data=lambda w: {"legal_name": "Pat Person", "country": "USA"},
        changes=True,
    ),
    Case("applications:import_template", lambda w: {"kind": "training"}, get=EVERYONE),
    Case("applications:overview", _app("review"), get=VIEW_IN_REVIEW),
    Case("applications:overview", _app("draft"), get=VIEW_DRAFT, label="draft"),
    Case("applications:review", _app("review"), get=VIEW_IN_REVIEW),
    Case("applications:receipt", _app("review"), get=VIEW_IN_REVIEW),
    _owner_action("applications:submit", _app("draft"), lambda w: {}),
    _owner_action(
        "applications:withdraw",
        _app("review"),
        lambda w: {"reason": "Moving abroad"},
        get=OWNER_ONLY,
    ),
    Case(
        "applications:document",
        lambda w: {"pk": w.review.pk, "doc_pk": w.things["review_document"].pk},
        get=VIEW_IN_REVIEW,
    ),
    _owner_action(
        "applications:copy_entries",
        _app("draft"),
        lambda w: {"source": w.review.pk, "section": "training"},
    ),
    Case("applications:import_training", _app("draft"), get=OWNER_ONLY, post=OWNER_ONLY),
    Case("applications:import_rsc", _app("draft"), get=OWNER_ONLY, post=OWNER_ONLY),
    _owner_action(
        "applications:entry_edit",
        lambda w: {"pk": w.draft.pk, "kind": "training", "entry_pk": w.things["draft_training"].pk},
        lambda w: _training_body("Renamed training"),
        get=OWNER_ONLY,
    ),
    _owner_action(
        "applications:entry_delete",
        lambda w: {"pk": w.draft.pk, "kind": "training", "entry_pk": w.things["draft_training"].pk},
        lambda w: {},
        get=OWNER_ONLY,
    ),
    *[
        _owner_action(f"applications:{name}", _app("draft"), SECTION_BODIES[name], get=VIEW_DRAFT)
        for name in ("education", "work", "rsc")
    ],
    _owner_action(
        "applications:training",
        _app("draft"),
        lambda w: _training_body(),
        get=VIEW_DRAFT,
    ),
    # A submitted application is frozen: its owner gets the 403 page that says why.
    Case(
        "applications:training",
        _app("review"),
        get=VIEW_IN_REVIEW,
        post=expect(HIDDEN, owner=FORBIDDEN, anonymous=LOGIN),
        data=lambda w: _training_body(),
        label="frozen",
    ),
    _owner_action(
        "applications:leadership",
        _app("changes"),
        lambda w: {
            "kind": "leadership",
            "leadership-description": "Chaired the regional infant mental health network",
            "leadership-start": "2023-01-01",
        },
        get=VIEW_DRAFT,
    ),
    _owner_action(
        "applications:membership",
        _app("draft"),
        lambda w: {
            "membership_association": "Infant Mental Health Association",
            "membership_number": "M-77",
            "membership_expires": "2030-01-31",
        },
        get=VIEW_DRAFT,
    ),
    _owner_action(
        "applications:attestations",
        _app("draft"),
        lambda w: {
            "kind": "code_of_ethics",
            "code_of_ethics-kind": "code_of_ethics",
            "code_of_ethics-signed_name": "Alex Applicant",
        },
        get=VIEW_DRAFT,
    ),
    _owner_action(
        "applications:references",
        _app("draft"),
        _rater_body,
        get=expect(HIDDEN, anonymous=LOGIN, owner=OK, advisor_assigned=OK, coordinator=OK),
    ),
    # The rater waived the applicant's right to read: the people working on it read it, not the
    # applicant — and not the advisor, who talks with the applicant and is no party to the review.
    Case(
        "applications:rating_detail",
        _ref("review", "rated_reference"),
        get=expect(HIDDEN, anonymous=LOGIN, reviewer_assigned=OK, coordinator=OK),
    ),
    # The world's association does not let ratings carry over: the owner is told so, nothing changes.
    Case(
        "applications:reference_reuse",
        _app("draft"),
        get=None,
        post=OWNER_ONLY_LOGIN,
        data=lambda w: {"reference": w.things["rated_reference"].pk},
    ),
    _owner_action(
        "applications:reference_resend",
        _ref("draft", "invited_reference"),
        lambda w: {},
    ),
    _owner_action(
        "applications:reference_replace",
        _ref("draft", "declined_reference"),
        _rater_body,
        get=OWNER_ONLY_LOGIN,
    ),
    _owner_action(
        "applications:reference_remove",
        _ref("draft", "invited_reference"),
        lambda w: {},
    ),
]


def _category_pk(code, edition="orimha"):
    from competencies.models import Category

    return Category.objects.get(edition__slug=edition, code=code).pk


def _exam_sitting(w):
    return {"pk": w.exam.pk, "sitting_pk": w.things["exam_sitting"].pk}


REVIEWS = [
    Case("reviews:queue", lambda w: {}, get=COORDINATOR_ONLY),
    Case("reviews:queue_export", lambda w: {}, get=COORDINATOR_ONLY),
    Case(
        "reviews:queue_bulk",
        lambda w: {},
        get=None,
        # The ids are ORIMHA's: another association's coordinator gets the 404.
        post=expect(HIDDEN, coordinator=OK, anonymous=LOGIN, coordinator_elsewhere=HIDDEN),
        data=lambda w: {
            "action": "assign",
            "application": [w.review.pk],
            "reviewer": w.users["reviewer_other"].pk,
        },
        changes=True,
    ),
    Case("reviews:work", _app("review"), get=COORDINATOR_ONLY),
    _coordinator_action("reviews:work_start_review", _app("submitted"), lambda w: {}),
    _coordinator_action(
        "reviews:work_vet_rater",
        _ref("review", "colleague_reference"),
        lambda w: {"accepted": "yes", "called_on": TODAY, "note": "Knows the applicant's home visits"},
    ),
    _coordinator_action(
        "reviews:work_judge_item",
        lambda w: {"pk": w.review.pk, "kind": "internship", "item_id": w.things["internship"].pk},
        lambda w: {"accepted": "yes", "note": "Supervised by an endorsed mentor"},
    ),
    _coordinator_action(
        "reviews:work_assign_reviewer", _app("review"), lambda w: {"reviewer": w.users["reviewer_other"].pk}
    ),
    _coordinator_action(
        "reviews:work_settle_change",
        lambda w: {"pk": w.review.pk, "change_pk": w.things["settled_change"].pk},
        lambda w: {"resolved": "yes"},
    ),
    _coordinator_action(
        "reviews:work_request_changes",
        _app("review"),
        lambda w: {"section": "", "message": "Add the transcript."},
    ),
    _coordinator_action("reviews:work_send_to_exam", _app("review"), lambda w: {}),
    _coordinator_action(
        "reviews:work_record_exam", _app("exam"), lambda w: {"sat_on": TODAY, "multiple_choice_score": "85"}
    ),
    _coordinator_action("reviews:work_return_from_exam", _app("exam"), lambda w: {}),
    _coordinator_action(
        "reviews:work_correct_exam",
        _exam_sitting,
        lambda w: {"multiple_choice_score": "86", "reason": "68 was typed for 86."},
    ),
    _coordinator_action(
        "reviews:work_void_exam",
        _exam_sitting,
        lambda w: {"reason": "Recorded on the wrong application."},
    ),
    _coordinator_action(
        "reviews:work_record_fee",
        _app("review"),
        lambda w: {"kind": "registration", "status": "paid", "amount": "50"},
    ),
    _coordinator_action(
        "reviews:work_add_comment", _app("review"), lambda w: {"section": "", "body": "Please call me."}
    ),
    _coordinator_action(
        "reviews:decide",
        _app("review"),
        lambda w: {
            "outcome": "denied",
            "reasons": "The work experience is not infant-related.",
            "email_subject": "Your IMHS application",
            "email_body": "Dear Alex, ...",
        },
        get=COORDINATOR_ONLY,
    ),
]

REVIEWS += [
    Case("reviews:dashboard", lambda w: {}, get=expect(FORBIDDEN, anonymous=LOGIN, coordinator=OK)),
    _coordinator_action(
        "reviews:work_assign_advisor", _app("review"), lambda w: {"advisor": w.users["advisor_other"].pk}
    ),
]


def _review_body(w):
    from reviews.forms.reviewer import ReviewForm
    from reviews.views.reviewer import _review_points

    _result, _requirements, points, domains = _review_points(w.review)
    form = ReviewForm(requirements=points, domains=domains)
    body = {point.name: "met" for point in form.points}
    body.update(recommendation="approve", summary="Every requirement is documented.")
    return body


def _assignment(w):
    return {"pk": w.things["assignment"].pk}


# Reviewer pages: a 403 page for anyone without the reviewer role; a 404 for another
# reviewer's assignment.
REVIEWER_ONLY = expect(FORBIDDEN, anonymous=LOGIN, reviewer_assigned=OK, reviewer_other=HIDDEN)
REVIEWER = [
    Case(
        "reviewer:assignments",
        lambda w: {},
        get=expect(FORBIDDEN, anonymous=LOGIN, reviewer_assigned=OK, reviewer_other=OK),
    ),
    Case("reviewer:review", _assignment, get=REVIEWER_ONLY),
    # The assignment of a reviewer who has since moved to another association: theirs no longer.
    Case(
        "reviewer:review",
        lambda w: {"pk": w.things["elsewhere_assignment"].pk},
        get=expect(FORBIDDEN, anonymous=LOGIN, reviewer_assigned=HIDDEN, reviewer_other=HIDDEN),
        label="moved away",
    ),
    Case("reviewer:submit", _assignment, get=None, post=REVIEWER_ONLY, data=_review_body, changes=True),
    Case(
        "reviewer:recuse",
        _assignment,
        get=None,
        post=REVIEWER_ONLY,
        data=lambda w: {"note": "The applicant is my sister-in-law."},
        changes=True,
    ),
]

ADVISOR = [
    Case(
        "advisor:index",
        lambda w: {},
        get=expect(HIDDEN, anonymous=LOGIN, advisor_assigned=OK, advisor_other=OK),
    ),
    Case("advisor:application", _app("review"), get=expect(HIDDEN, anonymous=LOGIN, advisor_assigned=OK)),
]

# The conversation: the applicant, the advisors and the coordinators; reviewers are no party.
IN_THREAD = expect(HIDDEN, anonymous=LOGIN, owner=OK, advisor_assigned=OK, coordinator=OK)
THREAD = [
    Case("thread:index", _app("review"), get=IN_THREAD),
    Case(
        "thread:post",
        _app("review"),
        get=None,
        post=IN_THREAD,
        data=lambda w: {"section": "", "body": "When is the next step?"},
        changes=True,
    ),
    _owner_action(
        "thread:answer_change",
        lambda w: {"pk": w.changes.pk, "change_pk": w.things["open_change"].pk},
        lambda w: {"answer": "Added it."},
    ),
]


def _endorsement(w, **extra):
    return {"pk": w.things["endorsement"].pk, **extra}


def _renewal_training(w):
    return _endorsement(w, kind="training", entry_pk=w.things["renewal_training"].pk)


def _renewal_training_body(w):
    return {
        "title": "Reflective practice in home visiting",
        "provider": "Infant Mental Health Association",
        "date": datetime.date.today().isoformat(),  # within the renewal period, which starts at the grant
        "hours": "4",
        "about_rsc": "False",
    }


def _period(w):
    return {"pk": w.things["submitted_period"].pk}


# The holder's own endorsement; coordinators and admins may look at it (read only).
ENDORSEMENT_READERS = expect(HIDDEN, anonymous=LOGIN, owner=OK, coordinator=OK, admin=OK)
RENEWALS = [
    Case("renewals:home", lambda w: {}, get=SIGNED_IN),
    Case("renewals:detail", _endorsement, get=ENDORSEMENT_READERS),
    Case("renewals:certificate", _endorsement, get=ENDORSEMENT_READERS),
    _owner_action(
        "renewals:directory_listing",
        _endorsement,
        lambda w: {"listed": "yes"},
    ),
    Case(
        "renewals:renewal",
        _endorsement,
        get=expect(HIDDEN, anonymous=LOGIN, owner=OK, coordinator=OK),
    ),
    _owner_action(
        "renewals:renewal_details",
        _endorsement,
        lambda w: {
            "membership_association": "Regional Infant Mental Health Association",
            "membership_expires": (datetime.date.today() + datetime.timedelta(days=300)).isoformat(),
            "provides_rsc": "True",
        },
    ),
    _owner_action(
        "renewals:renewal_attest",
        _endorsement,
        lambda w: {"confirm": "on", "signed_name": w.things["endorsement"].holder_name},
    ),
    _owner_action(
        "renewals:renewal_submit",
        _endorsement,
        lambda w: {},
    ),
    _owner_action(
        "renewals:renewal_entry_add",
        lambda w: _endorsement(w, kind="training"),
        _renewal_training_body,
        get=OWNER_ONLY_LOGIN,
    ),
    Case(
        "renewals:renewal_import",
        lambda w: _endorsement(w, kind="training"),
        get=OWNER_ONLY_LOGIN,
        post=OWNER_ONLY_LOGIN,
    ),
    _owner_action(
        "renewals:renewal_entry_edit",
        _renewal_training,
        _renewal_training_body,
        get=OWNER_ONLY_LOGIN,
    ),
    _owner_action(
        "renewals:renewal_entry_delete",
        _renewal_training,
        lambda w: {},
        get=OWNER_ONLY_LOGIN,
    ),
    Case("renewal_queue:index", lambda w: {}, get=COORDINATOR_ONLY),
    Case("renewal_queue:detail", _period, get=COORDINATOR_ONLY),
    _coordinator_action(
        "renewal_queue:approve",
        _period,
        lambda w: {"approve-note": "Hours well documented."},
    ),
    _coordinator_action(
        "renewal_queue:request_changes",
        _period,
        lambda w: {"changes-note": "Add the certificate for the March training."},
    ),
]

# Public: a certificate's verification page and the directory of those who opted in.
PUBLIC = [
    Case("verify:detail", lambda w: {"code": w.things["endorsement"].verification_code}, get=EVERYONE),
    Case("directory:index", lambda w: {}, get=EVERYONE),
]


def _association(w):
    return {"slug": w.things["endorsement"].association.slug}


def _credential(w):
    return {"uuid": w.things["credential"].uuid}


# Credentials: what verifiers dereference is public; the download is the endorsement's readers'.
CREDENTIALS = [
    Case("credentials:did", _association, get=EVERYONE),
    Case("credentials:issuer", _association, get=EVERYONE),
    Case("credentials:status_list", lambda w: {**_association(w), "number": 1}, get=EVERYONE),
    Case("credentials:context", lambda w: {"name": "credentials-v2.jsonld"}, get=EVERYONE),
    Case("credentials:public", _credential, get=EVERYONE),
    Case("credentials:json", _credential, get=EVERYONE),
    Case("credentials:download", _endorsement, get=ENDORSEMENT_READERS),
    Case(
        "credentials:verify",
        lambda w: {},
        get=EVERYONE,
        post=EVERYONE,
        data=lambda w: {"text": json.dumps(w.things["credential"].document)},
    ),
]

# Revoking and reinstating: coordinators only, a confirm page (GET) and the action (POST).
ENDORSEMENT_STANDING = [
    _coordinator_action(
        "endorsement_standing:revoke",
        _endorsement,
        lambda w: {"reason": "The licensing board withdrew the licence."},
        get=COORDINATOR_ONLY,
    ),
    # The world's endorsement is active: the page explains that it cannot be reinstated.
    Case(
        "endorsement_standing:reinstate",
        _endorsement,
        get=COORDINATOR_ONLY,
        post=COORDINATOR_ONLY,
        data=lambda w: {"reason": "Revocation lifted."},
    ),
]

# An association admin's staff pages: theirs alone (ORIMHA's admin here); a 404 for anyone else.
ASSOCIATION_ADMIN_ONLY = expect(HIDDEN, anonymous=LOGIN, admin=OK)
STAFF = [
    Case(
        "staff:index",
        lambda w: {},
        get=expect(HIDDEN, anonymous=LOGIN, admin="redirect to /associations/orimha/staff/"),
    ),
    Case("staff:association", lambda w: {"slug": "orimha"}, get=ASSOCIATION_ADMIN_ONLY),
    Case(
        "staff:association",
        lambda w: {"slug": "mi-aimh"},
        get=expect(HIDDEN, anonymous=LOGIN),
        label="another association",
    ),
    Case(
        "staff:add",
        lambda w: {"slug": "orimha"},
        get=None,
        post=ASSOCIATION_ADMIN_ONLY,
        data=lambda w: {"email": "new.reviewer@example.org", "role": "reviewer"},
        changes=True,
    ),
    Case(
        "staff:remove",
        lambda w: {"slug": "orimha", "pk": w.things["reviewer_membership"].pk},
        get=None,
        post=ASSOCIATION_ADMIN_ONLY,
        changes=True,
    ),
]

# Transfers between associations: the endorsee asks; the receiving association's coordinators
# (ORIMHA's here) decide, never the sending association's.
TRANSFERS = [
    _owner_action(
        "transfers:request",
        lambda w: {"pk": w.things["endorsement"].pk},
        lambda w: {
            "to_association": Association.objects.get(slug="mi-aimh").pk,
            "reason": "I moved to Detroit.",
        },
        get=OWNER_ONLY_LOGIN,
    ),
    Case("transfers:queue", lambda w: {}, get=COORDINATOR_ONLY),
    _coordinator_action(
        "transfers:decide",
        lambda w: {"pk": w.things["transfer"].pk},
        lambda w: {"decision": "accept"},
    ),
]


CASES = [
    *APPLICATIONS,
    *REVIEWS,
    *REVIEWER,
    *ADVISOR,
    *THREAD,
    *RENEWALS,
    *PUBLIC,
    *CREDENTIALS,
    *ENDORSEMENT_STANDING,
    *STAFF,
    *TRANSFERS,
]
