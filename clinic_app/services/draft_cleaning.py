"""A screenable copy of a half-typed draft: answers that are not valid yet are left out.

Live flags must not wait for the paralegal to finish typing a date, and must not be computed
from a date that is not one. So a draft that fails `validate_facts` is screened as a copy with
each invalid answer removed (an event whose date is not a date yet is left out whole), and the
flags' JSON paths are mapped back to the positions the paralegal sees, since removing an event
shifts the ones after it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from clinic_app.checklist import parse_path
from clinic_app.domain import FORMAT_ID, Flag, ScreeningResult
from clinic_app.intake_format import validate_facts

MAX_PASSES = 500  # each pass removes one answer; a draft never has this many broken ones
# Lists whose item positions flags name (`events[3]`, `client.nationalities[0]`).
_INDEXED = re.compile(r"\b(events|household|transit_countries|confidentiality_risks|"
                      r"client\.nationalities|client\.languages)\[(\d+)\]")


@dataclass
class CleanedDraft:
    """The screenable copy, the original paths left out, and how positions moved."""

    facts: dict[str, Any]
    left_out: tuple[str, ...]
    # list path -> original position of each item still in the copy
    origins: dict[str, list[int]] = field(default_factory=dict)

    def original_path(self, path: str) -> str:
        """`events[2]` in the copy -> `events[3]` in the draft, if an earlier event was left out."""
        return _INDEXED.sub(self._remap, path)

    def restore_paths(self, result: ScreeningResult) -> ScreeningResult:
        """The screening with every fact path (also inside reasons) named as in the draft."""
        if not any(self.origins.values()):
            return result
        flags = tuple(Flag(id=f.id, title=f.title, policy=f.policy, level=f.level,
                           reason=self.original_path(f.reason),
                           facts=tuple(self.original_path(p) for p in f.facts),
                           sources=f.sources) for f in result.flags)
        return ScreeningResult(as_of=result.as_of, rule_pack=result.rule_pack, flags=flags,
                               not_applicable=result.not_applicable,
                               warnings=tuple(self.original_path(w) for w in result.warnings))

    def _remap(self, match: re.Match[str]) -> str:
        origins = self.origins.get(match.group(1))
        index = int(match.group(2))
        if origins is None or index >= len(origins):
            return match.group(0)
        return f"{match.group(1)}[{origins[index]}]"


def clean_draft(facts: Mapping[str, Any]) -> CleanedDraft:
    """Remove what `validate_facts` refuses, one answer at a time, until the copy is valid."""
    work: dict[str, Any] = copy.deepcopy(dict(facts)) if isinstance(facts, Mapping) else {}
    first = validate_facts(work)
    left_out = tuple(dict.fromkeys(issue.path for issue in first))
    cleaned = CleanedDraft(work, left_out)
    issues = first
    for _ in range(MAX_PASSES):
        if not issues:
            return cleaned
        _remove(cleaned, issues[0].path)
        issues = validate_facts(cleaned.facts)
    cleaned.facts = {"format": FORMAT_ID}  # give up gracefully: screen nothing rather than fail
    return cleaned


def _remove(cleaned: CleanedDraft, path: str) -> None:
    facts = cleaned.facts
    if path in ("", "$"):
        facts["format"] = FORMAT_ID
        return
    try:
        steps: list[str | int] = list(parse_path(path))
    except ValueError:
        # An odd key (`client["a b"]`): drop the whole top-level answer it sits in.
        steps = [re.split(r"[.\[]", path, maxsplit=1)[0]]
    while steps:
        if _delete(cleaned, steps):
            return
        steps = steps[:-1]  # nothing there to delete: the problem is its parent
    facts.clear()
    facts["format"] = FORMAT_ID


def _delete(cleaned: CleanedDraft, steps: list[str | int]) -> bool:
    """Delete the value at `steps`; False when there is nothing there."""
    if steps == ["format"]:
        cleaned.facts["format"] = FORMAT_ID
        return True
    node: Any = cleaned.facts
    for step in steps[:-1]:
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return False
        elif not isinstance(node, dict) or step not in node:
            return False
        node = node[step]
    last = steps[-1]
    if isinstance(last, int):
        if not isinstance(node, list) or last >= len(node):
            return False
        del node[last]
        list_path = ".".join(str(s) for s in steps[:-1])
        if all(isinstance(s, str) for s in steps[:-1]):
            origins = cleaned.origins.setdefault(list_path, list(range(len(node) + 1)))
            del origins[last]
        return True
    if not isinstance(node, dict) or last not in node:
        return False
    del node[last]
    return True
