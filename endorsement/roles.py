"""The people who work in the system: Django groups say what a person may do, memberships of an
association (competencies.models.Membership) say where. A superuser acts everywhere."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.http import Http404

from competencies.models import Membership, staff_association_ids, staff_facts

COORDINATORS = "Endorsement coordinators"
REVIEWERS = "Application reviewers"
ADVISORS = "Endorsement advisors"
STAFF_GROUPS = (COORDINATORS, REVIEWERS, ADVISORS)

Role = Membership.Role
COORDINATOR, REVIEWER, ADVISOR, ASSOCIATION_ADMIN = Role.COORDINATOR, Role.REVIEWER, Role.ADVISOR, Role.ADMIN
# The group that lets a person do what a membership's role does (an association admin needs none).
GROUP_OF_ROLE = {COORDINATOR: COORDINATORS, REVIEWER: REVIEWERS, ADVISOR: ADVISORS}


def _group_names(user):
    if not user.is_authenticated:
        return frozenset()
    return staff_facts(user).groups


def is_coordinator(user):
    return user.is_authenticated and (user.is_superuser or COORDINATORS in _group_names(user))


def require_coordinator(user):
    """For the pages only coordinators have: a 404 for everyone else, who learn nothing of them."""
    if not is_coordinator(user):
        raise Http404("No such page.")


def is_reviewer(user):
    return REVIEWERS in _group_names(user)


def is_advisor(user):
    return ADVISORS in _group_names(user)


def is_admin(user):
    return user.is_authenticated and user.is_staff


_HAS_ROLE = {COORDINATOR: is_coordinator, REVIEWER: is_reviewer, ADVISOR: is_advisor}


def acts_in(user, role, association_id):
    """Whether `user` may act as `role` on objects of the association: their group allows the
    role (an association admin needs none) and they hold it there, or they are a superuser."""
    if not user.is_authenticated:
        return False
    has_role = _HAS_ROLE.get(role)
    if has_role is not None and not has_role(user):
        return False
    ids = staff_association_ids(user, role)
    return ids is None or association_id in ids


def coordinates(user, association_id):
    return acts_in(user, COORDINATOR, association_id)


def administers(user, association_id):
    return acts_in(user, ASSOCIATION_ADMIN, association_id)


def administered_ids(user):
    """The associations `user` administers (None: every one, a superuser)."""
    return staff_association_ids(user, ASSOCIATION_ADMIN)


def is_association_admin(user):
    ids = administered_ids(user)
    return ids is None or bool(ids)


def in_group(name):
    """The ids of the group's members, as a subquery of the group's rows: joining the users to
    them took PostgreSQL longer to plan than to run."""
    return get_user_model().groups.through.objects.filter(group__name=name).values("user_id")


def people(role, association_id):
    """Active people who act as `role` in the association (its group and a membership there)."""
    users = get_user_model().objects.filter(is_active=True)
    group = GROUP_OF_ROLE.get(role)
    if group is not None:
        users = users.filter(pk__in=in_group(group))
    members = Membership.objects.filter(association_id=association_id, role=role).values("user_id")
    return users.filter(pk__in=members)


def people_by_role(association_id, *wanted):
    """{role: [people]}: for each of `wanted`, what `people` gives, each with their profile, by
    email, all read in one query (the work page offers reviewers and advisors together)."""
    acting = Q()
    for role in wanted:
        group = GROUP_OF_ROLE.get(role)
        acting |= Q(role=role, user_id__in=in_group(group)) if group else Q(role=role)
    memberships = (
        Membership.objects.filter(acting, association_id=association_id, user__is_active=True)
        .select_related("user__profile")
        .order_by("user__email", "user_id")
    )
    found = {role: [] for role in wanted}
    for membership in memberships:
        found[membership.role].append(membership.user)
    return found


def ensure_groups():
    """Create the role groups; safe to call repeatedly."""
    for name in STAFF_GROUPS:
        Group.objects.get_or_create(name=name)


def reviewers_for(user):
    """The reviewers of the associations where `user` coordinates (every reviewer for a
    superuser), as a subquery of user ids."""
    reviewers = in_group(REVIEWERS)
    ids = staff_association_ids(user, COORDINATOR)
    if ids is not None:
        members = Membership.objects.filter(role=REVIEWER, association_id__in=sorted(ids))
        reviewers = reviewers.filter(user_id__in=members.values("user_id"))
    return reviewers
