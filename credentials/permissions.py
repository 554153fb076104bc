"""Who may download an endorsement's credential: its holder; coordinators and admins to check it."""

from endorsement import roles


def can_download_credential(user, endorsement):
    return user.is_authenticated and (
        endorsement.holder_id == user.pk or roles.is_coordinator(user) or roles.is_admin(user)
    )
