"""The border history as a table model: one row per event, in date order, over plain DTOs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QIcon

from clinic_app.checklist import Checklist, describe_date, events_sorted
from ui.intake.places import value_name

DTO_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's `TimelineRow`."""

AnyIndex = QModelIndex | QPersistentModelIndex

# The fields that say where an event happened, most telling first.
_PLACE_KEYS = ("port", "city", "court", "place", "border", "where", "stage")


class Column(IntEnum):
    WHEN = 0
    WHAT = 1
    WHERE = 2


@dataclass(frozen=True)
class TimelineRow:
    """One event as the timeline lists it; `index` is its position in the facts' `events`."""

    index: int
    when: str
    what: str
    where: str
    problem: str = ""  # "", "warning" or "error": the event has a check to look at


def timeline_rows(checklist: Checklist, facts: Mapping[str, Any], lang: str,
                  problems: Mapping[int, str] | None = None) -> list[TimelineRow]:
    """Rows in date order (events_sorted: undated ones last, so they are seen and fixed)."""
    rows = []
    for index, event in events_sorted(facts):
        event_type = checklist.event_type(event.get("type"))
        what = event_type.name.get(lang) if event_type else str(event.get("type") or "?")
        rows.append(TimelineRow(index, describe_date(event, lang), what,
                                _where(checklist, event, lang), (problems or {}).get(index, "")))
    return rows


def _where(checklist: Checklist, event: Mapping[str, Any], lang: str) -> str:
    event_type = checklist.event_type(event.get("type"))
    for key in _PLACE_KEYS:
        value = event.get(key)
        if isinstance(value, str) and value:
            field = event_type.field(key) if event_type else None
            return value_name(field, value, lang) if field is not None else value
    return ""


class TimelineModel(QAbstractTableModel):
    """Read-only rows of `TimelineRow`, replaced as a whole by `set_rows` after each change."""

    def __init__(self, parent: QObject | None = None, *,
                 icons: Mapping[str, QIcon] | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TimelineRow] = []
        self._icons = dict(icons or {})

    def set_rows(self, rows: Sequence[TimelineRow]) -> None:
        if list(rows) == self._rows:
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[TimelineRow]:
        return list(self._rows)

    def row_of(self, event_index: int) -> int:
        """The table row showing `events[event_index]`, or -1."""
        return next((r for r, row in enumerate(self._rows) if row.index == event_index), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == DTO_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = (row.when, row.what, row.where)[column]
            if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.WHEN \
                    and row.problem:
                return self.tr("{when} (has a check to look at)").format(when=text)
            return text
        if role == Qt.ItemDataRole.DecorationRole and column == Column.WHEN and row.problem:
            return self._icons.get(row.problem)
        if role == Qt.ItemDataRole.ToolTipRole and row.problem:
            return (self.tr("This event has something to fix.") if row.problem == "error"
                    else self.tr("This event has something to check."))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("When"), self.tr("What"), self.tr("Where"))
        return titles[section] if 0 <= section < len(titles) else None
