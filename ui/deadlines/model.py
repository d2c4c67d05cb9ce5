"""Deadlines as a Qt table over `Deadline` DTOs, soonest first, each in its horizon."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from clinic_app.deadlines import Horizon, horizon
from clinic_app.domain import Deadline
from ui.deadlines.wording import basis_text, days_text, horizon_name, kind_name

DTO_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's `Deadline`."""

AnyIndex = QModelIndex | QPersistentModelIndex


class DeadlineColumn(IntEnum):
    WHEN = 0
    DUE = 1
    DAYS = 2
    KIND = 3
    CLIENT = 4
    BASIS = 5


class DeadlineTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, *,
                 icons: Mapping[Horizon, QIcon] | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Deadline] = []
        self._today = date.today()
        self._icons = dict(icons or {})

    def set_rows(self, rows: Sequence[Deadline], today: date) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today
        self.endResetModel()

    def rows(self) -> list[Deadline]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DeadlineColumn)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        d = self._rows[index.row()]
        column = DeadlineColumn(index.column())
        if role == DTO_ROLE:
            return d
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(d, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return d.label
        if role == Qt.ItemDataRole.DecorationRole and column == DeadlineColumn.WHEN:
            return self._icons.get(horizon(d, self._today))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == DeadlineColumn.DAYS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, d: Deadline, column: DeadlineColumn) -> str:
        if column == DeadlineColumn.WHEN:
            return horizon_name(horizon(d, self._today))
        if column == DeadlineColumn.DUE:
            return d.due.isoformat()
        if column == DeadlineColumn.DAYS:
            return days_text(d.days_left(self._today))
        if column == DeadlineColumn.KIND:
            return kind_name(d.kind, d.detail)
        if column == DeadlineColumn.CLIENT:
            return d.client_name or d.client_id
        basis = basis_text(d)
        if d.uncertain:
            return self.tr("earliest possible: {basis} (latest {latest})").format(
                basis=basis, latest=d.latest.isoformat())
        return basis

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("When"), self.tr("Due"), self.tr("Days left"), self.tr("Deadline"),
                  self.tr("Client"), self.tr("Based on"))
        return titles[section] if 0 <= section < len(titles) else None
