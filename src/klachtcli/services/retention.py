"""Settings, legal hold and purging dossiers after the retention period (SPEC §7)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from klachtcli.domain import complaint as vocab
from klachtcli.domain.retention import (
    DEFAULT_YEARS,
    MAX_YEARS,
    MIN_YEARS,
    blocked_because,
    purge_due,
)
from klachtcli.domain.signals import DEFAULT_MINIMUM
from klachtcli.errors import InputError, RegisterError
from klachtcli.services.audit import Actor, record
from klachtcli.services.complaints import add_event, get_complaint
from klachtcli.store.db import busy_timeout_ms
from klachtcli.store.models import Closing, Complaint, Event, OmbudsmanItem, Setting
from klachtcli.store.target import Register, Server

RETENTION = "bewaartermijn"
SIGNAL_MINIMUM = "signaal_minimum"
PARTNER_REPORT_DAYS = "partnerrapport_dagen"


def _count(
    name: str, low: int, high: int, *, plural: str, unit: str, why: str = ""
) -> Callable[[str], int]:
    """The check of a whole-number setting between ``low`` and ``high``."""

    def check(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise InputError(f"{name} moet een aantal {plural} zijn, niet {text!r}.") from None
        if not low <= number <= high:
            raise InputError(f"{name} moet tussen {low} en {high} {unit} liggen{why}.")
        return number

    return check


# Settings users may see and change: their check and their value when the register has none.
# Others (the pseudonym key) stay hidden.
_SETTINGS: dict[str, tuple[Callable[[str], int], int]] = {
    RETENTION: (
        _count(
            RETENTION,
            MIN_YEARS,
            MAX_YEARS,
            plural="jaren",
            unit="jaar",
            why=f" (WA §9: minstens {MIN_YEARS})",
        ),
        DEFAULT_YEARS,
    ),
    # Growth signals need at least this many complaints in the quarter (a rise 0 -> 1 is noise).
    SIGNAL_MINIMUM: (
        _count(SIGNAL_MINIMUM, 1, 1000, plural="klachten", unit="klachten"),
        DEFAULT_MINIMUM,
    ),
    # A partner's quarterly report is missing this many days after the quarter ends (SPEC §10).
    PARTNER_REPORT_DAYS: (
        _count(PARTNER_REPORT_DAYS, 0, 365, plural="dagen", unit="dagen"),
        30,
    ),
}
VISIBLE = tuple(_SETTINGS)


def settings(session: Session) -> dict[str, str]:
    rows = session.exec(select(Setting).where(col(Setting.name).in_(VISIBLE))).all()
    stored = {row.name: row.value for row in rows}
    return {name: stored.get(name, str(default)) for name, (_, default) in _SETTINGS.items()}


def number_setting(session: Session, name: str) -> int:
    """A numeric setting's value, or its default when the register has none."""
    setting = session.get(Setting, name)
    return int(setting.value) if setting else _SETTINGS[name][1]


def change_setting(session: Session, actor: Actor, name: str, value: str) -> str:
    if name not in VISIBLE:
        raise InputError(f"Onbekende instelling {name!r}. Bekend: {', '.join(VISIBLE)}.")
    clean = str(_SETTINGS[name][0](value))
    setting = session.get(Setting, name) or Setting(name=name, value=clean)
    before = setting.value
    setting.value = clean
    session.add(setting)
    record(
        session,
        actor,
        entity="instelling",
        key=name,
        action="wijzigen",
        before={"waarde": before},
        after={"waarde": clean},
    )
    return clean


def retention_years(session: Session) -> int:
    return number_setting(session, RETENTION)


def set_hold(session: Session, actor: Actor, number: str, hold: bool) -> Complaint:
    complaint = get_complaint(session, number, for_change=True)
    if complaint.legal_hold == hold:
        state = "staat al op bewaren" if hold else "staat niet op bewaren"
        raise InputError(f"Klacht {complaint.number} {state}.")
    complaint.legal_hold = hold
    session.add(complaint)
    text = "Bewaren: nooit automatisch opschonen." if hold else "Bewaren opgeheven."
    add_event(session, actor, complaint, "bewaren", actor.today, text)
    record(
        session,
        actor,
        entity="klacht",
        key=complaint.number,
        action="bewaren",
        before={"legal_hold": not hold},
        after={"legal_hold": hold},
    )
    return complaint


