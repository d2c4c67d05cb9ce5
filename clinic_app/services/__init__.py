"""Use cases, one module per family; `AppServices` is what the composition root hands the ui."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from clinic_app.audit_log import AuditEntry, AuditQuery, ChainVerdict
from clinic_app.search import ClientPage, ClientQuery
from clinic_app.security import Actor, Credentials

if TYPE_CHECKING:  # the checklist and editing modules import this package's neighbours
    from clinic_app.checklist import Checklist
    from clinic_app.services.editing import IntakeEditing


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
    """Read side of the client list (services.clients.ClientDirectory): the ui's lazy client
    table asks for one page at a time; text, filters and sort are answered by the database."""

    def search_clients(self, query: ClientQuery) -> ClientPage: ...

    def count_clients(self, query: ClientQuery | None = None) -> int: ...


class IntakeImport(Protocol):
    """Import `clinic-intake/1` files; each file is all-or-nothing."""

    def import_files(self, paths: Sequence[Path]) -> ImportReport: ...


class SessionControl(Protocol):
    """The signed-in user's session as the lock screen sees it (services.sessions)."""

    actor: Actor

    def idle_lock_minutes(self) -> int: ...

    def lock(self) -> None: ...

    def unlock(self, password: str) -> None:
        """Return if `password` is the signed-in user's; else raise AuthenticationFailed."""

    def change_password(self, current: str, new: str) -> None: ...

    def sign_out(self) -> None:
        """Record the sign-out and close the store."""


class AuditQueries(Protocol):
    """The audit viewer's reads (services.audit; admins only)."""

    def audit_events(self, query: AuditQuery) -> list[AuditEntry]: ...

    def audit_usernames(self) -> list[str]: ...

    def audit_actions(self) -> list[str]: ...

    def verify(self) -> ChainVerdict:
        """Check the hash chain (and record that it was checked)."""


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
    # Set when a user signed in (the real app); None in widget tests that need no session.
    session: SessionControl | None = None
    audit: AuditQueries | None = None
    # The intake window: editing use cases and the checklist it renders (None: no intake window).
    editing: IntakeEditing | None = None
    checklist: Checklist | None = None


@dataclass(frozen=True)
class FirstRunSetup:
    """What the first-run dialog asks: the clinic, its first admin, and sample clients or not."""

    clinic_name: str
    admin: Credentials
    display_name: str = ""
    load_samples: bool = False


class SignInGate(Protocol):
    """How the ui gets from "nothing open" to AppServices; built by the composition root.

    Calls may take a second (Argon2id, opening and checking the store): run them off the GUI
    thread. Errors: AuthenticationFailed / AccountLocked (say so in the dialog), StoreError and
    its kinds (StoreDamaged, UnencryptedStore: show the store-error dialog).
    """

    def needs_setup(self) -> bool:
        """True when no store exists yet at the chosen location (show the first-run dialog)."""

    def samples_available(self) -> bool: ...

    def set_up(self, setup: FirstRunSetup) -> AppServices: ...

    def sign_in(self, credentials: Credentials) -> AppServices: ...
