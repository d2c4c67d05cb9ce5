"""Bring a store's schema to the version this program expects, protecting the data first.

A new store is created at head (create_all + stamp, Alembic's cookbook recipe); an existing SQLite
store below head is first copied next to itself (clinic.db.bak-<UTC time>), then upgraded in one
transaction. A store written by a newer program is refused rather than guessed at.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

import db.records  # noqa: F401  (registers every table on Base.metadata)
from clinic_app.errors import StoreError
from db import search_index
from db.backup import backup_before_migration
from db.base import Base
from db.engine import Store
from db.errors import write_error

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"
# Any constant: serialises schema changes between seats sharing one PostgreSQL database.
_PG_MIGRATION_LOCK = 0x434C494E


@dataclass(frozen=True)
class MigrationOutcome:
    action: Literal["created", "upgraded", "current"]
    from_revision: str | None
    to_revision: str
    backup: Path | None = None


def alembic_config(connection: Connection | None = None, *,
                   script_location: Path | None = None) -> Config:
    """An Alembic Config built in code: works from a checkout, a wheel or a frozen bundle."""
    cfg = Config()
    location = str(script_location or MIGRATIONS_DIR)
    cfg.set_main_option("script_location", location.replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision(script_location: Path | None = None) -> str:
    heads = ScriptDirectory.from_config(alembic_config(script_location=script_location)).get_heads()
    if len(heads) != 1:
        raise StoreError(f"the program's migrations have {len(heads)} heads; expected one")
    return heads[0]


def ensure_schema(store: Store, *, script_location: Path | None = None) -> MigrationOutcome:
    """Create or upgrade the schema; raise StoreError if the store cannot be brought to head.

    `script_location` exists for tests that need a newer revision than the shipped ones.
    """
    head = head_revision(script_location)
    try:
        with _schema_transaction(store) as conn:
            current = _current_revision(conn, store, head, script_location)
            if current == head:
                search_index.ensure(conn)
                return MigrationOutcome("current", current, head)
            if current is None:
                Base.metadata.create_all(conn)
                search_index.install(conn)  # triggers and text index: not part of the models
                command.stamp(alembic_config(conn, script_location=script_location), "head")
                log.info("created a new store at revision %s", head)
                return MigrationOutcome("created", None, head)
        # VACUUM INTO cannot run inside a transaction, so the backup comes between the check
        # and the upgrade; the upgrade re-checks in case another instance got there first.
        backup = backup_before_migration(store)
        with _schema_transaction(store, foreign_keys=False) as conn:
            current = _current_revision(conn, store, head, script_location)
            if current == head:
                return MigrationOutcome("current", current, head, backup)
            command.upgrade(alembic_config(conn, script_location=script_location), "head")
            _check_foreign_keys(conn, store)
            search_index.ensure(conn)  # a batch rebuild of a table drops its triggers
        log.info("upgraded the store from revision %s to %s", current or "base", head)
        return MigrationOutcome("upgraded", current, head, backup)
    except SQLAlchemyError as err:
        raise write_error(err, store.location) from err


def _current_revision(conn: Connection, store: Store, head: str,
                      script_location: Path | None) -> str | None:
    """The store's revision; None for an empty store. "base" if stamped below the first one."""
    tables = set(inspect(conn).get_table_names())
    if not tables:
        return None
    if VERSION_TABLE not in tables:
        raise StoreError(f"the database at {store.location} is not a Clinic Intake store "
                         "(it holds other tables)")
    revision = MigrationContext.configure(conn).get_current_revision()
    if revision is None:
        return "base"
    script = ScriptDirectory.from_config(alembic_config(script_location=script_location))
    if revision != head and revision not in {s.revision for s in script.walk_revisions()}:
        raise StoreError(f"the store at {store.location} was created by a newer Clinic Intake "
                         f"(schema {revision}); install that version or newer to open it")
    return revision


@contextmanager
def _schema_transaction(store: Store, *, foreign_keys: bool = True) -> Iterator[Connection]:
    """One transaction that holds the write lock from its first statement (SQLite IMMEDIATE,
    PostgreSQL advisory lock), so two instances starting together migrate once.

    SQLite: Alembic's batch mode copies and drops tables, and a DROP with foreign keys on would
    cascade-delete the rows of referencing tables. The pragma only takes effect outside a
    transaction, so it is switched here and the keys are checked before commit.
    """
    with store.engine.connect() as conn:
        sqlite = store.kind == "sqlite"
        if sqlite and not foreign_keys:
            _driver_pragma(conn, "foreign_keys = OFF")
        try:
            with conn.execution_options(sqlite_begin="IMMEDIATE").begin():
                if not sqlite:
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
                yield conn
        finally:
            if sqlite and not foreign_keys:
                _driver_pragma(conn, "foreign_keys = ON")


def _driver_pragma(conn: Connection, pragma: str) -> None:
    # Straight to the driver: through SQLAlchemy the statement would open a transaction first.
    conn.connection.driver_connection.execute(f"PRAGMA {pragma}")  # type: ignore[union-attr]


def _check_foreign_keys(conn: Connection, store: Store) -> None:
    if store.kind != "sqlite":
        return
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        raise StoreError(f"upgrading the store at {store.location} would break references in "
                         f"{', '.join(tables)}; nothing was changed")


def check_revision(store: Store, *, script_location: Path | None = None) -> str | None:
    """The store's schema revision (None if empty), refusing one written by a newer program;
    nothing is changed (used to vet a backup before it is restored)."""
    head = head_revision(script_location)
    try:
        with store.engine.connect() as conn:
            return _current_revision(conn, store, head, script_location)
    except SQLAlchemyError as err:
        raise write_error(err, store.location) from err
