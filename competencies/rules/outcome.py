"""Requirement outcomes and the sentences that explain them."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import date_format

from .language import ngettext, pgettext, plural_count

MET = "met"
NOT_MET = "not_met"
NEEDS_REVIEW = "needs_review"
NOT_REQUIRED = "not_required"

# Worst first: the overall status of several parts is the first one present.
SEVERITY = (NOT_MET, NEEDS_REVIEW, MET, NOT_REQUIRED)


@dataclass
class Outcome:
    key: str
    status: str
    summary: str
    have: object = None
    need: object = None
    label: str = ""
    details: list = field(default_factory=list)

    def as_dict(self):
        return {
            "key": self.key,
            "label": self.label,
            "status": self.status,
            "summary": self.summary,
            "have": self.have,
            "need": self.need,
            "details": list(self.details),
        }


def worst(statuses):
    present = set(statuses)
    for status in SEVERITY:
        if status in present:
            return status
    return NOT_REQUIRED


def number(value):
    """27.5 → "27.5", 30.0 → "30", 12.333 → "12.33"."""
    value = round(float(value), 2)
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def written(day):
    """A date as the pages write it in the active language (DATE_FORMAT, "December 1, 2026"); the
    facts stay ISO. Outside Django, the English style."""
    if not settings.configured:
        return f"{day:%B} {day.day}, {day.year}"
    return date_format(day)


def written_month_day(day):
    """A day of the year as the pages write it (MONTH_DAY_FORMAT, "June 30")."""
    if not settings.configured:
        return f"{day:%B} {day.day}"
    return date_format(day, "MONTH_DAY_FORMAT")


# Counted nouns the engine writes ("3 years"), each a whole phrase per language.
COUNTED = {
    "year": lambda n: ngettext("%(count)s year", "%(count)s years", n),
    "full year": lambda n: ngettext("%(count)s full year", "%(count)s full years", n),
    "month": lambda n: ngettext("%(count)s month", "%(count)s months", n),
    "day": lambda n: ngettext("%(count)s day", "%(count)s days", n),
    "hour": lambda n: ngettext("%(count)s hour", "%(count)s hours", n),
    "clock hour": lambda n: ngettext("%(count)s clock hour", "%(count)s clock hours", n),
    "training": lambda n: ngettext("%(count)s training", "%(count)s trainings", n),
    "leadership activity": lambda n: ngettext(
        "%(count)s leadership activity", "%(count)s leadership activities", n
    ),
}


def plural(count, singular, plural_form=None):
    """ "3 years" in the active language for the nouns in COUNTED; other nouns stay English."""
    counted = COUNTED.get(singular)
    if counted:
        return counted(plural_count(count)) % {"count": number(count)}
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


# "27.5 of 30 clock hours" once reached, "27.5 of 30 clock hours — 2.5 to go" short of it, per
# unit. The first chooses its plural by the hours needed, the second by the hours to go.
PROGRESS = {
    "clock hours": (
        lambda n: ngettext("%(have)s of %(need)s clock hours", "%(have)s of %(need)s clock hours", n),
        lambda n: ngettext(
            "%(have)s of %(need)s clock hours — %(to_go)s to go",
            "%(have)s of %(need)s clock hours — %(to_go)s to go",
            n,
        ),
    ),
    "clock hours within a timeframe": (
        lambda n: ngettext(
            "%(have)s of %(need)s clock hours within a %(timeframe)s timeframe",
            "%(have)s of %(need)s clock hours within a %(timeframe)s timeframe",
            n,
        ),
        lambda n: ngettext(
            "%(have)s of %(need)s clock hours within a %(timeframe)s timeframe — %(to_go)s to go",
            "%(have)s of %(need)s clock hours within a %(timeframe)s timeframe — %(to_go)s to go",
            n,
        ),
    ),
    "didactic RS/C hours": (
        lambda n: ngettext(
            "%(have)s of %(need)s hours of didactic training about providing RS/C",
            "%(have)s of %(need)s hours of didactic training about providing RS/C",
            n,
        ),
        lambda n: ngettext(
            "%(have)s of %(need)s hours of didactic training about providing RS/C — %(to_go)s to go",
            "%(have)s of %(need)s hours of didactic training about providing RS/C — %(to_go)s to go",
            n,
        ),
    ),
    "hours about RS/C provided": (
        lambda n: ngettext(
            "%(have)s of %(need)s hours about the RS/C you provide",
            "%(have)s of %(need)s hours about the RS/C you provide",
            n,
        ),
        lambda n: ngettext(
            "%(have)s of %(need)s hours about the RS/C you provide — %(to_go)s to go",
            "%(have)s of %(need)s hours about the RS/C you provide — %(to_go)s to go",
            n,
        ),
    ),
    "ratings": (
        lambda n: ngettext(
            "%(have)s of %(need)s ratings received", "%(have)s of %(need)s ratings received", n
        ),
        lambda n: ngettext(
            "%(have)s of %(need)s ratings received — %(to_go)s to go",
            "%(have)s of %(need)s ratings received — %(to_go)s to go",
            n,
        ),
    ),
    "leadership activities": (
        lambda n: ngettext(
            "%(have)s of %(need)s leadership activities at the regional or state level",
            "%(have)s of %(need)s leadership activities at the regional or state level",
            n,
        ),
        lambda n: ngettext(
            "%(have)s of %(need)s leadership activities at the regional or state level — %(to_go)s to go",
            "%(have)s of %(need)s leadership activities at the regional or state level — %(to_go)s to go",
            n,
        ),
    ),
    "renewal training hours": (
        lambda n: ngettext(
            "%(have)s of %(need)s clock hours of training this renewal period",
            "%(have)s of %(need)s clock hours of training this renewal period",
            n,
        ),
        lambda n: ngettext(
            "%(have)s of %(need)s clock hours of training this renewal period — %(to_go)s to go",
            "%(have)s of %(need)s clock hours of training this renewal period — %(to_go)s to go",
            n,
        ),
    ),
    "renewal training hours about RS/C": (
        lambda n: ngettext(
            "%(have)s of %(need)s of them about reflective supervision/consultation",
            "%(have)s of %(need)s of them about reflective supervision/consultation",
            n,
        ),
        lambda n: ngettext(
            "%(have)s of %(need)s of them about reflective supervision/consultation — %(to_go)s to go",
            "%(have)s of %(need)s of them about reflective supervision/consultation — %(to_go)s to go",
            n,
        ),
    ),
    "renewal RS/C hours": (
        lambda n: ngettext(
            "%(have)s of %(need)s clock hours of reflective supervision/consultation this renewal period",
            "%(have)s of %(need)s clock hours of reflective supervision/consultation this renewal period",
            n,
        ),
        lambda n: ngettext(
            "%(have)s of %(need)s clock hours of reflective supervision/consultation this renewal period"
            " — %(to_go)s to go",
            "%(have)s of %(need)s clock hours of reflective supervision/consultation this renewal period"
            " — %(to_go)s to go",
            n,
        ),
    ),
}


def progress(have, need, unit, **words):
    """ "27.5 of 30 clock hours — 2.5 to go" or "32 of 30 clock hours"; `unit` is a PROGRESS key,
    `words` fill its other placeholders (the RS/C timeframe)."""
    reached, short = PROGRESS[unit]
    values = {"have": number(have), "need": number(need), **words}
    if have < need:
        to_go = round(need - have, 2)
        return short(plural_count(to_go)) % {**values, "to_go": number(to_go)}
    return reached(plural_count(need)) % values


# Spanish writes "e" for "y" before an /i/ sound and "u" for "o" before an /o/ sound; the context
# lets a language say so (English translates both contexts the same).
I_SOUND = re.compile(r"^(h?[iíIÍ])(?![aeoóáéAEOÓÁÉ])")
O_SOUND = re.compile(r"^(h?[oóOÓ])")


def join_words(words, last="and"):
    """ "a, b and c" (or "a, b or c"), in the active language."""
    words = [str(word) for word in words]
    if len(words) <= 1:
        return "".join(words)
    values = {"items": ", ".join(words[:-1]), "last": words[-1]}
    if last == "or":
        if O_SOUND.match(words[-1]):
            return (
                pgettext("list of alternatives, the last starting with an o sound", "%(items)s or %(last)s")
                % values
            )
        return pgettext("list of alternatives", "%(items)s or %(last)s") % values
    if I_SOUND.match(words[-1]):
        return pgettext("list, the last starting with an i sound", "%(items)s and %(last)s") % values
    return pgettext("list", "%(items)s and %(last)s") % values
