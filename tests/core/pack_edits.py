"""Edits of the shipped rule pack's YAML text that keep it a valid pack, for re-screen tests.

Each edit changes what some flags produce (a window, a level, a sentence, a source, a term, a
boundary's words, a warning, the flag list or its order) or nothing at all (a timeline). The
version is bumped by `edited`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date, timedelta

from forms.rule_pack_loader import default_pack_path

SEPARATOR = "  # " + "-" * 93 + "\n"


def bundled_text() -> str:
    return default_pack_path().read_text(encoding="utf-8")


def _flags_start(text: str) -> int:
    return text.index("\nflags:\n")


def _blocks(text: str) -> tuple[str, list[str]]:
    head, _, body = text.partition("\nflags:\n")
    parts = body.split(SEPARATOR)
    return head + "\nflags:\n" + parts[0], parts[1:]


def _join(head: str, blocks: list[str]) -> str:
    return head + "".join(SEPARATOR + b for b in blocks)


def _nth(pattern: str, text: str, rnd: random.Random, start: int = 0) -> re.Match[str] | None:
    found = [m for m in re.finditer(pattern, text) if m.start() >= start]
    return rnd.choice(found) if found else None


def shift_window(text: str, rnd: random.Random) -> str:
    """Move one d("...") date inside a flag's condition by up to 200 days."""
    m = _nth(r'd\("(\d{4}-\d{2}-\d{2})"\)', text, rnd, _flags_start(text))
    assert m is not None
    day = date.fromisoformat(m.group(1)) + timedelta(days=rnd.choice([-200, -60, -1, 1, 90]))
    return text[:m.start(1)] + day.isoformat() + text[m.end(1):]


def change_level(text: str, rnd: random.Random) -> str:
    m = _nth(r"level: (urgent|review|check)", text, rnd, _flags_start(text))
    assert m is not None
    other = rnd.choice([lv for lv in ("urgent", "review", "check") if lv != m.group(1)])
    return text[:m.start(1)] + other + text[m.end(1):]


def reword(text: str, rnd: random.Random) -> str:
    """Append to one English sentence of a flag (title, says or reason)."""
    m = _nth(r'\n\s+en: "([^"\n$]*)\.', text, rnd, _flags_start(text))
    assert m is not None
    return text[:m.end(1)] + " (reworded)" + text[m.end(1):]


def move_source(text: str, rnd: random.Random) -> str:
    m = _nth(r"url: (https?://\S+)", text, rnd, _flags_start(text))
    assert m is not None
    return text[:m.end(1)] + "#moved" + text[m.end(1):]


def retimeline(text: str, rnd: random.Random) -> str:
    """An edit no flag's output reads: a timeline event."""
    m = _nth(r'event: "([^"]+)"', text, rnd)
    assert m is not None
    return text[:m.end(1)] + " (see docket)" + text[m.end(1):]


def reterm(text: str, rnd: random.Random) -> str:
    """A word every flag may use."""
    return text.replace('between_ports: {en: "between ports"',
                        'between_ports: {en: "between two ports"', 1)


def reword_warning(text: str, rnd: random.Random) -> str:
    return text.replace('en: "no entry event: one-year deadline cannot be computed',
                        'en: "no entry event recorded: one-year deadline cannot be computed', 1)


def drop_last_flag(text: str, rnd: random.Random) -> str:
    """UAC-STATUS, the last flag, is governed by no boundary and named by no with_flag."""
    head, blocks = _blocks(text)
    assert "id: UAC-STATUS" in blocks[-1]
    return _join(head, blocks[:-1])


def swap_flags(text: str, rnd: random.Random) -> str:
    """Swap two neighbouring flags (their output order changes)."""
    head, blocks = _blocks(text)
    i = rnd.randrange(len(blocks) - 2)   # the last block ends the file
    blocks[i], blocks[i + 1] = blocks[i + 1], blocks[i]
    return _join(head, blocks)


EDITS: dict[str, Callable[[str, random.Random], str]] = {
    "shift_window": shift_window, "change_level": change_level, "reword": reword,
    "move_source": move_source, "retimeline": retimeline, "reterm": reterm,
    "reword_warning": reword_warning, "drop_last_flag": drop_last_flag, "swap_flags": swap_flags,
}


def edited(text: str, names: list[str], rnd: random.Random, version: str = "2026.07.01") -> str:
    for name in names:
        text = EDITS[name](text, rnd)
    return re.sub(r'^version: "[^"]+"', f'version: "{version}"', text, count=1, flags=re.M)


def narrow_stb(text: str, end: str = "2025-02-28") -> str:
    """STB-2024's entry window ends earlier (its trigger and its child part)."""
    old = 'dates[e].first <= d("2025-05-31") && dates[e].last >= d("2024-06-05"))'
    assert text.count(old) == 2
    return text.replace(old, old.replace("2025-05-31", end))


def raise_level(text: str, flag_id: str, old: str, new: str) -> str:
    """The first trigger of `flag_id` with level `old` gets level `new`."""
    start = text.index(f"  - id: {flag_id}\n")
    at = text.index(f"level: {old}", start)
    return text[:at] + f"level: {new}" + text[at + len(f"level: {old}"):]
