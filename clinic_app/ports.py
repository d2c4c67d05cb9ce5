"""Ports: what the core needs from persistence, declared here and implemented in `db`.

Services receive a `UnitOfWork` factory; one `with uow:` block is one user action and commits
once at the end (or rolls back on any error), so a failed import stores nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from clinic_app.accounts import FailedSignIn, LockoutState, UserInfo
from clinic_app.audit_log import AuditEntry, AuditQuery, ChainVerdict
from clinic_app.documents import IntakeSummary, RenderedPdf
from clinic_app.domain import (
    ClientSummary,
    Deadline,
    Disposition,
    Flag,
    FlagLevel,
    FlagReview,
    IntakeDocument,
    PackFingerprint,
    Role,
    RulePackInfo,
    ScreeningChange,
    ScreeningResult,
    StoredIntake,
)
from clinic_app.reports import CaseloadCounts, FlagRow, Period, Report, ReportFormat
from clinic_app.rescreening import RescreenPlan, RescreenResult, RescreenTask, ScreeningState
from clinic_app.rule_packs import InstalledPack, TrustedKey
from clinic_app.search import ClientPage, ClientQuery


class ClientRepository(Protocol):
    def add(self, document: IntakeDocument) -> str:
        """Create a client from the identity facts of `document`; return its id (a UUID string)."""

    def summaries(self, *, limit: int | None = None, offset: int = 0) -> list[ClientSummary]:
        """Client list rows, most recently updated first."""

    def get_summary(self, client_id: str) -> ClientSummary | None: ...

    def count(self) -> int: ...

    def update_identity(self, client_id: str, document: IntakeDocument) -> None:
        """Copy the identity facts edited in an intake (names, birth date, nationalities,
        A-number) onto the client; answers not valid yet leave the stored value as it was."""


class IntakeRepository(Protocol):
    def add(self, client_id: str, document: IntakeDocument, *, status: str = "complete",
            checklist_version: str | None = None) -> str:
        """Store an intake for a client (a draft may be invalid); return the intake id (a UUID
        string). `checklist_version` names the checklist it is taken with: "border-intake/1"."""

    def update(self, intake_id: str, document: IntakeDocument, *,
               expected_version: int | None = None, status: str | None = None,
               checklist_version: str | None = None) -> int:
        """Replace an intake's facts if nobody changed it since `expected_version`; new version."""

    def latest_for_client(self, client_id: str) -> StoredIntake | None: ...

    def get(self, intake_id: str) -> StoredIntake | None: ...

    def iter_latest(self) -> Iterator[StoredIntake]:
        """The newest intake of every client, in client order (for export and re-screening)."""


class FlagRepository(Protocol):
    def replace_for_intake(self, intake_id: str, result: ScreeningResult) -> None:
        """Store a screening's flags for an intake, replacing earlier ones (pack version kept)."""

    def for_intake(self, intake_id: str) -> ScreeningResult | None: ...


class ReviewRepository(Protocol):
    """Attorney dispositions, sign-offs and re-opens: append-only, read back oldest first."""

    def add(self, intake_id: str, flag_id: str | None, disposition: Disposition, note: str, *,
            flag_level: FlagLevel | None = None,
            fact_digests: Mapping[str, str] | None = None) -> FlagReview:
        """Store a row attributed to the unit of work's user (None: refused, see the adapter)."""

    def for_intake(self, intake_id: str) -> list[FlagReview]: ...

    def for_intakes(self, intake_ids: Sequence[str]) -> dict[str, list[FlagReview]]:
        """Rows of many intakes at once (the review queue), oldest first per intake."""


class DeadlineRepository(Protocol):
    """The deadlines of each client's newest intake, recomputed whenever it is saved."""

    def replace_for_client(self, client_id: str, intake_id: str,
                           deadlines: Sequence[Deadline]) -> None: ...

    def all(self) -> list[Deadline]:
        """Every stored deadline with its client's display name, soonest first."""


class AuditTrail(Protocol):
    def record(self, action: str, *, entity: str = "", entity_id: str = "",
               detail: Mapping[str, Any] | None = None) -> None:
        """Append an audit event, attributed to the unit of work's user.

        `detail` holds ids, field names and, for changes, old and new values: client facts are
        allowed here (the trail is inside the store) and nowhere else (never in logs).
        """


class AuditLog(AuditTrail, Protocol):
    """The trail read back (audit viewer, `audit verify`)."""

    def events(self, query: AuditQuery) -> list[AuditEntry]:
        """Events matching `query`, newest first."""

    def verify(self) -> ChainVerdict:
        """Check every link of the chain, oldest first; name the first break and its kind."""


