"""Fake DocumentQueries and ReportQueries: what the GUI sees of the PDF and report services."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from clinic_app.documents import (
    BatchResult,
    CancelToken,
    DocumentCopy,
    DocumentPreview,
    Progress,
    RenderedPdf,
    document_file_name,
)
from clinic_app.errors import PermissionDenied
from clinic_app.reports import (
    ChartKind,
    Report,
    ReportFormat,
    ReportRequest,
    ReportTable,
)


def page_png(width: int = 85, height: int = 110) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; only str works
    return bytes(data.data())


@dataclass
class FakeDocuments:
    pages: int = 2
    can_preview: bool = True
    previews: list[tuple[str, DocumentCopy, str | None]] = field(default_factory=list)
    saved: list[tuple[str, Path, DocumentCopy, str | None]] = field(default_factory=list)
    printed: list[tuple[str, int]] = field(default_factory=list)
    batch_total: int = 5
    gate: threading.Event = field(default_factory=threading.Event)
    hold_after: int | None = None  # save_all waits for `gate` after this many documents

    def preview(self, client_id: str, *, copy: DocumentCopy = DocumentCopy.FILE,
                lang: str | None = None, dpi: int = 96) -> DocumentPreview:
        self.previews.append((client_id, copy, lang))
        pdf = RenderedPdf(b"%PDF-fake", self.pages)
        return DocumentPreview(pdf, tuple(page_png() for _ in range(self.pages)),
                               document_file_name(client_id, copy, lang or "en"))

    def save(self, client_id: str, path: Path, *, copy: DocumentCopy = DocumentCopy.FILE,
             lang: str | None = None) -> RenderedPdf:
        self.saved.append((client_id, path, copy, lang))
        return RenderedPdf(b"%PDF-fake", self.pages)

    def page_images(self, client_id: str, *, copy: DocumentCopy = DocumentCopy.FILE,
                    lang: str | None = None, dpi: int = 300) -> list[bytes]:
        self.printed.append((client_id, dpi))
        return [page_png() for _ in range(self.pages)]

    def save_all(self, folder: Path, *, copy: DocumentCopy = DocumentCopy.FILE,
                 lang: str | None = None, cancel: CancelToken | None = None,
                 progress: Progress | None = None) -> BatchResult:
        written: list[Path] = []
        for done in range(self.batch_total):
            if cancel is not None and cancel.cancelled:
                return BatchResult(tuple(written), self.batch_total, cancelled=True)
            written.append(folder / f"doc-{done}.pdf")
            if progress is not None:
                progress(done + 1, self.batch_total)
            if self.hold_after is not None and done + 1 == self.hold_after:
                assert self.gate.wait(10), "the test never released the batch"
        return BatchResult(tuple(written), self.batch_total)


def caseload_report(request: ReportRequest) -> Report:
    tables = (
        ReportTable("by_flag", "By flag", ("Flag", "Title", "Intakes", "Urgent", "Review",
                                           "Check", "Note"),
                    (("CLP-2023", "Entry in the CLP window", 9, 0, 4, 5, ""),
                     ("ONE-YEAR", "One-year filing deadline", 5, 4, 1, 0, "")),
                    ChartKind.BAR, value_column=2),
        ReportTable("by_review_status", "By review status", ("Review status", "Intakes", "Note"),
                    (("no flags", 1, "*"), ("not reviewed", 11, "")), ChartKind.PIE),
        ReportTable("by_month", "By month of intake", ("Month", "Intakes", "Note"),
                    (("2026-06", 4, "*"), ("2026-07", 8, "")), ChartKind.COLUMN),
    )
    return Report(request.kind, "Caseload report", "Clínica Frontera", request.period,
                  request.identified, datetime(2026, 7, 1, tzinfo=UTC), "Mara (manager)",
                  tables, notes=("12 client(s)",))


@dataclass
class FakeReports:
    may_identify: bool = False
    built: list[ReportRequest] = field(default_factory=list)
    exported: list[tuple[ReportRequest, ReportFormat, Path]] = field(default_factory=list)

    def build(self, request: ReportRequest) -> Report:
        if request.identified and not self.may_identify:
            raise PermissionDenied("export reports that name clients", "paralegal")
        self.built.append(request)
        return caseload_report(request)

    def export(self, request: ReportRequest, fmt: ReportFormat, path: Path) -> Report:
        self.exported.append((request, fmt, path))
        return caseload_report(request)
