"""Every change to a renewal period goes through these functions: logs, attestation, submit, decide."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competencies.rules.periods import clip, days
from endorsement import outbox

from ..models import Endorsement, EndorsementEvent, RenewalPeriod, RenewalRSC, RenewalTraining
from ..signals import endorsement_renewed

FROZEN = gettext_lazy("This renewal is submitted and can no longer be changed.")


class RenewalError(Exception):
    """A renewal step that is not allowed now; the message is for the person who tried it."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def current_period(endorsement):
    """The endorsement's latest renewal period (the one whose due date is furthest out)."""
    return endorsement.periods.order_by("-due_on", "-pk").first()


def hours_in_period(period, training, rsc):
    """The logged hours that count, as the engine counts them (`competencies.rules.renewal`):
    training dated within the period, and the share of each RS/C entry that falls within it;
    with how many entries lie wholly outside it."""
    starts, ends = period.starts_on, period.due_on
    counted = [entry for entry in training if starts <= entry.date <= ends]
    rsc_hours, rsc_outside = 0, 0
    for entry in rsc:
        overlap = clip(entry.start, entry.end, not_before=starts, not_after=ends)
        if overlap:
            rsc_hours += float(entry.hours) * days(*overlap) / days(entry.start, entry.end)
        else:
            rsc_outside += 1
    return {
        "training_hours": sum(entry.hours for entry in counted),
        "training_outside": len(training) - len(counted),
        "rsc_hours": round(rsc_hours, 2),
        "rsc_outside": rsc_outside,
    }


def membership_on_record(period):
    """(association, expires) to prefill the renewal's membership: the last renewal's, else the
    application's, else the profile's."""
    endorsement = period.endorsement
    earlier = (
        endorsement.periods.filter(membership_confirmed=True, due_on__lt=period.due_on)
        .order_by("-due_on")
        .first()
    )
    if earlier is not None:
        return earlier.membership_association, earlier.membership_expires
    application = endorsement.application
    if application is not None and application.membership_association:
        return application.membership_association, application.membership_expires
    profile = getattr(endorsement.holder, "profile", None)
    if profile is not None and profile.association:
        return profile.association.name, profile.membership_expires
    return "", None


def _period_words(period):
    return f"{date_format(period.starts_on)} to {date_format(period.due_on)}"


def _locked_editable(period):
    locked = RenewalPeriod.objects.select_for_update().get(pk=period.pk)
    if not locked.is_editable():
        raise RenewalError(FROZEN)
    return locked


def submission_blockers(period):
    """What stands between the endorsee and submitting. Hours short of the requirement do not
    block: the coordinator decides on a shortfall, and the page says so."""
    blockers = []
    if not period.membership_confirmed:
        blockers.append(_("Confirm your professional membership (association and expiry date)."))
    if not period.no_sanction_attested_at:
        blockers.append(_("Attest that no licensing sanction has been taken against you."))
    return blockers


@transaction.atomic
def save_entry(form, period, *, by):
    """Add or change one training or RS/C entry of an editable period (the form is valid)."""
    locked = _locked_editable(period)
    entry = form.save(commit=False)
    entry.period = locked
    entry.save()
    return entry


@transaction.atomic
def delete_entry(entry, *, by):
    _locked_editable(entry.period)
    entry.delete()


@transaction.atomic
def import_entries(period, kind, forms):
    """Add every entry of a previewed CSV file, or none (`forms` are bound and valid)."""
    locked = _locked_editable(period)
    model = {"training": RenewalTraining, "rsc": RenewalRSC}[kind]
    entries = []
    for form in forms:
        entry = form.save(commit=False)
        entry.period = locked
        entries.append(entry)
    model.objects.bulk_create(entries)
    return len(entries)


@transaction.atomic
def save_details(period, *, by, membership_association, membership_expires, provides_rsc):
    """Confirm the membership the renewal relies on, and whether the endorsee provides RS/C."""
    locked = _locked_editable(period)
    locked.membership_confirmed = True
    locked.membership_association = membership_association
    locked.membership_expires = membership_expires
    locked.provides_rsc = provides_rsc
    locked.save(
        update_fields=["membership_confirmed", "membership_association", "membership_expires", "provides_rsc"]
    )
    return locked


@transaction.atomic
def attest_no_sanction(period, *, by, signed_name):
    locked = _locked_editable(period)
    locked.no_sanction_signed_name = signed_name
    locked.no_sanction_attested_at = timezone.now()
    locked.save(update_fields=["no_sanction_signed_name", "no_sanction_attested_at"])
    return locked


