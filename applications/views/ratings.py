"""What a reference rater sees: no account, only the emailed link.

`/ratings/<token>/` exchanges the token for a short rater session and redirects
to `/ratings/form/`, so the token never stays in the address bar, the history
or a Referer header. Every page here sends `Referrer-Policy: no-referrer` and
`Cache-Control: no-store`. A bad link gets a plain 404 or 410 page that says
nothing about the applicant, and is not logged with its path.
"""

import secrets
import time
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from endorsement import languages

from ..forms.ratings import SCORE_HEADINGS, DeclineForm, RatingForm
from ..models import Rating
from ..services import references

SESSION_REFERENCE = "rater_reference_id"
SESSION_EXPIRES = "rater_session_expires"
SESSION_DONE = "rater_done"
SESSION_NONCE = "rater_form_nonce"
SESSION_GENERATION = "rater_link_generation"
NONCE_FIELD = "rater_nonce"
AUTOSAVE_HEADER = "X-Rating-Autosave"
RATER_SESSION_SECONDS = settings.RATER_SESSION_SECONDS


def rater_page(view):
    """No referrer, no caching, no indexing on every rater page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        return response

    return wrapped


def rater_form_protection(view):
    """CSRF protection for the rater's forms that works under `Referrer-Policy: no-referrer`.

    With that policy browsers send `Origin: null` (and no Referer) with a form POST,
    which Django's CSRF middleware rightly rejects. These POSTs are checked instead
    against a random value kept in the server-side rater session and echoed in a
    hidden field (a synchronizer token): a forged request has no way to know it.
    """

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            expected = request.session.get(SESSION_NONCE, "")
            given = request.POST.get(NONCE_FIELD, "")
            if not expected or not constant_time_compare(expected, given):
                return render(request, "ratings/session_ended.html", {"forbidden": True}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _error_page(request, template_name, error):
    """`template_name` for a `RatingLinkError`, with its status; the page says when the link is gone."""
    return render(request, template_name, {"gone": error.status == 410}, status=error.status)


def link_error(request, error):
    """The plain page for a wrong, expired or used link; Django's request log never sees its path."""
    response = _error_page(request, "ratings/link_error.html", error)
    response._has_been_logged = True  # django.utils.log.log_response would print the token-bearing path
    return response


def _end_rater_session(request):
    for key in (SESSION_REFERENCE, SESSION_EXPIRES, SESSION_NONCE, SESSION_GENERATION):
        request.session.pop(key, None)


def _session_reference(request):
    """The request of the current rater session, or a RatingLinkError."""
    reference_id = request.session.get(SESSION_REFERENCE)
    expires = request.session.get(SESSION_EXPIRES, 0)
    if reference_id is None or expires < time.time():
        _end_rater_session(request)
        raise references.RatingLinkError("Your rating session has ended.", 410)
    try:
        reference = references.reference_for_rater(reference_id, request.session.get(SESSION_GENERATION, ""))
    except references.RatingLinkError:
        _end_rater_session(request)
        raise
    request.session[SESSION_EXPIRES] = time.time() + RATER_SESSION_SECONDS
    return reference


def _own_application(request):
    _end_rater_session(request)
    response = render(request, "ratings/own_application.html", status=403)
    response._has_been_logged = True  # as for link errors: the path may carry the token
    return response


def _applicants_own(request, reference):
    """The refusal page when the browser is signed in as the applicant being rated, else None."""
    return _own_application(request) if references.is_applicant(request.user, reference) else None


def _session_ended(request, error):
    return _error_page(request, "ratings/session_ended.html", error)


def _rater_reference_or_refusal(request):
    """The rater session's reference and None, or None and the page that ends the visit.

    That page is the session-ended one when the session has lapsed, the refusal when the
    browser is signed in as the applicant being rated.
    """
    try:
        reference = _session_reference(request)
    except references.RatingLinkError as error:
        return None, _session_ended(request, error)
    return reference, _applicants_own(request, reference)


def rater_session_page(view):
    """A form page of the rater's session: `view(request, reference)` is called with the session's
    reference, or the visit ends on the page `_rater_reference_or_refusal` gives."""

    @rater_page
    @rater_form_protection
    @require_http_methods(["GET", "HEAD", "POST"])
    @wraps(view)
    def wrapped(request):
        reference, refusal = _rater_reference_or_refusal(request)
        if refusal:
            return refusal
        return view(request, reference)

    return wrapped


def _rater_done(request, outcome):
    """End the rater session and show the thank-you page worded for how it ended."""
    _end_rater_session(request)
    request.session[SESSION_DONE] = outcome
    return redirect("ratings:thanks")


