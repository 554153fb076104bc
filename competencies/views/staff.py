"""An association admin's page for their association's staff: who holds which role, adding
and removing roles, and the record of every change. Thin: `competencies.staff` does the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import staff
from ..forms import AddStaffForm
from ..models import Membership, StaffChange
from ..permissions import get_association_for, managed_associations

CHANGES_SHOWN = 50


@login_required
def index(request):
    """The associations the person manages; straight to the page when there is one."""
    associations = list(managed_associations(request.user))
    if not associations:
        raise Http404("You manage no association's staff.")
    if len(associations) == 1:
        return redirect("staff:association", slug=associations[0].slug)
    return render(request, "competencies/staff_index.html", {"associations": associations})


def _people(association):
    """One row per person: their roles here (each with its membership for removal)."""
    rows = {}
    memberships = (
        Membership.objects.filter(association=association)
        .select_related("user__profile")
        .order_by("user__email", "role")
    )
    for membership in memberships:
        user = membership.user
        row = rows.setdefault(user.pk, {"user": user, "memberships": []})
        row["memberships"].append(membership)
    for row in rows.values():
        profile = getattr(row["user"], "profile", None)
        row["name"] = (profile.display_name if profile else "") or row["user"].get_full_name()
    return list(rows.values())


def _page(request, association, form, status=200):
    changes = StaffChange.objects.filter(association=association).select_related("by")[:CHANGES_SHOWN]
    return render(
        request,
        "competencies/staff.html",
        {"association": association, "people": _people(association), "form": form, "changes": changes},
        status=status,
    )


@login_required
def association(request, slug):
    association = get_association_for(request.user, slug)
    return _page(request, association, AddStaffForm())


def _membership_words(membership, association):
    """What the staff messages say of a membership: who, in which role, of which association."""
    return {
        "email": membership.user.email,
        "role": membership.get_role_display().lower(),
        "association": association.short_name,
    }


@require_POST
@login_required
def add(request, slug):
    association = get_association_for(request.user, slug)
    form = AddStaffForm(request.POST)
    if form.is_valid():
        try:
            membership = staff.add_staff(
                association, email=form.cleaned_data["email"], role=form.cleaned_data["role"], by=request.user
            )
        except staff.StaffError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request,
                _("%(email)s is now %(role)s of %(association)s; they have been emailed.")
                % _membership_words(membership, association),
            )
            return redirect("staff:association", slug=association.slug)
    return _page(request, association, form, status=400)


@require_POST
@login_required
def remove(request, slug, pk):
    association = get_association_for(request.user, slug)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, association=association)
    try:
        staff.remove_staff(membership, by=request.user)
    except staff.StaffError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(email)s is no longer %(role)s of %(association)s.")
            % _membership_words(membership, association),
        )
    return redirect("staff:association", slug=association.slug)
