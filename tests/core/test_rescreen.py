"""Incremental re-screening in the core: fingerprints, what a pack edit makes dirty, partial
evaluation, and the rule that an incremental re-screen gives exactly what a full one gives."""

from __future__ import annotations

import json
import random
from datetime import date
from functools import lru_cache

import pytest

from clinic_app.domain import (
    Flag,
    FlagLevel,
    FlagLevelChange,
    IntakeDocument,
    ScreeningChange,
    ScreeningResult,
)
from clinic_app.rescreening import RescreenResult, RescreenTask
from clinic_app.screening.engine import ScreeningEngine
from clinic_app.screening.expressions import needs_of
from clinic_app.screening.fingerprint import dirty_flags
from clinic_app.screening.rescreen import rescreen
from forms.rule_pack_loader import parse_rule_pack

from .intake_variants import intakes
from .pack_edits import EDITS, bundled_text, edited, narrow_stb, raise_level

AS_OF = date(2026, 7, 1)
TODAY = date(2026, 11, 23)


@lru_cache(maxsize=32)
def engine(text: str) -> ScreeningEngine:
    return ScreeningEngine(parse_rule_pack(text, "pack.yaml"))


@lru_cache(maxsize=1)
def documents() -> tuple[IntakeDocument, ...]:
    return tuple(IntakeDocument(f) for f in intakes(70))


def as_of(doc: IntakeDocument) -> date:
    text = doc.intake_date
    return date.fromisoformat(text) if text and len(text) == 10 else TODAY


def plan(old: ScreeningEngine, new: ScreeningEngine) -> tuple[frozenset[str], bool]:
    """What the service evaluates for an intake whose facts did not change."""
    before = old.fingerprint
    removed = {f for f, _ in before.flags} - {f for f, _ in new.fingerprint.flags}
    return (dirty_flags(dict(before.flags), new.fingerprint) | removed,
            before.warnings != new.fingerprint.warnings)


def task(doc: IntakeDocument, stored: ScreeningResult, evaluate: frozenset[str] | None,
         warnings: bool) -> RescreenTask:
    return RescreenTask(
        intake_id="i", version=1, client_id="c", facts_text=json.dumps(dict(doc.facts)),
        evaluate=evaluate, warnings=warnings, stored_as_of=stored.as_of,
        stored_pack="us-border-asylum 2026.06.25",
        fired_before=tuple(f.id for f in stored.flags),
        contents={f.id: f for f in stored.flags if evaluate is None or f.id in evaluate},
        not_applicable=stored.not_applicable, stored_warnings=stored.warnings)


def merged(stored: ScreeningResult, result: RescreenResult | None
           ) -> tuple[tuple[Flag, ...], tuple[str, ...], tuple[str, ...]]:
    """The stored screening once `result` is written over it."""
    if result is None:
        return stored.flags, stored.not_applicable, stored.warnings
    kept = {f.id: f for f in stored.flags}
    flags = tuple(result.rows.get(f) or kept[f] for f in result.fired)
    return (flags, result.not_applicable or stored.not_applicable,
            result.warnings if result.warnings is not None else stored.warnings)


def test_the_same_pack_has_the_same_fingerprints_and_nothing_is_dirty() -> None:
    a, b = engine(bundled_text()), ScreeningEngine(parse_rule_pack(bundled_text(), "other.yaml"))
    assert a.fingerprint == b.fingerprint
    assert dirty_flags(dict(a.fingerprint.flags), b.fingerprint) == frozenset()


@pytest.mark.parametrize(("edit", "dirty"), [
    ("retimeline", set()),
    ("reterm", "all"),
])
def test_what_an_edit_makes_dirty(edit: str, dirty: set[str] | str) -> None:
    old, new = engine(bundled_text()), engine(edited(bundled_text(), [edit], random.Random(1)))
    found: set[str] = set(dirty_flags(dict(old.fingerprint.flags), new.fingerprint))
    assert found == ({f for f, _ in new.fingerprint.flags} if dirty == "all" else dirty)


def test_a_window_change_makes_only_that_flag_dirty() -> None:
    old, new = engine(bundled_text()), engine(narrow_stb(bundled_text()))
    assert dirty_flags(dict(old.fingerprint.flags), new.fingerprint) == {"STB-2024"}
    assert old.fingerprint.warnings == new.fingerprint.warnings


def test_with_flag_users_follow_the_flag_they_name() -> None:
    text = bundled_text()
    start = text.index("  - id: AOL-METERING\n")
    at = text.index("level: review", start)
    changed = text[:at] + "level: urgent" + text[at + len("level: review"):]
    dirty = dirty_flags(dict(engine(text).fingerprint.flags), engine(changed).fingerprint)
    assert dirty == {"AOL-METERING", "TCT-2019"}   # TCT-2019 says a part `with_flag` AOL


