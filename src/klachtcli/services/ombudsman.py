"""Requests from the Ombudsman Metropool Amsterdam (WA §4 tweede lijn, §12)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from klachtcli.domain.complaint import OMBUDSMAN_TYPES
from klachtcli.domain.dates import fmt
from klachtcli.domain.text import LONG, choice, clean_text, required_text
from klachtcli.errors import InputError
from klachtcli.services.audit import Actor, record
from klachtcli.services.complaints import add_event, get_complaint
from klachtcli.services.partners import get_partner
from klachtcli.store.models import Complaint, OmbudsmanItem, Partner

TYPES = OMBUDSMAN_TYPES


@dataclass(frozen=True)
class NewItem:
    type: str
    reference: str
    received: date
    deadline: date
    complaint: str | None = None
    partner: str | None = None
    via_partner: bool = False
    notes: str | None = None


def item_dict(session: Session, item: OmbudsmanItem) -> dict[str, Any]:
    complaint = session.get(Complaint, item.complaint_id) if item.complaint_id else None
    partner = session.get(Partner, item.partner_id) if item.partner_id else None
    return {
        "id": item.id,
        "type": item.type,
        "referentie": item.reference,
        "ontvangen": item.received,
        "deadline": item.deadline,
        "beantwoord_op": item.answered_on,
        "klacht": complaint.number if complaint else None,
        "partner": partner.code if partner else None,
        "via_partner": item.via_partner,
        "notities": item.notes,
    }


def add_item(session: Session, actor: Actor, data: NewItem) -> OmbudsmanItem:
    kind = choice(data.type, TYPES, "type")
    if data.received > actor.today:
        raise InputError("De ontvangstdatum ligt in de toekomst.")
    if data.deadline < data.received:
        raise InputError("De deadline van de ombudsman ligt vóór de ontvangst.")
    complaint = get_complaint(session, data.complaint, for_change=True) if data.complaint else None
    partner = get_partner(session, data.partner) if data.partner else None
    if data.via_partner and partner is None:
        raise InputError("--via-partner vraagt om --partner: welke partner meldde het?")
    item = OmbudsmanItem(
        type=kind,
        reference=required_text(data.reference, "referentie"),
        received=data.received,
        deadline=data.deadline,
        complaint_id=complaint.id if complaint else None,
        partner_id=partner.id if partner else None,
        via_partner=data.via_partner,
        notes=clean_text(data.notes, "notities", limit=LONG, multiline=True),
        created_at=datetime.now(UTC),
    )
    session.add(item)
    session.flush()
    if complaint is not None:
        add_event(
            session,
            actor,
            complaint,
            "ombudsman",
            data.received,
            f"Ombudsman {kind} {item.reference}, antwoord uiterlijk {fmt(data.deadline)}.",
        )
    record(
        session,
        actor,
        entity="ombudsman",
        key=str(item.id),
        action="nieuw",
        after=item_dict(session, item),
    )
    return item


def get_item(session: Session, item_id: int) -> OmbudsmanItem:
    item = session.get(OmbudsmanItem, item_id)
    if item is None:
        raise InputError(f"Ombudsmanzaak {item_id} bestaat niet.")
    return item


def list_items(session: Session, open_only: bool) -> list[OmbudsmanItem]:
    query = select(OmbudsmanItem)
    if open_only:
        query = query.where(col(OmbudsmanItem.answered_on).is_(None))
    return list(session.exec(query.order_by(col(OmbudsmanItem.deadline))).all())


def answer(session: Session, actor: Actor, item_id: int, on: date) -> OmbudsmanItem:
    item = get_item(session, item_id)
    if item.answered_on is not None:
        raise InputError(f"Ombudsmanzaak {item_id} is al beantwoord op {fmt(item.answered_on)}.")
    if on < item.received or on > actor.today:
        raise InputError("De antwoorddatum moet tussen de ontvangst en vandaag liggen.")
    item.answered_on = on
    session.add(item)
    if item.complaint_id:
        complaint = session.get(Complaint, item.complaint_id)
        assert complaint is not None
        add_event(
            session,
            actor,
            complaint,
            "ombudsman-beantwoord",
            on,
            f"Ombudsman {item.type} {item.reference} beantwoord.",
        )
    record(
        session,
        actor,
        entity="ombudsman",
        key=str(item_id),
        action="beantwoord",
        before={"beantwoord_op": None},
        after={"beantwoord_op": on},
    )
    return item
