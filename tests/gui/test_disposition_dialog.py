"""The disposition dialog: a choice and a note are required; keyboard first; errors stay put."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from clinic_app.domain import Disposition, Flag, FlagLevel, FlagReview
from ui.review.attorney_review import AttorneyReviewSection
from ui.review.disposition_dialog import DispositionDialog, SignOffDialog

from .casework_fakes import CaseworkStore
from .keys import type_text

FLAG = Flag("ONE-YEAR", "One-year filing deadline", "One-year filing deadline (INA 208(a)(2)(B))",
            FlagLevel.URGENT, "May apply — attorney to review. Last arrival 2024-12-26.",
            ("events[0]",))


@pytest.fixture
def dialog(qtbot) -> DispositionDialog:
    d = DispositionDialog(FLAG, icon=QIcon(), summary="Last arrival 2024-12-26.")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def test_record_needs_a_choice_and_a_note(qtbot, dialog: DispositionDialog) -> None:
    assert not dialog.record_button.isEnabled()
    type_text(dialog.note, "   ")
    dialog.choose(Disposition.NOT_APPLICABLE)
    assert not dialog.record_button.isEnabled()  # blanks are not a note
    type_text(dialog.note, "Filed in Mexico under MPP; still pending.")
    assert dialog.record_button.isEnabled()
    with qtbot.waitSignal(dialog.decided) as blocker:
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [Disposition.NOT_APPLICABLE,
                            "Filed in Mexico under MPP; still pending."]
    assert not dialog.record_button.isEnabled()  # busy until the page answers


def test_keyboard_choice_and_ctrl_return(qtbot, dialog: DispositionDialog) -> None:
    button = dialog.choice_buttons[Disposition.NEEDS_FACTS]
    assert "&f" in button.text()  # Alt+F chooses it
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert dialog.choice() is Disposition.NEEDS_FACTS
    dialog.note.setFocus()
    type_text(dialog.note, "Ask for the I-94.")
    with qtbot.waitSignal(dialog.decided):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_an_error_is_shown_and_the_input_kept(qtbot, dialog: DispositionDialog) -> None:
    dialog.choose(Disposition.CONFIRMED)
    type_text(dialog.note, "Confirmed with the client.")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    dialog.show_error("flag ONE-YEAR changed since it was opened; reload it and decide again")
    assert dialog.error.isVisible() and dialog.error.text().startswith("✖ flag ONE-YEAR")
    assert dialog.draft() == (Disposition.CONFIRMED, "Confirmed with the client.")
    assert dialog.record_button.isEnabled()


def test_an_earlier_decision_and_a_change_are_shown(qtbot) -> None:
    before = FlagReview("i1", "ONE-YEAR", Disposition.CONFIRMED, "Late, argue minority.",
                        "Alma Ruiz", datetime(2026, 6, 2, tzinfo=UTC), FlagLevel.REVIEW)
    d = DispositionDialog(FLAG, icon=QIcon(), changed="Re-opened: level Review → Urgent.",
                          current=before, draft=(Disposition.CONFIRMED, "kept"))
    qtbot.addWidget(d)
    texts = [label.text() for label in d.findChildren(type(d.error))]
    assert any("Re-opened: level Review → Urgent." in t for t in texts)
    assert any("Confirmed by Alma Ruiz on 2026-06-02: Late, argue minority." in t for t in texts)
    assert d.draft() == (Disposition.CONFIRMED, "kept") and d.record_button.isEnabled()


def test_sign_off_dialog_emits_the_note(qtbot) -> None:
    d = SignOffDialog("Tenzin Yeshe", [("CONFIDENTIALITY", "Confirmed")])
    qtbot.addWidget(d)
    type_text(d.note, "Reviewed with Ñusta.")
    with qtbot.waitSignal(d.signed) as blocker:
        qtbot.mouseClick(d.sign_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["Reviewed with Ñusta."]


def test_paralegals_see_the_attorney_review_section(qtbot) -> None:
    store = CaseworkStore(("s21",))
    intake_id = store.ids["s21"]
    section = AttorneyReviewSection()
    qtbot.addWidget(section)
    section.show_state(store.service.review_for_intake(intake_id))
    assert section.body.text() == "CONFIDENTIALITY: not reviewed yet"
    store.service.record(intake_id, "CONFIDENTIALITY", Disposition.CONFIRMED, "Never call.")
    store.service.sign_off(intake_id)
    section.show_state(store.service.review_for_intake(intake_id))
    lines = section.body.text().splitlines()
    assert lines[0].startswith("✔ Signed off by Alma Ruiz")
    assert lines[1].startswith("CONFIDENTIALITY: Confirmed — Never call. (Alma Ruiz")


def test_the_intake_window_shows_the_attorney_review(qtbot) -> None:
    """A paralegal opening an intake an attorney decided sees the decision under the flags."""
    from ui.intake.controller import IntakeEditor
    from ui.workers import TaskRunner

    from .intake_fakes import FakeIntakeEditing, shipped_checklist

    store = CaseworkStore(("s21",))
    intake_id = store.ids["s21"]
    store.service.record(intake_id, "CONFIDENTIALITY", Disposition.NOT_APPLICABLE,
                         "Risk resolved: the brother left.")
    checklist = shipped_checklist()
    fake = FakeIntakeEditing(checklist, {intake_id: {"format": "clinic-intake/1"}})
    opened = replace(fake.open_for_client("c1"), intake_id=intake_id)
    runner = TaskRunner()
    editor = IntakeEditor(fake, checklist, opened, runner, lang="en", reviews=store.reviews)
    qtbot.addWidget(editor.window)
    section = editor.window.flags.attorney_review
    qtbot.waitUntil(lambda: not section.isHidden())
    assert section.body.text().startswith("CONFIDENTIALITY: Not applicable — Risk resolved")
    editor.close()
    runner.shutdown()
