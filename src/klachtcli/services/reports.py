"""Loading report facts from the register: the quarterly workbook, the annual overview, analyse."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter, namedtuple
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from klachtcli.domain.complaint import OMBUDSMAN_TYPES
from klachtcli.domain.deadlines import contact_tracked
from klachtcli.domain.lifecycle import REOPEN_NEW_FACTS
from klachtcli.domain.partner_report import SOURCE as REPORTED_SOURCE
from klachtcli.domain.report import (
    NO_PARTNER,
    AnnualFigures,
    ComplaintFacts,
    Counts,
    EarlierClosing,
    OmbudsmanFacts,
    Quarter,
    QuarterTally,
    counted_annual_figures,
    counted_figures,
    ombudsman_in_quarter,
)
from klachtcli.domain.report_tables import (
    AnnualData,
    ReportedFigures,
    counted_partner_figures,
)
from klachtcli.domain.signals import (
    Analysis,
    check_period,
    counted_analysis,
    quarter_window,
)
from klachtcli.errors import InputError
from klachtcli.services.partners import codes_by_complaint, codes_by_id, get_partner
from klachtcli.services.report_counts import (
    ClosingDetail,
    CountsKey,
    complainant_names,
    count_complaints,
    count_signals,
    reopened,
    touching,
)
from klachtcli.services.retention import SIGNAL_MINIMUM, number_setting
from klachtcli.store.models import (
    Category,
    Closing,
    Complaint,
    ComplaintPartner,
    OmbudsmanItem,
    Partner,
    Setting,
)

PSEUDONYM_SETTING = "pseudoniem_sleutel"


def _secret(session: Session) -> bytes:
    setting = session.get(Setting, PSEUDONYM_SETTING)
    if setting is None:  # registers always get one in migration 0003
        raise InputError("Het register mist zijn pseudoniemsleutel; draai `klacht db upgrade`.")
    return setting.value.encode()


def pseudonym(secret: bytes, client: str | None, complainant_name: str | None) -> str | None:
    """A stable reference for the client (or else the complainant) that does not reveal them."""
    basis = client or complainant_name
    if not basis:
        return None
    normalized = " ".join(basis.lower().split())
    digest = hmac.new(secret, normalized.encode(), hashlib.sha256).hexdigest()
    return f"P-{digest[:8]}"


def _keyed(session: Session) -> Callable[[str | None, str | None], str | None]:
    """pseudonym(client, complainant_name) with this register's secret."""
    secret = _secret(session)

    def key(client: str | None, name: str | None) -> str | None:
        return pseudonym(secret, client, name)

    return key


# Only the columns the reports read: hydrating whole ORM objects (with their free text) took
# most of the loading time on a large register.
_FACT_COLUMNS = (
    col(Complaint.id),
    col(Complaint.number),
    col(Complaint.received),
    col(Complaint.channel),
    col(Complaint.category),
    col(Complaint.handler),
    col(Complaint.handler_partner_id),
    col(Complaint.closed_on),
    col(Complaint.contact_on),
    col(Complaint.contact_due),
    col(Complaint.handling_due),
    col(Complaint.notice_due),
    col(Complaint.reopened_on),
    col(Complaint.extension_weeks),
    col(Complaint.verdict),
    col(Complaint.satisfied),
    col(Complaint.measure),
    col(Complaint.closing_kind),
    col(Complaint.complainant_name),
    col(Complaint.complainant_email),
    col(Complaint.complainant_phone),
    col(Complaint.client),
    col(Complaint.description),
    col(Complaint.source),
)


def earlier_closings(
    session: Session, *, only: Any = None
) -> dict[int, tuple[EarlierClosing, ...]]:
    """Per complaint id, the closings that heropenen undid, oldest first (few: only reopened
    complaints have them, so they are loaded at once). ``only``: a subquery of complaint ids
    to limit them to."""
    found: dict[int, list[EarlierClosing]] = {}
    started: dict[int, date] = {}
    query = select(Closing, col(Complaint.received)).join(
        Complaint, col(Complaint.id) == col(Closing.complaint_id)
    )
    if only is not None:
        query = query.where(col(Closing.complaint_id).in_(only))
    rows = session.exec(
        query.order_by(col(Closing.complaint_id), col(Closing.closed_on), col(Closing.id))
    ).all()
    for k, received in rows:
        restarted = k.reopen_kind == REOPEN_NEW_FACTS
        tracked = contact_tracked(k.handler)
        found.setdefault(k.complaint_id, []).append(
            EarlierClosing(
                closed_on=k.closed_on,
                reopened_on=k.reopened_on,
                closing_kind=k.kind,
                verdict=k.verdict,
                satisfied=k.satisfied,
                measure=k.measure,
                handling_deadline=k.handling_due,
                notice_deadline=k.notice_due,
                extension_weeks=k.extension_weeks,
                started=started.get(k.complaint_id, received),
                restarted=restarted,
                contact_on=k.contact_on if restarted else None,
                contact_deadline=k.contact_due if restarted and tracked else None,
            )
        )
        if restarted:
            started[k.complaint_id] = k.reopened_on
    return {cid: tuple(items) for cid, items in found.items()}


