"""An in-memory unit of work (clinic_app.ports) for service tests that need no database."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from clinic_app.domain import (
    ClientSummary,
    Deadline,
    Disposition,
    FlagLevel,
    FlagReview,
    IntakeDocument,
    IntakeStatus,
    ScreeningChange,
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
    reviews: list[FlagReview] = field(default_factory=list)
    deadlines: dict[str, list[Deadline]] = field(default_factory=dict)
    reviewer: str = "Test Attorney"
    screening_changes: list[ScreeningChange] = field(default_factory=list)
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
        return self._with_flags(mine[-1]) if mine else None

    def get(self, intake_id: str) -> StoredIntake | None:
        stored = self._data.intakes.get(intake_id)
        return self._with_flags(stored) if stored else None

    def iter_latest(self) -> Iterator[StoredIntake]:
        newest = {s.client_id: s for s in self._data.intakes.values()}
        yield from (self._with_flags(s) for s in newest.values())

    def _with_flags(self, stored: StoredIntake) -> StoredIntake:
        # Like the SQL store: an intake comes back with the flags of its latest screening.
        result = self._data.flags.get(stored.intake_id)
        return replace(stored, flags=result.flags) if result else stored


class _Flags:
    def __init__(self, data: MemoryData) -> None:
        self._data = data

    def replace_for_intake(self, intake_id: str, result: ScreeningResult) -> None:
        self._data.flags[intake_id] = result

    def for_intake(self, intake_id: str) -> ScreeningResult | None:
        return self._data.flags.get(intake_id)


class _Reviews:
    def __init__(self, data: MemoryData) -> None:
        self._data = data

    def add(self, intake_id: str, flag_id: str | None, disposition: Disposition, note: str, *,
            flag_level: FlagLevel | None = None,
            fact_digests: Mapping[str, str] | None = None) -> FlagReview:
        if intake_id not in self._data.intakes:
            raise NotFound(intake_id)
        n = len(self._data.reviews) + 1
        # A clock that always moves forward: rows keep their order without sleeping.
        at = datetime(2026, 7, 1, tzinfo=UTC) + timedelta(seconds=n)
        review = FlagReview(intake_id, flag_id, Disposition(disposition), note,
                            self._data.reviewer, at, flag_level, dict(fact_digests or {}), n)
        self._data.reviews.append(review)
        return review

    def for_intake(self, intake_id: str) -> list[FlagReview]:
        return [r for r in self._data.reviews if r.intake_id == intake_id]

    def for_intakes(self, intake_ids: Sequence[str]) -> dict[str, list[FlagReview]]:
        return {i: self.for_intake(i) for i in intake_ids if self.for_intake(i)}


class _Deadlines:
    def __init__(self, data: MemoryData) -> None:
        self._data = data

    def replace_for_client(self, client_id: str, intake_id: str,
                           deadlines: Sequence[Deadline]) -> None:
        self._data.deadlines[client_id] = list(deadlines)

    def all(self) -> list[Deadline]:
        rows = [replace(d, client_name=self._data.clients.get(d.client_id, {}).get("name", ""))
                for ds in self._data.deadlines.values() for d in ds]
        return sorted(rows, key=lambda d: d.due)


class _ScreeningChanges:
    def __init__(self, data: MemoryData) -> None:
        self._data = data

    def for_intake(self, intake_id: str) -> list[ScreeningChange]:
        return [c for c in self._data.screening_changes if c.intake_id == intake_id]

    def changed_at(self, intake_id: str) -> dict[str, datetime]:
        out: dict[str, datetime] = {}
        for change in self.for_intake(intake_id):
            for flag_id in change.flag_ids:
                if change.at is not None:
                    out[flag_id] = change.at
        return out


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
        self.reviews = _Reviews(data)
        self.deadlines = _Deadlines(data)
        self.screening_changes = _ScreeningChanges(data)

    def __enter__(self) -> MemoryUnitOfWork:
        return self

    def __exit__(self, *exc: object) -> None:
        return None
