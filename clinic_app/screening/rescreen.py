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
    FlagLevelChange,
    IntakeDocument,
    ScreeningChange,
    own_screening_day,
)
from clinic_app.rescreening import RescreenResult, RescreenTask, has_problem
from clinic_app.screening.engine import ScreeningEngine


def rescreen(engine: ScreeningEngine, task: RescreenTask, today: date) -> RescreenResult | None:
    """Screen `task` with `engine`; None when a partial screen finds nothing to write.

    A partial task with nothing to evaluate (the pack only dropped or reordered flags) is
    worked out from the stored screening alone, without reading the facts.
    """
    if task.evaluate is None:
        return _full(engine, task, IntakeDocument(json.loads(task.facts_text)), today)
    assert task.stored_as_of is not None
    flags: tuple[Flag, ...] = ()
    new_warnings: tuple[str, ...] | None = None
    if task.evaluate or task.warnings:
        document = IntakeDocument(json.loads(task.facts_text))
        partial = engine.evaluate(document, as_of=task.stored_as_of, flags=task.evaluate,
                                  fired_elsewhere=[f for f in task.fired_before
                                                   if f not in task.evaluate],
                                  warnings=task.warnings)
        if partial.problems:  # a rule raised: its warning must be stored, as a full screen would
            return _full(engine, task, document, today)
        flags, new_warnings = partial.flags, partial.warnings
    new = {f.id: f for f in flags}
    before = set(task.fired_before)
    fired = tuple(rule.id for rule in engine.pack.flags
                  if ((rule.id in new) if rule.id in task.evaluate else (rule.id in before)))
    rows = {f.id: f for f in flags if task.contents.get(f.id) != f}
    fired_set = set(fired)
    not_applicable = tuple(r.id for r in engine.pack.flags if r.id not in fired_set)
    warnings = new_warnings if new_warnings is not None \
        and new_warnings != task.stored_warnings else None
    change = _change(task, new, fired_set, engine.pack_info.label, task.stored_as_of)
    if not rows and change is None and warnings is None and fired == task.fired_before \
            and not_applicable == task.not_applicable:
        return None
    return RescreenResult(task.intake_id, task.version, task.stored_as_of, None, fired, rows,
                          None if not_applicable == task.not_applicable else not_applicable,
                          warnings, change, full=False)


def _full(engine: ScreeningEngine, task: RescreenTask, document: IntakeDocument,
          today: date) -> RescreenResult:
    day = own_screening_day(document.facts)
    as_of = day or today
    result = engine.screen(document, as_of=as_of)
    if as_of != task.stored_as_of:   # every row carries the screening day
        rows = {f.id: f for f in result.flags}
    else:
        rows = {f.id: f for f in result.flags if task.contents.get(f.id) != f}
    new = {f.id: f for f in result.flags}
    # A full screen writes its lists whole (one statement for every such intake).
    return RescreenResult(task.intake_id, task.version, as_of, day, tuple(new), rows,
                          result.not_applicable, result.warnings,
                          _change(task, new, set(new), engine.pack_info.label, as_of),
                          full=True, problem=has_problem(result.warnings))


def _change(task: RescreenTask, new: dict[str, Flag], fired: set[str], pack: str,
            as_of: date) -> ScreeningChange | None:
    """Flags added, dropped or re-levelled. Only the flags evaluated (and the ones a new pack
    dropped) can change; their stored levels are in `task.contents`."""
    before = {f: task.contents[f].level for f in task.fired_before if f in task.contents}
    added = tuple(FlagLevelChange(f, None, new[f].level) for f in new
                  if f not in task.fired_before)
    dropped = tuple(FlagLevelChange(f, before.get(f), None) for f in task.fired_before
                    if f not in fired)
    changed = tuple(FlagLevelChange(f, before[f], new[f].level) for f in new
                    if f in before and before[f] != new[f].level)
    if not (added or dropped or changed):
        return None
    return ScreeningChange(task.intake_id, task.client_id, "", as_of, task.stored_pack, pack,
                           added, dropped, changed)
