"""Every change of an application's state goes through these functions."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from competencies.models import Category, Edition
from competencies.rules import evaluate
from competencies.services import rules_for_category
from endorsement import outbox

from .. import transitions
from ..models import (
    Application,
    ApplicationEvent,
    Attestation,
    CertificateProgram,
    Coursework,
    Degree,
    Document,
    LeadershipActivity,
    Profile,
    ReferenceRequest,
    RSCEntry,
    SubmissionSnapshot,
    TrainingEntry,
    WorkPeriod,
)
from ..sections import SECTIONS

# Requirements settled after submission (the written exam is taken once the
# portfolio is accepted), so they never hold back a submission.
AFTER_SUBMISSION = frozenset({"exam"})
REQUIRED_RATINGS = 3


class ApplicationError(Exception):
    """A transition that is not allowed now; the message is for the applicant."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def evaluate_application(application, *, as_of=None):
    """The engine's result for the portfolio as it stands (rules of the pinned edition)."""
    rules = rules_for_category(application.category)
    facts = application.facts(as_of=as_of)
    result = evaluate(rules, facts)
    # Counted from the facts already fetched, so pages need no extra query for it.
    result["submitted_ratings"] = sum(1 for item in facts["references"] if item["status"] == "submitted")
    return result


def submission_blockers(application, result=None):
    """Plain sentences saying what stands between the applicant and submitting."""
    result = result or evaluate_application(application)
    blockers = [
        f"{item['label']}: {item['summary']}"
        for item in result["requirements"]
        if item["status"] == "not_met" and item["key"] not in AFTER_SUBMISSION
    ]
    submitted = result.get("submitted_ratings")
    if submitted is None:
        submitted = application.references.filter(
            replaced_by__isnull=True, status=application.references.model.Status.SUBMITTED
        ).count()
    if submitted < REQUIRED_RATINGS and not any(
        item.startswith("Professional reference") for item in blockers
    ):
        blockers.append(
            _("Reference ratings: %(have)s of %(need)s received.")
            % {"have": submitted, "need": REQUIRED_RATINGS}
        )
    return blockers


def _record(application, *, by, from_status, note=""):
    ApplicationEvent.objects.create(
        application=application, actor=by, from_status=from_status, to_status=application.status, note=note
    )


def _set_status(application, status, *, by, note="", **fields):
    previous = application.status
    now = timezone.now()
    application.status = status
    application.status_changed_at = now
    for name, value in fields.items():
        setattr(application, name, value)
    application.save(update_fields=["status", "status_changed_at", "updated_at", *fields])
    _record(application, by=by, from_status=previous, note=note)
    return application


def record_note(application, *, by, note):
    """Record in the application's history an action that keeps its status (vetting, fees...)."""
    _record(application, by=by, from_status=application.status, note=note)


def change_status(application, action, *, by, note="", **fields):
    """Move a locked application along `action` of `applications.transitions` and record it.

    The one way another app changes an application's status; an action the table does not
    allow from the current status is refused.
    """
    message = transitions.refusal(application, action)
    if message:
        raise ApplicationError(message)
    return _set_status(application, transitions.ACTIONS[action].target, by=by, note=note, **fields)


def published_category(code, *, association=None):
    """The category with this code in the association's newest published edition."""
    editions = Edition.objects.published()
    if association is not None:
        editions = editions.filter(association=association)
    return (
        Category.objects.select_related("edition")
        .filter(code=code, edition__in=editions)
        .order_by("-edition__effective_date")
        .first()
    )


@transaction.atomic
def start_application(user, category, *, by=None):
    """Open a draft application for `category`, pinning its (published) edition."""
    if category.edition.status != Edition.Status.PUBLISHED:
        raise ApplicationError(_("Applications can only be started under a published edition."), "category")
    existing = (
        Application.objects.open()
        .filter(
            applicant=user,
            category__code=category.code,
            category__edition__association=category.edition.association,
        )
        .first()
    )
    if existing:
        raise ApplicationError(
            _("You already have an open %(code)s application.") % {"code": category.code}, "category"
        )
    profile = Profile.objects.filter(user=user).select_related("association").first()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                applicant=user,
                category=category,
                membership_association=(profile.association.name if profile and profile.association else ""),
                membership_number=profile.membership_number if profile else "",
                membership_expires=profile.membership_expires if profile else None,
            )
    except IntegrityError:
        raise ApplicationError(
            _("You already have an open %(code)s application.") % {"code": category.code}, "category"
        ) from None
    _record(application, by=by or user, from_status="", note="Started")
    return application


@transaction.atomic
def submit_application(application, *, by):
    """Submit (or resubmit after changes were requested); a second click changes nothing."""
    from ..tasks import notify_coordinators_of_submission, send_submission_receipt

    app = Application.objects.select_for_update().select_related("category__edition").get(pk=application.pk)
    if app.status in (Application.Status.SUBMITTED, Application.Status.IN_REVIEW) and app.submitted_at:
        return app  # already submitted: a double click, or a second tab
    if not transitions.allows(app, "submit"):
        raise ApplicationError(transitions.refusal(app, "submit"))
    blockers = submission_blockers(app)
    if blockers:
        raise ApplicationError(_("The application is not complete yet: ") + " ".join(blockers))
    resubmission = app.status == Application.Status.CHANGES_REQUESTED
    change_status(
        app,
        "submit",
        by=by,
        note="Resubmitted" if resubmission else "Submitted",
        submitted_at=timezone.now(),
    )
    SubmissionSnapshot.objects.create(
        application=app, taken_at=app.submitted_at, data=portfolio_snapshot(app)
    )
    outbox.enqueue(send_submission_receipt, application_id=app.pk)
    outbox.enqueue(notify_coordinators_of_submission, application_id=app.pk)
    return app


