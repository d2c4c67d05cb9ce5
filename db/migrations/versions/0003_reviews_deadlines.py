"""Attorney review and deadlines: what each disposition rested on, and a deadlines table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

reviews gains the flag's level and a digest per fact at the time of the decision (a later
re-screen that changes either re-opens the review, clinic_app/review.py). deadlines holds what
clinic_app/deadlines.py computes from each client's newest intake; an existing store fills it
with `clinic-intake deadlines --refresh` (or on the next save of each intake).
Plain ADD COLUMN (no table rebuild), so the reviews triggers of revision 0002 stay in place.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("reviews", sa.Column("flag_level", sa.String(length=10), nullable=True))
    op.add_column("reviews", sa.Column("fact_digests", sa.JSON(), nullable=True))
    op.create_table(
        "deadlines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("intake_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("latest", sa.Date(), nullable=False),
        sa.Column("uncertain", sa.Boolean(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("basis", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=80), nullable=False),
        sa.CheckConstraint("kind IN ('one_year', 'turns_18', 'parole_end', 'hearing')",
                           name=op.f("ck_deadlines_kind")),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"],
                                name=op.f("fk_deadlines_client_id_clients"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["intake_id"], ["intakes.id"],
                                name=op.f("fk_deadlines_intake_id_intakes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadlines")),
    )
    op.create_index(op.f("ix_deadlines_client_id"), "deadlines", ["client_id"])
    op.create_index(op.f("ix_deadlines_due"), "deadlines", ["due"])
    op.create_index(op.f("ix_deadlines_intake_id"), "deadlines", ["intake_id"])


def downgrade() -> None:
    op.drop_table("deadlines")
    # A native DROP COLUMN (SQLite 3.35+), not a batch rebuild: rebuilding reviews would trip
    # over the client_search triggers of revision 0002 that read it.
    op.drop_column("reviews", "fact_digests")
    op.drop_column("reviews", "flag_level")