def _facts(
    session: Session,
    complaints: Iterable[Any],
    partners: dict[int, list[str]] | None = None,
) -> list[ComplaintFacts]:
    """Facts from rows of _FACT_COLUMNS; ``partners``: their partner codes, when known."""
    secret = _secret(session)
    codes = codes_by_id(session)
    if partners is None:
        partners = codes_by_complaint(session)
    earlier = earlier_closings(session)
    return [
        _fact_of(c, partners, codes, earlier, key=pseudonym(secret, c.client, c.complainant_name))
        for c in complaints
    ]


def _fact_of(
    c: Any,
    partners: Mapping[int, Sequence[str]],
    codes: Mapping[int, str],
    earlier: Mapping[int, tuple[Any, ...]],
    *,
    key: str | None,
    personal: bool = True,
) -> ComplaintFacts:
    """One complaint's facts from a row of complaint columns (ORM object or Core row); the
    personal columns are read only when ``personal``."""
    return ComplaintFacts(
        number=c.number,
        received=c.received,
        channel=c.channel,
        partners=tuple(partners.get(c.id or 0, ())),
        category=c.category,
        handler=c.handler,
        handler_partner=codes.get(c.handler_partner_id) if c.handler_partner_id else None,
        closed_on=c.closed_on,
        contact_on=c.contact_on,
        # Partners' contact terms are not chased (SPEC §3), so they do not count either.
        contact_deadline=c.contact_due if contact_tracked(c.handler) else None,
        handling_deadline=c.handling_due,
        extension_weeks=c.extension_weeks,
        verdict=c.verdict,
        satisfied=c.satisfied,
        measure=c.measure,
        closing_kind=c.closing_kind,
        complainant_key=key,
        complainant_name=c.complainant_name if personal else None,
        complainant_email=c.complainant_email if personal else None,
        complainant_phone=c.complainant_phone if personal else None,
        client=c.client if personal else None,
        description=c.description if personal else None,
        notice_deadline=c.notice_due,
        started=c.reopened_on,
        earlier_closings=earlier.get(c.id or 0, ()),
        source=c.source,
    )


def complaints_touching(session: Session, start: date, end: date) -> list[ComplaintFacts]:
    """Complaints received in [start, end] or still open on `start` (and received by `end`)."""
    query = select_columns(*_FACT_COLUMNS).where(
        col(Complaint.received) <= end,
        or_(
            col(Complaint.received) >= start,
            col(Complaint.closed_on).is_(None),
            col(Complaint.closed_on) >= start,
        ),
    )
    return _facts(
        session, session.execute(query.order_by(col(Complaint.received), col(Complaint.seq)))
    )


def _ombudsman_fact(
    o: OmbudsmanItem, numbers: Mapping[int, str], codes: Mapping[int, str]
) -> OmbudsmanFacts:
    """An item's facts; ``numbers``: complaint numbers by id, ``codes``: partner codes by id."""
    return OmbudsmanFacts(
        id=o.id or 0,
        type=o.type,
        reference=o.reference,
        received=o.received,
        deadline=o.deadline,
        answered=o.answered_on,
        complaint=numbers.get(o.complaint_id) if o.complaint_id else None,
        partner=codes.get(o.partner_id) if o.partner_id else None,
        via_partner=o.via_partner,
    )


def ombudsman_facts(session: Session) -> list[OmbudsmanFacts]:
    numbers = {
        cid: number
        for cid, number in session.exec(
            select(Complaint.id, Complaint.number).where(
                col(Complaint.id).in_(select(OmbudsmanItem.complaint_id))
            )
        )
        if cid is not None
    }
    codes = codes_by_id(session)
    return [
        _ombudsman_fact(o, numbers, codes)
        for o in session.exec(select(OmbudsmanItem).order_by(col(OmbudsmanItem.received)))
    ]


