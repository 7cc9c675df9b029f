"""Initial register: partners, complaints, dossier events, categories, settings, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# SPEC §1 default categories; later ones are added with a command, not here.
CATEGORIES = [
    ("bejegening", "Bejegening"),
    ("kwaliteit", "Kwaliteit"),
    ("levering", "Levering (niet/te laat geleverd, planning)"),
    ("vervoer", "Vervoer"),
    ("hulpmiddel", "Hulpmiddel"),
    ("communicatie", "Communicatie (bereikbaarheid, informatie)"),
    ("financieel", "Financieel (eigen bijdrage, facturen)"),
    ("toegang", "Toegang (aanvraag, beschikking, procedure)"),
    ("privacy", "Privacy"),
    ("overig", "Overig"),
]


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("employee", sa.String(), nullable=False),
        sa.Column("command", sa.String(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_key", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("before", sa.String(), nullable=True),
        sa.Column("after", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "category",
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_category")),
    )
    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("complaint_phone", sa.String(), nullable=True),
        sa.Column("complaint_email", sa.String(), nullable=True),
        sa.Column("complaint_web", sa.String(), nullable=True),
        sa.Column("complaint_address", sa.String(), nullable=True),
        sa.Column("officer_name", sa.String(), nullable=True),
        sa.Column("officer_email", sa.String(), nullable=True),
        sa.Column("officer_phone", sa.String(), nullable=True),
        sa.Column("contract_manager_name", sa.String(), nullable=True),
        sa.Column("contract_manager_email", sa.String(), nullable=True),
        sa.Column("contract_start", sa.Date(), nullable=True),
        sa.Column("contract_end", sa.Date(), nullable=True),
        sa.Column("handover_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
        sa.UniqueConstraint("code", name=op.f("uq_partner_code")),
    )
    op.create_table(
        "setting",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_setting")),
    )
    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("received", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("lodged_with", sa.String(), nullable=False),
        sa.Column("complainant_name", sa.String(), nullable=True),
        sa.Column("complainant_email", sa.String(), nullable=True),
        sa.Column("complainant_phone", sa.String(), nullable=True),
        sa.Column("client", sa.String(), nullable=True),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("provision", sa.String(), nullable=True),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("complex", sa.Boolean(), nullable=False),
        sa.Column("earlier_at_partner", sa.Boolean(), nullable=False),
        sa.Column("wants_municipality", sa.Boolean(), nullable=False),
        sa.Column("to_administrator", sa.Boolean(), nullable=False),
        sa.Column("rules", sa.String(), nullable=False),
        sa.Column("advised_handler", sa.String(), nullable=False),
        sa.Column("handler", sa.String(), nullable=False),
        sa.Column("handler_partner_id", sa.Integer(), nullable=True),
        sa.Column("override_reason", sa.String(), nullable=True),
        sa.Column("forwarded_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("deadline_start", sa.Date(), nullable=False),
        sa.Column("contact_due", sa.Date(), nullable=True),
        sa.Column("contact_rule", sa.String(), nullable=True),
        sa.Column("handling_due", sa.Date(), nullable=False),
        sa.Column("handling_rule", sa.String(), nullable=False),
        sa.Column("notice_due", sa.Date(), nullable=True),
        sa.Column("extension_weeks", sa.Integer(), nullable=False),
        sa.Column("extension_consent", sa.Boolean(), nullable=False),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.Column("contact_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closing_kind", sa.String(), nullable=True),
        sa.Column("verdict", sa.String(), nullable=True),
        sa.Column("measure", sa.String(), nullable=True),
        sa.Column("ombudsman_named", sa.Boolean(), nullable=True),
        sa.Column("satisfied", sa.String(), nullable=True),
        sa.Column("feedback_on", sa.Date(), nullable=True),
        sa.Column("legal_hold", sa.Boolean(), nullable=False),
        sa.Column("purged_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["category"], ["category.code"], name=op.f("fk_complaint_category_category")
        ),
        sa.ForeignKeyConstraint(
            ["handler_partner_id"],
            ["partner.id"],
            name=op.f("fk_complaint_handler_partner_id_partner"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint")),
        sa.UniqueConstraint("number", name=op.f("uq_complaint_number")),
        sa.UniqueConstraint("year", "seq", name="uq_complaint_year_seq"),
    )
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.create_index("ix_complaint_closed_on", ["closed_on"], unique=False)
        batch_op.create_index("ix_complaint_contact_due", ["contact_due"], unique=False)
        batch_op.create_index("ix_complaint_handling_due", ["handling_due"], unique=False)
        batch_op.create_index("ix_complaint_received", ["received"], unique=False)

    op.create_table(
        "complaint_partner",
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            name=op.f("fk_complaint_partner_complaint_id_complaint"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_complaint_partner_partner_id_partner")
        ),
        sa.PrimaryKeyConstraint("complaint_id", "partner_id", name=op.f("pk_complaint_partner")),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("employee", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=True),
        sa.Column("attachment_name", sa.String(), nullable=True),
        sa.Column("attachment_type", sa.String(), nullable=True),
        sa.Column("attachment_sha256", sa.String(), nullable=True),
        sa.Column("attachment", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaint.id"], name=op.f("fk_event_complaint_id_complaint")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_complaint_id"), ["complaint_id"], unique=False)

    categories = sa.table("category", sa.column("code", sa.String), sa.column("label", sa.String))
    op.bulk_insert(categories, [{"code": code, "label": label} for code, label in CATEGORIES])
    settings = sa.table("setting", sa.column("name", sa.String), sa.column("value", sa.String))
    op.bulk_insert(settings, [{"name": "bewaartermijn", "value": "2"}])


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_complaint_id"))

    op.drop_table("event")
    op.drop_table("complaint_partner")
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_index("ix_complaint_received")
        batch_op.drop_index("ix_complaint_handling_due")
        batch_op.drop_index("ix_complaint_contact_due")
        batch_op.drop_index("ix_complaint_closed_on")

    op.drop_table("complaint")
    op.drop_table("setting")
    op.drop_table("partner")
    op.drop_table("category")
    op.drop_table("audit_log")
