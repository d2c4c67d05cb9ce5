"""Client search: a per-client search table kept by triggers, an FTS5 index (SQLite) or a
trigram index (PostgreSQL, when pg_trgm can be installed), filled from the existing clients.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

Before the upgrade runs, ensure_schema has copied the user's file to clinic.db.bak-<UTC time>.
The SQL is written out here (not imported from db/search_index.py) so this revision stays what it was
when db/search_index.py changes later.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS client_search_fts USING fts5(
    name_key, content='client_search', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS client_search_vocab USING fts5vocab(client_search_fts, 'row')""",
]

SQLITE_FILL = [
    """INSERT INTO client_search (client_id, name_key, a_digits, updated_at, flag_count,
    urgent_count, unreviewed_count)
    SELECT id, name_key, CASE WHEN a_number IS NULL OR a_number = '' THEN NULL ELSE substr('000000000' || replace(replace(upper(a_number), 'A', ''), '-', ''), -9, 9) END, updated_at, 0, 0, 0 FROM clients""",
    """UPDATE client_search SET
    latest_intake_id = (SELECT i.id FROM intakes i WHERE i.client_id = client_search.client_id
    ORDER BY i.ordinal DESC LIMIT 1)""",
    """UPDATE client_search SET
    last_entry_lo = (SELECT i.last_entry_lo FROM intakes i
    WHERE i.id = client_search.latest_intake_id),
    flag_count = (SELECT count(*) FROM flags f
                  WHERE f.intake_id = client_search.latest_intake_id),
    urgent_count = (SELECT count(*) FROM flags f
                    WHERE f.intake_id = client_search.latest_intake_id AND +f.level = 'urgent'),
    unreviewed_count = (SELECT count(*) FROM flags f
                        WHERE f.intake_id = client_search.latest_intake_id
                          AND coalesce((SELECT r.disposition FROM reviews r
                                        WHERE r.intake_id = f.intake_id
                                          AND (r.flag_id = f.flag_id OR r.flag_id IS NULL)
                                        ORDER BY r.id DESC LIMIT 1), 'reopened') = 'reopened')""",
    "INSERT INTO client_search_fts(client_search_fts) VALUES ('rebuild')",
]

