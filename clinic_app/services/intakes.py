"""Intake use cases: import, export, list, open, change and screen-on-save, each one unit of work.

Every public method first checks the acting user's permission (clinic_app.security), so the role
matrix holds for the GUI and the command line alike, then records what it did in the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from clinic_app.audit_log import AuditAction
from clinic_app.domain import ClientSummary, IntakeDocument, ScreeningResult, StoredIntake
from clinic_app.errors import ClinicError, IntakeFormatError, NotFound
from clinic_app.intake_format import load_intake_file
from clinic_app.ports import Screener, UnitOfWork, UnitOfWorkFactory
from clinic_app.security import Actor, Permission, require
from clinic_app.services import ImportFailure, ImportReport
from clinic_app.services.upkeep import intake_stored


class IntakeService:
    """Stores validated intakes and their flags; every public call is one user action.

    `uow_factory` must attribute audit events to `actor` (the composition root binds it).
    """

    def __init__(self, uow_factory: UnitOfWorkFactory, screener: Screener | None = None,
                 *, actor: Actor, today: Callable[[], date] = date.today) -> None:
        self._uow = uow_factory
        self._screener = screener
        self._today = today
        self.actor = actor

    # -- import -------------------------------------------------------------------------
    def import_files(self, paths: Sequence[Path]) -> ImportReport:
        """Import each file on its own: a bad file is reported and stores nothing."""
        require(self.actor, Permission.INTAKE_CREATE)
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
        require(self.actor, Permission.INTAKE_CREATE)
        result = self._screen(document)
        with self._uow() as uow:
            client_id = uow.clients.add(document)
            intake_id = uow.intakes.add(client_id, document)
            if result is not None:
                uow.flags.replace_for_intake(intake_id, result)
            intake_stored(uow, intake_id=intake_id, client_id=client_id,
                          facts=document.facts, screened=result is not None)
            uow.audit.record(AuditAction.INTAKE_IMPORTED, entity="intake", entity_id=intake_id,
                             detail={"client_id": client_id,
                                     "flags": [f.id for f in result.flags] if result else []})
        return client_id, intake_id

    def _screen(self, document: IntakeDocument) -> ScreeningResult | None:
        if self._screener is None:
            return None
        return self._screener.screen(document, as_of=_intake_day(document) or self._today())

    # -- read side ------------------------------------------------------------------------
    def client_summaries(self, *, limit: int | None = None, offset: int = 0) -> list[ClientSummary]:
        require(self.actor, Permission.CLIENT_LIST)
        with self._uow() as uow:
            return uow.clients.summaries(limit=limit, offset=offset)

    def client_count(self) -> int:
        require(self.actor, Permission.CLIENT_LIST)
        with self._uow() as uow:
            return uow.clients.count()

    def open_intake(self, intake_id: str) -> StoredIntake:
        """An intake for reading or editing; the viewing is audited."""
        require(self.actor, Permission.INTAKE_VIEW)
        with self._uow() as uow:
            stored = uow.intakes.get(intake_id)
            if stored is None:
                raise NotFound(f"no intake with id {intake_id}")
            uow.audit.record(AuditAction.INTAKE_VIEWED, entity="intake", entity_id=intake_id,
                             detail={"client_id": stored.client_id})
            return stored

    def latest_intake(self, client_id: str) -> StoredIntake:
        """The client's newest intake; the viewing is audited."""
        require(self.actor, Permission.INTAKE_VIEW)
        with self._uow() as uow:
            stored = uow.intakes.latest_for_client(client_id)
            if stored is None:
                raise NotFound(f"no client with id {client_id}")
            uow.audit.record(AuditAction.INTAKE_VIEWED, entity="intake",
                             entity_id=stored.intake_id, detail={"client_id": client_id})
            return stored

    # -- changes --------------------------------------------------------------------------
    def save_intake(self, intake_id: str, document: IntakeDocument, *,
                    expected_version: int | None = None, status: str | None = None) -> int:
        """Replace an intake's facts (re-screened); the audit event lists every changed field
        with its old and new value. Returns the new version."""
        require(self.actor, Permission.INTAKE_EDIT)
        result = self._screen(document)
        with self._uow() as uow:
            before = uow.intakes.get(intake_id)
            if before is None:
                raise NotFound(f"no intake with id {intake_id}")
            version = uow.intakes.update(intake_id, document, expected_version=expected_version,
                                         status=status)
            if result is not None:
                uow.flags.replace_for_intake(intake_id, result)
            intake_stored(uow, intake_id=intake_id, client_id=before.client_id,
                          facts=document.facts, screened=result is not None)
            changes = fact_changes(before.document.facts, document.facts)
            if status is not None and status != before.status.value:
                changes.append({"field": "(status)", "old": before.status.value, "new": status})
            uow.audit.record(AuditAction.INTAKE_CHANGED, entity="intake", entity_id=intake_id,
                             detail={"client_id": before.client_id, "version": version,
                                     "changes": changes})
        return version

    def record_printed(self, intake_id: str, document_kind: str) -> None:
        """Note in the audit trail that a client document (PDF) was produced from an intake."""
        require(self.actor, Permission.DOCUMENT_PRINT)
        with self._uow() as uow:
            if uow.intakes.get(intake_id) is None:
                raise NotFound(f"no intake with id {intake_id}")
            uow.audit.record(AuditAction.DOCUMENT_PRINTED, entity="intake", entity_id=intake_id,
                             detail={"document": document_kind})

    # -- export ---------------------------------------------------------------------------
    def export_client(self, client_id: str) -> IntakeDocument:
        """The client's newest intake, exactly as stored (an audited plain-text export)."""
        require(self.actor, Permission.INTAKE_EXPORT)
        with self._uow() as uow:
            stored = uow.intakes.latest_for_client(client_id)
            if stored is None:
                raise NotFound(f"no client with id {client_id}")
            _audit_export(uow, stored.intake_id, client_id)
            return stored.document

    def export_all(self) -> Iterator[tuple[str, IntakeDocument]]:
        """(client id, newest intake) for every client, streamed; each export is audited."""
        require(self.actor, Permission.INTAKE_EXPORT)
        return self._export_all()

    def _export_all(self) -> Iterator[tuple[str, IntakeDocument]]:
        with self._uow() as uow:
            rows = [(s.client_id, s.intake_id, s.document) for s in uow.intakes.iter_latest()]
            for client_id, intake_id, _ in rows:
                _audit_export(uow, intake_id, client_id)
        for client_id, _, document in rows:
            yield client_id, document