@transaction.atomic
def submit_renewal(period, *, by):
    """Submit the period to the coordinators; a second click (or tab) changes nothing."""
    from ..tasks import notify_coordinators_of_renewal

    locked = RenewalPeriod.objects.select_for_update().select_related("endorsement").get(pk=period.pk)
    if locked.status in (RenewalPeriod.Status.SUBMITTED, RenewalPeriod.Status.APPROVED):
        return locked
    if not locked.is_editable():
        raise RenewalError(_("This renewal period has lapsed; contact your Endorsement coordinator."))
    if not locked.endorsement.is_current():
        raise RenewalError(
            _("The endorsement is %(status)s; contact your Endorsement coordinator.")
            % {"status": locked.endorsement.get_status_display().lower()}
        )
    blockers = submission_blockers(locked)
    if blockers:
        raise RenewalError(
            _("The renewal is not complete yet: %(blockers)s") % {"blockers": " ".join(blockers)}
        )
    locked.status = RenewalPeriod.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at"])
    status = locked.endorsement.status
    EndorsementEvent.objects.create(
        endorsement=locked.endorsement,
        at=locked.submitted_at,
        by=by,
        from_status=status,
        to_status=status,
        note=f"Renewal submitted for the period {_period_words(locked)}.",
    )
    outbox.enqueue(notify_coordinators_of_renewal, period_id=locked.pk)
    return locked


def _decided_message(period):
    who = period.decided_by.get_full_name() or period.decided_by.email if period.decided_by else _("someone")
    when = date_format(timezone.localtime(period.decided_at), "DATETIME_FORMAT") if period.decided_at else ""
    return _("%(who)s already decided this renewal (%(status)s, %(when)s); nothing was changed.") % {
        "who": who,
        "status": period.get_status_display().lower(),
        "when": when,
    }


@transaction.atomic
def approve_renewal(period, *, by, note=""):
    """Approve a submitted period: the endorsement runs to the next cycle end, a new period opens
    the day after the old due date, the status is active again, a new certificate is issued and
    the endorsee is emailed.

    Both rows are locked, period first, so two coordinators acting at once are serialised and the
    second gets a clear message instead of a second cycle."""
    from ..tasks import send_renewal_approved
    from .endorsements import change_status, issue_certificate, renewal_due_after

    locked = (
        RenewalPeriod.objects.select_for_update(of=("self",)).select_related("decided_by").get(pk=period.pk)
    )
    if locked.status == RenewalPeriod.Status.APPROVED:
        raise RenewalError(_decided_message(locked))
    if locked.status != RenewalPeriod.Status.SUBMITTED:
        raise RenewalError(
            _("Only a submitted renewal can be approved; this one is %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    endorsement = (
        Endorsement.objects.select_for_update().select_related("edition").get(pk=locked.endorsement_id)
    )
    if endorsement.status not in (*Endorsement.CURRENT, Endorsement.Status.LAPSED):
        raise RenewalError(
            _("The endorsement is %(status)s; it cannot be renewed.")
            % {"status": endorsement.get_status_display().lower()}
        )
    new_due = renewal_due_after(endorsement.edition, locked.due_on)
    now = timezone.now()
    locked.status = RenewalPeriod.Status.APPROVED
    locked.decided_at, locked.decided_by, locked.coordinator_note = now, by, note
    locked.save(update_fields=["status", "decided_at", "decided_by", "coordinator_note"])
    RenewalPeriod.objects.get_or_create(
        endorsement=endorsement,
        due_on=new_due,
        defaults={"starts_on": locked.due_on + datetime.timedelta(days=1)},
    )
    endorsement.renewal_due = new_due
    endorsement.save(update_fields=["renewal_due"])
    approved = f"Renewal approved for the period {_period_words(locked)}: valid until {date_format(new_due)}."
    if note:
        approved += f" {note}"
    before = endorsement.status
    endorsement = change_status(endorsement, Endorsement.Status.ACTIVE, by=by, note=approved)
    if before == Endorsement.Status.ACTIVE:  # no change of status, so change_status wrote nothing
        EndorsementEvent.objects.create(
            endorsement=endorsement, at=now, by=by, from_status=before, to_status=before, note=approved
        )
    issue_certificate(endorsement)
    outbox.enqueue(send_renewal_approved, period_id=locked.pk)
    endorsement_renewed.send(sender=Endorsement, endorsement=endorsement, period=locked, by=by)
    return locked


@transaction.atomic
def request_changes(period, *, by, note):
    """Send a submitted period back to the endorsee with the coordinator's note (emailed)."""
    from ..tasks import send_changes_requested

    note = (note or "").strip()
    if not note:
        raise RenewalError(_("Say what the endorsee should change; the note is emailed to them."), "note")
    locked = (
        RenewalPeriod.objects.select_for_update(of=("self",)).select_related("decided_by").get(pk=period.pk)
    )
    if locked.status == RenewalPeriod.Status.APPROVED:
        raise RenewalError(_decided_message(locked))
    if locked.status == RenewalPeriod.Status.CHANGES_REQUESTED:
        raise RenewalError(_("Changes were already requested for this renewal; nothing was changed."))
    if locked.status != RenewalPeriod.Status.SUBMITTED:
        raise RenewalError(_("Only a submitted renewal can be returned for changes."))
    locked.status = RenewalPeriod.Status.CHANGES_REQUESTED
    locked.decided_at, locked.decided_by, locked.coordinator_note = timezone.now(), by, note
    locked.save(update_fields=["status", "decided_at", "decided_by", "coordinator_note"])
    outbox.enqueue(send_changes_requested, period_id=locked.pk)
    return locked
