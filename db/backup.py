"""Copies of a SQLite store taken through SQLite itself, so committed WAL content is included
and an encrypted store's copy stays encrypted with the same key (VACUUM INTO).
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from clinic_app.errors import StoreError
from db.engine import Store

log = logging.getLogger(__name__)


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


def backup_before_migration(store: Store) -> Path | None:
    """Copy a SQLite store next to itself before its schema changes; None for PostgreSQL, whose
    backups are the server's job (pg_dump), and for in-memory stores."""
    if store.kind != "sqlite" or store.path is None:
        return None
    target = backup_path(store.path, datetime.now(UTC))
    snapshot(store, target)
    log.info("backed up the store to %s before upgrading it", target)
    return target
