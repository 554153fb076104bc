"""What reviews adds to the applicant's pages through `applications.panels.APPLICATION_PANELS`.

Each provider costs at most one query, so the overview stays within its query budget: the
change requests (only while changes are requested) and the comment thread.
"""

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from applications.models import Application

from .forms.work import SECTION_TITLES, CommentForm
from .models import ChangeRequest
from .permissions import can_comment
from .views.thread import can_post, comments_for


def section_url(name, pk):
    try:
        return reverse(f"applications:{name}", args=[pk])
    except NoReverseMatch:
        return None


def change_requests_panel(request, application, section):
    """While changes are requested: all open requests on the overview, a section's on its page."""
    if application.status != Application.Status.CHANGES_REQUESTED:
        return ""
    requests = ChangeRequest.objects.filter(application=application, resolved_at__isnull=True)
    if section:
        requests = requests.filter(section=section)
    requests = list(requests.order_by("created_at", "pk"))
    if not requests:
        return ""
    for change in requests:
        change.section_title = SECTION_TITLES.get(change.section, change.section)
        change.url = section_url(change.section, application.pk) if change.section else None
    return render_to_string(
        "reviews/_change_requests.html",
        {
            "application": application,
            "requests": requests,
            "section": section,
            "is_applicant": application.applicant_id == request.user.pk,
        },
        request=request,
    )


def thread_panel(request, application, section):
    """The conversation: on the overview the whole-application comments and a count per section,
    on a section page that section's comments; with a form to write, for those who may."""
    if not can_comment(request.user, application):
        return ""
    comments = comments_for(application)
    shown = [comment for comment in comments if comment.section == section]
    counts = []
    if not section:
        for name, title in SECTION_TITLES.items():
            number = sum(1 for comment in comments if comment.section == name)
            if name and number:
                counts.append({"title": title, "count": number, "url": section_url(name, application.pk)})
    form = CommentForm(initial={"section": section}, auto_id=f"panel-{section or 'application'}-%s")
    return render_to_string(
        "reviews/thread/_panel.html",
        {
            "application": application,
            "section": section,
            "section_title": SECTION_TITLES.get(section, section),
            "comments": shown,
            "total": len(comments),
            "counts": counts,
            "comment_form": form,
            "can_post": can_post(application),
            "next": request.get_full_path(),
        },
        request=request,
    )