@dataclass(frozen=True)
class QuarterRequest:
    quarter: Quarter
    partner: str | None
    output: Path | None
    per_partner: Path | None
    include_personal: bool
    overwrite: bool


def default_name(quarter: Quarter, partner: str | None) -> str:
    suffix = f"-{partner}" if partner else ""
    return f"klachtenrapport-{quarter.label}{suffix}.xlsx"


def _targets(session: Session, req: QuarterRequest) -> list[tuple[str | None, Path]]:
    """Which workbooks to write where; refuses to overwrite unless asked."""
    if req.per_partner is not None:
        if req.output is not None:
            raise InputError("Kies --uitvoer of --per-partner, niet allebei.")
        if req.per_partner.exists() and not req.per_partner.is_dir():
            raise InputError(f"{req.per_partner} is geen map.")
        codes = (
            [get_partner(session, req.partner).code]
            if req.partner
            else list(session.exec(select(Partner.code).order_by(col(Partner.code))).all())
        )
        if not codes:
            raise InputError("Er zijn geen ketenpartners om een rapport voor te maken.")
        targets: list[tuple[str | None, Path]] = [
            (code, req.per_partner / default_name(req.quarter, code)) for code in codes
        ]
    else:
        code = get_partner(session, req.partner).code if req.partner else None
        targets = [(code, req.output or Path(default_name(req.quarter, code)))]
    if not req.overwrite and (req.output is None or req.per_partner is not None):
        existing = [str(path) for _, path in targets if path.exists()]
        if existing:
            raise InputError(
                f"Bestaat al: {', '.join(existing)}. Gebruik --overschrijven of --uitvoer."
            )
    return targets


# What the quarterly workbook reads of a complaint; its personal data only when it shows them.
_PERSONAL_COLUMNS = (
    col(Complaint.complainant_name),
    col(Complaint.complainant_email),
    col(Complaint.complainant_phone),
    col(Complaint.client),
    col(Complaint.description),
)
_QUARTER_COLUMNS = tuple(c for c in _FACT_COLUMNS if str(c) not in map(str, _PERSONAL_COLUMNS))
_NO_END = date(9999, 12, 31)
_BATCH = 2000  # rows fetched at a time: a large quarter streams instead of loading at once


def _concerning(code: str) -> Any:
    """The complaints that concern partner ``code`` (``--partner``), as a SQL condition."""
    return col(Complaint.id).in_(
        select_columns(col(ComplaintPartner.complaint_id))
        .join(Partner, col(Partner.id) == col(ComplaintPartner.partner_id))
        .where(col(Partner.code) == code)
    )


def _quarter_conditions(session: Session, q: Quarter, code: str | None) -> list[Any]:
    """The complaints that a quarter's figures and rows can involve: received by its end, and
    received in it, closed in or after it, or still open. (A contact is recorded while a
    complaint is open, so one in the quarter belongs to a complaint open in it.)

    Written so that the database reads little more than those: for a recent quarter few
    complaints were closed after its start, for an old one few were received before it. Two
    counts on the indexes (no table rows) tell which, and the condition leads with that
    index; both forms select the same complaints."""
    received_by_end = col(Complaint.received) <= q.end
    earlier = session.connection().execute(
        select_columns(func.count()).where(col(Complaint.received) < q.start)
    )
    later = session.connection().execute(
        select_columns(func.count()).where(col(Complaint.closed_on) >= q.start)
    )
    if later.scalar_one() <= earlier.scalar_one():
        # Each branch of the OR a range on an index of its own (hence the far end on closed_on).
        condition = or_(
            col(Complaint.received).between(q.start, q.end),
            and_(col(Complaint.closed_on).between(q.start, _NO_END), received_by_end),
            and_(col(Complaint.closed_on).is_(None), received_by_end),
        )
    else:
        condition = and_(
            received_by_end,
            or_(
                col(Complaint.received) >= q.start,
                col(Complaint.closed_on) >= q.start,
                col(Complaint.closed_on).is_(None),
            ),
        )
    conditions: list[Any] = [condition]
    if code is not None:
        conditions.append(_concerning(code))
    return conditions


