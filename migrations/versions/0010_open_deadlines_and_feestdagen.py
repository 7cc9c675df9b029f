"""Speed at scale: a partial index on the deadlines of open complaints, and the feestdagen cache.

`klacht termijnen --overdue` reads only open complaints; on a register of a million complaints
about 5% are open, and a partial index holds just those. The feestdag table keeps, per year, the
feestdagen that the `holidays` package computed (SPEC §3), so an everyday command does not load
that package; it is filled on first need of a year, never by hand.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

OPEN = "status <> 'closed'"


def upgrade() -> None:
    op.create_index(
        "ix_complaint_open_handling_due",
        "complaint",
        ["handling_due"],
        unique=False,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_table(
        "feestdag",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_feestdag")),
    )


def downgrade() -> None:
    op.drop_table("feestdag")
    op.drop_index("ix_complaint_open_handling_due", table_name="complaint")
