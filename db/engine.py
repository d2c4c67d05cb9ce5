"""Opening a store: the one function through which every engine is made (SQLite, SQLCipher,
PostgreSQL), so PRAGMAs, keys and error messages are the same everywhere.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from clinic_app.errors import StoreError
from db.audit import AnchorSource
from db.errors import open_error
from db.location import (
    SQLITE_HEADER,
    StoreKind,
    StoreTarget,
    prepare_sqlite_file,
    resolve_target,
    sqlite_header,
    sqlite_target,
)
from db.uow import SqlUnitOfWork

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True, eq=False)
class Store:
    """An open store: engine and session factory at application scope, one per process."""

    engine: Engine
    sessions: sessionmaker[Session]
    kind: StoreKind
    location: str  # for display: the file path, or the URL without its password
    path: Path | None  # the SQLite file, if any (backups go next to it)
    encrypted: bool = False
    # Where the audit chain's last known head is kept outside the store (db/access.py).
    audit_anchor: AnchorSource | None = None

    @property
    def data_dir(self) -> Path | None:
        """The folder of a SQLite store (where its backups go); None for PostgreSQL."""
        return self.path.parent if self.path is not None else None

    def uow(self, *, user_id: str | None = None) -> SqlUnitOfWork:
        """A unit of work for one user action; audit events are attributed to `user_id`."""
        return SqlUnitOfWork(self.sessions, location=self.location, user_id=user_id,
                             anchor=self.audit_anchor)

    def close(self) -> None:
        """Close every pooled connection (and so release SQLCipher's key material in SQLite)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open_store(url: str | None = None, *, data_dir: Path | None = None,
               key: str | None = None, path: Path | None = None) -> Store:
    """Open (creating if needed) the store and check that it can be read; schema is not touched.

    `url` (from --db / CLINIC_INTAKE_DB) overrides `data_dir`, which overrides the per-user
    default folder; `path` names a SQLite file directly (no URL quoting). `key` encrypts a
    SQLite store with SQLCipher. Raises StoreError (or StoreLockedOrWrongKey) with a plain
    message naming the location. Run `db.migrate.ensure_schema` next.
    """
    target = sqlite_target(path) if path is not None else resolve_target(url, data_dir=data_dir)
    if key is not None and target.kind != "sqlite":
        raise StoreError("a passphrase applies only to a SQLite store; PostgreSQL is protected "
                         "by its server (use TLS and disk encryption there)")
    if key == "":
        raise StoreError("the passphrase is empty")
    if target.path is not None:
        prepare_sqlite_file(target.path)
        _check_plaintext_header(target, encrypted=key is not None)
    engine = _make_engine(target, key)
    try:
        with engine.connect() as conn:
            _probe(conn, target)
    except SQLAlchemyError as err:
        engine.dispose()
        raise open_error(err, target.display, encrypted=key is not None) from err
    log.info("opened %s store at %s", target.kind, target.display)
    return Store(engine=engine, sessions=sessionmaker(engine), kind=target.kind,
                 location=target.display, path=target.path, encrypted=key is not None)


def _check_plaintext_header(target: StoreTarget, *, encrypted: bool) -> None:
    assert target.path is not None
    if encrypted and sqlite_header(target.path) == SQLITE_HEADER:
        raise StoreError(f"cannot open the store at {target.display} with a passphrase: "
                         "it is not encrypted")


def _make_engine(target: StoreTarget, key: str | None) -> Engine:
    if target.kind == "postgresql":
        return create_engine(target.url, hide_parameters=True, pool_pre_ping=True)
    url = target.url
    options: dict[str, Any] = {"hide_parameters": True}
    if target.path is not None:
        # One pool for every thread (each session checks out its own connection); the
        # pysqlcipher default, SingletonThreadPool, would pay the key derivation per thread.
        options.update(poolclass=QueuePool, connect_args={"check_same_thread": False})
    if key is not None:
        # URL.create: no escaping of the passphrase, and it is masked in reprs.
        url = URL.create("sqlite+pysqlcipher", password=key, database=url.database)
    engine = create_engine(url, **options)
    if key is not None:
        event.listen(engine, "connect", _quiet_sqlcipher, insert=True)
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _quiet_sqlcipher(dbapi_connection: Any, _record: Any) -> None:
    # Before `pragma key`: a wrong key otherwise prints HMAC errors to stderr.
    dbapi_connection.execute("pragma cipher_log_level = NONE")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (_sqlite_begin): the driver's legacy mode would run SELECTs
    # and DDL outside the transaction, so a unit of work or a migration would not be atomic.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # `sqlite_begin="IMMEDIATE"` (an execution option) takes the write lock at once.
    mode = conn.get_execution_options().get("sqlite_begin", "")
    conn.exec_driver_sql(f"BEGIN {mode}" if mode in ("IMMEDIATE", "EXCLUSIVE") else "BEGIN")


def _probe(conn: Connection, target: StoreTarget) -> None:
    """Read the schema so a wrong key, a foreign file or a lock shows up now, not mid-action."""
    if target.kind == "sqlite":
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
    else:
        conn.exec_driver_sql("SELECT 1").scalar_one()
