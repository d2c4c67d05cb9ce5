"""The whole stack, through the intake window: a real store, the shipped checklist and rule pack.

A scenario is typed in through the widgets; the flags panel shows the scenario's expected flags;
closing stores everything and a fresh service (as after a restart) reopens the very same facts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clinic_app.checklist import Checklist
from clinic_app.domain import IntakeStatus, Role
from clinic_app.screening.engine import ScreeningEngine
from clinic_app.security import Actor
from clinic_app.services.editing import EditingService
from db.editing_marks import FileEditingMarks
from db.engine import Store, open_store
from db.migrate import ensure_schema
from forms.checklist_loader import default_checklist_path, load_checklist
from forms.rule_pack_loader import default_pack_path, load_rule_pack
from tests.gui.intake_driver import enter_intake
from ui.intake.controller import IntakeEditor
from ui.workers import TaskRunner

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
ACTOR = Actor("u-paralegal", "paula", Role.PARALEGAL, "Paula")
# The offscreen platform says this when a top-level window is shown; harmless.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def scenario(prefix: str) -> tuple[dict[str, Any], dict[str, Any]]:
    (path,) = SCENARIOS.glob(f"{prefix}-*.json")
    expected = json.loads((SCENARIOS / "expected.json").read_text(encoding="utf-8"))
    return json.loads(path.read_text(encoding="utf-8")), expected[path.name]


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist(default_checklist_path())


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(load_rule_pack(default_pack_path()))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(url=f"sqlite:///{tmp_path}/c.db") as opened:
        ensure_schema(opened)
        yield opened


def editing(store: Store, checklist: Checklist, engine: ScreeningEngine,
            folder: Path) -> EditingService:
    return EditingService(store.uow, checklist, engine, actor=ACTOR,
                          marks=FileEditingMarks.beside(folder))


@pytest.mark.parametrize("prefix", ["s05", "s10"])
def test_a_scenario_typed_into_the_window_raises_its_flags_and_comes_back_the_same(
        qtbot, tmp_path, store, checklist, engine, prefix):
    facts, expected = scenario(prefix)
    service = editing(store, checklist, engine, tmp_path)
    runner = TaskRunner()
    editor = IntakeEditor(service, checklist, service.new_intake(), runner, lang="en")
    qtbot.addWidget(editor.window)
    editor.window.show()

    enter_intake(editor.window, facts)

    assert editor.facts == facts
    shown = editor.window.flags
    qtbot.waitUntil(lambda: sorted(shown.flag_ids()) == sorted(expected["flags"]), timeout=5000)
    assert not set(shown.flag_ids()) & set(expected["not_flags"])
    assert all("attorney to review" in card.advice.text() for card in shown.cards)
    qtbot.waitUntil(lambda: editor.intake_id is not None, timeout=5000)
    assert editor.close()
    client_id = editor.client_id
    assert client_id is not None

    # A restart: a new service over the same store and folder.
    again = editing(store, checklist, engine, tmp_path)
    reopened = again.open_for_client(client_id)
    assert reopened.facts == facts
    assert reopened.status is IntakeStatus.DRAFT
    assert not reopened.recovered  # closed cleanly
    with store.uow() as uow:
        stored = uow.intakes.get(reopened.intake_id or "")
        summary = uow.clients.get_summary(client_id)
    assert stored is not None and stored.checklist_version == "border-intake/1"
    assert summary is not None
    assert summary.display_name == f"{facts['client']['given_names']} " \
                                   f"{facts['client']['family_names']}"

    editor2 = IntakeEditor(again, checklist, reopened, TaskRunner(), lang="en")
    qtbot.addWidget(editor2.window)
    rows: dict[str, Any] = {r.path: r for r in editor2.window.rows()}
    assert rows["client.given_names"].editor.line.text() == facts["client"]["given_names"]
    qtbot.waitUntil(lambda: sorted(editor2.window.flags.flag_ids()) == sorted(expected["flags"]),
                    timeout=5000)

    # Completing stores the flags with the rule pack's version.
    outcome: list[Any] = []
    editor2.completed.connect(outcome.append)
    editor2.complete()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert outcome[0].completed, [p.message_en for p in outcome[0].problems]
    with store.uow() as uow:
        flags = uow.flags.for_intake(reopened.intake_id or "")
    assert flags is not None and flags.rule_pack.version == engine.pack_info.version
    assert sorted(f.id for f in flags.flags) == sorted(expected["flags"])
    assert editor2.window.status.text() == "Complete"
    assert editor2.close()
