"""Open deadlines across the register (klacht termijnen) and their derivation (klacht uitleg)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, TextClause, and_, case, or_, text
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from klachtcli.domain import complaint as vocab
from klachtcli.domain.calendar import Calendar
from klachtcli.domain.dates import fmt
from klachtcli.domain.deadlines import (
    contact_tracked,
    handover_due,
    is_overdue,
    meeting_due,
    meetings_tracked,
    working_days_left,
)
from klachtcli.domain.routing import GEMEENTE
from klachtcli.domain.text import choice
from klachtcli.services.calendar import load_calendar
from klachtcli.services.complaints import events_of, get_complaint, handler_partner_code
from klachtcli.services.meetings import last_meetings
from klachtcli.services.partners import codes_by_complaint, codes_by_id, get_partner
from klachtcli.services.terms import terms_of
from klachtcli.store.models import (
    OPEN_CONDITION,
    Complaint,
    ComplaintPartner,
    OmbudsmanItem,
    Partner,
)


@dataclass(frozen=True)
class DeadlineItem:
    kind: str  # contact | afhandeling | mededeling-verdaging | ombudsman | overleg | overdracht
    # | partnerrapport
    number: str | None
    partner: str | None
    handler: str | None
    due: date
    working_days: int
    overdue: bool
    what: str
    concerns: tuple[str, ...] = ()  # every partner the complaint is about, for --partner

    def to_dict(self) -> dict[str, Any]:
        return {
            "soort": self.kind,
            "nummer": self.number,
            "partner": self.partner,
            "behandelaar": self.handler,
            "deadline": self.due,
            "werkdagen": self.working_days,
            "te_laat": self.overdue,
            "omschrijving": self.what,
        }


@dataclass(frozen=True)
class DeadlineFilter:
    peildatum: date
    overdue_only: bool = False
    within: int | None = None
    partner: str | None = None
    handler: str | None = None


class _Clock:
    """Builds deadline items against one reference date; many complaints share a due date, so
    the working-day count is computed once per date."""

    def __init__(self, cal: Calendar, peildatum: date) -> None:
        self.cal = cal
        self.peildatum = peildatum
        self._left: dict[date, int] = {}

    def item(
        self,
        kind: str,
        due: date,
        what: str,
        *,
        number: str | None = None,
        partner: str | None = None,
        handler: str | None = None,
        concerns: tuple[str, ...] = (),
    ) -> DeadlineItem:
        left = self._left.get(due)
        if left is None:
            left = self._left[due] = working_days_left(self.cal, self.peildatum, due)
        return DeadlineItem(
            kind=kind,
            number=number,
            partner=partner,
            handler=handler,
            due=due,
            working_days=left,
            overdue=is_overdue(self.peildatum, due),
            what=what,
            concerns=concerns,
        )


def _open_complaints(
    flt: DeadlineFilter, cal: Calendar, partner_id: int | None
) -> ColumnElement[bool]:
    """The WHERE of the open complaints that can give an item passing `flt`, for the database.

    Filters on the stored (indexed) deadlines: `--overdue` and `--binnen` become date bounds,
    `--behandelaar` and `--partner` plain conditions, so only the rows shown are fetched.
    Partner codes are then read for those rows alone.
    """
    # Says exactly what the partial index says, so the database can use it (models.py).
    where: list[ColumnElement[bool] | TextClause] = [text(OPEN_CONDITION)]
    before: date | None = None  # a deadline strictly before this date passes the filter
    if flt.overdue_only:
        before = flt.peildatum
    if flt.within is not None:
        # working_days_left(due) <= N  <=>  due before the (N+1)-th working day after peildatum
        limit = cal.add_working_days(flt.peildatum, flt.within + 1).end
        before = limit if before is None else min(before, limit)
    if before is not None:
        # As a CASE, not an OR: given an OR of two indexed columns, SQLite read both indexes
        # (ix_complaint_handling_due covers closed complaints too: 1.2 s at 1M complaints)
        # instead of the open complaints alone through the partial index (0.05 s).
        where.append(
            case(
                (col(Complaint.handling_due) < before, 1),
                (
                    and_(
                        col(Complaint.handler) == GEMEENTE,
                        col(Complaint.contact_on).is_(None),
                        col(Complaint.contact_due) < before,
                    ),
                    1,
                ),
                else_=0,
            )
            == 1
        )
    if flt.handler is not None:
        where.append(col(Complaint.handler) == flt.handler)
    if partner_id is not None:
        where.append(
            or_(
                col(Complaint.handler_partner_id) == partner_id,
                col(Complaint.id).in_(
                    select_columns(col(ComplaintPartner.complaint_id)).where(
                        col(ComplaintPartner.partner_id) == partner_id
                    )
                ),
            )
        )
    return and_(*where)


def _complaint_items(
    session: Session, clock: _Clock, flt: DeadlineFilter, partner_id: int | None
) -> list[DeadlineItem]:
    condition = _open_complaints(flt, clock.cal, partner_id)
    handler_codes = codes_by_id(session)
    partners_of = codes_by_complaint(
        session, only=select_columns(col(Complaint.id)).where(condition)
    )
    rows = session.execute(
        select_columns(
            col(Complaint.id),
            col(Complaint.number),
            col(Complaint.handler),
            col(Complaint.handler_partner_id),
            col(Complaint.contact_on),
            col(Complaint.contact_due),
            col(Complaint.handling_due),
        ).where(condition)
    ).all()
    items: list[DeadlineItem] = []
    for cid, number, handler, handler_partner_id, contact_on, contact_due, handling_due in rows:
        concerned = tuple(partners_of.get(cid or 0, []))
        handling_partner = handler_codes.get(handler_partner_id) if handler_partner_id else None
        partner = handling_partner or (concerned[0] if len(concerned) == 1 else None)
        common = {"number": number, "partner": partner, "handler": handler, "concerns": concerned}
        # The contact term is chased only while the gemeente handles the complaint (SPEC §3).
        if contact_tracked(handler) and contact_on is None and contact_due is not None:
            items.append(
                clock.item("contact", contact_due, "eerste contact met de klager", **common)
            )
        what = (
            f"terugkoppeling van {handling_partner} verwacht"
            if handler == "partner"
            else "afhandeling door de gemeente"
        )
        items.append(clock.item("afhandeling", handling_due, what, **common))
    return items


def _extension_notice_items(session: Session, clock: _Clock) -> list[DeadlineItem]:
    """An extension whose written notice (Awb 9:11 lid 2) is not recorded yet: due on the
    deadline it extended (SPEC §3), until `verdagen --mededeling` or `brief … verdaging`."""
    handler_codes = codes_by_id(session)
    rows = session.execute(
        select_columns(
            col(Complaint.number),
            col(Complaint.handler),
            col(Complaint.handler_partner_id),
            col(Complaint.extension_notice_due),
        ).where(
            col(Complaint.status) != vocab.CLOSED,
            col(Complaint.extension_notice_due).is_not(None),
            col(Complaint.extension_notice_on).is_(None),
        )
    ).all()
    return [
        clock.item(
            "mededeling-verdaging",
            due,
            "schriftelijke mededeling van de verdaging aan klager en beklaagde",
            number=number,
            partner=handler_codes.get(partner_id) if partner_id else None,
            handler=handler,
        )
        for number, handler, partner_id, due in rows
    ]


def _handover_items(session: Session, clock: _Clock) -> list[DeadlineItem]:
    partners = session.exec(
        select(Partner).where(
            col(Partner.contract_end).is_not(None),
            col(Partner.contract_end) <= clock.peildatum,  # once the contract ended (SPEC §7)
            col(Partner.handover_on).is_(None),
        )
    ).all()
    return [
        clock.item(
            "overdracht",
            handover_due(p.contract_end),
            f"dossiers van {p.name} overdragen (contract eindigde {fmt(p.contract_end)})",
            partner=p.code,
        )
        for p in partners
        if p.contract_end is not None
    ]


def _meeting_items(session: Session, clock: _Clock) -> list[DeadlineItem]:
    """The next meeting of each kind with every partner whose contract runs (WA §7, §11)."""
    last = last_meetings(session, clock.peildatum)
    items = []
    for p in session.exec(select(Partner).order_by(col(Partner.code))):
        if p.id is None or not meetings_tracked(p.contract_end, clock.peildatum):
            continue
        for kind in vocab.MEETING_KINDS:
            previous = last.get((p.id, kind))
            due = meeting_due(kind, previous, p.contract_start)
            if due is None:
                continue
            since = (
                f"laatste {fmt(previous)}"
                if previous
                else f"nog geen overleg; contract sinds {fmt(p.contract_start)}"
            )
            items.append(
                clock.item(
                    "overleg",
                    due,
                    f"overleg {kind} met {p.name} ({since})",
                    partner=p.code,
                    concerns=(p.code,),
                )
            )
    return items


def _ombudsman_items(session: Session, clock: _Clock) -> list[DeadlineItem]:
    codes = codes_by_id(session)
    numbers = dict(
        session.exec(
            select(Complaint.id, Complaint.number).join(
                OmbudsmanItem, col(OmbudsmanItem.complaint_id) == col(Complaint.id)
            )
        ).all()
    )
    items = []
    for o in session.exec(select(OmbudsmanItem).where(col(OmbudsmanItem.answered_on).is_(None))):
        partner = codes.get(o.partner_id) if o.partner_id else None
        items.append(
            clock.item(
                "ombudsman",
                o.deadline,
                f"antwoord aan de ombudsman: {o.type} {o.reference} (zaak {o.id})",
                number=numbers.get(o.complaint_id) if o.complaint_id else None,
                partner=partner,
                concerns=(partner,) if partner else (),
            )
        )
    return items


def _partner_report_items(session: Session, clock: _Clock) -> list[DeadlineItem]:
    """Partners' quarterly reports not yet read in (WA §10, SPEC §10)."""
    from klachtcli.services.partner_reports import missing_reports, missing_text

    return [
        clock.item(
            "partnerrapport",
            m.due,
            missing_text(m),
            partner=m.partner,
            concerns=(m.partner,),
        )
        for m in missing_reports(session, clock.peildatum)
    ]


