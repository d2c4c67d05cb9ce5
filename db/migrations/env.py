"""Alembic environment: the app passes its own connection (db/migrate.py); a developer running
the `alembic` command passes a database URL with `-x db=...`.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

import db.records  # noqa: F401  (registers every table on Base.metadata)
from db.base import Base, UtcDateTime
from db.search_index import is_index_object

config = context.config
target_metadata = Base.metadata


def _render_item(kind: str, obj: object, _ctx: AutogenContext) -> str | Literal[False]:
    # A revision must not import application types that may change later.
    if kind == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _include_name(name: str | None, type_: str, _parents: Any) -> bool:
    # The search index's FTS5 tables and trigram index come from db/search_index.py, not models.
    return not (type_ in ("table", "index") and is_index_object(name))


def _configure(**kwargs: Any) -> None:
    # render_as_batch: SQLite cannot ALTER constraints or column types in place, so autogenerate
    # writes "move and copy" batch blocks (a plain ALTER on PostgreSQL).
    context.configure(target_metadata=target_metadata, render_as_batch=True, compare_type=True,
                      render_item=_render_item, include_name=_include_name, **kwargs)


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def _developer_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("db") or os.environ.get("CLINIC_INTAKE_DB")
    if not url:
        raise SystemExit("name the database: alembic -x db=sqlite:////path/to/clinic.db ...")
    return url


if context.is_offline_mode():
    _configure(url=_developer_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _run(given)
    else:
        engine = create_engine(_developer_url())
        try:
            with engine.connect() as conn:
                _run(conn)
                conn.commit()
        finally:
            engine.dispose()
