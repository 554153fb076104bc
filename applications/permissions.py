"""Who may see or change an application, as predicates; views call `get_application_for`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from competencies.services import with_category
from endorsement import roles
from endorsement.extensions import ExtensionPoint

from .models import Application

# Other apps (reviews) add predicates here, e.g. "an assigned reviewer may view";
# applications never imports them.
EXTRA_VIEWERS = ExtensionPoint("predicate(user, application) -> bool: may also view the application.")
# Who besides coordinators may read a submitted rating (an assigned reviewer); an advisor views
# the application but is no party to the review, so viewing alone is not enough.
EXTRA_RATING_READERS = ExtensionPoint("predicate(user, application) -> bool: may also read its ratings.")


def can_view(user, application):
    if not user.is_authenticated:
        return False
    if application.applicant_id == user.pk or roles.coordinates(user, application.association_pk):
        return True
    return any(predicate(user, application) for predicate in EXTRA_VIEWERS)


def can_read_ratings(user, application):
    if not user.is_authenticated:
        return False
    if roles.coordinates(user, application.association_pk):
        return True
    return any(predicate(user, application) for predicate in EXTRA_RATING_READERS)


def can_edit(user, application):
    return application.applicant_id == user.pk and application.is_editable()


def can_submit(user, application):
    return can_edit(user, application)


def can_withdraw(user, application):
    return application.applicant_id == user.pk and application.can_withdraw()


class ApplicationFrozen(PermissionDenied):
    """The owner tried to change an application that is no longer editable."""


def get_application_for(user, pk, action="view", queryset=None):
    """The application if `user` may perform `action` on it; 404 for outsiders.

    The owner of a submitted application gets `ApplicationFrozen` (403) for edits.
    """
    queryset = queryset if queryset is not None else Application.objects.all()
    try:
        application = with_category(queryset.select_related("applicant").get(pk=pk))
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404("No such application.") from None
    if not can_view(user, application):
        raise Http404("No such application.")
    if action == "view":
        return application
    if application.applicant_id != user.pk:
        raise Http404("No such application.")
    if action in ("edit", "submit") and not application.is_editable():
        raise ApplicationFrozen(_("This application is submitted and can no longer be changed."))
    if action == "withdraw" and not application.can_withdraw():
        raise ApplicationFrozen(_("This application can no longer be withdrawn."))
    return application