def open_deadlines(session: Session, flt: DeadlineFilter) -> list[DeadlineItem]:
    """Every open deadline of SPEC §3 that the register tracks, soonest first."""
    cal = load_calendar(session)
    found = get_partner(session, flt.partner) if flt.partner else None
    partner = found.code if found else None
    handler = choice(flt.handler, vocab.HANDLERS, "behandelaar") if flt.handler else None
    clock = _Clock(cal, flt.peildatum)
    items = _complaint_items(
        session, clock, replace(flt, handler=handler), found.id if found else None
    )
    items += _extension_notice_items(session, clock)
    if handler is None:
        items += _handover_items(session, clock)
        items += _ombudsman_items(session, clock)
        items += _meeting_items(session, clock)
        items += _partner_report_items(session, clock)

    def keep(item: DeadlineItem) -> bool:
        if flt.overdue_only and not item.overdue:
            return False
        if flt.within is not None and item.working_days > flt.within:
            return False
        if handler is not None and item.handler != handler:
            return False
        if partner is not None:
            return item.partner == partner or partner in item.concerns
        return True

    # The complaint items already passed these tests in SQL; the few others are checked here.
    return sorted(
        (i for i in items if keep(i)),
        key=lambda i: (i.due, i.kind, i.number or "", i.partner or ""),
    )


