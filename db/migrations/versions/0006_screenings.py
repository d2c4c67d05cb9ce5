"""Screenings in a narrow table of their own, and an index for re-screening.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

An intake's latest screening (its day, rule pack, fingerprint digest, and the intake version
and day it was made from) moves from columns of `intakes` into `screenings`, one narrow row per
screened intake: re-labelling every screening with a new rule pack then rewrites a few
megabytes instead of every intake's facts (an encrypted store re-encrypts each page it
rewrites). `intakes` keeps not_applicable and screening_warnings, which change only when the
flags do. The columns are dropped with plain DROP COLUMN (SQLite 3.35+), so the intakes
triggers of revision 0002 stay in place. ix_intakes_rescreen lets a re-screen scan versions
and check them by id without reading the intakes' rows.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOVED = ("screened_as_of", "rule_pack_id", "rule_pack_version", "rule_pack_reviewed",
         "rule_pack_sources_as_of", "screened_version", "screened_intake_day", "screening_digest")


def upgrade() -> None:
    op.create_table(
        "screenings",
        sa.Column("intake_id", sa.String(length=36), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("rule_pack_id", sa.String(length=80), nullable=False),
        sa.Column("rule_pack_version", sa.String(length=40), nullable=False),
        sa.Column("rule_pack_reviewed", sa.String(length=40), nullable=False),
        sa.Column("rule_pack_sources_as_of", sa.String(length=40), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=True),
        sa.Column("screened_version", sa.Integer(), nullable=False),
        sa.Column("intake_day", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["intake_id"], ["intakes.id"],
                                name=op.f("fk_screenings_intake_id_intakes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("intake_id", name=op.f("pk_screenings")),
    )
    op.execute(
        "INSERT INTO screenings (intake_id, as_of, rule_pack_id, rule_pack_version, "
        "rule_pack_reviewed, rule_pack_sources_as_of, digest, screened_version, intake_day) "
        "SELECT id, screened_as_of, coalesce(rule_pack_id, ''), coalesce(rule_pack_version, ''), "
        "coalesce(rule_pack_reviewed, ''), coalesce(rule_pack_sources_as_of, ''), "
        "screening_digest, coalesce(screened_version, -1), screened_intake_day "
        "FROM intakes WHERE screened_as_of IS NOT NULL")
    for column in MOVED:
        op.drop_column("intakes", column)
    op.create_index("ix_intakes_rescreen", "intakes", ["id", "version_id", "status", "client_id"])


def downgrade() -> None:
    op.drop_index("ix_intakes_rescreen", table_name="intakes")
    op.add_column("intakes", sa.Column("screened_as_of", sa.Date(), nullable=True))
    op.add_column("intakes", sa.Column("rule_pack_id", sa.String(length=80), nullable=True))
    op.add_column("intakes", sa.Column("rule_pack_version", sa.String(length=40), nullable=True))
    op.add_column("intakes", sa.Column("rule_pack_reviewed", sa.String(length=40), nullable=True))
    op.add_column("intakes", sa.Column("rule_pack_sources_as_of", sa.String(length=40),
                                       nullable=True))
    op.add_column("intakes", sa.Column("screened_version", sa.Integer(), nullable=True))
    op.add_column("intakes", sa.Column("screened_intake_day", sa.Date(), nullable=True))
    op.add_column("intakes", sa.Column("screening_digest", sa.String(length=64), nullable=True))
    for column, source in (("screened_as_of", "as_of"), ("rule_pack_id", "rule_pack_id"),
                           ("rule_pack_version", "rule_pack_version"),
                           ("rule_pack_reviewed", "rule_pack_reviewed"),
                           ("rule_pack_sources_as_of", "rule_pack_sources_as_of"),
                           ("screened_version", "screened_version"),
                           ("screened_intake_day", "intake_day"), ("screening_digest", "digest")):
        op.execute(f"UPDATE intakes SET {column} = (SELECT s.{source} FROM screenings s "
                   "WHERE s.intake_id = intakes.id)")
    op.drop_table("screenings")
