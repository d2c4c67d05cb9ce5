"""The client search index: `client_search` kept in step by triggers, plus a text index on it.

SQLite: an FTS5 table over `client_search.name_key` (external content, unicode61 words with
prefix indexes) and an `fts5vocab` table listing its words for typo matching. PostgreSQL: a
pg_trgm GIN index on the same column when the extension can be installed (word-prefix regex and
`<%` word similarity use it), plain scans otherwise.

Triggers, not repository code, keep `client_search` right, so bulk loaders and other seats need
no extra step. Alembic's batch mode drops a table's triggers when it rebuilds the table, so
`ensure` (run by db.migrate.ensure_schema on every open) puts missing ones back and rebuilds the
index when it disagrees with the clients table.

The migration that introduced this (0002) carries its own frozen copy of these statements.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)

TABLE = "client_search"
FTS_TABLE = "client_search_fts"
VOCAB_TABLE = "client_search_vocab"
TRGM_INDEX = "ix_client_search_name_trgm"
BULK_CACHE_KIB = 256 * 1024

# Counts for the newest intake: flags, urgent flags, and open flags: those whose newest covering
# review row (their own, or a whole-intake one) is missing or a re-open, as db/reports.py and
# clinic_app.review read it (a re-screen that changes a decided flag writes the re-open). The "+"
# keeps SQLite off ix_flags_level (all urgent flags of the store) in favour of ix_flags_intake_id:
# without statistics it may otherwise pick the level index and turn a rebuild quadratic.
_SQLITE_COUNTS = """
    flag_count = (SELECT count(*) FROM flags f
                  WHERE f.intake_id = client_search.latest_intake_id),
    urgent_count = (SELECT count(*) FROM flags f
                    WHERE f.intake_id = client_search.latest_intake_id AND +f.level = 'urgent'),
    unreviewed_count = (SELECT count(*) FROM flags f
                        WHERE f.intake_id = client_search.latest_intake_id
                          AND coalesce((SELECT r.disposition FROM reviews r
                                        WHERE r.intake_id = f.intake_id
                                          AND (r.flag_id = f.flag_id OR r.flag_id IS NULL)
                                        ORDER BY r.id DESC LIMIT 1), 'reopened') = 'reopened')
"""
_SQLITE_LATEST = """
    latest_intake_id = (SELECT i.id FROM intakes i WHERE i.client_id = client_search.client_id
                        ORDER BY i.ordinal DESC LIMIT 1)
"""
_SQLITE_ENTRY = """
    last_entry_lo = (SELECT i.last_entry_lo FROM intakes i
                     WHERE i.id = client_search.latest_intake_id)
"""
# An A-number's digits, zero-padded to nine (clinic_app.search.a_number_digits).
_SQLITE_DIGITS = ("CASE WHEN {a} IS NULL OR {a} = '' THEN NULL ELSE substr('000000000' || "
                  "replace(replace(upper({a}), 'A', ''), '-', ''), -9, 9) END")

SQLITE_FTS = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        name_key, content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')""",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, 'row')",
]

