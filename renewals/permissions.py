"""Who may see an endorsement, change its standing, or ask for or decide its transfer, as
predicates scoped to the endorsement's association; views (and apps to the right) call these."""

from endorsement import roles


def can_request_transfer(user, endorsement):
    """The endorsee, while the endorsement is current."""
    return user.is_authenticated and endorsement.holder_id == user.pk


def can_decide_transfer(user, transfer):
    """A coordinator of the receiving association, unless the endorsement is their own."""
    return roles.coordinates(user, transfer.to_association_id) and transfer.endorsement.holder_id != user.pk


def can_see_endorsement(user, endorsement):
    """The endorsee, and the coordinators and admins of the endorsement's association."""
    return user.is_authenticated and (
        endorsement.holder_id == user.pk
        or roles.coordinates(user, endorsement.association_id)
        or roles.administers(user, endorsement.association_id)
    )


def can_change_standing(user, endorsement):
    """Revoke or reinstate: a coordinator of the endorsement's association, never their own."""
    return roles.coordinates(user, endorsement.association_id) and endorsement.holder_id != user.pk
