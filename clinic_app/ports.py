"""Ports: what the core needs from persistence, declared here and implemented in `db`.

Services receive a `UnitOfWork` factory; one `with uow:` block is one user action and commits
once at the end (or rolls back on any error), so a failed import stores nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from types import TracebackType
from typing import Any, Protocol

from clinic_app.domain import ClientSummary, IntakeDocument, ScreeningResult, StoredIntake


class ClientRepository(Protocol):
    def add(self, document: IntakeDocument) -> str:
        """Create a client from the identity facts of `document`; return its id (a UUID string)."""

    def summaries(self, *, limit: int | None = None, offset: int = 0) -> list[ClientSummary]:
        """Client list rows, most recently updated first."""

    def get_summary(self, client_id: str) -> ClientSummary | None: ...

    def count(self) -> int: ...


class IntakeRepository(Protocol):
    def add(self, client_id: str, document: IntakeDocument, *, status: str = "complete") -> str:
        """Store a validated intake for a client; return the intake id (a UUID string)."""

    def update(self, intake_id: str, document: IntakeDocument, *,
               expected_version: int | None = None, status: str | None = None) -> int:
        """Replace an intake's facts if nobody changed it since `expected_version`; new version."""

    def latest_for_client(self, client_id: str) -> StoredIntake | None: ...

    def get(self, intake_id: str) -> StoredIntake | None: ...

    def iter_latest(self) -> Iterator[StoredIntake]:
        """The newest intake of every client, in client order (for export and re-screening)."""


class FlagRepository(Protocol):
    def replace_for_intake(self, intake_id: str, result: ScreeningResult) -> None:
        """Store a screening's flags for an intake, replacing earlier ones (pack version kept)."""

    def for_intake(self, intake_id: str) -> ScreeningResult | None: ...


class AuditTrail(Protocol):
    def record(self, action: str, *, entity: str = "", entity_id: str = "",
               detail: Mapping[str, Any] | None = None) -> None:
        """Append an audit event; `detail` carries ids and field names, never narrative facts."""


class UnitOfWork(Protocol):
    clients: ClientRepository
    intakes: IntakeRepository
    flags: FlagRepository
    audit: AuditTrail

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class Screener(Protocol):
    """The policy screening engine as services see it (implemented in `clinic_app.screening`)."""

    def screen(self, document: IntakeDocument, *, as_of: date | None = None,
               lang: str = "en") -> ScreeningResult: ...
