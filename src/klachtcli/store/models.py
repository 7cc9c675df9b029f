"""The register's tables. Schema changes go through a migration in migrations/versions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel

metadata = SQLModel.metadata
# Named constraints let Alembic's batch mode (SQLite table rebuilds) find and alter them.
metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# The WHERE of the partial index on open complaints; a query must say the same to use it.
OPEN_CONDITION = "status <> 'closed'"


class Partner(SQLModel, table=True):
    __tablename__ = "partner"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    complaint_phone: str | None = None
    complaint_email: str | None = None
    complaint_web: str | None = None
    complaint_address: str | None = None
    officer_name: str | None = None
    officer_email: str | None = None
    officer_phone: str | None = None
    contract_manager_name: str | None = None
    contract_manager_email: str | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    handover_on: date | None = None


class Category(SQLModel, table=True):
    __tablename__ = "category"

    code: str = Field(primary_key=True)
    label: str


class Complaint(SQLModel, table=True):
    __tablename__ = "complaint"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_complaint_year_seq"),
        Index("ix_complaint_contact_due", "contact_due"),
        Index("ix_complaint_handling_due", "handling_due"),
        Index("ix_complaint_received", "received"),
        Index("ix_complaint_closed_on_received", "closed_on", "received"),
        Index("ix_complaint_contact_on", "contact_on"),
        Index("ix_complaint_message_id", "message_id", unique=True),
        # Open complaints only (klacht termijnen): a few percent of a large register.
        Index(
            "ix_complaint_open_handling_due",
            "handling_due",
            sqlite_where=text(OPEN_CONDITION),
            # postgresql_where is in migration 0010 only: naming it here would load SQLAlchemy's
            # PostgreSQL dialect at every start.
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    year: int
    seq: int
    received: date
    channel: str
    lodged_with: str
    complainant_name: str | None = None
    complainant_email: str | None = None
    complainant_phone: str | None = None
    client: str | None = None
    category: str = Field(foreign_key="category.code")
    provision: str | None = None
    description: str | None = None
    complex: bool = False
    earlier_at_partner: bool = False
    wants_municipality: bool = False
    to_administrator: bool = False
    rules: str = ""
    advised_handler: str
    handler: str
    handler_partner_id: int | None = Field(default=None, foreign_key="partner.id")
    override_reason: str | None = None
    forwarded_on: date | None = None
    reopened_on: date | None = None  # last reopened with new facts: the terms run from it
    status: str = "registered"
    deadline_start: date
    contact_due: date | None = None
    contact_rule: str | None = None
    handling_due: date
    handling_rule: str
    notice_due: date | None = None
    extension_weeks: int = 0
    extension_consent: bool = False
    extension_consent_on: date | None = None
    # The written notice of an extension (Awb 9:11 lid 2): due on the deadline it extended.
    extension_notice_due: date | None = None
    extension_notice_on: date | None = None
    confirmed_on: date | None = None
    contact_on: date | None = None
    closed_on: date | None = None
    closing_kind: str | None = None
    not_handling_ground: str | None = None
    verdict: str | None = None
    measure: str | None = None
    ombudsman_named: bool | None = None
    satisfied: str | None = None
    feedback_on: date | None = None
    legal_hold: bool = False
    purged_on: date | None = None
    message_id: str | None = None  # of the e-mail it was registered from (nieuw --uit-mail)
    created_at: datetime
    source: str | None = None  # partnerrapport: read in from a partner's quarterly report


class Closing(SQLModel, table=True):
    """An earlier closing of a complaint that was reopened (SPEC §4): it stays in the history,
    and reports of past quarters keep counting it where it happened."""

    __tablename__ = "closing"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    closed_on: date
    kind: str  # afgehandeld | terugkoppeling | niet-behandelen | ingetrokken
    verdict: str | None = None
    measure: str | None = None
    satisfied: str | None = None
    ombudsman_named: bool | None = None
    feedback_on: date | None = None
    handler: str
    handling_due: date  # the deadline the closing was judged against
    notice_due: date | None = None
    extension_weeks: int = 0
    contact_on: date | None = None
    contact_due: date | None = None
    reopened_on: date
    reopen_kind: str  # nieuwe-feiten | vergissing
    created_at: datetime


class ComplaintCounter(SQLModel, table=True):
    """The last number taken per year; its row is locked while the next one is taken."""

    __tablename__ = "complaint_counter"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_seq: int


class ComplaintPartner(SQLModel, table=True):
    __tablename__ = "complaint_partner"

    complaint_id: int = Field(foreign_key="complaint.id", primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", primary_key=True)


class Event(SQLModel, table=True):
    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    kind: str
    on: date
    employee: str
    text: str | None = None
    attachment_name: str | None = None
    attachment_type: str | None = None
    attachment_sha256: str | None = None
    attachment: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    created_at: datetime


class NonWorkingDay(SQLModel, table=True):
    __tablename__ = "non_working_day"

    day: date = Field(primary_key=True)
    kind: str  # atw-gelijkgesteld | sluitingsdag
    description: str


class LetterTemplate(SQLModel, table=True):
    """The register's own template for one kind of letter (SPEC §9); without one the default
    shipped with the package is used."""

    __tablename__ = "letter_template"

    kind: str = Field(primary_key=True)
    file_name: str
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sha256: str
    employee: str
    imported_at: datetime


class Feestdag(SQLModel, table=True):
    """The feestdagen the `holidays` package computed for a year (SPEC §3), kept so everyday
    commands need not load it; a year is filled on first need."""

    __tablename__ = "feestdag"

    day: date = Field(primary_key=True)
    name: str


class Setting(SQLModel, table=True):
    __tablename__ = "setting"

    name: str = Field(primary_key=True)
    value: str


class AuditEntry(SQLModel, table=True):
    """Append-only: nothing in the program updates or deletes these rows except purging scrubs."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    employee: str
    command: str
    entity: str
    entity_key: str
    action: str
    before: str | None = None
    after: str | None = None


