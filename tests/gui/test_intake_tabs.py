"""Intakes in the main window: Enter on a client opens its intake in a tab, Ctrl+N a blank one,
Ctrl+F goes back to the list, closing a tab stores its last answers."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ui.main_window import MainWindow

from .conftest import SAMPLE_CLIENTS
from .fakes import fake_services
from .intake_fakes import FakeIntakeEditing, shipped_checklist

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def setup(qtbot):
    checklist = shipped_checklist()
    fake = FakeIntakeEditing(checklist, {"intake-of-c1": {
        "format": "clinic-intake/1",
        "client": {"given_names": "María José", "family_names": "González Pérez"}}})
    services = dataclasses.replace(fake_services(SAMPLE_CLIENTS), editing=fake,
                                   checklist=checklist)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.clients.loading)
    yield window, fake
    window.close()


def test_activating_a_client_opens_its_intake_in_a_tab_once(qtbot, setup):
    window, _ = setup
    window.clients.view.client_activated.emit(SAMPLE_CLIENTS[0])
    qtbot.waitUntil(lambda: len(window.intakes.editors) == 1, timeout=2000)
    tabs = window.intakes
    assert tabs.tabText(tabs.currentIndex()) == "María José González Pérez"
    window.clients.view.client_activated.emit(SAMPLE_CLIENTS[0])
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=2000)  # nothing left to deliver
    assert len(tabs.editors) == 1 and tabs.count() == 2


def test_ctrl_n_opens_a_blank_intake_and_ctrl_f_goes_back_to_the_list(qtbot, setup):
    window, _fake = setup
    assert window.new_client_action.shortcut().toString() == "Ctrl+N"
    window.new_client_action.trigger()
    tabs = window.intakes
    assert tabs.tabText(tabs.currentIndex()) == "New client"
    editor = tabs.editors[0]
    line = next(r for r in editor.window.rows() if r.path == "client.given_names").editor.line
    line.setText("Rosa")
    assert tabs.tabText(tabs.currentIndex()) == "Rosa"
    with qtbot.waitSignal(tabs.clients_changed, timeout=2000):
        pass  # the new client is stored with its first answer and the list reloads
    window.find_action.trigger()
    assert tabs.currentWidget() is window.clients.view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.clients.view.search)


def test_closing_the_tab_stores_the_last_answers(qtbot, setup):
    window, fake = setup
    window.intakes.open_client("c1")
    qtbot.waitUntil(lambda: len(window.intakes.editors) == 1, timeout=2000)
    editor = window.intakes.editors[0]
    next(r for r in editor.window.rows() if r.path == "notes").editor.text.setPlainText("bye")
    assert window.intakes.close_tab(window.intakes.indexOf(editor.window))
    assert fake.saves[-1]["notes"] == "bye"
    assert fake.closed == ["intake-of-c1"]
    assert window.intakes.count() == 1


def test_reopening_all_intakes_keeps_every_answer(qtbot, setup):
    window, _ = setup
    window.intakes.open_client("c1")
    qtbot.waitUntil(lambda: len(window.intakes.editors) == 1, timeout=2000)
    editor = window.intakes.editors[0]
    next(r for r in editor.window.rows() if r.path == "notes").editor.text.setPlainText("kept")
    window.intakes.reopen_all()  # what a language switch does
    qtbot.waitUntil(lambda: len(window.intakes.editors) == 1
                    and window.intakes.editors[0] is not editor, timeout=2000)
    assert window.intakes.editors[0].facts["notes"] == "kept"


def test_without_an_editing_service_no_intake_opens(qtbot, window):
    assert not window.intakes.can_edit
    window.clients.view.client_activated.emit(SAMPLE_CLIENTS[0])
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=2000)  # nothing left to deliver
    assert window.intakes.count() == 1


@pytest.mark.slow
def test_the_intake_window_renders_at_200_percent(tmp_path):
    """A grab at QT_SCALE_FACTOR=2 is twice the size and every label still fits its text."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    out = tmp_path / "intake-200.png"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "screenshot.py"),
                             "--intake", "s05", "--intake-out", str(out), "--out", "-",
                             "--about-out", "-", "--check-fit"],
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() >= 2 * 1280 and image.height() >= 2 * 800
