"""The Message-ID of a complaint registered from an e-mail (`klacht nieuw --uit-mail`), unique so
the same message is never registered twice.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("complaint", sa.Column("message_id", sa.String(), nullable=True))
    # unique, but many complaints have none: NULLs never collide (SQLite and PostgreSQL)
    op.create_index("ix_complaint_message_id", "complaint", ["message_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_complaint_message_id", table_name="complaint")
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_column("message_id")
