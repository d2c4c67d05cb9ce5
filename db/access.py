"""Getting into a store: set one up, or sign in to one, and come back with the acting user.

An embedded SQLite store is always encrypted (SQLCipher, raw 32-byte key) and its key is
unwrapped from the keyring with the user's password; a plain SQLite file is refused. A
PostgreSQL store is opened first and the password checked against the users table. Either way
the store is checked (PRAGMA quick_check), brought to the current schema, and the sign-in is
written to the audit trail together with any refusals noted while the store was closed.

Messages keep three cases apart: a wrong username or password (AuthenticationFailed, counted
toward lockout), a damaged store (StoreDamaged, naming the file and the newest backup), and
anything else about the location (StoreError).
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from clinic_app.accounts import (
    check_new_password,
    check_username,
    normalize_password,
    normalize_username,
)
from clinic_app.audit_log import AuditAction
from clinic_app.domain import Role
from clinic_app.errors import (
    AuthenticationFailed,
    NoStore,
    StoreDamaged,
    StoreError,
    StoreLockedOrWrongKey,
    UnencryptedStore,
)
from clinic_app.ports import StoreBackup
from clinic_app.security import Actor, Credentials
from clinic_app.services.sessions import record_failed_sign_ins
from clinic_app.services.settings import CLINIC_NAME, STORE_ID
from db import keyring
from db.audit import Anchor, anchor_holds, chain_head
from db.backup import backup_store, latest_backup
from db.credentials import IN_KEYRING, KeyringAuthenticator, TableAuthenticator
from db.engine import Store, open_store
from db.location import SQLITE_HEADER, StoreTarget, resolve_target, sqlite_header
from db.migrate import ensure_schema
from db.users import SqlUserRepository

log = logging.getLogger(__name__)

ANCHOR = "audit_anchor"
LAST_BACKUP = "last_backup"


@dataclass(eq=False)
class OpenedStore:
    """A store opened for one signed-in user, with that store's kind of credentials."""

    store: Store
    actor: Actor
    authenticator: KeyringAuthenticator | TableAuthenticator
    closed: bool = False

    @property
    def backups(self) -> StoreBackup:
        return StoreBackups(self)

    def close(self) -> None:
        """Remember the audit chain's head outside the store, then close every connection
        (once; later calls do nothing)."""
        if self.closed:
            return
        self.closed = True
        try:
            if isinstance(self.authenticator, KeyringAuthenticator):
                _set_anchor(self.store, self.authenticator)
        except (StoreError, SQLAlchemyError) as err:
            log.warning("could not record the audit anchor: %s", type(err).__name__)
        finally:
            self.store.close()


class StoreBackups:
    """clinic_app.ports.StoreBackup for an opened store."""

    def __init__(self, opened: OpenedStore) -> None:
        self._opened = opened

    def backup(self, target: Path) -> list[Path]:
        files = backup_store(self._opened.store, target)
        auth = self._opened.authenticator
        if isinstance(auth, KeyringAuthenticator):
            auth.set_meta(LAST_BACKUP, str(files[0].resolve()))
        return files

    def latest_backup(self) -> Path | None:
        path = self._opened.store.path
        return newest_backup(path) if path is not None else None


def newest_backup(db_path: Path) -> Path | None:
    """The newest backup of the store at `db_path` (recorded in its keyring, or beside it)."""
    recorded = None
    try:
        value = keyring.read_keyring(keyring.keyring_path(db_path)).meta.get(LAST_BACKUP)
        recorded = value if isinstance(value, str) else None
    except StoreError:
        pass
    return latest_backup(db_path, recorded)


def store_exists(url: str | None = None, *, data_dir: Path | None = None) -> bool:
    """Whether anything was set up at this location (else: first run)."""
    target = resolve_target(url, data_dir=data_dir)
    if target.kind == "postgresql":
        with open_store(url) as store:
            ensure_schema(store)
            with store.uow() as uow:
                return SqlUserRepository(uow.session).count() > 0
    path = _file(target)
    return _has_content(path) or keyring.keyring_path(path).exists()


def create(url: str | None = None, *, data_dir: Path | None = None, clinic_name: str,
           admin: Credentials, display_name: str = "") -> OpenedStore:
    """Set up a new store with its clinic name and first admin, signed in as that admin."""
    name = " ".join(clinic_name.split())
    if not name:
        raise StoreError("the clinic name is empty")
    username = check_username(admin.username)
    password = check_new_password(admin.password)
    target = resolve_target(url, data_dir=data_dir)
    if target.kind == "postgresql":
        return _create_server(url, name, username, password, display_name)
    return _create_file(_file(target), name, username, password, display_name)


