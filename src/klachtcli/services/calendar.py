"""The working-day calendar as the register defines it: computed feestdagen plus data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import event, func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from klachtcli.domain.calendar import Calendar
from klachtcli.domain.complaint import CLOSED
from klachtcli.domain.dates import fmt
from klachtcli.domain.text import choice, required_text
from klachtcli.errors import InputError
from klachtcli.services.audit import Actor, record
from klachtcli.services.terms import refresh_deadlines
from klachtcli.store.models import Complaint, Feestdag, NonWorkingDay, Partner

ATW = "atw-gelijkgesteld"
CLOSURE = "sluitingsdag"
# How far before the years it knows a write fills in feestdagen (see _keep_feestdagen).
MAX_YEARS_BACK = 30


def load_calendar(session: Session) -> Calendar:
    """The calendar of this register, built once per transaction (holiday lookups are cached)."""
    cached = session.info.get("calendar")
    if isinstance(cached, Calendar):
        return cached
    rows = session.exec(select(NonWorkingDay)).all()
    known: dict[int, dict[date, str]] = {}
    for day, name in session.execute(select_columns(col(Feestdag.day), col(Feestdag.name))):
        known.setdefault(day.year, {})[day] = name
    cal = Calendar(
        atw_days={row.day: row.description for row in rows if row.kind == ATW},
        closure_days={row.day: row.description for row in rows if row.kind == CLOSURE},
        feestdagen=known,
    )
    session.info["calendar"] = cal
    # A command that writes keeps the years it computed; a read-only one only computes them.
    event.listen(session, "before_commit", _keep_feestdagen)
    return cal


def _keep_feestdagen(session: Session) -> None:
    """Store the feestdagen the calendar computed this transaction (migration 0010's cache),
    and those of the years between the register's first data and the years it knows.

    Read-only commands never write the cache, yet `termijnen` counts working days back to old
    due dates (a meeting due since a contract began in 2024); without those years stored, every
    run would load `holidays` again. So a write fills the gap once."""
    cal = session.info.get("calendar")
    if not isinstance(cal, Calendar):
        return
    stored = {day.year for day in session.execute(select_columns(col(Feestdag.day))).scalars()}
    known = stored | set(cal.computed_feestdagen())
    first = _first_year_of_data(session)
    if known and first is not None:
        # Bounded, so one typo in a date cannot make a write compute a century of feestdagen.
        cal.cover(range(max(first, min(known) - MAX_YEARS_BACK), max(known) + 1))
    for year, days in cal.computed_feestdagen().items():
        if year not in stored:
            session.add_all(Feestdag(day=day, name=name) for day, name in days.items())


def _first_year_of_data(session: Session) -> int | None:
    """The earliest year a deadline of the register can fall in: its first complaint, or the
    first contract start (meetings and partner reports are due from it)."""
    firsts = [
        session.execute(select_columns(func.min(col(Complaint.received)))).scalar(),
        session.execute(select_columns(func.min(col(Partner.contract_start)))).scalar(),
    ]
    years = [day.year for day in firsts if day is not None]
    return min(years) if years else None


@dataclass(frozen=True)
class DayEntry:
    day: date
    kind: str  # feestdag | atw-gelijkgesteld | sluitingsdag
    description: str


def list_days(session: Session, year: int | None) -> list[DayEntry]:
    """Feestdagen (computed) and the register's own days, for one year or every stored one."""
    rows = session.exec(select(NonWorkingDay).order_by(col(NonWorkingDay.day))).all()
    years = [year] if year is not None else sorted({r.day.year for r in rows})
    cal = Calendar()
    entries = [
        DayEntry(day, "feestdag", name)
        for y in years
        for day in (date(y, 1, 1) + timedelta(days=i) for i in range(366))
        if day.year == y
        for name in [cal.holiday_name(day)]
        if name
    ]
    entries += [
        DayEntry(r.day, r.kind, r.description) for r in rows if year is None or r.day.year == year
    ]
    return sorted(entries, key=lambda e: (e.day, e.kind))


def add_day(session: Session, actor: Actor, day: date, kind: str, description: str) -> int:
    """Store a non-working day and recompute the deadlines of open complaints.

    Closed complaints keep the deadlines they were judged against. Returns how many open
    complaints got a different deadline.
    """
    kind = choice(kind, (ATW, CLOSURE), "soort")
    text = required_text(description, "omschrijving")
    holiday = Calendar().holiday_name(day)
    if holiday is not None:
        raise InputError(f"{fmt(day)} is al een feestdag ({holiday}); toevoegen is niet nodig.")
    existing = session.get(NonWorkingDay, day)
    if existing is not None:
        raise InputError(
            f"{fmt(day)} staat al in de kalender als {existing.kind} ({existing.description})."
        )
    session.add(NonWorkingDay(day=day, kind=kind, description=text))
    record(
        session,
        actor,
        entity="kalender",
        key=day.isoformat(),
        action="toevoegen",
        after={"soort": kind, "omschrijving": text},
    )
    session.flush()
    session.info.pop("calendar", None)
    cal = load_calendar(session)
    changed = 0
    for complaint in session.exec(select(Complaint).where(Complaint.status != CLOSED)).all():
        before = (complaint.contact_due, complaint.handling_due)
        # A contact already made keeps the term it was judged against (domain.deadlines).
        refresh_deadlines(complaint, cal)
        after = (complaint.contact_due, complaint.handling_due)
        if after != before:
            changed += 1
            session.add(complaint)
            record(
                session,
                actor,
                entity="klacht",
                key=complaint.number,
                action="termijnen-herberekend",
                before={"contact_due": before[0], "handling_due": before[1]},
                after={"contact_due": after[0], "handling_due": after[1], "kalender": day},
            )
    return changed
