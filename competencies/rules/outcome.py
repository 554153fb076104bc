"""Requirement outcomes and the sentences that explain them."""

from dataclasses import dataclass, field

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
    """A date as the pages write it (DATE_FORMAT, "December 1, 2026"); the facts stay ISO."""
    from django.utils.formats import date_format

    return date_format(day)


def plural(count, singular, plural_form=None):
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


def progress(have, need, unit):
    """ "27.5 of 30 clock hours — 2.5 to go" or "32 of 30 clock hours"."""
    text = f"{number(have)} of {number(need)} {unit}"
    if have < need:
        text += f" — {number(round(need - have, 2))} to go"
    return text


def join_words(words, last="and"):
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]
