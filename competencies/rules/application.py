"""Application requirements: one function per requirement key, each reading its rule data."""

import datetime
import re
from dataclasses import dataclass

from .facts import DEGREE_LEVELS, degree_rank
from .language import gettext as _
from .language import gettext_lazy, language, ngettext, pgettext, pgettext_lazy, plural_count
from .outcome import (
    MET,
    NEEDS_REVIEW,
    NOT_MET,
    NOT_REQUIRED,
    Outcome,
    join_words,
    number,
    plural,
    progress,
    worst,
    written,
)
from .periods import (
    HourDensity,
    add_months,
    calendar_days,
    calendar_years,
    clip,
    time_to_go,
    union_days,
    years_and_months,
)

# The degree levels in English, as the result's `have` reports them.
DEGREE_NAMES = {
    "associate": "Associate's",
    "bachelor": "Bachelor's",
    "master": "Master's",
    "doctorate": "Doctorate",
}
# The same levels in the active language, as sentences write them ("a %(degree)s degree").
DEGREE_WORDS = {
    "associate": pgettext_lazy("degree level", "Associate's"),
    "bachelor": pgettext_lazy("degree level", "Bachelor's"),
    "master": pgettext_lazy("degree level", "Master's"),
    "doctorate": pgettext_lazy("degree level", "Doctorate"),
}
# What a position must be for the work to count, written to follow "it is" / "while".
WORK_FLAGS = {
    "infant_related": gettext_lazy("serving infants/toddlers (birth to 36 months) and their families"),
    "social_emotional_focus": gettext_lazy(
        "with a primary focus on the infant/toddler's social-emotional needs"
    ),
    "relationship_focus": gettext_lazy(
        "focused on promoting the relationships surrounding the infant/toddler"
    ),
    "with_infant_and_parent": gettext_lazy(
        "with both the infant/toddler and the parent(s), on behalf of their relationship"
    ),
    "supervised": pgettext_lazy("work", "supervised"),
    "provides_rsc": gettext_lazy("providing reflective supervision/consultation to others"),
    "policy_leadership": gettext_lazy("as a leader in policy and/or program administration"),
    "university_faculty": gettext_lazy("as a university leader teaching and/or publishing research"),
    "volunteer_specialized_training": gettext_lazy("with specialized training"),
    "mental_health_consultation": gettext_lazy(
        "providing mental health consultation (birth to 36 months) through a relational lens "
        "with a focus on social-emotional development"
    ),
    "supervises_staff": gettext_lazy("supervising staff who provide these services"),
}
# The rater roles in English: the reference form's choices and the history's notes read them.
ROLE_NAMES = {
    "program_supervisor": "program supervisor",
    "current_supervisor": "current supervisor",
    "rsc_provider": "RS/C provider",
    "rsc_recipient": "person receiving RS/C from you",
    "department_chair": "department supervisor or chair",
    "student": "student",
    "supervisee": "supervisee",
    "other_supervisor": "another supervisor",
    "teacher": "teacher",
    "trainer": "trainer",
    "consultant": "consultant",
    "colleague": "colleague",
    "parent": "parent or recipient of services",
    "cda_mentor": "CDA mentor",
    "board_member": "Board member",
}
# The same roles in the active language, as the engine's sentences name them.
ROLE_WORDS = {
    "program_supervisor": pgettext_lazy("rater role", "program supervisor"),
    "current_supervisor": pgettext_lazy("rater role", "current supervisor"),
    "rsc_provider": pgettext_lazy("rater role", "RS/C provider"),
    "rsc_recipient": pgettext_lazy("rater role", "person receiving RS/C from you"),
    "department_chair": pgettext_lazy("rater role", "department supervisor or chair"),
    "student": pgettext_lazy("rater role", "student"),
    "supervisee": pgettext_lazy("rater role", "supervisee"),
    "other_supervisor": pgettext_lazy("rater role", "another supervisor"),
    "teacher": pgettext_lazy("rater role", "teacher"),
    "trainer": pgettext_lazy("rater role", "trainer"),
    "consultant": pgettext_lazy("rater role", "consultant"),
    "colleague": pgettext_lazy("rater role", "colleague"),
    "parent": pgettext_lazy("rater role", "parent or recipient of services"),
    "cda_mentor": pgettext_lazy("rater role", "CDA mentor"),
    "board_member": pgettext_lazy("rater role", "Board member"),
}
ESSAY_TRACK_NAMES = {
    "clinical": pgettext_lazy("essay track", "Clinical"),
    "policy": pgettext_lazy("essay track", "Policy"),
    "research_faculty": pgettext_lazy("essay track", "Research/Faculty"),
}


def not_required(key, params, category_name):
    note = params.get("note") or _("Not required for %(category)s.") % {"category": category_name}
    return Outcome(key, NOT_REQUIRED, note)


def degree_conferred(degree, as_of):
    return degree.conferred is None or degree.conferred <= as_of


def post_degree_start(facts, level):
    """The day from which post-degree experience counts, or None when there is no such degree.

    A qualifying degree without a conferral date lets experience count from any date.
    """
    if not level:
        return datetime.date.min
    qualifying = [
        degree
        for degree in facts.degrees
        if degree_rank(degree.level) >= degree_rank(level) and degree_conferred(degree, facts.as_of)
    ]
    if not qualifying:
        return None
    dates = [degree.conferred for degree in qualifying]
    return datetime.date.min if None in dates else min(dates)


