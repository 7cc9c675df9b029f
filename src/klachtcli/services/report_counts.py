"""The annual figures and the counts of `analyse`, counted by the database (issue 12).

`rapport --jaar` and `analyse` used to load every complaint of their period into Python to
write a small summary. Here the database counts them per month and per label (GROUP BY, in
SQLAlchemy Core, the same on SQLite and PostgreSQL), and the domain turns those counts into
the figures (domain/report.py `Counts`, domain/signals.py `SignalCounts`). The comparisons
("binnen termijn": closed on or before the stored deadline) are made on the stored columns;
which of them counts, and what a count means, stays in the domain. Reopened complaints (with
earlier closings) are not counted here: reports.py hands them to the domain one by one.
tests/test_report_counts.py proves that both ways give the same figures.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session

from klachtcli.domain.deadlines import contact_tracked
from klachtcli.domain.partner_report import SOURCE as REPORTED_SOURCE
from klachtcli.domain.report import (
    NO_PARTNER,
    ClosedCount,
    ContactCount,
    Counts,
    PartnerCount,
    Quarter,
    ReceivedCount,
    quarters_between,
)
from klachtcli.domain.signals import SignalCounts
from klachtcli.services.partners import codes_by_id
from klachtcli.store.models import metadata
from klachtcli.store.sql import days_between, month_of

_COMPLAINT = metadata.tables["complaint"]
_LINK = metadata.tables["complaint_partner"]
_CLOSING = metadata.tables["closing"]
_C = _COMPLAINT.c

CountsKey = tuple[bool, str | None]
"""(known from a partner's report only, partner code or NO_PARTNER; None: all partners)."""


def touching(start: date, end: date) -> Any:
    """The complaints that figures of [start, end] can count: received by ``end``, and received
    in it, closed on or after ``start``, or still open (what complaints_touching loads). Each
    branch of the OR can use its own index (so each repeats ``received <= end``)."""
    return or_(
        _C.received.between(start, end),
        and_(_C.closed_on.is_(None), _C.received <= end),
        and_(_from(_C.closed_on, start), _C.received <= end),
    )


def _from(column: Any, day: date) -> Any:
    """``column >= day``, written as a range with two ends: without statistics SQLite takes
    that for the narrower condition and reads the index of ``column`` (the one that matters
    in a large register) instead of that of ``received <= end``."""
    return column.between(day, date.max)


def reopened() -> Any:
    """The complaints with earlier closings (heropenen): counted one by one, not here."""
    return _C.id.in_(select(_CLOSING.c.complaint_id))


def _first(month: str) -> date:
    """The first day of a month_of() value."""
    return date(int(month[:4]), int(month[5:7]), 1)


def _flag(value: Any) -> bool | None:
    """A SQL comparison's result: 0/1 on SQLite, a boolean on PostgreSQL, NULL without a date."""
    return None if value is None else bool(value)


def count_complaints(
    session: Session,
    start: date,
    end: date,
    *,
    by_partner: bool = False,
    ends: Sequence[date] | None = None,
) -> dict[CountsKey, Counts]:
    """Counts of the complaints without earlier closings for figures of whole months in
    [start, end]: the register's own and those from partners' reports apart, and with
    ``by_partner`` per partner (a complaint counts for each partner it concerns, one that
    concerns none under NO_PARTNER). ``open_at``: at each of ``ends`` (default: the end of
    every quarter in [start, end])."""
    codes = codes_by_id(session)
    found: dict[CountsKey, Counts] = {}
    link = _LINK.alias("concerns")
    source = _C.source
    dims: list[Any] = [source, link.c.partner_id] if by_partner else [source]
    base = _COMPLAINT.outerjoin(link, link.c.complaint_id == _C.id) if by_partner else _COMPLAINT
    common = (touching(start, end), ~reopened())

    def code(partner_id: Any) -> str:
        return NO_PARTNER if partner_id is None else codes.get(partner_id, NO_PARTNER)

    def grouped(
        labels: Sequence[Any], measures: Sequence[Any], *where: Any, from_: Any = base
    ) -> Iterator[tuple[Counts, Sequence[Any]]]:
        columns = [*dims, *labels]
        query = select(*columns, *measures).select_from(from_).where(*common, *where)
        for row in session.execute(query.group_by(*columns)):
            key = (row[0] == REPORTED_SOURCE, code(row[1]) if by_partner else None)
            yield found.setdefault(key, Counts()), tuple(row[len(dims) :])

    n = func.count()
    received_in = _C.received.between(start, end)
    for counts, (m, category, channel, handler, k) in grouped(
        [month_of(_C.received), _C.category, _C.channel, _C.handler], [n], received_in
    ):
        counts.received.append(ReceivedCount(_first(m), k, category, channel, handler))
    other = _LINK.alias("partner")
    for counts, (m, partner_id, k) in grouped(
        [month_of(_C.received), other.c.partner_id],
        [n],
        received_in,
        from_=base.outerjoin(other, other.c.complaint_id == _C.id),
    ):
        counts.partners.append(PartnerCount(_first(m), k, code(partner_id)))
    for counts, (m, handler, met, k) in grouped(
        [month_of(_C.contact_on), _C.handler, _C.contact_on <= _C.contact_due],
        [n],
        _C.contact_on.between(start, end),
    ):
        # Partners' contact terms are not chased (SPEC §3), so they do not count either.
        if contact_tracked(handler) and met is not None:
            counts.contacts.append(ContactCount(_first(m), k, bool(met)))
    started = func.coalesce(_C.reopened_on, _C.received)
    for counts, (m, kind, verdict, satisfied, weeks, handling, notice, k, days) in grouped(
        [
            month_of(_C.closed_on),
            _C.closing_kind,
            _C.verdict,
            _C.satisfied,
            _C.extension_weeks,
            _C.closed_on <= _C.handling_due,
            _C.closed_on <= _C.notice_due,
        ],
        [n, func.sum(days_between(started, _C.closed_on))],
        _C.closed_on.between(start, end),
    ):
        counts.closings.append(
            ClosedCount(
                month=_first(m),
                n=k,
                lead_time_days=int(days),
                kind=kind,
                verdict=verdict,
                satisfied=satisfied,
                extension_weeks=weeks,
                handling_met=_flag(handling),
                notice_met=_flag(notice),
            )
        )
    ends = list(ends if ends is not None else (q.end for q in quarters_between(start, end)))
    if ends:
        open_at = [
            func.sum(
                case(
                    (and_(_C.received <= e, or_(_C.closed_on.is_(None), _C.closed_on > e)), 1),
                    else_=0,
                )
            )
            for e in ends
        ]
        for counts, numbers in grouped(
            [],
            open_at,
            or_(
                and_(_C.closed_on.is_(None), _C.received <= max(ends)),
                and_(_from(_C.closed_on, min(ends) + timedelta(days=1)), _C.received <= max(ends)),
            ),
        ):
            for e, k in zip(ends, numbers, strict=True):
                counts.open_at[e] += int(k or 0)
    return found


def count_signals(
    session: Session, van: date, tot: date, partner_id: int | None, complainant_key: Any
) -> SignalCounts:
    """SignalCounts of the complaints received in [van, tot] (with ``partner_id``: those that
    concern that partner). ``complainant_key(client, name)`` makes the pseudonymous reference
    (in Python: the database cannot make the keyed hash); it is asked once per client/name."""
    codes = codes_by_id(session)
    counts = SignalCounts()
    where: list[Any] = [_C.received.between(van, tot)]
    if partner_id is not None:
        where.append(
            _C.id.in_(select(_LINK.c.complaint_id).where(_LINK.c.partner_id == partner_id))
        )
    month = month_of(_C.received)
    n = func.count()
    for m, category, k in session.execute(
        select(month, _C.category, n).where(*where).group_by(month, _C.category)
    ):
        counts.per_category[Quarter.containing(_first(m)), category] += k
    link = _LINK.alias("concerns")
    joined = select(month, link.c.partner_id, _C.category, n)
    if partner_id is None:
        joined = joined.select_from(_COMPLAINT.outerjoin(link, link.c.complaint_id == _C.id))
    else:
        joined = joined.select_from(_COMPLAINT.join(link, link.c.complaint_id == _C.id)).where(
            link.c.partner_id == partner_id
        )
    for m, pid, category, k in session.execute(
        joined.where(*where).group_by(month, link.c.partner_id, _C.category)
    ):
        code = NO_PARTNER if pid is None else codes.get(pid, NO_PARTNER)
        counts.per_partner[Quarter.containing(_first(m)), code, category] += k
    keys: dict[tuple[str | None, str | None], str | None] = {}
    rows = session.execute(
        select(_C.client, _C.complainant_name, _C.received, _C.number)
        .where(*where)
        .execution_options(yield_per=5000)
    )
    for client, name, received, number in rows:
        basis = (client, name)
        if basis not in keys:
            keys[basis] = complainant_key(client, name)
        key = keys[basis]
        if key:
            counts.per_complainant[key].append((received, number))
    return counts


def complainant_names(
    session: Session, van: date, tot: date, complainant_key: Any
) -> dict[str, list[str]]:
    """For each pseudonymous reference of the complaints that [van, tot] touches, the names
    (the client, or else the complainant) behind it, in order of receipt."""
    names: dict[str, list[str]] = {}
    keys: dict[tuple[str | None, str], str | None] = {}
    rows = session.execute(
        select(_C.client, _C.complainant_name)
        .where(touching(van, tot), _C.complainant_name.is_not(None), _C.complainant_name != "")
        .order_by(_C.received, _C.seq)
        .execution_options(yield_per=5000)
    )
    for client, name in rows:
        basis = (client, name)
        if basis not in keys:
            keys[basis] = complainant_key(client, name)
        key = keys[basis]
        if key:
            bucket = names.setdefault(key, [])
            label = client or name
            if label not in bucket:
                bucket.append(label)
    return names