def _quarter_facts(
    session: Session, q: Quarter, code: str | None, *, personal: bool
) -> Iterator[tuple[ComplaintFacts, bool]]:
    """The complaints of the quarter (``_quarter_conditions``) in order of receipt, streamed,
    each with whether it is known from a partner's report only (counted apart, SPEC §10).
    Only the columns the workbook shows are read; no pseudonym is made (the rows do not show
    it; the Signalen sheet makes its own)."""
    conditions = _quarter_conditions(session, q, code)
    ids = select_columns(col(Complaint.id)).where(*conditions)
    partners = codes_by_complaint(session, only=ids)
    earlier = earlier_closings(session, only=ids)
    codes = codes_by_id(session)
    columns = _QUARTER_COLUMNS + (_PERSONAL_COLUMNS if personal else ())
    query = (
        select_columns(*columns)
        .where(*conditions)
        .order_by(col(Complaint.received))
        .execution_options(yield_per=_BATCH)
    )
    result = session.connection().execute(query)
    # A named tuple reads its columns by name many times faster than the result's own rows.
    row_type: Any = namedtuple("QuarterRow", list(result.keys()))  # type: ignore[misc]
    as_tuple = row_type._make
    for row in result:
        c: Any = as_tuple(row)
        yield (
            _fact_of(c, partners, codes, earlier, key=None, personal=personal),
            c.source == REPORTED_SOURCE,
        )


def _quarter_signals(session: Session, q: Quarter, code: str | None, minimum: int) -> Analysis:
    """The Signalen sheet: the counts of ``klacht analyse``, made by the database, over the
    quarter_window (a year back to the quarter's end), kept to the quarter."""
    van, tot = quarter_window(q)
    partner_id = get_partner(session, code).id if code is not None else None
    counts = count_signals(session, van, tot, partner_id, _keyed(session))
    return counted_analysis(counts, van=van, tot=tot, partner=code, minimum=minimum).for_quarter(q)


def _quarter_ombudsman(session: Session, q: Quarter, code: str | None) -> list[OmbudsmanFacts]:
    """The ombudsman items received or answered in the quarter; with a partner, those linked
    to it directly or through one of its own complaints (ombudsman_in_quarter)."""
    items = list(
        session.exec(
            select(OmbudsmanItem).where(
                or_(
                    col(OmbudsmanItem.received).between(q.start, q.end),
                    col(OmbudsmanItem.answered_on).between(q.start, q.end),
                )
            )
        )
    )
    linked = {o.complaint_id for o in items if o.complaint_id}
    numbers: dict[int, str] = {}
    partner_complaints: set[str] = set()
    if linked:
        rows = session.execute(
            select_columns(col(Complaint.id), col(Complaint.number), col(Complaint.source)).where(
                col(Complaint.id).in_(linked)
            )
        ).all()
        numbers = {cid: number for cid, number, _ in rows}
        if code is not None:
            concerning = codes_by_complaint(
                session, only=select_columns(col(Complaint.id)).where(col(Complaint.id).in_(linked))
            )
            partner_complaints = {
                number
                for cid, number, source in rows
                if source != REPORTED_SOURCE and code in concerning.get(cid, ())
            }
    codes = codes_by_id(session)
    facts = [_ombudsman_fact(o, numbers, codes) for o in items]
    return ombudsman_in_quarter(facts, q, partner=code, partner_complaints=partner_complaints)


def quarterly_report(session: Session, req: QuarterRequest, now: datetime) -> list[Path]:
    """Write the workbook(s) of SPEC §6; returns the paths written.

    Each workbook reads only its quarter from the register and streams it into the sheet while
    counting the figures, so memory follows the size of the quarter, not of the register."""
    from klachtcli.render.xlsx import write_quarter_workbook

    targets = _targets(session, req)
    q = req.quarter
    categories = list(session.exec(select(Category.code)).all())
    all_partners = list(session.exec(select(Partner.code)).all())
    minimum = number_setting(session, SIGNAL_MINIMUM)
    if req.per_partner is not None:
        try:
            req.per_partner.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise InputError(
                f"Kan map {req.per_partner} niet aanmaken: {exc.strerror or exc}."
            ) from None
    written = []
    for code, path in targets:
        tally = QuarterTally(q, partners=[code] if code else all_partners, categories=categories)
        written.append(
            write_quarter_workbook(
                path,
                quarter=q,
                tally=tally,
                rows=tally.sheet_rows(
                    _quarter_facts(session, q, code, personal=req.include_personal)
                ),
                ombudsman_rows=_quarter_ombudsman(session, q, code),
                signals=_quarter_signals(session, q, code, minimum),
                partner=code,
                generated_at=now,
                include_personal=req.include_personal,
            )
        )
    return written


