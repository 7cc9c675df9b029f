"""Stop notices: a partner that wants to stop delivering to a client (WA §8, protocol stoppen
met leveren). gemeld -> in-overleg -> besloten, decided once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from klachtcli.domain.complaint import (
    STOP_DECIDED,
    STOP_DECISIONS,
    STOP_IN_CONSULTATION,
    STOP_OPEN_STATUSES,
    STOP_REPORTED,
)
from klachtcli.domain.dates import fmt
from klachtcli.domain.text import LONG, choice, required_text
from klachtcli.errors import InputError
from klachtcli.services.audit import Actor, record
from klachtcli.services.partners import codes_by_id, get_partner
from klachtcli.store.models import Partner, StopNotice

DECISIONS = STOP_DECISIONS


@dataclass(frozen=True)
class NewStopNotice:
    partner: str
    client: str
    provision: str
    reason: str
    reported_on: date


def notice_dict(notice: StopNotice, partner_code: str) -> dict[str, Any]:
    return {
        "id": notice.id,
        "partner": partner_code,
        "client": notice.client_ref,
        "voorziening": notice.provision,
        "reden": notice.reason,
        "gemeld_op": notice.reported_on,
        "status": notice.status,
        "in_overleg_op": notice.consultation_on,
        "besluit": notice.decision,
        "besloten_op": notice.decided_on,
        "besluit_reden": notice.decision_reason,
        "opgeschoond_op": notice.purged_on,
    }


def _code(session: Session, notice: StopNotice) -> str:
    partner = session.get(Partner, notice.partner_id)
    assert partner is not None
    return partner.code


def add_notice(session: Session, actor: Actor, data: NewStopNotice) -> dict[str, Any]:
    partner = get_partner(session, data.partner)
    if data.reported_on > actor.today:
        raise InputError("De meldingsdatum ligt in de toekomst.")
    assert partner.id is not None
    notice = StopNotice(
        partner_id=partner.id,
        client_ref=required_text(data.client, "client"),
        provision=required_text(data.provision, "voorziening"),
        reason=required_text(data.reason, "reden", limit=LONG, multiline=True),
        reported_on=data.reported_on,
        status=STOP_REPORTED,
        created_at=datetime.now(UTC),
    )
    session.add(notice)
    session.flush()
    result = notice_dict(notice, partner.code)
    record(session, actor, entity="stopmelding", key=str(notice.id), action="nieuw", after=result)
    return result


def get_notice(session: Session, notice_id: int) -> StopNotice:
    notice = session.get(StopNotice, notice_id)
    if notice is None:
        raise InputError(f"Stopmelding {notice_id} bestaat niet.")
    return notice


def list_notices(session: Session, *, open_only: bool) -> list[dict[str, Any]]:
    """Stop notices, oldest report first; with open_only those not yet decided."""
    query = select(StopNotice)
    if open_only:
        query = query.where(col(StopNotice.status).in_(STOP_OPEN_STATUSES))
    codes = codes_by_id(session)
    notices = session.exec(query.order_by(col(StopNotice.reported_on), col(StopNotice.id))).all()
    return [notice_dict(n, codes[n.partner_id]) for n in notices]


def _already_decided(notice: StopNotice) -> InputError:
    return InputError(
        f"Over stopmelding {notice.id} is al besloten ({notice.decision} op "
        f"{fmt(notice.decided_on)}); een besluit kan niet worden gewijzigd of herhaald."
    )


def start_consultation(session: Session, actor: Actor, notice_id: int, on: date) -> dict[str, Any]:
    """gemeld -> in-overleg: the gemeente consults with the partner (and client) on it."""
    notice = get_notice(session, notice_id)
    if notice.status == STOP_DECIDED:
        raise _already_decided(notice)
    if notice.status == STOP_IN_CONSULTATION:
        raise InputError(
            f"Stopmelding {notice_id} is al in overleg sinds {fmt(notice.consultation_on)}."
        )
    if on < notice.reported_on or on > actor.today:
        raise InputError(
            f"De datum van het overleg moet tussen de melding ({fmt(notice.reported_on)}) "
            "en vandaag liggen."
        )
    notice.status = STOP_IN_CONSULTATION
    notice.consultation_on = on
    session.add(notice)
    record(
        session,
        actor,
        entity="stopmelding",
        key=str(notice_id),
        action="overleg",
        before={"status": STOP_REPORTED, "in_overleg_op": None},
        after={"status": STOP_IN_CONSULTATION, "in_overleg_op": on},
    )
    return notice_dict(notice, _code(session, notice))


def decide(
    session: Session, actor: Actor, notice_id: int, decision: str, on: date, reason: str
) -> dict[str, Any]:
    """The gemeente's decision, once, after the consultation (gemeld -> in-overleg -> besloten)."""
    notice = get_notice(session, notice_id)
    if notice.status == STOP_DECIDED:
        raise _already_decided(notice)
    if notice.status != STOP_IN_CONSULTATION:
        raise InputError(
            f"Stopmelding {notice_id} is nog niet besproken: leg eerst het overleg vast met "
            f"`klacht stopmelding overleg {notice_id}` (protocol stoppen met leveren, WA §8)."
        )
    chosen = choice(decision, DECISIONS, "besluit")
    earliest = notice.consultation_on or notice.reported_on
    if on < earliest or on > actor.today:
        step = "het overleg" if notice.consultation_on else "de melding"
        raise InputError(
            f"De datum van het besluit moet tussen {step} ({fmt(earliest)}) en vandaag liggen."
        )
    before = {"status": notice.status, "besluit": None, "besloten_op": None}
    notice.status = STOP_DECIDED
    notice.decision = chosen
    notice.decided_on = on
    notice.decision_reason = required_text(reason, "reden", limit=LONG, multiline=True)
    session.add(notice)
    record(
        session,
        actor,
        entity="stopmelding",
        key=str(notice_id),
        action="besluit",
        before=before,
        after={
            "status": STOP_DECIDED,
            "besluit": chosen,
            "besloten_op": on,
            "besluit_reden": notice.decision_reason,
        },
    )
    return notice_dict(notice, _code(session, notice))
