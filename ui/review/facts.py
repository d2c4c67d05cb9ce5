"""An intake read-only: its answers as labelled rows and its border history as a timeline.

The labels are the checklist's own (what the paralegal asked), so the attorney reads "Date of
birth: 12 Nov 2008", not `client.date_of_birth`. Without a checklist (a store opened by a
script, or a test) the JSON paths stand in for labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from clinic_app.checklist import (
    JSON_NULL,
    Checklist,
    Prompt,
    QuestionType,
    describe_date,
    events_sorted,
    get_answer,
)
from ui.intake.places import value_name
from ui.intake.timeline_model import TimelineRow, timeline_rows

DTO_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's `FactRow`."""

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class FactRow:
    """One answer: its section, the question as asked, the answer in words, and its path."""

    section: str
    label: str
    value: str
    path: str


def answer_text(prompt: Prompt | None, value: Any, lang: str) -> str:
    """An answer as words: choices, countries and languages by name, dates as understood."""
    if value is JSON_NULL or value is None:
        label = prompt.null_label if prompt is not None else None
        if label is not None:
            return label.get(lang)
        return QCoreApplication.translate("IntakeFacts", "None")
    if isinstance(value, bool):
        if value:
            return QCoreApplication.translate("IntakeFacts", "Yes")
        return QCoreApplication.translate("IntakeFacts", "No")
    if isinstance(value, list):
        if not value:
            label = prompt.empty_label if prompt is not None else None
            if label is not None:
                return label.get(lang)
            return QCoreApplication.translate("IntakeFacts", "None")
        return ", ".join(answer_text(prompt, v, lang) for v in value)
    if isinstance(value, Mapping):
        if "date" in value:
            return describe_date(value, lang)
        return "; ".join(f"{k}: {answer_text(None, v, lang)}" for k, v in value.items())
    if prompt is not None and prompt.type is QuestionType.DATE:
        return describe_date(str(value), lang)
    if isinstance(value, str) and prompt is not None:
        return value_name(prompt, value, lang)
    return str(value)


def fact_rows(facts: Mapping[str, Any], checklist: Checklist | None, lang: str) -> list[FactRow]:
    """Every answered question in interview order (the border history is the timeline's)."""
    if checklist is None:
        return _raw_rows(facts)
    rows = []
    for section in checklist.sections:
        title = section.title.get(lang)
        for q in section.questions:
            if q.type is QuestionType.EVENT_LIST:
                continue
            value = get_answer(facts, q.path)
            if value is None:
                continue
            if q.type is QuestionType.RECORD_LIST and isinstance(value, list):
                name = (q.item_label or q.label).get(lang)
                for i, item in enumerate(value):
                    parts = [f"{f.label.get(lang)}: {answer_text(f, item.get(f.key), lang)}"
                             for f in q.fields
                             if isinstance(item, Mapping) and item.get(f.key) is not None]
                    rows.append(FactRow(title, f"{name} {i + 1}", "; ".join(parts),
                                        f"{q.path}[{i}]"))
                continue
            rows.append(FactRow(title, q.label.get(lang), answer_text(q, value, lang), q.path))
    return rows


def _raw_rows(facts: Mapping[str, Any]) -> list[FactRow]:
    rows = []
    for key, value in facts.items():
        if key in ("events", "format"):
            continue
        if isinstance(value, Mapping):
            rows += [FactRow(key, f"{key}.{k}", answer_text(None, v, "en"), f"{key}.{k}")
                     for k, v in value.items()]
        else:
            rows.append(FactRow("", key, answer_text(None, value, "en"), key))
    return rows


def timeline_of(facts: Mapping[str, Any], checklist: Checklist | None,
                lang: str) -> list[TimelineRow]:
    """The border history in date order, named as the checklist names its events."""
    if checklist is not None:
        return timeline_rows(checklist, facts, lang)
    return [TimelineRow(i, describe_date(e, lang), str(e.get("type", "?")), "")
            for i, e in events_sorted(facts)]


class FactColumn(IntEnum):
    SECTION = 0
    QUESTION = 1
    ANSWER = 2


class FactsTableModel(QAbstractTableModel):
    """Read-only rows of `FactRow`, replaced wholesale by `set_rows`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FactRow] = []

    def set_rows(self, rows: Sequence[FactRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, path: str) -> int:
        """The row holding `path` or the answer it is part of (`client.nationalities[0]`)."""
        for n, row in enumerate(self._rows):
            if path == row.path or path.startswith((f"{row.path}.", f"{row.path}[")):
                return n
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FactColumn)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == DTO_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.section, row.label, row.value)[index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Section"), self.tr("Question"), self.tr("Answer"))
        return titles[section] if 0 <= section < len(titles) else None
