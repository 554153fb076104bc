"""The applicant's live checklist: the engine's requirements as rows to show (status in words,
an icon, progress bars, a link to the section that answers it) and the completeness meter.

Read by the applicant's pages, the coordinator's, reviewer's and advisor's views of an
application, and the endorsee's renewal pages.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy

from competencies.rules import MET, NEEDS_REVIEW, NOT_MET, NOT_REQUIRED

from .sections import REQUIREMENT_SECTIONS
from .services.lifecycle import AFTER_SUBMISSION

STATUS_WORDS = {
    MET: (gettext_lazy("Met"), "✓"),
    NOT_MET: (gettext_lazy("Not met yet"), "✗"),
    NEEDS_REVIEW: (gettext_lazy("Needs the coordinator's review"), "?"),
    NOT_REQUIRED: (gettext_lazy("Not required"), "–"),
}


def section_url(name, pk):
    try:
        return reverse(f"applications:{name}", args=[pk])
    except NoReverseMatch:
        return None


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def progress_bars(requirement):
    """One bar per number the requirement counts, e.g. "Specialized training: 27.5 of 30 clock hours"."""
    have, need = requirement.get("have"), requirement.get("need")
    pairs = []
    if _number(have) and _number(need) and need > 0:
        pairs = [(have, need, requirement["summary"].split("; ")[0])]
    elif isinstance(have, list) and isinstance(need, list) and len(have) == len(need):
        parts = requirement["summary"].split("; ")
        for index, (one_have, one_need) in enumerate(zip(have, need, strict=True)):
            if _number(one_have) and _number(one_need) and one_need > 0:
                text = parts[index] if index < len(parts) else f"{one_have:g} of {one_need:g}"
                pairs.append((one_have, one_need, text))
    return [
        {"value": min(float(h), float(n)), "max": float(n), "text": f"{requirement['label']}: {text}"}
        for h, n, text in pairs
    ]


def decorate(requirements, pk=None):
    """The rows of the checklist; with `pk`, an application's, linked to its sections."""
    rows = []
    for item in requirements:
        words, icon = STATUS_WORDS.get(item["status"], (item["status"], ""))
        section = REQUIREMENT_SECTIONS.get(item["key"])
        bars = progress_bars(item)
        row = {
            **item,
            "status_words": words,
            "icon": icon,
            "bars": bars,
            "show_summary": len(bars) < len(item["summary"].split("; ")),
        }
        if pk is not None:
            row["after_submission"] = item["key"] in AFTER_SUBMISSION
            row["section_url"] = section_url(section, pk) if section else None
        rows.append(row)
    return rows


def completeness(requirements):
    counted = [item for item in requirements if item["key"] not in AFTER_SUBMISSION]
    done = sum(1 for item in counted if item["status"] in (MET, NOT_REQUIRED))
    return {
        "done": done,
        "total": len(counted),
        "percent": round(100 * done / len(counted)) if counted else 0,
    }
