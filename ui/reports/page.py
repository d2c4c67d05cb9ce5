"""The Reports page (managers): report type, period, format and (for managers) Identified; a
chart preview of any table of the report; Export on the TaskRunner with progress.

De-identified is the default and the Identified box says what it does; the service checks the
permission again, so the box only hides what a role cannot use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.reports import Period, Report, ReportFormat, ReportKind, ReportRequest
from clinic_app.services import ReportQueries
from ui.reports.chart import ReportChart
from ui.workers import TaskRunner

AskExportPath = Callable[[QWidget, Path, ReportFormat], Path | None]


def ask_export_path(parent: QWidget, suggested: Path, fmt: ReportFormat) -> Path | None:
    filters = {ReportFormat.CSV: parent.tr("CSV files (*.csv)"),
               ReportFormat.XLSX: parent.tr("Excel workbooks (*.xlsx)"),
               ReportFormat.PDF: parent.tr("PDF documents (*.pdf)")}
    name, _ = QFileDialog.getSaveFileName(parent, parent.tr("Export report"), str(suggested),
                                          filters[fmt])
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == f".{fmt.value}" else path.with_suffix(f".{fmt.value}")


class ReportsPageView(QWidget):
    """The choices above a chart and a table of the chosen part of the report.

    Signals:
        first_shown(): the page became visible for the first time (count then, not at start).
    """

    first_shown = Signal()

    def __init__(self, *, may_identify: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown = False
        title = QLabel(self.tr("Reports"), self)
        title.setObjectName("pageTitle")
        self.kind = QComboBox(self)
        for kind, name in ((ReportKind.CASELOAD, self.tr("Caseload")),
                            (ReportKind.FLAGS, self.tr("Flags")),
                            (ReportKind.DEADLINES, self.tr("Deadlines"))):
            self.kind.addItem(name, kind)
        self.since_on = QCheckBox(self.tr("&From"), self)
        self.since = QDateEdit(self)
        self.until_on = QCheckBox(self.tr("&To"), self)
        self.until = QDateEdit(self)
        today = QDate.currentDate()
        for edit, day in ((self.since, QDate(today.year(), 1, 1)), (self.until, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(day)
            edit.setEnabled(False)
        self.since_on.toggled.connect(self.since.setEnabled)
        self.until_on.toggled.connect(self.until.setEnabled)
        self.format = QComboBox(self)
        for fmt, name in ((ReportFormat.PDF, self.tr("PDF with charts")),
                           (ReportFormat.XLSX, self.tr("Excel (XLSX)")),
                           (ReportFormat.CSV, self.tr("CSV"))):
            self.format.addItem(name, fmt)
        self.identified = QCheckBox(self.tr("&Identified: include names and A-numbers"), self)
        self.identified.setToolTip(self.tr("Reports are de-identified unless this is ticked. "
                                           "An identified export is recorded in the audit "
                                           "trail."))
        self.identified.setVisible(may_identify)
        self.preview_button = QPushButton(self.tr("&Preview"), self)
        self.export_button = QPushButton(self.tr("&Export…"), self)
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.export_button.setToolTip(self.tr("Export the report (Ctrl+E)"))
        self.part = QComboBox(self)
        self.part.setAccessibleName(self.tr("Part of the report shown"))
        self.chart = ReportChart(self)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName(self.tr("Report table"))
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setObjectName("reportPrivacy")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 10)
        self.busy.hide()

        grid = QGridLayout()
        labels = ((self.tr("&Report:"), self.kind), (self.tr("F&ormat:"), self.format))
        for row, (words, widget) in enumerate(labels):
            label = QLabel(words, self)
            label.setBuddy(widget)
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1)
        grid.addWidget(self.since_on, 0, 2)
        grid.addWidget(self.since, 0, 3)
        grid.addWidget(self.until_on, 0, 4)
        grid.addWidget(self.until, 0, 5)
        grid.addWidget(self.identified, 1, 2, 1, 4)
        grid.setColumnStretch(6, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.busy)
        buttons.addStretch(1)
        show = QHBoxLayout()
        show_label = QLabel(self.tr("&Show:"), self)
        show_label.setBuddy(self.part)
        show.addWidget(show_label)
        show.addWidget(self.part, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addLayout(show)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

    def request(self) -> ReportRequest:
        def day(on: QCheckBox, edit: QDateEdit) -> date | None:
            chosen = edit.date()
            return date(chosen.year(), chosen.month(), chosen.day()) if on.isChecked() else None

        kind = self.kind.currentData()  # Qt hands a str enum back as a plain str
        return ReportRequest(ReportKind(kind) if isinstance(kind, str) else ReportKind.CASELOAD,
                             Period(day(self.since_on, self.since), day(self.until_on, self.until)),
                             identified=self.identified.isVisible() and self.identified.isChecked())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.first_shown.emit()

    @property
    def chosen_format(self) -> ReportFormat:
        fmt = self.format.currentData()
        return ReportFormat(fmt) if isinstance(fmt, str) else ReportFormat.PDF

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.busy.setVisible(busy)
        self.preview_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy)
        self.status.setText(message)


class ReportsPage(QObject):
    """Controller: builds the preview and exports, both on the TaskRunner; only the newest
    preview is shown.

    Signals:
        message(str): a sentence for the status bar.
        previewed(object): the Report now shown.
    """

    message = Signal(str)
    previewed = Signal(object)

    def __init__(self, reports: ReportQueries, runner: TaskRunner, parent: QObject | None = None,
                 *, ask_path: AskExportPath = ask_export_path) -> None:
        super().__init__(parent)
        self._reports = reports
        self._runner = runner
        self.ask_path = ask_path  # public: tests answer the file dialog
        self._generation = 0
        self._folder = Path.home()
        self.report: Report | None = None
        self.view = ReportsPageView(may_identify=reports.may_identify)
        view = self.view
        view.first_shown.connect(self.preview)
        view.preview_button.clicked.connect(self.preview)
        view.export_button.clicked.connect(self.export)
        view.part.currentIndexChanged.connect(self._show_part)
        for combo in (view.kind,):
            combo.currentIndexChanged.connect(self.preview)
        for box in (view.identified, view.since_on, view.until_on):
            box.toggled.connect(self.preview)

    def preview(self) -> None:
        self._generation += 1
        generation = self._generation
        request = self.view.request()
        self.view.set_busy(True, self.tr("Counting…"))
        reports = self._reports

        def shown(report: Report) -> None:
            if generation == self._generation:
                self.view.set_busy(False, "")
                self._show(report)

        def failed(message: str) -> None:
            if generation == self._generation:
                self.view.set_busy(False, message)
                self.message.emit(message)

        self._runner.run(lambda: reports.build(request), on_success=shown, on_failure=failed,
                         action=self.tr("counting the report"))

    def export(self) -> None:
        view = self.view
        request, fmt = view.request(), view.chosen_format
        stem = f"{request.kind.value}-report-{date.today().isoformat()}"
        if request.identified:
            stem += "-IDENTIFIED"
        path = self.ask_path(view, self._folder / f"{stem}.{fmt.value}", fmt)
        if path is None:
            return
        self._folder = path.parent
        view.set_busy(True, self.tr("Exporting…"))
        reports = self._reports

        def done(report: Report) -> None:
            what = (self.tr("identified: it names clients, keep it safe") if report.identified
                    else self.tr("de-identified"))
            text = self.tr("Exported {path} ({what}).").format(path=path, what=what)
            view.set_busy(False, text)
            self.message.emit(text)

        def failed(message: str) -> None:
            view.set_busy(False, message)
            self.message.emit(message)

        self._runner.run(lambda: reports.export(request, fmt, path), on_success=done,
                         on_failure=failed, action=self.tr("exporting the report"))

    def _show(self, report: Report) -> None:
        self.report = report
        view = self.view
        view.note.setText(report.privacy_note + ("\n" + "\n".join(report.notes)
                                                 if report.notes else ""))
        previous = view.part.currentText()
        view.part.blockSignals(True)
        view.part.clear()
        for table in report.tables:
            view.part.addItem(table.title, table.key)
        index = view.part.findText(previous)
        view.part.setCurrentIndex(max(index, 0))
        view.part.blockSignals(False)
        self._show_part()
        self.previewed.emit(report)

    def _show_part(self) -> None:
        if self.report is None:
            return
        key = self.view.part.currentData()
        table = next((t for t in self.report.tables if t.key == key), None)
        view = self.view
        view.chart.set_table(table)
        view.table.clear()
        if table is None:
            view.table.setRowCount(0)
            view.table.setColumnCount(0)
            return
        rows = table.rows[:2000]  # the preview; the export holds every row
        view.table.setColumnCount(len(table.columns))
        view.table.setHorizontalHeaderLabels(list(table.columns))
        view.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, cell in enumerate(cells):
                item = QTableWidgetItem(str(cell))
                if isinstance(cell, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                view.table.setItem(r, c, item)
