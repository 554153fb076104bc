"""Every change to a credential: issue (allocate its status entry), sign, revoke.

`renewals` announces an endorsement's changes through `renewals.signals`; the receivers below
(connected in `CredentialsConfig.ready`) run inside renewals' transaction:

* granted, renewed, reinstated — a `Credential` row for the current validity is created with
  its status-list entry in the transaction; the signing runs in a task after commit, so a
  signing failure can never undo the grant, and the task retries until it is done.
* lapsed, revoked — the bit of every credential of the endorsement is set in the same
  transaction as the endorsement's status, so the list and `/verify/` never disagree.

Revocation in a Bitstring Status List is final: a reinstated endorsement gets a new credential.
"""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from endorsement import outbox
from renewals.models import Endorsement
from renewals.services.endorsements import current_validity
from renewals.standing import VALID, standing_on

from . import keys, proof, status
from .document import build_credential, start_of, timestamp, verification_method
from .models import Credential, CredentialEvent

LIVE = (Credential.Status.PENDING, Credential.Status.ACTIVE)


def validity(endorsement):
    """(validFrom, validUntil) of a credential for the endorsement's current period.

    The credential stays valid through the grace period, as the endorsement does on /verify/;
    a lapse revokes it at once through the status list.
    """
    valid_from, due = current_validity(endorsement)
    grace = datetime.timedelta(days=endorsement.edition.renewal_grace_days + 1)
    return start_of(valid_from), start_of(due + grace)


@transaction.atomic
def issue_credential(endorsement, *, by=None):
    """The live credential for the current validity, created once, signed by a task on commit."""
    from .tasks import sign_credential

    endorsement = Endorsement.objects.select_related("edition", "association").get(pk=endorsement.pk)
    valid_from, valid_until = validity(endorsement)
    existing = Credential.objects.filter(
        endorsement=endorsement, valid_from=valid_from, valid_until=valid_until, status__in=LIVE
    ).first()
    if existing is not None:
        return existing
    status_list, index = status.allocate(endorsement.association)
    credential = Credential.objects.create(
        endorsement=endorsement,
        valid_from=valid_from,
        valid_until=valid_until,
        status_list=status_list,
        status_index=index,
        identity_salt=secrets.token_hex(16),
    )
    CredentialEvent.objects.create(credential=credential, by=by, action="issued", note="Issued; being signed")
    outbox.enqueue(sign_credential, credential_id=credential.pk)
    return credential


@transaction.atomic
def sign(credential_id):
    """Sign a pending credential with the association's active key; a second run does nothing."""
    credential = (
        Credential.objects.select_for_update(of=("self",))
        .select_related("endorsement__holder", "endorsement__category__edition", "endorsement__association")
        .filter(pk=credential_id)
        .first()
    )
    if credential is None or credential.is_signed():
        return credential
    key = keys.active_key(credential.endorsement.association)
    now = timezone.now()
    credential.document = proof.sign(
        build_credential(credential),
        keys.private_key(key),
        verification_method=verification_method(key),
        created=timestamp(now),
    )
    credential.key, credential.signed_at = key, now
    fields = ["document", "key", "signed_at"]
    if credential.status == Credential.Status.PENDING:
        credential.status, credential.status_changed_at = Credential.Status.ACTIVE, now
        fields += ["status", "status_changed_at"]
    credential.save(update_fields=fields)
    CredentialEvent.objects.create(credential=credential, action="signed", note=f"Signed with {key.key_id}")
    return credential


def revoke_credentials(endorsement_ids, to_status, *, by=None, note=""):
    """Revoke every live credential of these endorsements and set their bits (in the caller's
    transaction)."""
    credentials = list(
        Credential.objects.select_for_update()
        .filter(endorsement_id__in=list(endorsement_ids), status__in=LIVE)
        .order_by("pk")
    )
    if not credentials:
        return 0
    status.set_bits([(c.status_list_id, c.status_index) for c in credentials])
    now = timezone.now()
    Credential.objects.filter(pk__in=[c.pk for c in credentials]).update(
        status=to_status, status_changed_at=now
    )
    CredentialEvent.objects.bulk_create(
        CredentialEvent(credential=c, at=now, by=by, action=to_status, note=note) for c in credentials
    )
    return len(credentials)


def current_credential(endorsement, now=None):
    """The live credential in force now; after an early renewal, the one not yet in force only
    once the old one has ended. None if the endorsement has no live credential."""
    now = now or timezone.now()
    live = list(
        Credential.objects.filter(endorsement=endorsement, status__in=LIVE).order_by("-valid_from", "-pk")
    )
    in_force = [c for c in live if c.valid_from <= now < c.valid_until]
    return (in_force or live or [None])[0]


# --- receivers of renewals.signals -----------------------------------------------------------


def on_granted(sender, endorsement, by=None, **kwargs):
    issue_credential(endorsement, by=by)


def on_renewed(sender, endorsement, by=None, **kwargs):
    issue_credential(endorsement, by=by)


def on_reinstated(sender, endorsement, by=None, reason="", **kwargs):
    if standing_on(endorsement) in VALID:
        issue_credential(endorsement, by=by)


def on_lapsed(sender, endorsement_ids, **kwargs):
    revoke_credentials(endorsement_ids, Credential.Status.LAPSED, note="The endorsement lapsed")


def on_revoked(sender, endorsement, by=None, reason="", **kwargs):
    revoke_credentials([endorsement.pk], Credential.Status.REVOKED, by=by, note=reason)
