"""The main navigation, which changes with the signed-in person's roles."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import roles


def navigation(request):
    user = request.user
    items = [
        (_("Home"), reverse("home")),
        (_("Competency guidelines"), reverse("competencies:index")),
        (_("Directory"), reverse("directory:index")),
    ]
    if user.is_authenticated:
        items.append((_("Your applications"), reverse("applications:home")))
        items.append((_("Your endorsements"), reverse("renewals:home")))
    if roles.is_coordinator(user):
        items.append((_("Coordinator queue"), reverse("reviews:queue")))
        items.append((_("Renewal queue"), reverse("renewal_queue:index")))
        items.append((_("Dashboard"), reverse("reviews:dashboard")))
    if roles.is_reviewer(user):
        items.append((_("Your reviews"), reverse("reviewer:assignments")))
    if roles.is_advisor(user):
        items.append((_("Advised applications"), reverse("advisor:index")))
    if roles.is_association_admin(user):
        items.append((_("Association staff"), reverse("staff:index")))
    if roles.is_admin(user):
        items.append((pgettext("navigation", "Admin"), reverse("admin:index")))
    # The most specific item containing the page is current: /coordinator/renewals/3/ is the
    # renewal queue's, not the coordinator queue's.
    path = request.path
    containing = [url for _, url in items if url == path or (url != "/" and path.startswith(url))]
    current = max(containing, key=len, default=None)
    return {
        "nav_items": [{"label": label, "url": url, "current": url == current} for label, url in items],
        "user_roles": [
            label
            for label, has_role in (
                (pgettext("role", "Coordinator"), roles.is_coordinator(user) and not user.is_superuser),
                (pgettext("role", "Reviewer"), roles.is_reviewer(user)),
                (pgettext("role", "Advisor"), roles.is_advisor(user)),
                (pgettext("role", "Admin"), roles.is_admin(user)),
            )
            if has_role
        ],
    }
