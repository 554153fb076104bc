"""Which language a person reads: their pages and the emails sent to them.

A person's choice lives in their profile (`Profile.language`), a rater's on the reference
(`ReferenceRequest.language`); blank means "no choice made", and the site's default applies.
"""

from django.conf import settings
from django.utils.translation import get_supported_language_variant


def supported(code):
    """`code` as one of settings.LANGUAGES ("es-MX" → "es"), or the site's default language."""
    if code:
        try:
            return get_supported_language_variant(code)
        except LookupError:
            pass
    return get_supported_language_variant(settings.LANGUAGE_CODE)


def preferred_language(user):
    """The language `user` chose in their profile, else the site's default."""
    profile = getattr(user, "profile", None) if user is not None else None
    return supported(getattr(profile, "language", ""))


def reference_language(reference):
    """The language of a rater's emails and form: theirs when the applicant gave it, else the
    applicant's."""
    if reference.language:
        return supported(reference.language)
    return preferred_language(reference.application.applicant)
