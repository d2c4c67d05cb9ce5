"""Everything one signed-in user may call, as built by the composition root (CLI and GUI)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clinic_app.checklist import Checklist
from clinic_app.security import Actor
from clinic_app.services import StoreInfo
from clinic_app.services.audit import AuditService
from clinic_app.services.backups import BackupService
from clinic_app.services.clients import ClientDirectory
from clinic_app.services.deadlines import DeadlineService
from clinic_app.services.documents import DocumentService
from clinic_app.services.editing import EditingService
from clinic_app.services.intakes import IntakeService
from clinic_app.services.policies import PolicyService
from clinic_app.services.reports import ReportService
from clinic_app.services.reviews import ReviewService
from clinic_app.services.rule_packs import RulePackService
from clinic_app.services.screening import ScreeningService
from clinic_app.services.sessions import SessionService
from clinic_app.services.settings import SettingsService
from clinic_app.services.users import UserService


@dataclass(frozen=True)
class Workspace:
    """The services of one session; each checks `actor`'s permissions itself."""

    actor: Actor
    clients: ClientDirectory
    intakes: IntakeService
    users: UserService
    audit: AuditService
    backups: BackupService
    settings: SettingsService
    session: SessionService
    store: StoreInfo
    # The intake window's use cases and the checklist it renders (None in the CLI).
    editing: EditingService | None = None
    checklist: Checklist | None = None
    # Attorney review, deadlines and the Policies page (issue 5); always set by the root.
    reviews: ReviewService | None = None
    deadlines: DeadlineService | None = None
    policies: PolicyService | None = None
    # Client documents (PDF) and manager reports (issue 6); always set by the root.
    documents: DocumentService | None = None
    reports: ReportService | None = None
    # Re-screening and signed rule packs (issue 3); always set by the root.
    screening: ScreeningService | None = None
    rule_packs: RulePackService | None = None


@dataclass(frozen=True)
class RestoreReport:
    store: Path
    restored_by: str


@dataclass(frozen=True)
class EncryptReport:
    store: Path
    plain_copies: tuple[Path, ...]  # unencrypted files the user should delete once satisfied
