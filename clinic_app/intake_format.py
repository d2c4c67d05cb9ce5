"""Read, validate and write `clinic-intake/1` JSON (intake-format.md), reporting every problem.

The schema is data (INTAKE_SCHEMA: kinds keyed by field name) walked by one validator, so the GUI
can reuse it for drafts and a spec change is a one-line edit. Each problem becomes a FormatIssue
whose path (`events[3].date`, `client.nationalities[1]`, `$`) points at what to fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from clinic_app.domain import FORMAT_ID, IntakeDocument
from clinic_app.errors import FormatIssue, IntakeFormatError
from clinic_app.intake_schema import (
    MAX_FILE_BYTES,
    Choice,
    Flag,
    Issues,
    Kind,
    ListOf,
    Nullable,
    Record,
    Tagged,
    Text,
    check_date_order,
    child_path,
    country_problem,
    date_problem,
    pattern_problem,
    quoted,
    zone_problem,
)

__all__ = [
    "EVENT_SCHEMAS", "INTAKE_SCHEMA", "MAX_FILE_BYTES", "Choice", "Kind", "ListOf", "Record",
    "Tagged", "Text", "dump_intake", "load_intake_file", "parse_intake", "validate_facts",
]

# --- the schema (intake-format.md) ---------------------------------------------------------------
TEXT, BOOL = Text(), Flag()
DATE = Text("a date (YYYY-MM-DD, YYYY-MM or YYYY)", "dates", date_problem)
COUNTRIES = ListOf(Text("a country code (ISO 3166-1 alpha-2, e.g. 'HN')", "country codes",
                        country_problem))
TIME = Text("a time (HH:MM)", "times", pattern_problem(
    r"(?:[01][0-9]|2[0-3]):[0-5][0-9]", "{text} is not a time: use HH:MM, 24-hour (00:00-23:59)",
    fix=lambda t: t.zfill(5)))
ZONE = Text("an IANA time zone (e.g. 'America/Los_Angeles')", "time zones", zone_problem)
A_NUMBER = Text(problem=pattern_problem(
    r"A[0-9]{8,9}", "{text} is not an A-number: use 'A' and 8 or 9 digits",
    fix=lambda t: "A" + re.sub(r"[^0-9]", "", t)))
LANGUAGE = Text("a language code (ISO 639, e.g. 'es')", "language codes", pattern_problem(
    r"[a-z]{2,3}", "{text} is not an ISO 639 language code (2 or 3 lowercase letters, e.g. 'es')",
    fix=str.lower))
FORMAT = Text(f"'{FORMAT_ID}'", problem=lambda t: None if t == FORMAT_ID else
              f"unsupported format {quoted(t)} (expected '{FORMAT_ID}')")

_EVENT_FIELDS: dict[str, dict[str, Kind]] = {
    "turned_back": {"port": TEXT, "waitlisted": BOOL, "evidence": TEXT},
    "entry": {
        "border": Choice("southern_land", "coastal", "northern_land", "air"),
        "place": Choice("port", "between_ports"),
        "port": TEXT,
        "documents": Choice("visa", "travel_authorization", "none"),
        "cbp_one_appointment": BOOL,
        "apprehended": BOOL,
        "accompanied_by": Choice("parent", "legal_guardian", "other_adult", "none"),
        "designated_uac": BOOL,
        "processing": ListOf(Choice("nta", "parole", "expedited_removal",
                                    "proclamation_212f_removal", "mpp_return", "detained",
                                    "released")),
    },
    "mpp_return": {"city": TEXT, "court": TEXT},
    "cbp_one_appointment": {"port": TEXT, "status": Choice("kept", "cancelled", "missed")},
    "parole": {"program": Choice("cbp_one", "chnv", "mpp_wind_down", "other"), "until": DATE,
               "termination_notice_date": Nullable(DATE)},
    "decision": {
        "stage": Choice("credible_fear", "reasonable_fear", "immigration_judge", "bia",
                        "asylum_office"),
        "outcome": Choice("positive", "negative", "granted", "denied", "pretermitted",
                          "withholding_granted", "cat_granted", "removal_order",
                          "in_absentia_order", "terminated"),
        "grounds": ListOf(Choice("transit_bar_2019", "clp_2023", "stb_2024", "proclamation_10888",
                                 "one_year", "other")),
        "final": BOOL,
    },
    "departure": {"kind": Choice("removed", "left_voluntarily")},
    "asylum_filed": {"where": Choice("uscis", "immigration_court"),
                     "how": Choice("filed", "lodged", "derivative")},
    "hearing": {"court": TEXT},
    "changed_circumstances": {"description": TEXT},
}
EVENT_TYPE = Choice(*_EVENT_FIELDS)
# Keys every dated object (every event) may carry, besides its type's own keys.
DATED_FIELDS: Mapping[str, Kind] = {
    "type": EVENT_TYPE, "date": DATE, "date_to": DATE, "approximate": BOOL, "time": TIME,
    "timezone": ZONE,
}
EVENT_SCHEMAS: Mapping[str, Record] = {
    name: Record({**DATED_FIELDS, **extra}, required=("type", "date"), rules=(check_date_order,),
                 label=f"'{name}' events")
    for name, extra in _EVENT_FIELDS.items()
}
CLIENT = Record({
    "given_names": TEXT, "family_names": TEXT, "date_of_birth": DATE, "nationalities": COUNTRIES,
    "languages": ListOf(LANGUAGE), "a_number": A_NUMBER, "sex": TEXT,
})
HOUSEHOLD_MEMBER = Record({
    "relationship": Choice("child", "spouse", "parent", "sibling", "other"),
    "given_names": TEXT, "family_names": TEXT, "date_of_birth": DATE,
    "travelled_with_client": BOOL,
})
INTAKE_SCHEMA = Record({
    "format": FORMAT,
    "intake_date": DATE,
    "client": CLIENT,
    "household": ListOf(HOUSEHOLD_MEMBER),
    "transit_countries": COUNTRIES,
    "applied_for_protection_in_transit_country": BOOL,
    "represented_by": Nullable(TEXT),
    "fears_harm_in_mexico": BOOL,
    "confidentiality_risks": ListOf(Choice("home_government_contact", "media",
                                           "school_or_employer_request", "interpreter_conflict",
                                           "other")),
    "events": ListOf(Tagged("type", EVENT_SCHEMAS)),
    "current_location": Choice("united_states", "detained_united_states", "mexico", "elsewhere"),
    "notes": TEXT,
}, required=("format",))


def validate_facts(facts: Mapping[str, Any]) -> list[FormatIssue]:
    """Every problem in an intake's facts (empty when valid), in document order."""
    issues: Issues = []
    INTAKE_SCHEMA.check(facts, "$", issues)
    return issues