SQLITE_TRIGGERS = [
    """CREATE TRIGGER trg_client_search_fts_insert AFTER INSERT ON client_search BEGIN
        INSERT INTO client_search_fts(rowid, name_key) VALUES (new.id, new.name_key);
    END""",
    """CREATE TRIGGER trg_client_search_fts_delete AFTER DELETE ON client_search BEGIN
        INSERT INTO client_search_fts(client_search_fts, rowid, name_key)
            VALUES ('delete', old.id, old.name_key);
    END""",
    """CREATE TRIGGER trg_client_search_fts_update AFTER UPDATE OF name_key ON client_search
    WHEN old.name_key IS NOT new.name_key BEGIN
        INSERT INTO client_search_fts(client_search_fts, rowid, name_key)
            VALUES ('delete', old.id, old.name_key);
        INSERT INTO client_search_fts(rowid, name_key) VALUES (new.id, new.name_key);
    END""",
    """CREATE TRIGGER trg_clients_search_insert AFTER INSERT ON clients BEGIN
        INSERT INTO client_search (client_id, name_key, a_digits, updated_at, flag_count,
                             urgent_count, unreviewed_count)
            VALUES (new.id, new.name_key, CASE WHEN new.a_number IS NULL OR new.a_number = '' THEN NULL ELSE substr('000000000' || replace(replace(upper(new.a_number), 'A', ''), '-', ''), -9, 9) END,
                    new.updated_at, 0, 0, 0);
    END""",
    """CREATE TRIGGER trg_clients_search_update
    AFTER UPDATE OF name_key, a_number, updated_at ON clients BEGIN
        UPDATE client_search SET name_key = new.name_key,
                           a_digits = CASE WHEN new.a_number IS NULL OR new.a_number = '' THEN NULL ELSE substr('000000000' || replace(replace(upper(new.a_number), 'A', ''), '-', ''), -9, 9) END,
                           updated_at = new.updated_at
            WHERE client_id = new.id;
    END""",
    """CREATE TRIGGER trg_clients_search_delete AFTER DELETE ON clients BEGIN
        DELETE FROM client_search WHERE client_id = old.id;
    END""",
    """CREATE TRIGGER trg_intakes_search_insert AFTER INSERT ON intakes BEGIN
                UPDATE client_search SET
        latest_intake_id = (SELECT i.id FROM intakes i WHERE i.client_id = client_search.client_id
                            ORDER BY i.ordinal DESC LIMIT 1)
     WHERE client_id = new.client_id;
                UPDATE client_search SET
        last_entry_lo = (SELECT i.last_entry_lo FROM intakes i
                         WHERE i.id = client_search.latest_intake_id)
    ,
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
     WHERE client_id = new.client_id;
            END""",
    """CREATE TRIGGER trg_intakes_search_update
            AFTER UPDATE OF last_entry_lo, ordinal, client_id ON intakes BEGIN
                UPDATE client_search SET
        latest_intake_id = (SELECT i.id FROM intakes i WHERE i.client_id = client_search.client_id
                            ORDER BY i.ordinal DESC LIMIT 1)
                    WHERE client_id IN (old.client_id, new.client_id);
                UPDATE client_search SET
        last_entry_lo = (SELECT i.last_entry_lo FROM intakes i
                         WHERE i.id = client_search.latest_intake_id)
    ,
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
                    WHERE client_id IN (old.client_id, new.client_id);
            END""",
    """CREATE TRIGGER trg_intakes_search_delete AFTER DELETE ON intakes BEGIN
                UPDATE client_search SET
        latest_intake_id = (SELECT i.id FROM intakes i WHERE i.client_id = client_search.client_id
                            ORDER BY i.ordinal DESC LIMIT 1)
     WHERE client_id = old.client_id;
                UPDATE client_search SET
        last_entry_lo = (SELECT i.last_entry_lo FROM intakes i
                         WHERE i.id = client_search.latest_intake_id)
    ,
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
     WHERE client_id = old.client_id;
            END""",
    """CREATE TRIGGER trg_flags_search_insert AFTER INSERT ON flags BEGIN
               UPDATE client_search SET
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
    WHERE latest_intake_id = new.intake_id;
           END""",
    """CREATE TRIGGER trg_flags_search_update
        AFTER UPDATE OF level, intake_id, flag_id ON flags BEGIN
            UPDATE client_search SET
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
                WHERE latest_intake_id IN (old.intake_id, new.intake_id);
        END""",
    """CREATE TRIGGER trg_flags_search_delete AFTER DELETE ON flags BEGIN
               UPDATE client_search SET
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
    WHERE latest_intake_id = old.intake_id;
           END""",
    """CREATE TRIGGER trg_reviews_search_insert AFTER INSERT ON reviews BEGIN
               UPDATE client_search SET
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
    WHERE latest_intake_id = new.intake_id;
           END""",
    """CREATE TRIGGER trg_reviews_search_update
        AFTER UPDATE OF intake_id, flag_id, disposition ON reviews
        BEGIN
            UPDATE client_search SET
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
                WHERE latest_intake_id IN (old.intake_id, new.intake_id);
        END""",
    """CREATE TRIGGER trg_reviews_search_delete AFTER DELETE ON reviews BEGIN
               UPDATE client_search SET
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
    WHERE latest_intake_id = old.intake_id;
           END""",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION client_search_sync(cid varchar) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        IF cid IS NULL THEN
            RETURN;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM clients WHERE id = cid) THEN
            DELETE FROM client_search WHERE client_id = cid;
            RETURN;
        END IF;
        INSERT INTO client_search (client_id, name_key, a_digits, updated_at, latest_intake_id,
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
    END $$""",
    """CREATE OR REPLACE FUNCTION trg_clients_search() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM client_search_sync(coalesce(NEW.id, OLD.id));
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER trg_clients_search
    AFTER INSERT OR UPDATE OR DELETE ON clients
    FOR EACH ROW EXECUTE FUNCTION trg_clients_search()""",
    """CREATE OR REPLACE FUNCTION trg_intakes_search() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM client_search_sync(OLD.client_id);
          PERFORM client_search_sync(NEW.client_id);
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER trg_intakes_search
    AFTER INSERT OR UPDATE OR DELETE ON intakes
    FOR EACH ROW EXECUTE FUNCTION trg_intakes_search()""",
    """CREATE OR REPLACE FUNCTION trg_flags_search() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
    PERFORM client_search_sync((SELECT client_id FROM intakes WHERE id = OLD.intake_id));
    PERFORM client_search_sync((SELECT client_id FROM intakes WHERE id = NEW.intake_id));
                RETURN NULL;
            END $$""",
    """CREATE OR REPLACE TRIGGER trg_flags_search
    AFTER INSERT OR UPDATE OR DELETE ON flags
    FOR EACH ROW EXECUTE FUNCTION trg_flags_search()""",
    """CREATE OR REPLACE FUNCTION trg_reviews_search() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
    PERFORM client_search_sync((SELECT client_id FROM intakes WHERE id = OLD.intake_id));
    PERFORM client_search_sync((SELECT client_id FROM intakes WHERE id = NEW.intake_id));
                RETURN NULL;
            END $$""",
    """CREATE OR REPLACE TRIGGER trg_reviews_search
    AFTER INSERT OR UPDATE OR DELETE ON reviews
    FOR EACH ROW EXECUTE FUNCTION trg_reviews_search()""",
]

TRIGGER_TABLES = ("clients", "intakes", "flags", "reviews")


def upgrade() -> None:
    op.create_table(
        "client_search",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("name_key", sa.String(length=400), nullable=False),
        sa.Column("a_digits", sa.String(length=9), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("latest_intake_id", sa.String(length=36), nullable=True),
        sa.Column("last_entry_lo", sa.Date(), nullable=True),
        sa.Column("flag_count", sa.Integer(), nullable=False),
        sa.Column("urgent_count", sa.Integer(), nullable=False),
        sa.Column("unreviewed_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"],
                                name=op.f("fk_client_search_client_id_clients"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_search")),
        sa.UniqueConstraint("client_id", name=op.f("uq_client_search_client_id")),
    )
    op.create_index("ix_client_search_updated_at", "client_search", ["updated_at", "id"])
    op.create_index("ix_client_search_name_key", "client_search", ["name_key", "id"])
    op.create_index("ix_client_search_a_digits", "client_search", ["a_digits", "id"])
    op.create_index("ix_client_search_last_entry_lo", "client_search", ["last_entry_lo", "id"])
    op.create_index("ix_client_search_urgent", "client_search",
                    ["urgent_count", "flag_count", "id"])
    op.create_index("ix_client_search_unreviewed", "client_search", ["unreviewed_count", "id"])
    op.create_index(op.f("ix_client_search_latest_intake_id"), "client_search",
                    ["latest_intake_id"])

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in [*SQLITE_FTS, *SQLITE_FILL, *SQLITE_TRIGGERS]:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        for statement in POSTGRES:
            op.execute(statement)
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # not allowed to install it: search scans names instead
            pass
        else:
            op.execute("CREATE INDEX IF NOT EXISTS ix_client_search_name_trgm ON client_search "
                       "USING gin (name_key gin_trgm_ops)")
        op.execute("SELECT client_search_sync(id) FROM clients")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_TRIGGERS:
            name = statement.split()[2]
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS client_search_vocab")
        op.execute("DROP TABLE IF EXISTS client_search_fts")
    elif bind.dialect.name == "postgresql":
        for table in TRIGGER_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_search ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS trg_{table}_search()")
        op.execute("DROP FUNCTION IF EXISTS client_search_sync(varchar)")
    op.drop_table("client_search")