@dataclass(frozen=True)
class DueDossier:
    number: str
    closed_on: date
    due: date
    blocked: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "nummer": self.number,
            "gesloten_op": self.closed_on,
            "op_te_schonen_vanaf": self.due,
            "tegengehouden": self.blocked,
        }


def due_dossiers(session: Session, peildatum: date) -> list[DueDossier]:
    """Closed, not yet purged dossiers whose retention has passed, blocked ones included."""
    years = retention_years(session)
    with_ombudsman = set(
        session.exec(
            select(OmbudsmanItem.complaint_id).where(col(OmbudsmanItem.complaint_id).is_not(None))
        ).all()
    )
    found = []
    for c in session.exec(
        select(Complaint)
        .where(Complaint.status == vocab.CLOSED, col(Complaint.purged_on).is_(None))
        .order_by(col(Complaint.closed_on), col(Complaint.number))
    ).all():
        assert c.closed_on is not None
        due = purge_due(c.closed_on, years)
        if due <= peildatum:
            blocked = blocked_because(legal_hold=c.legal_hold, has_ombudsman=c.id in with_ombudsman)
            found.append(DueDossier(c.number, c.closed_on, due, blocked))
    return found


# What a purged dossier keeps is the statistical row: dates, category, partners (still linked),
# channel, handler and outcome. Everything a person could be recognised by goes.
PERSONAL_COLUMNS = (
    "complainant_name",
    "complainant_email",
    "complainant_phone",
    "message_id",  # may hold the sender's address
    "client",
    "description",
    "provision",
    "measure",
    "override_reason",
)


def purge(session: Session, actor: Actor, peildatum: date) -> list[str]:
    """Remove the personal data of every due, unblocked dossier. Returns their numbers."""
    purged = []
    for dossier in due_dossiers(session, peildatum):
        if dossier.blocked:
            continue
        complaint = get_complaint(session, dossier.number)
        for column in PERSONAL_COLUMNS:
            setattr(complaint, column, None)
        complaint.purged_on = actor.today
        session.add(complaint)
        for closing in session.exec(
            select(Closing).where(Closing.complaint_id == complaint.id)
        ).all():
            closing.measure = None  # free text, like the complaint's own measure
            session.add(closing)
        for event in session.exec(select(Event).where(Event.complaint_id == complaint.id)).all():
            event.text = None
            event.attachment = None
            event.attachment_name = None
            event.attachment_type = None
            event.attachment_sha256 = None
            session.add(event)
        record(
            session,
            actor,
            entity="klacht",
            key=complaint.number,
            action="opgeschoond",
            after={
                "gesloten_op": dossier.closed_on,
                "bewaartermijn_jaren": retention_years(session),
            },
        )
        purged.append(complaint.number)
    return purged


# The tables whose rows a purge scrubs; on PostgreSQL they are rewritten after it.
PURGED_TABLES = ("complaint", "event", "audit_log", "ombudsman_item", "stop_notice")


def compact(path: Register) -> str | None:
    """Rebuild the file so no removed bytes remain in free pages or the WAL (SPEC §7).

    Runs after the purge has been committed; if another process keeps the register busy, the
    user is told to run it again (`--uitvoeren` always compacts, also when nothing is due).
    On PostgreSQL the purged tables are vacuumed; returns what the user must still know.
    """
    if isinstance(path, Server):
        from klachtcli.store import server

        server.vacuum(path, PURGED_TABLES, busy_timeout_ms())
        return server.PURGE_NOTE
    again = (
        "De dossiers zijn opgeschoond, maar het register kon niet worden gecomprimeerd omdat "
        "het in gebruik is; verwijderde gegevens kunnen nog in het bestand staan. Draai "
        "`klacht bewaartermijn --uitvoeren` opnieuw als niemand anders het register gebruikt."
    )
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms() / 1000)
        try:
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("VACUUM")
            for _ in range(20):
                busy, _log, _moved = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if not busy:
                    return None
                time.sleep(0.25)
        finally:
            conn.close()
    except sqlite3.Error:
        raise RegisterError(again) from None
    raise RegisterError(again)
