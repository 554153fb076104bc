"""The people who work in the system, as Django groups an admin grants."""

from django.contrib.auth.models import Group

COORDINATORS = "Endorsement coordinators"
REVIEWERS = "Application reviewers"
ADVISORS = "Endorsement advisors"
STAFF_GROUPS = (COORDINATORS, REVIEWERS, ADVISORS)


def _group_names(user):
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_endorsement_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._endorsement_group_names = cached
    return cached


def is_coordinator(user):
    return user.is_authenticated and (user.is_superuser or COORDINATORS in _group_names(user))


def is_reviewer(user):
    return REVIEWERS in _group_names(user)


def is_advisor(user):
    return ADVISORS in _group_names(user)


def is_admin(user):
    return user.is_authenticated and user.is_staff


def ensure_groups():
    """Create the role groups; safe to call repeatedly."""
    for name in STAFF_GROUPS:
        Group.objects.get_or_create(name=name)
