"""Restore a backup into a new folder, and move a plain (unencrypted) store into an encrypted one.

Both build the new store under a hidden temporary name in the target folder, check it
(SQLCipher's page check, SQLite's integrity check, the schema revision), and only then rename
it into place, so a failure never leaves something that looks like a store.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3

from clinic_app.accounts import (
    check_new_password,
    check_username,
    normalize_password,
    normalize_username,
)
from clinic_app.audit_log import AuditAction
from clinic_app.domain import Role
from clinic_app.errors import AuthenticationFailed, StoreError
from clinic_app.security import Actor, Credentials
from clinic_app.services.settings import CLINIC_NAME, STORE_ID
from db import keyring
from db.access import check_file_store
from db.backup import check_copy, copy_file_private
from db.credentials import IN_KEYRING
from db.engine import open_store
from db.location import (
    DB_FILENAME,
    SQLITE_HEADER,
    prepare_sqlite_file,
    resolve_target,
    sqlite_header,
)
from db.migrate import check_revision, ensure_schema
from db.users import SqlUserRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreOutcome:
    store: Path
    keyring: Path
    revision: str | None
    restored_by: str


def restore_store(source: Path, target_dir: Path, credentials: Credentials, *,
                  authorize: Callable[[Actor], None]) -> RestoreOutcome:
    """Restore the backup `source` (with its .keys.json beside it) into `target_dir`.

    The user signs in against the backup itself; `authorize` decides whether that user may
    restore (clinic_app.security: store.restore). Wrong passwords are not counted here: whoever
    holds the backup files can try passwords offline anyway.
    """
    source = source.expanduser().resolve()
    ring_source = keyring.keyring_path(source)
    if not source.is_file():
        raise StoreError(f"there is no backup file at {source}")
    if sqlite_header(source) == SQLITE_HEADER:
        raise StoreError(f"{source} is an unencrypted store, not a Clinic Intake backup")
    ring = keyring.read_keyring(ring_source)
    username = normalize_username(credentials.username)
    entry = ring.entries.get(username)
    key = None
    if entry is not None:
        key = keyring.unwrap_entry(entry, store_id=ring.store_id, username=username,
                                   password=normalize_password(credentials.password))
    if key is None:
        raise AuthenticationFailed(keyring.WRONG_CREDENTIALS)

    target_dir = target_dir.expanduser().resolve()
    target = target_dir / DB_FILENAME
    ring_target = keyring.keyring_path(target)
    if (target.exists() and target.stat().st_size > 0) or ring_target.exists():
        raise StoreError(f"{target_dir} already holds a store; restore into an empty folder")
    staging = target_dir / f".{DB_FILENAME}.restoring"
    prepare_sqlite_file(staging)  # folders 0700
    staging.unlink()
    copy_file_private(source, staging)
    try:
        try:
            check_copy(staging, key=keyring.raw_key(key), name=source)
        except StoreError as err:
            raise StoreError(f"{err}; nothing was restored: try an older backup") from err
        with open_store(path=staging, key=keyring.raw_key(key)) as store:
            revision = check_revision(store)
            with store.uow() as uow:
                if uow.settings.get(STORE_ID) != ring.store_id:
                    raise StoreError(f"the key file {ring_source} belongs to another store")
                user = uow.users.get(username)
            if user is None or not user.active:
                raise AuthenticationFailed(keyring.WRONG_CREDENTIALS)
            authorize(Actor(user.user_id, user.username, user.role, user.display_name))
            with store.uow(user_id=user.user_id) as uow:
                uow.audit.record(AuditAction.STORE_RESTORED, entity="store",
                                 detail={"from": str(source), "revision": revision})
        for entry in ring.entries.values():
            entry["failed_logins"], entry["locked_until"] = 0, None
        ring.pending.clear()
        keyring.create_keyring(ring_target, ring)
        staging.replace(target)
    except BaseException:
        _remove(staging)
        raise
    log.info("restored a backup into %s", target_dir)
    return RestoreOutcome(target, ring_target, revision, user.username)


@dataclass(frozen=True)
class EncryptOutcome:
    store: Path
    keyring: Path
    plain_copies: tuple[Path, ...]  # unencrypted files left behind for the user to delete


def encrypt_store(url: str | None = None, *, data_dir: Path | None = None,
                  admin: Credentials, clinic_name: str = "") -> EncryptOutcome:
    """Move a plain SQLite store into a new encrypted one (sqlcipher_export) with `admin` as
    its first admin; the original is renamed aside, not deleted."""
    target = resolve_target(url, data_dir=data_dir)
    if target.path is None:
        raise StoreError("only a SQLite store file can be encrypted")
    path = target.path
    username = check_username(admin.username)
    password = check_new_password(admin.password)
    ring_path = keyring.keyring_path(path)
    if not path.is_file() or sqlite_header(path) != SQLITE_HEADER:
        check_file_store(path)  # explains "no store yet"
        raise StoreError(f"the store at {path} is already encrypted")
    if ring_path.exists():
        raise StoreError(f"a key file already exists at {ring_path}; move it away first")
    with open_store(path=path) as original:
        ensure_schema(original)

    key, store_id = keyring.new_database_key(), uuid.uuid4().hex
    staging = path.with_name(f".{path.name}.encrypting")
    _remove(staging)
    try:
        _export_encrypted(path, staging, keyring.raw_key(key))
        check_copy(staging, key=keyring.raw_key(key))
        with open_store(path=staging, key=keyring.raw_key(key)) as store:
            with store.uow() as uow:
                users = SqlUserRepository(uow.session)
                existing = users.get(username)
                if existing is None:
                    user_id = users.add(username, "", Role.ADMIN, password_hash=IN_KEYRING)
                else:
                    user_id = existing.user_id
                    users.set_role(username, Role.ADMIN)
                    users.set_active(username, True)
                uow.settings.set(STORE_ID, store_id)
                name = " ".join(clinic_name.split())
                if name or uow.settings.get(CLINIC_NAME) is None:
                    uow.settings.set(CLINIC_NAME, name)
            with store.uow(user_id=user_id) as uow:
                uow.audit.record(AuditAction.STORE_ENCRYPTED, entity="store",
                                 detail={"admin": username})
        ring = keyring.Keyring(store_id)
        ring.entries[username] = keyring.wrap_entry(key, store_id=store_id, username=username,
                                                    password=password)
        keyring.create_keyring(ring_path, ring)
    except BaseException:
        _remove(staging)
        raise
    aside = path.with_name(f"{path.name}.unencrypted-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    path.replace(aside)
    staging.replace(path)
    left = [aside] + [p for p in sorted(path.parent.glob(f"{path.name}.bak-*"))
                       if not p.name.endswith(".keys.json") and sqlite_header(p) == SQLITE_HEADER]
    log.info("encrypted the store at %s", path)
    return EncryptOutcome(path, ring_path, tuple(left))


def _export_encrypted(plain: Path, target: Path, key: str) -> None:
    """sqlcipher_export: copy schema and data of a plain database into a new encrypted file."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    conn = sqlcipher3.connect(str(plain), isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), key))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("DETACH DATABASE encrypted")
    except sqlcipher3.DatabaseError as err:
        raise StoreError(f"cannot encrypt the store at {plain}: {err}") from err
    finally:
        conn.close()


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
