"""Values derived from intake facts into indexed columns (pure functions, no database)."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from unidecode import unidecode

from clinic_app.countries import COUNTRY_CODES
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
    first = nationalities[0] if nationalities else None
    return first if first in COUNTRY_CODES else None  # a draft may hold a half-typed code


_NAME_LENGTH = 200  # ClientRecord.given_names / family_names
_A_NUMBER = re.compile(r"A[0-9]{8,9}")


def identity_columns(document: IntakeDocument) -> dict[str, Any]:
    """The client's identity columns from an intake's facts, for drafts too.

    An absent answer clears its column; an answer that is not valid yet (a half-typed birth date
    or A-number) is left out, so the client keeps its stored value instead of garbage.
    """
    client = document.client
    out: dict[str, Any] = {}
    for key in ("given_names", "family_names"):
        value = client.get(key)
        if value is None or isinstance(value, str):
            out[key] = (value or "")[:_NAME_LENGTH]
    dob = client.get("date_of_birth")
    if dob is None:
        out["date_of_birth"] = None
    elif isinstance(dob, str):
        with contextlib.suppress(DateSyntaxError):
            out["date_of_birth"] = parse_partial_date(dob).text
    nationalities = client.get("nationalities")
    if nationalities is None:
        out["nationalities"] = []
    elif isinstance(nationalities, list):
        out["nationalities"] = [c for c in nationalities if isinstance(c, str)
                                and c in COUNTRY_CODES]
    a_number = client.get("a_number")
    if a_number is None:
        out["a_number"] = None
    elif isinstance(a_number, str) and _A_NUMBER.fullmatch(a_number):
        out["a_number"] = a_number
    return out


def facts_json(facts: Mapping[str, Any]) -> str:
    """The facts as JSON text with key order kept, so an export gives back what was imported."""
    return json.dumps(facts, ensure_ascii=False, sort_keys=False, default=_plain)


def _plain(value: object) -> object:
    # IntakeDocument.facts is a Mapping; json only knows dict.
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
