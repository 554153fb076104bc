"""The endorsee's renewal pages: the current period, its logs, CSV import, attestation, submit.

Only the holder edits, and only while the period is open or returned for changes;
coordinators may look. Everyone else gets a 404 that reveals nothing.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from applications import imports
from applications.checklist import decorate
from applications.forms.portfolio import ImportUploadForm
from endorsement import roles

from ..facts import evaluate_period
from ..forms import ENTRY_FORMS, DetailsForm, NoSanctionForm
from ..models import Endorsement
from ..services import renewal_periods as services

KIND_LABELS = {"training": gettext_lazy("Training"), "rsc": gettext_lazy("RS/C entry")}
# Whole sentences per log: the Spanish words do not follow the English order.
DONE_MESSAGES = {
    ("training", "added"): gettext_lazy("Training added."),
    ("training", "saved"): gettext_lazy("Training saved."),
    ("training", "deleted"): gettext_lazy("Training deleted."),
    ("rsc", "added"): gettext_lazy("RS/C entry added."),
    ("rsc", "saved"): gettext_lazy("RS/C entry saved."),
    ("rsc", "deleted"): gettext_lazy("RS/C entry deleted."),
}


def _endorsement_for(user, pk, *, edit):
    endorsement = (
        Endorsement.objects.select_related("category__edition", "association", "holder", "application")
        .filter(pk=pk)
        .first()
    )
    if endorsement is None:
        raise Http404("No such endorsement.")
    if endorsement.holder_id == user.pk:
        return endorsement
    if not edit and roles.coordinates(user, endorsement.association_id):
        return endorsement
    raise Http404("No such endorsement.")


def _period_for(endorsement):
    period = services.current_period(endorsement)
    if period is None:
        raise Http404("This endorsement has no renewal period.")
    period.endorsement = endorsement
    return period


def holder_view(view):
    """The holder's renewal actions: fetch and authorize, and turn a refused step into a message."""

    @functools.wraps(view)
    @login_required
    def wrapper(request, pk, *args, **kwargs):
        endorsement = _endorsement_for(request.user, pk, edit=True)
        period = _period_for(endorsement)
        try:
            return view(request, period, *args, **kwargs)
        except services.RenewalError as error:
            messages.error(request, str(error))
            return redirect("renewals:renewal", endorsement.pk)

    return wrapper


def renewal_context(request, period, *, details_form=None, sanction_form=None):
    endorsement = period.endorsement
    training, rsc = list(period.training.all()), list(period.rsc.all())
    result = evaluate_period(period, training=training, rsc=rsc)
    editable = endorsement.holder_id == request.user.pk and period.is_editable()
    if editable and details_form is None:
        initial = {"provides_rsc": period.provides_rsc}
        if not period.membership_confirmed:
            association, expires = services.membership_on_record(period)
            initial["membership_association"] = association
            initial["membership_expires"] = expires
        details_form = DetailsForm(instance=period, initial=initial)
    if editable and sanction_form is None:
        sanction_form = NoSanctionForm(holder_name=endorsement.holder_name)
    return {
        "endorsement": endorsement,
        "period": period,
        "result": result,
        "requirements": decorate(result["requirements"]),
        "training": training,
        "rsc": rsc,
        **services.hours_in_period(period, training, rsc),
        "editable": editable,
        "is_holder": endorsement.holder_id == request.user.pk,
        "details_form": details_form,
        "sanction_form": sanction_form,
        "blockers": services.submission_blockers(period),
    }


@login_required
def renewal(request, pk):
    endorsement = _endorsement_for(request.user, pk, edit=False)
    period = _period_for(endorsement)
    return render(request, "renewals/renewal/page.html", renewal_context(request, period))


def _renewal_url(period, anchor):
    return reverse("renewals:renewal", args=[period.endorsement_id]) + f"#{anchor}"


def _page_with_errors(request, period, problem, **forms):
    """The renewal page again, with `problem` said at the top and the bound forms kept."""
    messages.error(request, problem)
    return render(
        request, "renewals/renewal/page.html", renewal_context(request, period, **forms), status=400
    )


def _frozen(period):
    if not period.is_editable():
        raise services.RenewalError(services.FROZEN)


@require_POST
@holder_view
def details(request, period):
    _frozen(period)
    form = DetailsForm(request.POST, instance=period)
    if form.is_valid():
        services.save_details(
            period,
            by=request.user,
            membership_association=form.cleaned_data["membership_association"],
            membership_expires=form.cleaned_data["membership_expires"],
            provides_rsc=form.cleaned_data["provides_rsc"],
        )
        messages.success(request, _("Membership confirmed."))
        return redirect(_renewal_url(period, "details"))
    period.refresh_from_db()
    problem = _("Nothing was saved yet: please correct the membership fields below.")
    return _page_with_errors(request, period, problem, details_form=form)


