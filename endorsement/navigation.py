"""The main navigation, which changes with the signed-in person's roles."""

from django.urls import reverse

from . import roles


def navigation(request):
    user = request.user
    items = [("Home", reverse("home")), ("Competency guidelines", reverse("competencies:index"))]
    if user.is_authenticated:
        items.append(("Your applications", reverse("applications:home")))
    if roles.is_coordinator(user):
        items.append(("Coordinator queue", reverse("reviews:queue")))
    if roles.is_admin(user):
        items.append(("Admin", reverse("admin:index")))
    current = request.path
    return {
        "nav_items": [
            {
                "label": label,
                "url": url,
                "current": url == current or (url != "/" and current.startswith(url)),
            }
            for label, url in items
        ],
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