class OmbudsmanItem(SQLModel, table=True):
    """A request from the Ombudsman Metropool Amsterdam (WA §4 tweede lijn, §12)."""

    __tablename__ = "ombudsman_item"

    id: int | None = Field(default=None, primary_key=True)
    type: str  # informatievraag | interventieverzoek | klacht | eigen-onderzoek
    reference: str
    received: date
    deadline: date = Field(index=True)
    answered_on: date | None = None
    complaint_id: int | None = Field(default=None, foreign_key="complaint.id")
    partner_id: int | None = Field(default=None, foreign_key="partner.id")
    via_partner: bool = False
    notes: str | None = None
    created_at: datetime


class Meeting(SQLModel, table=True):
    """A meeting with a partner's klachtenfunctionaris (WA §7, §11)."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_partner_id_kind_on", "partner_id", "kind", "on"),)

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id")
    kind: str  # klachtenteam | contractmanager
    on: date
    notes: str | None = None
    created_at: datetime


class StopNotice(SQLModel, table=True):
    """A partner's wish to stop delivering to a client (WA §8, protocol stoppen met leveren)."""

    __tablename__ = "stop_notice"
    __table_args__ = (
        Index("ix_stop_notice_partner_id", "partner_id"),
        Index("ix_stop_notice_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id")
    # The client reference, voorziening and reason are personal data, removed by a purge
    # `bewaartermijn` years after the decision (SPEC §7); the row stays for the counts.
    client_ref: str | None
    provision: str | None
    reason: str | None
    reported_on: date
    status: str = "gemeld"  # gemeld | in-overleg | besloten
    consultation_on: date | None = None
    decision: str | None = None  # doorgaan | tijdelijk-gestopt | definitief-gestopt
    decided_on: date | None = None
    decision_reason: str | None = None
    created_at: datetime
    purged_on: date | None = None


class PartnerReport(SQLModel, table=True):
    """A partner's quarterly report as read in (WA §10, SPEC §10)."""

    __tablename__ = "partner_report"
    __table_args__ = (Index("ix_partner_report_partner_id_quarter", "partner_id", "quarter"),)

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id")
    quarter: str  # 2026-Q2
    file_name: str
    sha256: str
    rows: int
    imported_on: date
    employee: str
    created_at: datetime


class PartnerReportRow(SQLModel, table=True):
    """A partner's own reference and the complaint it stands for, so a corrected report
    updates that complaint instead of adding another."""

    __tablename__ = "partner_report_row"
    __table_args__ = (
        UniqueConstraint(
            "partner_id", "reference", name="uq_partner_report_row_partner_id_reference"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id")
    reference: str
    complaint_id: int = Field(foreign_key="complaint.id")
    quarter: str
