"""Revocation and reinstatement by a coordinator: audited, with a reason, race-safe.

Both lock the endorsement, write an `EndorsementEvent` naming who and why, and send their
signal inside the transaction (`renewals.signals`), so the credential status list changes with
the endorsement's status or not at all.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Endorsement, EndorsementEvent
from ..signals import endorsement_reinstated, endorsement_revoked
from .endorsements import EndorsementError

Status = Endorsement.Status
REVOCABLE = (Status.ACTIVE, Status.RENEWAL_DUE, Status.LAPSED)


def can_revoke(endorsement):
    return endorsement.status in REVOCABLE


def can_reinstate(endorsement):
    return endorsement.status == Status.REVOKED


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise EndorsementError(_("Give the reason; it is recorded in the endorsement's history."))
    return reason


def _move(locked, to_status, *, by, note):
    from_status = locked.status
    locked.status, locked.status_changed_at = to_status, timezone.now()
    locked.save(update_fields=["status", "status_changed_at"])
    EndorsementEvent.objects.create(
        endorsement=locked, by=by, from_status=from_status, to_status=to_status, note=note
    )


@transaction.atomic
def revoke_endorsement(endorsement, *, by, reason):
    """Revoke the endorsement: it is no longer valid, and its credentials are revoked."""
    reason = _reason(reason)
    locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if locked.status == Status.REVOKED:
        raise EndorsementError(_("This endorsement is already revoked; nothing was changed."))
    if not can_revoke(locked):
        raise EndorsementError(
            _("A %(status)s endorsement cannot be revoked; nothing was changed.")
            % {"status": locked.get_status_display().lower()}
        )
    _move(locked, Status.REVOKED, by=by, note=f"Revoked: {reason}")
    endorsement_revoked.send(sender=Endorsement, endorsement=locked, by=by, reason=reason)
    return locked


@transaction.atomic
def reinstate_endorsement(endorsement, *, by, reason):
    """Undo a revocation: the endorsement runs to its due date again, with a new credential."""
    reason = _reason(reason)
    locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if not can_reinstate(locked):
        raise EndorsementError(_("Only a revoked endorsement can be reinstated; nothing was changed."))
    to_status = Status.ACTIVE if locked.renewal_due >= timezone.localdate() else Status.RENEWAL_DUE
    _move(locked, to_status, by=by, note=f"Reinstated: {reason}")
    endorsement_reinstated.send(sender=Endorsement, endorsement=locked, by=by, reason=reason)
    return locked
