"""The coordinator's revoke and reinstate pages: a confirm page (GET), the action (POST).

Coordinators only (404 for everyone else); a coordinator never acts on their own endorsement.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ..forms import EndorsementReasonForm
from ..models import Endorsement
from ..permissions import can_change_standing
from ..services import revocation
from ..services.endorsements import EndorsementError

ACTIONS = {
    "revoke": {
        "allowed": revocation.can_revoke,
        "service": revocation.revoke_endorsement,
        "title": gettext_lazy("Revoke endorsement"),
        "button": gettext_lazy("Revoke the endorsement"),
        "done": gettext_lazy("Endorsement %(number)s is revoked; its credentials now verify as revoked."),
    },
    "reinstate": {
        "allowed": revocation.can_reinstate,
        "service": revocation.reinstate_endorsement,
        "title": gettext_lazy("Reinstate endorsement"),
        "button": gettext_lazy("Reinstate the endorsement"),
        "done": gettext_lazy("Endorsement %(number)s is reinstated; a new credential is being signed."),
    },
}


def _endorsement_for(user, pk):
    endorsement = (
        Endorsement.objects.select_related("category", "association", "edition").filter(pk=pk).first()
    )
    if endorsement is None or not can_change_standing(user, endorsement):
        raise Http404("No such endorsement.")
    return endorsement


@login_required
@require_http_methods(["GET", "POST"])
def change(request, pk, action):
    endorsement = _endorsement_for(request.user, pk)
    spec = ACTIONS[action]
    form = EndorsementReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            spec["service"](endorsement, by=request.user, reason=form.cleaned_data["reason"])
        except EndorsementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, spec["done"] % {"number": endorsement.number})
            return redirect("renewals:detail", pk=endorsement.pk)
    context = {
        "endorsement": endorsement,
        "form": form,
        "action": action,
        "spec": spec,
        "allowed": spec["allowed"](endorsement),
        "post_url": reverse(f"endorsement_standing:{action}", args=[endorsement.pk]),
    }
    return render(request, "renewals/endorsement_change.html", context)


def revoke(request, pk):
    return change(request, pk, "revoke")


def reinstate(request, pk):
    return change(request, pk, "reinstate")