SQLITE_TRIGGERS = {
    # the FTS index follows client_search
    "trg_client_search_fts_insert": f"""
        CREATE TRIGGER trg_client_search_fts_insert AFTER INSERT ON {TABLE} BEGIN
            INSERT INTO {FTS_TABLE}(rowid, name_key) VALUES (new.id, new.name_key);
        END""",
    "trg_client_search_fts_delete": f"""
        CREATE TRIGGER trg_client_search_fts_delete AFTER DELETE ON {TABLE} BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name_key)
                VALUES ('delete', old.id, old.name_key);
        END""",
    "trg_client_search_fts_update": f"""
        CREATE TRIGGER trg_client_search_fts_update AFTER UPDATE OF name_key ON {TABLE}
        WHEN old.name_key IS NOT new.name_key BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name_key)
                VALUES ('delete', old.id, old.name_key);
            INSERT INTO {FTS_TABLE}(rowid, name_key) VALUES (new.id, new.name_key);
        END""",
    # client_search follows clients
    "trg_clients_search_insert": f"""
        CREATE TRIGGER trg_clients_search_insert AFTER INSERT ON clients BEGIN
            INSERT INTO {TABLE} (client_id, name_key, a_digits, updated_at, flag_count,
                                 urgent_count, unreviewed_count)
                VALUES (new.id, new.name_key, {_SQLITE_DIGITS.format(a="new.a_number")},
                        new.updated_at, 0, 0, 0);
        END""",
    "trg_clients_search_update": f"""
        CREATE TRIGGER trg_clients_search_update
        AFTER UPDATE OF name_key, a_number, updated_at ON clients BEGIN
            UPDATE {TABLE} SET name_key = new.name_key,
                               a_digits = {_SQLITE_DIGITS.format(a="new.a_number")},
                               updated_at = new.updated_at
                WHERE client_id = new.id;
        END""",
    "trg_clients_search_delete": f"""
        CREATE TRIGGER trg_clients_search_delete AFTER DELETE ON clients BEGIN
            DELETE FROM {TABLE} WHERE client_id = old.id;
        END""",
    # the newest intake and its counts follow intakes, flags and reviews
    "trg_intakes_search_insert": f"""
        CREATE TRIGGER trg_intakes_search_insert AFTER INSERT ON intakes BEGIN
            UPDATE {TABLE} SET {_SQLITE_LATEST} WHERE client_id = new.client_id;
            UPDATE {TABLE} SET {_SQLITE_ENTRY}, {_SQLITE_COUNTS} WHERE client_id = new.client_id;
        END""",
    "trg_intakes_search_update": f"""
        CREATE TRIGGER trg_intakes_search_update
        AFTER UPDATE OF last_entry_lo, ordinal, client_id ON intakes BEGIN
            UPDATE {TABLE} SET {_SQLITE_LATEST}
                WHERE client_id IN (old.client_id, new.client_id);
            UPDATE {TABLE} SET {_SQLITE_ENTRY}, {_SQLITE_COUNTS}
                WHERE client_id IN (old.client_id, new.client_id);
        END""",
    "trg_intakes_search_delete": f"""
        CREATE TRIGGER trg_intakes_search_delete AFTER DELETE ON intakes BEGIN
            UPDATE {TABLE} SET {_SQLITE_LATEST} WHERE client_id = old.client_id;
            UPDATE {TABLE} SET {_SQLITE_ENTRY}, {_SQLITE_COUNTS} WHERE client_id = old.client_id;
        END""",
    "trg_flags_search_insert": f"""
        CREATE TRIGGER trg_flags_search_insert AFTER INSERT ON flags BEGIN
            UPDATE {TABLE} SET {_SQLITE_COUNTS} WHERE latest_intake_id = new.intake_id;
        END""",
    "trg_flags_search_update": f"""
        CREATE TRIGGER trg_flags_search_update
        AFTER UPDATE OF level, intake_id, flag_id ON flags BEGIN
            UPDATE {TABLE} SET {_SQLITE_COUNTS}
                WHERE latest_intake_id IN (old.intake_id, new.intake_id);
        END""",
    "trg_flags_search_delete": f"""
        CREATE TRIGGER trg_flags_search_delete AFTER DELETE ON flags BEGIN
            UPDATE {TABLE} SET {_SQLITE_COUNTS} WHERE latest_intake_id = old.intake_id;
        END""",
    "trg_reviews_search_insert": f"""
        CREATE TRIGGER trg_reviews_search_insert AFTER INSERT ON reviews BEGIN
            UPDATE {TABLE} SET {_SQLITE_COUNTS} WHERE latest_intake_id = new.intake_id;
        END""",
    "trg_reviews_search_update": f"""
        CREATE TRIGGER trg_reviews_search_update
        AFTER UPDATE OF intake_id, flag_id, disposition ON reviews
        BEGIN
            UPDATE {TABLE} SET {_SQLITE_COUNTS}
                WHERE latest_intake_id IN (old.intake_id, new.intake_id);
        END""",
    "trg_reviews_search_delete": f"""
        CREATE TRIGGER trg_reviews_search_delete AFTER DELETE ON reviews BEGIN
            UPDATE {TABLE} SET {_SQLITE_COUNTS} WHERE latest_intake_id = old.intake_id;
        END""",
}
_SQLITE_FTS_TRIGGERS = ("trg_client_search_fts_insert", "trg_client_search_fts_delete",
                        "trg_client_search_fts_update")

