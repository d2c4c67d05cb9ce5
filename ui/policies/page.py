"""The Policies page: the installed rule pack as attorneys read it.

Left, every flag of the pack (title in the UI language, how many clients it flags now); right,
the chosen flag's policy, levels, legal-status timeline, sources (links open in the browser)
and the clients it currently flags (Enter opens the client).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import QItemSelection, QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain import FlagLevel
from clinic_app.policies import FlaggedClient, PackDescription, PolicyFlag
from clinic_app.services import PolicyQueries
from ui import assets
from ui.intake.flags_panel import level_name, open_source
from ui.intake.places import ui_language
from ui.policies.models import (
    DTO_ROLE,
    FlaggedClientsModel,
    PolicyFlagListModel,
    StatusTimelineModel,
)
from ui.wording import flag_advice
from ui.workers import TaskRunner


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("flagHeading")
    return label


def timeline_rows(flag: PolicyFlag) -> int:
    return max(len(flag.timeline), 1)


class PolicyDetail(QWidget):
    """One flag of the pack, as the attorney reads it."""

    def __init__(self, icons: Mapping[FlagLevel, QIcon], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        self.policy = QLabel(self)
        self.policy.setWordWrap(True)
        self.timeline_model = StatusTimelineModel(self)
        self.timeline = QTableView(self)
        self.timeline.setModel(self.timeline_model)
        self.timeline.setWordWrap(True)
        self.timeline.verticalHeader().hide()
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.sources = QLabel(self)
        self.sources.setObjectName("factLink")
        self.sources.setTextFormat(Qt.TextFormat.RichText)
        self.sources.setWordWrap(True)
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                             | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.sources.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.sources.linkActivated.connect(open_source)
        self.clients_heading = _heading("", self)
        self.clients_model = FlaggedClientsModel(icons, self)
        self.clients = QListView(self)
        self.clients.setObjectName("flaggedClients")
        self.clients.setModel(self.clients_model)
        self.clients.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        size = self.fontMetrics().height()
        self.clients.setIconSize(QSize(size, size))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.policy)
        layout.addWidget(_heading(self.tr("Legal-status timeline"), self))
        layout.addWidget(self.timeline)
        layout.addWidget(_heading(self.tr("Sources"), self))
        layout.addWidget(self.sources)
        layout.addWidget(self.clients_heading)
        layout.addWidget(self.clients, 1)

    def show_flag(self, flag: PolicyFlag, clients: list[FlaggedClient], lang: str) -> None:
        self.title.setText(flag.title(lang))
        levels = ", ".join(level_name(level) for level in flag.levels)
        lines = [self.tr("{id} · Policy: {policy}").format(id=flag.id, policy=flag.policy),
                 self.tr("Level when it fires: {levels}.").format(levels=levels)]
        if flag.boundaries:
            lines.append(self.tr("Its windows start or end on: {days}.").format(
                days=", ".join(d.isoformat() for d in flag.boundaries)))
        self.policy.setText("\n".join(lines))
        self.timeline_model.set_steps(flag.timeline)
        self.timeline.resizeRowsToContents()
        # As tall as its rows (no empty band under a short history); it scrolls past 12 rows.
        rows = sum(self.timeline.rowHeight(r) for r in range(min(timeline_rows(flag), 12)))
        frame = self.timeline.frameWidth() * 2 + self.timeline.horizontalHeader().height()
        self.timeline.setFixedHeight(rows + frame + 2)
        links = [f'<a href="{html.escape(c.url)}">{html.escape(c.supports or c.url)}</a>'
                 for c in flag.citations]
        self.sources.setText("<br>".join(f"▸ {link}" for link in links)
                             or html.escape(self.tr("No sources of its own (a meta flag).")))
        self.clients_heading.setText(self.tr("Clients it flags now: {n}").format(
            n=len(clients)))
        self.clients_model.set_clients(clients)


class PoliciesPage(QObject):
    """Controller of the Policies page.

    Signals:
        loaded(): the pack and the flagged clients are shown.
        client_activated(str): a client in the list was opened; its id.
    """

    loaded = Signal()
    client_activated = Signal(str)

    def __init__(self, policies: PolicyQueries, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = policies
        self._runner = runner
        self._lang = ui_language()
        self._flagged: dict[str, list[FlaggedClient]] = {}
        icons = {level: assets.icon(f"flag-{level.value}") for level in FlagLevel}
        self.model = PolicyFlagListModel(self._lang, icons, self)
        self.view = QWidget()
        title = QLabel(self.tr("Policies"), self.view)
        title.setObjectName("pageTitle")
        self.pack_label = QLabel(self.view)
        self.pack_label.setWordWrap(True)
        advice = QLabel(flag_advice(), self.view)
        advice.setObjectName("flagAdviceIntro")
        advice.setWordWrap(True)
        self.list = QListView(self.view)
        self.list.setObjectName("policyFlags")
        self.list.setAccessibleName(self.tr("Flags of the rule pack"))
        self.list.setModel(self.model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        size = self.list.fontMetrics().height()
        self.list.setIconSize(QSize(size, size))
        self.list.setSpacing(2)
        self.detail = PolicyDetail(icons)
        scroll = QScrollArea(self.view)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.detail)
        splitter = QSplitter(Qt.Orientation.Horizontal, self.view)
        splitter.addWidget(self.list)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        layout = QVBoxLayout(self.view)
        layout.addLayout(head)
        layout.addWidget(self.pack_label)
        layout.addWidget(advice)
        layout.addWidget(splitter, 1)
        self.list.selectionModel().selectionChanged.connect(self._selected)
        self.detail.clients.activated.connect(self._client_activated)

    def refresh(self) -> None:
        service = self._service
        self.pack_label.setText(self.tr("Loading…"))
        self._runner.run(lambda: (service.describe_pack(), service.flagged_clients()),
                         on_success=self._loaded, on_failure=self.pack_label.setText,
                         action=self.tr("loading the rule pack"))

    def _loaded(self, result: tuple[PackDescription | None,
                                    dict[str, list[FlaggedClient]]]) -> None:
        pack, self._flagged = result
        if pack is None:
            self.pack_label.setText(self.tr("No rule pack is loaded: nothing is screened."))
            self.model.set_flags([], {})
            return
        self.pack_label.setText(self.tr(
            "Rule pack {id} {version}, reviewed by the clinic's lawyers on {reviewed}; legal "
            "status as of sources dated up to {sources}.").format(
            id=pack.id, version=pack.version, reviewed=pack.reviewed,
            sources=pack.sources_as_of))
        self.model.set_flags(pack.flags, {k: len(v) for k, v in self._flagged.items()})
        if self.model.rowCount():
            self.select(pack.flags[0].id)
        self.loaded.emit()

    def select(self, flag_id: str) -> None:
        for row, flag in enumerate(self.model.policy_flags()):
            if flag.id == flag_id:
                self.list.setCurrentIndex(self.model.index(row))
                return

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        flag = indexes[0].data(DTO_ROLE) if indexes else None
        if isinstance(flag, PolicyFlag):
            self.detail.show_flag(flag, self._flagged.get(flag.id, []), self._lang)

    def _client_activated(self, index: QModelIndex) -> None:
        client = index.data(DTO_ROLE)
        if isinstance(client, FlaggedClient):
            self.client_activated.emit(client.client_id)
