"""Autosave and completion with a fake service: every change stored within a second, quietly;
closing flushes; a failed save keeps the answers; "Complete intake" lists what blocks it."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from .intake_fakes import open_editor


def row(editor, path) -> Any:
    return next(r for r in editor.window.rows() if r.path == path)


def test_a_change_is_saved_within_a_second_and_said_quietly(qtbot):
    editor, fake = open_editor(qtbot)
    started = time.monotonic()
    row(editor, "client.given_names").editor.line.setText("Ana")
    with qtbot.waitSignal(editor.draft_saved, timeout=1000) as signal:
        pass
    assert time.monotonic() - started < 1.0
    saved = signal.args[0]
    assert (saved.intake_id, saved.version) == ("intake-of-client-1", 1)
    assert fake.saves == [{"format": "clinic-intake/1", "client": {"given_names": "Ana"}}]
    assert editor.window.saved.text().startswith("Saved ")
    assert QApplication.activeModalWidget() is None  # no dialogs, ever


def test_rapid_changes_make_one_save_with_the_newest_facts(qtbot):
    editor, fake = open_editor(qtbot)
    line = row(editor, "client.given_names").editor.line
    for text in ("A", "An", "Ana", "Ana M", "Ana María"):
        line.setText(text)
    qtbot.waitSignal(editor.draft_saved, timeout=1000).wait()
    assert [s["client"]["given_names"] for s in fake.saves] == ["Ana María"]


def test_typing_without_a_pause_still_saves_every_second(qtbot):
    editor, fake = open_editor(qtbot)
    line = row(editor, "notes").editor.text
    # A typist's pace, one key every 50 ms: never the 500 ms pause the debounce waits for.
    typist = QTimer()
    typist.setInterval(50)
    typist.timeout.connect(lambda: line.setPlainText(line.toPlainText() + "x"))
    started = time.monotonic()
    line.setPlainText("x")  # the first key, now: the one-second promise runs from here
    typist.start()
    try:
        qtbot.waitUntil(lambda: bool(fake.saves), timeout=2000)
    finally:
        typist.stop()
    assert time.monotonic() - started < 1.0


def test_closing_flushes_what_was_typed_a_moment_ago(qtbot):
    editor, fake = open_editor(qtbot, {"format": "clinic-intake/1"})
    row(editor, "client.family_names").editor.line.setText("Tzoc")
    assert fake.saves == []  # still inside the half second
    assert editor.close()
    assert fake.saves[-1]["client"]["family_names"] == "Tzoc"
    assert fake.closed == ["intake-of-c1"]


def test_edits_during_a_save_are_saved_after_it_with_the_new_version(qtbot):
    editor, fake = open_editor(qtbot)
    line = row(editor, "client.given_names").editor.line
    line.setText("Ana")
    editor.save_now()
    line.setText("Ana María")  # while the first save may still be running
    # The second save starts from the version the first one wrote (the fake refuses a stale
    # one), and lands on the GUI thread after the store has it.
    qtbot.waitUntil(lambda: editor.autosave.version == 2 and not editor.autosave.dirty,
                    timeout=2000)
    assert [s["client"]["given_names"] for s in fake.saves] == ["Ana", "Ana María"]


def test_a_failed_save_keeps_the_answers_and_tries_again(qtbot):
    editor, fake = open_editor(qtbot)
    fake.fail_saves = True
    row(editor, "client.given_names").editor.line.setText("Ana")
    qtbot.waitUntil(lambda: editor.window.saved.text().startswith("⚠ Not saved"), timeout=2000)
    assert "locked by another program" in editor.window.saved.text()
    assert editor.facts["client"]["given_names"] == "Ana"
    fake.fail_saves = False
    row(editor, "client.family_names").editor.line.setText("Ruiz")
    qtbot.waitSignal(editor.draft_saved, timeout=2000).wait()
    assert fake.saves[-1]["client"] == {"given_names": "Ana", "family_names": "Ruiz"}


def test_a_recovered_draft_is_announced_not_hidden(qtbot):
    editor, _ = open_editor(qtbot, {"format": "clinic-intake/1", "notes": "typed"},
                            recovered=True)
    banner = editor.window.banner
    assert not banner.isHidden()
    assert editor.window.banner_text.text().startswith("Recovered a draft saved at ")
    assert editor.window.banner_text.text().endswith(" — nothing was lost.")
    editor.window.banner_close.click()
    assert banner.isHidden()


def test_ctrl_s_saves_now(qtbot):
    editor, fake = open_editor(qtbot)
    row(editor, "client.given_names").editor.line.setText("Ana")
    editor.window.save_action.trigger()
    qtbot.waitUntil(lambda: bool(fake.saves), timeout=400)  # well before the debounce


def test_complete_lists_what_is_missing_with_links_then_completes(qtbot, tmp_path):
    import json
    from pathlib import Path

    scenarios = Path(__file__).resolve().parents[1] / "fixtures" / "domain" / "scenarios"
    facts = json.loads((scenarios / "s10-kevin-guatemala.json").read_text(encoding="utf-8"))
    languages = facts["client"].pop("languages")
    editor, _fake = open_editor(qtbot, facts)
    qtbot.waitExposed(editor.window)
    outcome: list[Any] = []
    editor.completed.connect(outcome.append)
    editor.window.complete_action.trigger()
    qtbot.waitUntil(lambda: bool(outcome), timeout=2000)
    panel = editor.window.completion
    assert not panel.isHidden() and not outcome[0].completed
    assert panel.heading.text() == "Not complete yet: 1 thing to add or fix."
    assert "Languages is still missing." in panel.links[0].text()
    editor.window.show_section("notes")
    panel.links[0].linkActivated.emit("client.languages")
    assert editor.window.current_section() == "about_client"
    picker = row(editor, "client.languages").editor
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.adder)
    for code in languages:
        picker.add_code(code)
    editor.complete()
    qtbot.waitUntil(lambda: len(outcome) == 2, timeout=2000)
    assert outcome[1].completed
    assert editor.window.status.text() == "Complete"
    assert panel.heading.text().startswith("Intake complete")
    row(editor, "notes").editor.text.setPlainText("one more thing")
    assert editor.window.status.text() == "Draft"  # changed: to be completed again
