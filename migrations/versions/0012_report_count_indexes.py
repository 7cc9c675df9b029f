"""Speed at scale: indexes for the annual figures that the database counts (issue 12).

`rapport --jaar` counts the first contacts of a year (by `contact_on`) and the complaints open
at the end of each quarter (received on or before that day, closed after it). Without an index
on `contact_on`, and one on `closed_on` that also holds `received`, a year long past reads most
of a register of a million complaints; with them it reads about that year. The new index on
(`closed_on`, `received`) replaces the one on `closed_on` alone, which is its first half.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_complaint_contact_on", "complaint", ["contact_on"], unique=False)
    op.create_index(
        "ix_complaint_closed_on_received", "complaint", ["closed_on", "received"], unique=False
    )
    op.drop_index("ix_complaint_closed_on", table_name="complaint")


def downgrade() -> None:
    op.create_index("ix_complaint_closed_on", "complaint", ["closed_on"], unique=False)
    op.drop_index("ix_complaint_closed_on_received", table_name="complaint")
    op.drop_index("ix_complaint_contact_on", table_name="complaint")
