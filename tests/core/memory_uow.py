"""An in-memory unit of work (clinic_app.ports) for service tests that need no database."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from clinic_app.domain import (
    ClientSummary,
    IntakeDocument,
    IntakeStatus,
    ScreeningResult,
    StoredIntake,
)
from clinic_app.errors import ConcurrentChangeError, NotFound


@dataclass
class MemoryData:
    """What the fake store holds; shared by every unit of work made from one factory."""

    clients: dict[str, dict[str, Any]] = field(default_factory=dict)
    intakes: dict[str, StoredIntake] = field(default_factory=dict)
    flags: dict[str, ScreeningResult] = field(default_factory=dict)
    audit: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))


class _Clients:
    def __init__(self, data: MemoryData) -> None:
        self._data = data

    def add(self, document: IntakeDocument) -> str:
        client_id = f"client-{next(self._data.ids)}"
        self._data.clients[client_id] = {"name": document.display_name, "version": 1}
        return client_id

    def update_identity(self, client_id: str, document: IntakeDocument) -> None:
        if client_id not in self._data.clients:
            raise NotFound(client_id)
        self._data.clients[client_id]["name"] = document.display_name
        self._data.clients[client_id]["a_number"] = document.a_number

    def summaries(self, *, limit: int | None = None, offset: int = 0) -> list[ClientSummary]:
        return []

    def get_summary(self, client_id: str) -> ClientSummary | None:
        row = self._data.clients.get(client_id)
        return ClientSummary(client_id, row["name"], (), None, 0) if row else None

    def count(self) -> int:
        return len(self._data.clients)


class _Intakes:
    def __init__(self, data: MemoryData) -> None:
        self._data = data

    def add(self, client_id: str, document: IntakeDocument, *, status: str = "complete",
            checklist_version: str | None = None) -> str:
        intake_id = f"intake-{next(self._data.ids)}"
        self._data.intakes[intake_id] = StoredIntake(
            intake_id, client_id, IntakeDocument(copy.deepcopy(dict(document.facts))),
            IntakeStatus(status), 1, checklist_version=checklist_version)
        return intake_id

    def update(self, intake_id: str, document: IntakeDocument, *,
               expected_version: int | None = None, status: str | None = None,
               checklist_version: str | None = None) -> int:
        stored = self._data.intakes.get(intake_id)
        if stored is None:
            raise NotFound(intake_id)
        if expected_version is not None and expected_version != stored.version:
            raise ConcurrentChangeError(f"intake {intake_id} was changed by someone else")
        self._data.intakes[intake_id] = replace(
            stored, document=IntakeDocument(copy.deepcopy(dict(document.facts))),
            version=stored.version + 1,
            status=IntakeStatus(status) if status else stored.status,
            checklist_version=checklist_version or stored.checklist_version)
        return stored.version + 1

    def latest_for_client(self, client_id: str) -> StoredIntake | None:
        mine = [s for s in self._data.intakes.values() if s.client_id == client_id]
        return mine[-1] if mine else None

    def get(self, intake_id: str) -> StoredIntake | None:
        return self._data.intakes.get(intake_id)

    def iter_latest(self) -> Iterator[StoredIntake]:
        yield from self._data.intakes.values()


class _Flags:
    def __init__(self, data: MemoryData) -> None:
        self._data = data

    def replace_for_intake(self, intake_id: str, result: ScreeningResult) -> None:
        self._data.flags[intake_id] = result

    def for_intake(self, intake_id: str) -> ScreeningResult | None:
        return self._data.flags.get(intake_id)


class _Audit:
    def __init__(self, data: MemoryData) -> None:
        self._data = data

    def record(self, action: str, *, entity: str = "", entity_id: str = "",
               detail: Mapping[str, Any] | None = None) -> None:
        self._data.audit.append((str(action), entity_id, dict(detail or {})))


class MemoryUnitOfWork:
    """Writes apply at once (no rollback): enough for services that write once per action."""

    def __init__(self, data: MemoryData) -> None:
        self.clients = _Clients(data)
        self.intakes = _Intakes(data)
        self.flags = _Flags(data)
        self.audit = _Audit(data)

    def __enter__(self) -> MemoryUnitOfWork:
        return self

    def __exit__(self, *exc: object) -> None:
        return None
