"""Turning a fired flag's triggers into one Flag: reason text, facts, level and sources.

Only fired flags reach this module, so its per-part CEL evaluations (`when`, `each`) cost nothing
for the flags that stay silent, which are most of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from clinic_app.domain import Flag, FlagLevel
from clinic_app.screening.model import Boundary, FlagRule, RulePack, Trigger
from clinic_app.screening.texts import Words, render
from clinic_app.screening.view import IntakeView

Hits = Sequence[tuple[Trigger, Sequence[str]]]
_RANK = {FlagLevel.CHECK: 1, FlagLevel.REVIEW: 2, FlagLevel.URGENT: 3}


def _boundary_days(view: IntakeView, paths: Sequence[str]) -> list[int]:
    """Boundary days touched by the facts: inside their range or equal to their Eastern day."""
    hit: set[int] = set()
    for path in paths:
        rec = view.records.get(path)
        if rec is None:
            continue
        lo, hi = rec.days.lo.toordinal(), rec.days.hi.toordinal()
        east = rec.days.east.toordinal() if rec.days.east else None
        hit.update(b for b in view.boundaries if lo <= b <= hi or b == east)
    return sorted(hit)


def sources(rule: FlagRule, hits: Hits, pack: RulePack, view: IntakeView,
            paths: Sequence[str], boundaries: Mapping[int, Boundary]) -> tuple[str, ...]:
    """The flag's URLs in order: its own, the boundary flags' (meta flags), the triggers'."""
    urls = [c.url for c in rule.citations]
    if rule.cite_boundaries:
        for b in _boundary_days(view, paths):
            for governed in boundaries[b].governs:
                urls += [c.url for c in pack.flag(governed).citations]
    for trigger, _ in hits:
        urls += [c.url for c in trigger.citations]
    return tuple(dict.fromkeys(urls))


def build_flag(rule: FlagRule, hits: Hits, ctx: Any, words: Words, pack: RulePack,
               boundaries: Mapping[int, Boundary], fired: frozenset[str] = frozenset()) -> Flag:
    """Render one fired flag in `words.lang`; `ctx` is the intake's CEL context."""
    lang = words.lang
    parts = [pack.preamble.get(lang)]
    level = FlagLevel.CHECK
    event_facts = words.view.ordered([p for _, paths in hits for p in paths])
    facts = dict.fromkeys(event_facts)
    for trigger, paths in hits:
        if _RANK[trigger.level] > _RANK[level]:
            level = trigger.level
        if trigger.says:
            parts += [render(trigger.says.get(lang), words.fact(p)) for p in paths]
    for part in rule.reason:
        if part.with_flag and part.with_flag not in fired:
            continue
        if part.when is not None and part.when.program.execute(ctx) is not True:
            continue
        if part.each is not None:
            each = words.view.ordered(part.each.program.execute(ctx))
            if not each:
                continue
            parts += [render(part.text.get(lang), words.fact(p)) for p in each]
        else:
            parts.append(render(part.text.get(lang), words.globals()))
        facts.update(dict.fromkeys(part.facts))
    text = " ".join(dict.fromkeys(p.strip() for p in parts if p.strip()))
    return Flag(id=rule.id, title=rule.title.get(lang), policy=rule.policy, level=level,
                reason=text, facts=tuple(facts),
                sources=sources(rule, hits, pack, words.view, event_facts, boundaries))
