"""Verifying an Open Badges 3.0 credential with no network: proof, issuer key, dates, status.

The issuer's keys and status lists are this system's own records, so a credential it issued is
checked entirely offline; a credential from anyone else is reported as from an unknown issuer.
The verdict is one of the plain outcomes below, with the facts it rests on.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pyld.jsonld import JsonLdError

from . import keys, proof
from .contexts import ContextNotBundled
from .document import issuer_did, status_list_url
from .models import Credential, IssuerKey, StatusList


@dataclass
class Verdict:
    outcome: str  # one of OUTCOMES
    sentence: str
    facts: list = field(default_factory=list)
    credential: Credential | None = None

    @property
    def is_valid(self):
        return self.outcome == VALID


VALID, EXPIRED, NOT_YET_VALID, REVOKED, SIGNATURE, UNKNOWN_ISSUER, UNREADABLE = (
    "valid",
    "expired",
    "not_yet_valid",
    "revoked",
    "signature_does_not_match",
    "unknown_issuer",
    "unreadable",
)
OUTCOMES = (VALID, EXPIRED, NOT_YET_VALID, REVOKED, SIGNATURE, UNKNOWN_ISSUER, UNREADABLE)


def parse(text):
    """The credential as a JSON object from pasted or uploaded text, or a Verdict explaining why not."""
    try:
        document = json.loads(text)
    except (ValueError, TypeError):
        return Verdict(UNREADABLE, _("This is not a credential: the text is not JSON."))
    if not isinstance(document, dict):
        return Verdict(UNREADABLE, _("This is not a credential: expected a JSON object."))
    return document


def _moment(value):
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def last_day(valid_until):
    """The last day a credential is valid: validUntil is the first moment it no longer is."""
    return (timezone.localtime(valid_until) - datetime.timedelta(seconds=1)).date()


def _issuer_id(document):
    issuer = document.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _find_key(document, verification_method):
    """The IssuerKey the proof names, if the issuer is one of our associations."""
    did, _, key_id = verification_method.partition("#")
    if did != _issuer_id(document):
        return None
    for key in IssuerKey.objects.select_related("association").filter(key_id=key_id):
        if issuer_did(key.association) == did:
            return key
    return None


def _status_bit(document):
    """True if the credential's status-list bit is set, None if it names no list of ours."""
    entry = document.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return None
    try:
        index = int(entry.get("statusListIndex"))
    except (TypeError, ValueError):
        return None
    url = entry.get("statusListCredential")
    for status_list in StatusList.objects.select_related("association"):
        if status_list_url(status_list) == url and 0 <= index < status_list.size:
            return status_list.bit(index)
    return None


def verify(document, *, now=None):
    """The verdict on a credential (a dict, or the text of one)."""
    if isinstance(document, (str, bytes)):
        document = parse(document)
        if isinstance(document, Verdict):
            return document
    now = now or timezone.now()
    try:
        credential_proof = proof.proof_of(document)
    except proof.ProofError as error:
        return Verdict(SIGNATURE, _("Signature does not match: %(reason)s") % {"reason": error})
    key = _find_key(document, credential_proof["verificationMethod"])
    if key is None:
        return Verdict(
            UNKNOWN_ISSUER,
            _(
                "Unknown issuer: this credential was not issued by an association of this system, "
                "or names a key it does not publish."
            ),
            [
                _("Issuer: %(issuer)s") % {"issuer": _issuer_id(document)},
                _("Key: %(key)s") % {"key": credential_proof["verificationMethod"]},
            ],
        )
    facts = [
        _("Issuer: %(issuer)s") % {"issuer": key.association.name},
        _("Signed with key %(key)s") % {"key": key.key_id},
    ]
    try:
        matches = proof.signature_matches(document, keys.public_key(key))
    except (JsonLdError, ContextNotBundled, KeyError, TypeError, ValueError):
        matches = False
    if not matches:
        return Verdict(
            SIGNATURE,
            _(
                "Signature does not match: the credential was changed after it was signed, or was not "
                "signed by %(association)s."
            )
            % {"association": key.association.name},
            facts,
        )
    created = _moment(credential_proof["created"])
    if created is None or not key.was_active_at(created):
        return Verdict(
            SIGNATURE,
            _("Signature does not match: key %(key)s was not in use when this proof says it was made.")
            % {"key": key.key_id},
            facts,
        )
    credential = (
        Credential.objects.filter(document__id=document.get("id")).select_related("endorsement").first()
    )
    bit = _status_bit(document)
    if bit:
        return Verdict(
            REVOKED,
            _("Revoked: %(association)s has revoked this credential; it is not valid.")
            % {"association": key.association.name},
            facts,
            credential,
        )
    valid_from, valid_until = _moment(document.get("validFrom")), _moment(document.get("validUntil"))
    if valid_from is None or now < valid_from:
        return Verdict(
            NOT_YET_VALID,
            _("Not yet valid: the credential's validity has not started."),
            facts,
            credential,
        )
    if valid_until is not None and now >= valid_until:
        return Verdict(
            EXPIRED,
            _("Expired: the credential was valid until %(date)s.")
            % {"date": date_format(last_day(valid_until))},
            facts,
            credential,
        )
    if bit is None:
        facts.append(_("No status list of this issuer is named: revocation could not be checked."))
    return Verdict(
        VALID,
        _("Valid: signed by %(association)s, within its dates, and not revoked.")
        % {"association": key.association.name},
        facts,
        credential,
    )
