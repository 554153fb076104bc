"""The main navigation, which changes with the signed-in person's roles."""

from django.urls import reverse

from . import roles


def navigation(request):
    user = request.user
    items = [
        ("Home", reverse("home")),
        ("Competency guidelines", reverse("competencies:index")),
        ("Directory", reverse("directory:index")),
    ]
    if user.is_authenticated:
        items.append(("Your applications", reverse("applications:home")))
        items.append(("Your endorsements", reverse("renewals:home")))
    if roles.is_coordinator(user):
        items.append(("Coordinator queue", reverse("reviews:queue")))
        items.append(("Renewal queue", reverse("renewal_queue:index")))
        items.append(("Dashboard", reverse("reviews:dashboard")))
    if roles.is_reviewer(user):
        items.append(("Your reviews", reverse("reviewer:assignments")))
    if roles.is_advisor(user):
        items.append(("Advised applications", reverse("advisor:index")))
    if roles.is_association_admin(user):
        items.append(("Association staff", reverse("staff:index")))
    if roles.is_admin(user):
        items.append(("Admin", reverse("admin:index")))
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
                ("Coordinator", roles.is_coordinator(user) and not user.is_superuser),
                ("Reviewer", roles.is_reviewer(user)),
                ("Advisor", roles.is_advisor(user)),
                ("Admin", roles.is_admin(user)),
            )
            if has_role
        ],
    }