@transaction.atomic
def withdraw_application(application, *, by, reason=""):
    app = Application.objects.select_for_update().get(pk=application.pk)
    if app.status == Application.Status.WITHDRAWN:
        return app
    if not transitions.allows(app, "withdraw"):
        raise ApplicationError(transitions.refusal(app, "withdraw"))
    return change_status(app, "withdraw", by=by, note=reason or "Withdrawn by the applicant")


@transaction.atomic
def sign_attestation(application, kind, *, signed_name, by, ip_address, text_version):
    app = Application.objects.select_for_update().get(pk=application.pk)
    if not app.is_editable():
        raise ApplicationError(_("This application is submitted and can no longer be changed."))
    attestation, _created = Attestation.objects.update_or_create(
        application=app,
        kind=kind,
        defaults={
            "signed_name": signed_name,
            "signed_at": timezone.now(),
            "ip_address": ip_address,
            "text_version": text_version,
        },
    )
    return attestation


# --- what changed between two submissions -------------------------------------------------------

# The model of each kind of entry a section holds (the sections and their kinds: applications.sections).
ENTRY_MODELS = {
    "degree": Degree,
    "coursework": Coursework,
    "certificate": CertificateProgram,
    "work": WorkPeriod,
    "training": TrainingEntry,
    "rsc": RSCEntry,
    "leadership": LeadershipActivity,
}
SNAPSHOT_SKIPPED = {"id", "application", "created_at"}
REFERENCE_FIELDS = ("name", "email", "role", "rater_endorsements", "status")


def _shown(instance, field):
    """A field's value as the coordinator reads it, so snapshots stay comparable as plain text."""
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    value = getattr(instance, field.attname)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _entry(instance, fields, documents):
    document = None
    values = {}
    for field in fields:
        if field.is_relation and field.related_model is Document:
            doc = documents.get(getattr(instance, field.attname))
            document = {"name": doc.original_name, "sha256": doc.sha256} if doc else None
        else:
            values[str(capfirst(field.verbose_name))] = _shown(instance, field)
    return {"label": str(instance), "fields": values, "document": document}


def portfolio_snapshot(application):
    """Every section of the portfolio as plain data: what `submission_changes` compares.

    Field names and choices are written in the site's language whatever the submitter's, so two
    submissions made in different languages differ only where the portfolio does."""
    with translation.override(settings.LANGUAGE_CODE):
        return _portfolio_snapshot(application)


def _portfolio_snapshot(application):
    documents = {doc.pk: doc for doc in Document.objects.filter(application=application)}
    sections = {}
    for name, section in SECTIONS.items():
        entries = {}
        for model in (ENTRY_MODELS[kind] for kind in section["kinds"]):
            fields = [f for f in model._meta.concrete_fields if f.name not in SNAPSHOT_SKIPPED]
            for instance in model.objects.filter(application=application).order_by("pk"):
                entries[f"{model._meta.model_name}:{instance.pk}"] = _entry(instance, fields, documents)
        sections[name] = entries
    fields = [ReferenceRequest._meta.get_field(name) for name in REFERENCE_FIELDS]
    sections["references"] = {
        f"reference:{ref.pk}": _entry(ref, fields, documents)
        for ref in application.references.filter(replaced_by__isnull=True).order_by("pk")
    }
    membership = [
        Application._meta.get_field(name)
        for name in ("membership_association", "membership_number", "membership_expires")
    ]
    sections["membership"] = {
        "membership": {**_entry(application, membership, documents), "label": "Membership"}
    }
    sections["attestations"] = {
        signed.kind: {
            "label": signed.get_kind_display(),
            "fields": {"Signed name": signed.signed_name, "Text version": signed.text_version},
            "document": None,
            "signed_at": signed.signed_at.isoformat(),
        }
        for signed in application.attestations.order_by("kind")
    }
    return {"version": 1, "sections": sections}


def diff_snapshots(before, after):
    """Per section, what the second snapshot adds, removes, edits (field by field), which
    documents it replaces and which signatures were given again; unchanged sections are left out."""
    changes = []
    for name, registered in SECTIONS.items():
        old = before["sections"].get(name, {})
        new = after["sections"].get(name, {})
        section = {"name": name, "title": registered["title"], "added": [], "removed": [], "edited": []}
        section["added"] = [new[key]["label"] for key in new if key not in old]
        section["removed"] = [old[key]["label"] for key in old if key not in new]
        for key in new:
            if key not in old:
                continue
            was, now = old[key], new[key]
            fields = [
                {"field": field, "before": was["fields"].get(field, ""), "after": value}
                for field, value in now["fields"].items()
                if was["fields"].get(field, "") != value
            ]
            document = None
            if was.get("document") != now.get("document"):
                document = {
                    "before": (was.get("document") or {}).get("name", ""),
                    "after": (now.get("document") or {}).get("name", ""),
                }
            resigned = was.get("signed_at") != now.get("signed_at")
            if fields or document or resigned:
                section["edited"].append(
                    {"label": now["label"], "fields": fields, "document": document, "resigned": resigned}
                )
        if section["added"] or section["removed"] or section["edited"]:
            changes.append(section)
    return changes


def submission_changes(application):
    """What changed between the last two submissions, or None when there is no earlier one."""
    snapshots = list(application.snapshots.order_by("-taken_at", "-pk").values_list("data", flat=True)[:2])
    if len(snapshots) < 2:
        return None
    return diff_snapshots(snapshots[1], snapshots[0])
