"""Letters (SPEC §9): the register's own letter templates, the 9:8 ground, the extension notice
and the date of the complainant's consent.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_template",
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("employee", sa.String(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_letter_template")),
    )
    op.add_column("complaint", sa.Column("not_handling_ground", sa.String(), nullable=True))
    op.add_column("complaint", sa.Column("extension_notice_due", sa.Date(), nullable=True))
    op.add_column("complaint", sa.Column("extension_notice_on", sa.Date(), nullable=True))
    op.add_column("complaint", sa.Column("extension_consent_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_column("extension_consent_on")
        batch_op.drop_column("extension_notice_on")
        batch_op.drop_column("extension_notice_due")
        batch_op.drop_column("not_handling_ground")
    op.drop_table("letter_template")
