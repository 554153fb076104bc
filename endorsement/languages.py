"""Which language a person reads: their pages and the emails sent to them.

A person's choice lives in their profile (`Profile.language`), a rater's on the reference
(`ReferenceRequest.language`); blank means "no choice made", and the site's default applies.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import check_for_language, get_supported_language_variant
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


def supported(code):
    """`code` as one of settings.LANGUAGES ("es-MX" → "es"), or the site's default language."""
    if code:
        try:
            return get_supported_language_variant(code)
        except LookupError:
            pass
    return get_supported_language_variant(settings.LANGUAGE_CODE)


def saved_language(user):
    """The language `user` saved in their profile, or "" when they saved none."""
    profile = getattr(user, "profile", None) if user is not None else None
    language = getattr(profile, "language", "")
    return supported(language) if language else ""


def preferred_language(user):
    """The language `user` chose in their profile, else the site's default."""
    return saved_language(user) or supported("")


def chosen_for_rater(reference):
    """The language chosen for a rater: by the applicant when inviting them, else the applicant's
    own saved one; "" when nobody chose, so the rater's browser decides their form's language."""
    if reference.language:
        return supported(reference.language)
    return saved_language(reference.application.applicant)


def reference_language(reference):
    """The language of a rater's emails: the one chosen for them, else the site's default."""
    return chosen_for_rater(reference) or supported("")


# --- Choosing a language -------------------------------------------------------------------------
# Which language a page is in, first that applies: the choice made with the switcher, the language
# saved on the signed-in person's profile, the browser's Accept-Language, LANGUAGE_CODE. A choice
# made while signed in is saved to the profile, so it follows the person to another browser. At
# sign-in the saved language goes into the session (it then wins over a choice made in this
# browser before signing in: the profile holds the person's latest choice) and into the cookie, so
# it stays after signing out. Staff have no Profile (it holds an applicant's details) and none is
# made for them: their choice lives in the session and the cookie, and their emails are in the
# site's default language.

SESSION_KEY = "chosen_language"
_FORGET_COOKIE = "_endorsement_forget_language_cookie"


def remember(request, code):
    """Make `code` the signed-in person's language from the next page on; blank forgets the
    choice, so that the browser's language applies again."""
    if code:
        request.session[SESSION_KEY] = supported(code)
    else:
        request.session.pop(SESSION_KEY, None)
        setattr(request, _FORGET_COOKIE, True)


def _profile_of(user):
    from applications.models import Profile

    return Profile.objects.filter(user=user).first()


@require_POST
def set_language(request):
    """Django's set_language (the cookie, the redirect to `next`), and for a signed-in person the
    choice saved to their profile and session (a rater's session too, which holds the language
    the applicant chose for them)."""
    response = django_set_language(request)
    code = request.POST.get("language")
    if not (code and check_for_language(code)):
        return response
    code = supported(code)
    if request.user.is_authenticated or SESSION_KEY in request.session:
        remember(request, code)
    if request.user.is_authenticated:
        profile = _profile_of(request.user)
        if profile is not None and profile.language != code:
            profile.language = code
            profile.save(update_fields=["language", "updated_at"])
    return response


@receiver(user_logged_in, dispatch_uid="remember_profile_language")
def remember_profile_language(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    profile = _profile_of(user)
    if profile is not None and profile.language:
        request.session[SESSION_KEY] = supported(profile.language)


class ProfileLanguageMiddleware:
    """Activates the language remembered in the session (saved on the profile, or chosen while
    signed in) and keeps the language cookie in step with it. Placed after
    AuthenticationMiddleware; LocaleMiddleware has already chosen from the cookie or the browser
    for everyone else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.session.get(SESSION_KEY) if request.COOKIES else None
        if code and check_for_language(code):
            translation.activate(code)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        code = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        cookie = settings.LANGUAGE_COOKIE_NAME
        if getattr(request, _FORGET_COOKIE, False):
            response.delete_cookie(
                cookie, path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN
            )
        elif code and cookie not in response.cookies and request.COOKIES.get(cookie) != code:
            response.set_cookie(
                cookie,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
