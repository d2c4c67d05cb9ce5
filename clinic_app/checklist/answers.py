"""Reading and writing answers at JSON paths of `clinic-intake/1` facts, never in place.

Absent is not false: writing None (unknown) removes the key, `[]` is kept as a real answer
("none"), and JSON null is written and read back as the JSON_NULL marker so that "no
representative" (null) and "not asked" (absent) stay different.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any, Final

from clinic_app.checklist.schema import DATE_KEYS
from clinic_app.domain import FORMAT_ID

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")
_INDEX = re.compile(r"\[(\d+)\]")

Step = str | int


class _JsonNull:
    """The answer "explicitly none", stored as JSON null (e.g. `represented_by: null`)."""

    _instance: _JsonNull | None = None

    def __new__(cls) -> _JsonNull:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "JSON_NULL"

    def __bool__(self) -> bool:
        return False

    def __copy__(self) -> _JsonNull:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _JsonNull:
        return self


JSON_NULL: Final = _JsonNull()


def parse_path(path: str) -> list[Step]:
    """`events[2].port` -> ["events", 2, "port"]; ValueError for anything else."""
    steps: list[Step] = []
    if not isinstance(path, str) or not path:
        raise ValueError("an answer path must be a non-empty string")
    for part in path.split("."):
        m = _STEP.fullmatch(part)
        if m is None:
            raise ValueError(f"'{path}' is not an answer path (expected e.g. events[2].port)")
        steps.append(m.group(1))
        steps.extend(int(i) for i in _INDEX.findall(m.group(2)))
    return steps


def format_path(steps: list[Step]) -> str:
    out = ""
    for step in steps:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def new_facts() -> dict[str, Any]:
    """An empty intake: only the required `format` key (absent answers mean "not asked")."""
    return {"format": FORMAT_ID}


def get_answer(facts: Mapping[str, Any], path: str) -> Any:
    """The answer at `path`: None when absent (or the draft has another shape there), JSON_NULL
    for a stored null, a copy for lists and objects (so callers cannot edit the facts)."""
    node: Any = facts
    for step in parse_path(path):
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return None
            node = node[step]
        else:
            if not isinstance(node, Mapping) or step not in node:
                return None
            node = node[step]
    if node is None:
        return JSON_NULL
    return copy.deepcopy(node)


def set_answer(facts: Mapping[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A new facts dict with `value` at `path`; None removes the key, JSON_NULL stores null.

    Parent objects are created as needed and a list index may be one past the end (append).
    Objects emptied by a removal are dropped (an empty `client` means the same as none), but
    list items never are, so indices stay stable. Raises ValueError if the path crosses an
    answer of another shape, rather than overwrite it.
    """
    steps = parse_path(path)
    out: dict[str, Any] = copy.deepcopy(dict(facts))
    stored = _to_json(value)
    if value is None:
        _remove(out, steps)
    else:
        _put(out, steps, stored)
    return out


def _to_json(value: Any) -> Any:
    """A fresh copy of `value` with JSON_NULL written as the null it stands for."""
    if value is JSON_NULL:
        return None
    if isinstance(value, Mapping):
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    return copy.deepcopy(value)


def _put(root: dict[str, Any], steps: list[Step], value: Any) -> None:
    node: Any = root
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        nxt: Any = None if last else ([] if isinstance(steps[i + 1], int) else {})
        if isinstance(step, int):
            if not isinstance(node, list):
                raise ValueError(f"{format_path(steps[:i])} is not a list")
            if step > len(node):
                raise ValueError(f"{format_path(steps[: i + 1])}: the list has {len(node)} items")
            if step == len(node):
                node.append(value if last else nxt)
            elif last:
                node[step] = value
        else:
            if not isinstance(node, dict):
                raise ValueError(f"{format_path(steps[:i]) or 'the intake'} is not an object")
            if last:
                node[step] = value
            elif node.get(step) is None:
                node[step] = nxt
        if not last:
            node = node[step]
            if isinstance(steps[i + 1], int) and not isinstance(node, list):
                raise ValueError(f"{format_path(steps[: i + 1])} is not a list")
            if isinstance(steps[i + 1], str) and not isinstance(node, dict):
                raise ValueError(f"{format_path(steps[: i + 1])} is not an object")


def _remove(root: dict[str, Any], steps: list[Step]) -> None:
    chain: list[Any] = [root]
    node: Any = root
    for step in steps[:-1]:
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return
        elif not isinstance(node, dict) or step not in node:
            return
        node = node[step]
        chain.append(node)
    last = steps[-1]
    if isinstance(last, int):
        if isinstance(node, list) and last < len(node):
            del node[last]
        return
    if not isinstance(node, dict) or last not in node:
        return
    del node[last]
    # Drop objects emptied by the removal (not list items, not the root).
    for depth in range(len(chain) - 1, 0, -1):
        parent, key = chain[depth - 1], steps[depth - 1]
        if isinstance(key, str) and chain[depth] == {} and isinstance(parent, dict):
            del parent[key]
        else:
            break


def append_item(facts: Mapping[str, Any], list_path: str,
                item: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
    """Add an item (an event, a household member) to the list at `list_path`; return the new
    facts and the item's index."""
    current = get_answer(facts, list_path)
    index = len(current) if isinstance(current, list) else 0
    if current is None:
        facts = set_answer(facts, list_path, [])
    return set_answer(facts, f"{list_path}[{index}]", dict(item)), index


def get_date_entry(facts: Mapping[str, Any], object_path: str) -> dict[str, Any]:
    """The date keys (date, date_to, approximate, time, timezone) of the object at `object_path`."""
    obj = get_answer(facts, object_path)
    if not isinstance(obj, Mapping):
        return {}
    return {k: obj[k] for k in DATE_KEYS if k in obj}


def set_date_entry(facts: Mapping[str, Any], object_path: str,
                   entry: Mapping[str, Any] | None) -> dict[str, Any]:
    """Replace the date keys of the object at `object_path` with `entry` (from
    parse_date_entry, possibly with time/timezone); keys not in `entry` are removed."""
    entry = entry or {}
    for key in DATE_KEYS:
        value = entry.get(key)
        if key == "approximate" and value is not True:
            value = None
        facts = set_answer(facts, f"{object_path}.{key}", value)
    return dict(facts)
