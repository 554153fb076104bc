"""The application's sections, in the applicant's order: the one registry of them.

Each section has its title, the engine's requirement keys it answers, the kinds of entry it
holds (their forms are `applications.forms.portfolio.KINDS`), whether its logs can be imported
from CSV, and whether it is one of the generic section pages (the references section has pages
of its own). The section pages and their URLs, the checklist, the submission snapshots, change
requests and comments all read this registry.
"""

from django.utils.translation import gettext_lazy, ngettext

from competencies.rules.outcome import plural

SECTIONS = {
    "education": {
        "title": gettext_lazy("Education"),
        "keys": ["education"],
        "kinds": ["degree", "coursework", "certificate"],
    },
    "work": {"title": gettext_lazy("Work experience"), "keys": ["work_experience"], "kinds": ["work"]},
    "training": {
        "title": gettext_lazy("Specialized training"),
        "keys": ["training"],
        "kinds": ["training"],
        "import": True,
    },
    "rsc": {
        "title": gettext_lazy("Reflective supervision/consultation (RS/C)"),
        "keys": ["reflective_supervision"],
        "kinds": ["rsc"],
        "import": True,
    },
    "leadership": {
        "title": gettext_lazy("Leadership activities"),
        "keys": ["leadership_activities"],
        "kinds": ["leadership"],
    },
    "references": {
        "title": gettext_lazy("References"),
        "keys": ["references"],
        "kinds": [],
        "own_pages": True,
    },
    "membership": {"title": gettext_lazy("Membership"), "keys": ["membership"], "kinds": []},
    "attestations": {
        "title": gettext_lazy("Code of ethics and agreement"),
        "keys": ["code_of_ethics", "agreement"],
        "kinds": [],
    },
}
# The sections shown by the generic section page (`applications:<name>`).
SECTION_PAGES = [name for name, section in SECTIONS.items() if not section.get("own_pages")]
# Which section covers each requirement of the engine.
REQUIREMENT_SECTIONS = {key: name for name, section in SECTIONS.items() for key in section["keys"]}


def training_summary(entries):
    """The training log in one sentence, for those who review it:
    "6 entries, 51.5 clock hours in all; 1 of them (6 clock hours) about providing RS/C."."""
    entries = list(entries)
    about = [entry for entry in entries if entry.about_rsc]
    values = {
        "count": len(entries),
        "hours": plural(sum(entry.hours for entry in entries), "clock hour"),
        "about": len(about),
        "about_hours": plural(sum(entry.hours for entry in about), "clock hour"),
    }
    if not about:
        return (
            ngettext(
                "%(count)d entry, %(hours)s in all; none about providing RS/C.",
                "%(count)d entries, %(hours)s in all; none about providing RS/C.",
                len(entries),
            )
            % values
        )
    return (
        ngettext(
            "%(count)d entry, %(hours)s in all; %(about)d of them (%(about_hours)s) about providing RS/C.",
            "%(count)d entries, %(hours)s in all; %(about)d of them (%(about_hours)s) about providing RS/C.",
            len(entries),
        )
        % values
    )
