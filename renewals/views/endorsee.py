"""The endorsee's pages: their endorsements, one endorsement, its certificate.

The holder sees and manages their own endorsements; coordinators and admins may look at any
(read only) and download its certificate; everyone else gets the normal 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.people import DIRECTORY_DOES_NOT_SHOW, DIRECTORY_SHOWS

from ..certificates import verification_url
from ..models import Endorsement
from ..panels import endorsement_panels
from ..permissions import can_change_standing, can_see_endorsement
from ..services import endorsements as services
from ..services import revocation


def get_endorsement_for(user, pk):
    endorsement = (
        Endorsement.objects.select_related("category", "edition", "association", "holder")
        .filter(pk=pk)
        .first()
    )
    if endorsement is None or not can_see_endorsement(user, endorsement):
        raise Http404("No such endorsement.")
    return endorsement


def endorsement_rows(user):
    """The person's endorsements, newest first, each with its current certificate."""
    endorsements = (
        Endorsement.objects.filter(holder=user)
        .select_related("category", "association", "edition")
        .prefetch_related("periods", "certificates")
        .order_by("-granted_on", "-pk")
    )
    rows = []
    for endorsement in endorsements:
        rows.append(
            {
                "endorsement": endorsement,
                "certificate": services.current_certificate(endorsement)
                if endorsement.is_current()
                else None,
                "status_text": services.status_sentence(endorsement),
            }
        )
    return rows


@login_required
def home(request):
    return render(request, "renewals/home.html", {"rows": endorsement_rows(request.user)})


@login_required
def detail(request, pk):
    endorsement = get_endorsement_for(request.user, pk)
    is_holder = endorsement.holder_id == request.user.pk
    context = {
        "endorsement": endorsement,
        "is_holder": is_holder,
        "status_text": services.status_sentence(endorsement),
        "certificate": services.current_certificate(endorsement) if endorsement.is_current() else None,
        "certificate_in_force": services.certificate_in_force(endorsement)
        if endorsement.is_current()
        else None,
        "verification_url": verification_url(endorsement),
        "events": endorsement.events.select_related("by").order_by("-at", "-pk"),
        # The promise is kept English in applications.people (marked there with gettext_noop).
        "directory_shows": _(DIRECTORY_SHOWS),
        "directory_does_not_show": _(DIRECTORY_DOES_NOT_SHOW),
        "can_change_listing": is_holder,
        "panels": endorsement_panels(request, endorsement),
        "can_revoke": can_change_standing(request.user, endorsement) and revocation.can_revoke(endorsement),
        "can_reinstate": can_change_standing(request.user, endorsement)
        and revocation.can_reinstate(endorsement),
    }
    return render(request, "renewals/detail.html", context)


@login_required
@require_POST
def directory_listing(request, pk):
    endorsement = get_endorsement_for(request.user, pk)
    if endorsement.holder_id != request.user.pk:
        raise Http404("No such endorsement.")
    listed = request.POST.get("listed") == "yes"
    endorsement = services.set_directory_listing(endorsement, listed, by=request.user)
    if listed and endorsement.is_current():
        messages.success(request, _("Your endorsement is listed in the public directory."))
    elif listed:
        messages.success(
            request, _("Your endorsement will be listed in the public directory while it is current.")
        )
    else:
        messages.success(request, _("Your endorsement is no longer listed in the public directory."))
    return redirect("renewals:detail", pk=endorsement.pk)


@login_required
def certificate(request, pk):
    endorsement = get_endorsement_for(request.user, pk)
    certificate = services.current_certificate(endorsement) if endorsement.is_current() else None
    if request.GET.get("in_force") and endorsement.is_current():
        certificate = services.certificate_in_force(endorsement)
        if certificate is None:
            raise Http404("No other certificate is in force today.")
    if certificate is None or not certificate.is_rendered():
        context = {
            "endorsement": endorsement,
            "status_text": services.status_sentence(endorsement),
            "certificate": certificate,
        }
        return render(request, "renewals/certificate_pending.html", context)
    try:
        handle = certificate.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The certificate file is missing.") from None
    filename = f"certificate-{endorsement.number}-{certificate.valid_until.isoformat()}.pdf"
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
