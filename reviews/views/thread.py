"""The application's comment thread: the applicant, the advisors and the coordinators.

Only people who may comment (`can_comment`) see the thread; everyone else gets a 404, as for
any application they cannot see. Posting goes through `services.add_comment`, which emails the
others in the thread.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Application
from applications.people import person_name

from .. import services
from ..forms.work import SECTION_TITLES, CommentForm
from ..models import AdvisorAssignment, ChangeRequest, Comment
from ..permissions import can_comment, can_work_application, is_advisor_of


def get_thread_application(user, pk):
    """The application if `user` takes part in its thread; 404 for anyone else."""
    application = (
        Application.objects.select_related("category__edition", "applicant__profile").filter(pk=pk).first()
    )
    if application is None or not can_comment(user, application):
        raise Http404("No such application.")
    return application


def author_name(user):
    if user is None:
        return _("A former user")
    return person_name(user)


def comments_for(application, *, section=None):
    """The thread's comments oldest first, each with `author_name` and `role`, in one query."""
    advisor = AdvisorAssignment.objects.filter(application=application, advisor=OuterRef("author"))
    comments = Comment.objects.filter(application=application).select_related("author__profile")
    if section is not None:
        comments = comments.filter(section=section)
    comments = list(comments.annotate(by_advisor=Exists(advisor)))
    for comment in comments:
        comment.author_name = author_name(comment.author)
        if comment.author_id == application.applicant_id:
            comment.role = _("Applicant")
        elif comment.by_advisor:
            comment.role = _("Advisor")
        else:
            comment.role = _("Endorsement coordinator")
        comment.section_title = SECTION_TITLES.get(comment.section, comment.section)
    return comments


def grouped(comments):
    """The comments by section: the whole application first, then the sections in page order."""
    groups = []
    for name, title in SECTION_TITLES.items():
        items = [comment for comment in comments if comment.section == name]
        if items:
            groups.append({"name": name or "application", "title": title, "comments": items})
    return groups


def can_post(application):
    return application.status != Application.Status.WITHDRAWN


def _back_link(user, application):
    """Where the reader works on this application: the coordinator's or advisor's page, else the overview."""
    if can_work_application(user, application):
        return reverse("reviews:work", args=[application.pk])
    if is_advisor_of(user, application):
        return reverse("advisor:application", args=[application.pk])
    return reverse("applications:overview", args=[application.pk])


def thread_context(application, form):
    """What a page showing the application's conversation needs: its comments grouped, their
    count, and the form to write one (shown while comments can be posted)."""
    comments = comments_for(application)
    return {
        "application": application,
        "applicant_name": author_name(application.applicant),
        "groups": grouped(comments),
        "count": len(comments),
        "comment_form": form,
        "can_post": can_post(application),
    }


def _render(request, application, form, status=200):
    return render(
        request,
        "reviews/thread/index.html",
        {
            **thread_context(application, form),
            "is_applicant": application.applicant_id == request.user.pk,
            "back_url": _back_link(request.user, application),
        },
        status=status,
    )


@login_required
def index(request, pk):
    application = get_thread_application(request.user, pk)
    section = request.GET.get("section", "")
    initial = {"section": section if section in SECTION_TITLES else ""}
    return _render(request, application, CommentForm(initial=initial, auto_id="thread-%s"))


def _next_url(request, application):
    """Back where the comment was written (a section page, the advisor's page) when that is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target.split("#")[0]
    return reverse("thread:index", args=[application.pk])


@login_required
@require_POST
def post(request, pk):
    application = get_thread_application(request.user, pk)
    if not can_post(application):
        messages.error(request, _("This application was withdrawn; the conversation is closed."))
        return redirect("thread:index", application.pk)
    form = CommentForm(request.POST, auto_id="thread-%s")
    if form.is_valid():
        try:
            comment = services.add_comment(
                application,
                author=request.user,
                body=form.cleaned_data["body"],
                section=form.cleaned_data["section"],
            )
        except services.ReviewError as error:
            form.add_error(form.error_field(error.field), str(error))
        else:
            messages.success(
                request, _("Your comment is posted; the others in the conversation will be emailed.")
            )
            return redirect(f"{_next_url(request, application)}#comment-{comment.pk}")
    return _render(request, application, form, status=400)


@login_required
@require_POST
def answer_change(request, pk, change_pk):
    """The applicant marks a change request answered, from the request's panel on their pages."""
    from applications.permissions import get_application_for

    application = get_application_for(request.user, pk, "edit")
    change = ChangeRequest.objects.filter(application=application, pk=change_pk).first()
    if change is None:
        raise Http404("No such change request.")
    try:
        services.answer_change_request(change, by=request.user, answer=request.POST.get("answer", ""))
    except services.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Marked answered. The coordinator checks it when you resubmit the application.")
        )
    return redirect(_next_url(request, application).split("#")[0] + f"#change-{change.pk}")
