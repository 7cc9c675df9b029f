"""Settings, legal hold and purging dossiers after the retention period (SPEC §7)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from klachtcli.domain import complaint as vocab
from klachtcli.domain.retention import (
    DEFAULT_YEARS,
    MAX_YEARS,
    MIN_YEARS,
    blocked_because,
    closed_by,
    dossier_due,
    purge_due,
)
from klachtcli.domain.signals import DEFAULT_MINIMUM
from klachtcli.errors import InputError, RegisterError
from klachtcli.services.audit import Actor, record
from klachtcli.services.complaints import add_event, get_complaint
from klachtcli.services.partners import codes_by_id
from klachtcli.store.db import busy_timeout_ms, disk_full, upgrade_backups
from klachtcli.store.models import (
    Closing,
    Complaint,
    Event,
    OmbudsmanItem,
    Setting,
    StopNotice,
)
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


def due_dossiers(
    session: Session, peildatum: date, *, with_ombudsman: bool = False
) -> list[DueDossier]:
    """Closed, not yet purged dossiers whose retention has passed, blocked ones included.

    Ombudsman items go with their complaint: the term runs from the last answer to the
    ombudsman when that is later than the closing. A dossier with items is only purged on an
    explicit `with_ombudsman`, and never while an item is unanswered."""
    years = retention_years(session)
    answers: dict[int, list[date | None]] = {}
    for complaint_id, answered_on in session.execute(
        select_columns(col(OmbudsmanItem.complaint_id), col(OmbudsmanItem.answered_on)).where(
            col(OmbudsmanItem.complaint_id).is_not(None)
        )
    ):
        answers.setdefault(complaint_id, []).append(answered_on)
    found = []
    # Only the columns needed, of the dossiers closed long enough ago (the index on closed_on):
    # loading every closed complaint took 4.9 GB and two minutes at 1M complaints.
    for cid, number, closed_on, legal_hold in session.execute(
        select_columns(
            col(Complaint.id),
            col(Complaint.number),
            col(Complaint.closed_on),
            col(Complaint.legal_hold),
        )
        .where(
            col(Complaint.closed_on) <= closed_by(peildatum, years),
            col(Complaint.status) == vocab.CLOSED,
            col(Complaint.purged_on).is_(None),
        )
        .order_by(col(Complaint.closed_on), col(Complaint.number))
        .execution_options(yield_per=5000)
    ):
        answered = answers.get(cid, [])
        due = dossier_due(closed_on, answered, years)
        if due <= peildatum:
            blocked = blocked_because(
                legal_hold=legal_hold,
                ombudsman=bool(answered),
                open_ombudsman=None in answered,
                with_ombudsman=with_ombudsman,
            )
            found.append(DueDossier(number, closed_on, due, blocked))
    return found


@dataclass(frozen=True)
class DueStopNotice:
    id: int
    partner: str
    decided_on: date
    due: date

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "partner": self.partner,
            "besloten_op": self.decided_on,
            "op_te_schonen_vanaf": self.due,
        }


def due_stop_notices(session: Session, peildatum: date) -> list[DueStopNotice]:
    """Decided, not yet purged stop notices whose retention has passed: `bewaartermijn` years
    after the decision (SPEC §7). One without a decision is never due."""
    years = retention_years(session)
    codes = codes_by_id(session)
    found = []
    for notice in session.exec(
        select(StopNotice)
        .where(col(StopNotice.decided_on).is_not(None), col(StopNotice.purged_on).is_(None))
        .order_by(col(StopNotice.decided_on), col(StopNotice.id))
    ).all():
        assert notice.decided_on is not None and notice.id is not None
        due = purge_due(notice.decided_on, years)
        if due <= peildatum:
            found.append(DueStopNotice(notice.id, codes[notice.partner_id], notice.decided_on, due))
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


def purge(session: Session, actor: Actor, dossiers: Iterable[DueDossier]) -> list[str]:
    """Remove the personal data of every due, unblocked dossier. Returns their numbers."""
    purged = []
    for dossier in dossiers:
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
        for item in session.exec(
            select(OmbudsmanItem).where(OmbudsmanItem.complaint_id == complaint.id)
        ).all():
            item.notes = None  # type, reference, dates and links stay for the annual figures
            session.add(item)
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


@dataclass(frozen=True)
class DueOmbudsmanItem:
    """An answered ombudsman item without a complaint, whose notes are past retention."""

    id: int
    answered_on: date
    due: date

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "beantwoord_op": self.answered_on, "op_te_schonen_vanaf": self.due}


def _loose_items(session: Session, peildatum: date) -> list[DueOmbudsmanItem]:
    """Answered items without a complaint that are `bewaartermijn` years past their answer
    (those with a complaint go with it)."""
    years = retention_years(session)
    found = []
    for item in session.exec(
        select(OmbudsmanItem)
        .where(
            col(OmbudsmanItem.complaint_id).is_(None),
            col(OmbudsmanItem.answered_on).is_not(None),
        )
        .order_by(col(OmbudsmanItem.answered_on), col(OmbudsmanItem.id))
    ).all():
        assert item.answered_on is not None and item.id is not None
        due = purge_due(item.answered_on, years)
        if due <= peildatum:
            found.append(DueOmbudsmanItem(item.id, item.answered_on, due))
    return found


def due_ombudsman_items(session: Session, peildatum: date) -> list[DueOmbudsmanItem]:
    """The loose items past retention that still have notes to remove."""
    due = {d.id: d for d in _loose_items(session, peildatum)}
    with_notes = set(
        session.exec(
            select(OmbudsmanItem.id).where(
                col(OmbudsmanItem.id).in_(due), col(OmbudsmanItem.notes).is_not(None)
            )
        ).all()
    )
    return [d for d in due.values() if d.id in with_notes]


def purge_ombudsman_items(
    session: Session, actor: Actor, items: Iterable[DueOmbudsmanItem]
) -> list[int]:
    """Remove the notes of loose ombudsman items; type, reference, dates and partner stay."""
    purged = []
    for due in items:
        item = session.get(OmbudsmanItem, due.id)
        assert item is not None
        item.notes = None
        session.add(item)
        record(
            session,
            actor,
            entity="ombudsman",
            key=str(due.id),
            action="opgeschoond",
            after={
                "beantwoord_op": due.answered_on,
                "bewaartermijn_jaren": retention_years(session),
            },
        )
        purged.append(due.id)
    return purged


def purge_stop_notices(
    session: Session, actor: Actor, notices: Iterable[DueStopNotice]
) -> list[int]:
    """Remove client reference, voorziening and reasons of due stop notices; partner, dates,
    status and the kind of decision stay so the counts do."""
    years = retention_years(session)
    purged = []
    for due in notices:
        notice = session.get(StopNotice, due.id)
        assert notice is not None
        notice.client_ref = notice.provision = notice.reason = notice.decision_reason = None
        notice.purged_on = actor.today
        session.add(notice)
        record(
            session,
            actor,
            entity="stopmelding",
            key=str(due.id),
            action="opgeschoond",
            after={"besloten_op": due.decided_on, "bewaartermijn_jaren": years},
        )
        purged.append(due.id)
    return purged


@dataclass(frozen=True)
class BackupCopy:
    """A copy `klacht` made before an upgrade, and what it still holds that retention removes
    (or removed) from the register. One that cannot be read counts as holding it."""

    path: Path
    readable: bool
    dossiers: tuple[str, ...] = ()
    stop_notices: tuple[int, ...] = ()
    ombudsman_items: tuple[int, ...] = ()

    @property
    def holds_due_data(self) -> bool:
        return not self.readable or bool(self.dossiers or self.stop_notices or self.ombudsman_items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pad": str(self.path),
            "leesbaar": self.readable,
            "dossiers": list(self.dossiers),
            "stopmeldingen": list(self.stop_notices),
            "ombudsmanzaken": list(self.ombudsman_items),
        }


@dataclass(frozen=True)
class Review:
    """What `klacht bewaartermijn` finds on a peildatum (SPEC §7)."""

    years: int
    dossiers: list[DueDossier]
    stop_notices: list[DueStopNotice]
    ombudsman_items: list[DueOmbudsmanItem]
    backups: list[BackupCopy]
    on_server: bool

    @property
    def blocking_backups(self) -> list[BackupCopy]:
        return [b for b in self.backups if b.holds_due_data]


@dataclass(frozen=True)
class Purged:
    dossiers: list[str]
    stop_notices: list[int]
    ombudsman_items: list[int]


def review(
    session: Session, register: Register, peildatum: date, *, with_ombudsman: bool = False
) -> Review:
    dossiers = due_dossiers(session, peildatum, with_ombudsman=with_ombudsman)
    notices = due_stop_notices(session, peildatum)
    items = due_ombudsman_items(session, peildatum)
    years = retention_years(session)
    if isinstance(register, Server):  # no copies beside it: pg_dump and WAL are the DBA's
        return Review(years, dossiers, notices, items, [], on_server=True)
    # A backup must not keep what this run removes, nor what earlier runs removed.
    numbers = {d.number for d in dossiers if not d.blocked} | set(
        session.exec(select(Complaint.number).where(col(Complaint.purged_on).is_not(None))).all()
    )
    notice_ids = {n.id for n in notices} | {
        i
        for i in session.exec(
            select(StopNotice.id).where(col(StopNotice.purged_on).is_not(None))
        ).all()
        if i is not None
    }
    item_ids = {i.id for i in _loose_items(session, peildatum)}
    backups = [_inspect(path, numbers, notice_ids, item_ids) for path in upgrade_backups(register)]
    return Review(years, dossiers, notices, items, backups, on_server=False)


def execute(session: Session, actor: Actor, found: Review, *, with_backups: bool) -> Purged:
    """Purge what `review` found, in the caller's one transaction. Refused (nothing changes)
    while a pre-upgrade backup still holds it, unless the caller removes those copies after
    the commit (`remove_backups`)."""
    blocking = found.blocking_backups
    if blocking and not with_backups:
        names = ", ".join(str(b.path) for b in blocking)
        raise InputError(
            f"Niet opgeschoond: deze reservekopie(ën) van vóór een upgrade bevatten nog "
            f"gegevens die nu worden opgeschoond: {names}. Gebruik --met-backups om ze in "
            "dezelfde run te verwijderen, of verwijder of vernietig ze eerst zelf. "
            "Er is niets gewijzigd."
        )
    return Purged(
        purge(session, actor, found.dossiers),
        purge_stop_notices(session, actor, found.stop_notices),
        purge_ombudsman_items(session, actor, found.ombudsman_items),
    )


def remove_backups(found: Review) -> list[Path]:
    """Delete the backups that hold purged data (after the purge is committed), with their
    journal files. An unlink only: copies the file system keeps (snapshots, a backup of the
    disk) are out of reach."""
    removed = []
    for backup in found.blocking_backups:
        try:
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{backup.path}{suffix}").unlink(missing_ok=True)
            backup.path.unlink(missing_ok=True)
        except OSError as exc:
            raise RegisterError(
                f"De gegevens zijn opgeschoond, maar de reservekopie {backup.path} kon niet "
                f"worden verwijderd ({exc.strerror or exc}). Verwijder die zelf."
            ) from None
        removed.append(backup.path)
    return removed


def _inspect(path: Path, numbers: set[str], notice_ids: set[int], item_ids: set[int]) -> BackupCopy:
    """Open the copy read-only and look which of these dossiers and stop notices it still
    holds with personal data; any error reading it makes it count as holding everything."""
    # Nobody writes a backup: read it as immutable, so reading leaves no -wal/-shm files
    # beside it; only when a -wal is there (it was opened since) read it the normal way.
    mode = "mode=ro" if Path(f"{path}-wal").exists() else "immutable=1"
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?{mode}", uri=True, timeout=busy_timeout_ms() / 1000
        )
        try:
            held = _personal_numbers(conn) & numbers
            notices = _personal_stop_notices(conn) & notice_ids
            items = _noted_items(conn) & item_ids
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        return BackupCopy(path, readable=False)
    return BackupCopy(path, True, tuple(sorted(held)), tuple(sorted(notices)), tuple(sorted(items)))


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})").fetchall()}


def _any_set(columns: Iterable[str], prefix: str = "") -> str:
    return " OR ".join(f'{prefix}"{c}" IS NOT NULL' for c in columns) or "0"


def _personal_numbers(conn: sqlite3.Connection) -> set[str]:
    """Complaint numbers with any personal data left (a copy may have an older schema)."""
    personal = _columns(conn, "complaint") & set(PERSONAL_COLUMNS)
    event = _columns(conn, "event") & {"text", "attachment", "attachment_name"}
    query = f"SELECT c.number FROM complaint c WHERE {_any_set(sorted(personal), 'c.')}"
    if event:
        query += (
            " OR EXISTS (SELECT 1 FROM event e WHERE e.complaint_id = c.id AND "
            f"({_any_set(sorted(event), 'e.')}))"
        )
    return {str(row[0]) for row in conn.execute(query).fetchall()}


def _personal_stop_notices(conn: sqlite3.Connection) -> set[int]:
    personal = _columns(conn, "stop_notice") & {
        "client_ref",
        "provision",
        "reason",
        "decision_reason",
    }
    if not personal:
        return set()
    query = f"SELECT id FROM stop_notice WHERE {_any_set(sorted(personal))}"
    return {int(row[0]) for row in conn.execute(query).fetchall()}


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
    except sqlite3.Error as exc:
        if disk_full(exc):  # VACUUM needs room for a second copy of the register
            raise RegisterError(
                "De dossiers zijn opgeschoond, maar het register kon niet worden gecomprimeerd "
                "omdat de schijf vol is; verwijderde gegevens kunnen nog in het bestand staan. "
                "Maak ruimte vrij (zo groot als het register) en draai `klacht bewaartermijn "
                "--uitvoeren` opnieuw."
            ) from None
        raise RegisterError(again) from None
    raise RegisterError(again)


def _noted_items(conn: sqlite3.Connection) -> set[int]:
    if "notes" not in _columns(conn, "ombudsman_item"):
        return set()
    query = "SELECT id FROM ombudsman_item WHERE notes IS NOT NULL"
    return {int(row[0]) for row in conn.execute(query).fetchall()}
