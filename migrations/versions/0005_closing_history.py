"""Earlier closings of reopened complaints, and the date new facts restarted the terms.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("verdict", sa.String(), nullable=True),
        sa.Column("measure", sa.String(), nullable=True),
        sa.Column("satisfied", sa.String(), nullable=True),
        sa.Column("ombudsman_named", sa.Boolean(), nullable=True),
        sa.Column("feedback_on", sa.Date(), nullable=True),
        sa.Column("handler", sa.String(), nullable=False),
        sa.Column("handling_due", sa.Date(), nullable=False),
        sa.Column("notice_due", sa.Date(), nullable=True),
        sa.Column("extension_weeks", sa.Integer(), nullable=False),
        sa.Column("contact_on", sa.Date(), nullable=True),
        sa.Column("contact_due", sa.Date(), nullable=True),
        sa.Column("reopened_on", sa.Date(), nullable=False),
        sa.Column("reopen_kind", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaint.id"], name=op.f("fk_closing_complaint_id_complaint")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closing")),
    )
    op.create_index("ix_closing_complaint_id", "closing", ["complaint_id"], unique=False)
    op.add_column("complaint", sa.Column("reopened_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_column("reopened_on")
    op.drop_index("ix_closing_complaint_id", table_name="closing")
    op.drop_table("closing")
