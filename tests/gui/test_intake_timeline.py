"""The border-history timeline editor: all ten event types with only their fields, date order,
add / duplicate / remove / undo, and a Qt-correct model."""

from __future__ import annotations

import pytest

from clinic_app.checklist import visible_fields
from ui.intake.timeline_model import DTO_ROLE, TimelineModel, TimelineRow, timeline_rows

from .intake_fakes import open_editor, shipped_checklist


def timeline_of(editor):
    timeline = editor.window.section_pages["border_history"].timeline
    assert timeline is not None
    return timeline


def keys(timeline):
    return [r.prompt.key for r in timeline.rows() if not r.isHidden()]


@pytest.mark.parametrize("event_type", [t.type for t in shipped_checklist().event_types])
def test_each_event_type_asks_only_its_own_fields(qtbot, event_type):
    editor, _ = open_editor(qtbot)
    timeline = timeline_of(editor)
    timeline.add_event(event_type)
    assert editor.facts["events"] == [{"type": event_type}]
    expected = [f.key for f in visible_fields(shipped_checklist(), editor.facts, "events[0]")]
    assert keys(timeline) == expected
    assert timeline.form.type_combo.currentData() == event_type
    assert timeline.model.rowCount() == 1


def test_all_ten_event_types_are_offered():
    names = {t.type for t in shipped_checklist().event_types}
    assert names == {"turned_back", "entry", "mpp_return", "cbp_one_appointment", "parole",
                     "decision", "departure", "asylum_filed", "hearing",
                     "changed_circumstances"}


def test_entry_fields_follow_place_and_age(qtbot):
    editor, _ = open_editor(qtbot, {"format": "clinic-intake/1",
                                    "client": {"date_of_birth": "1981-02-17"}})
    timeline = timeline_of(editor)
    timeline.add_event("entry")
    rows = {r.prompt.key: r for r in timeline.rows()}
    rows["date"].editor.line.setText("2025-03-05")
    assert rows["accompanied_by"].isHidden()  # an adult at that entry
    assert not rows["port"].isHidden()
    rows["place"].editor.combo.setCurrentIndex(rows["place"].editor.combo.findData(
        "between_ports"))
    assert rows["port"].isHidden() and rows["cbp_one_appointment"].isHidden()


def test_the_timeline_sorts_by_date_and_keeps_the_edited_event_selected(qtbot):
    editor, _ = open_editor(qtbot)
    timeline = timeline_of(editor)
    for event_type, when in (("hearing", "2026-08-20"), ("entry", "2025-03-05")):
        timeline.add_event(event_type)
        next(r for r in timeline.rows() if r.prompt.key == "date").editor.line.setText(when)
    whats = [r.what for r in timeline.model.rows()]
    assert whats == ["Entry into the US", "Immigration court hearing"]
    assert timeline.current_index == 1  # still the entry (events[1]), now listed first
    selected = timeline.table.selectionModel().currentIndex()
    assert selected.data(DTO_ROLE).index == 1
    # Moving the hearing before the entry re-sorts without losing the selection.
    timeline.select_event(0)
    next(r for r in timeline.rows() if r.prompt.key == "date").editor.line.setText("2024")
    assert [r.index for r in timeline.model.rows()] == [0, 1]
    assert timeline.current_index == 0


def test_duplicate_remove_and_undo(qtbot):
    editor, _ = open_editor(qtbot, {"format": "clinic-intake/1", "events": [
        {"type": "hearing", "date": "2025-07-15", "court": "Harlingen Immigration Court"}]})
    timeline = timeline_of(editor)
    timeline.select_event(0)
    timeline.duplicate_button.click()
    assert editor.facts["events"][1] == editor.facts["events"][0]
    assert timeline.current_index == 1
    next(r for r in timeline.rows() if r.prompt.key == "date").editor.line.setText("2026-08-20")
    timeline.remove_button.click()
    assert len(editor.facts["events"]) == 1
    assert not timeline.undo_button.isHidden()
    timeline.undo_button.click()
    assert editor.facts["events"][1]["date"] == "2026-08-20"
    assert timeline.undo_button.isHidden()


def test_changing_the_kind_of_event_keeps_the_date(qtbot):
    editor, _ = open_editor(qtbot, {"format": "clinic-intake/1", "events": [
        {"type": "entry", "date": "2025-03-05", "border": "southern_land", "port": "Brownsville"}]})
    timeline = timeline_of(editor)
    combo = timeline.form.type_combo
    combo.setCurrentIndex(combo.findData("turned_back"))
    assert editor.facts["events"] == [{"type": "turned_back", "date": "2025-03-05",
                                       "port": "Brownsville"}]
    assert keys(timeline)[0] == "date"
    assert "border" not in keys(timeline)


def test_nothing_yet_is_an_answer(qtbot):
    editor, _ = open_editor(qtbot)
    timeline = timeline_of(editor)
    assert timeline.table.isHidden() and not timeline.none_box.isHidden()
    timeline.none_box.setChecked(True)
    assert editor.facts["events"] == []
    timeline.add_event("entry")
    assert timeline.none_box.isHidden()


def test_timeline_model_passes_qt_invariants(qtmodeltester):
    checklist = shipped_checklist()
    model = TimelineModel()
    qtmodeltester.check(model)
    facts = {"events": [{"type": "hearing", "date": "2026-08-20", "court": "Harlingen"},
                        {"type": "entry", "date": "2025-03", "approximate": True},
                        {"type": "entry", "date": "not yet"}]}
    model.set_rows(timeline_rows(checklist, facts, "en", {1: "error"}))
    qtmodeltester.check(model)
    rows = model.rows()
    assert [r.index for r in rows] == [1, 0, 2]  # by date; undated last
    assert rows[0] == TimelineRow(1, "about March 2025", "Entry into the US", "", "error")
    assert rows[1].where == "Harlingen"
    model.set_rows([])
    qtmodeltester.check(model)
