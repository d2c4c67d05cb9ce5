"""Intake use cases: import, export, list and screen-on-save, each one unit of work."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

from clinic_app.domain import ClientSummary, IntakeDocument, ScreeningResult
from clinic_app.errors import ClinicError, IntakeFormatError, NotFound
from clinic_app.intake_format import load_intake_file
from clinic_app.ports import Screener, UnitOfWork, UnitOfWorkFactory
from clinic_app.services import ImportFailure, ImportReport


class IntakeService:
    """Stores validated intakes and their flags; every public call is one user action."""

    def __init__(self, uow_factory: UnitOfWorkFactory, screener: Screener | None = None,
                 *, today: Callable[[], date] = date.today) -> None:
        self._uow = uow_factory
        self._screener = screener
        self._today = today

    # -- import -------------------------------------------------------------------------
    def import_files(self, paths: Sequence[Path]) -> ImportReport:
        """Import each file on its own: a bad file is reported and stores nothing."""
        imported: list[tuple[Path, str]] = []
        failed: list[ImportFailure] = []
        for path in paths:
            try:
                document = load_intake_file(path)
            except IntakeFormatError as err:
                failed.append(ImportFailure(path, tuple(str(i) for i in err.issues)))
                continue
            try:
                client_id, _ = self.import_document(document)
            except ClinicError as err:
                failed.append(ImportFailure(path, (str(err),)))
                continue
            imported.append((path, client_id))
        return ImportReport(tuple(imported), tuple(failed))

    def import_document(self, document: IntakeDocument) -> tuple[str, str]:
        """Create a client with this intake, screen it, store its flags; return (client, intake)."""
        result = self._screen(document)
        with self._uow() as uow:
            client_id = uow.clients.add(document)
            intake_id = uow.intakes.add(client_id, document)
            if result is not None:
                uow.flags.replace_for_intake(intake_id, result)
            uow.audit.record("intake.imported", entity="intake", entity_id=intake_id,
                             detail={"client_id": client_id,
                                     "flags": [f.id for f in result.flags] if result else []})
        return client_id, intake_id

    def _screen(self, document: IntakeDocument) -> ScreeningResult | None:
        if self._screener is None:
            return None
        return self._screener.screen(document, as_of=_intake_day(document) or self._today())

    # -- read side ------------------------------------------------------------------------
    def client_summaries(self, *, limit: int | None = None, offset: int = 0) -> list[ClientSummary]:
        with self._uow() as uow:
            return uow.clients.summaries(limit=limit, offset=offset)

    def client_count(self) -> int:
        with self._uow() as uow:
            return uow.clients.count()

    def export_client(self, client_id: str) -> IntakeDocument:
        """The client's newest intake, exactly as stored (an audited plain-text export)."""
        with self._uow() as uow:
            stored = uow.intakes.latest_for_client(client_id)
            if stored is None:
                raise NotFound(f"no client with id {client_id}")
            _audit_export(uow, stored.intake_id, client_id)
            return stored.document

    def export_all(self) -> Iterator[tuple[str, IntakeDocument]]:
        """(client id, newest intake) for every client, streamed; each export is audited."""
        with self._uow() as uow:
            rows = [(s.client_id, s.intake_id, s.document) for s in uow.intakes.iter_latest()]
            for client_id, intake_id, _ in rows:
                _audit_export(uow, intake_id, client_id)
        for client_id, _, document in rows:
            yield client_id, document


def _audit_export(uow: UnitOfWork, intake_id: str, client_id: str) -> None:
    uow.audit.record("intake.exported", entity="intake", entity_id=intake_id,
                     detail={"client_id": client_id, "format": "clinic-intake/1"})


def _intake_day(document: IntakeDocument) -> date | None:
    """The intake date when it names a day (a partial intake date screens as of today)."""
    text = document.intake_date
    return date.fromisoformat(text) if text and len(text) == 10 else None
