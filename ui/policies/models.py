"""Qt models of the Policies page over the pack's DTOs: flags, a status timeline, clients."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QIcon

from clinic_app.domain import FlagLevel
from clinic_app.policies import CONFIDENCE, FlaggedClient, PolicyFlag, StatusStep
from ui.intake.flags_panel import level_name

DTO_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's DTO (PolicyFlag, StatusStep or FlaggedClient)."""

AnyIndex = QModelIndex | QPersistentModelIndex


class PolicyFlagListModel(QAbstractListModel):
    """The pack's flags in catalogue order: title in the UI language and how many it flags."""

    def __init__(self, lang: str, icons: Mapping[FlagLevel, QIcon],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lang = lang
        self._icons = dict(icons)
        self._flags: list[PolicyFlag] = []
        self._counts: dict[str, int] = {}

    def set_flags(self, flags: Sequence[PolicyFlag], counts: Mapping[str, int]) -> None:
        self.beginResetModel()
        self._flags = list(flags)
        self._counts = dict(counts)
        self.endResetModel()

    def policy_flags(self) -> list[PolicyFlag]:
        return list(self._flags)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._flags)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._flags):
            return None
        flag = self._flags[index.row()]
        if role == DTO_ROLE:
            return flag
        if role == Qt.ItemDataRole.DisplayRole:
            n = self._counts.get(flag.id, 0)
            return self.tr("{title} ({n})").format(title=flag.title(self._lang), n=n)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{flag.id} · {flag.policy}"
        if role == Qt.ItemDataRole.DecorationRole and flag.levels:
            return self._icons.get(flag.levels[0])
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and flag.levels:
            return ", ".join(level_name(level) for level in flag.levels)
        return None


class StatusTimelineModel(QAbstractTableModel):
    """A policy's legal-status steps: date, what happened, how sure the sources are."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: list[StatusStep] = []

    def set_steps(self, steps: Sequence[StatusStep]) -> None:
        self.beginResetModel()
        self._steps = list(steps)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._steps)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._steps):
            return None
        step = self._steps[index.row()]
        if role == DTO_ROLE:
            return step
        if role == Qt.ItemDataRole.DisplayRole:
            return (step.date, step.event, step.confidence)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return "; ".join(CONFIDENCE.get(tag, tag) for tag in step.confidence.split("/"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Date"), self.tr("What happened"), self.tr("Sources"))
        return titles[section] if 0 <= section < len(titles) else None


class FlaggedClientsModel(QAbstractListModel):
    """Clients whose newest intake raises the chosen flag now, loudest first."""

    def __init__(self, icons: Mapping[FlagLevel, QIcon], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icons = dict(icons)
        self._clients: list[FlaggedClient] = []

    def set_clients(self, clients: Sequence[FlaggedClient]) -> None:
        self.beginResetModel()
        self._clients = list(clients)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._clients)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._clients):
            return None
        client = self._clients[index.row()]
        if role == DTO_ROLE:
            return client
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{client.client_name} — {level_name(client.level)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(client.level)
        return None
