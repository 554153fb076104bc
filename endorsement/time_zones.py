"""Dates and times in the association's time zone.

A person sees times in the time zone of the association they belong to: staff of one association
in its zone, an applicant or endorsee in the zone of the association on their profile (else of
their latest application). Staff of several associations, and visitors, see the install's
`TIME_ZONE`. The zone is worked out once, at sign-in, and kept in the session, so pages pay no
query for it. Emails about an association are rendered in its zone (`endorsement.emails`).
"""

import zoneinfo

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

SESSION_KEY = "association_time_zone"


def home_association(user):
    """The one association `user` works in or belongs to, or None when there is none or several."""
    from applications.models import Application, Profile
    from competencies.models import Association

    staff_of = set(user.memberships.values_list("association", flat=True))
    if len(staff_of) > 1 or user.is_superuser:
        return None
    if staff_of:
        return Association.objects.get(pk=staff_of.pop())
    profile = Profile.objects.filter(user=user).select_related("association").first()
    if profile is not None and profile.association_id:
        return profile.association
    latest = (
        Application.objects.filter(applicant=user)
        .select_related("category__edition__association")
        .order_by("-created_at")
        .first()
    )
    return latest.category.edition.association if latest else None


def time_zone_name(user):
    """The name of the time zone `user` sees, or "" for the install's."""
    association = home_association(user)
    return association.time_zone if association is not None else ""


@receiver(user_logged_in, dispatch_uid="remember_association_time_zone")
def remember_time_zone(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = time_zone_name(user)


class AssociationTimeZoneMiddleware:
    """Activates the time zone remembered at sign-in for the rest of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = request.session.get(SESSION_KEY) if request.COOKIES else None
        if name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
