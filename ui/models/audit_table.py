"""The audit trail as a Qt table model over `AuditEntry` DTOs (newest first, as loaded)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from clinic_app.audit_log import AuditEntry

DTO_ROLE = Qt.ItemDataRole.UserRole + 1
"""Returns the row's `AuditEntry`."""

AnyIndex = QModelIndex | QPersistentModelIndex
DETAIL_CHARS = 160


class AuditColumn(IntEnum):
    ID = 0
    TIME = 1
    USER = 2
    ACTION = 3
    RECORD = 4
    DETAIL = 5


def detail_text(detail: Mapping[str, Any]) -> str:
    """One line for the Details column: "username: ana · reason: wrong password"."""
    parts = []
    for key, value in detail.items():
        if key == "changes" and isinstance(value, list):
            fields = ", ".join(str(c.get("field", "?")) for c in value if isinstance(c, dict))
            parts.append(f"changed: {fields}" if fields else "no change")
        elif value is not None and value != [] and value != {}:
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            parts.append(f"{key}: {text}")
    line = " · ".join(parts)
    return line if len(line) <= DETAIL_CHARS else line[:DETAIL_CHARS - 1] + "…"


class AuditTableModel(QAbstractTableModel):
    """Read-only rows of `AuditEntry`, replaced wholesale by `set_entries` after each load."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[AuditEntry] = []
        self._headers = {
            AuditColumn.ID: self.tr("No."), AuditColumn.TIME: self.tr("Time (UTC)"),
            AuditColumn.USER: self.tr("User"), AuditColumn.ACTION: self.tr("Action"),
            AuditColumn.RECORD: self.tr("Record"), AuditColumn.DETAIL: self.tr("Details"),
        }

    def set_entries(self, entries: Sequence[AuditEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[AuditEntry]:
        return list(self._entries)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AuditColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(AuditColumn):
            return self._headers[AuditColumn(section)]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = AuditColumn(index.column())
        if role == DTO_ROLE:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == AuditColumn.DETAIL:
            return json.dumps(dict(entry.detail), ensure_ascii=False, indent=1, default=str)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AuditColumn.ID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, entry: AuditEntry, column: AuditColumn) -> str:
        if column == AuditColumn.ID:
            return str(entry.event_id)
        if column == AuditColumn.TIME:
            return entry.at.strftime("%Y-%m-%d %H:%M:%S")
        if column == AuditColumn.USER:
            return entry.username or self.tr("(system)")
        if column == AuditColumn.ACTION:
            return entry.action
        if column == AuditColumn.RECORD:
            return f"{entry.entity} {entry.entity_id}".strip()
        return detail_text(entry.detail)
