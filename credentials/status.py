"""Bitstring Status Lists (W3C): allocating an entry per credential and setting its bit.

Every change locks the list row and bumps its `version` in the caller's transaction, so a
revocation or a lapse and the bit that announces it commit together. The signed copy served
to verifiers is made on the first request for a version (`signed_status_list`).
"""

import base64
import gzip

from django.core.cache import cache
from django.utils import timezone

from competencies.models import Association

from . import keys, proof
from .contexts import VC_V2
from .document import issuer_did, status_list_url, timestamp, verification_method
from .models import STATUS_LIST_SIZE, StatusList

SIGNED_LIST_SECONDS = 24 * 3600


def empty_bits(size=STATUS_LIST_SIZE):
    return bytes(size // 8)


def allocate(association):
    """(status list, index) for a new credential; the association's row serialises allocation."""
    Association.objects.select_for_update().get(pk=association.pk)
    status_list = (
        StatusList.objects.select_for_update().filter(association=association).order_by("-number").first()
    )
    if status_list is None or status_list.is_full():
        number = status_list.number + 1 if status_list else 1
        status_list = StatusList.objects.create(association=association, number=number, bits=empty_bits())
    index = status_list.next_index
    status_list.next_index += 1
    status_list.save(update_fields=["next_index"])
    return status_list, index


def set_bits(entries):
    """Set the bits of [(status list id, index)]; one locked read and write per list."""
    by_list = {}
    for list_id, index in entries:
        by_list.setdefault(list_id, set()).add(index)
    now = timezone.now()
    for status_list in StatusList.objects.select_for_update().filter(pk__in=list(by_list)).order_by("pk"):
        bits = bytearray(bytes(status_list.bits))
        for index in by_list[status_list.pk]:
            bits[index // 8] |= 0x80 >> (index % 8)
        status_list.bits = bytes(bits)
        status_list.version += 1
        status_list.updated_at = now
        status_list.save(update_fields=["bits", "version", "updated_at"])


def encoded_list(bits):
    """GZIP-compressed, base64url (no padding), multibase-prefixed "u": the spec's encodedList."""
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def status_list_document(status_list, key):
    """The BitstringStatusListCredential for the list's current bits, signed by `key`."""
    url = status_list_url(status_list)
    document = {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(status_list.association),
        "validFrom": timestamp(status_list.updated_at),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(status_list.bits),
        },
    }
    return proof.sign(
        document,
        keys.private_key(key),
        verification_method=verification_method(key),
        created=timestamp(timezone.now()),
    )


def signed_status_list(status_list):
    """The signed list for the list's current version, signed once per version (cached)."""
    cache_key = f"credentials:status-list:{status_list.pk}:{status_list.version}"
    document = cache.get(cache_key)
    if document is None:
        document = status_list_document(status_list, keys.active_key(status_list.association))
        cache.set(cache_key, document, timeout=SIGNED_LIST_SECONDS)
    return document