def degree_label(degree):
    """ "Master's degree (MSW)"."""
    if degree.name:
        return _("%(degree)s degree (%(name)s)") % {"degree": DEGREE_WORDS[degree.level], "name": degree.name}
    return _("%(degree)s degree") % {"degree": DEGREE_WORDS[degree.level]}


def degree_or_higher(level):
    return _("a %(degree)s degree or higher") % {"degree": DEGREE_WORDS[level]}


def coursework_label(coursework):
    if coursework.label:
        return _("coursework at %(institution)s") % {"institution": coursework.label}
    return _("coursework at a college")


# --- education -------------------------------------------------------------------------


def education(facts, params, context):
    key = "education"
    if params.get("required") is False:
        return not_required(key, params, context["category_name"])
    conferred = [d for d in facts.degrees if degree_conferred(d, facts.as_of)]
    details = []
    satisfied = pending = None
    shortfall = []
    for path in params.get("paths", []):
        kind = path["kind"]
        needs_transcript = path.get("transcript", True)
        if kind == "imh_degree":
            # "or other degree specific to one's professional focus in infant mental health":
            # whether it is specific enough is the reviewers' judgment.
            specific = [d for d in conferred if d.imh_specific]
            documented = [d for d in specific if d.transcript or not needs_transcript]
            if documented:
                pending = pending or _(
                    "your %(degree)s, offered as a degree specific to your professional focus in "
                    "infant mental health; the reviewers decide"
                ) % {"degree": degree_label(documented[0])}
            elif specific:
                shortfall.append(
                    _("upload the official transcript of your %(degree)s")
                    % {"degree": degree_label(specific[0])}
                )
        elif kind == "degree":
            level = path["min_level"]
            candidates = [d for d in conferred if degree_rank(d.level) >= degree_rank(level)]
            with_transcript = [d for d in candidates if d.transcript or not needs_transcript]
            if with_transcript:
                best = max(with_transcript, key=lambda d: degree_rank(d.level))
                satisfied = satisfied or (
                    _("%(degree)s with official transcript") % {"degree": degree_label(best)}
                    if needs_transcript
                    else degree_label(best)
                )
            elif candidates:
                shortfall.append(
                    _("upload the official transcript of your %(degree)s")
                    % {"degree": degree_label(candidates[0])}
                )
            else:
                shortfall.append(
                    _("%(degree_or_higher)s is needed") % {"degree_or_higher": degree_or_higher(level)}
                )
        elif kind == "coursework":
            items = [degree_label(d) for d in conferred if d.transcript or not needs_transcript]
            items += [coursework_label(c) for c in facts.coursework if c.transcript or not needs_transcript]
            if items:
                satisfied = satisfied or _("official transcript of your %(item)s") % {"item": items[0]}
            elif conferred or facts.coursework:
                shortfall.append(_("upload the official transcript of your academic coursework"))
            else:
                shortfall.append(path.get("label") or _("academic coursework with official transcripts"))
        elif kind == "certificate":
            kinds = set(path.get("certificates", []))
            items = [c for c in facts.certificates if c.kind in kinds]
            documented = [c for c in items if c.transcript or not needs_transcript]
            if documented:
                satisfied = satisfied or _("%(kind)s transcript/certificate") % {"kind": documented[0].kind}
            elif items:
                shortfall.append(
                    _("upload the official transcript/certificate of your %(kind)s") % {"kind": items[0].kind}
                )
            else:
                shortfall.append(
                    path.get("label")
                    or _("a %(kinds)s certificate") % {"kinds": join_words(sorted(kinds), "or")}
                )

    if params.get("all_transcripts"):
        missing = [degree_label(d) for d in conferred if not d.transcript]
        missing += [coursework_label(c) for c in facts.coursework if not c.transcript]
        if missing:
            details.append(
                _(
                    "Official transcripts from all degrees and college credits are required; missing for: %(missing)s."
                )
                % {"missing": join_words(missing)}
            )
            if satisfied or pending:
                return Outcome(
                    key,
                    NOT_MET,
                    _("%(have)s; transcripts still missing for %(missing)s")
                    % {"have": satisfied or pending, "missing": join_words(missing)},
                    have=satisfied,
                    need=_("official transcripts from all degrees earned"),
                    details=details,
                )

    need = describe_education_need(params)
    highest = max(conferred, key=lambda d: degree_rank(d.level), default=None)
    have = DEGREE_NAMES[highest.level] if highest else None
    if satisfied:
        return Outcome(key, MET, met(satisfied), have=have or satisfied, need=need, details=details)
    if pending:
        summary = _("Needs review: %(what)s") % {"what": pending}
        return Outcome(key, NEEDS_REVIEW, summary, have=have, need=need, details=details)
    if shortfall:
        alternatives = pgettext("between alternatives in a summary", "; or ").join(dict.fromkeys(shortfall))
        summary = not_yet_met(alternatives)
    else:
        summary = need
    return Outcome(key, NOT_MET, summary, have=have, need=need, details=details)


def met(what):
    return _("Met: %(what)s") % {"what": what}


def not_yet_met(what):
    return _("Not yet met: %(what)s") % {"what": what}


def describe_education_need(params):
    parts = []
    for path in params.get("paths", []):
        if path["kind"] == "degree":
            parts.append(degree_or_higher(path["min_level"]))
        elif path.get("label"):
            parts.append(path["label"])
    return join_words(parts, "or")


# --- work experience --------------------------------------------------------------------


def _flags_ok(period, flags):
    return all(getattr(period, flag) for flag in flags)


