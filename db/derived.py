"""Values derived from intake facts into indexed columns (pure functions, no database)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from unidecode import unidecode

from clinic_app.dates import DateSyntaxError, DayRange, parse_partial_date, possible_range
from clinic_app.domain import IntakeDocument


def name_key(given_names: str, family_names: str) -> str:
    """Search key: transliterated, case-folded, single-spaced "given family"."""
    return " ".join(unidecode(f"{given_names} {family_names}").casefold().split())


@dataclass(frozen=True)
class LastArrival:
    """The last `entry` event (flags.md 2.3 "Last arrival L"): its possible days and its text."""

    days: DayRange
    text: str


def last_arrival(events: Sequence[Mapping[str, Any]]) -> LastArrival | None:
    """The entry with the greatest possible `hi` (ties: greatest `lo`, then later position)."""
    best: tuple[date, date, int] | None = None
    found: LastArrival | None = None
    for position, event in enumerate(events):
        if not isinstance(event, Mapping) or event.get("type") != "entry":
            continue
        try:
            days = possible_range(event)
        except (DateSyntaxError, KeyError, TypeError):
            continue  # validated documents have none; an index column must not fail an import
        rank = (days.hi, days.lo, position)
        if best is None or rank > best:
            best = rank
            text = str(event["date"])
            if event.get("date_to"):
                text += f"..{event['date_to']}"
            found = LastArrival(days, text)
    return found


def intake_day(document: IntakeDocument) -> date | None:
    """First possible day of `intake_date`, for sorting and reports."""
    text = document.intake_date
    if not text:
        return None
    try:
        return parse_partial_date(text).first
    except DateSyntaxError:
        return None


def primary_nationality(document: IntakeDocument) -> str | None:
    nationalities = document.nationalities
    return str(nationalities[0]) if nationalities else None


def facts_json(facts: Mapping[str, Any]) -> str:
    """The facts as JSON text with key order kept, so an export gives back what was imported."""
    return json.dumps(facts, ensure_ascii=False, sort_keys=False, default=_plain)


def _plain(value: object) -> object:
    # IntakeDocument.facts is a Mapping; json only knows dict.
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
