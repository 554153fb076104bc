"""The engine's words in the active language, and in English where Django is not set up.

The engine writes its sentences through these, so a caller chooses the language with
`django.utils.translation.override` and the engine stays a pure function of its input and the
active language. Outside Django (bench/engine.py, a plain script) there is no catalogue and no
active language: the English text is the answer. The names are gettext's own so that
makemessages finds the strings.
"""

from collections.abc import Mapping

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy


def gettext(message):
    return translation.gettext(message) if settings.configured else message


def ngettext(singular, plural, count):
    if settings.configured:
        return translation.ngettext(singular, plural, count)
    return singular if count == 1 else plural


def pgettext(context, message):
    return translation.pgettext(context, message) if settings.configured else message


def language():
    """The active language's code ("en-us", "es"), or "" outside Django."""
    return (translation.get_language() or "") if settings.configured else ""


def plural_count(value):
    """ngettext wants a whole number: a fraction reads as plural, as it does in English and Spanish."""
    value = float(value)
    return int(value) if value.is_integer() else 2


gettext_lazy = lazy(gettext, str)
pgettext_lazy = lazy(pgettext, str)


def gettext_noop(message):
    """Marks a message for the catalogue; `TranslatedNames` translates it when read."""
    return message


class TranslatedNames(Mapping):
    """Names by key, each read in the active language: callers get plain strings to join or
    compare, and the mapping never holds a language of its own."""

    def __init__(self, names):
        self._names = dict(names)

    def __getitem__(self, key):
        return gettext(self._names[key])

    def __iter__(self):
        return iter(self._names)

    def __len__(self):
        return len(self._names)
