"""Credentials on the web: the issuers' DID documents, status lists, bundled contexts, the
public page of a shared credential, the endorsee's download and the public verifier.

Nothing here serves a secret: DID documents carry public keys only.
"""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from competencies.models import Association
from endorsement import ratelimits
from renewals.models import Endorsement
from renewals.services import endorsements

from . import services, status, verification
from .contexts import served_file
from .document import credential_url, issuer_did, verification_method
from .forms import EndorsementNumberForm, VerifyCredentialForm
from .keys import public_key_multibase
from .models import Credential, IssuerKey, StatusList
from .permissions import can_download_credential

PUBLIC_CACHE = "public, max-age=300"


def _json(data, *, content_type="application/json", cache=PUBLIC_CACHE):
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type=content_type)
    response["Cache-Control"] = cache
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _association(slug):
    return get_object_or_404(Association, slug=slug)


@require_GET
def did_document(request, slug):
    """The association's did:web document: every key it has signed with, none of them secret."""
    association = _association(slug)
    did = issuer_did(association)
    methods = [
        {
            "id": verification_method(key),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": public_key_multibase(key),
        }
        for key in IssuerKey.objects.filter(association=association).order_by("created_at", "pk")
    ]
    document = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
    return _json(document, content_type="application/did+json")


@require_GET
def issuer(request, slug):
    """The association's keys as people read them: which key, in use from when to when."""
    association = _association(slug)
    context = {
        "association": association,
        "did": issuer_did(association),
        "keys": [
            {"key": key, "id": verification_method(key), "multibase": public_key_multibase(key)}
            for key in IssuerKey.objects.filter(association=association).order_by("created_at", "pk")
        ],
    }
    return render(request, "credentials/issuer.html", context)


@require_GET
def status_list(request, slug, number):
    """The signed Bitstring Status List; cacheable, with an ETag per version."""
    found = get_object_or_404(
        StatusList.objects.select_related("association"), association__slug=slug, number=number
    )
    etag = f'"{slug}-{number}-{found.version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = _json(status.signed_status_list(found), content_type="application/vc+ld+json")
    response["ETag"] = etag
    response["Cache-Control"] = PUBLIC_CACHE
    return response


@require_GET
def context_file(request, name):
    data = served_file(name)
    if data is None:
        raise Http404("No such context.")
    response = HttpResponse(data, content_type="application/ld+json")
    response["Cache-Control"] = "public, max-age=86400"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _signed(uuid):
    credential = (
        Credential.objects.select_related("endorsement__category", "endorsement__association", "key")
        .filter(uuid=uuid)
        .first()
    )
    if credential is None or not credential.is_signed():
        raise Http404("No such credential.")
    return credential


@require_GET
def public(request, uuid):
    """The shared link (and the certificate's QR code): what the credential says and whether
    it verifies now; a credential still being signed points to the endorsement's record."""
    credential = (
        Credential.objects.select_related("endorsement__category", "endorsement__association", "key")
        .filter(uuid=uuid)
        .first()
    )
    if credential is None:
        raise Http404("No such credential.")
    context = {
        "credential": credential,
        "endorsement": credential.endorsement,
        "verdict": verification.verify(credential.document) if credential.is_signed() else None,
        "url": credential_url(credential),
    }
    response = render(request, "credentials/public.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def credential_json(request, uuid):
    credential = _signed(uuid)
    response = _json(credential.document, content_type="application/vc+ld+json", cache="no-cache")
    response["Content-Disposition"] = (
        f'attachment; filename="credential-{credential.endorsement.number}.json"'
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def download(request, pk):
    """The endorsee's current credential as a JSON file."""
    endorsement = Endorsement.objects.filter(pk=pk).first()
    if endorsement is None or not can_download_credential(request.user, endorsement):
        raise Http404("No such endorsement.")
    credential = services.current_credential(endorsement)
    if credential is None or not credential.is_signed():
        raise Http404("No signed credential yet.")
    response = JsonResponse(credential.document, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Type"] = "application/vc+ld+json"
    response["Content-Disposition"] = f'attachment; filename="credential-{endorsement.number}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def verify(request):
    """Paste or upload a credential; the verdict in plain words. Or type a certificate's number
    (a GET form): its verification page, the one its QR code opens."""
    verdict, status_code = None, 200
    number_form = EndorsementNumberForm(request.GET if "number" in request.GET else None)
    if number_form.is_valid():
        typed = number_form.cleaned_data["number"].strip()
        by_code = endorsements.endorsement_by_code(typed)
        if by_code is not None:
            return redirect("verify:detail", code=typed)
        if not ratelimits.number_lookup_allowed(request):
            return ratelimits.too_many_requests(request, retry_after=60)
        by_number = endorsements.endorsement_by_number(typed)
        if by_number is not None:
            return redirect("verify:detail", code=by_number.number)
        number_form.add_error(
            "number",
            _("No endorsement has this number. Check it against the certificate, e.g. ORIMHA-00012."),
        )
    if number_form.errors:
        status_code = 404
    form = VerifyCredentialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        verdict = verification.verify(form.credential_text())
    context = {"form": form, "number_form": number_form, "verdict": verdict}
    response = render(request, "credentials/verify.html", context, status=status_code)
    response["X-Robots-Tag"] = "noindex"
    return response
