"""The building blocks of the `clinic-intake/1` schema: value kinds walked by one validator.

Kept apart from intake_format.py (the schema itself and JSON I/O) so both stay small; the GUI's
checklist reuses these kinds to validate drafts against the same rules.
"""

from __future__ import annotations

import difflib
import json
import re
import zoneinfo
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from clinic_app.countries import COUNTRY_CODES
from clinic_app.dates import DateSyntaxError, PartialDate, parse_partial_date
from clinic_app.errors import FormatIssue

MAX_FILE_BYTES = 10_000_000  # an intake is a few KB; refuse to slurp a wrongly chosen video file
Issues = list[FormatIssue]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# ASCII-only and anchored with fullmatch: `\d` and `$` in dates.py would let "٢٠٢٥" or "2025\n" in.
_DATE_SHAPE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
# Machine-dependent aliases that ZoneInfo loads but that name no IANA zone.
_NOT_ZONES = frozenset({"localtime", "posixrules"})


def child_path(path: str, key: str | int) -> str:
    """JSON path of a member: `events[3].date`; odd keys are quoted: `client["a b"]`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENT.fullmatch(key):
        return key if path == "$" else f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


_TYPE_NAMES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (type(None), "null"), (bool, "true/false"), ((int, float), "a number"), (str, "a string"),
    ((list, tuple), "a list"), (Mapping, "an object"),
)


def _type_name(value: object) -> str:
    return next((name for t, name in _TYPE_NAMES if isinstance(value, t)), type(value).__name__)


def quoted(text: str, limit: int = 40) -> str:
    """Quote a value for a message, shortened: a pasted paragraph must not flood the GUI."""
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}…'"


def _suggest(word: str, choices: Sequence[str] | frozenset[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""


class Kind(ABC):
    """The expected shape of one JSON value; `check` appends issues and never raises."""

    noun = "a value"  # completes "expected ..."
    plural = "values"  # completes "expected a list of ..."
    json_type: type | tuple[type, ...] = object

    def check(self, value: object, path: str, issues: Issues) -> None:
        if isinstance(value, self.json_type):
            self.check_value(value, path, issues)
        else:
            issues.append(FormatIssue(path, self.wrong_type(value)))

    def wrong_type(self, value: object) -> str:
        return f"expected {self.noun}, got {_type_name(value)}"

    @abstractmethod
    def check_value(self, value: Any, path: str, issues: Issues) -> None:
        """Check a value already known to be of `json_type`."""


Problem = Callable[[str], str | None]


class Text(Kind):
    """A JSON string whose content `problem` judges (None when fine)."""

    json_type = str

    def __init__(self, noun: str = "a string", plural: str = "strings",
                 problem: Problem = lambda _: None) -> None:
        self.noun, self.plural, self.problem = noun, plural, problem

    def check_value(self, value: str, path: str, issues: Issues) -> None:
        try:
            value.encode("utf-8")  # a lone "\ud800" escape would break the store and export
        except UnicodeEncodeError:
            issues.append(FormatIssue(path, "contains an invalid character (a lone surrogate)"))
            return
        problem = self.problem(value)
        if problem:
            issues.append(FormatIssue(path, problem))


class Choice(Text):
    """One of a fixed list of strings (an enum of the spec); `values` is there for the GUI."""

    def __init__(self, *values: str) -> None:
        noun = "one of: " + ", ".join(values)
        super().__init__(noun, "strings",
                         lambda t: None if t in values else f"{quoted(t)} is not {noun}")
        self.values = values


def pattern_problem(regex: str, message: str, fix: Callable[[str], str] = str) -> Problem:
    """A shape check; `fix` guesses what was meant and is offered when the guess fits."""
    shape = re.compile(regex)

    def problem(text: str) -> str | None:
        if shape.fullmatch(text):
            return None
        guess = fix(text)
        hint = f" (did you mean '{guess}'?)" if guess != text and shape.fullmatch(guess) else ""
        return message.format(text=quoted(text)) + hint

    return problem


def date_problem(text: str) -> str | None:
    try:
        _strict_date(text)
    except DateSyntaxError as exc:
        return str(exc)
    return None


def country_problem(text: str) -> str | None:
    if text in COUNTRY_CODES:
        return None
    hint = f" (did you mean '{text.upper()}'?)" if text.upper() in COUNTRY_CODES else ""
    return f"{quoted(text)} is not an ISO 3166-1 alpha-2 country code{hint}"


def zone_problem(text: str) -> str | None:
    if text not in _NOT_ZONES:
        try:
            zoneinfo.ZoneInfo(text)
            return None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            pass  # not found, not a TZif file, a directory, an absolute path, a NUL byte
    return f"{quoted(text)} is not an IANA time zone{_suggest(text, _zone_names())}"


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones() - _NOT_ZONES)


class Flag(Kind):
    """A JSON boolean: 0/1 or "yes" are refused so that absent/false/unknown stay distinct."""

    noun, plural, json_type = "true or false", "true/false values", bool

    def check_value(self, value: bool, path: str, issues: Issues) -> None:
        pass


class Nullable(Kind):
    """The inner kind, or JSON null (only `represented_by` and `termination_notice_date`)."""

    def __init__(self, inner: Kind) -> None:
        self.inner = inner
        self.noun, self.plural = f"{inner.noun} or null", inner.plural
        self.json_type = inner.json_type

    def check(self, value: object, path: str, issues: Issues) -> None:
        if value is not None:
            super().check(value, path, issues)

    def check_value(self, value: Any, path: str, issues: Issues) -> None:
        self.inner.check_value(value, path, issues)


class ListOf(Kind):
    json_type = (list, tuple)

    def __init__(self, item: Kind) -> None:
        self.item = item
        self.noun = f"a list of {item.plural}"

    def wrong_type(self, value: object) -> str:
        one = f' (write ["{value}"] for one)' if isinstance(value, str) and len(value) < 9 else ""
        return super().wrong_type(value) + one

    def check_value(self, value: Sequence[object], path: str, issues: Issues) -> None:
        for i, item in enumerate(value):
            self.item.check(item, child_path(path, i), issues)


Rule = Callable[[Mapping[str, Any], str, Issues], None]


class Record(Kind):
    """A JSON object with a closed set of keys: unknown keys are errors, with a suggestion."""

    noun, plural, json_type = "an object", "objects", Mapping

    def __init__(self, fields: Mapping[str, Kind], *, required: tuple[str, ...] = (),
                 rules: tuple[Rule, ...] = (), label: str = "") -> None:
        self.fields, self.required, self.rules, self.label = fields, required, rules, label

    def check_value(self, value: Mapping[str, Any], path: str, issues: Issues) -> None:
        for key, item in value.items():
            name = str(key)
            kind = self.fields.get(name)
            if kind is None:
                hint = _suggest(name, tuple(self.fields)) or (
                    f" (not a key of {self.label})" if self.label else "")
                issues.append(FormatIssue(child_path(path, name),
                                          f"unknown key {quoted(name)}{hint}"))
            else:
                kind.check(item, child_path(path, name), issues)
        issues.extend(FormatIssue(path, f"missing required key '{key}'")
                      for key in self.required if key not in value)
        for rule in self.rules:
            rule(value, path, issues)


class Tagged(Kind):
    """An object whose `tag` key picks its Record; an unknown tag is one issue, not a cascade."""

    noun, plural, json_type = "an object", "objects", Mapping

    def __init__(self, tag: str, variants: Mapping[str, Record]) -> None:
        self.tag, self.variants = tag, variants
        self.tag_kind = Choice(*variants)

    def check_value(self, value: Mapping[str, Any], path: str, issues: Issues) -> None:
        if self.tag not in value:
            issues.append(FormatIssue(path, f"missing required key '{self.tag}'"))
            return
        tag_issues: Issues = []
        self.tag_kind.check(value[self.tag], child_path(path, self.tag), tag_issues)
        if tag_issues:
            issues.extend(tag_issues)
            return
        self.variants[value[self.tag]].check_value(value, path, issues)


def _strict_date(text: str) -> PartialDate:
    if not _DATE_SHAPE.fullmatch(text):
        raise DateSyntaxError(f"{quoted(text)} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
    return parse_partial_date(text)


def _valid_date(value: object) -> PartialDate | None:
    try:
        return _strict_date(value) if isinstance(value, str) else None
    except DateSyntaxError:
        return None


def check_date_order(obj: Mapping[str, Any], path: str, issues: Issues) -> None:
    """`date_to` is the latest possible date, so it must not end before `date` starts."""
    start, end = _valid_date(obj.get("date")), _valid_date(obj.get("date_to"))
    if start is not None and end is not None and end.last < start.first:
        issues.append(FormatIssue(child_path(path, "date_to"),
                                  f"'{end.text}' ends before the date '{start.text}' starts"))
