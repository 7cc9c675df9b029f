"""Ombudsman items (WA §12) and the register's secret for pseudonymous complainant references.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ombudsman_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("reference", sa.String(), nullable=False),
        sa.Column("received", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("complaint_id", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("via_partner", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            name=op.f("fk_ombudsman_item_complaint_id_complaint"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_ombudsman_item_partner_id_partner")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ombudsman_item")),
    )
    with op.batch_alter_table("ombudsman_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ombudsman_item_deadline"), ["deadline"], unique=False)
    # Each register gets its own key, so a pseudonym cannot be recomputed from a name elsewhere.
    settings = sa.table("setting", sa.column("name", sa.String), sa.column("value", sa.String))
    op.bulk_insert(settings, [{"name": "pseudoniem_sleutel", "value": secrets.token_hex(32)}])


def downgrade() -> None:
    with op.batch_alter_table("ombudsman_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ombudsman_item_deadline"))
    op.drop_table("ombudsman_item")
    op.execute("DELETE FROM setting WHERE name = 'pseudoniem_sleutel'")
