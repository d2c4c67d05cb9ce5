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
from clinic_app.screening.view import FIELDS, VARIABLES

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
