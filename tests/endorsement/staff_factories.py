"""Staff users for tests. Staff must have an authenticator app (endorsement.accounts),
so a staff fixture that should reach staff pages activates one."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from competencies.models import Association, Membership
from endorsement import roles


def give_totp(user):
    """Activate an authenticator app (TOTP) for the user; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


GROUP_ROLES = {
    roles.COORDINATORS: roles.COORDINATOR,
    roles.REVIEWERS: roles.REVIEWER,
    roles.ADVISORS: roles.ADVISOR,
}


def join(user, role, *associations):
    """Make `user` a member in `role` of the given associations (every one when none is given)."""
    targets = associations or Association.objects.all()
    for association in targets:
        Membership.objects.get_or_create(user=user, association=association, role=role)
    user.__dict__.pop("_endorsement_staff_facts", None)
    return user


def make_association_admin(association, legal_name="Ada Admin"):
    """A staff member who administers `association`, with an authenticator app."""
    from tests.applications.factories import make_user

    user = join(make_user(legal_name=legal_name), roles.ASSOCIATION_ADMIN, association)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    give_totp(user)
    return user


def join_for_groups(user, *associations):
    """Memberships matching each role group the user is in (every association when none given)."""
    for name in user.groups.values_list("name", flat=True):
        if name in GROUP_ROLES:
            join(user, GROUP_ROLES[name], *associations)
    return user