def _counts(
    session: Session,
    start: date,
    end: date,
    *,
    by_partner: bool = False,
    details: Counter[ClosingDetail] | None = None,
) -> dict[CountsKey, Counts]:
    """The counts of count_complaints, with the reopened complaints added one by one."""
    where = (touching(start, end), reopened())
    query = select_columns(*_FACT_COLUMNS).where(*where)
    rows = session.execute(query.order_by(col(Complaint.received), col(Complaint.seq))).all()
    partners = (
        codes_by_complaint(session, only=select_columns(col(Complaint.id)).where(*where))
        if rows
        else {}
    )
    found = count_complaints(session, start, end, by_partner=by_partner, details=details)
    for c in _facts(session, rows, partners):
        reported = c.source == REPORTED_SOURCE
        for code in (None, *((c.partners or (NO_PARTNER,)) if by_partner else ())):
            found.setdefault((reported, code), Counts()).complaints.append(c)
    return found


def _annual(session: Session, year: int, counts: dict[CountsKey, Counts]) -> AnnualFigures:
    return counted_annual_figures(
        counts.get((False, None), Counts()),
        ombudsman_facts(session),
        year,
        categories=list(session.exec(select(Category.code)).all()),
        ombudsman_types=OMBUDSMAN_TYPES,
    )


def annual(
    session: Session, year: int, *, details: Counter[ClosingDetail] | None = None
) -> AnnualFigures:
    """The annual figures of the register's own complaints (those read in from partners'
    quarterly reports are counted apart, SPEC §10), counted by the database. ``details``:
    see count_complaints."""
    counts = _counts(session, date(year, 1, 1), date(year, 12, 31), details=details)
    return _annual(session, year, counts)


def annual_years(
    session: Session, year: int, *, details: Counter[ClosingDetail] | None = None
) -> tuple[AnnualFigures, AnnualFigures]:
    """The annual figures of the year and of the year before, counted in one pass."""
    counts = _counts(session, date(year - 1, 1, 1), date(year, 12, 31), details=details)
    return _annual(session, year, counts), _annual(session, year - 1, counts)


def annual_workbook(session: Session, year: int, path: Path, now: datetime) -> Path:
    """The annual workbook: the year's figures with the year before beside them, and a table
    per partner."""
    from klachtcli.render.xlsx import write_annual_workbook

    current, previous = annual_data(session, year)
    return write_annual_workbook(path, figures=current, previous=previous, generated_at=now)


def annual_data(session: Session, year: int) -> tuple[AnnualData, AnnualData]:
    """What the annual workbook shows of the year and of the year before: both years, in total
    and per partner, counted in one pass."""
    first, last = date(year - 1, 1, 1), date(year, 12, 31)
    counts = _counts(session, first, last, by_partner=True)
    partners = list(session.exec(select(Partner.code)).all())
    years = []
    for y in (year, year - 1):
        start, end = date(y, 1, 1), date(y, 12, 31)

        def of(reported: bool) -> dict[str, Counts]:
            return {code: c for (r, code), c in counts.items() if r == reported and code}

        years.append(
            AnnualData(
                figures=_annual(session, y, counts),
                partners=counted_partner_figures(of(False), start, end, partners),
                reported=ReportedFigures(
                    totals=counted_figures(counts.get((True, None), Counts()), start, end),
                    per_partner=counted_partner_figures(of(True), start, end, partners),
                ),
            )
        )
    return years[0], years[1]


def analysis(
    session: Session, van: date, tot: date, partner: str | None, *, with_names: bool = True
) -> tuple[Analysis, dict[str, list[str]]]:
    """The signals, counted by the database, plus (``with_names``) for each pseudonymous
    reference the names behind it (shown only when the user asks for personal data)."""
    check_period(van, tot)
    found = get_partner(session, partner) if partner else None
    key = _keyed(session)
    counts = count_signals(session, van, tot, found.id if found else None, key)
    minimum = number_setting(session, SIGNAL_MINIMUM)
    code = found.code if found else None
    result = counted_analysis(counts, van=van, tot=tot, partner=code, minimum=minimum)
    return result, complainant_names(session, van, tot, key) if with_names else {}