# PostgreSQL: one function recomputes a client's row; every trigger calls it for the client(s)
# a changed row belongs to. Simpler than incremental updates, and cheap per row.
_PG_SYNC = f"""
CREATE OR REPLACE FUNCTION client_search_sync(cid varchar) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cid IS NULL THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM clients WHERE id = cid) THEN
        DELETE FROM {TABLE} WHERE client_id = cid;
        RETURN;
    END IF;
    INSERT INTO {TABLE} (client_id, name_key, a_digits, updated_at, latest_intake_id,
                         last_entry_lo, flag_count, urgent_count, unreviewed_count)
    SELECT c.id, c.name_key,
           CASE WHEN coalesce(c.a_number, '') = '' THEN NULL
                ELSE right('000000000' || regexp_replace(c.a_number, '[^0-9]', '', 'g'), 9) END,
           c.updated_at, l.id, l.last_entry_lo,
           (SELECT count(*) FROM flags f WHERE f.intake_id = l.id),
           (SELECT count(*) FROM flags f WHERE f.intake_id = l.id AND f.level = 'urgent'),
           (SELECT count(*) FROM flags f WHERE f.intake_id = l.id
              AND coalesce((SELECT r.disposition FROM reviews r WHERE r.intake_id = f.intake_id
                            AND (r.flag_id = f.flag_id OR r.flag_id IS NULL)
                            ORDER BY r.id DESC LIMIT 1), 'reopened') = 'reopened')
    FROM clients c
    LEFT JOIN LATERAL (SELECT i.id, i.last_entry_lo FROM intakes i WHERE i.client_id = c.id
                       ORDER BY i.ordinal DESC LIMIT 1) l ON true
    WHERE c.id = cid
    ON CONFLICT (client_id) DO UPDATE SET
        name_key = EXCLUDED.name_key, a_digits = EXCLUDED.a_digits,
        updated_at = EXCLUDED.updated_at, latest_intake_id = EXCLUDED.latest_intake_id,
        last_entry_lo = EXCLUDED.last_entry_lo, flag_count = EXCLUDED.flag_count,
        urgent_count = EXCLUDED.urgent_count, unreviewed_count = EXCLUDED.unreviewed_count;
END $$
"""
_PG_BY_INTAKE = """
    PERFORM client_search_sync((SELECT client_id FROM intakes WHERE id = OLD.intake_id));
    PERFORM client_search_sync((SELECT client_id FROM intakes WHERE id = NEW.intake_id));"""
_PG_TRIGGER_FUNCTIONS = {
    "clients": "PERFORM client_search_sync(coalesce(NEW.id, OLD.id));",
    "intakes": """PERFORM client_search_sync(OLD.client_id);
                  PERFORM client_search_sync(NEW.client_id);""",
    "flags": _PG_BY_INTAKE,
    "reviews": _PG_BY_INTAKE,
}


def _pg_statements() -> list[str]:
    statements = [_PG_SYNC]
    for table, body in _PG_TRIGGER_FUNCTIONS.items():
        # OLD is NULL on INSERT and NEW on DELETE (PostgreSQL 11+), so one body fits all three.
        statements.append(f"""
            CREATE OR REPLACE FUNCTION trg_{table}_search() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                {body}
                RETURN NULL;
            END $$""")
        statements.append(f"""
            CREATE OR REPLACE TRIGGER trg_{table}_search
            AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION trg_{table}_search()""")
    return statements


def install(conn: Connection) -> None:
    """Create the text index and the triggers if missing (idempotent; inside a transaction)."""
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            conn.exec_driver_sql(statement)
        present = _sqlite_triggers(conn)
        for name, statement in SQLITE_TRIGGERS.items():
            if name not in present:
                conn.exec_driver_sql(statement)
    elif conn.dialect.name == "postgresql":
        for statement in _pg_statements():
            conn.exec_driver_sql(statement)
        _pg_trigram_index(conn)