def _work_component(facts, component):
    """Returns (status, summary, have_years, details) for one component of the requirement.

    Years are calendar years: the days counted (overlaps once) are laid end to end from the
    first of them, so 2019-07-01 to 2021-06-30 is two years and one day less is not.
    """
    years_needed = component["years"]
    flags = component.get("require", [])
    start_from = post_degree_start(facts, component.get("post_degree"))
    details = []
    definite, pending, internships_definite, internships_pending = [], [], [], []
    families_definite = families_pending = 0
    volunteer = component.get("volunteer")
    internship = component.get("internship")

    for period in facts.work:
        if period.accepted is False:
            continue
        bounds = (period.start, period.end)
        is_internship = bool(internship) and period.internship
        if is_internship:
            codes = set(internship.get("supervisor_endorsements", []))
            if not (period.internship_supervisor_endorsements & codes) or not _flags_ok(period, flags):
                details.append(
                    _(
                        "The internship “%(work)s” counts only with an endorsed supervisor "
                        "(%(codes)s) and the same kind of work."
                    )
                    % {"work": period.label, "codes": join_words(sorted(codes), "or")}
                )
                continue
            clipped = clip(*bounds, not_after=facts.as_of)
            if clipped is None:
                continue
            target = internships_definite if period.accepted else internships_pending
            target.append(clipped)
            if period.accepted:
                families_definite += period.families_served
            families_pending += period.families_served
            continue

        if component.get("paid") and not period.paid:
            if volunteer and _flags_ok(period, volunteer.get("require", [])):
                clipped = clip(*bounds, not_before=start_from, not_after=facts.as_of) if start_from else None
                if clipped:
                    (definite if period.accepted else pending).append(clipped)
                    if period.accepted:
                        families_definite += period.families_served
                    families_pending += period.families_served
            else:
                details.append(
                    _("“%(work)s” is not paid work, so it does not count here.") % {"work": period.label}
                )
            continue
        if not _flags_ok(period, flags):
            missing = [WORK_FLAGS[flag] for flag in flags if not getattr(period, flag)]
            details.append(
                _("“%(work)s” does not count: it is not %(missing)s.")
                % {"work": period.label, "missing": join_words(missing)}
            )
            continue
        if start_from is None:
            continue
        clipped = clip(*bounds, not_before=start_from, not_after=facts.as_of)
        if clipped is None:
            if period.start <= facts.as_of:
                details.append(
                    _("“%(work)s” ended before your degree was conferred, so it does not count.")
                    % {"work": period.label}
                )
            continue
        if clipped[0] > period.start:
            details.append(
                _("“%(work)s” counts from %(date)s, when your %(degree)s degree was conferred.")
                % {
                    "work": period.label,
                    "date": written(clipped[0]),
                    "degree": DEGREE_WORDS[component["post_degree"]],
                }
            )
        definite.append(clipped)
        families_definite += period.families_served
        families_pending += period.families_served

    if start_from is None:
        details.insert(
            0,
            _("Only work after your %(degree)s degree counts; add the degree with its conferral date.")
            % {"degree": DEGREE_WORDS[component["post_degree"]]},
        )

    max_internship_years = (internship or {}).get("max_years", 0)

    def total_days(regular, internships):
        """(days counted, first day counted): internship days beyond the cap do not count."""
        base = union_days(regular)
        extra = union_days(regular + internships) - base
        if internships:
            extra = min(extra, calendar_days(min(start for start, _ in internships), max_internship_years))
        starts = [start for start, _ in regular + internships]
        return base + extra, (min(starts) if starts else facts.as_of)

    days_definite, anchor_definite = total_days(definite, internships_definite)
    days_all, anchor_all = total_days(definite + pending, internships_definite + internships_pending)
    min_families = component.get("min_families", 0)

    def ok(day_count, anchor, families):
        return day_count >= calendar_days(anchor, years_needed) and families >= min_families

    if ok(days_definite, anchor_definite, families_definite):
        status = MET
    elif ok(days_all, anchor_all, families_pending):
        status = NEEDS_REVIEW
        details.append(
            _("This depends on experience the Endorsement Coordinator must accept (volunteer experience).")
            if pending
            else _(
                "This depends on experience the Endorsement Coordinator must accept (a graduate internship)."
            )
        )
    else:
        status = NOT_MET
    shown_days, anchor = (days_definite, anchor_definite) if status == MET else (days_all, anchor_all)
    need_days = calendar_days(anchor, years_needed)
    what = component["short_label"] if "short_label" in component else _("qualifying work")
    words = {
        "have": years_and_months(shown_days, anchor),
        "need": plural(years_needed, "year"),
        "what": what,
    }
    if shown_days < need_days:
        summary = _("%(have)s of the %(need)s of %(what)s needed — %(to_go)s to go") % {
            **words,
            "to_go": time_to_go(need_days - shown_days),
        }
    else:
        summary = _("%(have)s of the %(need)s of %(what)s needed") % words
    if min_families:
        families = families_definite if status == MET else families_pending
        words = {"have": number(families), "need": min_families, "to_go": min_families - families}
        if families < min_families:
            served = ngettext(
                "%(have)s of %(need)s families with infants/toddlers served — %(to_go)s to go",
                "%(have)s of %(need)s families with infants/toddlers served — %(to_go)s to go",
                min_families - families,
            )
        else:
            served = ngettext(
                "%(have)s of %(need)s families with infants/toddlers served",
                "%(have)s of %(need)s families with infants/toddlers served",
                min_families,
            )
        summary += "; " + served % words
    # Calendar months counted, in years, rounded down: never more than the summary says.
    have_years = calendar_years(anchor, shown_days)
    return status, summary, have_years, details


