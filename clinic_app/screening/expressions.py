"""Compiling and checking rule-pack CEL expressions, with errors that point into the pack file.

Conditions are CEL (`common-expression-language`): compiled once per pack, never `eval`ed, never
parsed by hand. Unknown names are refused at load time from the compiled program's own reference
list; the light lexical pass below only locates a name in the source and spots field names after
a dot, which CEL would otherwise report only when a rule happens to evaluate that branch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

import cel

from clinic_app.errors import RulePackError
from clinic_app.screening.model import Expr, Where
from clinic_app.screening.view import FIELD_MAPS, FIELDS, KEY_TYPES, VARIABLES, Needs

_CEL_POS = re.compile(r"<input>:(\d+):(\d+):\s*(.*?)(?:\n|$)")
_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
_MACRO_VAR = r"\.(?:all|exists|exists_one|filter|map)\(\s*{name}\s*,"
_FIELD = re.compile(r"(?:(?<![\w.])[A-Za-z_]\w*|[)\]])\s*\.\s*([A-Za-z_]\w*)\b(?!\s*\()")
BUILTIN_FUNCTIONS = frozenset({
    "size", "contains", "startsWith", "endsWith", "matches", "string", "int", "double",
})


@lru_cache(maxsize=4096)
def day(iso: str) -> int:
    """CEL `d("2025-01-20")`: the day ordinal the view uses for dates."""
    return date.fromisoformat(iso).toordinal()


FUNCTIONS: dict[str, Callable[..., Any]] = {"d": day}


def compile_expr(source: str, where: Where, char_map: tuple[tuple[int, int], ...] = ()) -> Expr:
    """Compile `source`; a syntax error becomes a RulePackError at the offending file position."""
    expr = Expr(source, where, char_map)
    try:
        program = cel.compile(source)
    except (ValueError, RuntimeError) as exc:
        raise _error(expr, exc, "CEL syntax error") from exc
    return Expr(source, where, char_map, program)


def _error(expr: Expr, exc: Exception, what: str) -> RulePackError:
    m = _CEL_POS.search(str(exc))
    pos = expr.locate(int(m.group(1)), int(m.group(2))) if m else expr.where
    detail = m.group(3) if m else str(exc).splitlines()[0]
    return RulePackError(f"{what}: {detail}", file=pos.file, line=pos.line, column=pos.column)


def fail(expr: Expr, offset: int, message: str) -> RulePackError:
    """A RulePackError at character `offset` of `expr`."""
    text = expr.source[:offset]
    pos = expr.locate(text.count("\n") + 1, offset - (text.rfind("\n") + 1) + 1)
    return RulePackError(message, file=pos.file, line=pos.line, column=pos.column)


def _blank_strings(source: str) -> str:
    """The source with string literals blanked out, so names inside quotes are not names."""
    return _STRING.sub(lambda m: " " * len(m.group(0)), source)


def _find(code: str, name: str) -> int:
    m = re.search(rf"(?<![\w.]){re.escape(name)}\b", code)
    return m.start() if m else 0


def check_names(expr: Expr, extra: frozenset[str] = frozenset()) -> None:
    """Refuse variables, functions and fields that the view and the engine do not provide."""
    refs = expr.program.references()
    code = _blank_strings(expr.source)
    for name in refs["variables"]:
        if name in VARIABLES or name in extra:
            continue
        if re.search(_MACRO_VAR.format(name=re.escape(name)), code):
            continue   # bound by a comprehension macro: filter(e, ...)
        raise fail(expr, _find(code, name), f"unknown CEL variable '{name}'")
    for name in refs["functions"]:
        if name[0] in "_@!-" or name in BUILTIN_FUNCTIONS or name in FUNCTIONS:
            continue
        raise fail(expr, _find(code, name), f"unknown CEL function '{name}'")
    for m in _FIELD.finditer(code):
        if m.group(1) not in FIELDS:
            raise fail(expr, m.start(1), f"unknown field '.{m.group(1)}' (see docs/rules.md)")
    for m in re.finditer(r"\bd\(\s*(\"[^\"]*\"|'[^']*')\s*\)", expr.source):
        try:
            day(m.group(1)[1:-1])
        except ValueError:
            raise fail(expr, m.start(1), f"d() needs a YYYY-MM-DD date, not {m.group(1)}") \
                from None


def run(expr: Expr, context: Any) -> Any:
    """Evaluate at load time; any CEL error becomes a RulePackError at the expression."""
    try:
        return expr.program.execute(context)
    except Exception as exc:  # CEL raises ValueError, TypeError, KeyError or RuntimeError
        raise _error(expr, exc, "CEL evaluation error") from exc


_MAP_USE = re.compile(r"(?<![\w.])(" + "|".join(sorted(FIELD_MAPS)) + r")\b")
_SELECT = re.compile(r"\s*\.\s*([A-Za-z_]\w*)\b(?!\s*\()")
_METHOD = re.compile(r"\s*\.\s*[A-Za-z_]\w*\s*\(")


def _closing(code: str, start: int) -> int:
    """Index just after the bracket that closes the one at `start` (len(code) if unbalanced)."""
    depth = 0
    for i in range(start, len(code)):
        if code[i] in "[(":
            depth += 1
        elif code[i] in "])":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(code)


# The event types whose paths a collection yields (when a macro iterates it) or a path holds.
_PATH_TYPES: dict[str, frozenset[str]] = {
    "entries": frozenset({"entry"}), "turned_back": frozenset({"turned_back"}),
    "appointments": frozenset({"cbp_one_appointment"}), "mpp_returns": frozenset({"mpp_return"}),
    "mpp_markers": frozenset({"mpp_return", "entry"}), "paroles": frozenset({"parole"}),
    "decisions": frozenset({"decision"}), "filings": frozenset({"asylum_filed"}),
    "departures": frozenset({"departure"}), "changes": frozenset({"changed_circumstances"}),
    "key_events": KEY_TYPES, "last_arrival": frozenset({"entry"}),
    "i589": frozenset({"asylum_filed"}), "i589_entry": frozenset({"entry"}),
}
_BINDING = re.compile(r"(?<![\w.])(\w+)\s*\.\s*(?:all|exists|exists_one|filter|map)\(\s*"
                      r"([A-Za-z_]\w*)\s*,")


def _date_types(code: str) -> frozenset[str] | None:
    """The event types whose paths index `dates` in `code`, when every `dates[...]` is indexed
    by a macro variable over a known collection (or by a known path variable); else None."""
    bound: dict[str, set[str] | None] = {}
    for m in _BINDING.finditer(code):
        types = _PATH_TYPES.get(m.group(1))
        have = bound.get(m.group(2), set())
        bound[m.group(2)] = None if types is None or have is None else have | types
    out: set[str] = set()
    for m in re.finditer(r"(?<![\w.])dates\b", code):
        rest = code[m.end():].lstrip()
        if not rest.startswith("["):
            return None   # the map's keys are read (size, in, a macro)
        start = len(code) - len(rest)
        inner = code[start + 1:_closing(code, start) - 1].strip()
        found = bound.get(inner) if inner in bound else _PATH_TYPES.get(inner)
        if found is None or inner in FIELD_MAPS:
            return None
        out |= found
    return frozenset(out)


def needs_of(expr: Expr) -> Needs:
    """The variables `expr` reads and, for the per-event maps, the fields it selects.

    Variables come from the compiled program. Fields are found in the source: a map such as
    `entries` used only as `entries[...].field`, or through its keys (`entries.filter(e, ...)`,
    `x in entries`, `size(entries)`), needs only the fields selected; any other use of a map
    or of one of its elements (compared, passed whole, indexed by a string) keeps every field.
    `dates`, the largest map, keeps only the events it can be indexed with (`_date_types`).
    """
    names = frozenset(expr.program.references()["variables"]) & VARIABLES
    code = _blank_strings(expr.source)
    fields: dict[str, frozenset[str] | None] = {}
    for m in _MAP_USE.finditer(code):
        name, end = m.group(1), m.end()
        if name not in names or fields.get(name, frozenset()) is None:
            continue
        rest = code[end:].lstrip()
        gap = len(code) - end - len(rest)
        if rest.startswith("["):
            after = _closing(code, end + gap)
            select = _SELECT.match(code, after)
            if select:
                fields[name] = (fields.get(name) or frozenset()) | {select.group(1)}
                continue
            fields[name] = None   # an element used whole
            continue
        before = code[:m.start()].rstrip()
        if _METHOD.match(code, end) or re.search(r"(?<![\w.])in$", before) or (
                before.endswith("size(") and rest.startswith(")")):
            fields.setdefault(name, frozenset())
            continue
        fields[name] = None   # the map used whole
    date_types = _date_types(code) if "dates" in names else frozenset()
    return Needs(names, {name: fields.get(name, frozenset()) for name in names & FIELD_MAPS},
                 date_types)
