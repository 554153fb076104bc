"""Date arithmetic for periods of work and reflective supervision/consultation."""

import datetime

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
    """Whole years from start to end: 2023-03-01 → 2025-02-28 is 1, → 2025-03-01 is 2."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def years_and_months(days_count):
    months = round(days_count / (DAYS_PER_YEAR / 12))
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year" + ("s" if years != 1 else ""))
    if months or not parts:
        parts.append(f"{months} month" + ("s" if months != 1 else ""))
    return " ".join(parts)
