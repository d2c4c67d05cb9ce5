"""CEL for skip logic and checks: compiled once, evaluated over the current draft, never raising.

Drafts are partial and may be wrong, so an expression that fails (a missing key, a wrong type)
is reported as "could not decide" (None) and the caller picks the safe side: a question stays
visible, a check stays silent. The helper functions are total for the same reason.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import cel

from clinic_app.checklist.date_entry import day_bounds, describe_date
from clinic_app.dates import anniversary

# Variables each kind of expression may use (docs/checklists.md "CEL variables").
BASE_VARIABLES = frozenset({"facts", "today"})
EVENT_VARIABLES = BASE_VARIABLES | {"event"}
MEMBER_VARIABLES = BASE_VARIABLES | {"member"}
MESSAGE_VARIABLES = frozenset({"noun"})

_BOUND = re.compile(r"\b(?:exists_one|exists|all|map|filter)\(\s*([A-Za-z_]\w*)\s*,")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@functools.lru_cache(maxsize=1024)
def compile_expression(expr: str) -> Any:
    """Compile once; raises ValueError with the CEL line:column on a syntax error."""
    return cel.compile(expr)


def unknown_variables(expr: str, allowed: frozenset[str]) -> list[str]:
    """Variables `expr` uses that are neither `allowed` nor bound by a macro (`e` in exists)."""
    program = compile_expression(expr)
    bound = set(_BOUND.findall(expr))
    return sorted(v for v in program.variables() if v not in allowed and v not in bound)


def placeholders(template: str) -> list[str]:
    """The `{CEL expression}` placeholders of a message template."""
    return [m.group(1).strip() for m in _PLACEHOLDER.finditer(template)]


# -- helper functions visible to CEL (total: they return null instead of raising) -------


def _lo(obj: Any) -> str | None:
    bounds = day_bounds(obj)
    return bounds[0].isoformat() if bounds else None


def _hi(obj: Any) -> str | None:
    bounds = day_bounds(obj)
    return bounds[1].isoformat() if bounds else None


def _add_years(obj: Any, years: Any) -> str | None:
    """The anniversary, `years` later, of the first possible day of `obj` (29 Feb -> 28 Feb)."""
    bounds = day_bounds(obj)
    if bounds is None or isinstance(years, bool) or not isinstance(years, int | float):
        return None
    try:
        return anniversary(bounds[0], int(years)).isoformat()
    except (ValueError, OverflowError):
        return None


def _is_date(obj: Any) -> bool:
    return day_bounds(obj) is not None


def _dated_of_type(events: Any, type_: Any) -> list[tuple[date, date, Mapping[str, Any]]]:
    if not isinstance(events, list):
        return []
    out = []
    for ev in events:
        if isinstance(ev, Mapping) and ev.get("type") == type_:
            bounds = day_bounds(ev)
            if bounds is not None:
                out.append((bounds[0], bounds[1], ev))
    return out


def _first_of_type(events: Any, type_: Any) -> Mapping[str, Any] | None:
    """The event of that type whose possible days start earliest (null if none is dated)."""
    dated = _dated_of_type(events, type_)
    return min(dated, key=lambda t: (t[0], t[1]))[2] if dated else None


def _entry_before(events: Any, event: Any) -> Mapping[str, Any] | None:
    """flags.md 2.3: the entry with the greatest `hi` among entries whose `lo` <= event's `lo`."""
    bounds = day_bounds(event)
    if bounds is None:
        return None
    earlier = [t for t in _dated_of_type(events, "entry") if t[0] <= bounds[0]]
    return max(earlier, key=lambda t: (t[1], t[0]))[2] if earlier else None


def _safe(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        try:
            return fn(*args)
        except Exception:  # a helper must never break a draft; CEL sees null
            return None
    return wrapper


FUNCTIONS: dict[str, Any] = {
    "lo": _safe(_lo),
    "hi": _safe(_hi),
    "add_years": _safe(_add_years),
    "is_date": _safe(_is_date),
    "first_of_type": _safe(_first_of_type),
    "entry_before": _safe(_entry_before),
}


def plain(value: Any) -> Any:
    """A JSON-shaped copy CEL can convert (string keys, no foreign objects)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return str(value)


def make_context(facts: Mapping[str, Any], today: date) -> Any:
    """One CEL context per draft (building it is the costly part); items are added per call."""
    return cel.Context(variables={"facts": plain(facts), "today": today.isoformat()},
                       functions=FUNCTIONS)


def evaluate(expr: str, context: Any) -> Any:
    """The value of `expr`, or None if it cannot be decided on this draft."""
    try:
        return compile_expression(expr).execute(context)
    except Exception:  # missing keys, wrong types, overflow: undecidable on this draft
        return None


def decide(expr: str, context: Any) -> bool | None:
    result = evaluate(expr, context)
    return result if isinstance(result, bool) else None


def render(template: str, context: Any, lang: str) -> str:
    """Fill `{expr}` placeholders; dates read as describe_date says them, lists comma-joined."""
    def one(m: re.Match[str]) -> str:
        return format_value(evaluate(m.group(1).strip(), context), lang)
    return _PLACEHOLDER.sub(one, template)


def format_value(value: Any, lang: str) -> str:
    if value is None:
        return "?"
    if isinstance(value, bool):
        return ("sí" if value else "no") if lang == "es" else ("yes" if value else "no")
    if isinstance(value, Mapping) and "date" in value:
        return describe_date(value, lang)
    if isinstance(value, str) and day_bounds(value) is not None:
        return describe_date(value, lang)
    if isinstance(value, list):
        return ", ".join(format_value(v, lang) for v in value)
    return str(value)
