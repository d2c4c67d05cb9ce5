"""Enter a `clinic-intake/1` document into the intake window through its widgets' own API
(setText, setCurrentIndex, setChecked, click, Return), the way a paralegal would type it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from clinic_app.checklist import QuestionType
from ui.intake.answers import (
    ChoiceAnswer,
    LongTextAnswer,
    MultiChoiceAnswer,
    NullableTextAnswer,
    TextAnswer,
    YesNoAnswer,
)
from ui.intake.date_field import DateField, entry_text
from ui.intake.names import country_name, language_name
from ui.intake.pickers import CodeListPicker
from ui.intake.rows import QuestionRow
from ui.intake.view import IntakeWindow

_DATE_KEYS = ("date", "date_to", "approximate", "time", "timezone")


def enter_value(row: QuestionRow, value: Any, lang: str = "en") -> None:
    """Answer one question row as a person would with that widget."""
    editor = row.editor
    if isinstance(editor, DateField):
        entry = value if isinstance(value, Mapping) else {"date": value}
        editor.line.setText(entry_text(entry))
        if editor.approx is not None and entry.get("approximate"):
            editor.approx.setChecked(True)
        if editor.time is not None and entry.get("time"):
            editor.time.setText(str(entry["time"]))
        if editor.zone is not None and entry.get("timezone"):
            editor.zone.setCurrentText(str(entry["timezone"]))
    elif isinstance(editor, NullableTextAnswer) and value is None:
        editor.none_box.setChecked(True)
    elif isinstance(editor, TextAnswer):
        editor.line.setText(str(value))
    elif isinstance(editor, LongTextAnswer):
        editor.text.setPlainText(str(value))
    elif isinstance(editor, YesNoAnswer):
        (editor.yes if value else editor.no).click()
    elif isinstance(editor, ChoiceAnswer):
        editor.combo.setCurrentIndex(editor.combo.findData(value))
    elif isinstance(editor, MultiChoiceAnswer):
        if not value:
            assert editor.none_box is not None
            editor.none_box.setChecked(True)
        for item in value:
            editor.boxes[item].setChecked(True)
    elif isinstance(editor, CodeListPicker):
        pick(editor, value, row.prompt.type, lang)
    else:
        raise AssertionError(f"no way to answer {row.path} with {type(editor).__name__}")


def pick(picker: CodeListPicker, codes: list[str], kind: QuestionType, lang: str) -> None:
    """Type each name into the picker's box and press Return; "None" for an empty list."""
    if not codes:
        assert picker.none_box is not None
        picker.none_box.setChecked(True)
        return
    for code in codes:
        name = (country_name(code, lang) if kind is QuestionType.COUNTRY_LIST
                else language_name(code, lang))
        picker.adder.setText(name)
        QTest.keyClick(picker.adder, Qt.Key.Key_Return)


def enter_events(window: IntakeWindow, events: list[Mapping[str, Any]], lang: str = "en") -> None:
    """Add each event from the Add menu, then answer its fields in the form."""
    page = window.section_pages["border_history"]
    window.show_section("border_history")
    timeline = page.timeline
    assert timeline is not None
    if not events:
        assert timeline.none_box is not None
        timeline.none_box.setChecked(True)
        return
    for event in events:
        action = next(a for a in timeline.add_menu.actions() if a.data() == event["type"])
        action.trigger()
        rows = {str(getattr(r.prompt, "key", "")): r for r in timeline.rows()}
        dates = {k: event[k] for k in _DATE_KEYS if k in event}
        enter_value(rows["date"], dates, lang)
        for key, value in event.items():
            if key in ("type", *_DATE_KEYS):
                continue
            enter_value(rows[key], value, lang)


def enter_household(window: IntakeWindow, members: list[Mapping[str, Any]],
                    lang: str = "en") -> None:
    page = window.section_pages["household"]
    household = page.household
    assert household is not None
    if not members:
        assert household.none_box is not None
        household.none_box.setChecked(True)
        return
    for member in members:
        household.add_button.click()
        rows = {str(getattr(r.prompt, "key", "")): r for r in household.forms[-1].rows}
        for key, value in member.items():
            enter_value(rows[key], value, lang)


def enter_intake(window: IntakeWindow, facts: Mapping[str, Any], lang: str = "en") -> None:
    """The whole document: the border history first (so questions that the client's age
    later hides can still be answered, as in the scenario files), then the interview in order."""
    if "events" in facts:
        enter_events(window, list(facts["events"]), lang)
    for section in window.checklist.sections:
        window.show_section(section.id)
        page = window.section_pages[section.id]
        for question in section.questions:
            if question.type is QuestionType.EVENT_LIST:
                continue
            value = _get(facts, question.path)
            if value is _MISSING:
                continue
            if question.type is QuestionType.RECORD_LIST:
                enter_household(window, list(value), lang)
                continue
            row = page.question_rows[question.id]
            assert not row.isHidden(), f"{question.path} is not asked"
            enter_value(row, value, lang)


_MISSING = object()


def _get(facts: Mapping[str, Any], path: str) -> Any:
    node: Any = facts
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return _MISSING
        node = node[part]
    return node
