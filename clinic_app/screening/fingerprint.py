"""What each flag's output depends on, hashed: the basis of incremental re-screening.

A flag's stored row (level, title, policy, reason, facts, sources) is a function of the intake's
facts, the screening day and the parts of the pack it reads: its own definition, the pack's
preamble, terms and boundaries (placeholders and `B`), the engine's own code (`ENGINE_REVISION`)
and, for a flag that cites the boundaries (`cite_boundaries`), the citations of the flags those
boundaries govern. Timelines and the `supports` notes of citations are not part of any output,
so editing them re-screens nothing.

When a new pack arrives, the flags whose fingerprint changed are re-evaluated, plus every flag
with a reason part said only `with_flag` one of them (whether that one fires may change); every
other flag of an unchanged intake keeps its stored row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from clinic_app.domain import PackFingerprint
from clinic_app.screening.model import Expr, FlagRule, RulePack, Text

# Bump when the view, the engine or the reason texts change what a pack produces, so that every
# stored screening is re-evaluated in full by the next re-screen.
ENGINE_REVISION = "1"


def _text(text: Text | None) -> list[str] | None:
    return [text.en, text.es] if text is not None else None


def _expr(expr: Expr | None) -> str | None:
    return expr.source if expr is not None else None


def _digest(value: Any) -> str:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def _flag_definition(rule: FlagRule) -> dict[str, Any]:
    return {
        "id": rule.id, "title": _text(rule.title), "policy": rule.policy,
        "cite_boundaries": rule.cite_boundaries,
        "citations": [c.url for c in rule.citations],
        "triggers": [{"level": t.level.value, "when": _expr(t.when), "says": _text(t.says),
                      "citations": [c.url for c in t.citations]} for t in rule.triggers],
        "reason": [{"text": _text(p.text), "when": _expr(p.when), "each": _expr(p.each),
                    "facts": list(p.facts), "with_flag": p.with_flag} for p in rule.reason],
    }


def _shared(pack: RulePack) -> str:
    """What every flag reads: preamble, terms, boundaries and the engine's revision."""
    return _digest({
        "engine": ENGINE_REVISION,
        "preamble": _text(pack.preamble),
        "terms": {code: _text(text) for code, text in pack.terms.items()},
        "boundaries": [{"day": b.day.isoformat(), "governs": list(b.governs),
                        "what": _text(b.what), "sides": _text(b.sides)}
                       for b in pack.boundaries],
    })


def pack_fingerprint(pack: RulePack) -> PackFingerprint:
    """Per-flag fingerprints of `pack` (and one for its data warnings)."""
    shared = _shared(pack)
    by_id = {f.id: f for f in pack.flags}
    governed = sorted({g for b in pack.boundaries for g in b.governs if g in by_id})
    cited = {g: [c.url for c in by_id[g].citations] for g in governed}
    flags = tuple(
        (rule.id, _digest([shared, _flag_definition(rule),
                           cited if rule.cite_boundaries else None]))
        for rule in pack.flags)
    warnings = _digest([shared, [{"when": _expr(w.when), "text": _text(w.text)}
                                 for w in pack.warnings]])
    depends = tuple((rule.id, tuple(sorted({p.with_flag for p in rule.reason if p.with_flag})))
                    for rule in pack.flags)
    digest = _digest([pack.id, [list(f) for f in flags], warnings])
    return PackFingerprint(digest=digest, flags=flags, warnings=warnings, depends=depends)


def dirty_flags(before: Mapping[str, str], after: PackFingerprint) -> frozenset[str]:
    """Flags of `after` whose output may differ from a screening made with `before`'s flags
    (flag id -> fingerprint): changed or new flags, and the flags that say something only
    `with_flag` one of those."""
    dirty = {flag_id for flag_id, fp in after.flags if before.get(flag_id) != fp}
    depends = dict(after.depends)
    grew = True
    while grew:
        grew = False
        for flag_id, needs in depends.items():
            if flag_id not in dirty and any(n in dirty for n in needs):
                dirty.add(flag_id)
                grew = True
    return frozenset(dirty)
