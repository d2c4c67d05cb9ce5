"""The Reports page: shown only to those who may run reports, a chart preview of any part of
the report, Identified offered only to managers, export on the TaskRunner."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from clinic_app.reports import ChartKind, ReportFormat, ReportKind
from ui.main_window import MainWindow
from ui.reports.page import ReportsPage
from ui.workers import TaskRunner

from .conftest import SAMPLE_CLIENTS
from .document_fakes import FakeReports
from .fakes import fake_services


def test_the_page_appears_only_with_a_report_service(qtbot, window) -> None:
    assert window.reports is None
    services = dataclasses.replace(fake_services(SAMPLE_CLIENTS), reports=FakeReports())
    win = MainWindow(services)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: not win.clients.loading)
    assert win.reports is not None
    win.show()
    win.show_page("reports")
    assert win.current_page_id() == "reports"
    qtbot.waitUntil(lambda: win.reports is not None and win.reports.report is not None)
    win.close()


def test_the_preview_charts_the_chosen_part(qtbot) -> None:
    reports = FakeReports()
    runner = TaskRunner()
    page = ReportsPage(reports, runner)
    qtbot.addWidget(page.view)
    with qtbot.waitSignal(page.previewed):
        page.preview()
    view = page.view
    assert view.chart.pairs() == [("CLP-2023", 9), ("ONE-YEAR", 5)]
    first = view.table.item(0, 0)
    assert view.table.rowCount() == 2 and first is not None and first.text() == "CLP-2023"
    assert view.note.text().startswith("De-identified")
    view.part.setCurrentIndex(view.part.findData("by_review_status"))
    assert view.chart.pairs() == [("no flags", 1), ("not reviewed", 11)]
    assert page.report is not None and page.report.table("by_review_status").chart is \
        ChartKind.PIE
    view.resize(700, 500)
    view.show()
    view.chart.grab()  # paints the pie without a warning
    view.part.setCurrentIndex(view.part.findData("by_month"))
    view.chart.grab()
    runner.shutdown()


def test_identified_is_offered_to_managers_only(qtbot) -> None:
    clerk = ReportsPage(FakeReports(may_identify=False), TaskRunner())
    qtbot.addWidget(clerk.view)
    clerk.view.show()
    assert not clerk.view.identified.isVisible()
    assert not clerk.view.request().identified
    manager = ReportsPage(FakeReports(may_identify=True), TaskRunner())
    qtbot.addWidget(manager.view)
    manager.view.show()
    assert manager.view.identified.isVisible() and not manager.view.identified.isChecked()


def test_export_runs_in_the_background_with_the_choices(qtbot, tmp_path: Path) -> None:
    reports = FakeReports(may_identify=True)
    runner = TaskRunner()
    page = ReportsPage(reports, runner)
    qtbot.addWidget(page.view)
    page.view.show()
    view = page.view
    view.kind.setCurrentIndex(view.kind.findData(ReportKind.FLAGS))
    view.format.setCurrentIndex(view.format.findData(ReportFormat.XLSX))
    view.identified.setChecked(True)
    view.since_on.setChecked(True)
    asked: list[Path] = []

    def answer(_parent: object, suggested: Path, fmt: ReportFormat) -> Path:
        asked.append(suggested)
        return tmp_path / "flags.xlsx"

    page.ask_path = answer
    qtbot.waitUntil(view.export_button.isEnabled)  # the choices above started a preview
    with qtbot.waitSignal(page.message):
        view.export_button.click()
    assert asked[0].name.startswith("flags-report-") and "IDENTIFIED" in asked[0].name
    request, fmt, path = reports.exported[0]
    assert request.kind is ReportKind.FLAGS and request.identified and fmt is ReportFormat.XLSX
    assert request.period.start is not None and request.period.end is None
    assert path == tmp_path / "flags.xlsx"
    assert "names clients" in view.status.text()
    runner.shutdown()