def work_experience(facts, params, context):
    key = "work_experience"
    if params.get("required") is False:
        return not_required(key, params, context["category_name"])
    statuses, summaries, details, haves, needs = [], [], [], [], []
    for component in params.get("components", []):
        status, summary, have, component_details = _work_component(facts, component)
        statuses.append(status)
        summaries.append(summary)
        details.extend(component_details)
        haves.append(have)
        needs.append(component["years"])
    status = worst(statuses) if statuses else NOT_REQUIRED
    return Outcome(
        key,
        status,
        "; ".join(summaries),
        have=haves[0] if len(haves) == 1 else haves,
        need=needs[0] if len(needs) == 1 else needs,
        details=list(dict.fromkeys(details)),
    )


# --- training ---------------------------------------------------------------------------


def training(facts, params, context):
    key = "training"
    if params.get("required") is False:
        return not_required(key, params, context["category_name"])
    counted = [entry for entry in facts.training if entry.date <= facts.as_of]
    details = []
    future = len(facts.training) - len(counted)
    if future:
        details.append(
            ngettext(
                "%(count)s training dated after %(date)s not counted yet.",
                "%(count)s trainings dated after %(date)s not counted yet.",
                future,
            )
            % {"count": future, "date": written(facts.as_of)}
        )
    hours = round(sum(entry.hours for entry in counted), 2)
    need = params["min_hours"]
    status = MET if hours >= need else NOT_MET
    summary = progress(hours, need, "clock hours")
    didactic_need = params.get("rsc_didactic_hours")
    if didactic_need:
        didactic = round(sum(entry.hours for entry in counted if entry.about_rsc), 2)
        summary += "; " + progress(didactic, didactic_need, "didactic RS/C hours")
        if didactic < didactic_need:
            status = NOT_MET
    return Outcome(key, status, summary, have=hours, need=need, details=details)


# --- reflective supervision/consultation ------------------------------------------------


def best_window(entries, timeframe, start_from, as_of, *, need=0.0, about_need=0.0, density=None):
    """(hours, about-own-RS/C hours, span ok) of the best period the timeframe allows.

    Hours of an entry spread evenly over its days; only days from `start_from` to
    `as_of` count. With a timeframe [shortest, longest] in months, the hours must
    fall within one period of at most `longest` months, and the days with RS/C in
    it must extend over at least `shortest` months. The best period starts on the
    first day of an entry or ends on the last day of one, so only those are tried.
    """
    if not entries:
        return 0.0, 0.0, False
    density = density or HourDensity(entries)
    about = HourDensity([e for e in entries if e.about_rsc_provided]) if about_need else None
    low = max(start_from, min(e.start for e in entries))
    high = as_of
    if high < low:
        return 0.0, 0.0, False
    if not timeframe:
        return (
            round(density.hours(low, high), 2),
            round(about.hours(low, high), 2) if about else 0.0,
            True,
        )
    shortest, longest = timeframe
    windows = {}
    for entry in entries:
        start = max(entry.start, low)
        windows.setdefault(start, min(add_months(start, longest), high))
        end = min(entry.end, high)
        start = max(add_months(end, -longest), low)
        windows.setdefault(start, min(add_months(start, longest), high))
    # A period meeting every condition beats one that merely has more hours. Trying the
    # periods with the most hours first, the first complete one is the answer.
    ranked = sorted(
        ((round(density.hours(start, end), 2), start, end) for start, end in windows.items() if end >= start),
        key=lambda item: (-item[0], item[1]),
    )
    best = None
    for hours, start, end in ranked:
        about_hours = round(about.hours(start, end), 2) if about else 0.0
        span = density.covered_span(start, end)
        span_ok = span is not None and span[1] >= add_months(span[0], shortest) - datetime.timedelta(days=1)
        if span_ok and hours >= need and about_hours >= about_need:
            return hours, about_hours, True
        share = min(hours / need, 1) if need else 1
        if about_need:
            share += min(about_hours / about_need, 1)
        candidate = (span_ok, share, hours, about_hours)
        if best is None or candidate > best:
            best = candidate
    if best is None:
        return 0.0, 0.0, False
    return best[2], best[3], best[0]


def qualifying_provider(params, provider_endorsements):
    """Whether RS/C from a provider with these endorsement codes counts without the coordinator's
    judgment: the provider holds one of the endorsements the requirement names."""
    return bool(set(provider_endorsements) & set(params.get("providers", [])))