def _audit_export(uow: UnitOfWork, intake_id: str, client_id: str) -> None:
    uow.audit.record(AuditAction.INTAKE_EXPORTED, entity="intake", entity_id=intake_id,
                     detail={"client_id": client_id, "format": "clinic-intake/1"})


def _intake_day(document: IntakeDocument) -> date | None:
    """The intake date when it names a day (a partial intake date screens as of today)."""
    text = document.intake_date
    return date.fromisoformat(text) if text and len(text) == 10 else None


_MISSING: Any = None


def fact_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every leaf that differs, as {"field": "events[1].date", "old": ..., "new": ...}.

    A field that appears or disappears has None on the missing side.
    """
    before, after = _leaves(old), _leaves(new)
    changes = []
    for path in sorted(before.keys() | after.keys()):
        a, b = before.get(path, _MISSING), after.get(path, _MISSING)
        if a != b or (path in before) != (path in after):
            changes.append({"field": path, "old": a, "new": b})
    return changes


def _leaves(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, Mapping):
        if not value and prefix:
            return {prefix: {}}
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_leaves(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list | tuple):
        if not value:
            return {prefix: []}
        out = {}
        for i, item in enumerate(value):
            out.update(_leaves(item, f"{prefix}[{i}]"))
        return out
    return {prefix: value}
