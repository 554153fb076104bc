"""The endorsement's life: grant, status changes and certificates.

Every change locks the endorsement row (or, for a grant, the application first and then the
association's number sequence), writes an `EndorsementEvent` (who, when, from, to, why) and
queues its tasks on commit. Renewal periods are worked by `renewals.services.renewal_periods`, which
calls `change_status` and `issue_certificate` from here.
"""

import calendar
import datetime
import hashlib
import re

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.models import Application
from applications.people import person_name
from competencies import content
from competencies.models import Association
from endorsement import outbox

from ..models import (
    LISTINGS,
    Certificate,
    Endorsement,
    EndorsementEvent,
    EndorsementNumberSequence,
    RenewalPeriod,
)
from ..signals import endorsement_granted
from ..standing import grace_ends_on, valid_on, with_standing

Status = Endorsement.Status


class EndorsementError(Exception):
    """An endorsement action that is not allowed now; the message is for the person acting."""


# --- renewal dates ---------------------------------------------------------------------------


def _on(year, month, day):
    """That month and day in that year; 29 February falls back to the 28th in common years."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def renewal_due_after(edition, day, *, first=False):
    """The end of the renewal cycle that follows `day` under the edition's rules.

    With `renewal_cycle_ends_on` set, cycles end on that month and day every
    `renewal_cycle_years` years counted from that date (in both directions); the cycle end
    strictly after `day` is returned. With `first` (the grant itself), a cycle ending fewer
    than `renewal_first_period_min_days` days after `day` is skipped for the next one, so a
    fresh endorsee is not asked for a cycle's hours within weeks. Without an anchor date the
    cycle ends on the anniversary of `day`, `renewal_cycle_years` later.
    """
    years = max(edition.renewal_cycle_years or 1, 1)
    anchor = edition.renewal_cycle_ends_on
    if anchor is None:
        return _on(day.year + years, day.month, day.day)
    # The first anchored year at or after day's year, then step whole cycles past `day`.
    offset = (day.year - anchor.year) % years
    year = day.year - offset
    end = _on(year, anchor.month, anchor.day)
    while end <= day:
        year += years
        end = _on(year, anchor.month, anchor.day)
    if first and (end - day).days < edition.renewal_first_period_min_days:
        end = _on(year + years, anchor.month, anchor.day)
    return end


# --- grant -----------------------------------------------------------------------------------


def holder_details(user):
    """Name, directory choice and region from the person's profile at the time of the grant.

    The certificate carries the legal name. The region is copied, not linked: the directory
    shows where the person practised when endorsed until an admin edits it, so a profile edit
    never silently moves a listing.
    """
    profile = getattr(user, "profile", None)
    name = person_name(user)
    listed = bool(profile and profile.directory_opt_in)
    region = profile.region if profile else ""
    return name, listed, region


def _next_number(association):
    # get_or_create may race with another first grant; the unique association column makes the
    # loser's insert fail and retry as a get, and the row lock below serialises the numbers.
    EndorsementNumberSequence.objects.get_or_create(association=association)
    sequence = EndorsementNumberSequence.objects.select_for_update().get(association=association)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{association.short_name}-{sequence.last_number:05d}"


# Verification codes are URL-safe base64; anything else (a NUL byte, a space) is simply not found.
CODE = re.compile(r"[A-Za-z0-9_-]{1,40}")


def endorsement_by_code(code):
    """The endorsement a verification code (the certificate's QR code) names, or None."""
    if not CODE.fullmatch(code or ""):
        return None
    # With its standing today (`standing`), read in the same query.
    return with_standing(
        Endorsement.objects.select_related("category", "edition", "association").filter(
            verification_code=code
        )
    ).first()


# "ORIMHA-00012", "orimha 12", "MI-AIMH-3": an association's prefix, then the sequence number.
NUMBER = re.compile(r"\s*([A-Za-z][A-Za-z0-9-]*?)[\s-]*0*(\d{1,9})\s*")


def _squeezed(prefix):
    return re.sub(r"[^A-Z0-9]", "", prefix.upper())


def endorsement_by_number(text):
    """The endorsement a number names, as a person types it (any case, with or without the
    leading zeros or the hyphen), or None; with its standing today, as `endorsement_by_code`."""
    match = NUMBER.fullmatch(text or "")
    if not match:
        return None
    prefix, sequence = _squeezed(match.group(1)), int(match.group(2))
    short_names = [
        name for name in Association.objects.values_list("short_name", flat=True) if _squeezed(name) == prefix
    ]
    # Every zero-padded spelling the number may have been issued with, so the unique index answers.
    candidates = {f"{name}-{sequence:0{width}d}" for name in short_names for width in range(1, 10)}
    return with_standing(
        Endorsement.objects.select_related("category", "edition", "association").filter(number__in=candidates)
    ).first()


@transaction.atomic
def grant_endorsement(application, *, by=None, granted_on=None):
    """Endorse the applicant of an approved application; calling it again returns the same one.

    A holder whose endorsement in the same category code and association has lapsed is
    reinstated under the same number rather than given a new one.
    """
    app = (
        Application.objects.select_for_update(of=("self",))
        .select_related("category__edition__association", "applicant__profile")
        .get(pk=application.pk if isinstance(application, Application) else application)
    )
    existing = Endorsement.objects.filter(application=app).first()
    if existing is not None:
        return existing
    if app.status != Application.Status.APPROVED:
        raise EndorsementError(_("Only an approved application leads to an endorsement."))
    granted_on = granted_on or timezone.localdate()
    category = app.category
    edition = category.edition
    association = edition.association
    due = renewal_due_after(edition, granted_on, first=True)
    name, listed, region = holder_details(app.applicant)
    lapsed = (
        Endorsement.objects.select_for_update()
        .filter(
            holder=app.applicant,
            association=association,
            category__code=category.code,
            status=Status.LAPSED,
        )
        .order_by("-status_changed_at", "-pk")
        .first()
    )
    now = timezone.now()
    if lapsed is not None:
        previous_application = lapsed.application_id
        lapsed.application = app
        lapsed.edition, lapsed.category = edition, category
        lapsed.holder_name, lapsed.listed_in_directory, lapsed.region = name, listed, region
        lapsed.granted_on, lapsed.renewal_due = granted_on, due
        lapsed.status, lapsed.status_changed_at = Status.ACTIVE, now
        lapsed.save()
        endorsement = lapsed
        note = f"Reinstated on application {app.pk}"
        if previous_application:
            note += f" (previously application {previous_application})"
        from_status = Status.LAPSED
    else:
        endorsement = Endorsement.objects.create(
            holder=app.applicant,
            application=app,
            association=association,
            edition=edition,
            category=category,
            number=_next_number(association),
            holder_name=name,
            granted_on=granted_on,
            renewal_due=due,
            status=Status.ACTIVE,
            status_changed_at=now,
            listed_in_directory=listed,
            region=region,
        )
        note = f"Granted on application {app.pk}"
        from_status = ""
    EndorsementEvent.objects.create(
        endorsement=endorsement, by=by, from_status=from_status, to_status=Status.ACTIVE, note=note
    )
    RenewalPeriod.objects.get_or_create(
        endorsement=endorsement, due_on=due, defaults={"starts_on": granted_on}
    )
    issue_certificate(endorsement)
    endorsement_granted.send(sender=Endorsement, endorsement=endorsement, by=by)
    return endorsement


def grant_on_approval(sender, *, decision, **kwargs):
    """Receiver of `reviews.signals.application_approved`: endorse within the approving transaction."""
    granted_on = timezone.localdate(decision.decided_at) if decision.decided_at else None
    grant_endorsement(decision.application, by=decision.decided_by, granted_on=granted_on)


# --- status ----------------------------------------------------------------------------------


@transaction.atomic
def change_status(endorsement, to_status, *, by=None, note=""):
    """Move an endorsement to another status and record who did it and why."""
    if to_status not in Status.values:
        raise EndorsementError(f"{to_status!r} is not an endorsement status.")
    locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if locked.status == to_status:
        return locked
    from_status = locked.status
    locked.status, locked.status_changed_at = to_status, timezone.now()
    locked.save(update_fields=["status", "status_changed_at"])
    EndorsementEvent.objects.create(
        endorsement=locked, by=by, from_status=from_status, to_status=to_status, note=note
    )
    return locked


def status_sentence(endorsement):
    """The endorsement's status in plain words, as the endorsee and the public read it."""
    since = timezone.localdate(endorsement.status_changed_at)
    due = endorsement.renewal_due
    if endorsement.status == Status.ACTIVE:
        return _("Active: valid until %(due)s.") % {"due": date_format(due)}
    if endorsement.status == Status.RENEWAL_DUE:
        return _(
            "Renewal due: the renewal was due on %(due)s; the endorsement stays valid "
            "until %(grace_end)s while the renewal is completed."
        ) % {"due": date_format(due), "grace_end": date_format(grace_ends_on(endorsement))}
    # Whole sentences, not a verb slotted into one: Spanish words them differently.
    sentences = {
        Status.LAPSED: _("This endorsement lapsed on %(since)s; it is not currently valid."),
        Status.REVOKED: _("This endorsement was revoked on %(since)s; it is not currently valid."),
        Status.RETIRED: _("This endorsement was retired on %(since)s; it is not currently valid."),
        Status.INACTIVE: _("This endorsement has been inactive since %(since)s; it is not currently valid."),
    }
    return sentences[endorsement.status] % {"since": date_format(since)}


@transaction.atomic
def set_directory_listing(endorsement, listed, *, by=None):
    """List or unlist the endorsement in the public directory (the holder's choice)."""
    locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if locked.listed_in_directory == listed:
        return locked
    locked.listed_in_directory = listed
    locked.save(update_fields=["listed_in_directory"])
    EndorsementEvent.objects.create(
        endorsement=locked,
        by=by,
        from_status=locked.status,
        to_status=locked.status,
        note="Listed in the directory" if listed else "Removed from the directory",
    )
    return locked


# --- certificates ----------------------------------------------------------------------------


def current_validity(endorsement):
    """(valid_from, valid_until) of the endorsement now: its current period, or the grant."""
    # Read through .all() so that a list that prefetched periods and certificates adds no query.
    periods = [p for p in endorsement.periods.all() if p.due_on == endorsement.renewal_due]
    period = max(periods, key=lambda p: p.pk, default=None)
    return (period.starts_on if period else endorsement.granted_on), endorsement.renewal_due


@transaction.atomic
def issue_certificate(endorsement):
    """The certificate for the current validity, created once, its PDF rendered by a task."""
    from ..tasks import render_certificate

    valid_from, valid_until = current_validity(endorsement)
    certificate, _ = Certificate.objects.get_or_create(
        endorsement=endorsement, valid_from=valid_from, valid_until=valid_until
    )
    if not certificate.is_rendered():
        outbox.enqueue(render_certificate, certificate_id=certificate.pk)
    return certificate


@transaction.atomic
def reissue_certificate(endorsement):
    """Render the current certificate again, e.g. after the printed name was corrected.

    The file keeps its name and is replaced; the endorsee is not emailed a second time.
    """
    from ..tasks import render_certificate

    certificate = issue_certificate(endorsement)
    if certificate.is_rendered():  # a pending one was just queued by issue_certificate
        Certificate.objects.filter(pk=certificate.pk).update(rendered_at=None, sha256="")
        outbox.enqueue(render_certificate, certificate_id=certificate.pk)
    return certificate


def current_certificate(endorsement):
    """The certificate of the current validity, if one has been issued."""
    validity = current_validity(endorsement)
    return next(
        (c for c in endorsement.certificates.all() if (c.valid_from, c.valid_until) == validity), None
    )


def certificate_in_force(endorsement, today=None):
    """The rendered certificate covering today when it is not the current one.

    After an early renewal the current certificate starts on the day after the old due date; until
    then the holder may still need the one in force.
    """
    today = today or timezone.localdate()
    current = current_certificate(endorsement)
    covering = [
        c
        for c in endorsement.certificates.all()
        if c.valid_from <= today <= c.valid_until and c.is_rendered() and c != current
    ]
    return max(covering, key=lambda c: c.valid_from, default=None)


# --- reviewer suggestions ---------------------------------------------------------------------


def endorsement_codes(user_ids):
    """{user id: [category codes]} of the current endorsements those people hold.

    None while the system holds no endorsement at all: an association that has just started
    recording them cannot yet tell an unendorsed reviewer from one endorsed on paper.
    """
    # Asked again only after an endorsement is written (renewals.models.LISTINGS): the work page
    # asks it for the same reviewers on every visit.
    if not LISTINGS.kept("any-recorded", Endorsement.objects.exists):
        return None
    ids = sorted(set(user_ids))
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:32]
    return LISTINGS.kept(f"codes:{digest}", lambda: _current_codes(ids))


def _current_codes(user_ids):
    codes = {}
    rows = (
        Endorsement.objects.filter(holder_id__in=user_ids, status__in=Endorsement.CURRENT)
        .order_by("category__code")
        .values_list("holder_id", "category__code")
    )
    for holder_id, code in rows:
        codes.setdefault(holder_id, []).append(code)
    return codes


def directory_choices():
    """(category codes, regions, associations) that the directory lists now: three DISTINCT
    queries, kept until an endorsement or the guidelines change, or the day does."""

    def compute():
        listed = valid_on(Endorsement.objects.filter(listed_in_directory=True)).order_by()
        codes = sorted(listed.values_list("category__code", flat=True).distinct())
        regions = sorted(
            listed.exclude(region="").values_list("region", flat=True).distinct(), key=str.casefold
        )
        associations = list(
            Association.objects.filter(pk__in=listed.values("association"))
            .order_by("name")
            .values_list("slug", "name")
        )
        return (codes, regions, associations)

    return LISTINGS.kept(
        f"directory-choices:{timezone.localdate().isoformat()}:{content.generation()}", compute
    )
