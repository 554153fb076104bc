"""An association's staff, managed by its own admins: invite by email, give a role, remove one.

Every change writes a `StaffChange` row (who, when, what, to whom). A role's group
(`endorsement.roles.GROUP_OF_ROLE`) follows the memberships: a person is in the coordinators'
group while they coordinate somewhere, and loses it with their last coordinator membership.
An association admin may sign in to the admin site (is_staff) while they administer one.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from endorsement import roles

from .models import Membership, StaffChange


class StaffError(Exception):
    """A staff change that cannot be made; the message says why, for people."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def _forget_cached_roles(user):
    user.__dict__.pop("_endorsement_staff_facts", None)


def _sync_groups(user):
    """The role groups and admin-site access that follow from the person's memberships."""
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    for role, group_name in roles.GROUP_OF_ROLE.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        if role in held:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    is_staff = user.is_superuser or roles.ASSOCIATION_ADMIN in held
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    _forget_cached_roles(user)


def _invite_new_person(email):
    User = get_user_model()
    user = User.objects.create_user(username=email, email=email, password=None)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return user


@transaction.atomic
def add_staff(association, *, email, role, by):
    """Give the person with `email` the `role` in `association`, inviting them if they have no
    account yet; they are emailed either way. Returns the membership."""
    from endorsement.emails import send_templated_email
    from endorsement.languages import preferred_language

    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise StaffError(_("Choose one of the roles listed."), "role")
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    invited = user is None
    if invited:
        user = _invite_new_person(email)
        StaffChange.objects.create(
            association=association,
            by=by,
            action=StaffChange.Action.INVITED,
            person=user,
            email=email,
            role=role,
        )
    elif not user.is_active:
        raise StaffError(
            _("The account of %(email)s is closed; it cannot be given a role.") % {"email": email}, "email"
        )
    membership, created = Membership.objects.get_or_create(
        user=user, association=association, role=role, defaults={"added_by": by}
    )
    if not created:
        raise StaffError(
            _("%(email)s is already %(role)s of %(association)s.")
            % {
                "email": email,
                "role": membership.get_role_display().lower(),
                "association": association.short_name,
            },
            "email",
        )
    _sync_groups(user)
    StaffChange.objects.create(
        association=association,
        by=by,
        action=StaffChange.Action.ADDED,
        person=user,
        email=user.email,
        role=role,
    )
    url = settings.SITE_URL + reverse("account_reset_password" if invited else "account_login")
    context = {
        "association": association,
        "role": membership.get_role_display(),
        "url": url,
        "invited": invited,
    }
    language = preferred_language(user)
    transaction.on_commit(
        lambda: send_templated_email("staff_invitation", context, [user.email], language=language)
    )
    return membership


@transaction.atomic
def remove_staff(membership, *, by):
    """Take a role away; an admin cannot take away their own admin role (another admin can)."""
    membership = (
        Membership.objects.select_for_update().select_related("user", "association").get(pk=membership.pk)
    )
    if membership.user_id == by.pk and membership.role == roles.ASSOCIATION_ADMIN and not by.is_superuser:
        raise StaffError(_("You cannot remove your own admin role; ask another admin of the association."))
    membership.delete()
    _sync_groups(membership.user)
    StaffChange.objects.create(
        association=membership.association,
        by=by,
        action=StaffChange.Action.REMOVED,
        person=membership.user,
        email=membership.user.email,
        role=membership.role,
    )