class UserRepository(Protocol):
    """Users and roles as stored in the store (credentials live with the Authenticator)."""

    def add(self, username: str, display_name: str, role: Role) -> str:
        """Create an active user; return its id."""

    def get(self, username: str) -> UserInfo | None: ...

    def all(self) -> list[UserInfo]:
        """Every user, active or not, by username."""

    def set_role(self, username: str, role: Role) -> None: ...

    def set_active(self, username: str, active: bool) -> None: ...

    def count_active_admins(self) -> int: ...


class SettingsRepository(Protocol):
    """Clinic-wide settings (shared by every seat): JSON values by key."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...


class UnitOfWork(Protocol):
    clients: ClientRepository
    intakes: IntakeRepository
    flags: FlagRepository
    audit: AuditTrail
    reviews: ReviewRepository
    deadlines: DeadlineRepository
    screening_changes: ScreeningChangeLog

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class AdminUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also reaches users, settings and the trail's read side (the
    services for accounts, sessions, settings and audit; the SQL unit of work is one).
    `audit_log` is the same trail as `audit`, typed with its read side."""

    audit_log: AuditLog
    users: UserRepository
    settings: SettingsRepository

    def __enter__(self) -> AdminUnitOfWork: ...


class AdminUnitOfWorkFactory(Protocol):
    def __call__(self) -> AdminUnitOfWork: ...


class EditingMarks(Protocol):
    """Intakes this computer has open for editing, kept outside the store's transactions so that
    a crash or a kill leaves the mark behind: reopening a marked intake tells the user that a
    draft was recovered. A clean close removes the mark."""

    def mark_open(self, intake_id: str) -> None: ...

    def mark_closed(self, intake_id: str) -> None: ...

    def is_marked(self, intake_id: str) -> bool: ...

    def marked(self) -> list[str]:
        """Every intake left open (by a crash), oldest mark first."""


class Screener(Protocol):
    """The policy screening engine as services see it (implemented in `clinic_app.screening`)."""

    def screen(self, document: IntakeDocument, *, as_of: date | None = None,
               lang: str = "en") -> ScreeningResult: ...


class ScreeningStore(Protocol):
    """Stored screenings in bulk, for re-screening every stored intake (db/screening_store.py):
    read and written in batches of plain rows, never as 100,000 ORM objects."""

    def scan(self) -> list[ScreeningState]:
        """The screening bookkeeping of every complete intake (no facts, no flags)."""

    def fingerprints(self, digests: Collection[str]) -> dict[str, PackFingerprint]:
        """The stored pack fingerprints among `digests` (unknown ones are absent)."""

    def flag_rows(self, flag_ids: Collection[str]) -> dict[str, dict[str, Flag]]:
        """intake id -> flag id -> stored row, for every stored row of these flags."""

    def tasks(self, plans: Sequence[RescreenPlan],
              stored: Mapping[str, Mapping[str, Flag]] | None = None) -> list[RescreenTask]:
        """What each plan needs: facts, the stored rows of the flags evaluated (from `stored`
        for partial plans, when given), the not-applicable list and the warnings."""

    def write(self, results: Sequence[RescreenResult], changes: Sequence[ScreeningChange], *,
              pack: RulePackInfo, fingerprint: PackFingerprint,
              label: Sequence[tuple[str, int]] = ()) -> frozenset[str]:
        """Store results in one transaction (only what differs) with their changes, and label
        with `pack` and `fingerprint` the screening of every (intake id, version) of `label`
        that is still the one made from that version (its flags are what the pack gives).
        Returns the intakes skipped because they changed since they were read."""

    def record_run(self, detail: Mapping[str, Any]) -> None:
        """Write one audit event for a whole re-screen run."""

    def changes(self, intake_id: str) -> list[ScreeningChange]:
        """What re-screens changed in the intake's flags, oldest first."""

    def client_names(self, client_ids: Collection[str]) -> dict[str, str]:
        """Display names of these clients (for the changes a re-screen prints)."""

    def after_fork(self) -> None:
        """In a forked worker process: forget the parent's connections (reads open new
        ones), so the two processes never share one."""


class ScreeningChangeLog(Protocol):
    """What re-screens changed, per intake (an attorney review re-opens on it)."""

    def for_intake(self, intake_id: str) -> list[ScreeningChange]:
        """Every stored change of the intake's flags, oldest first."""

    def changed_at(self, intake_id: str) -> dict[str, datetime]:
        """Flag id -> when a re-screen last added, dropped or re-levelled it."""


