"""The working-day calendar as the register defines it: computed feestdagen plus data."""

from __future__ import annotations

from sqlmodel import Session, select

from klachtcli.domain.calendar import Calendar
from klachtcli.store.models import NonWorkingDay

ATW = "atw-gelijkgesteld"
CLOSURE = "sluitingsdag"


def load_calendar(session: Session) -> Calendar:
    rows = session.exec(select(NonWorkingDay)).all()
    return Calendar(
        atw_days={row.day: row.description for row in rows if row.kind == ATW},
        closure_days={row.day: row.description for row in rows if row.kind == CLOSURE},
    )
