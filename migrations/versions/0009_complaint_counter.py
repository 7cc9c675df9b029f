"""A counter row per year for complaint numbers, locked while a number is taken (SPEC §1, §11).

On PostgreSQL several writers run at once; SELECT … FOR UPDATE on the year's row makes them
queue for a number instead of both reading the same max(seq). SQLite already serializes writers.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaint_counter",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_complaint_counter")),
    )
    op.execute(
        "INSERT INTO complaint_counter (year, last_seq) "
        "SELECT year, max(seq) FROM complaint GROUP BY year"
    )


def downgrade() -> None:
    op.drop_table("complaint_counter")
