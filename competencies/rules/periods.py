"""Date arithmetic for periods of work and reflective supervision/consultation."""

import datetime
from bisect import bisect_right
from functools import lru_cache

from .language import pgettext
from .outcome import plural

DAYS_PER_YEAR = 365
DAY = datetime.timedelta(days=1)


def clip(start, end, *, not_before=None, not_after=None):
    """The part of [start, end] (both inclusive) inside the bounds, or None."""
    if not_before is not None and start < not_before:
        start = not_before
    if not_after is not None and end > not_after:
        end = not_after
    return (start, end) if start <= end else None


def union_days(periods):
    """Days covered by the periods, each day counted once however many periods overlap it."""
    total = 0
    current_start = current_end = None
    for start, end in sorted(periods):
        if current_end is None or start > current_end + DAY:
            if current_end is not None:
                total += (current_end - current_start).days + 1
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_end is not None:
        total += (current_end - current_start).days + 1
    return total


def days(start, end):
    return (end - start).days + 1


@lru_cache(maxsize=16384)
def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def full_years_between(start, end):
    """Whole calendar years from start to end, as an age is counted (anniversaries passed).

    2023-03-01 → 2025-02-28 is 1, → 2025-03-01 is 2; 29 February's anniversary is 28 February.
    """
    years = end.year - start.year
    while years > 0 and add_months(start, 12 * years) > end:
        years -= 1
    return max(years, 0)


def add_years(day, years):
    """The same day ``years`` calendar years later (fractions as whole months; 29 Feb → 28 Feb)."""
    return add_months(day, round(years * 12))


def calendar_days(anchor, years):
    """Days in ``years`` calendar years counted from ``anchor``: 731 from 2019-07-01 for 2."""
    return (add_years(anchor, years) - anchor).days


def calendar_months(anchor, days_count):
    """Whole calendar months in ``days_count`` days laid end to end from ``anchor``, rounded down.

    The same measure decides a requirement and writes its summary, so they never disagree:
    2019-07-01 to 2021-06-29 (730 days) is 23 months, one day short of two years.
    """
    if days_count <= 0:
        return 0
    end = anchor + datetime.timedelta(days=days_count)  # the first day after the period
    months = (end.year - anchor.year) * 12 + end.month - anchor.month
    while months > 0 and add_months(anchor, months) > end:
        months -= 1
    return months


def calendar_years(anchor, days_count):
    """Calendar years in ``days_count`` days from ``anchor``, rounded down to hundredths.

    Whole months count twelfths; the days left over count their share of the next month.
    Never reaches N unless the days fill N calendar years.
    """
    months = calendar_months(anchor, days_count)
    reached = add_months(anchor, months)
    following = add_months(anchor, months + 1)
    end = anchor + datetime.timedelta(days=max(days_count, 0))
    fraction = (end - reached).days / (following - reached).days
    return int((months + fraction) * 100 / 12 + 1e-9) / 100


def years_and_months(days_count, anchor=None):
    """Whole months, rounded down: a period one day short of two years never reads as two years.

    With an ``anchor`` (the first day counted) the months are calendar months from it.
    """
    if anchor is not None:
        months = calendar_months(anchor, days_count)
    else:
        months = int(days_count // (DAYS_PER_YEAR / 12))
    years, months = divmod(months, 12)
    return _years_and_months_words(years, months, months_when_none=True)


def _years_and_months_words(years, months, months_when_none=False):
    """ "1 year 2 months", "2 years", "3 months" (and "0 months" when asked for nothing)."""
    if years and months:
        return pgettext("a length of time", "%(years)s %(months)s") % {
            "years": plural(years, "year"),
            "months": plural(months, "month"),
        }
    if years:
        return plural(years, "year")
    if months or months_when_none:
        return plural(months, "month")
    return ""


def time_to_go(days_count):
    """What is missing, rounded up: "1 day", "3 weeks", "4 months", "1 year 2 months"."""
    if days_count <= 0:
        return ""
    if days_count < 31:
        return plural(days_count, "day")
    month = DAYS_PER_YEAR / 12
    months = -int(-days_count // month)
    years, months = divmod(months, 12)
    return _years_and_months_words(years, months)


class HourDensity:
    """Hours spread evenly over each entry's days, so any date range's share is one lookup.

    Densities are piecewise constant between the entries' start and end days;
    prefix integrals at those breakpoints make `hours(a, b)` a bisect, which keeps
    the search for the best RS/C window fast with hundreds of entries.
    """

    def __init__(self, entries):
        changes = {}
        covered = []
        for entry in entries:
            if entry.hours <= 0:
                continue
            first, last = entry.start.toordinal(), entry.end.toordinal()
            rate = entry.hours / (last - first + 1)
            changes[first] = changes.get(first, 0.0) + rate
            changes[last + 1] = changes.get(last + 1, 0.0) - rate
            covered.append((first, last))
        self.points = sorted(changes)
        self.rates = []
        self.integrals = []
        rate = total = 0.0
        previous = None
        for point in self.points:
            if previous is not None:
                total += rate * (point - previous)
            self.integrals.append(total)
            rate += changes[point]
            self.rates.append(rate)
            previous = point
        merged = []
        for first, last in sorted(covered):
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        self.covered = merged
        self.covered_starts = [first for first, _ in merged]

    def _integral(self, ordinal):
        """Hours on days before `ordinal`."""
        index = bisect_right(self.points, ordinal) - 1
        if index < 0:
            return 0.0
        return self.integrals[index] + self.rates[index] * (ordinal - self.points[index])

    def hours(self, start, end):
        """Hours falling on the days start..end (inclusive)."""
        if not self.points or end < start:
            return 0.0
        return max(self._integral(end.toordinal() + 1) - self._integral(start.toordinal()), 0.0)

    @property
    def total(self):
        return self.integrals[-1] if self.integrals else 0.0

    def covered_span(self, start, end):
        """(first, last) day inside start..end that some entry covers, or None."""
        a, b = start.toordinal(), end.toordinal()
        index = bisect_right(self.covered_starts, a) - 1
        if index >= 0 and self.covered[index][1] >= a:
            first = a
        else:
            index += 1
            if index >= len(self.covered) or self.covered[index][0] > b:
                return None
            first = self.covered[index][0]
        index = bisect_right(self.covered_starts, b) - 1
        last = min(self.covered[index][1], b)
        return datetime.date.fromordinal(first), datetime.date.fromordinal(last)
