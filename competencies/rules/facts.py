"""Facts, format 1: parsed and checked into plain objects the requirements read.

Dates are ISO ``YYYY-MM-DD``; hours are numbers; unknown keys are ignored; a
missing list is empty. Anything malformed raises `FactsError` naming the field.
"""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import FactsError

DEGREE_LEVELS = ("associate", "bachelor", "master", "doctorate")
ENDORSEMENT_CODES = (
    "IFA",
    "ECFA",
    "IFS",
    "ECFS",
    "IMHS",
    "ECMHS",
    "IMHM-C",
    "IMHM-P",
    "IMHM-R/F",
    "ECMHM-C",
    "ECMHM-P",
    "ECMHM-R/F",
    "ERS",
)
REFERENCE_ROLES = (
    "program_supervisor",
    "current_supervisor",
    "rsc_provider",
    "rsc_recipient",
    "department_chair",
    "student",
    "supervisee",
    "other_supervisor",
    "teacher",
    "trainer",
    "consultant",
    "colleague",
    "parent",
    "cda_mentor",
    "board_member",
)
REFERENCE_STATUSES = ("requested", "submitted", "declined")
EXAM_RESULTS = ("passed", "failed")
ESSAY_TRACKS = ("clinical", "policy", "research_faculty")


def degree_rank(level):
    return DEGREE_LEVELS.index(level)


@lru_cache(maxsize=8192)
def _iso_date(text):
    return datetime.date.fromisoformat(text.strip())


def _fail_date(path, value):
    raise FactsError(path, f"must be a date as YYYY-MM-DD, not {value!r}")


def _date_value(value, path):
    if type(value) is str:
        try:
            return _iso_date(value)
        except ValueError:
            _fail_date(path, value)
    if isinstance(value, datetime.date):
        return value
    _fail_date(path, value)


def _hours_value(value, path):
    if type(value) in (int, float) and 0 <= value < float("inf"):
        return value
    if value is None:
        raise FactsError(path, "is required (a number)")
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise FactsError(path, f"must be a number, not {value!r}")
    if value < 0:
        raise FactsError(path, f"must not be negative (got {value})")
    raise FactsError(path, "must be a finite number")


def _flag(item, key, path, default=False):
    value = item.get(key)
    if value is None:
        return default
    if value is True or value is False:
        return value
    raise FactsError(f"{path}.{key}", "must be true or false")


@dataclass(slots=True)
class Degree:
    level: str
    name: str
    conferred: datetime.date | None
    transcript: bool
    # "other degree specific to one's professional focus in infant mental health" (IMHS, IMHM).
    imh_specific: bool = False


@dataclass(slots=True)
class Credential:
    """College coursework without a degree, or a certificate (CDA, university IMH certificate …)."""

    kind: str
    label: str
    transcript: bool


@dataclass(slots=True)
class WorkPeriod:
    title: str
    employer: str
    start: datetime.date
    end: datetime.date
    paid: bool
    infant_related: bool
    families_served: int
    social_emotional_focus: bool
    relationship_focus: bool
    with_infant_and_parent: bool
    provides_rsc: bool
    policy_leadership: bool
    university_faculty: bool
    supervised: bool
    internship: bool
    internship_supervisor_endorsements: frozenset
    volunteer_specialized_training: bool
    accepted: bool | None
    index: int
    # Format 1, extended (see fixtures/FORMAT.md); absent keys read as false.
    mental_health_consultation: bool = False
    supervises_staff: bool = False
    # The flags the facts state at all, true or false: absent ones are unknown, not "no".
    stated: frozenset = frozenset()

    @property
    def label(self):
        return self.title or self.employer or f"work period {self.index + 1}"


@dataclass(slots=True)
class Training:
    title: str
    date: datetime.date
    hours: float
    about_rsc: bool


@dataclass(slots=True)
class RSCEntry:
    provider: str
    provider_endorsements: frozenset
    format: str
    start: datetime.date
    end: datetime.date
    hours: float
    about_rsc_provided: bool
    accepted: bool | None
    index: int


@dataclass(slots=True)
class Reference:
    role: str
    rater_endorsements: frozenset
    vetted: bool
    status: str
    not_enough_information: int
    submitted_on: datetime.date | None
    name: str


@dataclass(frozen=True)
class Exam:
    multiple_choice: str | None = None
    essay: str | None = None
    essay_track: str | None = None


@dataclass(frozen=True)
class Membership:
    association: str = ""
    expires: datetime.date | None = None


