"""Re-screening: what each stored screening was computed from, and a log of what re-screens
changed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

intakes gains screened_version, screened_intake_day and screening_digest (NULL for screenings
made before: the next `clinic-intake rescreen` screens those intakes in full). pack_fingerprints
holds the per-flag fingerprints of each rule pack a stored screening was made with;
screening_changes the flags a re-screen added, dropped or changed in level, per intake.
Plain ADD COLUMN (no table rebuild), so the intakes triggers of revision 0002 stay in place.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("intakes", sa.Column("screened_version", sa.Integer(), nullable=True))
    op.add_column("intakes", sa.Column("screened_intake_day", sa.Date(), nullable=True))
    op.add_column("intakes", sa.Column("screening_digest", sa.String(length=64), nullable=True))
    op.create_table(
        "pack_fingerprints",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("pack", sa.String(length=130), nullable=False),
        sa.Column("fingerprints", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_pack_fingerprints")),
    )
    op.create_table(
        "screening_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("intake_id", sa.String(length=36), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("pack_before", sa.String(length=130), nullable=False),
        sa.Column("pack_after", sa.String(length=130), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"],
                                name=op.f("fk_screening_changes_client_id_clients"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["intake_id"], ["intakes.id"],
                                name=op.f("fk_screening_changes_intake_id_intakes"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_screening_changes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_changes")),
    )
    op.create_index(op.f("ix_screening_changes_at"), "screening_changes", ["at"])
    op.create_index(op.f("ix_screening_changes_client_id"), "screening_changes", ["client_id"])
    op.create_index(op.f("ix_screening_changes_intake_id"), "screening_changes", ["intake_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_screening_changes_intake_id"), table_name="screening_changes")
    op.drop_index(op.f("ix_screening_changes_client_id"), table_name="screening_changes")
    op.drop_index(op.f("ix_screening_changes_at"), table_name="screening_changes")
    op.drop_table("screening_changes")
    op.drop_table("pack_fingerprints")
    # Plain DROP COLUMN (SQLite 3.35+), so the intakes triggers stay in place.
    op.drop_column("intakes", "screening_digest")
    op.drop_column("intakes", "screened_intake_day")
    op.drop_column("intakes", "screened_version")
