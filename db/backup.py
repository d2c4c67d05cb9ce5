"""Copies of a SQLite store taken through SQLite itself, so committed WAL content is included
and an encrypted store's copy stays encrypted with the same key (VACUUM INTO).

An encrypted store's copy is useless without its keyring, so every copy gets one beside it
(`backup.db` + `backup.keys.json`): a restore then opens with the users' own passwords.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from clinic_app.errors import StoreError
from db.engine import Store
from db.keyring import keyring_path, read_keyring, write_keyring

log = logging.getLogger(__name__)

BACKUP_GLOB = "*.bak-*"


def backup_path(path: Path, at: datetime) -> Path:
    """`clinic.db.bak-20260701T143000Z` next to the store (`-2`, `-3` ... within one second)."""
    base = f"{path.name}.bak-{at.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    candidate, n = path.with_name(base), 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{base}-{n}")
    return candidate


def snapshot(store: Store, target: Path) -> None:
    """Write a consistent copy of the store to a new file `target` (mode 0600)."""
    if store.kind != "sqlite" or store.path is None:
        raise StoreError("only a SQLite store file can be copied this way")
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except OSError as err:
        raise StoreError(f"cannot create the backup {target}: {err.strerror or err}") from err
    raw = store.engine.raw_connection()
    try:
        # The driver connection is in autocommit mode (engine.py), as VACUUM requires.
        raw.driver_connection.execute("VACUUM INTO ?", (str(target),))  # type: ignore[union-attr]
    except Exception as err:
        target.unlink(missing_ok=True)
        raise StoreError(f"cannot back up the store to {target}: {err}") from err
    finally:
        raw.close()


def copy_keyring(store: Store, target: Path) -> Path | None:
    """Put the store's keyring beside the copy `target`, without lockout state or pending
    refusals (those belong to the live store). None if the store has no keyring."""
    if store.path is None or not keyring_path(store.path).exists():
        return None
    ring = read_keyring(keyring_path(store.path))
    for entry in ring.entries.values():
        entry["failed_logins"], entry["locked_until"] = 0, None
    ring.pending.clear()
    ring.meta.pop("last_backup", None)
    destination = keyring_path(target)
    write_keyring(destination, ring)
    return destination


def backup_store(store: Store, target: Path) -> list[Path]:
    """A checked backup at `target` (a file, or a folder to put a dated one in) plus its keyring.

    Runs while the app is in use (VACUUM INTO reads one consistent snapshot). The copy is written
    under a temporary name, opened and checked (integrity, and the key for an encrypted store),
    then renamed into place: a half-written backup never carries a backup's name.
    """
    if store.kind != "sqlite" or store.path is None:
        raise StoreError("a PostgreSQL store is backed up on its server (pg_dump)")
    if target.is_dir():
        target = target / f"clinic-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.db"
    if target.exists() or keyring_path(target).exists():
        raise StoreError(f"{target} already exists; choose a new name for the backup")
    if not target.parent.is_dir():
        raise StoreError(f"the folder {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    snapshot(store, partial)
    try:
        check_copy(partial, key=store_key(store))
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    files = [target]
    ring = copy_keyring(store, target)
    if ring is not None:
        files.append(ring)
    log.info("backed up the store to %s", target)
    return files


def store_key(store: Store) -> str | None:
    """The SQLCipher key an encrypted store was opened with (kept in its engine's URL)."""
    return store.engine.url.password if store.encrypted else None


def check_copy(path: Path, *, key: str | None, name: Path | None = None) -> None:
    """Open a copy and run SQLCipher's page check (encrypted) and SQLite's integrity check.

    `name` is the file the messages speak of (the backup, when `path` is a working copy)."""
    name = name or path
    drivername = "sqlite+pysqlcipher" if key is not None else "sqlite"
    engine = create_engine(URL.create(drivername, password=key, database=str(path)))
    try:
        with engine.connect() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            if key is not None:
                driver.execute("pragma cipher_log_level = NONE")
                problems = conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()
                if problems:
                    raise StoreError(f"{name} is damaged: it fails its page check "
                                     f"({problems[0][0]})")
            result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            if result != "ok":
                raise StoreError(f"{name} is damaged: it fails its integrity check ({result})")
    except SQLAlchemyError as err:
        raise StoreError(f"{name} cannot be read: it is damaged or was made with another "
                         "key") from err
    finally:
        engine.dispose()


def backup_before_migration(store: Store) -> Path | None:
    """Copy a SQLite store next to itself before its schema changes; None for PostgreSQL, whose
    backups are the server's job (pg_dump), and for in-memory stores."""
    if store.kind != "sqlite" or store.path is None:
        return None
    target = backup_path(store.path, datetime.now(UTC))
    snapshot(store, target)
    copy_keyring(store, target)
    log.info("backed up the store to %s before upgrading it", target)
    return target


def latest_backup(store_path: Path, recorded: str | None = None) -> Path | None:
    """The newest backup known for the store at `store_path`: the one recorded at the last
    `backup` (if still there) or a migration copy beside the store, by modification time."""
    candidates = [p for p in store_path.parent.glob(f"{store_path.name}{BACKUP_GLOB[1:]}")
                  if not p.name.endswith(".keys.json")]
    if recorded:
        candidates.append(Path(recorded))
    existing = [p for p in candidates if p.is_file()]
    return max(existing, key=lambda p: p.stat().st_mtime, default=None)


def copy_file_private(source: Path, target: Path) -> None:
    """Copy bytes into a new 0600 file (never over an existing one)."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
    except OSError as err:
        raise StoreError(f"cannot copy {source} to {target}: {err.strerror or err}") from err

