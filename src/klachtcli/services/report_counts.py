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

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, func, or_, select
from sqlmodel import Session

from klachtcli.domain.deadlines import contact_tracked
from klachtcli.domain.partner_report import SOURCE as REPORTED_SOURCE
from klachtcli.domain.report import (
    NO_PARTNER,
    NOT_HANDLED,
    ClosedCount,
    ContactCount,
    Counts,
    PartnerCount,
    Quarter,
    ReceivedCount,
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

ClosingDetail = tuple[str, bool, str | None, bool, str]
"""What the publication adds of a closing (month_of its day, not handled, the 9:8 ground, with
a measure, category): counted for the register's own complaints, with the closings."""


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


def _partner_set() -> Any:
    """Per complaint, the ids of the partners it concerns as text (``3,5``; NULL: none)."""
    link = _LINK.alias("concerns")
    ids = func.aggregate_strings(cast(link.c.partner_id, String), ",")
    return select(ids).where(link.c.complaint_id == _C.id).scalar_subquery()


_HALF_YEAR = timedelta(days=183)


def _month(day: date) -> str:
    """The month_of() value of a day."""
    return day.isoformat()[:7]


def _first(month: str) -> date:
    """The first day of a month_of() value."""
    return date(int(month[:4]), int(month[5:7]), 1)


def _flag(value: Any) -> bool | None:
    """A SQL comparison's result: 0/1 on SQLite, a boolean on PostgreSQL, NULL without a date."""
    return None if value is None else bool(value)


def _detail_labels() -> list[Any]:
    """The labels of a ClosingDetail but the month: not handled, ground, with a measure,
    category."""
    measure = and_(_C.measure.is_not(None), _C.measure != "")
    return [
        (_C.closing_kind == NOT_HANDLED).label("not_handled"),
        _C.not_handling_ground,
        measure.label("with_measure"),
        _C.category,
    ]


def _own() -> Any:
    return or_(_C.source.is_(None), _C.source != REPORTED_SOURCE)


def reopened_closing_details(session: Session, start: date, end: date) -> Counter[ClosingDetail]:
    """The ClosingDetail counts of the register's own reopened complaints closed (again) in
    [start, end]: count_complaints leaves those complaints out."""
    labels = [month_of(_C.closed_on).label("month"), *_detail_labels()]
    rows = (
        select(*labels)
        .where(_C.closed_on.between(start, end), _own(), reopened())
        .subquery("per_complaint")
    )
    keys = [rows.c[c.name] for c in labels]
    found: Counter[ClosingDetail] = Counter()
    for m, not_handled, ground, measure, category, k in session.execute(
        select(*keys, func.count()).group_by(*keys)
    ):
        found[m, bool(not_handled), ground, bool(measure), category] += k
    return found


def count_complaints(
    session: Session,
    start: date,
    end: date,
    *,
    by_partner: bool = False,
    details: Counter[ClosingDetail] | None = None,
) -> dict[CountsKey, Counts]:
    """Counts of the complaints without earlier closings for figures of whole months in
    [start, end]: the register's own and those from partners' reports apart, and with
    ``by_partner`` also per partner (a complaint counts for each partner it concerns, one that
    concerns none under NO_PARTNER). ``open_at``: at the end of every month in [start, end].

    One pass per kind of count serves the totals and every partner: each group carries the
    set of partners its complaints concern (a text like ``3,5``), and is added to the totals
    and to each partner in it. ``details``: the ClosingDetail counts are added to it, those
    of the register's own complaints not handled or with a measure."""
    codes = codes_by_id(session)
    common = (touching(start, end), ~reopened())
    # Summed per key and labels first: a group of each partner set adds to several keys.
    received: defaultdict[CountsKey, Counter[tuple[str, str, str, str]]] = defaultdict(Counter)
    partners: defaultdict[CountsKey, Counter[tuple[str, str]]] = defaultdict(Counter)
    contacts: defaultdict[CountsKey, Counter[tuple[str, bool]]] = defaultdict(Counter)
    closings: defaultdict[CountsKey, Counter[tuple[Any, ...]]] = defaultdict(Counter)
    lead_times: defaultdict[CountsKey, Counter[tuple[Any, ...]]] = defaultdict(Counter)
    opened: Counter[CountsKey] = Counter()

    def grouped(
        labels: Sequence[Any], sums: Sequence[Any], *where: Any, sets: bool = by_partner
    ) -> Iterator[tuple[list[CountsKey], list[str], Sequence[Any]]]:
        """Per group: the keys it counts for, the codes of the partners it concerns
        (NO_PARTNER for none), its labels, count and sums. The labels and the partner set are
        computed per complaint in a subquery and grouped outside it (PostgreSQL does not
        group by a correlated subquery)."""
        inner = [_C.source.label("source"), *labels, *sums]
        if sets:
            inner.append(_partner_set().label("partner_set"))
        rows = select(*inner).where(*common, *where).subquery("per_complaint")
        keys = [rows.c.source, *(rows.c[c.name] for c in labels)]
        if sets:
            keys.append(rows.c.partner_set)
        measures = [func.count(), *(func.sum(rows.c[c.name]) for c in sums)]
        n = len(labels)
        for row in session.execute(select(*keys, *measures).group_by(*keys)):
            counted, concerned = keys_of(row[0], row[n + 1] if sets else None)
            yield counted, concerned, (*row[1 : 1 + n], *row[len(keys) :])

    known: dict[tuple[str | None, str | None], tuple[list[CountsKey], list[str]]] = {}

    def keys_of(source: str | None, partner_set: str | None) -> tuple[list[CountsKey], list[str]]:
        """The keys a group counts for and the partners it concerns (once per partner set)."""
        if (source, partner_set) not in known:
            reported = source == REPORTED_SOURCE
            ids = (partner_set or "").split(",")
            concerned = [codes.get(int(i), NO_PARTNER) for i in ids if i] or [NO_PARTNER]
            counted: list[CountsKey] = [(reported, None)]
            if by_partner:
                counted += [(reported, c) for c in concerned]
            known[source, partner_set] = counted, concerned
        return known[source, partner_set]

    month = month_of(_C.received).label("month")
    for counted, concerned, (m, category, channel, handler, k) in grouped(
        [month, _C.category, _C.channel, _C.handler],
        [],
        _C.received.between(start, end),
        sets=True,
    ):
        for key in counted:
            received[key][m, category, channel, handler] += k
            for c in concerned:
                partners[key][m, c] += k
    for counted, _, (m, handler, met, k) in grouped(
        [
            month_of(_C.contact_on).label("month"),
            _C.handler,
            (_C.contact_on <= _C.contact_due).label("met"),
        ],
        [],
        _C.contact_on.between(start, end),
    ):
        # Partners' contact terms are not chased (SPEC §3), so they do not count either.
        if contact_tracked(handler) and met is not None:
            for key in counted:
                contacts[key][m, bool(met)] += k
    started = func.coalesce(_C.reopened_on, _C.received)
    closed = month_of(_C.closed_on)
    for counted, _, (*labels, k, days) in (
        group
        # The closings of the window, read in the order of the rows on disk (that of receipt:
        # a scattered read costs most): those received since half a year before it by their
        # receipt (the month of closing is no index condition), the few older by their closing.
        for received_from_or_closed_in in (
            and_(
                _C.received.between(start - _HALF_YEAR, end),
                closed.between(_month(start), _month(end)),
            ),
            and_(_C.closed_on.between(start, end), _C.received < start - _HALF_YEAR),
        )
        for group in grouped(
            [
                closed.label("month"),
                _C.closing_kind,
                _C.verdict,
                _C.satisfied,
                _C.extension_weeks,
                (_C.closed_on <= _C.handling_due).label("handling_met"),
                (_C.closed_on <= _C.notice_due).label("notice_met"),
                *(_detail_labels() if details is not None else []),
            ],
            [days_between(started, _C.closed_on).label("days")],
            received_from_or_closed_in,
        )
    ):
        alike = (*labels[:5], _flag(labels[5]), _flag(labels[6]))
        if details is not None and not counted[0][0]:
            not_handled, ground, measure, category = labels[7:]
            if not_handled or measure:
                details[labels[0], bool(not_handled), ground, bool(measure), category] += k
        for key in counted:
            closings[key][alike] += k
            lead_times[key][alike] += int(days)
    # Open at each month's end: those open when the window starts, plus what came in, minus
    # what was closed, month by month (a complaint is never closed before it was received:
    # every step checks that, lifecycle.check_step_date, and so does reading in a report).
    for counted, _, (k,) in grouped(
        [],
        [],
        or_(
            and_(_C.closed_on.is_(None), _C.received < start),
            and_(_from(_C.closed_on, start), _C.received < start),
        ),
    ):
        for key in counted:
            opened[key] += k
    found: dict[CountsKey, Counts] = {}
    for key in {*received, *partners, *contacts, *closings, *opened}:
        counts = found[key] = Counts()
        counts.received = [
            ReceivedCount(_first(m), k, *labels) for (m, *labels), k in received[key].items()
        ]
        counts.partners = [PartnerCount(_first(m), k, c) for (m, c), k in partners[key].items()]
        counts.contacts = [ContactCount(_first(m), k, met) for (m, met), k in contacts[key].items()]
        counts.closings = [
            ClosedCount(_first(m), k, lead_times[key][(m, *labels)], *labels)
            for (m, *labels), k in closings[key].items()
        ]
        balance: Counter[date] = Counter()
        for r in counts.received:
            balance[r.month] += r.n
        for d in counts.closings:
            balance[d.month] -= d.n
        still_open = opened[key]
        for first in _months(start, end):
            still_open += balance[first]
            counts.open_at[_last_day(first)] = still_open
    return found


def _months(start: date, end: date) -> Iterator[date]:
    """The first day of each month in [start, end]."""
    month = date(start.year, start.month, 1)
    while month <= end:
        yield month
        month = _last_day(month) + timedelta(days=1)


def _last_day(month: date) -> date:
    """The last day of the month of ``month``."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


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
