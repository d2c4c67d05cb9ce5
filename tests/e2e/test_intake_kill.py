"""Kill the program while the paralegal types; reopening has every saved keystroke and says so.

The typist (tests/e2e/intake_typist.py) never pauses, so this also shows that continuous typing
reaches the store at least once a second.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from clinic_app.domain import Role
from clinic_app.screening.engine import ScreeningEngine
from clinic_app.security import Actor
from clinic_app.services.editing import EditingService
from db.editing_marks import FileEditingMarks
from db.engine import open_store
from db.migrate import ensure_schema
from forms.checklist_loader import default_checklist_path, load_checklist
from forms.rule_pack_loader import default_pack_path, load_rule_pack
from ui.intake.tabs import IntakeTabs
from ui.workers import TaskRunner

TYPIST = Path(__file__).resolve().parent / "intake_typist.py"
SAVES_BEFORE_KILL = 3
pytestmark = [pytest.mark.slow,
              pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


def type_until_killed(folder: Path) -> tuple[list[dict[str, Any]], list[float]]:
    """Run the typist, read its save lines, SIGKILL it after a few saves."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([sys.executable, str(TYPIST), str(folder)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               encoding="utf-8")
    saves: list[dict[str, Any]] = []
    times: list[float] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            saves.append(json.loads(line))
            times.append(time.monotonic())
            if len(saves) >= SAVES_BEFORE_KILL:
                break
    finally:
        process.send_signal(signal.SIGKILL)
        _, stderr = process.communicate(timeout=30)
    assert len(saves) >= SAVES_BEFORE_KILL, stderr
    assert process.returncode == -signal.SIGKILL
    return saves, times


def test_killed_while_typing_reopens_with_the_draft_and_says_so(qtbot, tmp_path):
    saves, times = type_until_killed(tmp_path)
    last = saves[-1]
    assert len(last["notes"]) > len(saves[0]["notes"]) > 0
    # Never pausing, the typist still reached the store about once a second.
    assert max(b - a for a, b in itertools.pairwise(times)) < 2.5

    with open_store(url=f"sqlite:///{tmp_path}/c.db") as store:
        ensure_schema(store)
        checklist = load_checklist(default_checklist_path())
        service = EditingService(store.uow, checklist,
                                 ScreeningEngine(load_rule_pack(default_pack_path())),
                                 actor=Actor("u-2", "paula", Role.PARALEGAL),
                                 marks=FileEditingMarks.beside(tmp_path))
        assert service.interrupted_intakes() == [last["client_id"]]
        reopened = service.open_for_client(last["client_id"])
        assert reopened.recovered
        assert reopened.facts["notes"].startswith(last["notes"])  # nothing saved is lost

        # At the next start the window reopens it by itself and announces the recovery.
        tabs = IntakeTabs(client_list=_blank(qtbot), editing=service, checklist=checklist,
                          runner=TaskRunner())
        qtbot.addWidget(tabs)
        tabs.reopen_interrupted()
        qtbot.waitUntil(lambda: len(tabs.editors) == 1, timeout=5000)
        window = tabs.editors[0].window
        assert not window.banner.isHidden()
        assert window.banner_text.text().startswith("Recovered a draft saved at ")
        assert window.banner_text.text().endswith("nothing was lost.")
        notes: Any = window.section_pages["notes"].question_rows["notes"].editor
        assert notes.text.toPlainText().startswith(last["notes"])
        assert tabs.close_all()
        assert service.interrupted_intakes() == []


def _blank(qtbot):
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget
