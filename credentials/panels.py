"""What credentials adds to renewals' pages: the credential panel and the certificate's QR URL."""

from django.template.loader import render_to_string

from .document import credential_url, start_of
from .models import Credential
from .permissions import can_download_credential
from .services import LIVE, current_credential


def endorsement_panel(request, endorsement):
    """The endorsement page's credential section: download, share link, or why there is none."""
    if not can_download_credential(request.user, endorsement):
        return ""
    credential = current_credential(endorsement)
    last = None if credential else endorsement.credentials.order_by("-created_at", "-pk").first()
    context = {
        "endorsement": endorsement,
        "credential": credential,
        "last": last,
        "share_url": credential_url(credential) if credential and credential.is_signed() else "",
        "is_holder": endorsement.holder_id == request.user.pk,
    }
    return render_to_string("credentials/_endorsement_panel.html", context, request=request)


def certificate_qr_url(certificate):
    """The public page of the credential issued for the certificate's period, if there is one."""
    credential = (
        Credential.objects.filter(
            endorsement_id=certificate.endorsement_id,
            valid_from=start_of(certificate.valid_from),
            status__in=LIVE,
        )
        .order_by("-pk")
        .first()
    )
    return credential_url(credential) if credential else ""