def _create_file(path: Path, clinic: str, username: str, password: str,
                 display_name: str) -> OpenedStore:
    ring_path = keyring.keyring_path(path)
    if _has_content(path) or ring_path.exists():
        raise StoreError(f"there is already a store at {path}; sign in to it, or choose "
                         "another folder with --data-dir")
    key, store_id = keyring.new_database_key(), uuid.uuid4().hex
    store = open_store(path=path, key=keyring.raw_key(key))
    try:
        ensure_schema(store)
        with store.uow() as uow:
            users = SqlUserRepository(uow.session)
            user_id = users.add(username, " ".join(display_name.split()), Role.ADMIN,
                                password_hash=IN_KEYRING)
            uow.settings.set(CLINIC_NAME, clinic)
            uow.settings.set(STORE_ID, store_id)
        ring = keyring.Keyring(store_id)
        ring.entries[username] = keyring.wrap_entry(key, store_id=store_id, username=username,
                                                    password=password)
        keyring.create_keyring(ring_path, ring)
    except BaseException:
        store.close()
        for leftover in (path, path.with_name(path.name + "-wal"),
                         path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    auth = KeyringAuthenticator(ring_path, store_id=store_id, key=key)
    try:
        return _begin(store, auth, user_id, created=True)
    except BaseException:
        store.close()
        raise


def _create_server(url: str | None, clinic: str, username: str, password: str,
                   display_name: str) -> OpenedStore:
    store = open_store(url)
    try:
        ensure_schema(store)
        with store.uow() as uow:
            users = SqlUserRepository(uow.session)
            if users.count():
                raise StoreError(f"the database at {store.location} already has users; sign in")
            user_id = users.add(username, " ".join(display_name.split()), Role.ADMIN)
            uow.settings.set(CLINIC_NAME, clinic)
            uow.settings.set(STORE_ID, uuid.uuid4().hex)
        server_auth = TableAuthenticator(store)
        server_auth.set_password(username, password)
        return _begin(store, server_auth, user_id, created=True)
    except BaseException:
        store.close()
        raise


def sign_in(url: str | None = None, *, data_dir: Path | None = None,
            credentials: Credentials) -> OpenedStore:
    """Open the store for this user, or raise (see the module docstring for the three cases)."""
    username = normalize_username(credentials.username)
    password = normalize_password(credentials.password)
    target = resolve_target(url, data_dir=data_dir)
    if target.kind == "postgresql":
        return _sign_in_server(url, username, password)
    return _sign_in_file(_file(target), username, password)


def _sign_in_file(path: Path, username: str, password: str) -> OpenedStore:
    ring_path = keyring.keyring_path(path)
    check_file_store(path)
    key, store_id = keyring.unlock(ring_path, username, password)
    store = open_checked(path, key)
    try:
        auth = KeyringAuthenticator(ring_path, store_id=store_id, key=key)
        with store.uow() as uow:
            if uow.settings.get(STORE_ID) != store_id:
                raise StoreError(f"the key file {ring_path} belongs to another store than "
                                 f"{path}; put back the key file that was made with it")
            user = uow.users.get(username)
            if user is None or not user.active:
                uow.audit.record(AuditAction.LOGIN_FAILED, entity="user", entity_id=username,
                                 detail={"username": username, "reason": "removed user"})
                user_id = None
            else:
                user_id = user.user_id
        if user_id is None:
            raise AuthenticationFailed(keyring.WRONG_CREDENTIALS)
        return _begin(store, auth, user_id)
    except BaseException:
        store.close()
        raise


def _sign_in_server(url: str | None, username: str, password: str) -> OpenedStore:
    store = open_store(url)
    try:
        ensure_schema(store)
        auth = TableAuthenticator(store)
        auth.verify(username, password)
        with store.uow() as uow:
            user = uow.users.get(username)
        assert user is not None  # verify() refuses unknown and removed users
        return _begin(store, auth, user.user_id)
    except BaseException:
        store.close()
        raise


def _begin(store: Store, auth: KeyringAuthenticator | TableAuthenticator, user_id: str, *,
           created: bool = False) -> OpenedStore:
    """Write the sign-in (and earlier refusals) to the trail; anchor the chain's head."""
    if isinstance(auth, KeyringAuthenticator):
        ring_path = auth.path
        store = dataclasses.replace(store, audit_anchor=lambda: _read_anchor(ring_path))
    failures = auth.drain_failed_sign_ins()
    if failures:  # attributed to nobody: whoever typed them did not sign in
        with store.uow() as uow:
            record_failed_sign_ins(uow.audit, failures)
    with store.uow(user_id=user_id) as uow:
        user = SqlUserRepository(uow.session).get_by_id(user_id)
        assert user is not None
        if created:
            uow.audit.record(AuditAction.STORE_CREATED, entity="store",
                             detail={"kind": "sqlcipher" if store.encrypted else store.kind})
            uow.audit.record(AuditAction.USER_ADDED, entity="user", entity_id=user_id,
                             detail={"username": user.username, "role": user.role.value})
        uow.audit.record(AuditAction.LOGIN_SUCCEEDED, entity="user", entity_id=user_id,
                         detail={"username": user.username})
    actor = Actor(user.user_id, user.username, user.role, user.display_name)
    opened = OpenedStore(store, actor, auth)
    if isinstance(auth, KeyringAuthenticator):
        _set_anchor(store, auth)
    log.info("user %s signed in", user_id)
    return opened


def _set_anchor(store: Store, auth: KeyringAuthenticator) -> None:
    """Move the anchor to the current head, unless the old anchor no longer holds (then the
    evidence of a cut chain is kept for `audit verify`)."""
    assert store.path is not None
    old = _read_anchor(keyring.keyring_path(store.path))
    with store.uow() as uow:
        if not anchor_holds(uow.session, old):
            log.warning("the audit trail's last known event is missing or changed")
            return
        head = chain_head(uow.session)
    if head is not None:
        auth.set_meta(ANCHOR, {"id": head.event_id, "hash": head.hash})


def _read_anchor(ring_path: Path) -> Anchor | None:
    value = keyring.read_keyring(ring_path).meta.get(ANCHOR)
    if isinstance(value, dict) and isinstance(value.get("id"), int) and \
            isinstance(value.get("hash"), str):
        return Anchor(value["id"], value["hash"])
    return None


def check_file_store(path: Path) -> None:
    """Refuse early what cannot be signed into: no store yet, a lost file, a plain file."""
    ring_path = keyring.keyring_path(path)
    if not _has_content(path):
        if ring_path.exists():
            backup = newest_backup(path)
            raise StoreError(f"the store file {path} is missing (its key file is there). "
                             + restore_hint(backup))
        raise NoStore(f"there is no store at {path} yet: set one up with `clinic-intake init "
                      "--clinic NAME --admin USERNAME`, or start the app")
    if sqlite_header(path) == SQLITE_HEADER:
        raise UnencryptedStore(
            f"the store at {path} is not encrypted, and Clinic Intake no longer opens "
            "unencrypted stores. Move it into an encrypted store with `clinic-intake encrypt "
            "--admin USERNAME` (the original is kept aside until you delete it)")


def open_checked(path: Path, key: bytes) -> Store:
    """Open an encrypted store whose key is known to be right: failures now mean damage."""
    try:
        store = open_store(path=path, key=keyring.raw_key(key))
    except (StoreLockedOrWrongKey, StoreDamaged) as err:
        raise damaged(path) from err
    try:
        quick_check(store)
        ensure_schema(store)
    except StoreDamaged as err:
        store.close()
        raise damaged(path) from err
    except BaseException:
        store.close()
        raise
    return store


def quick_check(store: Store) -> None:
    """PRAGMA quick_check (every page read, so SQLCipher checks every page's HMAC)."""
    assert store.path is not None
    try:
        with store.engine.connect() as conn:
            result = conn.exec_driver_sql("PRAGMA quick_check").fetchall()
    except DBAPIError as err:
        raise damaged(store.path) from err
    if [tuple(r) for r in result] != [("ok",)]:
        raise damaged(store.path)


def damaged(path: Path) -> StoreDamaged:
    backup = newest_backup(path)
    return StoreDamaged(f"the store at {path} is damaged: the password was right but the file "
                        "does not pass its integrity check. " + restore_hint(backup),
                        path=str(path), backup=str(backup) if backup else None)


def restore_hint(backup: Path | None) -> str:
    if backup is not None:
        return (f"Restore the newest backup, {backup}, into a new folder: "
                f"`clinic-intake restore {backup} --data-dir NEW-FOLDER`, then start Clinic "
                "Intake with --data-dir NEW-FOLDER. Keep the damaged file for now")
    return ("No backup was found beside it; restore your newest backup with `clinic-intake "
            "restore BACKUP-FILE --data-dir NEW-FOLDER`, then start Clinic Intake with "
            "--data-dir NEW-FOLDER. Keep the damaged file for now")


def _file(target: StoreTarget) -> Path:
    if target.path is None:
        raise StoreError("an in-memory database cannot hold a clinic's store; give a file "
                         "path or a PostgreSQL address")
    return target.path


def _has_content(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False
