"""Moving an endorsement to another association on the install (the endorsee moved).

The endorsee asks; a coordinator of the receiving association accepts or declines. Accepting
changes the endorsement's association and nothing else: the number, the dates, the renewal
periods and the history stay, with the transfer written into that history.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from endorsement import outbox

from ..models import Endorsement, EndorsementEvent, Transfer


class TransferError(Exception):
    """A transfer that cannot be asked for or decided; the message says why, for people."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


@transaction.atomic
def request_transfer(endorsement, to_association, *, reason="", by):
    locked = Endorsement.objects.select_for_update().select_related("association").get(pk=endorsement.pk)
    if locked.holder_id != by.pk:
        raise TransferError(_("Only the endorsee can ask to transfer their endorsement."))
    if not locked.is_current():
        raise TransferError(_("Only a current endorsement can be transferred; renew it first."))
    if to_association.pk == locked.association_id:
        raise TransferError(
            _("Your endorsement is already with %(name)s; choose another association.")
            % {"name": to_association.name},
            "to_association",
        )
    if Transfer.objects.filter(endorsement=locked, status=Transfer.Status.PENDING).exists():
        raise TransferError(_("A transfer of this endorsement is already waiting for a decision."))
    transfer = Transfer.objects.create(
        endorsement=locked,
        from_association=locked.association,
        to_association=to_association,
        reason=reason.strip(),
        requested_by=by,
    )
    EndorsementEvent.objects.create(
        endorsement=locked, by=by, note=f"Transfer to {to_association.name} requested"
    )
    transfer_id = transfer.pk
    from ..tasks import notify_coordinators_of_transfer

    outbox.enqueue(notify_coordinators_of_transfer, transfer_id=transfer_id)
    return transfer


@transaction.atomic
def decide_transfer(transfer, *, accept, note="", by):
    """Accept (the endorsement moves, number and history kept) or decline, with a note."""
    locked = (
        Transfer.objects.select_for_update()
        .select_related("to_association", "from_association")
        .get(pk=transfer.pk)
    )
    if locked.status != Transfer.Status.PENDING:
        raise TransferError(_("This transfer was already decided."))
    if not note.strip() and not accept:
        raise TransferError(_("Say why the transfer is declined; the endorsee reads it."), "note")
    endorsement = Endorsement.objects.select_for_update().get(pk=locked.endorsement_id)
    locked.status = Transfer.Status.ACCEPTED if accept else Transfer.Status.DECLINED
    locked.decided_by, locked.decided_at, locked.decision_note = by, timezone.now(), note.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if accept:
        endorsement.association = locked.to_association
        endorsement.save(update_fields=["association"])
        text = (
            f"Transferred from {locked.from_association.name} to {locked.to_association.name}; "
            f"number {endorsement.number} kept"
        )
    else:
        text = f"Transfer to {locked.to_association.name} declined"
    if locked.decision_note:
        text += f": {locked.decision_note}"
    EndorsementEvent.objects.create(endorsement=endorsement, by=by, note=text)
    transfer_id = locked.pk
    from ..tasks import notify_endorsee_of_transfer

    outbox.enqueue(notify_endorsee_of_transfer, transfer_id=transfer_id)
    return locked
