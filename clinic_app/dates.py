"""Dates the way clients remember them: a day, a month or a year, and ranges of possible days.

The rules in flags.md reason over the *possible-day range* of a fact (`lo`..`hi`), never over a
single guessed day, so a partial date is kept as what it is and widened only to its own precision.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

_PARTIAL = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a day, a month or a year (`2019-07-16`, `2019-07`, `2019`)."""

    first: date
    last: date
    precision: Precision

    @property
    def text(self) -> str:
        if self.precision is Precision.DAY:
            return self.first.isoformat()
        if self.precision is Precision.MONTH:
            return self.first.strftime("%Y-%m")
        return f"{self.first.year:04d}"


class DateSyntaxError(ValueError):
    """Not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or a day that does not exist."""


def parse_partial_date(text: str) -> PartialDate:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise DateSyntaxError naming what is wrong."""
    m = _PARTIAL.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        raise DateSyntaxError(f"'{text}' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if year < 1900 or year > 2200:
        raise DateSyntaxError(f"'{text}': year {year} is out of range (1900-2200)")
    if month is None:
        return PartialDate(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
    mon = int(month)
    if not 1 <= mon <= 12:
        raise DateSyntaxError(f"'{text}': there is no month {mon}")
    last_day = calendar.monthrange(year, mon)[1]
    if day is None:
        return PartialDate(date(year, mon, 1), date(year, mon, last_day), Precision.MONTH)
    d = int(day)
    if not 1 <= d <= last_day:
        raise DateSyntaxError(f"'{text}': {calendar.month_name[mon]} {year} has no day {d}")
    exact = date(year, mon, d)
    return PartialDate(exact, exact, Precision.DAY)


@dataclass(frozen=True)
class DayRange:
    """The possible days of a fact: every day from `lo` to `hi`, both inclusive."""

    lo: date
    hi: date

    @property
    def single_day(self) -> bool:
        return self.lo == self.hi

    def contains(self, day: date) -> bool:
        return self.lo <= day <= self.hi

    def overlaps(self, start: date | None, end: date | None) -> bool:
        """True if any possible day lies in [start, end] (None = unbounded on that side)."""
        return (start is None or self.hi >= start) and (end is None or self.lo <= end)

    def days(self) -> int:
        return (self.hi - self.lo).days + 1

    def text(self) -> str:
        if self.single_day:
            return self.lo.isoformat()
        return f"{self.lo.isoformat()}..{self.hi.isoformat()}"


def possible_range(obj: Mapping[str, Any], key: str = "date", key_to: str = "date_to") -> DayRange:
    """Possible days of a dated object: first day of `date` .. last day of `date_to` or `date`."""
    start = parse_partial_date(obj[key])
    end = parse_partial_date(obj[key_to]) if obj.get(key_to) else start
    return DayRange(start.first, end.last)


def anniversary(d: date, years: int = 1) -> date:
    """Same month and day `years` later; 29 February becomes 28 February (flags.md 2.1)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def add_days(d: date, n: int) -> date:
    return d + timedelta(days=n)
