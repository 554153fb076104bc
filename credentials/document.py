"""The OpenBadgeCredential of an endorsement, and the identifiers verifiers dereference.

The issuer is the association as a `did:web` identifier whose document this site serves
(`/issuers/<slug>/did.json`); the achievement is the category under its edition, with the
guidelines' requirement text as criteria and the competency domains as alignments; the subject
is the holder: the name in clear (it is printed on the certificate) and the email only as a
salted SHA-256 hash, as Open Badges 3.0 allows for identities.
"""

import datetime
import hashlib
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from competencies.guidelines import requirements

from .contexts import OB_SCHEMA, OB_V3, VC_V2


def site_host():
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]


def issuer_did(association):
    # did:web encodes a port's colon as %3A; path segments follow, colon-separated.
    return f"did:web:{quote(site_host(), safe='')}:issuers:{association.slug}"


def verification_method(key):
    return f"{issuer_did(key.association)}#{key.key_id}"


def absolute(path):
    return settings.SITE_URL + path


def credential_url(credential):
    return absolute(reverse("credentials:public", args=[credential.uuid]))


def status_list_url(status_list):
    return absolute(
        reverse("credentials:status_list", args=[status_list.association.slug, status_list.number])
    )


def timestamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def start_of(day):
    """Midnight at the start of `day` in the association's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def identity_hash(email, salt):
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def criteria_narrative(category):
    """The category's application requirements in the guidelines' words, one line each."""
    application, _renewal = requirements(category)
    return "\n".join(f"{item.label}: {' '.join(item.sentences)}" for item in application)


def alignments(category):
    page = absolute(category.get_absolute_url())
    return [
        {
            "type": ["Alignment"],
            "targetName": domain.title,
            "targetUrl": f"{page}#domain-{domain.order}",
            "targetDescription": f"Competency domain {domain.order} of the {category.code} competencies.",
            "targetType": "ext:CompetencyDomain",
        }
        for domain in category.competency_holder.domains.order_by("order")
    ]


def issuer_profile(association):
    profile = {
        "id": issuer_did(association),
        "type": ["Profile"],
        "name": association.name,
        "url": association.website or settings.SITE_URL,
    }
    return profile


def build_credential(credential):
    """The unsigned OpenBadgeCredential for a `Credential` row."""
    endorsement = credential.endorsement
    category, edition, association = endorsement.category, endorsement.edition, endorsement.association
    email = endorsement.holder.email or ""
    identifiers = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": endorsement.holder_name,
        }
    ]
    if email:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": identity_hash(email, credential.identity_salt),
                "salt": credential.identity_salt,
            }
        )
    status_url = status_list_url(credential.status_list)
    return {
        "@context": [VC_V2, OB_V3],
        "id": credential_url(credential),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{category.name} ({category.code}) endorsement {endorsement.number}",
        "description": (
            f"{endorsement.holder_name} holds the {category.name} ({category.code}) endorsement "
            f"number {endorsement.number} of {association.name}, under {edition.title}."
        ),
        "issuer": issuer_profile(association),
        "validFrom": timestamp(credential.valid_from),
        "validUntil": timestamp(credential.valid_until),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": {
                "id": absolute(category.get_absolute_url()),
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": f"{category.name} ({category.code})",
                "description": category.fits or f"{category.name}, {edition.title}.",
                "criteria": {
                    "id": absolute(category.get_absolute_url()),
                    "narrative": criteria_narrative(category),
                },
                "alignment": alignments(category),
                "humanCode": category.code,
                "creator": issuer_profile(association),
            },
        },
        "credentialStatus": {
            "id": f"{status_url}#{credential.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(credential.status_index),
            "statusListCredential": status_url,
        },
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
