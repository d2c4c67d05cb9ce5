"""Use cases, one module per family; `AppServices` is what the composition root hands the ui."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from clinic_app.domain import ClientSummary


@dataclass(frozen=True)
class ImportFailure:
    """One file that was not imported, with every problem found in it (path-named)."""

    path: Path
    messages: tuple[str, ...]


@dataclass(frozen=True)
class ImportReport:
    """What an import did: files stored (with the new client id) and files refused."""

    imported: tuple[tuple[Path, str], ...] = ()
    failed: tuple[ImportFailure, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failed


class ClientQueries(Protocol):
    """Read side of the client list (the ui's client table is built from this)."""

    def client_summaries(self, *, limit: int | None = None,
                         offset: int = 0) -> list[ClientSummary]: ...

    def client_count(self) -> int: ...


class IntakeImport(Protocol):
    """Import `clinic-intake/1` files; each file is all-or-nothing."""

    def import_files(self, paths: Sequence[Path]) -> ImportReport: ...


@dataclass(frozen=True)
class StoreInfo:
    """Where the data lives, for the About dialog and status bar (never a password or key)."""

    location: str
    kind: str  # "sqlite", "sqlcipher" or "postgresql"
    data_dir: str = ""


@dataclass
class AppServices:
    """Everything the ui may call, wired by `clinic_app.__main__`; tests pass fakes."""

    clients: ClientQueries
    importer: IntakeImport
    store: StoreInfo
    version: str
    rule_pack_version: str = ""
    extras: dict[str, object] = field(default_factory=dict)
