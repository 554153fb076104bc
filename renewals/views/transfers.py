"""Transfers of an endorsement between associations: the endorsee's request page and the
receiving coordinators' list with its decisions. Thin: `renewals.services.transfers` does the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from endorsement import roles

from ..forms import TransferDecisionForm, TransferRequestForm
from ..models import Transfer
from ..permissions import can_decide_transfer, can_request_transfer
from ..services import transfers
from .endorsee import get_endorsement_for


@login_required
def request_transfer(request, pk):
    endorsement = get_endorsement_for(request.user, pk)
    if not can_request_transfer(request.user, endorsement):
        raise Http404("No such endorsement.")
    pending = Transfer.objects.filter(endorsement=endorsement, status=Transfer.Status.PENDING).first()
    form = TransferRequestForm(request.POST if request.method == "POST" else None, endorsement=endorsement)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = transfers.request_transfer(
                endorsement,
                form.cleaned_data["to_association"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except transfers.TransferError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                _("Your request is sent to %(association)s; we email you when they decide.")
                % {"association": transfer.to_association.name},
            )
            return redirect("renewals:detail", pk=endorsement.pk)
    status = 400 if request.method == "POST" else 200
    context = {"endorsement": endorsement, "form": form, "pending": pending}
    return render(request, "renewals/transfer_request.html", context, status=status)


@login_required
def queue(request):
    roles.require_coordinator(request.user)
    pending = (
        Transfer.objects.for_staff(request.user)
        .filter(status=Transfer.Status.PENDING)
        .select_related("endorsement__category", "from_association", "to_association")
    )
    return render(request, "renewals/transfer_queue.html", {"pending": pending})


@require_POST
@login_required
def decide(request, pk):
    roles.require_coordinator(request.user)
    transfer = (
        Transfer.objects.for_staff(request.user)
        .select_related("endorsement", "to_association")
        .filter(pk=pk)
        .first()
    )
    if transfer is None or not can_decide_transfer(request.user, transfer):
        raise Http404("No such transfer.")
    form = TransferDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("transfers:queue")
    try:
        decided = transfers.decide_transfer(
            transfer,
            accept=form.cleaned_data["decision"] == "accept",
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except transfers.TransferError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            (
                _("The transfer of %(number)s is accepted.")
                if decided.status == Transfer.Status.ACCEPTED
                else _("The transfer of %(number)s is declined.")
            )
            % {"number": decided.endorsement.number},
        )
    return redirect("transfers:queue")
