"""The first schema: clients, intakes, flags, reviews, users, audit events, rule packs, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Written out in full (not generated at run time), so that the schema of revision 0001 stays what it
was when later revisions change db/records.py. Timestamps are stored as UTC (db.base.UtcDateTime
adds the zone back on SQLite); JSON columns hold lists and objects; facts is JSON text verbatim.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("given_names", sa.String(length=200), nullable=False),
        sa.Column("family_names", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=400), nullable=False),
        sa.Column("date_of_birth", sa.String(length=10), nullable=True),
        sa.Column("nationalities", sa.JSON(), nullable=False),
        sa.Column("a_number", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
    )
    op.create_index(op.f("ix_clients_a_number"), "clients", ["a_number"])
    op.create_index(op.f("ix_clients_name_key"), "clients", ["name_key"])
    op.create_index(op.f("ix_clients_updated_at"), "clients", ["updated_at"])

    op.create_table(
        "users",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("wrapped_db_key", sa.LargeBinary(), nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('paralegal', 'attorney', 'manager', 'admin')",
                           name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )

    op.create_table(
        "intakes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("checklist_version", sa.String(length=40), nullable=True),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("intake_date", sa.Date(), nullable=True),
        sa.Column("last_entry_lo", sa.Date(), nullable=True),
        sa.Column("last_entry_text", sa.String(length=30), nullable=True),
        sa.Column("primary_nationality", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("screened_as_of", sa.Date(), nullable=True),
        sa.Column("rule_pack_id", sa.String(length=80), nullable=True),
        sa.Column("rule_pack_version", sa.String(length=40), nullable=True),
        sa.Column("rule_pack_reviewed", sa.String(length=40), nullable=True),
        sa.Column("rule_pack_sources_as_of", sa.String(length=40), nullable=True),
        sa.Column("not_applicable", sa.JSON(), nullable=True),
        sa.Column("screening_warnings", sa.JSON(), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'complete')", name=op.f("ck_intakes_status")),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"],
                                name=op.f("fk_intakes_client_id_clients"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intakes")),
        sa.UniqueConstraint("client_id", "ordinal", name=op.f("uq_intakes_client_id_ordinal")),
    )
    op.create_index(op.f("ix_intakes_intake_date"), "intakes", ["intake_date"])
    op.create_index(op.f("ix_intakes_last_entry_lo"), "intakes", ["last_entry_lo"])
    op.create_index(op.f("ix_intakes_primary_nationality"), "intakes", ["primary_nationality"])

    op.create_table(
        "flags",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("intake_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.String(length=60), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("policy", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("rule_pack_id", sa.String(length=80), nullable=False),
        sa.Column("rule_pack_version", sa.String(length=40), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.CheckConstraint("level IN ('urgent', 'review', 'check')", name=op.f("ck_flags_level")),
        sa.ForeignKeyConstraint(["intake_id"], ["intakes.id"],
                                name=op.f("fk_flags_intake_id_intakes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flags")),
    )
    op.create_index(op.f("ix_flags_flag_id"), "flags", ["flag_id"])
    op.create_index(op.f("ix_flags_intake_id"), "flags", ["intake_id"])
    op.create_index(op.f("ix_flags_level"), "flags", ["level"])

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("intake_id", sa.String(length=36), nullable=False),
        sa.Column("flag_id", sa.String(length=60), nullable=True),
        sa.Column("disposition", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["intake_id"], ["intakes.id"],
                                name=op.f("fk_reviews_intake_id_intakes"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_reviews_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    op.create_index(op.f("ix_reviews_intake_id"), "reviews", ["intake_id"])

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=True),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_audit_events_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_audit_events_prev_hash")),
    )
    op.create_index(op.f("ix_audit_events_action"), "audit_events", ["action"])
    op.create_index(op.f("ix_audit_events_at"), "audit_events", ["at"])

    op.create_table(
        "rule_packs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("pack_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=True),
        sa.Column("key_id", sa.String(length=80), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_packs")),
        sa.UniqueConstraint("pack_id", "version", name=op.f("uq_rule_packs_pack_id_version")),
    )

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )


def downgrade() -> None:
    for table in ("settings", "rule_packs", "audit_events", "reviews", "flags", "intakes",
                  "users", "clients"):
        op.drop_table(table)
