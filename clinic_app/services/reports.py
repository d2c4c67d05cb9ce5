"""Manager reports: caseload, flags and deadlines, as CSV, XLSX or PDF with charts.

De-identified unless asked otherwise. An identified report needs `report.identified`
(managers; admins hold every permission) and is refused before anything is read. Every export
is audited (`report.exported`) with its kind, format, period and whether it names clients.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from clinic_app.audit_log import AuditAction
from clinic_app.deadlines import within
from clinic_app.ports import AdminUnitOfWorkFactory, ReportSource, ReportWriter
from clinic_app.reports import Report, ReportFormat, ReportKind, ReportRequest, ReportTable
from clinic_app.security import Actor, Permission, require
from clinic_app.services.documents import DEFAULT_CLINIC_NAME, write_private
from clinic_app.services.report_tables import (
    caseload_tables,
    deadline_tables,
    flag_row_tables,
)
from clinic_app.services.settings import CLINIC_NAME

TITLES = {
    ReportKind.CASELOAD: "Caseload report",
    ReportKind.FLAGS: "Flags report",
    ReportKind.DEADLINES: "Deadlines report",
}


class ReportService:
    """Builds reports from the store's counts and writes them; one user, one permission check
    per call (the GUI's Reports page and `clinic-intake report` alike)."""

    def __init__(self, uow_factory: AdminUnitOfWorkFactory, source: ReportSource,
                 writer: ReportWriter, *, actor: Actor,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 today: Callable[[], date] = date.today) -> None:
        self._uow = uow_factory
        self._source = source
        self._writer = writer
        self._clock = clock
        self._today = today
        self.actor = actor

    @property
    def may_identify(self) -> bool:
        """Whether the Identified choice is offered at all (the call checks again)."""
        return self.actor.can(Permission.REPORT_IDENTIFIED)

    def build(self, request: ReportRequest) -> Report:
        """The report as titled tables (for the GUI preview, and before any export)."""
        self._check(request)
        with self._uow() as uow:
            clinic = str(uow.settings.get(CLINIC_NAME, "") or "") or DEFAULT_CLINIC_NAME
            deadlines = uow.deadlines.all() if request.kind is ReportKind.DEADLINES else []
        tables: tuple[ReportTable, ...]
        notes: tuple[str, ...] = ()
        if request.kind is ReportKind.CASELOAD:
            counts = self._source.caseload(request.period)
            tables = caseload_tables(counts)
            notes = (f"{counts.intakes} client(s): each client's newest intake, taken in the "
                     "period. A client can raise several flags and policies.",)
        elif request.kind is ReportKind.FLAGS:
            rows = self._source.flag_rows(request.period, identified=request.identified)
            tables = flag_row_tables(rows, identified=request.identified)
        else:
            today = self._today()
            open_ = [d for d in within(deadlines, today, None) if request.period.contains(d.due)]
            tables = deadline_tables(open_, today, identified=request.identified)
            notes = (f"Open deadlines as of {today.isoformat()}, due in the period; the due "
                     "day is the earliest possible one when a date is uncertain.",)
        return Report(kind=request.kind, title=TITLES[request.kind], clinic_name=clinic,
                      period=request.period, identified=request.identified,
                      generated_at=self._clock(), generated_by=self.actor.label, tables=tables,
                      notes=notes)

    def render(self, request: ReportRequest, fmt: ReportFormat) -> bytes:
        """The report file's bytes; audited as an export (the bytes can go anywhere)."""
        report = self.build(request)
        data = self._writer.write(report, fmt)
        self._audit(report, fmt, None)
        return data

    def export(self, request: ReportRequest, fmt: ReportFormat, path: Path) -> Report:
        """Write the report to `path` (owner-only permissions) and audit the export."""
        report = self.build(request)
        data = self._writer.write(report, fmt)
        wrote = False
        try:
            with self._uow() as uow:
                write_private(path, data)
                wrote = True
                uow.audit.record(AuditAction.REPORT_EXPORTED, entity="report",
                                 entity_id=report.kind.value,
                                 detail=_detail(report, fmt, path))
        except BaseException:
            if wrote:
                path.unlink(missing_ok=True)  # no export without its audit row
            raise
        return report

    def _audit(self, report: Report, fmt: ReportFormat, path: Path | None) -> None:
        with self._uow() as uow:
            uow.audit.record(AuditAction.REPORT_EXPORTED, entity="report",
                             entity_id=report.kind.value, detail=_detail(report, fmt, path))

    def _check(self, request: ReportRequest) -> None:
        require(self.actor, Permission.REPORT_RUN)
        if request.identified:
            require(self.actor, Permission.REPORT_IDENTIFIED)


def _detail(report: Report, fmt: ReportFormat, path: Path | None) -> dict[str, object]:
    period = report.period
    detail: dict[str, object] = {
        "format": fmt.value, "identified": report.identified,
        "from": period.start.isoformat() if period.start else None,
        "to": period.end.isoformat() if period.end else None,
        "rows": sum(len(t.rows) for t in report.tables)}
    if path is not None:
        detail["file"] = path.name
    return detail
