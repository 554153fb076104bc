"""The applicant's references section: name raters, follow their answers, resend, replace, remove."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..forms.references import RaterForm
from ..models import ReferenceRequest
from ..panels import application_panels
from ..permissions import get_application_for
from ..services import references
from ..services.lifecycle import ApplicationError, evaluate_application


def _reference_requirement(application):
    result = evaluate_application(application)
    return next((item for item in result["requirements"] if item["key"] == "references"), None)


def _rows(user, application):
    rows = []
    for reference in application.references.select_related("replaced_by").order_by("invited_at", "pk"):
        rows.append(
            {
                "reference": reference,
                "role_name": references.role_name(reference.role),
                "can_read": references.can_read_rating(user, application, reference),
                "can_resend": reference.status not in ReferenceRequest.Status.ANSWERED
                and not reference.replaced_by_id,
                "can_replace": reference.status
                in (ReferenceRequest.Status.DECLINED, ReferenceRequest.Status.EXPIRED)
                and not reference.replaced_by_id,
                "can_remove": reference.status not in ReferenceRequest.Status.ANSWERED
                and not reference.replaced_by_id,
            }
        )
    return rows


def _page(request, application, form, *, status=200):
    return render(
        request,
        "applications/references.html",
        {
            "application": application,
            "rows": _rows(request.user, application),
            "requirement": _reference_requirement(application),
            "accepted_roles": [name for _role, name in references.role_choices(application.category)],
            "supervisor_only_roles": [
                references.role_name(role) for role in references.conditional_roles(application.category)
            ],
            "can_manage": references.can_manage(request.user, application),
            "is_owner": application.applicant_id == request.user.pk,
            "form": form,
            "reusable": references.reusable_ratings(application)
            if references.can_manage(request.user, application)
            else [],
            "panels": application_panels(request, application, "references"),
        },
        status=status,
    )


def _apply_error(form, error):
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


def _invite_from_form(request, application, form, invite, success_message):
    """Invite the rater a valid form names: back to the references page saying so, or None with
    the service's objection shown at its field. `success_message` is given the new request."""
    try:
        invited = invite(by=request.user, **form.service_kwargs())
    except ApplicationError as error:
        _apply_error(form, error)
        return None
    messages.success(request, success_message(invited))
    return redirect("applications:references", pk=application.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reference_list(request, pk):
    if request.method == "POST":
        application = get_application_for(request.user, pk, "edit")
        form = RaterForm(request.POST, category=application.category)
        if form.is_valid() and (
            invited := _invite_from_form(
                request,
                application,
                form,
                partial(references.invite_rater, application),
                lambda reference: _("%(name)s was invited by email to rate you.") % {"name": reference.name},
            )
        ):
            return invited
        return _page(request, application, form, status=400)
    application = get_application_for(request.user, pk, "view")
    form = (
        RaterForm(category=application.category) if references.can_manage(request.user, application) else None
    )
    return _page(request, application, form)


@login_required
@require_POST
def reference_reuse(request, pk):
    application = get_application_for(request.user, pk, "edit")
    reference = get_object_or_404(
        ReferenceRequest, pk=request.POST.get("reference") or 0, application__applicant=request.user
    )
    return _change_raters(
        request,
        application,
        lambda: references.reuse_rating(application, reference, by=request.user),
        lambda copy: (
            _("The rating %(name)s submitted on %(date)s now counts for this application too.")
            % {"name": copy.name, "date": date_format(timezone.localdate(copy.answered_at))}
        ),
    )


def _change_raters(request, application, change, success_message):
    """Make one change to the raters; say what it did, or why it could not be made; back to the page.

    `success_message` is given what `change` returned.
    """
    try:
        changed = change()
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success_message(changed))
    return redirect("applications:references", pk=application.pk)


def _owned_reference(request, pk, ref_pk):
    application = get_application_for(request.user, pk, "edit")
    reference = get_object_or_404(ReferenceRequest, pk=ref_pk, application=application)
    return application, reference


def _change_rater(request, pk, ref_pk, service, message):
    """Run `service` on one of the applicant's raters and report it with `message`, naming them."""
    application, reference = _owned_reference(request, pk, ref_pk)
    return _change_raters(
        request,
        application,
        lambda: service(reference, by=request.user),
        lambda changed: message % {"name": reference.name},
    )


@login_required
@require_POST
def reference_resend(request, pk, ref_pk):
    return _change_rater(
        request,
        pk,
        ref_pk,
        references.resend_invitation,
        _("A new link was emailed to %(name)s; the link in earlier emails no longer works."),
    )


@login_required
@require_POST
def reference_remove(request, pk, ref_pk):
    return _change_rater(
        request,
        pk,
        ref_pk,
        references.remove_invitation,
        _("The invitation of %(name)s was removed; their link no longer works."),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reference_replace(request, pk, ref_pk):
    application, reference = _owned_reference(request, pk, ref_pk)
    form = RaterForm(request.POST or None, category=application.category)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            invited := _invite_from_form(
                request,
                application,
                form,
                partial(references.replace_rater, reference),
                lambda new: (
                    _("%(new)s was invited by email to rate you in place of %(old)s.")
                    % {"new": new.name, "old": reference.name}
                ),
            )
        )
    ):
        return invited
    return render(
        request,
        "applications/references_replace.html",
        {"application": application, "reference": reference, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def rating_detail(request, pk, ref_pk):
    """A submitted rating: coordinators (and other viewers) always, the applicant only without the waiver."""
    application = get_application_for(request.user, pk, "view")
    reference = (
        ReferenceRequest.objects.filter(pk=ref_pk, application=application).select_related("rating").first()
    )
    if reference is None or not references.can_read_rating(request.user, application, reference):
        raise Http404("No such rating.")
    rating = reference.rating
    answers = {answer.area_id: answer for answer in rating.answers.all()}
    comments = {comment.domain_id: comment.text for comment in rating.comments.all()}
    sections = [
        {
            "domain": domain,
            "answers": [(area, answers.get(area.pk)) for area in domain.areas.all()],
            "comment": comments.get(domain.pk, ""),
        }
        for domain in references.rating_domains(application.category)
    ]
    unrated = sum(1 for answer in answers.values() if answer.score == 0)
    return render(
        request,
        "applications/references_rating.html",
        {
            "application": application,
            "applicant_name": references.applicant_name(application),
            "reference": reference,
            "role_name": references.role_name(reference.role),
            "rating": rating,
            "sections": sections,
            "unrated": unrated,
            "max_not_enough_information": references.max_not_enough_information(application.category),
        },
    )