def reflective_supervision(facts, params, context):
    key = "reflective_supervision"
    if params.get("required") is False:
        return not_required(key, params, context["category_name"])
    need = params["min_hours"]
    about_need = params.get("about_rsc_provided_hours", 0)
    timeframe = params.get("timeframe_months")
    providers = set(params.get("providers", []))
    fallback = set((params.get("fallback_providers") or {}).get("codes", []))
    details = []

    start_from = post_degree_start(facts, params.get("post_degree"))
    if start_from is None:
        details.append(
            _(
                "Only RS/C received after your %(degree)s degree counts; add the degree with its conferral date."
            )
            % {"degree": DEGREE_WORDS[params["post_degree"]]}
        )

    definite, pending, excluded_hours = [], [], 0.0
    for entry in facts.rsc:
        if entry.accepted is False:
            excluded_hours += entry.hours
        elif entry.accepted or qualifying_provider(params, entry.provider_endorsements):
            definite.append(entry)
        elif entry.provider_endorsements & fallback:
            pending.append(entry)
        else:
            excluded_hours += entry.hours
    if excluded_hours:
        details.append(
            ngettext(
                "%(count)s hour from providers not endorsed as %(codes)s do not count.",
                "%(count)s hours from providers not endorsed as %(codes)s do not count.",
                plural_count(round(excluded_hours, 2)),
            )
            % {"count": number(round(excluded_hours, 2)), "codes": join_words(sorted(providers), "or")}
        )

    review_notes = []
    if pending:
        note = (params.get("fallback_providers") or {}).get("note")
        review_notes.append(note if note is not None else _("A provider must be accepted."))
    clause = params.get("while_working")
    if clause:
        definite, pending, work_details, work_note = _while_working(facts, clause, definite, pending)
        details.extend(work_details)
        if work_note:
            review_notes.append(work_note)

    eligible = HourDensity(definite + pending)
    if start_from is None:
        hours_d = about_d = hours_a = about_a = 0.0
        span_d = span_a = False
    else:
        limits = {"need": need, "about_need": about_need}
        hours_a, about_a, span_a = best_window(
            definite + pending, timeframe, start_from, facts.as_of, **limits, density=eligible
        )
        if pending:
            hours_d, about_d, span_d = best_window(definite, timeframe, start_from, facts.as_of, **limits)
        else:
            hours_d, about_d, span_d = hours_a, about_a, span_a
        outside = eligible.total - eligible.hours(start_from, facts.as_of)
        if outside > 0.005:
            words = {
                "count": number(round(outside, 2)),
                "conferred": written(start_from) if start_from > datetime.date.min else "",
                "date": written(facts.as_of),
            }
            n = plural_count(round(outside, 2))
            if start_from > datetime.date.min:
                text = ngettext(
                    "%(count)s hour received before your degree was conferred (%(conferred)s) or after "
                    "%(date)s do not count.",
                    "%(count)s hours received before your degree was conferred (%(conferred)s) or after "
                    "%(date)s do not count.",
                    n,
                )
            else:
                text = ngettext(
                    "%(count)s hour received after %(date)s do not count.",
                    "%(count)s hours received after %(date)s do not count.",
                    n,
                )
            details.append(text % words)

    def ok(hours, about, span):
        return hours >= need and about >= about_need and span

    if ok(hours_d, about_d, span_d):
        status, hours, about, span = MET, hours_d, about_d, span_d
    elif ok(hours_a, about_a, span_a):
        status, hours, about, span = NEEDS_REVIEW, hours_a, about_a, span_a
        details.extend(review_notes)
    else:
        status, hours, about, span = NOT_MET, hours_a, about_a, span_a

    if timeframe:
        summary = progress(
            hours, need, "clock hours within a timeframe", timeframe=timeframe_words(timeframe)
        )
    else:
        summary = progress(hours, need, "clock hours")
    if about_need:
        summary += "; " + progress(about, about_need, "hours about RS/C provided")
    if status == NEEDS_REVIEW:
        summary += " — " + review_notes[-1][0].lower() + review_notes[-1][1:].rstrip(".")
    if timeframe and hours >= need and not span:
        summary += " — " + _("but it must extend over at least %(months)s") % {
            "months": plural(timeframe[0], "month")
        }
    if start_from is not None and timeframe and eligible.hours(start_from, facts.as_of) - hours > 0.005:
        details.append(
            ngettext(
                "Only hours within one %(timeframe)s period count; the best such period has %(hours)s hours.",
                "Only hours within one %(timeframe)s period count; the best such period has %(hours)s hours.",
                plural_count(hours),
            )
            % {"timeframe": timeframe_words(timeframe), "hours": number(hours)}
        )
    return Outcome(key, status, summary, have=hours, need=need, details=details)


@dataclass(slots=True)
class _RSCPiece:
    """The part of an RS/C entry that falls within some days, with its share of the hours."""

    start: datetime.date
    end: datetime.date
    hours: float
    about_rsc_provided: bool


def _merged(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + datetime.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(span) for span in merged]


def _pieces(entries, spans):
    pieces = []
    for entry in entries:
        length = (entry.end - entry.start).days + 1
        for start, end in spans:
            overlap = clip(entry.start, entry.end, not_before=start, not_after=end)
            if overlap:
                share = entry.hours * ((overlap[1] - overlap[0]).days + 1) / length
                pieces.append(_RSCPiece(overlap[0], overlap[1], share, entry.about_rsc_provided))
    return pieces


def _hours(entries):
    return round(sum(entry.hours for entry in entries), 2)


