"""Who may download an endorsement's credential: whoever may see the endorsement (its holder, and
the coordinators and admins of its association)."""

from renewals.permissions import can_see_endorsement


def can_download_credential(user, endorsement):
    return can_see_endorsement(user, endorsement)