@require_POST
@holder_view
def attest(request, period):
    _frozen(period)
    form = NoSanctionForm(request.POST, holder_name=period.endorsement.holder_name)
    if form.is_valid():
        services.attest_no_sanction(period, by=request.user, signed_name=form.cleaned_data["signed_name"])
        messages.success(request, _("Attestation signed."))
        return redirect(_renewal_url(period, "attestation"))
    problem = _("The attestation is not signed yet: please correct the fields below.")
    return _page_with_errors(request, period, problem, sanction_form=form)


@require_POST
@holder_view
def submit(request, period):
    services.submit_renewal(period, by=request.user)
    messages.success(
        request,
        _("Your renewal is submitted. The Endorsement coordinator reviews it; you will hear by email."),
    )
    return redirect("renewals:renewal", period.endorsement_id)


def _kind(kind):
    if kind not in ENTRY_FORMS:
        raise Http404("No such log.")
    return kind


def _entry(period, kind, entry_pk):
    entry = getattr(period, kind).filter(pk=entry_pk).first()
    if entry is None:
        raise Http404("No such entry.")
    return entry


def _entry_page(request, period, kind, entry=None):
    _frozen(period)
    form_class = ENTRY_FORMS[kind]
    form = form_class(request.POST or None, instance=entry, period=period)
    if request.method == "POST":
        if form.is_valid():
            services.save_entry(form, period, by=request.user)
            messages.success(request, DONE_MESSAGES[kind, "saved" if entry else "added"])
            return redirect(_renewal_url(period, kind))
        messages.error(request, _("Nothing was saved yet: please correct the fields marked below."))
    return render(
        request,
        "renewals/renewal/entry_form.html",
        {
            "endorsement": period.endorsement,
            "period": period,
            "form": form,
            "entry": entry,
            "kind_label": KIND_LABELS[kind],
            "back_url": _renewal_url(period, kind),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@holder_view
def entry_add(request, period, kind):
    return _entry_page(request, period, _kind(kind))


@holder_view
def entry_edit(request, period, kind, entry_pk):
    return _entry_page(request, period, _kind(kind), _entry(period, kind, entry_pk))


@holder_view
def entry_delete(request, period, kind, entry_pk):
    entry = _entry(period, _kind(kind), entry_pk)
    _frozen(period)
    if request.method == "POST":
        services.delete_entry(entry, by=request.user)
        messages.success(request, DONE_MESSAGES[kind, "deleted"])
        return redirect(_renewal_url(period, kind))
    return render(
        request,
        "renewals/renewal/entry_delete.html",
        {
            "endorsement": period.endorsement,
            "period": period,
            "entry": entry,
            "kind_label": KIND_LABELS[kind],
            "back_url": _renewal_url(period, kind),
        },
    )


# --- CSV import: the application's parser and preview, validated by the renewal forms --------------


@holder_view
def import_log(request, period, kind):
    kind = _kind(kind)
    _frozen(period)
    spec = imports.KINDS[kind]
    entry_form = functools.partial(ENTRY_FORMS[kind], period=period)
    context = {
        "endorsement": period.endorsement,
        "period": period,
        "spec": spec,
        "form": ImportUploadForm(),
        "back_url": _renewal_url(period, kind),
        "template_url": reverse("applications:import_template", args=[kind]),
    }
    if request.method == "POST" and request.POST.get("action") == "confirm":
        rows = imports.take_preview(request.session, period, kind, request.POST.get("digest", ""))
        forms = [imports.row_form(kind, row, form=entry_form) for row in rows or []]
        if rows is None or not all(form.is_valid() for form in forms):
            messages.error(request, _("That preview has expired or was replaced. Upload the file again."))
            return redirect("renewals:renewal_import", period.endorsement_id, kind)
        count = services.import_entries(period, kind, forms)
        imports.forget_preview(request.session, period, kind)
        messages.success(
            request,
            ngettext(
                "%(count)s entry added to your %(log)s log.",
                "%(count)s entries added to your %(log)s log.",
                count,
            )
            % {"count": count, "log": str(spec["title"]).lower()},
        )
        return redirect(_renewal_url(period, kind))
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            context.update(imports.preview(request.session, period, kind, form, form=entry_form))
    return render(request, "renewals/renewal/import.html", context)
