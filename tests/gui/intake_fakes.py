"""A fake IntakeEditing for widget tests: drafts in a dict, a screener that flags simple facts.

It records every call, can be told to fail or to hold a screening until released, and its
"flags" follow two toy rules so tests can watch the panel change as answers change.
"""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from clinic_app.checklist import Checklist, new_facts
from clinic_app.domain import Flag, FlagLevel, IntakeStatus, RulePackInfo, ScreeningResult
from clinic_app.errors import StoreError
from clinic_app.services.editing import (
    Completion,
    DraftSaved,
    DraftScreening,
    EditableIntake,
    Problem,
    completion_problems,
)
from ui.intake.controller import IntakeEditor
from ui.workers import TaskRunner

PACK = RulePackInfo("toy-pack", "1", "2026-07-01")


def toy_flags(facts: Mapping[str, Any]) -> tuple[Flag, ...]:
    """ENTRY-SEEN for each entry event (urgent if the client fears Mexico), MX-CHECK for MX."""
    flags = []
    raw = facts.get("events")
    events: list[Any] = raw if isinstance(raw, list) else []
    entries = [f"events[{i}]" for i, e in enumerate(events)
               if isinstance(e, Mapping) and e.get("type") == "entry"]
    if entries:
        level = FlagLevel.URGENT if facts.get("fears_harm_in_mexico") else FlagLevel.REVIEW
        flags.append(Flag("ENTRY-SEEN", "An entry was recorded", "Toy policy", level,
                          "May apply — attorney to review. An entry is recorded "
                          f"({entries[0]}). The rest of the reason.",
                          tuple(entries), ("https://example.org/entry-rule",)))
    found = facts.get("client")
    client: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    if "MX" in (client.get("nationalities") or []):
        flags.append(Flag("MX-CHECK", "Mexican national", "Toy policy", FlagLevel.CHECK,
                          "May apply — attorney to review. The client is Mexican.",
                          ("client.nationalities",), ()))
    return tuple(flags)


class FakeIntakeEditing:
    """IntakeEditing in memory. `fail_saves` makes saves raise; `hold` blocks screenings."""

    def __init__(self, checklist: Checklist, intakes: Mapping[str, Mapping[str, Any]] | None
                 = None, *, recovered: bool = False) -> None:
        self._checklist = checklist
        self._lock = threading.Lock()
        self.stored: dict[str, dict[str, Any]] = {k: copy.deepcopy(dict(v))
                                                  for k, v in (intakes or {}).items()}
        self.versions = dict.fromkeys(self.stored, 1)
        self.status = dict.fromkeys(self.stored, IntakeStatus.DRAFT)
        self.saves: list[dict[str, Any]] = []
        self.screenings: list[dict[str, Any]] = []
        self.closed: list[str] = []
        self.fail_saves = False
        self.hold = threading.Event()
        self.hold.set()
        self.recovered = recovered

    # -- opening -------------------------------------------------------------------------------

    def new_intake(self) -> EditableIntake:
        return EditableIntake(None, None, new_facts(), None, IntakeStatus.DRAFT, "border-intake/1")

    def open_for_client(self, client_id: str) -> EditableIntake:
        intake_id = f"intake-of-{client_id}"
        with self._lock:
            facts = copy.deepcopy(self.stored.get(intake_id, new_facts()))
            version = self.versions.get(intake_id)
        return EditableIntake(intake_id if version else None, client_id, facts, version,
                              self.status.get(intake_id, IntakeStatus.DRAFT), "border-intake/1",
                              datetime(2026, 7, 1, 14, 2, tzinfo=UTC), self.recovered)

    def interrupted_intakes(self) -> list[str]:
        return []

    def close_intake(self, intake_id: str) -> None:
        self.closed.append(intake_id)

    # -- saving --------------------------------------------------------------------------------

    def save_draft(self, intake_id: str | None, facts: Mapping[str, Any], *,
                   expected_version: int | None = None,
                   client_id: str | None = None) -> DraftSaved:
        with self._lock:
            if self.fail_saves:
                raise StoreError("The store is locked by another program.")
            client_id = client_id or f"client-{len(self.stored) + 1}"
            intake_id = intake_id or f"intake-of-{client_id}"
            version = self.versions.get(intake_id, 0) + 1
            if expected_version is not None and expected_version != version - 1:
                raise StoreError(f"stale version {expected_version}")
            self.stored[intake_id] = copy.deepcopy(dict(facts))
            self.versions[intake_id] = version
            self.status[intake_id] = IntakeStatus.DRAFT
            self.saves.append(copy.deepcopy(dict(facts)))
        return DraftSaved(intake_id, client_id, version, datetime.now(UTC))

    def problems(self, facts: Mapping[str, Any]) -> list[Problem]:
        return completion_problems(self._checklist, facts, today=date(2026, 7, 1))

    def complete(self, intake_id: str, *, expected_version: int | None = None) -> Completion:
        with self._lock:
            facts = self.stored[intake_id]
        problems = self.problems(facts)
        if problems:
            return Completion(False, tuple(problems))
        with self._lock:
            self.status[intake_id] = IntakeStatus.COMPLETE
            self.versions[intake_id] += 1
            return Completion(True, (), self.versions[intake_id], None)

    # -- screening -----------------------------------------------------------------------------

    def screen_draft(self, facts: Mapping[str, Any], *, as_of: date | None = None,
                     lang: str = "en") -> DraftScreening:
        self.hold.wait(10)
        with self._lock:
            self.screenings.append(copy.deepcopy(dict(facts)))
        result = ScreeningResult(date(2026, 7, 1), PACK, toy_flags(facts), (),
                                 ("date of birth not recorded",) if "client" not in facts
                                 else ())
        return DraftScreening(result, ())


@functools.cache
def shipped_checklist() -> Checklist:
    from forms.checklist_loader import default_checklist_path, load_checklist

    return load_checklist(default_checklist_path())


def open_editor(qtbot: Any, facts: Mapping[str, Any] | None = None, *, lang: str = "en",
                fake: FakeIntakeEditing | None = None, recovered: bool = False,
                show: bool = True) -> tuple[IntakeEditor, FakeIntakeEditing]:
    """An IntakeEditor over the fake service, shown, with `facts` stored as client c1's intake
    (or a blank new intake)."""
    checklist = shipped_checklist()
    fake = fake or FakeIntakeEditing(
        checklist, {"intake-of-c1": facts} if facts is not None else None, recovered=recovered)
    opened = fake.open_for_client("c1") if facts is not None else fake.new_intake()
    editor = IntakeEditor(fake, checklist, opened, TaskRunner(), lang=lang)
    qtbot.addWidget(editor.window)
    if show:
        editor.window.resize(1280, 800)
        editor.window.show()
    return editor, fake
