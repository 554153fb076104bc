"""How the system names a person: one rule for the queue, the work page, the rater's form, the
certificate and every email."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from endorsement.search import fold


def person_name(user):
    """The person's full name: the legal name on their profile (as on their transcripts and the
    certificate), else the name on their account, else their email, else their username."""
    profile = getattr(user, "profile", None)
    return (profile.legal_name if profile else "") or user.get_full_name() or user.email or user.username


def person_label(user):
    """The name with the email beside it, for choosing a person from a list."""
    name = person_name(user)
    return f"{name} ({user.email})" if user.email and name != user.email else name


def fold_name(name):
    """A name as compared, not as shown: accents dropped, case folded, spaces collapsed, so
    'Maria Elena  LOPEZ' matches 'María Elena López' (a keyboard without accents is no mistake)."""
    return " ".join(fold(name or "").split())


def greeting(person):
    """How every page and email addresses a person: "Hello" and their full name.

    `person` is a user (named by `person_name`) or a name already chosen (a rater's, a holder's);
    without a name, just "Hello"."""
    name = person if isinstance(person, str) or person is None else person_name(person)
    return _("Hello %(name)s") % {"name": name} if name else _("Hello")


# What the public directory shows of a person who opted in, said the same way wherever it is
# promised (the profile, the endorsement's page, the directory): it must match the directory's columns.
# Marked with gettext_noop: the constants stay English (compared as text); show them with gettext().
DIRECTORY_SHOWS = gettext_noop(
    "name, endorsement category and number (with a link to verify it), endorsing association, "
    "state or region, and the date until which the endorsement is valid"
)
DIRECTORY_DOES_NOT_SHOW = gettext_noop(
    "email address, phone number, employer or anything from the application"
)
