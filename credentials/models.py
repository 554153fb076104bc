"""Signed Open Badges 3.0 credentials for endorsements, the issuers' keys and status lists.

Rows here are written by `credentials.services` (and the tasks it queues); models never sign,
send mail or enqueue tasks.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from competencies.models import Association
from renewals.models import Endorsement

# Bitstring Status List: at least 131,072 entries (16 KB) so that one credential's index says
# little about which holder it is (W3C Bitstring Status List, "Privacy Considerations").
STATUS_LIST_SIZE = 131_072


class IssuerKey(models.Model):
    """One Ed25519 key of an association; the private half is stored encrypted, never served.

    Rotation retires the active key and creates the next: a retired key stays published so the
    credentials it signed keep verifying, and it verifies only proofs made while it was active.
    """

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="issuer_keys")
    key_id = models.CharField(max_length=40, help_text="The fragment of the verification method: key-1 …")
    public_key = models.BinaryField(max_length=32)
    private_key_encrypted = models.BinaryField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["association", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["association", "key_id"], name="one_key_id_per_association"),
            models.UniqueConstraint(
                fields=["association"],
                condition=models.Q(retired_at__isnull=True),
                name="one_active_key_per_association",
            ),
        ]

    def __str__(self):
        state = f"retired {self.retired_at:%Y-%m-%d}" if self.retired_at else "active"
        return f"{self.association.short_name} {self.key_id} ({state})"

    def is_active(self):
        return self.retired_at is None

    def was_active_at(self, moment):
        """True if a proof made at `moment` could be this key's (proofs carry whole seconds)."""
        started = self.created_at.replace(microsecond=0)
        return started <= moment and (self.retired_at is None or moment < self.retired_at)


class StatusList(models.Model):
    """One W3C Bitstring Status List (purpose: revocation) of an association.

    Bit `i` is 1 when the credential with `status_index` i is revoked (by a coordinator, or
    because the endorsement lapsed). The bits change in the same transaction as the
    endorsement's status; `version` counts the changes and names the signed copy served
    (kept in the cache, so serving the list never writes to the database).
    """

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="status_lists")
    number = models.PositiveIntegerField(help_text="1 for the association's first list, then 2 …")
    size = models.PositiveIntegerField(default=STATUS_LIST_SIZE)
    next_index = models.PositiveIntegerField(default=0)
    bits = models.BinaryField(editable=False)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["association", "number"]
        constraints = [
            models.UniqueConstraint(fields=["association", "number"], name="one_status_list_number"),
        ]

    def __str__(self):
        return f"{self.association.short_name} status list {self.number}"

    def is_full(self):
        return self.next_index >= self.size

    def bit(self, index):
        data = bytes(self.bits)
        return bool(data[index // 8] & (0x80 >> (index % 8)))


class Credential(models.Model):
    """One OpenBadgeCredential: an endorsement for one validity period, signed once."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("credential status", "Being signed")
        ACTIVE = "active", pgettext_lazy("credential status", "Active")
        REVOKED = "revoked", pgettext_lazy("credential status", "Revoked")
        LAPSED = "lapsed", pgettext_lazy("credential status", "Revoked: the endorsement lapsed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Endorsements are never deleted in use (the demo reset deletes its own); their credentials
    # go with them.
    endorsement = models.ForeignKey(Endorsement, on_delete=models.CASCADE, related_name="credentials")
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="credentials")
    status_index = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    key = models.ForeignKey(IssuerKey, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    document = models.JSONField(null=True, blank=True, editable=False, help_text="The signed credential.")
    identity_salt = models.CharField(max_length=40, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="one_credential_per_status_bit"
            ),
        ]

    def __str__(self):
        return f"{self.endorsement.number} credential to {self.valid_until:%Y-%m-%d} ({self.get_status_display()})"

    def is_signed(self):
        return self.document is not None and self.signed_at is not None


class CredentialEvent(models.Model):
    """One entry of a credential's history: issued, signed, revoked, with who and why."""

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.credential}: {self.action}"
