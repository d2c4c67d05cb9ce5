"""Where a store lives: the default per-user file, a chosen folder, or a full database URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import platformdirs
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from clinic_app.errors import StoreError

APP_NAME = "ClinicIntake"
DB_FILENAME = "clinic.db"
SQLITE_HEADER = b"SQLite format 3\x00"

StoreKind = Literal["sqlite", "postgresql"]


@dataclass(frozen=True)
class StoreTarget:
    """A resolved location. `url` may carry a PostgreSQL password: never show it, use `display`."""

    url: URL
    kind: StoreKind
    path: Path | None  # the SQLite file; None for PostgreSQL and in-memory stores

    @property
    def display(self) -> str:
        if self.path is not None:
            return str(self.path)
        return self.url.render_as_string(hide_password=True)


def default_data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def resolve_target(url: str | None = None, *, data_dir: Path | None = None) -> StoreTarget:
    """A full `url` wins over `data_dir`, which wins over the per-user default folder."""
    if url is None:
        path = (data_dir if data_dir is not None else default_data_dir()) / DB_FILENAME
        return sqlite_target(path)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        # The value may hold a password: do not repeat it.
        raise StoreError("the database location is not a valid database URL "
                         "(expected sqlite:///path/to/clinic.db or postgresql+psycopg://...)"
                         ) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return StoreTarget(URL.create("sqlite"), "sqlite", None)
        return sqlite_target(Path(parsed.database))
    if backend in ("postgresql", "postgres") and driver in ("", "psycopg"):
        return StoreTarget(parsed.set(drivername="postgresql+psycopg"), "postgresql", None)
    raise StoreError(f"unsupported database type '{parsed.drivername}': "
                     "use sqlite:///... or postgresql+psycopg://...")


def sqlite_target(path: Path) -> StoreTarget:
    path = path.expanduser().resolve()
    return StoreTarget(URL.create("sqlite", database=str(path)), "sqlite", path)


def prepare_sqlite_file(path: Path) -> None:
    """Create missing folders (0700) and the file (0600) before SQLite does, with umask defaults.

    SQLite gives the -wal and -shm files the database file's permissions, so they follow.
    """
    try:
        missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
        for folder in reversed(missing):
            folder.mkdir(mode=0o700)
            folder.chmod(0o700)
        if not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
            path.chmod(0o600)
    except OSError as err:
        raise StoreError(f"cannot create the store at {path}: {err.strerror or err}") from err
    if path.is_dir():
        raise StoreError(f"cannot open the store at {path}: it is a folder")


def sqlite_header(path: Path) -> bytes:
    """The first 16 bytes ("SQLite format 3" on an unencrypted database, random if encrypted)."""
    try:
        with path.open("rb") as f:
            return f.read(16)
    except OSError as err:
        raise StoreError(f"cannot read the store at {path}: {err.strerror or err}") from err
