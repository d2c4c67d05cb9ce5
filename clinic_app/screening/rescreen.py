"""Re-screening one stored intake: in full, or only the flags a new rule pack changed.

Pure functions over plain, picklable values, so that worker processes can run them: the store
is read and written by the parent (clinic_app.services.screening), never here.

Incremental rule (clinic_app.screening.fingerprint): when an intake's facts and screening day
are those of its stored screening, only the flags whose fingerprint changed are evaluated, and
every other flag keeps its stored row; the result is the stored screening a full screen would
write, which the tests check on random pack edits.
"""

from __future__ import annotations

import json
from datetime import date

from clinic_app.domain import (
    Flag,
    FlagLevel,
    FlagLevelChange,
    IntakeDocument,
    ScreeningChange,
    own_screening_day,
)
from clinic_app.rescreening import RescreenResult, RescreenTask
from clinic_app.screening.engine import ScreeningEngine


def rescreen(engine: ScreeningEngine, task: RescreenTask, today: date) -> RescreenResult | None:
    """Screen `task` with `engine`; None when a partial screen finds nothing to write.

    A partial task with nothing to evaluate (the pack only dropped or reordered flags) is
    worked out from the stored flags alone, without reading the facts.
    """
    if task.evaluate is None:
        return _full(engine, task, IntakeDocument(json.loads(task.facts_text)), today)
    assert task.stored_as_of is not None
    flags: tuple[Flag, ...] = ()
    new_warnings: tuple[str, ...] | None = None
    if task.evaluate or task.warnings:
        document = IntakeDocument(json.loads(task.facts_text))
        fired_before = {flag_id for flag_id, _, _ in task.flags}
        partial = engine.evaluate(document, as_of=task.stored_as_of, flags=task.evaluate,
                                  fired_elsewhere=fired_before - task.evaluate,
                                  warnings=task.warnings)
        if partial.problems:  # a rule raised: its warning must be stored, as a full screen would
            return _full(engine, task, document, today)
        flags, new_warnings = partial.flags, partial.warnings
    new = {f.id: f for f in flags}
    levels = {flag_id: level for flag_id, level, _ in task.flags}
    fired: list[tuple[str, str]] = []
    for rule in engine.pack.flags:
        if rule.id in task.evaluate:
            if rule.id in new:
                fired.append((rule.id, new[rule.id].level.value))
        elif rule.id in levels:
            fired.append((rule.id, levels[rule.id]))
    rows = {f.id: f for f in flags if task.contents.get(f.id) != f}
    fired_ids = {flag_id for flag_id, _ in fired}
    not_applicable = tuple(r.id for r in engine.pack.flags if r.id not in fired_ids)
    warnings = new_warnings if new_warnings is not None \
        and new_warnings != task.stored_warnings else None
    change = _change(task, fired, engine.pack_info.label, task.stored_as_of)
    same_order = [flag_id for flag_id, _ in fired] == [f for f, _, _ in task.flags]
    if not rows and change is None and warnings is None and same_order \
            and not_applicable == task.not_applicable:
        return None
    return RescreenResult(task.intake_id, task.version, task.stored_as_of, None, tuple(fired),
                          rows, None if not_applicable == task.not_applicable
                          else not_applicable, warnings, change, full=False)


def _full(engine: ScreeningEngine, task: RescreenTask, document: IntakeDocument,
          today: date) -> RescreenResult:
    day = own_screening_day(document.facts)
    as_of = day or today
    result = engine.screen(document, as_of=as_of)
    fired = tuple((f.id, f.level.value) for f in result.flags)
    if as_of != task.stored_as_of:   # every row carries the screening day
        rows = {f.id: f for f in result.flags}
    else:
        rows = {f.id: f for f in result.flags if task.contents.get(f.id) != f}
    return RescreenResult(
        task.intake_id, task.version, as_of, day, fired, rows,
        None if result.not_applicable == task.not_applicable else result.not_applicable,
        None if result.warnings == task.stored_warnings else result.warnings,
        _change(task, list(fired), engine.pack_info.label, as_of), full=True)


def _change(task: RescreenTask, fired: list[tuple[str, str]], pack: str,
            as_of: date) -> ScreeningChange | None:
    before = {flag_id: FlagLevel(level) for flag_id, level, _ in task.flags}
    after = {flag_id: FlagLevel(level) for flag_id, level in fired}
    added = tuple(FlagLevelChange(f, None, lv) for f, lv in after.items() if f not in before)
    dropped = tuple(FlagLevelChange(f, lv, None) for f, lv in before.items() if f not in after)
    changed = tuple(FlagLevelChange(f, before[f], lv) for f, lv in after.items()
                    if f in before and before[f] != lv)
    if not (added or dropped or changed):
        return None
    return ScreeningChange(task.intake_id, task.client_id, task.client_name, as_of,
                           task.stored_pack, pack, added, dropped, changed)
