"""The review queue as a Qt table over `ReviewQueueItem` DTOs, in the service's urgency order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from clinic_app.services.reviews import ReviewQueueItem
from ui.deadlines.wording import days_text, kind_name, short_kind_name

DTO_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's `ReviewQueueItem`."""

AnyIndex = QModelIndex | QPersistentModelIndex


class QueueColumn(IntEnum):
    CLIENT = 0
    TO_DECIDE = 1
    NEXT_DEADLINE = 2


class ReviewQueueModel(QAbstractTableModel):
    """Rows are not sortable on purpose: the order is the urgency the service worked out."""

    def __init__(self, parent: QObject | None = None, *,
                 icons: Mapping[str, QIcon] | None = None) -> None:
        super().__init__(parent)
        self._items: list[ReviewQueueItem] = []
        self._today = date.today()
        self._icons = dict(icons or {})

    def set_items(self, items: Sequence[ReviewQueueItem], today: date) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._today = today
        self.endResetModel()

    def items(self) -> list[ReviewQueueItem]:
        return list(self._items)

    def row_of(self, intake_id: str) -> int:
        return next((n for n, i in enumerate(self._items) if i.intake_id == intake_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(QueueColumn)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = QueueColumn(index.column())
        if role == DTO_ROLE:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == QueueColumn.TO_DECIDE:
            return ", ".join(item.flag_ids) or self.tr("Every flag is decided")
        if role == Qt.ItemDataRole.ToolTipRole and column == QueueColumn.NEXT_DEADLINE \
                and item.next_deadline is not None:
            d = item.next_deadline
            return f"{kind_name(d.kind, d.detail)}: {d.label}"
        if role == Qt.ItemDataRole.ToolTipRole and column == QueueColumn.CLIENT:
            return item.client_name
        if role == Qt.ItemDataRole.DecorationRole and column == QueueColumn.TO_DECIDE:
            return self._icons.get("urgent") if item.urgent else None
        return None

    def _display(self, item: ReviewQueueItem, column: QueueColumn) -> str:
        """Two lines per cell: what it is, then the detail (rows are sized to fit)."""
        if column == QueueColumn.CLIENT:
            waiting = item.waiting_since
            taken = (self.tr("taken on {day}").format(day=waiting.date().isoformat())
                     if waiting is not None else "")
            return f"{item.client_name}\n{taken}"
        if column == QueueColumn.TO_DECIDE:
            if item.ready_to_sign_off:
                return self.tr("Ready to sign off")
            text = (self.tr("1 flag") if item.to_review == 1
                    else self.tr("{n} flags").format(n=item.to_review))
            extras = []
            if item.urgent:
                extras.append(self.tr("{n} urgent").format(n=item.urgent))
            if item.reopened:
                extras.append(self.tr("{n} re-opened").format(n=item.reopened))
            return f"{text}\n{', '.join(extras)}" if extras else text
        d = item.next_deadline
        if d is None:
            return self.tr("No deadline")
        kind = short_kind_name(d.kind, d.detail)
        if d.uncertain:
            kind += " · " + self.tr("earliest possible")
        return f"{kind}\n{d.due.isoformat()} · {days_text(d.days_left(self._today))}"

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Client"), self.tr("To decide"), self.tr("Next deadline"))
        return titles[section] if 0 <= section < len(titles) else None
