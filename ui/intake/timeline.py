"""The border history: a timeline of events in date order and an editor for the selected one.

Events are entered in whatever order the client remembers them; the list on top always shows
them by date (events_sorted), and the form below asks only what matters for that kind of event
(the checklist's event types and their skip logic).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.checklist import (
    Checklist,
    EventType,
    Question,
    Severity,
    visible_fields,
)
from ui.intake.places import item_name
from ui.intake.rows import Edit, QuestionRow
from ui.intake.timeline_model import Column, TimelineModel, timeline_rows

_DATE_KEYS = ("date", "date_to", "approximate", "time", "timezone")


class EventForm(QGroupBox):
    """The fields of one event (all built; the ones skip logic hides are hidden)."""

    def __init__(self, checklist: Checklist, event_type: EventType | None, index: int,
                 lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.event_type = event_type
        self.type_combo = QComboBox(self)
        for known in checklist.event_types:
            self.type_combo.addItem(known.name.get(lang), known.type)
        self.type_combo.setCurrentIndex(
            max(self.type_combo.findData(event_type.type), 0) if event_type else -1)
        self.type_combo.setAccessibleName(self.tr("Kind of event"))
        type_label = QLabel(self.tr("Kind of event"), self)
        type_label.setObjectName("questionLabel")
        type_label.setBuddy(self.type_combo)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(type_label)
        row.addWidget(self.type_combo)
        row.addStretch(1)
        layout.addLayout(row)
        if event_type is not None and event_type.help is not None:
            about = QLabel(event_type.help.get(lang), self)
            about.setObjectName("sectionHelp")
            about.setWordWrap(True)
            layout.addWidget(about)
        self.rows: list[QuestionRow] = []
        for field in event_type.fields if event_type else ():
            question_row = QuestionRow(field, f"events[{index}].{field.key}", lang, parent=self)
            self.rows.append(question_row)
            layout.addWidget(question_row)
        self.item_issues = QLabel(self)
        self.item_issues.setObjectName("issue")
        self.item_issues.setProperty("level", "warning")
        self.item_issues.setWordWrap(True)
        self.item_issues.hide()
        layout.addWidget(self.item_issues)


class TimelineEditor(QWidget):
    """Add, duplicate and remove events; edit the selected one.

    Signals:
        edited(Edit): an answer of an event changed, or the list itself (path "events").
        event_selected(int): the form now shows events[index] (-1: none).
    """

    edited = Signal(object)
    event_selected = Signal(int)

    def __init__(self, checklist: Checklist, question: Question, lang: str, *,
                 icons: Mapping[str, QIcon] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._checklist = checklist
        self._question = question
        self._lang = lang
        self._facts: Mapping[str, Any] = {}
        self._events: list[Any] = []
        self._current = -1
        self._undo: tuple[int, Any] | None = None
        self._problems: dict[int, str] = {}
        self.form: EventForm | None = None

        self.model = TimelineModel(self, icons=icons)
        self.table = QTableView(self)
        self.table.setObjectName("timeline")
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Border history timeline, in date order"))
        self._configure_table()

        self.add_button = QToolButton(self)
        self.add_button.setText(self.tr("&Add event…"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setAccessibleName(self.tr("Add an event"))
        self.add_menu = QMenu(self.add_button)
        for event_type in checklist.event_types:
            action = self.add_menu.addAction(event_type.name.get(lang))
            action.setData(event_type.type)
            action.triggered.connect(lambda _=False, t=event_type.type: self.add_event(t))
        self.add_button.setMenu(self.add_menu)
        self.duplicate_button = QPushButton(self.tr("D&uplicate"), self)
        self.duplicate_button.setToolTip(self.tr("Copy the selected event, e.g. a second hearing"))
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.undo_button = QPushButton(self.tr("Undo remove"), self)
        self.undo_button.hide()
        self.none_box: QCheckBox | None = None
        if question.empty_label is not None:
            self.none_box = QCheckBox(question.empty_label.get(lang), self)
            self.none_box.toggled.connect(self._none_toggled)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.duplicate_button, self.remove_button,
                       self.undo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.empty_label = QLabel(self.tr("No events yet. Add each one the client remembers, "
                                          "in any order: the timeline sorts them by date."), self)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(buttons)
        self._layout.addWidget(self.table)
        self._layout.addWidget(self.empty_label)
        if self.none_box is not None:
            self._layout.addWidget(self.none_box)

        self.duplicate_button.clicked.connect(self.duplicate_event)
        self.remove_button.clicked.connect(self.remove_event)
        self.undo_button.clicked.connect(self.undo_remove)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        remove = QAction(self)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_event)
        self.table.addAction(remove)

    # -- API ---------------------------------------------------------------------------------

    @property
    def current_index(self) -> int:
        """The position in `events` of the event being edited; -1 when none."""
        return self._current

    def rows(self) -> list[QuestionRow]:
        return list(self.form.rows) if self.form is not None else []

    def focus_target(self) -> QWidget:
        return self.table if self._events else self.add_button

    def load(self, facts: Mapping[str, Any]) -> None:
        """Show these facts; the selected event stays selected (by its position)."""
        self._facts = facts
        events = facts.get("events")
        self._events = list(events) if isinstance(events, list) else []
        self.model.set_rows(timeline_rows(self._checklist, facts, self._lang,
                                          self._problems))
        if self._current >= len(self._events):
            self._current = len(self._events) - 1
        if self._current < 0 and self._events:
            self._current = self.model.rows()[0].index
        self._select_row(self._current)
        if self._form_outdated():
            self._build_form()
        self._refresh_form()
        self._refresh_state()

    def select_event(self, index: int) -> None:
        """Edit events[index] (a click on a flag's fact lands here)."""
        if 0 <= index < len(self._events) and index != self._current:
            self._current = index
            self._select_row(index)
            self._build_form()
            self._refresh_form()
            self._refresh_state()
            self.event_selected.emit(index)

    def add_event(self, event_type: str) -> None:
        self._undo = None
        self._current = len(self._events)
        self.edited.emit(Edit("events", [*self._events, {"type": event_type}]))
        self.event_selected.emit(self._current)
        if self.form is not None and self.form.rows:
            self.form.rows[0].focus_editor()

    def duplicate_event(self) -> None:
        if 0 <= self._current < len(self._events):
            copied = copy.deepcopy(self._events[self._current])
            self._undo = None
            self._current = len(self._events)
            self.edited.emit(Edit("events", [*self._events, copied]))
            self.event_selected.emit(self._current)

    def remove_event(self) -> None:
        if not 0 <= self._current < len(self._events):
            return
        removed = self._current
        self._undo = (removed, copy.deepcopy(self._events[removed]))
        remaining = self._events[:removed] + self._events[removed + 1:]
        self._current = min(removed, len(remaining) - 1)
        self.edited.emit(Edit("events", remaining))
        self.undo_button.show()
        self.event_selected.emit(self._current)

    def undo_remove(self) -> None:
        if self._undo is None:
            return
        index, event = self._undo
        self._undo = None
        self._current = index
        self.edited.emit(Edit("events", [*self._events[:index], event, *self._events[index:]]))
        self.undo_button.hide()
        self.event_selected.emit(index)

    def show_item_issues(self, messages: Sequence[str]) -> None:
        """Checks about the selected event as a whole (not one of its fields)."""
        if self.form is not None:
            self.form.item_issues.setText("\n".join("⚠ " + m for m in messages))
            self.form.item_issues.setVisible(bool(messages))

    def set_problems(self, problems: Mapping[int, Severity]) -> None:
        """Mark events with checks in the timeline (an icon and words, never colour alone)."""
        self._problems = {i: s.value for i, s in problems.items()}
        self.model.set_rows(timeline_rows(self._checklist, self._facts, self._lang,
                                          self._problems))
        self._select_row(self._current)

    # -- internals ---------------------------------------------------------------------------

    def _configure_table(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(int(table.fontMetrics().height() * 1.6))
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.WHERE, QHeaderView.ResizeMode.Stretch)
        lines = 7
        table.setMinimumHeight(table.fontMetrics().height() * lines)
        table.setMaximumHeight(table.fontMetrics().height() * lines * 2)

    def _select_row(self, event_index: int) -> None:
        row = self.model.row_of(event_index)
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        if row >= 0:
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                     | QItemSelectionModel.SelectionFlag.Rows)
            selection.setCurrentIndex(self.model.index(row, 0), flags)
        else:
            selection.clear()
        selection.blockSignals(False)
        self.table.viewport().update()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.rows()[current.row()] if current.isValid() else None
        if row is not None:
            self.select_event(row.index)

    def _form_outdated(self) -> bool:
        if self._current < 0:
            return self.form is not None
        if self.form is None or self.form.index != self._current:
            return True
        event = self._events[self._current]
        current_type = event.get("type") if isinstance(event, Mapping) else None
        shown = self.form.event_type.type if self.form.event_type else None
        return shown != current_type

    def _build_form(self) -> None:
        if self.form is not None:
            self._layout.removeWidget(self.form)
            self.form.deleteLater()
            self.form = None
        if not 0 <= self._current < len(self._events):
            return
        event = self._events[self._current]
        event_type = (self._checklist.event_type(event.get("type"))
                      if isinstance(event, Mapping) else None)
        self.form = EventForm(self._checklist, event_type, self._current, self._lang, self)
        self.form.setTitle(item_name(self._checklist, self._question, event, self._current,
                                     self._lang))
        self.form.type_combo.currentIndexChanged.connect(self._type_chosen)
        for question_row in self.form.rows:
            question_row.edited.connect(self.edited)
            question_row.load(self._facts)
        self._layout.insertWidget(self._layout.indexOf(self.table) + 1, self.form)

    def _refresh_form(self) -> None:
        if self.form is None or not 0 <= self._current < len(self._events):
            return
        event = self._events[self._current]
        self.form.setTitle(item_name(self._checklist, self._question, event, self._current,
                                     self._lang))
        path = f"events[{self._current}]"
        shown = {f.key for f in visible_fields(self._checklist, self._facts, path)}
        for question_row in self.form.rows:
            key = str(getattr(question_row.prompt, "key", ""))
            answered = isinstance(event, Mapping) and event.get(key) is not None
            question_row.setVisible(key in shown or answered)
            question_row.set_kept(key not in shown and answered)

    def _refresh_state(self) -> None:
        has_events = bool(self._events)
        self.table.setVisible(has_events)
        self.empty_label.setVisible(not has_events)
        self.duplicate_button.setEnabled(has_events and self._current >= 0)
        self.remove_button.setEnabled(has_events and self._current >= 0)
        self.undo_button.setVisible(self._undo is not None)
        if self.none_box is not None:
            self.none_box.setVisible(not has_events)
            self.none_box.blockSignals(True)
            self.none_box.setChecked(isinstance(self._facts.get("events"), list)
                                     and not has_events)
            self.none_box.blockSignals(False)

    def _type_chosen(self, combo_index: int) -> None:
        if self.form is None or not 0 <= self._current < len(self._events):
            return
        new_type = self.form.type_combo.itemData(combo_index)
        event_type = self._checklist.event_type(new_type)
        old = self._events[self._current]
        if event_type is None or not isinstance(old, Mapping) or old.get("type") == new_type:
            return
        # Keep what the new kind of event also asks (the date, a port, a court).
        keep = {f.key for f in event_type.fields} | set(_DATE_KEYS)
        changed = {"type": new_type, **{k: v for k, v in old.items() if k in keep}}
        self.edited.emit(Edit(f"events[{self._current}]", changed))

    def _none_toggled(self, checked: bool) -> None:
        self.edited.emit(Edit("events", [] if checked else None))
