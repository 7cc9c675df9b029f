"""Non-working days as data: Royal-Decree days equated to feestdagen (Atw art. 3 lid 3).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The known besluiten as of this migration. The list is frozen here on purpose: a later decree
# is added with `klacht kalender toevoegen`, so deadlines already stored do not shift.
ATW_DAYS = [
    (date(2023, 4, 28), "vrijdag na Koningsdag (Besluit Atw 2023)"),
    (date(2023, 5, 19), "vrijdag na Hemelvaartsdag (Besluit Atw 2023)"),
    (date(2024, 5, 10), "vrijdag na Hemelvaartsdag (Besluit Atw 2024)"),
    (date(2024, 12, 27), "vrijdag na Kerstmis (Besluit Atw 2024)"),
    (date(2025, 5, 30), "vrijdag na Hemelvaartsdag (Besluit Atw 2025)"),
    (date(2026, 1, 2), "vrijdag na Nieuwjaarsdag (Besluit Atw 2026)"),
    (date(2026, 5, 15), "vrijdag na Hemelvaartsdag (Besluit Atw 2026)"),
    (date(2027, 5, 7), "vrijdag na Hemelvaartsdag (Besluit Atw 2027)"),
    (date(2028, 4, 28), "vrijdag na Koningsdag (Besluit Atw 2028)"),
    (date(2028, 5, 26), "vrijdag na Hemelvaartsdag (Besluit Atw 2028)"),
]


def upgrade() -> None:
    table = op.create_table(
        "non_working_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_non_working_day")),
    )
    op.bulk_insert(
        table,
        [{"day": day, "kind": "atw-gelijkgesteld", "description": text} for day, text in ATW_DAYS],
    )


def downgrade() -> None:
    op.drop_table("non_working_day")
