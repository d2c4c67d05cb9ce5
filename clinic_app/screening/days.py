"""Possible days of a dated fact, including the Eastern-time day of flags.md 2.1.

The 2023-05-11 and 2024-06-05 boundaries are defined in Eastern time, so an event recorded with
`time` + `timezone` also counts on its Eastern calendar day. That extra day widens the set of days
a window test sees (`first`..`last`) but never the recorded range (`lo`..`hi`), which is what
decides whether a date is uncertain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from clinic_app.dates import DateSyntaxError, Precision, parse_partial_date

EASTERN = ZoneInfo("America/New_York")


@dataclass(frozen=True)
class EventDays:
    """Where a dated fact may lie: its recorded range, its Eastern day and how it was recorded.

    The `*_n` fields are the same days as ordinals, computed once (instances are cached).
    """

    lo: date
    hi: date
    approximate: bool
    recorded: str                 # "2019-07", "2024-12-26..2025-01-31"
    east: date | None = None      # Eastern calendar day of the recorded instant, if any
    local_time: str = ""          # "21:00 PDT"
    eastern_time: str = ""        # "00:00 EDT"
    lo_n: int = field(init=False)
    hi_n: int = field(init=False)
    east_n: int = field(init=False)   # 0 when there is no recorded instant
    first_n: int = field(init=False)
    last_n: int = field(init=False)

    def __post_init__(self) -> None:
        lo, hi = self.lo.toordinal(), self.hi.toordinal()
        east = self.east.toordinal() if self.east else 0
        for name, value in (("lo_n", lo), ("hi_n", hi), ("east_n", east),
                            ("first_n", min(lo, east) if east else lo),
                            ("last_n", max(hi, east) if east else hi)):
            object.__setattr__(self, name, value)


class DateProblemError(ValueError):
    """A dated object whose date cannot be read; the view skips it and reports a data warning."""


def event_days(obj: Mapping[str, Any]) -> EventDays:
    """Possible days of `obj`: its `date`, optional `date_to`, `approximate`, `time`, `timezone`."""
    raw, raw_to = obj.get("date"), obj.get("date_to")
    clock, zone = obj.get("time"), obj.get("timezone")
    if not isinstance(raw, str):
        raise DateProblemError("no date recorded")
    return _days(raw, raw_to if isinstance(raw_to, str) and raw_to else None,
                 obj.get("approximate") is True, clock if isinstance(clock, str) else None,
                 zone if isinstance(zone, str) else None)


@lru_cache(maxsize=65536)
def _days(raw: str, raw_to: str | None, approximate: bool, clock: str | None,
          zone: str | None) -> EventDays:
    # Cached: a pure function of a few short strings, and re-screening meets the same dates often.
    try:
        start = parse_partial_date(raw)
        end = parse_partial_date(raw_to) if raw_to else start
    except DateSyntaxError as exc:
        raise DateProblemError(str(exc)) from exc
    if end.last < start.first:
        raise DateProblemError(f"date_to {end.text} is before date {start.text}")
    recorded = start.text if end is start else f"{start.text}..{end.text}"
    if start.precision is not Precision.DAY or clock is None or zone is None:
        return EventDays(start.first, end.last, approximate, recorded)
    try:
        local = datetime.combine(start.first, time.fromisoformat(clock), ZoneInfo(zone))
    except (ValueError, OSError, ZoneInfoNotFoundError) as exc:
        raise DateProblemError(f"time {clock!r} / zone {zone!r} cannot be read: {exc}") from exc
    eastern = local.astimezone(EASTERN)
    return EventDays(start.first, end.last, approximate, recorded, east=eastern.date(),
                     local_time=local.strftime("%H:%M %Z"),
                     eastern_time=eastern.strftime("%H:%M %Z"))


@lru_cache(maxsize=65536)
def _span(value: str) -> tuple[date, date] | None:
    try:
        parsed = parse_partial_date(value)
    except DateSyntaxError:
        return None
    return parsed.first, parsed.last


def day_of(value: object) -> date | None:
    """First possible day of an optional partial date (`until`, `termination_notice_date`)."""
    span = _span(value) if isinstance(value, str) else None
    return span[0] if span else None


def last_day_of(value: object) -> date | None:
    """Last possible day of an optional partial date (the latest possible date of birth)."""
    span = _span(value) if isinstance(value, str) else None
    return span[1] if span else None
