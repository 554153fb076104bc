"""Who may ask for or decide an endorsement's transfer, as predicates; views call these."""

from endorsement import roles


def can_request_transfer(user, endorsement):
    """The endorsee, while the endorsement is current."""
    return user.is_authenticated and endorsement.holder_id == user.pk


def can_decide_transfer(user, transfer):
    """A coordinator of the receiving association, unless the endorsement is their own."""
    return roles.coordinates(user, transfer.to_association_id) and transfer.endorsement.holder_id != user.pk
