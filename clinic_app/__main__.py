"""Composition root: the only module that wires every layer (store, rule pack, GUI) together.

Heavy layers are imported inside the functions that need them, so `clinic-intake screen` starts
without SQLAlchemy and `clinic-intake list` without Qt.
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_app import __version__
from clinic_app.checklist import Checklist
from clinic_app.cli import PASSWORD_ENV, USER_ENV, run
from clinic_app.errors import ClinicError
from clinic_app.ports import Screener
from clinic_app.rule_packs import PackStatus
from clinic_app.screening.engine import ScreeningEngine
from clinic_app.security import Actor, Credentials, Permission, require
from clinic_app.services import AppServices, FirstRunSetup, StoreInfo
from clinic_app.services.audit import AuditService
from clinic_app.services.backups import BackupService
from clinic_app.services.clients import ClientDirectory
from clinic_app.services.deadlines import DeadlineService
from clinic_app.services.documents import DocumentService
from clinic_app.services.editing import EditingService
from clinic_app.services.intakes import IntakeService
from clinic_app.services.policies import PolicyService
from clinic_app.services.reports import ReportService
from clinic_app.services.reviews import ReviewService, reopen_after_rescreen
from clinic_app.services.rule_packs import RulePackService, VerifiedPack, verify_pack
from clinic_app.services.screening import ScreeningService
from clinic_app.services.sessions import SessionService
from clinic_app.services.settings import SettingsService
from clinic_app.services.users import UserService
from clinic_app.services.workspace import EncryptReport, RestoreReport, Workspace

if TYPE_CHECKING:
    from db.access import OpenedStore
    from db.engine import Store

log = logging.getLogger(__name__)


def load_screener(pack: Path | None = None) -> Screener:
    """The screening engine over the given rule pack, or the installed default pack."""
    from clinic_app.screening.engine import ScreeningEngine
    from forms.rule_pack_loader import default_pack_path, load_rule_pack

    return ScreeningEngine(load_rule_pack(pack or default_pack_path()))


def bundled_pack_text() -> tuple[str, str]:
    """(text, path) of the rule pack shipped inside the application: trusted as part of the
    application itself, so it carries no signature (docs/rules.md, "Signed packs")."""
    from forms.rule_pack_loader import default_pack_path

    path = default_pack_path()
    return path.read_text(encoding="utf-8"), str(path)


@functools.lru_cache(maxsize=1)
def _bundled_engine() -> ScreeningEngine:
    from clinic_app.screening.engine import ScreeningEngine
    from forms.rule_pack_loader import parse_rule_pack

    return ScreeningEngine(parse_rule_pack(*bundled_pack_text()))


def rule_pack_service(store: Store, actor: Actor) -> RulePackService:
    """Installing and trusting signed rule packs (forms.pack_signing, db.rule_packs)."""
    from db.rule_packs import SqlRulePackUnitOfWork
    from forms.pack_signing import Ed25519PackVerifier
    from forms.rule_pack_loader import parse_rule_pack

    return RulePackService(functools.partial(SqlRulePackUnitOfWork, store, user_id=actor.user_id),
                           actor=actor, verifier=Ed25519PackVerifier(),
                           compile_pack=parse_rule_pack, bundled=_bundled_engine().pack_info)


def load_store_screener(opened: OpenedStore) -> tuple[ScreeningEngine, PackStatus,
                                                      tuple[str, str]]:
    """The engine over the store's installed pack, verified again (else the bundled pack, and
    a warning said loudly: stderr, the log and the status bar), its status and its text."""
    from clinic_app.screening.engine import ScreeningEngine

    verified, status = rule_pack_service(opened.store, opened.actor).in_force()
    if status.warning:
        log.warning("rule pack: %s", status.warning)
        print(f"clinic-intake: WARNING: {status.warning}", file=sys.stderr)
    if verified is not None:
        return ScreeningEngine(verified.pack), status, (verified.text, verified.source)
    return _bundled_engine(), status, bundled_pack_text()


def screening_service(opened: OpenedStore, engine: ScreeningEngine,
                      pack_text: tuple[str, str] | None) -> ScreeningService:
    """Re-screening the stored intakes (db.screening_store), on every core."""
    from db.screening_store import SqlScreeningStore
    from forms.rule_pack_loader import parse_rule_pack

    store = opened.store
    uow = functools.partial(store.uow, user_id=opened.actor.user_id)
    return ScreeningService(SqlScreeningStore(store.sessions, location=store.location,
                                              user_id=opened.actor.user_id),
                            engine, actor=opened.actor, compile_pack=parse_rule_pack,
                            pack_text=pack_text,
                            on_changes=functools.partial(reopen_after_rescreen, uow))


class PackTools:
    """cli_packs.PackTools over forms.pack_signing (publishers' commands; no store)."""

    def generate_key(self, out_dir: Path, name: str) -> tuple[Path, Path, str]:
        from forms.pack_signing import generate_key

        return generate_key(out_dir, name)

    def sign(self, pack: Path, key: Path, out: Path | None) -> Path:
        from forms.pack_signing import sign_pack

        return sign_pack(pack, key, out)

    def verify_with_key(self, content: bytes, signature: str | None, key_text: str, *,
                        source: str, signature_source: str) -> VerifiedPack:
        from forms.pack_signing import Ed25519PackVerifier, parse_public_key
        from forms.rule_pack_loader import parse_rule_pack

        return verify_pack(Ed25519PackVerifier(), parse_rule_pack, content, signature,
                           [parse_public_key(key_text)], source=source,
                           signature_source=signature_source)


def store_info(store: Store) -> StoreInfo:
    kind = "sqlcipher" if store.encrypted else store.kind
    return StoreInfo(location=store.location, kind=kind, data_dir=str(store.data_dir or ""))


def sample_files() -> list[Path]:
    """The fictional sample clients shipped in forms/samples (for "try with sample clients")."""
    folder = Path(str(resources.files("forms") / "samples"))
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def load_checklist_model() -> Checklist:
    """The intake checklist the window renders (forms/checklists, newest version)."""
    from forms.checklist_loader import default_checklist_path, load_checklist

    return load_checklist(default_checklist_path())


def build_workspace(opened: OpenedStore, screener: Screener | None,
                    checklist: Checklist | None = None, *,
                    pack_text: tuple[str, str] | None = None) -> Workspace:
    """Every service, acting for the signed-in user; the audit trail names that user."""
    from db.client_search import SqlClientIndex
    from db.editing_marks import FileEditingMarks
    from db.location import default_data_dir

    actor = opened.actor
    store = opened.store
    uow = functools.partial(store.uow, user_id=actor.user_id)
    editing = None
    if checklist is not None:
        # Crash marks live beside the store file (per computer for a server store).
        marks = FileEditingMarks.beside(store.data_dir or default_data_dir())
        editing = EditingService(uow, checklist, screener, actor=actor, marks=marks)
    documents, reports = document_services(store, screener, actor)
    return Workspace(
        actor=actor,
        clients=ClientDirectory(SqlClientIndex(store.sessions, location=store.location),
                                actor=actor),
        intakes=IntakeService(uow, screener, actor=actor),
        users=UserService(uow, opened.authenticator, actor=actor),
        audit=AuditService(uow, actor=actor),
        backups=BackupService(uow, opened.backups, actor=actor),
        settings=SettingsService(uow, actor=actor),
        session=SessionService(uow, opened.authenticator, actor=actor, on_close=opened.close),
        store=store_info(opened.store), editing=editing, checklist=checklist,
        reviews=ReviewService(uow, actor=actor), deadlines=DeadlineService(uow, actor=actor),
        policies=PolicyService(uow, getattr(screener, "pack", None), actor=actor),
        documents=documents, reports=reports,
        screening=screening_service(opened, screener, pack_text)
        if isinstance(screener, ScreeningEngine) else None,
        rule_packs=rule_pack_service(store, actor))


def document_services(store: Store, screener: Screener | None,
                      actor: Actor) -> tuple[DocumentService, ReportService]:
    """PDFs (forms.pdf, DejaVu embedded), their preview images and the manager reports."""
    from db.reports import SqlReportSource
    from forms.exports import ReportFiles
    from forms.pdf import PdfDocuments
    from forms.pdf.raster import default_rasterizer

    uow = functools.partial(store.uow, user_id=actor.user_id)
    return (DocumentService(uow, PdfDocuments(), actor=actor, screener=screener,
                            rasterizer=default_rasterizer()),
            ReportService(uow, SqlReportSource(store.sessions, location=store.location),
                          ReportFiles(), actor=actor))


def app_services(workspace: Workspace, rule_pack_version: str = "") -> AppServices:
    """What the GUI gets: the client list and import now, the session and (admins) the audit."""
    actor = workspace.actor
    return AppServices(
        clients=workspace.clients, importer=workspace.intakes, store=workspace.store,
        version=__version__, rule_pack_version=rule_pack_version,
        extras={"workspace": workspace}, session=workspace.session,
        audit=workspace.audit if actor.can(Permission.AUDIT_VIEW) else None,
        editing=workspace.editing, checklist=workspace.checklist,
        reviews=workspace.reviews, deadlines=workspace.deadlines, policies=workspace.policies,
        documents=workspace.documents,
        reports=workspace.reports if actor.can(Permission.REPORT_RUN) else None)


def build_services(db_url: str | None = None, data_dir: Path | None = None, *,
                   credentials: Credentials | None = None) -> AppServices:
    """Everything the GUI needs over a real store, signed in with `credentials` (default:
    $CLINIC_INTAKE_USER and $CLINIC_INTAKE_PASSWORD); used by scripts/screenshot.py."""
    import os

    if credentials is None:
        user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
        if not user or password is None:
            raise ClinicError(f"set {USER_ENV} and {PASSWORD_ENV} to open a real store")
        credentials = Credentials(user, password)
    composition = Composition()
    args = argparse.Namespace(db=db_url, data_dir=data_dir, pack=None)
    return composition.gate(args).sign_in(credentials)


class Composition:
    """The cli's Runtime: opens the store (signed in) and the rule pack once, when asked.

    `process=True` (the real entry points, not tests) also sets up the log file and the
    private temp folder.
    """

    def __init__(self, *, process: bool = False) -> None:
        self._opened: OpenedStore | None = None
        self._screener: Screener | None = None
        self._checklist: Checklist | None = None
        self._pack_status: PackStatus | None = None
        self._pack_text: tuple[str, str] | None = None
        self._process = process

    def _prepare_process(self) -> None:
        if self._process:
            from clinic_app.logging_setup import configure_logging
            from clinic_app.tempfiles import use_for_all_temporary_files

            configure_logging()
            use_for_all_temporary_files()
            self._process = False

    def screener(self, args: argparse.Namespace) -> Screener:
        if self._screener is None:
            self._screener = load_screener(getattr(args, "pack", None))
        return self._screener

    def checklist(self) -> Checklist:
        if self._checklist is None:
            self._checklist = load_checklist_model()
        return self._checklist

    def _workspace(self, opened: OpenedStore, args: argparse.Namespace) -> Workspace:
        self.close()
        self._opened = opened
        # A signed-in store screens with its installed pack (checked again) or the bundled one.
        self._screener, self._pack_status, self._pack_text = load_store_screener(opened)
        return build_workspace(opened, self._screener, self.checklist(),
                               pack_text=self._pack_text)

    def pack_label(self) -> str:
        """The pack in force for the status bar, with the warning when an installed pack was
        refused."""
        status = self._pack_status
        if status is None:
            info = getattr(self._screener, "pack_info", None)
            return f"{info.id} {info.version}" if info else ""
        if status.warning:
            return f"{status.label} (bundled) — WARNING: {status.warning}"
        return status.label

    def pack_tools(self) -> PackTools:
        return PackTools()

    def workspace(self, args: argparse.Namespace, credentials: Credentials) -> Workspace:
        from db.access import sign_in

        self._prepare_process()
        opened = sign_in(args.db, data_dir=args.data_dir, credentials=credentials)
        return self._workspace(opened, args)

    def initialize(self, args: argparse.Namespace, setup: FirstRunSetup) -> Workspace:
        from db.access import create

        self._prepare_process()
        opened = create(args.db, data_dir=args.data_dir, clinic_name=setup.clinic_name,
                        admin=setup.admin, display_name=setup.display_name)
        workspace = self._workspace(opened, args)
        if setup.load_samples:
            workspace.intakes.import_files(sample_files())
        return workspace

    def restore(self, args: argparse.Namespace, source: Path, target_dir: Path,
                credentials: Credentials) -> RestoreReport:
        from db.restore import restore_store

        def authorize(actor: Actor) -> None:
            require(actor, Permission.STORE_RESTORE)

        self._prepare_process()
        outcome = restore_store(source, target_dir, credentials, authorize=authorize)
        return RestoreReport(outcome.store, outcome.restored_by)

    def encrypt(self, args: argparse.Namespace, admin: Credentials,
                clinic_name: str) -> EncryptReport:
        from db.restore import encrypt_store

        self._prepare_process()
        outcome = encrypt_store(args.db, data_dir=args.data_dir, admin=admin,
                                clinic_name=clinic_name)
        return EncryptReport(outcome.store, outcome.plain_copies)

    def close(self) -> None:
        if self._opened is not None:
            opened, self._opened = self._opened, None
            opened.close()

    def gate(self, args: argparse.Namespace) -> StoreGate:
        return StoreGate(self, args)

    def gui(self, args: argparse.Namespace) -> int:
        from db.location import resolve_target
        from ui.app import run_signed_in

        self._prepare_process()
        try:
            where = resolve_target(args.db, data_dir=args.data_dir).display
        except ClinicError:
            where = ""
        return run_signed_in(self.gate(args), hint=_store_hint(args), location=where,
                             version=__version__)


def _store_hint(args: argparse.Namespace) -> str:
    if args.db:
        return "Check the database address given with --db or CLINIC_INTAKE_DB."
    return ("Check that the data folder exists, is writable and holds a Clinic Intake store, "
            "or start with --data-dir pointing at another folder.")


class StoreGate:
    """clinic_app.services.SignInGate over the store the arguments point at."""

    def __init__(self, composition: Composition, args: argparse.Namespace) -> None:
        self._composition = composition
        self._args = args

    def needs_setup(self) -> bool:
        from db.access import store_exists

        return not store_exists(self._args.db, data_dir=self._args.data_dir)

    def samples_available(self) -> bool:
        return bool(sample_files())

    def set_up(self, setup: FirstRunSetup) -> AppServices:
        return self._services(self._composition.initialize(self._args, setup))

    def sign_in(self, credentials: Credentials) -> AppServices:
        return self._services(self._composition.workspace(self._args, credentials))

    def _services(self, workspace: Workspace) -> AppServices:
        return app_services(workspace, self._composition.pack_label())


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv, Composition(process=True))


def gui_main() -> int:
    """Entry point of the gui-script: store options may precede the implied `gui` command."""
    return run([*sys.argv[1:], "gui"], Composition(process=True))


if __name__ == "__main__":
    sys.exit(main())