def _while_working(facts, clause, definite, pending):
    """RS/C counts only on days the applicant was doing the work the category names.

    Returns (definite, pending, details, review note): hours on days of qualifying work stay
    as they were; hours on days of work that does not say whether it qualifies, or any hours
    when no work is recorded at all, need the coordinator; hours on other days do not count.
    """
    flags = clause["any_of"]
    what = clause.get("short_label") or clause.get("label") or _("doing the qualifying work")
    qualifying, unknown = [], []
    for period in facts.work:
        if period.accepted is False:
            continue
        if any(getattr(period, flag) for flag in flags):
            qualifying.append((period.start, period.end))
        elif any(flag not in period.stated for flag in flags):
            unknown.append((period.start, period.end))
    details = []
    if not facts.work:
        everything = [(datetime.date.min, datetime.date.max)]
        note = _(
            "RS/C counts only while %(what)s: add the work you were doing while you received it, "
            "or the Endorsement Coordinator decides."
        ) % {"what": what}
        return [], _pieces(definite + pending, everything), details, note if definite or pending else ""
    qualifying = _merged(qualifying)
    unknown = _subtract(_merged(unknown), qualifying)
    counted = _pieces(definite, qualifying)
    undecided = _pieces(definite + pending, unknown)
    review = _pieces(pending, qualifying) + undecided
    dropped = _hours(definite + pending) - _hours(counted) - _hours(review)
    if dropped > 0.005:
        details.append(
            ngettext(
                "%(count)s hour of RS/C received when your work record does not show you %(what)s "
                "do not count: RS/C counts only while %(what)s.",
                "%(count)s hours of RS/C received when your work record does not show you %(what)s "
                "do not count: RS/C counts only while %(what)s.",
                plural_count(round(dropped, 2)),
            )
            % {"count": number(round(dropped, 2)), "what": what}
        )
    note = ""
    if undecided:
        note = _(
            "RS/C counts only while %(what)s: say whether your work at the time was, "
            "or the Endorsement Coordinator decides."
        ) % {"what": what}
    return counted, review, details, note


def _subtract(spans, taken):
    """The days of `spans` outside every span of `taken` (both merged, sorted)."""
    day = datetime.timedelta(days=1)
    left = []
    for start, end in spans:
        for t_start, t_end in taken:
            if t_end < start or t_start > end:
                continue
            if t_start > start:
                left.append((start, t_start - day))
            start = t_end + day
            if start > end:
                break
        if start <= end:
            left.append((start, end))
    return left


def timeframe_words(timeframe):
    """ "one- to two-year", as in "within a one- to two-year timeframe"."""
    low, high = (months / 12 for months in timeframe)
    if low == int(low) and high == int(high):
        words = {
            1: pgettext("a number of years", "one"),
            2: pgettext("a number of years", "two"),
            3: pgettext("a number of years", "three"),
        }
        return pgettext("a timeframe", "%(low)s- to %(high)s-year") % {
            "low": words.get(int(low), number(low)),
            "high": words.get(int(high), number(high)),
        }
    return pgettext("a timeframe", "%(low)s- to %(high)s-month") % {"low": timeframe[0], "high": timeframe[1]}


# --- references -------------------------------------------------------------------------


def _slot_wanted(slot):
    """ "one from your current program supervisor": the slot's label is the association's English
    wording, so in another language the slot is named by its roles."""
    if language().startswith("en") or not language():
        return _("one from %(rater)s") % {"rater": slot["label"]}
    roles = join_words([str(ROLE_WORDS[role]) for role in slot["roles"]], "or")
    return _("one from a %(roles)s") % {"roles": roles}


def _match_slots(slots, references):
    """Assign distinct references to slots, preferring a slot's own roles over its fallback."""
    best = None

    def search(index, used, filled, fallbacks):
        nonlocal best
        if index == len(slots):
            score = (filled, -fallbacks)
            if best is None or score > best[0]:
                best = (score, dict(used))
            return
        slot = slots[index]
        options = [
            (i, False) for i, r in enumerate(references) if i not in used.values() and r.role in slot["roles"]
        ]
        options += [
            (i, True)
            for i, r in enumerate(references)
            if i not in used.values() and r.role in slot.get("fallback_roles", [])
        ]
        for position, is_fallback in options[:6]:
            used[index] = position
            search(index + 1, used, filled + 1, fallbacks + is_fallback)
            del used[index]
        search(index + 1, used, filled, fallbacks)

    search(0, {}, 0, 0)
    return best[1] if best else {}