class RulePackRepository(Protocol):
    """Installed rule packs (verbatim, with their signatures); at most one is active."""

    def active(self) -> InstalledPack | None: ...

    def find(self, pack_id: str, version: str) -> InstalledPack | None: ...

    def install(self, pack: InstalledPack) -> None:
        """Keep `pack` (or the identical one already kept) as the only active pack."""

    def all(self) -> list[InstalledPack]:
        """Every installed pack, newest install first."""


class RulePackUnitOfWork(Protocol):
    rule_packs: RulePackRepository
    settings: SettingsRepository
    audit: AuditTrail

    def __enter__(self) -> RulePackUnitOfWork: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...


class RulePackUnitOfWorkFactory(Protocol):
    def __call__(self) -> RulePackUnitOfWork: ...


class PackVerifier(Protocol):
    """Detached Ed25519 signatures of rule packs (forms/pack_signing.py)."""

    def verify(self, content: bytes, signature: str | None, trusted: Sequence[TrustedKey], *,
               source: str, signature_source: str = "") -> TrustedKey:
        """The trusted key that signed exactly `content`; else PackRefused naming the
        problem (no signature, not a signature file, untrusted key, changed pack, forged)."""

    def parse_public_key(self, text: str) -> TrustedKey:
        """A public key file (`pack keygen`'s .pub) or its base64 text; PackRefused if not."""


class Authenticator(Protocol):
    """Passwords and lockout. Two implementations in `db`: a keyring of wrapped database keys
    beside an encrypted SQLite store, and Argon2id hashes in a PostgreSQL store's users table.

    Usernames are normalized (clinic_app.accounts.normalize_username) before they get here.
    """

    def verify(self, username: str, password: str) -> None:
        """Return if the password is right; else AuthenticationFailed (AccountLocked when
        locked). Counts wrong passwords toward the lockout either way."""

    def set_password(self, username: str, password: str) -> None:
        """Give `username` this password (creating its credential if needed); clears lockout.
        Never re-encrypts the store."""

    def clear_lockout(self, username: str) -> None: ...

    def lockout(self, username: str) -> LockoutState: ...

    def remove(self, username: str) -> None:
        """Delete the credential: the user can no longer sign in."""

    def drain_failed_sign_ins(self) -> list[FailedSignIn]:
        """Refused sign-ins noted while the store was closed, once (then forgotten)."""


class StoreBackup(Protocol):
    """Consistent copies of the open store (encrypted stores stay encrypted)."""

    def backup(self, target: Path) -> list[Path]:
        """Write a checked backup to `target` (plus what is needed to open it, such as the
        keyring); return the files written."""

    def latest_backup(self) -> Path | None: ...


class ClientIndex(Protocol):
    """The client list's read side: search, filters and sort answered by the database's own
    index (db/client_search.py), a page at a time, so 100,000 clients cost what 100 do."""

    def search(self, query: ClientQuery, *, today: date) -> ClientPage:
        """One page of the clients matching `query`, and how many match in all; `today` is
        the day deadlines are counted from."""

    def count(self, query: ClientQuery, *, today: date) -> int:
        """How many clients match `query` (its offset and limit do not matter)."""


class DocumentRenderer(Protocol):
    """The client documents as PDF (forms.pdf: ReportLab with embedded DejaVu fonts)."""

    def intake_summary(self, summary: IntakeSummary) -> RenderedPdf:
        """The case-file summary: identity, timeline, every flag with its reason, facts and
        citations, attorney dispositions, rule pack and as-of date."""

    def client_copy(self, summary: IntakeSummary) -> RenderedPdf:
        """The client's copy in `summary.lang`: plain words, what to bring, next dates."""


class PageRasterizer(Protocol):
    """PDF pages as PNG images, for a print preview and for printing from the GUI."""

    def page_images(self, pdf: bytes, *, dpi: int = 96) -> list[bytes]: ...


class ReportWriter(Protocol):
    """A report as CSV, XLSX or PDF with charts (forms.exports, forms.pdf)."""

    def write(self, report: Report, fmt: ReportFormat) -> bytes: ...


class ReportSource(Protocol):
    """What manager reports count, answered by the database with GROUP BY over indexed columns
    (one row per client: their newest intake, taken in the period), so 100,000 intakes cost
    a few queries, never 100,000 objects."""

    def caseload(self, period: Period) -> CaseloadCounts: ...

    def flag_rows(self, period: Period, *, identified: bool) -> list[FlagRow]:
        """One row per raised flag; names and A-numbers are read only when `identified`."""
