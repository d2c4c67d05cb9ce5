"""The Audit page (admins): filter the trail by user, action and dates; verify the chain."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_app.audit_log import AuditEntry, AuditQuery, ChainVerdict
from clinic_app.services import AuditQueries
from ui.models.audit_table import AuditColumn, AuditTableModel
from ui.workers import TaskRunner

PAGE_SIZE = 500
ACTION_FAMILIES = ("login.", "session.", "user.", "intake.", "store.", "document.", "review.",
                   "setting.", "audit.")


class AuditPageView(QWidget):
    """Filters above a table; the Verify button checks the whole chain."""

    def __init__(self, model: AuditTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Audit trail"), self)
        title.setObjectName("pageTitle")
        self.user = QComboBox(self)
        self.user.setAccessibleName(self.tr("User"))
        self.action = QComboBox(self)
        self.action.setAccessibleName(self.tr("Action"))
        self.since_on = QCheckBox(self.tr("&From"), self)
        self.since = QDateEdit(self)
        self.until_on = QCheckBox(self.tr("&To"), self)
        self.until = QDateEdit(self)
        today = QDate.currentDate()
        for edit, day in ((self.since, today.addDays(-30)), (self.until, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(day)
            edit.setEnabled(False)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.verify_button = QPushButton(self.tr("&Verify chain"), self)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            AuditColumn.DETAIL, QHeaderView.ResizeMode.Stretch)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("User:"), self))
        filters.addWidget(self.user)
        filters.addWidget(QLabel(self.tr("Action:"), self))
        filters.addWidget(self.action)
        for widget in (self.since_on, self.since, self.until_on, self.until):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.refresh_button)
        filters.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.since_on.toggled.connect(self.since.setEnabled)
        self.until_on.toggled.connect(self.until.setEnabled)


class AuditPage(QObject):
    """Loads events through the audit service off the GUI thread, newest first.

    Signals:
        loaded(int): the table was replaced; the number of events shown.
        verified(object): the ChainVerdict of a Verify.
    """

    loaded = Signal(int)
    verified = Signal(object)

    def __init__(self, queries: AuditQueries, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queries = queries
        self._runner = runner
        self._generation = 0
        self.model = AuditTableModel(self)
        self.view = AuditPageView(self.model)
        v = self.view
        v.refresh_button.clicked.connect(self.refresh)
        v.verify_button.clicked.connect(self.verify)
        for combo in (v.user, v.action):
            combo.currentIndexChanged.connect(self.refresh)
        for box in (v.since_on, v.until_on):
            box.toggled.connect(self.refresh)
        for edit in (v.since, v.until):
            edit.dateChanged.connect(self.refresh)
        self._fill_filters()

    def _fill_filters(self) -> None:
        v = self.view
        # "" rather than None as item data: PySide6 6.12 returns a None item datum without
        # taking a reference, and enough such calls crash the interpreter.
        v.user.addItem(self.tr("Everyone"), "")
        v.action.addItem(self.tr("All actions"), "")
        for family in ACTION_FAMILIES:
            v.action.addItem(self.tr("{family}* (all)").format(family=family), family)
        queries = self._queries
        self._runner.run(lambda: (queries.audit_usernames(), queries.audit_actions()),
                         on_success=self._filters_loaded, action=self.tr("loading filters"))

    def _filters_loaded(self, lists: tuple[list[str], list[str]]) -> None:
        users, actions = lists
        v = self.view
        for name in users:
            v.user.addItem(name, name)
        for action in actions:
            v.action.addItem(action, action)

    def query(self) -> AuditQuery:
        """The filters as set on screen (dates are whole UTC days, "To" included)."""
        v = self.view
        since = _day(v.since.date()) if v.since_on.isChecked() else None
        until = _day(v.until.date().addDays(1)) if v.until_on.isChecked() else None
        return AuditQuery(username=str(v.user.currentData()) or None,
                          action=str(v.action.currentData()) or None,
                          since=since, until=until, limit=PAGE_SIZE)

    def refresh(self) -> None:
        self._generation += 1
        generation, query, queries = self._generation, self.query(), self._queries
        self.view.status.setText(self.tr("Loading…"))
        self._runner.run(lambda: queries.audit_events(query),
                         on_success=lambda rows: self._loaded(generation, rows),
                         on_failure=self.view.status.setText,
                         action=self.tr("loading the audit trail"))

    def _loaded(self, generation: int, rows: list[AuditEntry]) -> None:
        if generation != self._generation:
            return
        self.model.set_entries(rows)
        self.view.table.resizeColumnsToContents()
        more = self.tr(" (the newest {n}; narrow the filters to see older ones)").format(
            n=PAGE_SIZE) if len(rows) >= PAGE_SIZE else ""
        self.view.status.setText(self.tr("{n} events").format(n=len(rows)) + more)
        self.loaded.emit(len(rows))

    def verify(self) -> None:
        self.view.verify_button.setEnabled(False)
        self.view.status.setText(self.tr("Checking every link of the chain…"))
        self._runner.run(self._queries.verify, on_success=self._verified,
                         on_failure=self._verify_failed, action=self.tr("verifying"))

    def _verified(self, verdict: ChainVerdict) -> None:
        self.view.verify_button.setEnabled(True)
        self.view.status.setText(verdict.describe())
        self.verified.emit(verdict)
        self.refresh()

    def _verify_failed(self, message: str) -> None:
        self.view.verify_button.setEnabled(True)
        self.view.status.setText(message)


def _day(day: QDate) -> datetime:
    return datetime(day.year(), day.month(), day.day(), tzinfo=UTC)
