"""The Deadlines page: every open deadline, filtered to overdue or the next 7, 30 or 90 days,
and exported as an .ics file for the clinic's calendar (no client names in it)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_app.deadlines import Horizon, horizon
from clinic_app.domain import Deadline
from clinic_app.services import DeadlineQueries
from ui import assets
from ui.deadlines.model import DTO_ROLE, DeadlineColumn, DeadlineTableModel
from ui.deadlines.wording import horizon_name
from ui.workers import TaskRunner

# Filter buttons: None shows every open deadline; -1 the overdue ones; a number those due from
# today to that many days ahead.
FILTERS: tuple[tuple[str, int | None], ...] = (
    ("all", None), ("overdue", -1), ("7", 7), ("30", 30), ("90", 90))


class DeadlinesPageView(QWidget):
    def __init__(self, model: DeadlineTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Deadlines"), self)
        title.setObjectName("pageTitle")
        intro = QLabel(self.tr(
            "One-year filing deadlines, unaccompanied children turning 18, parole ends and "
            "hearings, from every client's newest intake. A partial or uncertain date gives "
            "the earliest possible day. No weekend or holiday roll-over: an attorney confirms "
            "each date."), self)
        intro.setObjectName("sectionHelp")
        intro.setWordWrap(True)
        self.filters = QButtonGroup(self)
        self.filter_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for n, (key, _) in enumerate(FILTERS):
            button = QPushButton(self)
            button.setCheckable(True)
            self.filters.addButton(button, n)
            self.filter_buttons[key] = button
            row.addWidget(button)
        self.filter_buttons["all"].setChecked(True)
        row.addStretch(1)
        self.recompute_button = QPushButton(self.tr("Re&compute"), self)
        self.recompute_button.setToolTip(self.tr(
            "Compute every client's deadlines again from the stored intakes"))
        self.export_button = QPushButton(self.tr("&Export .ics…"), self)
        self.export_button.setToolTip(self.tr(
            "A calendar file for Outlook, Google or Apple Calendar. It names no client: "
            "calendars sync to phones and clouds."))
        row.addWidget(self.recompute_button)
        row.addWidget(self.export_button)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setObjectName("deadlineTable")
        self.table.setAccessibleName(self.tr("Deadlines"))
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DeadlineColumn.BASIS, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)


class DeadlinesPage(QObject):
    """Controller of the Deadlines page.

    Signals:
        loaded(int): deadlines were (re)loaded; how many are open.
        client_activated(str): Enter or double-click on a row; the client id.
        exported(str): the .ics file was written; its path.
    """

    loaded = Signal(int)
    client_activated = Signal(str)
    exported = Signal(str)

    def __init__(self, deadlines: DeadlineQueries, runner: TaskRunner, *,
                 can_recompute: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = deadlines
        self._runner = runner
        self._all: list[Deadline] = []
        self._today = date.today()
        icons = {Horizon.OVERDUE: assets.icon("flag-urgent"),
                 Horizon.WEEK: assets.icon("flag-review")}
        self.model = DeadlineTableModel(self, icons=icons)
        self.view = DeadlinesPageView(self.model)
        self.view.recompute_button.setVisible(can_recompute)
        self.view.filters.idToggled.connect(self._filter_toggled)
        self.view.table.activated.connect(self._activated)
        self.view.export_button.clicked.connect(self.choose_and_export)
        self.view.recompute_button.clicked.connect(self.recompute)
        self._label_filters()

    def _filter_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._show()

    def window(self) -> int | None:
        """The chosen filter: None (all), -1 (overdue only) or a number of days."""
        return FILTERS[max(self.view.filters.checkedId(), 0)][1]

    def set_filter(self, key: str) -> None:
        self.view.filter_buttons[key].setChecked(True)

    def refresh(self) -> None:
        service = self._service
        self.view.status.setText(self.tr("Loading…"))
        self._runner.run(lambda: (service.today(), service.deadlines(None)),
                         on_success=self._loaded, on_failure=self.view.status.setText,
                         action=self.tr("loading deadlines"))

    def _loaded(self, result: tuple[date, list[Deadline]]) -> None:
        self._today, self._all = result
        self._label_filters()
        self._show()
        self.loaded.emit(len(self._all))

    def _shown(self) -> list[Deadline]:
        window = self.window()
        if window is None:
            return self._all
        if window < 0:
            return [d for d in self._all if horizon(d, self._today) is Horizon.OVERDUE]
        return [d for d in self._all if 0 <= d.days_left(self._today) <= window]

    def _show(self) -> None:
        rows = self._shown()
        self.model.set_rows(rows, self._today)
        overdue = sum(1 for d in self._all if horizon(d, self._today) is Horizon.OVERDUE)
        self.view.status.setText(self.tr("{n} shown; {overdue} overdue; today is {today}.")
                                 .format(n=len(rows), overdue=overdue,
                                         today=self._today.isoformat()))

    def _label_filters(self) -> None:
        names = {"all": self.tr("&All open"), "overdue": horizon_name(Horizon.OVERDUE),
                 "7": horizon_name(Horizon.WEEK), "30": horizon_name(Horizon.MONTH),
                 "90": horizon_name(Horizon.QUARTER)}
        for key, window in FILTERS:
            if window is None:
                count = len(self._all)
            elif window < 0:
                count = sum(1 for d in self._all if d.days_left(self._today) < 0)
            else:
                count = sum(1 for d in self._all if 0 <= d.days_left(self._today) <= window)
            self.view.filter_buttons[key].setText(f"{names[key]} ({count})")

    def _activated(self, index: QModelIndex) -> None:
        d = index.data(DTO_ROLE)
        if isinstance(d, Deadline):
            self.client_activated.emit(d.client_id)

    def choose_and_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.view, self.tr("Export deadlines"), "clinic-deadlines.ics",
            self.tr("Calendar files (*.ics)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Every open deadline, whatever the filter: a calendar should hold all that is coming."""
        service = self._service
        self._runner.run(
            lambda: service.export_calendar(path, None),
            on_success=lambda count: self._exported(path, count),
            on_failure=self.view.status.setText, action=self.tr("exporting deadlines"))

    def _exported(self, path: Path, count: int) -> None:
        self.view.status.setText(self.tr(
            "Saved {n} deadlines to {path}. The file names no client (short id and initials "
            "only).").format(n=count, path=str(path)))
        self.exported.emit(str(path))

    def recompute(self) -> None:
        self.view.recompute_button.setEnabled(False)
        service = self._service

        def done(_count: int) -> None:
            self.view.recompute_button.setEnabled(True)
            self.refresh()

        def failed(message: str) -> None:
            self.view.recompute_button.setEnabled(True)
            self.view.status.setText(message)

        self._runner.run(service.refresh_all, on_success=done, on_failure=failed,
                         action=self.tr("recomputing deadlines"))
