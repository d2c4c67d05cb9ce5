"""The checklist renderer with a fake service: every question has a labelled editor in the UI
language, skip logic follows the answers, dates say what they understood, checks show inline."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from clinic_app.checklist import JSON_NULL, QuestionType
from ui.intake.answers import ANumberAnswer, YesNoAnswer
from ui.intake.date_field import DateField
from ui.intake.pickers import CodeListPicker
from ui.intake.sections import SectionListModel, SectionProgress

from .intake_fakes import open_editor, shipped_checklist
from .keys import type_text


def rows_by_path(editor) -> dict[str, Any]:
    return {row.path: row for row in editor.window.rows()}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_question_has_a_labelled_editor_in_the_ui_language(qtbot, lang):
    editor, _ = open_editor(qtbot, lang=lang)
    rows = rows_by_path(editor)
    for question in shipped_checklist().questions():
        row = rows[question.path]
        label = question.label.get(lang)
        assert row.label.text() == label
        if question.type not in (QuestionType.EVENT_LIST, QuestionType.RECORD_LIST):
            assert row.focus_widget().accessibleName().startswith(label)
    titles = [s.title for s in editor.window.section_model.sections()]
    assert titles == [s.title.get(lang) for s in shipped_checklist().sections]


def test_answers_are_written_at_their_paths_with_absent_null_and_empty_apart(qtbot):
    editor, _ = open_editor(qtbot)
    rows = rows_by_path(editor)
    rows["client.given_names"].editor.line.setText("María José")
    rows["represented_by"].editor.none_box.setChecked(True)
    rows["confidentiality_risks"].editor.none_box.setChecked(True)
    yes_no = rows["fears_harm_in_mexico"].editor
    assert isinstance(yes_no, YesNoAnswer) and yes_no.unknown.isChecked()
    yes_no.yes.click()
    facts = editor.facts
    assert facts["client"]["given_names"] == "María José"
    assert facts["represented_by"] is None and "represented_by" in facts
    assert facts["confidentiality_risks"] == []
    assert facts["fears_harm_in_mexico"] is True
    yes_no.unknown.click()
    assert "fears_harm_in_mexico" not in editor.facts  # unknown: the key is removed
    assert rows["represented_by"].editor.none_box.isChecked()
    assert editor.facts.get("represented_by", "absent") is None


def test_skip_logic_shows_the_transit_protection_question_only_after_a_country(qtbot):
    editor, _ = open_editor(qtbot)
    rows = rows_by_path(editor)
    editor.window.show_section("journey")
    protection = rows["applied_for_protection_in_transit_country"]
    assert protection.isHidden()
    picker = rows["transit_countries"].editor
    assert isinstance(picker, CodeListPicker)
    picker.adder.setText("guatemala")
    QTest.keyClick(picker.adder, Qt.Key.Key_Return)
    assert editor.facts["transit_countries"] == ["GT"]
    assert not protection.isHidden()
    picker.remove_code("GT")
    assert picker.none_box is not None
    picker.none_box.setChecked(True)
    assert editor.facts["transit_countries"] == []
    assert protection.isHidden()


def test_country_picker_completes_by_spanish_name_without_accents(qtbot):
    editor, _ = open_editor(qtbot, lang="es")
    picker = rows_by_path(editor)["client.nationalities"].editor
    picker.adder.setText("mexico")
    QTest.keyClick(picker.adder, Qt.Key.Key_Return)
    picker.adder.setText("Haiti")
    QTest.keyClick(picker.adder, Qt.Key.Key_Return)
    assert editor.facts["client"]["nationalities"] == ["MX", "HT"]
    chips = [picker.chip_layout.itemAt(i).widget().text() for i in range(2)]
    assert chips[0].startswith("México") and chips[1].startswith("Haití")
    picker.adder.setText("Narnia")
    QTest.keyClick(picker.adder, Qt.Key.Key_Return)
    assert picker.not_found.isVisibleTo(picker)
    assert picker.adder.text() == "Narnia"  # kept, so it can be corrected


def test_languages_accept_names_and_codes(qtbot):
    editor, _ = open_editor(qtbot)
    picker = rows_by_path(editor)["client.languages"].editor
    for text in ("Spanish", "Mam", "kek"):
        picker.adder.setText(text)
        QTest.keyClick(picker.adder, Qt.Key.Key_Return)
    assert editor.facts["client"]["languages"] == ["es", "mam", "kek"]


@pytest.mark.parametrize(("lang", "typed", "understood", "stored"), [
    ("en", "July 2019", "Understood as: sometime in July 2019", "2019-07"),
    ("en", "15/08/2019", "Understood as: 15 Aug 2019", "2019-08-15"),
    ("es", "julio 2019", "en algún momento de julio de 2019", "2019-07"),
])
def test_a_date_says_what_it_understood(qtbot, lang, typed, understood, stored):
    editor, _ = open_editor(qtbot, lang=lang)
    field = rows_by_path(editor)["client.date_of_birth"].editor
    assert isinstance(field, DateField)
    field.line.setText(typed)
    assert understood in field.understood.text()
    assert editor.facts["client"]["date_of_birth"] == stored


def test_an_event_date_takes_ranges_and_the_approximate_tick(qtbot):
    editor, _ = open_editor(qtbot)
    timeline: Any = editor.window.section_pages["border_history"].timeline
    timeline.add_event("entry")
    field = next(r for r in timeline.rows() if r.prompt.key == "date").editor
    field.line.setText("between Dec 2024 and Jan 2025")
    assert field.understood.text() == "Understood as: between Dec 2024 and Jan 2025"
    field.approx.setChecked(True)
    assert editor.facts["events"][0] == {"type": "entry", "date": "2024-12",
                                         "date_to": "2025-01", "approximate": True}
    field.line.setText("about 15 Aug 2019")
    assert field.approx.isChecked()
    field.approx.setChecked(False)
    assert editor.facts["events"][0] == {"type": "entry", "date": "2019-08-15"}
    assert field.line.text() == "2019-08-15"


def test_a_date_not_understood_is_kept_as_typed_and_explained(qtbot):
    editor, fake = open_editor(qtbot)
    row = rows_by_path(editor)["client.date_of_birth"]
    row.editor.line.setText("08/15/2019")  # month first: refused, not guessed
    assert row.editor.understood.text().startswith("✖ ")
    assert editor.facts["client"]["date_of_birth"] == "08/15/2019"
    qtbot.waitUntil(lambda: bool(fake.saves), timeout=2000)
    assert fake.saves[-1]["client"]["date_of_birth"] == "08/15/2019"  # a draft keeps it


def test_the_a_number_is_written_the_format_way(qtbot):
    editor, _ = open_editor(qtbot)
    field = rows_by_path(editor)["client.a_number"].editor
    assert isinstance(field, ANumberAnswer)
    field.line.setText("a 012-345-678")
    assert editor.facts["client"]["a_number"] == "A012345678"
    field.line.setText("A12")
    qtbot.waitUntil(lambda: any(i.path == "client.a_number" for i in editor.issues),
                    timeout=2000)
    issue_text = rows_by_path(editor)["client.a_number"].issues.text()
    assert "should be the letter A and then 8 or 9 digits" in issue_text


def test_impossible_facts_are_said_in_plain_words_under_the_answer(qtbot):
    editor, _ = open_editor(qtbot, {"format": "clinic-intake/1", "intake_date": "2026-07-01"},
                            lang="es")
    row = rows_by_path(editor)["client.date_of_birth"]
    row.editor.line.setText("2030-01-01")
    qtbot.waitUntil(lambda: row.issues.isVisibleTo(row), timeout=2000)
    assert "es posterior a hoy. Revise el año." in row.issues.text()
    assert row.issues.text().startswith("✖ ")
    assert row.issues.property("level") == "error"


def test_progress_counts_visible_questions_and_marks_complete_sections(qtbot):
    editor, _ = open_editor(qtbot)
    progress = {s.section_id: s for s in editor.window.section_model.sections()}
    assert (progress["journey"].answered, progress["journey"].total) == (0, 1)
    picker = rows_by_path(editor)["transit_countries"].editor
    picker.add_code("MX")
    progress = {s.section_id: s for s in editor.window.section_model.sections()}
    assert (progress["journey"].answered, progress["journey"].total) == (1, 2)
    rows_by_path(editor)["applied_for_protection_in_transit_country"].editor.no.click()
    progress = {s.section_id: s for s in editor.window.section_model.sections()}
    assert progress["journey"].complete
    index = editor.window.section_model.index(2, 0)
    assert index.data().endswith("2/2 ✓")


def test_help_shows_while_the_question_has_the_focus(qtbot):
    editor, _ = open_editor(qtbot)
    rows = rows_by_path(editor)
    given, family = rows["client.given_names"], rows["client.family_names"]
    qtbot.waitExposed(editor.window)
    given.focus_editor()
    qtbot.waitUntil(lambda: given.help.isVisibleTo(given))
    assert not family.help.isVisibleTo(family)
    family.focus_editor()
    qtbot.waitUntil(lambda: family.help.isVisibleTo(family))
    assert not given.help.isVisibleTo(given)


def test_enter_moves_to_the_next_field(qtbot):
    editor, _ = open_editor(qtbot)
    rows = rows_by_path(editor)
    qtbot.waitExposed(editor.window)
    rows["client.given_names"].focus_editor()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is rows["client.given_names"].editor.line)
    type_text(rows["client.given_names"].editor.line, "Ana")
    QTest.keyClick(rows["client.given_names"].editor.line, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is rows["client.family_names"].editor.line
    assert editor.facts["client"]["given_names"] == "Ana"


def test_section_list_model_passes_qt_invariants(qtmodeltester):
    model = SectionListModel()
    qtmodeltester.check(model)
    model.set_sections([SectionProgress("a", "About", 1, 3), SectionProgress("b", "B", 2, 2)])
    qtmodeltester.check(model)
    model.set_sections([SectionProgress("a", "About", 3, 3), SectionProgress("b", "B", 2, 2)])
    qtmodeltester.check(model)
    assert model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole) == "About: complete"


def test_json_null_round_trips_through_the_editor(qtbot):
    editor, _ = open_editor(qtbot, {"format": "clinic-intake/1", "represented_by": None})
    row = rows_by_path(editor)["represented_by"]
    assert row.editor.none_box.isChecked()
    row.editor.line.setText("Al Otro Lado")
    assert editor.facts["represented_by"] == "Al Otro Lado"
    assert not row.editor.none_box.isChecked()
    assert JSON_NULL is not None


def test_picker_name_filter_passes_qt_invariants(qtbot, qtmodeltester):
    from ui.intake.names import countries

    picker = CodeListPicker(countries("es"))
    qtbot.addWidget(picker)
    qtmodeltester.check(picker.filter)
    picker.filter.set_query("mexico")
    qtmodeltester.check(picker.filter)
    shown = [picker.filter.index(r, 0).data() for r in range(picker.filter.rowCount())]
    assert "México" in shown and all("xico" in name for name in shown)
    picker.filter.set_query("")
    qtmodeltester.check(picker.filter)