def references(facts, params, context):
    key = "references"
    if params.get("required") is False:
        return not_required(key, params, context["category_name"])
    reference_day = facts.submitted_on or facts.as_of
    max_unrated = params.get("max_not_enough_information")
    max_age = params.get("max_age_days")
    allowed_roles = set(params.get("allowed_roles", []))
    slots = params.get("slots", [])
    conditional_roles = {role for slot in slots for role in slot.get("roles_if_supervisor", [])}
    supervisor = applicant_supervises(facts, reference_day) if conditional_roles else None
    if supervisor is False:
        allowed_roles -= conditional_roles
    details, counted = [], []
    for reference in facts.references:
        who = reference.name or _("your %(role)s") % {"role": ROLE_WORDS[reference.role]}
        role = ROLE_WORDS[reference.role]
        if reference.status == "declined":
            declined = _("%(rater)s declined to rate you: invite someone else.") % {"rater": who}
            details.append(declined[0].upper() + declined[1:])
            continue
        if reference.status != "submitted":
            continue
        if supervisor is False and reference.role in conditional_roles:
            details.append(
                _(
                    "The rating from %(rater)s does not count: a %(role)s may rate you only if you are "
                    "a supervisor, and your current work is not supervising staff."
                )
                % {"rater": who, "role": role}
            )
            continue
        if allowed_roles and reference.role not in allowed_roles:
            details.append(
                _(
                    "The rating from %(rater)s does not count: a %(role)s is not among the raters the "
                    "guidelines name for this category."
                )
                % {"rater": who, "role": role}
            )
            continue
        if max_unrated is not None and reference.not_enough_information > max_unrated:
            details.append(
                ngettext(
                    "The rating from %(rater)s marks %(count)s areas “not enough information” and does "
                    "not count: ask another rater who knows your work well.",
                    "The rating from %(rater)s marks %(count)s areas “not enough information” and does "
                    "not count: ask another rater who knows your work well.",
                    reference.not_enough_information,
                )
                % {"rater": who, "count": reference.not_enough_information}
            )
            continue
        if (
            max_age is not None
            and reference.submitted_on is not None
            and (reference_day - reference.submitted_on).days > max_age
        ):
            details.append(
                _(
                    "The rating from %(rater)s is more than a year old and no longer counts: ask for a new one."
                )
                % {"rater": who}
            )
            continue
        counted.append(reference)

    need = params.get("count", 3)
    plain_slots = [slot | {"roles": slot["roles"]} for slot in slots]
    open_slots = [slot | {"roles": slot["roles"] + slot.get("roles_if_supervisor", [])} for slot in slots]
    sure = [r for r in counted if supervisor or r.role not in conditional_roles]
    assignment = _match_slots(open_slots if supervisor else plain_slots, sure)
    missing_slots = [slot for index, slot in enumerate(slots) if index not in assignment]
    complete = len(sure) >= need and not missing_slots
    statuses = [MET if complete else NOT_MET]
    summary = progress(len(counted), need, "ratings")
    if not complete and supervisor is None and len(sure) < len(counted):
        # A rater the guidelines accept only "if applicant is a supervisor", and the work record
        # does not say whether the applicant is one.
        assignment = _match_slots(open_slots, counted)
        missing_slots = [slot for index, slot in enumerate(slots) if index not in assignment]
        if len(counted) >= need and not missing_slots:
            statuses = [NEEDS_REVIEW]
            roles = join_words(sorted(str(ROLE_WORDS[role]) for role in conditional_roles), "or")
            summary += "; " + _(
                "a %(roles)s counts only if you are a supervisor: say so in your work experience, "
                "or the Endorsement Coordinator decides"
            ) % {"roles": roles}
    if missing_slots:
        one_from = [_slot_wanted(slot) for slot in missing_slots]
        summary += "; " + _("still needed: %(raters)s") % {"raters": join_words(one_from)}

    endorsed = params.get("endorsed")
    if endorsed:
        codes = set(endorsed["codes"])
        endorsed_count = sum(1 for r in counted if r.rater_endorsements & codes)
        vetted_count = sum(
            1 for r in counted if endorsed.get("vetting") and not r.rater_endorsements & codes and r.vetted
        )
        unvetted = sum(
            1
            for r in counted
            if endorsed.get("vetting") and not r.rater_endorsements & codes and not r.vetted
        )
        if endorsed_count + vetted_count >= endorsed["min"]:
            statuses.append(MET)
        elif endorsed_count + vetted_count + unvetted >= endorsed["min"]:
            statuses.append(NEEDS_REVIEW)
            summary += "; " + _("a rater who is not endorsed must be vetted by the Endorsement Coordinator")
        else:
            statuses.append(NOT_MET)
            words = {"codes": join_words(_code_groups(codes), "or")}
            if endorsed.get("vetting"):
                summary += (
                    "; "
                    + _(
                        "at least one rater must be endorsed (%(codes)s) or vetted by the Endorsement Coordinator"
                    )
                    % words
                )
            else:
                summary += "; " + _("at least one rater must be endorsed (%(codes)s)") % words
    return Outcome(key, worst(statuses), summary, have=len(counted), need=need, details=details)


def applicant_supervises(facts, day):
    """Whether the applicant is a supervisor on `day`, as the work record says: True, False or None.

    Supervising staff or providing RS/C to others in a position held that day says yes; every
    position held that day saying it supervises no one says no; anything else cannot tell.
    """
    current = [p for p in facts.work if p.accepted is not False and p.start <= day <= p.end]
    if any(p.supervises_staff or p.provides_rsc for p in current):
        return True
    if current and all("supervises_staff" in p.stated for p in current):
        return False
    return None


def _code_groups(codes):
    ordered = [c for c in ("IFA", "ECFA", "IFS", "ECFS", "IMHS", "ECMHS", "IMHM", "ECMHM", "ERS")]
    present = []
    for code in ordered:
        if code in codes or any(c.startswith(code + "-") for c in codes):
            present.append(code)
    return present


# --- leadership, exam, signatures, membership --------------------------------------------


def leadership_activities(facts, params, context):
    key = "leadership_activities"
    if not params or params.get("required") is False:
        return not_required(key, params or {}, context["category_name"])
    need = params.get("min_count", 1)
    have = len(facts.leadership_activities)
    summary = progress(have, need, "leadership activities")
    return Outcome(key, MET if have >= need else NOT_MET, summary, have=have, need=need)


