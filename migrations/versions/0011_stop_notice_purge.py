"""Retention of stop notices (SPEC §7): their personal data can be removed, the row stays.

A stop notice is purged `bewaartermijn` years after its decision: the client reference, the
voorziening and the reasons go, partner, dates, status and the kind of decision stay so the
counts do. Those columns become nullable and `purged_on` records when it happened.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

PERSONAL = ("client_ref", "provision", "reason")


def upgrade() -> None:
    with op.batch_alter_table("stop_notice", schema=None) as batch_op:
        for name in PERSONAL:
            batch_op.alter_column(name, existing_type=sa.String(), nullable=True)
        batch_op.add_column(sa.Column("purged_on", sa.Date(), nullable=True))


def downgrade() -> None:
    for name in PERSONAL:
        op.execute(f"UPDATE stop_notice SET {name} = '' WHERE {name} IS NULL")
    with op.batch_alter_table("stop_notice", schema=None) as batch_op:
        batch_op.drop_column("purged_on")
        for name in PERSONAL:
            batch_op.alter_column(name, existing_type=sa.String(), nullable=False)
