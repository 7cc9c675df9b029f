"""Meetings with partners (WA §7, §11) and stop notices (WA §8, protocol stoppen met leveren).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_meeting_partner_id_partner")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        # the last meeting of each kind per partner (klacht termijnen)
        batch_op.create_index(
            "ix_meeting_partner_id_kind_on", ["partner_id", "kind", "on"], unique=False
        )
    op.create_table(
        "stop_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("client_ref", sa.String(), nullable=False),
        sa.Column("provision", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("consultation_on", sa.Date(), nullable=True),
        sa.Column("decision", sa.String(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_reason", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_stop_notice_partner_id_partner")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stop_notice")),
    )
    with op.batch_alter_table("stop_notice", schema=None) as batch_op:
        batch_op.create_index("ix_stop_notice_partner_id", ["partner_id"], unique=False)
        batch_op.create_index("ix_stop_notice_status", ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stop_notice", schema=None) as batch_op:
        batch_op.drop_index("ix_stop_notice_status")
        batch_op.drop_index("ix_stop_notice_partner_id")
    op.drop_table("stop_notice")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_partner_id_kind_on")
    op.drop_table("meeting")