@dataclass(frozen=True)
class Facts:
    kind: str
    edition: str
    category: str
    as_of: datetime.date
    degrees: tuple = ()
    coursework: tuple = ()
    certificates: tuple = ()
    work: tuple = ()
    training: tuple = ()
    rsc: tuple = ()
    references: tuple = ()
    leadership_activities: tuple = ()
    exam: Exam = field(default_factory=Exam)
    code_of_ethics_signed: bool = False
    agreement_signed: bool = False
    membership: Membership = field(default_factory=Membership)
    # Renewal only.
    endorsed_on: datetime.date | None = None
    renewal_due: datetime.date | None = None
    # Where the renewal period really began, when the caller knows it: a first period longer
    # than one cycle (granted shortly before the association's renewal date) counts from then.
    period_starts_on: datetime.date | None = None
    provides_rsc: bool = False
    highest_degree: str | None = None
    years_endorsed_in_category: float | None = None
    submitted_on: datetime.date | None = None


class _Reader:
    """Reads one mapping, naming every field it complains about by its full path."""

    def __init__(self, data, path):
        if not isinstance(data, dict):
            raise FactsError(path or "facts", "must be an object (a mapping of names to values)")
        self.data = data
        self.path = path

    def _name(self, key):
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key, default=None):
        value = self.data.get(key, default)
        return default if value is None else value

    def text(self, key, default=""):
        value = self.raw(key, default)
        if not isinstance(value, str):
            raise FactsError(self._name(key), "must be text")
        return value.strip()

    def boolean(self, key, default=False):
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise FactsError(self._name(key), "must be true or false")
        return value

    def optional_boolean(self, key):
        value = self.data.get(key)
        if value is not None and not isinstance(value, bool):
            raise FactsError(self._name(key), "must be true, false or null")
        return value

    def date(self, key, required=False, default=None):
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                raise FactsError(self._name(key), "is required (a date as YYYY-MM-DD)")
            return default
        if type(value) is str:
            try:
                return _iso_date(value)
            except ValueError:
                pass
        elif isinstance(value, datetime.date):
            return value
        raise FactsError(self._name(key), f"must be a date as YYYY-MM-DD, not {value!r}")

    def number(self, key, default=0, required=False):
        value = self.data.get(key)
        if value is None:
            if required:
                raise FactsError(self._name(key), "is required (a number)")
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FactsError(self._name(key), f"must be a number, not {value!r}")
        if value != value or value in (float("inf"), float("-inf")):
            raise FactsError(self._name(key), "must be a finite number")
        if value < 0:
            raise FactsError(self._name(key), f"must not be negative (got {value})")
        return value

    def integer(self, key, default=0):
        value = self.number(key, default)
        if value != int(value):
            raise FactsError(self._name(key), f"must be a whole number, not {value!r}")
        return int(value)

    def choice(self, key, choices, default=None, required=False):
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                raise FactsError(self._name(key), f"is required: one of {', '.join(choices)}")
            return default
        if value not in choices:
            raise FactsError(self._name(key), f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def codes(self, key):
        value = self.raw(key, [])
        if not isinstance(value, list):
            raise FactsError(self._name(key), "must be a list of endorsement codes")
        for position, code in enumerate(value):
            if code not in ENDORSEMENT_CODES:
                raise FactsError(
                    f"{self._name(key)}[{position}]",
                    f"must be an endorsement code ({', '.join(ENDORSEMENT_CODES)}), not {code!r}",
                )
        return frozenset(value)

    def items(self, key):
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise FactsError(self._name(key), "must be a list")
        return [_Reader(item, f"{self._name(key)}[{position}]") for position, item in enumerate(value)]

    def child(self, key):
        value = self.data.get(key)
        return _Reader({} if value is None else value, self._name(key))

    def period(self, as_of):
        start = self.date("start", required=True)
        end = self.date("end")
        if end is not None and end < start:
            raise FactsError(self._name("end"), f"must not be before start ({start.isoformat()})")
        return start, (end if end is not None else max(as_of, start))


def _degree(item):
    return Degree(
        level=item.choice("level", DEGREE_LEVELS, required=True),
        name=item.text("name"),
        conferred=item.date("conferred"),
        transcript=item.boolean("transcript"),
        imh_specific=item.boolean("imh_specific"),
    )


WORK_FLAG_KEYS = (
    "paid",
    "infant_related",
    "social_emotional_focus",
    "relationship_focus",
    "with_infant_and_parent",
    "provides_rsc",
    "policy_leadership",
    "university_faculty",
    "supervised",
    "internship",
    "volunteer_specialized_training",
    "mental_health_consultation",
    "supervises_staff",
)


def _work(item, index, as_of):
    start, end = item.period(as_of)
    return WorkPeriod(
        title=item.text("title"),
        employer=item.text("employer"),
        start=start,
        end=end,
        paid=item.boolean("paid", True),
        infant_related=item.boolean("infant_related"),
        families_served=item.integer("families_served"),
        social_emotional_focus=item.boolean("social_emotional_focus"),
        relationship_focus=item.boolean("relationship_focus"),
        with_infant_and_parent=item.boolean("with_infant_and_parent"),
        provides_rsc=item.boolean("provides_rsc"),
        policy_leadership=item.boolean("policy_leadership"),
        university_faculty=item.boolean("university_faculty"),
        supervised=item.boolean("supervised"),
        internship=item.boolean("internship"),
        internship_supervisor_endorsements=item.codes("internship_supervisor_endorsements"),
        volunteer_specialized_training=item.boolean("volunteer_specialized_training"),
        accepted=item.optional_boolean("accepted"),
        index=index,
        mental_health_consultation=item.boolean("mental_health_consultation"),
        supervises_staff=item.boolean("supervises_staff"),
        stated=frozenset(key for key in WORK_FLAG_KEYS if item.data.get(key) is not None),
    )


def _rsc(item, index, as_of):
    start, end = item.period(as_of)
    return RSCEntry(
        provider=item.text("provider"),
        provider_endorsements=item.codes("provider_endorsements"),
        format=item.choice("format", ("individual", "group"), default="individual"),
        start=start,
        end=end,
        hours=item.number("hours", required=True),
        about_rsc_provided=item.boolean("about_rsc_provided"),
        accepted=item.optional_boolean("accepted"),
        index=index,
    )


def _reference(item):
    return Reference(
        role=item.choice("role", REFERENCE_ROLES, required=True),
        rater_endorsements=item.codes("rater_endorsements"),
        vetted=item.boolean("vetted"),
        status=item.choice("status", REFERENCE_STATUSES, default="requested"),
        not_enough_information=item.integer("not_enough_information"),
        submitted_on=item.date("submitted_on"),
        name=item.text("name"),
    )


def _training_entries(items):
    """The training log, checked with a lean path: applicants log hundreds of entries."""
    if items is None:
        return ()
    if not isinstance(items, list):
        raise FactsError("training", "must be a list")
    entries = []
    for position, item in enumerate(items):
        path = f"training[{position}]" if type(item) is not dict else None
        if path:
            raise FactsError(path, "must be an object (a mapping of names to values)")
        date = item.get("date")
        if date is None or date == "":
            raise FactsError(f"training[{position}].date", "is required (a date as YYYY-MM-DD)")
        title = item.get("title") or ""
        if not isinstance(title, str):
            raise FactsError(f"training[{position}].title", "must be text")
        entries.append(
            Training(
                title=title,
                date=_date_value(date, f"training[{position}].date"),
                hours=_hours_value(item.get("hours"), f"training[{position}].hours"),
                about_rsc=_flag(item, "about_rsc", f"training[{position}]"),
            )
        )
    return tuple(entries)


def parse_facts(data, *, today=None):
    """Turn a facts mapping into `Facts`; raise `FactsError` naming the first bad field."""
    root = _Reader(data, "")
    kind = root.choice("kind", ("application", "renewal"), default="application")
    edition = root.text("edition")
    if not edition:
        raise FactsError("edition", 'is required: the slug of an edition, e.g. "orimha"')
    category = root.text("category")
    if not category:
        raise FactsError("category", "is required: a category code such as IFS")
    as_of = root.date("as_of", default=today or datetime.date.today())

    exam = root.child("exam")
    membership = root.child("membership")
    leadership = [item.text("description") for item in root.items("leadership_activities")]
    return Facts(
        kind=kind,
        edition=edition,
        category=category,
        as_of=as_of,
        degrees=tuple(_degree(item) for item in root.items("degrees")),
        coursework=tuple(
            Credential("coursework", item.text("institution"), item.boolean("transcript"))
            for item in root.items("coursework")
        ),
        certificates=tuple(
            Credential(item.text("kind"), item.text("kind"), item.boolean("transcript"))
            for item in root.items("certificates")
        ),
        work=tuple(_work(item, index, as_of) for index, item in enumerate(root.items("work"))),
        training=_training_entries(data.get("training")),
        rsc=tuple(_rsc(item, index, as_of) for index, item in enumerate(root.items("rsc"))),
        references=tuple(_reference(item) for item in root.items("references")),
        leadership_activities=tuple(text for text in leadership if text),
        exam=Exam(
            multiple_choice=exam.choice("multiple_choice", EXAM_RESULTS),
            essay=exam.choice("essay", EXAM_RESULTS),
            essay_track=exam.choice("essay_track", ESSAY_TRACKS),
        ),
        code_of_ethics_signed=root.boolean("code_of_ethics_signed"),
        agreement_signed=root.boolean("agreement_signed"),
        membership=Membership(association=membership.text("association"), expires=membership.date("expires")),
        endorsed_on=root.date("endorsed_on", required=kind == "renewal"),
        renewal_due=root.date("renewal_due", required=kind == "renewal"),
        period_starts_on=root.date("period_starts_on"),
        provides_rsc=root.boolean("provides_rsc"),
        highest_degree=root.choice("highest_degree", DEGREE_LEVELS),
        years_endorsed_in_category=(
            root.number("years_endorsed_in_category")
            if root.data.get("years_endorsed_in_category") is not None
            else None
        ),
        submitted_on=root.date("submitted_on"),
    )