@rater_page
@require_http_methods(["GET", "HEAD"])
def start(request, token):
    try:
        reference = references.open_rating(token, by=request.user)
    except references.ApplicantsOwnRating:
        return _own_application(request)
    except references.RatingLinkError as error:
        return link_error(request, error)
    request.session.cycle_key()
    request.session.pop(SESSION_DONE, None)
    request.session[SESSION_REFERENCE] = reference.pk
    request.session[SESSION_GENERATION] = references.link_generation(reference)
    request.session[SESSION_EXPIRES] = time.time() + RATER_SESSION_SECONDS
    request.session[SESSION_NONCE] = secrets.token_urlsafe(24)
    chosen = languages.chosen_for_rater(reference)
    if chosen and not request.user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # The rating form in the language chosen for the rater, unless the rater chose one with
        # the switcher; with none chosen, their browser's.
        languages.remember(request, chosen)
    return redirect("ratings:form")


def _rater_context(reference, form, **extra):
    """What every rater form page shows: whom the rating is for, in which category."""
    return {
        "reference": reference,
        "applicant_name": references.applicant_name(reference.application),
        "category": reference.application.category,
        "form": form,
        **extra,
    }


def _rating_context(reference, form, **extra):
    application = reference.application
    max_unrated = references.max_not_enough_information(application.category)
    sections = form.sections()
    tree = references.statement_tree(form.domains)
    for section in sections:
        section["statements"] = tree.get(section["domain"].pk, [])
    return _rater_context(
        reference,
        form,
        sections=sections,
        max_not_enough_information=max_unrated,
        areas_left=form.areas_left(),
        area_count=len(form.area_fields()),
        score_headings=SCORE_HEADINGS,
        **extra,
    )


@rater_session_page
def rating_form(request, reference):
    domains = references.rating_domains(reference.application.category)
    if request.method != "POST":
        rating = Rating.objects.filter(reference=reference).prefetch_related("answers", "comments").first()
        form = RatingForm(initial=RatingForm.initial_from(rating), domains=domains)
        saved = rating is not None
        unrated = sum(1 for answer in rating.answers.all() if answer.score == 0) if rating else 0
        return render(
            request,
            "ratings/form.html",
            _rating_context(reference, form, saved=saved, unrated=unrated, warn=False),
        )

    form = RatingForm(request.POST, domains=domains)
    if not form.is_valid():
        if request.headers.get(AUTOSAVE_HEADER):
            return JsonResponse({"saved": False}, status=400)
        return render(request, "ratings/form.html", _rating_context(reference, form), status=400)
    data = form.rating_data()
    unrated = references.count_not_enough_information(data)
    action = request.POST.get("action", "")
    try:
        if request.headers.get(AUTOSAVE_HEADER):
            references.save_rating(reference, data)
            return JsonResponse({"saved": True, "areas_left": form.areas_left()})
        if action != "submit":
            references.save_rating(reference, data)
            saved_domain = action.removeprefix("save:") if action.startswith("save:") else ""
            return render(
                request,
                "ratings/form.html",
                _rating_context(
                    reference, form, just_saved=True, saved=True, unrated=unrated, saved_domain=saved_domain
                ),
            )
        if not references.counts_toward_endorsement(reference, data) and not data.accept_not_counted:
            references.save_rating(reference, data)
            return render(
                request,
                "ratings/form.html",
                _rating_context(reference, form, warn=True, saved=True, unrated=unrated),
                status=400,
            )
        references.submit_rating(reference, data)
    except references.RatingIncomplete as incomplete:
        for field, message in incomplete.problems:
            form.add_error(field, message)
        return render(
            request,
            "ratings/form.html",
            _rating_context(reference, form, saved=True, unrated=unrated, problems=incomplete.problems),
            status=400,
        )
    except references.RatingLinkError as error:
        _end_rater_session(request)
        if request.headers.get(AUTOSAVE_HEADER):
            return JsonResponse({"saved": False, "ended": True}, status=error.status)
        return _session_ended(request, error)
    return _rater_done(request, "submitted")


@rater_session_page
def decline(request, reference):
    form = DeclineForm(request.POST or None)
    context = _rater_context(reference, form)
    if request.method != "POST" or not form.is_valid():
        return render(request, "ratings/decline.html", context, status=400 if form.is_bound else 200)
    try:
        references.decline_rating(reference, form.cleaned_data["reason"])
    except references.RatingLinkError as error:
        _end_rater_session(request)
        return _session_ended(request, error)
    return _rater_done(request, "declined")


@rater_page
@require_http_methods(["GET", "HEAD"])
def thanks(request):
    done = request.session.pop(SESSION_DONE, "")
    return render(request, "ratings/thanks.html", {"done": done})
