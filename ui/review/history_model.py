"""Earlier reviews of an intake, newest first: who decided what about which flag, and why."""

from __future__ import annotations

from collections.abc import Sequence
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

from clinic_app.domain import Disposition, FlagReview

DTO_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's `FlagReview`."""

AnyIndex = QModelIndex | QPersistentModelIndex


def disposition_name(disposition: Disposition) -> str:
    names = {
        Disposition.CONFIRMED: QCoreApplication.translate("Dispositions", "Confirmed"),
        Disposition.NOT_APPLICABLE: QCoreApplication.translate("Dispositions",
                                                               "Not applicable"),
        Disposition.NEEDS_FACTS: QCoreApplication.translate("Dispositions", "Needs more facts"),
        Disposition.SIGNED_OFF: QCoreApplication.translate("Dispositions", "Signed off"),
        Disposition.REOPENED: QCoreApplication.translate("Dispositions", "Re-opened"),
    }
    return names[disposition]


class HistoryColumn(IntEnum):
    WHEN = 0
    WHO = 1
    FLAG = 2
    DECISION = 3
    NOTE = 4


class ReviewHistoryModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FlagReview] = []

    def set_rows(self, rows: Sequence[FlagReview]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HistoryColumn)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == DTO_ROLE:
            return row
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = HistoryColumn(index.column())
        if column == HistoryColumn.WHEN:
            return row.decided_at.strftime("%Y-%m-%d %H:%M")
        if column == HistoryColumn.WHO:
            return row.reviewer or self.tr("(system)")
        if column == HistoryColumn.FLAG:
            return row.flag_id or self.tr("Whole intake")
        if column == HistoryColumn.DECISION:
            return disposition_name(row.disposition)
        return row.note

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("When (UTC)"), self.tr("Who"), self.tr("Flag"), self.tr("Decision"),
                  self.tr("Note"))
        return titles[section] if 0 <= section < len(titles) else None