def explain(session: Session, number: str) -> dict[str, Any]:
    """How every deadline of one complaint was derived. A deadline that a step was judged
    against (contact made, complaint closed) is the one shown; what today's calendar would give
    instead is only mentioned (SPEC §6)."""
    c = get_complaint(session, number)
    cal = load_calendar(session)
    terms = terms_of(c, cal)
    stored = {
        "contact": c.contact_due,
        "afhandeling": c.handling_due,
        "niet-behandelen": c.notice_due,
    }
    extensions = [
        {"datum": e.on, "tekst": e.text} for e in events_of(session, c) if e.kind == "verdaagd"
    ]
    return {
        "nummer": c.number,
        "status": vocab.public_status(c.status),
        "ontvangen": c.received,
        "doorgestuurd_op": c.forwarded_on,
        "heropend_op": c.reopened_on,
        "behandelaar": c.handler,
        "behandelaar_partner": handler_partner_code(session, c),
        "termijnen_lopen_vanaf": terms.start,
        "termijnen_lopen_na": terms.started_by,
        "verdaagd_weken": c.extension_weeks,
        "verdagingen": extensions,
        "termijnen": [
            {
                "soort": d.kind,
                "deadline": terms.current(d.kind)[0] if d.kind in terms.kept else d.due,
                "vastgelegd": d.kind in terms.kept,
                "berekend": d.due,
                "opgeslagen": stored[d.kind],
                "regel": d.rule,
                "begindatum": d.derivation.start,
                "termijn": d.derivation.term,
                "einde_termijn": d.derivation.raw_end,
                "overgeslagen": [{"datum": s.day, "reden": s.reason} for s in d.derivation.skipped],
                "uitleg": d.derivation.explain(),
            }
            for d in terms.computed.values()
        ],
    }