def test_a_governed_flags_sources_reach_the_meta_flags() -> None:
    text = bundled_text()
    url = "https://www.govinfo.gov/content/pkg/FR-2024-06-07/html/2024-12435.htm"
    changed = text.replace(url, url + "#moved")
    dirty = dirty_flags(dict(engine(text).fingerprint.flags), engine(changed).fingerprint)
    assert dirty == {"STB-2024", "BOUNDARY-DATE", "DATE-UNCERTAIN"}


def test_needs_keep_only_the_fields_and_events_an_expression_reads() -> None:
    stb = engine(bundled_text()).pack.flag("STB-2024")
    needs = needs_of(stb.triggers[0].when)
    assert needs.variables == {"entries", "dates"}
    assert dict(needs.fields) == {"entries": frozenset({"border", "documents", "cbp_one"}),
                                  "dates": frozenset({"first", "last"})}
    assert needs.date_types == frozenset({"entry"})
    size = engine(bundled_text()).pack.flag("CBP1-PAROLE-TERM").reason
    when = next(p.when for p in size if p.when is not None and "size()" in p.when.source)
    assert needs_of(when).fields == {"paroles": frozenset()}   # keys only


def test_partial_evaluation_writes_each_flag_as_a_full_screen_does() -> None:
    eng = engine(bundled_text())
    ids = [f.id for f in eng.pack.flags]
    for doc in documents()[:60]:
        full = eng.screen(doc, as_of=as_of(doc))
        fired = {f.id: f for f in full.flags}
        for flag_id in ids:
            part = eng.evaluate(doc, as_of=as_of(doc), flags={flag_id},
                                fired_elsewhere=set(fired) - {flag_id})
            assert {f.id: f for f in part.flags}.get(flag_id) == fired.get(flag_id), flag_id
        part = eng.evaluate(doc, as_of=as_of(doc), flags=(), warnings=True)
        assert part.warnings == full.warnings


EDIT_SETS = [[name] for name in EDITS] + [
    ["shift_window", "change_level"], ["reword", "swap_flags"], ["drop_last_flag", "reword"],
    ["shift_window", "shift_window", "move_source"], ["change_level", "reword_warning"]]


@pytest.mark.parametrize("names", EDIT_SETS, ids=["+".join(n) for n in EDIT_SETS])
@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_rescreen_equals_a_full_screen(names: list[str], seed: int) -> None:
    old = engine(bundled_text())
    new = engine(edited(bundled_text(), names, random.Random(seed)))
    evaluate, warnings = plan(old, new)
    for doc in documents():
        day = as_of(doc)
        stored = old.screen(doc, as_of=day)
        result = rescreen(new, task(doc, stored, evaluate, warnings), TODAY)
        expected = new.screen(doc, as_of=day)
        assert merged(stored, result) == (expected.flags, expected.not_applicable,
                                          expected.warnings), doc.display_name
        full = rescreen(new, task(doc, stored, None, False), TODAY)
        assert merged(stored, full) == merged(stored, result)
        assert (full.change if full else None) == (result.change if result else None)


def test_a_partial_rescreen_with_nothing_to_evaluate_needs_no_facts() -> None:
    old = engine(bundled_text())
    doc = documents()[0]
    stored = old.screen(doc, as_of=as_of(doc))
    plain = task(doc, stored, frozenset(), False)
    no_facts = RescreenTask(**{**{f: getattr(plain, f) for f in plain.__slots__},
                               "facts_text": ""})
    assert rescreen(old, no_facts, TODAY) is None


def test_the_change_is_described_as_the_command_prints_it() -> None:
    change = ScreeningChange(
        "i", "c", "Ana", AS_OF, "us-border-asylum 2026.06.25", "us-border-asylum 2026.07.01",
        added=(FlagLevelChange("STB-2024", None, FlagLevel.CHECK),),
        dropped=(FlagLevelChange("CLP-2023", FlagLevel.REVIEW, None),),
        changed=(FlagLevelChange("ONE-YEAR", FlagLevel.REVIEW, FlagLevel.URGENT),))
    assert change.describe() == "+STB-2024 (check), -CLP-2023, ONE-YEAR review->urgent"
    assert ScreeningChange.changes_from_detail(change.detail()) == (
        change.added, change.dropped, change.changed)


def test_a_raised_level_is_a_level_change() -> None:
    old = engine(bundled_text())
    new = engine(raise_level(bundled_text(), "CLP-2023", "review", "urgent"))
    evaluate, warnings = plan(old, new)
    assert evaluate == {"CLP-2023"}
    seen = set()
    for doc in documents():
        stored = old.screen(doc, as_of=as_of(doc))
        result = rescreen(new, task(doc, stored, evaluate, warnings), TODAY)
        if result is not None and result.change is not None:
            assert result.change.describe() == "CLP-2023 review->urgent"
            seen.add(doc.display_name)
    assert seen