def exam(facts, params, context):
    key = "exam"
    if not params or params.get("required") is False:
        return not_required(key, params or {}, context["category_name"])
    parts = params.get("parts", ["multiple_choice", "essay"])
    # The result's have/need name the parts in English; the sentences in the active language.
    names = {"multiple_choice": "multiple-choice", "essay": "essay"}
    words = {
        "multiple_choice": pgettext("exam part", "multiple-choice"),
        "essay": pgettext("exam part", "essay"),
    }
    results = {part: getattr(facts.exam, part) for part in parts}
    passed = [p for p, r in results.items() if r == "passed"]
    failed = [p for p, r in results.items() if r == "failed"]
    waiting = [p for p, r in results.items() if r is None]
    have, need = [names[p] for p in passed], [names[p] for p in parts]

    def portions(chosen):
        return join_words(words[p] for p in chosen)

    track = params.get("essay_track")
    details = []
    if track and "essay" in parts and facts.exam.essay == "passed" and facts.exam.essay_track != track:
        recorded = facts.exam.essay_track
        values = {"category": context["category_name"], "track": ESSAY_TRACK_NAMES[track]}
        if recorded:
            summary = _(
                "The essay was passed on the %(recorded)s track; %(category)s needs the %(track)s essay"
            ) % {**values, "recorded": ESSAY_TRACK_NAMES[recorded]}
        else:
            summary = (
                _(
                    "The essay was passed but its track is not recorded; %(category)s needs the %(track)s essay"
                )
                % values
            )
        return Outcome(key, NOT_MET, summary, have=have, need=need)
    if not failed and not waiting:
        summary = ngettext(
            "Passed: %(parts)s portions of the written examination",
            "Passed: %(parts)s portions of the written examination",
            len(passed),
        ) % {"parts": portions(passed)}
        return Outcome(key, MET, summary, have=have, need=need)
    bits = []
    if passed:
        bits.append(
            ngettext("passed the %(parts)s portion", "passed the %(parts)s portions", len(passed))
            % {"parts": portions(passed)}
        )
    if failed:
        bits.append(
            ngettext("failed the %(parts)s portion", "failed the %(parts)s portions", len(failed))
            % {"parts": portions(failed)}
        )
        wait = params.get("retake_wait_days")
        if wait:
            details.append(
                _("A failed portion can be retaken after %(time)s.")
                % {"time": plural(round(wait / 365, 1), "year")}
            )
    if waiting:
        bits.append(
            ngettext(
                "the %(parts)s portion is still to be taken",
                "the %(parts)s portions are still to be taken",
                len(waiting),
            )
            % {"parts": portions(waiting)}
        )
    if track:
        summary = _("Written examination (essay on the %(track)s track): %(results)s") % {
            "track": ESSAY_TRACK_NAMES[track],
            "results": "; ".join(bits),
        }
    else:
        summary = _("Written examination: %(results)s") % {"results": "; ".join(bits)}
    return Outcome(key, NOT_MET, summary, have=have, need=need, details=details)


def _signed(key, signed, params, context, met, not_met):
    """A document the applicant signs: met once signed, unless the rules leave it out."""
    if params.get("required") is False:
        return not_required(key, params, context["category_name"])
    if signed:
        return Outcome(key, MET, met, have=True, need=True)
    return Outcome(key, NOT_MET, not_met, have=False, need=True)


def code_of_ethics(facts, params, context):
    met, not_met = _("Code of ethics signed"), _("Code of ethics not yet signed")
    return _signed("code_of_ethics", facts.code_of_ethics_signed, params, context, met, not_met)


def agreement(facts, params, context):
    met, not_met = _("Endorsement agreement signed"), _("Endorsement agreement not yet signed")
    return _signed("agreement", facts.agreement_signed, params, context, met, not_met)


def _association_words(name):
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


IMH_ACRONYM = re.compile(r"(?<![A-Z])[A-Z]*(?:IMH|IECMH|AIMH)[A-Z]*(?![A-Z])")


def membership_accepted(name, params):
    """True when the association named meets the requirement, False when not, None when unsure.

    `accepted` lists the association the guidelines name (its names and short names); with
    `any_imh_association` ("an association for infant mental health") any association whose
    name says infant or early childhood mental health is accepted, and others need review.
    """
    words = _association_words(name)
    accepted = {_association_words(alias) for alias in params.get("accepted", [])}
    if words in accepted:
        return True
    if params.get("any_imh_association"):
        if IMH_ACRONYM.search(name.upper()) or (
            "mental health" in words and ("infant" in words or "early childhood" in words)
        ):
            return True
        return None
    return not accepted  # no list: any association named is accepted


def membership(facts, params, context):
    key = "membership"
    if params.get("required") is False:
        return not_required(key, params, context["category_name"])
    association = facts.membership.association
    expires = facts.membership.expires
    wanted = (
        params["association"] if "association" in params else _("an association for infant mental health")
    )
    need = _("membership in %(association)s") % {"association": wanted}
    if not association:
        return Outcome(key, NOT_MET, not_yet_met(need), have=None, need=need)
    accepted = membership_accepted(association, params)
    if accepted is False:
        summary = _("Membership in %(association)s does not meet this requirement: %(need)s is needed") % {
            "association": association,
            "need": need,
        }
        return Outcome(key, NOT_MET, summary, have=association, need=need)
    if expires is not None and expires < facts.as_of:
        summary = _("Your membership in %(association)s expired on %(date)s: renew it") % {
            "association": association,
            "date": written(expires),
        }
        return Outcome(key, NOT_MET, summary, have=association, need=need)
    values = {"association": association, "date": written(expires) if expires else "", "wanted": wanted}
    if accepted is None:
        if expires:
            summary = _(
                "Member of %(association)s until %(date)s — the Endorsement Coordinator confirms it is %(wanted)s"
            )
        else:
            summary = _("Member of %(association)s — the Endorsement Coordinator confirms it is %(wanted)s")
        return Outcome(key, NEEDS_REVIEW, summary % values, have=association, need=need)
    summary = _("Member of %(association)s until %(date)s") if expires else _("Member of %(association)s")
    return Outcome(key, MET, summary % values, have=association, need=need)


EVALUATORS = {
    "education": education,
    "work_experience": work_experience,
    "training": training,
    "reflective_supervision": reflective_supervision,
    "references": references,
    "leadership_activities": leadership_activities,
    "exam": exam,
    "code_of_ethics": code_of_ethics,
    "agreement": agreement,
    "membership": membership,
}
KEYS = tuple(EVALUATORS)
LEVELS = DEGREE_LEVELS
