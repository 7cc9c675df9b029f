"""Meetings with a partner's klachtenfunctionaris (WA §7, §11)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from klachtcli.domain.complaint import MEETING_KINDS
from klachtcli.domain.dates import fmt
from klachtcli.domain.text import LONG, choice, clean_text
from klachtcli.errors import InputError
from klachtcli.services.audit import Actor, record
from klachtcli.services.partners import codes_by_id, get_partner
from klachtcli.store.models import Meeting

KINDS = MEETING_KINDS


@dataclass(frozen=True)
class NewMeeting:
    partner: str
    kind: str
    on: date
    notes: str | None = None


def meeting_dict(meeting: Meeting, partner_code: str) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "partner": partner_code,
        "soort": meeting.kind,
        "datum": meeting.on,
        "notities": meeting.notes,
    }


def add_meeting(session: Session, actor: Actor, data: NewMeeting) -> dict[str, Any]:
    partner = get_partner(session, data.partner)
    kind = choice(data.kind, KINDS, "soort")
    if data.on > actor.today:
        raise InputError(
            "De datum van het overleg ligt in de toekomst; leg een overleg vast als het is "
            "gehouden."
        )
    assert partner.id is not None
    duplicate = session.exec(
        select(Meeting).where(
            Meeting.partner_id == partner.id, Meeting.kind == kind, Meeting.on == data.on
        )
    ).first()
    if duplicate is not None:
        raise InputError(
            f"Er is al een overleg {kind} met {partner.code} op {fmt(data.on)} "
            f"(overleg {duplicate.id})."
        )
    meeting = Meeting(
        partner_id=partner.id,
        kind=kind,
        on=data.on,
        notes=clean_text(data.notes, "notities", limit=LONG, multiline=True),
        created_at=datetime.now(UTC),
    )
    session.add(meeting)
    session.flush()
    result = meeting_dict(meeting, partner.code)
    record(session, actor, entity="overleg", key=str(meeting.id), action="toevoegen", after=result)
    return result


def list_meetings(session: Session, partner: str | None = None) -> list[dict[str, Any]]:
    """Meetings, oldest first, optionally of one partner."""
    query = select(Meeting)
    if partner is not None:
        query = query.where(Meeting.partner_id == get_partner(session, partner).id)
    codes = codes_by_id(session)
    meetings = session.exec(query.order_by(col(Meeting.on), col(Meeting.id))).all()
    return [meeting_dict(m, codes[m.partner_id]) for m in meetings]


def last_meetings(session: Session, peildatum: date) -> dict[tuple[int, str], date]:
    """The date of the last meeting of each kind per partner on or before `peildatum`."""
    rows = session.execute(
        select_columns(col(Meeting.partner_id), col(Meeting.kind), func.max(col(Meeting.on)))
        .where(col(Meeting.on) <= peildatum)
        .group_by(col(Meeting.partner_id), col(Meeting.kind))
    ).all()
    return {(partner_id, kind): last for partner_id, kind, last in rows}