def rebuild(conn: Connection) -> None:
    """Refill `client_search` and its text index from the clients, intakes, flags and reviews."""
    if conn.dialect.name == "sqlite":
        # Bulk path: without the FTS triggers, then one FTS 'rebuild' (seconds, not minutes).
        for name in _SQLITE_FTS_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql(f"DELETE FROM {TABLE}")
        conn.exec_driver_sql(f"""
            INSERT INTO {TABLE} (client_id, name_key, a_digits, updated_at, flag_count,
                                 urgent_count, unreviewed_count)
            SELECT id, name_key, {_SQLITE_DIGITS.format(a="a_number")}, updated_at, 0, 0, 0
            FROM clients""")
        conn.exec_driver_sql(f"UPDATE {TABLE} SET {_SQLITE_LATEST}")
        conn.exec_driver_sql(f"UPDATE {TABLE} SET {_SQLITE_ENTRY}, {_SQLITE_COUNTS}")
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        install(conn)
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DELETE FROM {TABLE}")
        conn.exec_driver_sql("SELECT client_search_sync(id) FROM clients")


@contextmanager
def bulk_load(conn: Connection) -> Iterator[None]:
    """For loaders writing thousands of clients at once (demo data, benchmarks, restores):
    SQLite's per-row triggers are dropped while loading and the index is rebuilt in one pass
    after, which is many times faster. Use inside the loader's transaction."""
    if conn.dialect.name != "sqlite":
        yield  # PostgreSQL's triggers stay on: per-row upserts are fast enough there
        return
    for name in SQLITE_TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    # Random UUID keys touch pages all over the file: with SQLite's 2 MB default cache a
    # 100,000-client load would thrash. The pooled connection gets its default back after.
    default_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
        rebuild(conn)
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(default_cache)}")


def ensure(conn: Connection) -> bool:
    """Put back missing triggers and rebuild the index if it disagrees with the clients table.

    Cheap enough for every open (a catalogue lookup and two counts). Returns True if it rebuilt.
    """
    if conn.dialect.name == "sqlite":
        complete = set(SQLITE_TRIGGERS) <= _sqlite_triggers(conn)
    elif conn.dialect.name == "postgresql":
        complete = _pg_trigger_count(conn) == len(_PG_TRIGGER_FUNCTIONS)
    else:
        return False
    indexed = conn.exec_driver_sql(f"SELECT count(*) FROM {TABLE}").scalar_one()
    clients = conn.exec_driver_sql("SELECT count(*) FROM clients").scalar_one()
    if complete and indexed == clients:
        return False
    log.warning("the client search index was incomplete (%s of %s clients, triggers %s); "
                "rebuilding it", indexed, clients, "present" if complete else "missing")
    install(conn)
    rebuild(conn)
    return True


def is_index_object(name: str | None) -> bool:
    """Objects the ORM models do not describe: the FTS5 tables (and their shadow tables) and the
    trigram index. Alembic's autogenerate must leave them alone (db/migrations/env.py)."""
    return bool(name) and (str(name).startswith((FTS_TABLE, VOCAB_TABLE)) or name == TRGM_INDEX)


def has_trigram_index(conn: Connection) -> bool:
    """PostgreSQL: whether pg_trgm and its index are there (word similarity for typos)."""
    if conn.dialect.name != "postgresql":
        return False
    found = conn.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = :name "
                              "AND schemaname = current_schema()"), {"name": TRGM_INDEX}).first()
    return found is not None


def _sqlite_triggers(conn: Connection) -> set[str]:
    rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {str(row[0]) for row in rows}


def _pg_trigger_count(conn: Connection) -> int:
    names = [f"trg_{table}_search" for table in _PG_TRIGGER_FUNCTIONS]
    found = conn.execute(text(
        "SELECT count(DISTINCT t.tgname) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND t.tgname = ANY(:names)"), {"names": names})
    return int(found.scalar_one())


def _pg_trigram_index(conn: Connection) -> None:
    """pg_trgm needs a privileged CREATE EXTENSION once per database; without it, search still
    works by scanning the folded names (fine for a clinic's tens of thousands)."""
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as err:  # any refusal means "no extension", never a failure
        log.info("pg_trgm is not available (%s); client search will scan names", err)
        return
    conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON {TABLE} "
                         "USING gin (name_key gin_trgm_ops)")
