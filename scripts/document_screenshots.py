"""Page 1 of each printed document, plus the print preview and the Reports page, for
docs/screenshots (called by scripts/screenshot.py --documents DIR).

The 12 scenario clients are imported into a throw-away SQLite store and everything goes through
the real services, renderer and rasterizer: what the PNGs show is what a clinic prints.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from clinic_app.documents import DocumentCopy
from clinic_app.domain import Role
from clinic_app.reports import ReportFormat, ReportKind, ReportRequest
from clinic_app.security import Actor
from clinic_app.services.documents import DocumentService
from clinic_app.services.intakes import IntakeService
from clinic_app.services.reports import ReportService

SCENARIOS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "domain" / "scenarios"
DPI = 110
WAIT_MS = 60_000


def _spin_until(done: Callable[[], bool], timeout_ms: int = WAIT_MS) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if done() else None)
    timer.start(20)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()


@contextmanager
def scenario_services() -> Iterator[tuple[DocumentService, ReportService, dict[str, str]]]:
    """Document and report services over a temporary store of the scenario clients, acting
    as a manager; and client ids by family name."""
    from clinic_app.screening.engine import ScreeningEngine
    from clinic_app.services.settings import CLINIC_NAME
    from db.engine import open_store
    from db.migrate import ensure_schema
    from db.reports import SqlReportSource
    from forms.exports import ReportFiles
    from forms.pdf import PdfDocuments
    from forms.pdf.raster import default_rasterizer
    from forms.rule_pack_loader import default_pack_path, load_rule_pack

    with tempfile.TemporaryDirectory(prefix="clinic-docs-") as folder, \
            open_store(data_dir=Path(folder)) as store:
        ensure_schema(store)
        with store.uow() as uow:
            user_id = uow.users.add("mara", "Mara Quispe", Role.MANAGER)
            uow.settings.set(CLINIC_NAME, "Clínica Frontera")
        actor = Actor(user_id, "mara", Role.MANAGER, "Mara Quispe")
        uow_factory = functools.partial(store.uow, user_id=user_id)
        screener = ScreeningEngine(load_rule_pack(default_pack_path()))
        admin = Actor(user_id, "mara", Role.ADMIN, "Mara Quispe")  # imports need casework rights
        IntakeService(uow_factory, screener, actor=admin).import_files(
            sorted(SCENARIOS.glob("s*.json")))
        clock = functools.partial(datetime.now, UTC)
        documents = DocumentService(uow_factory, PdfDocuments(), actor=actor, screener=screener,
                                    rasterizer=default_rasterizer(), clock=clock)
        reports = ReportService(uow_factory, SqlReportSource(store.sessions), ReportFiles(),
                                actor=actor, clock=clock)
        with store.uow() as uow:
            ids = {s.display_name.split()[-1]: s.client_id for s in uow.clients.summaries()}
        yield documents, reports, ids


def render_documents(folder: Path, *, gui: bool = True) -> list[Path]:
    """summary-page1.png, client-copy-es-page1.png, report-page1.png (and with `gui` the
    print preview and the Reports page) into `folder`; returns the files written."""
    from forms.pdf.raster import default_rasterizer

    rasterizer = default_rasterizer()
    if rasterizer is None:
        raise SystemExit("no rasterizer: pip install pypdfium2 or apt-get install poppler-utils")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with scenario_services() as (documents, reports, ids):
        ana = ids["Ferrera"]  # s01: the longest history, seven flags
        pages = {
            "summary-page1.png": documents.render(ana, copy=DocumentCopy.FILE, lang="en"),
            "client-copy-es-page1.png": documents.render(ana, copy=DocumentCopy.CLIENT,
                                                         lang="es"),
        }
        report = reports.render(ReportRequest(ReportKind.CASELOAD), ReportFormat.PDF)
        for name, data in [*((n, p.data) for n, p in pages.items()), ("report-page1.png",
                                                                        report)]:
            path = folder / name
            # Re-encoded by Qt: the preview's PNGs are uncompressed for speed.
            image = QImage.fromData(rasterizer.page_images(data, dpi=DPI)[0])
            if not image.save(str(path)):  # the format follows the .png suffix
                raise SystemExit(f"Could not write {path}")
            written.append(path)
        if gui:
            written += _gui_shots(folder, documents, reports, ana)
    for path in written:
        print(f"wrote {path}")
    return written


def _gui_shots(folder: Path, documents: DocumentService, reports: ReportService,
               client_id: str) -> list[Path]:
    from ui.documents.printing import DocumentPrinting
    from ui.reports.page import ReportsPage
    from ui.workers import TaskRunner

    runner = TaskRunner()
    host = QWidget()
    printing = DocumentPrinting(documents, runner, host)
    dialog = printing.open_preview(client_id, "Ana Lucía Rosales Ferrera")
    dialog.resize(900, 860)
    QTest.qWaitForWindowExposed(dialog)
    _spin_until(lambda: bool(dialog.page_widgets))
    QApplication.processEvents()  # the scroll area sizes its page column on the next pass
    preview = folder / "print-preview.png"
    _save(dialog, preview)
    dialog.close()

    page = ReportsPage(reports, runner)
    page.view.resize(1100, 780)
    page.view.show()
    QTest.qWaitForWindowExposed(page.view)
    _spin_until(lambda: page.report is not None)
    page_shot = folder / "reports-page.png"
    _save(page.view, page_shot)
    page.view.close()
    runner.shutdown()
    return [preview, page_shot]


def _save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"Could not write {path}")
