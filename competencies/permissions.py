"""Who may manage an association, as predicates; views call `get_association_for`."""

from django.http import Http404

from endorsement import roles

from .models import Association


def can_manage_staff(user, association):
    """The association's own admins (and superusers) manage its staff."""
    return roles.administers(user, association.pk)


def get_association_for(user, slug):
    """The association if `user` may manage its staff; 404 for anyone else."""
    association = Association.objects.filter(slug=slug).first()
    if association is None or not can_manage_staff(user, association):
        raise Http404("No such association.")
    return association


def managed_associations(user):
    """The associations whose staff `user` manages."""
    ids = roles.administered_ids(user)
    associations = Association.objects.order_by("name")
    return associations if ids is None else associations.filter(pk__in=sorted(ids))
