"""The application's sections, in the applicant's order: the one registry of them.

Each section has its title, the engine's requirement keys it answers, the kinds of entry it
holds (their forms are `applications.forms.portfolio.KINDS`), whether its logs can be imported
from CSV, and whether it is one of the generic section pages (the references section has pages
of its own). The section pages and their URLs, the checklist, the submission snapshots, change
requests and comments all read this registry.
"""

SECTIONS = {
    "education": {
        "title": "Education",
        "keys": ["education"],
        "kinds": ["degree", "coursework", "certificate"],
    },
    "work": {"title": "Work experience", "keys": ["work_experience"], "kinds": ["work"]},
    "training": {
        "title": "Specialized training",
        "keys": ["training"],
        "kinds": ["training"],
        "import": True,
    },
    "rsc": {
        "title": "Reflective supervision/consultation (RS/C)",
        "keys": ["reflective_supervision"],
        "kinds": ["rsc"],
        "import": True,
    },
    "leadership": {
        "title": "Leadership activities",
        "keys": ["leadership_activities"],
        "kinds": ["leadership"],
    },
    "references": {"title": "References", "keys": ["references"], "kinds": [], "own_pages": True},
    "membership": {"title": "Membership", "keys": ["membership"], "kinds": []},
    "attestations": {
        "title": "Code of ethics and agreement",
        "keys": ["code_of_ethics", "agreement"],
        "kinds": [],
    },
}
# The sections shown by the generic section page (`applications:<name>`).
SECTION_PAGES = [name for name, section in SECTIONS.items() if not section.get("own_pages")]
# Which section covers each requirement of the engine.
REQUIREMENT_SECTIONS = {key: name for name, section in SECTIONS.items() for key in section["keys"]}