# --- JSON text <-> facts -------------------------------------------------------------------------
class _RepeatedKeys(dict[str, Any]):
    """A JSON object that repeated keys (json keeps the last silently); kept to report them."""

    def __init__(self, pairs: list[tuple[str, Any]], repeated: list[str]) -> None:
        super().__init__(pairs)
        self.repeated = repeated


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    repeated: dict[str, None] = {}  # ordered set
    for key, _ in pairs:
        if key in seen:
            repeated[key] = None
        seen.add(key)
    return _RepeatedKeys(pairs, list(repeated))


def _repeated_key_issues(data: object) -> Issues:
    """Walk the whole tree (iteratively: nesting may be deep) for objects with repeated keys."""
    issues: Issues = []
    stack: list[tuple[str, object]] = [("$", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, _RepeatedKeys):
            issues.extend(FormatIssue(child_path(path, k),
                                      f"key {quoted(k)} appears more than once")
                          for k in value.repeated)
        if isinstance(value, dict):
            stack.extend((child_path(path, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((child_path(path, i), v) for i, v in reversed(list(enumerate(value))))
    return issues


def _decode(data: bytes, source: str) -> str:
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")  # tolerate Notepad's BOM
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        message = (f"not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line}, column "
                   f"{column} cannot be read (save the file as UTF-8)")
        raise IntakeFormatError(source, [FormatIssue("$", message)]) from exc


def _json_problem(text: str, exc: json.JSONDecodeError) -> str:
    if not text.strip():
        return "the file is empty"
    at = f"line {exc.lineno}, column {exc.colno}"
    if exc.msg.startswith("Unterminated string"):
        end = json.JSONDecodeError("", text, len(text.rstrip()))
        return (f"file ends early (truncated?) at line {end.lineno}, column {end.colno}: "
                f"the text starting at {at} is never closed with '\"'")
    if not text[exc.pos:].strip():
        return f"file ends early (truncated?) at {at}: {exc.msg}"
    return f"not valid JSON at {at}: {exc.msg}"


def _load_json(text: str | bytes, source: str) -> object:
    if isinstance(text, bytes | bytearray):
        text = _decode(bytes(text), source)
    text = text.removeprefix("\ufeff")
    try:
        return json.loads(text, object_pairs_hook=_object_pairs)
    except json.JSONDecodeError as exc:
        problem = _json_problem(text, exc)
    except RecursionError:
        problem = "not valid JSON: nested too deeply"
    except ValueError as exc:  # e.g. a number with thousands of digits
        problem = f"not valid JSON: {exc}"
    raise IntakeFormatError(source, [FormatIssue("$", problem)])


def parse_intake(text: str | bytes, source: str = "<input>") -> IntakeDocument:
    """Parse and validate one intake; IntakeFormatError lists every problem found at once."""
    data = _load_json(text, source)
    issues: Issues = []
    INTAKE_SCHEMA.check(data, "$", issues)
    issues += _repeated_key_issues(data)
    if issues:
        raise IntakeFormatError(source, issues)
    return IntakeDocument(facts=cast(dict[str, Any], data))  # the walk reported any non-object


def load_intake_file(path: Path) -> IntakeDocument:
    """Read an intake file; an unreadable file is an IntakeFormatError like a malformed one."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problem = f"the file is too large for an intake ({size:,} bytes)"
            raise IntakeFormatError(source, [FormatIssue("$", problem)])
        data = path.read_bytes()
    except OSError as exc:
        problem = f"cannot read the file: {exc.strerror or exc}"
        raise IntakeFormatError(source, [FormatIssue("$", problem)]) from exc
    return parse_intake(data, source)


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def dump_intake(doc: IntakeDocument) -> str:
    """The document as `clinic-intake/1` text; refuses facts that would not parse back."""
    issues = validate_facts(doc.facts)
    if issues:
        raise IntakeFormatError("<export>", issues)
    return json.dumps(doc.facts, indent=2, ensure_ascii=False, default=_plain) + "\n"
