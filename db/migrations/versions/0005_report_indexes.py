"""Covering indexes for manager reports: caseload counts by flag, level, policy, intake date and
nationality read only these indexes, never the intakes' facts or the flags' reasons.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Indexes only (no table rebuild), so the triggers of revision 0002 stay in place.
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_intakes_report", "intakes",
                    ["intake_date", "primary_nationality", "client_id", "ordinal", "id"])
    op.create_index("ix_flags_report", "flags", ["intake_id", "flag_id", "level", "policy"])


def downgrade() -> None:
    op.drop_index("ix_flags_report", table_name="flags")
    op.drop_index("ix_intakes_report", table_name="intakes")
