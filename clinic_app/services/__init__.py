"""Use cases, one module per family; `AppServices` is what the composition root hands the ui."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from clinic_app.audit_log import AuditEntry, AuditQuery, ChainVerdict
from clinic_app.documents import (
    BatchResult,
    CancelToken,
    DocumentCopy,
    DocumentPreview,
    Progress,
    RenderedPdf,
)
from clinic_app.reports import Report, ReportFormat, ReportRequest
from clinic_app.search import ClientPage, ClientQuery
from clinic_app.security import Actor, Credentials

if TYPE_CHECKING:  # the checklist and editing modules import this package's neighbours
    from datetime import date

    from clinic_app.checklist import Checklist
    from clinic_app.domain import Deadline, Disposition
    from clinic_app.policies import FlaggedClient, PackDescription
    from clinic_app.review import ReviewState
    from clinic_app.services.editing import IntakeEditing
    from clinic_app.services.reviews import IntakeReview, ReviewQueueItem


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


class ReviewQueries(Protocol):
    """Attorney review (services.reviews.ReviewService): the queue and decisions for
    attorneys; `review_for_intake` for anyone who may open the intake (paralegals)."""

    def queue(self) -> list[ReviewQueueItem]: ...

    def open_review(self, intake_id: str) -> IntakeReview: ...

    def review_for_intake(self, intake_id: str) -> ReviewState: ...

    def record(self, intake_id: str, flag_id: str, disposition: Disposition, note: str, *,
               basis: str | None = None) -> ReviewState: ...

    def sign_off(self, intake_id: str, note: str = "") -> ReviewState: ...


class DeadlineQueries(Protocol):
    """The Deadlines page (services.deadlines.DeadlineService)."""

    def today(self) -> date: ...

    def deadlines(self, within_days: int | None = None) -> list[Deadline]: ...

    def export_calendar(self, path: Path, within_days: int | None = None) -> int: ...

    def refresh_all(self) -> int: ...


class PolicyQueries(Protocol):
    """The Policies page (services.policies.PolicyService)."""

    def describe_pack(self) -> PackDescription | None: ...

    def flagged_clients(self) -> dict[str, list[FlaggedClient]]: ...


class DocumentQueries(Protocol):
    """Client PDFs for the GUI (services.documents.DocumentService); each call is audited.
    Slow (a PDF, page images): call them through ui.workers.TaskRunner."""

    @property
    def can_preview(self) -> bool: ...

    def preview(self, client_id: str, *, copy: DocumentCopy = DocumentCopy.FILE,
                lang: str | None = None, dpi: int = 96) -> DocumentPreview: ...

    def save(self, client_id: str, path: Path, *, copy: DocumentCopy = DocumentCopy.FILE,
             lang: str | None = None) -> RenderedPdf: ...

    def page_images(self, client_id: str, *, copy: DocumentCopy = DocumentCopy.FILE,
                    lang: str | None = None, dpi: int = 300) -> list[bytes]: ...

    def save_all(self, folder: Path, *, copy: DocumentCopy = DocumentCopy.FILE,
                 lang: str | None = None, cancel: CancelToken | None = None,
                 progress: Progress | None = None) -> BatchResult: ...


class ReportQueries(Protocol):
    """Manager reports (services.reports.ReportService): build for the preview, export."""

    @property
    def may_identify(self) -> bool: ...

    def build(self, request: ReportRequest) -> Report: ...

    def export(self, request: ReportRequest, fmt: ReportFormat, path: Path) -> Report: ...


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
    # Attorney review, deadlines and the installed rule pack (None: the page is not shown).
    reviews: ReviewQueries | None = None
    deadlines: DeadlineQueries | None = None
    policies: PolicyQueries | None = None
    # Client PDFs (everyone may print) and manager reports (None: no Reports page).
    documents: DocumentQueries | None = None
    reports: ReportQueries | None = None


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
