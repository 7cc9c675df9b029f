"""Quarter and annual report figures (SPEC §6, WA §10, Awb 9:12a).

Pure functions over plain facts that the store fills in: no I/O, no database, no clock. Every
function takes an iterable and reads it once, so the store may stream a large register.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from typing import TypeVar

from klachtcli.domain.complaint import CHANNELS, HANDLERS, VERDICTS
from klachtcli.errors import InputError

NO_PARTNER = "(gemeente)"
"""Breakdown label for complaints that concern no partner (routing rule G1)."""

NO_VERDICT = "(geen oordeel vastgelegd)"
"""Breakdown label for closed complaints without a verdict (withdrawn, not handled, ...)."""

_DAY = timedelta(days=1)
_T = TypeVar("_T")


class ReportInputError(InputError, ValueError):
    """Bad report input (a quarter, a period): a ValueError for pure callers, and an InputError
    (exit 2, Dutch message) at the CLI boundary."""


# How a complaint was closed (complaint.closing_kind)
NOT_HANDLED = "niet-behandelen"
WITHDRAWN = "ingetrokken"


@dataclass(frozen=True)
class EarlierClosing:
    """A closing that `heropenen` undid (SPEC §4): it still counts in the period it happened,
    so a report of a past quarter gives the same figures whatever happened later."""

    closed_on: date
    reopened_on: date
    closing_kind: str
    verdict: str | None
    satisfied: str | None
    measure: str | None
    handling_deadline: date
    notice_deadline: date | None
    extension_weeks: int
    started: date  # receipt, or the reopening with new facts that started this round
    # A reopening with new facts restarted the terms: the contact of this round belongs to it
    # (and is counted with it); otherwise the contact stays on the complaint and counts there.
    restarted: bool = False
    contact_on: date | None = None
    contact_deadline: date | None = None


@dataclass(frozen=True)
class ComplaintFacts:
    """What the reports need to know about one complaint; filled by the store."""

    number: str
    received: date
    channel: str
    partners: tuple[str, ...]
    category: str
    handler: str
    handler_partner: str | None
    closed_on: date | None
    contact_on: date | None
    contact_deadline: date | None
    handling_deadline: date | None
    extension_weeks: int
    verdict: str | None
    satisfied: str | None
    measure: str | None
    closing_kind: str | None
    complainant_key: str | None
    # Personal data: only written to a report with --met-persoonsgegevens.
    complainant_name: str | None = None
    complainant_email: str | None = None
    complainant_phone: str | None = None
    client: str | None = None
    description: str | None = None
    notice_deadline: date | None = None  # Awb 9:8 lid 3, for a complaint not handled
    started: date | None = None  # the last reopening with new facts, when there was one
    earlier_closings: tuple[EarlierClosing, ...] = ()
    source: str | None = None  # "partnerrapport": known from a partner's report only (SPEC §10)


@dataclass(frozen=True)
class OmbudsmanFacts:
    """One ombudsman item (WA §12); filled by the store."""

    id: int
    type: str
    reference: str
    received: date
    deadline: date
    answered: date | None
    complaint: str | None
    partner: str | None
    via_partner: bool


# --------------------------------------------------------------------------------------------
# Quarters


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter; ``q`` runs from 1 to 4."""

    year: int
    q: int

    def __post_init__(self) -> None:
        if not 1 <= self.q <= 4:
            raise ReportInputError(f"Kwartaal moet 1 t/m 4 zijn, niet {self.q}.")

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    # Cached: a report asks for them for every complaint it counts or lists.
    @cached_property
    def start(self) -> date:
        return date(self.year, 3 * self.q - 2, 1)

    @cached_property
    def end(self) -> date:
        return self.next().start - _DAY

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.q}"

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.q == 1 else Quarter(self.year, self.q - 1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.q == 4 else Quarter(self.year, self.q + 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


_QUARTER_FORMS = (
    re.compile(r"(?P<year>\d{4})-?Q(?P<q>\d)", re.IGNORECASE),
    re.compile(r"Q(?P<q>\d)-?(?P<year>\d{4})", re.IGNORECASE),
)


def parse_quarter(text: str) -> Quarter:
    """Parse ``2026-Q2``, ``2026Q2`` or ``Q2-2026`` (any case)."""
    cleaned = text.strip()
    for form in _QUARTER_FORMS:
        match = form.fullmatch(cleaned)
        if match is None:
            continue
        year, q = int(match["year"]), int(match["q"])
        if not 1 <= q <= 4:
            raise ReportInputError(
                f"Ongeldig kwartaal '{text}': het kwartaalnummer moet 1 t/m 4 zijn."
            )
        if year < 1900:
            raise ReportInputError(
                f"Ongeldig kwartaal '{text}': jaar {year} valt buiten het bereik."
            )
        return Quarter(year, q)
    raise ReportInputError(
        f"Ongeldig kwartaal '{text}': gebruik de vorm 2026-Q2, 2026Q2 of Q2-2026."
    )


def quarters_between(first: date, last: date) -> list[Quarter]:
    """Every quarter that overlaps [first, last], oldest first."""
    quarter, stop = Quarter.containing(first), Quarter.containing(last)
    result: list[Quarter] = []
    while quarter <= stop:
        result.append(quarter)
        quarter = quarter.next()
    return result


# --------------------------------------------------------------------------------------------
# Selections


def for_partner(complaints: Iterable[ComplaintFacts], code: str) -> Iterator[ComplaintFacts]:
    """The complaints that concern partner ``code`` (``--partner CODE``)."""
    return (c for c in complaints if code in c.partners)


def is_closed_by(complaint: ComplaintFacts, day: date) -> bool:
    """Whether the complaint stood closed on ``day`` (also by a closing later undone)."""
    if complaint.closed_on is not None and complaint.closed_on <= day:
        return True
    return bool(complaint.earlier_closings) and any(
        k.closed_on <= day < k.reopened_on for k in complaint.earlier_closings
    )


def as_of(complaint: ComplaintFacts, day: date) -> ComplaintFacts:
    """The complaint as it stood on ``day``: when a closing later undone was in force then, its
    outcome instead of today's."""
    for k in complaint.earlier_closings:
        if k.closed_on <= day < k.reopened_on:
            return replace(
                complaint,
                closed_on=k.closed_on,
                closing_kind=k.closing_kind,
                verdict=k.verdict,
                satisfied=k.satisfied,
                measure=k.measure,
                handling_deadline=k.handling_deadline,
                notice_deadline=k.notice_deadline,
                extension_weeks=k.extension_weeks,
                contact_on=k.contact_on if k.restarted else complaint.contact_on,
                contact_deadline=(
                    k.contact_deadline if k.restarted else complaint.contact_deadline
                ),
            )
    return complaint


def judged_deadline(closing_kind: str | None, handling: _T | None, notice: _T | None) -> _T | None:
    """The deadline a closing is judged against (SPEC §6): the 4-week notice term of Awb 9:8
    lid 3 for a complaint not handled, none for a withdrawn one, else the handling term.
    (Given whether each deadline was met instead of the dates, it says whether it counts as
    on time.)"""
    if closing_kind == WITHDRAWN:
        return None
    if closing_kind == NOT_HANDLED:
        return notice
    return handling


def in_quarter_sheet(complaint: ComplaintFacts, quarter: Quarter) -> bool:
    """Whether the complaint belongs on the ``Klachten`` sheet: received or closed in the
    quarter, or open at its end."""
    if complaint.received > quarter.end:
        return False
    if complaint.received >= quarter.start or not is_closed_by(complaint, quarter.start - _DAY):
        return True
    # closed when the quarter began: only a reopening (or a closing after one) in it counts
    steps = [complaint.closed_on] + [k.reopened_on for k in complaint.earlier_closings]
    return any(day is not None and quarter.contains(day) for day in steps)


def quarter_rows(complaints: Iterable[ComplaintFacts], quarter: Quarter) -> list[ComplaintFacts]:
    """The rows of the ``Klachten`` sheet, oldest receipt first."""
    rows = [c for c in complaints if in_quarter_sheet(c, quarter)]
    rows.sort(key=lambda c: (c.received, c.number))
    return rows


def ombudsman_in_quarter(
    items: Iterable[OmbudsmanFacts],
    quarter: Quarter,
    *,
    partner: str | None = None,
    partner_complaints: Collection[str] = (),
) -> list[OmbudsmanFacts]:
    """Ombudsman items received or answered in the quarter, oldest first.

    With ``partner``, only the items linked to that partner directly or through one of its
    complaints (``partner_complaints``: their numbers)."""

    def concerns_partner(item: OmbudsmanFacts) -> bool:
        return partner is None or item.partner == partner or item.complaint in partner_complaints

    def in_quarter(item: OmbudsmanFacts) -> bool:
        return quarter.contains(item.received) or (
            item.answered is not None and quarter.contains(item.answered)
        )

    return sorted(
        (i for i in items if concerns_partner(i) and in_quarter(i)),
        key=lambda i: (i.received, i.id),
    )


# --------------------------------------------------------------------------------------------
# Key figures

Breakdown = tuple[tuple[str, int], ...]
"""Label and count per label, in report order."""

_SATISFACTION = {"ja": "satisfied", "nee": "not_satisfied"}


def percentage(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``, one decimal; None (shown "n.v.t.") when whole is 0."""
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class PeriodFigures:
    """The key figures of SPEC §6 for one period [start, end] (a quarter or a year).

    - ``received``: received in the period; ``closed``: closed in the period; ``open_at_end``:
      received on or before ``end`` and not closed on or before ``end``.
    - ``contact_measured``: complaints whose first contact falls in the period and that have a
      contact deadline (partner-handled complaints are not chased for contact, so they have none);
      ``contact_on_time``: those of them with contact on or before the deadline.
    - ``deadline_measured``: complaints closed in the period that have a deadline to be judged
      against; ``closed_on_time``: those of them closed on or before it. That deadline is the
      handling term (extensions included), or for a complaint not handled the 4-week notice
      term of Awb 9:8 lid 3; a withdrawn complaint is not judged.
    - ``not_handled`` / ``withdrawn``: of the complaints closed in the period, those closed by
      ``niet-behandelen`` / ``intrekken``.
    - A closing that ``heropenen`` later undid still counts in the period it happened.
    - ``extended``: complaints closed in the period whose deadline was extended. Counted at
      closing because the register does not date an extension: at closing the extension
      certainly lies in the past, and the figure then reads "of the N closed, X needed more time".
    - ``satisfied`` / ``not_satisfied`` / ``satisfaction_unknown``: of the complaints closed in
      the period, satisfaction ``ja`` / ``nee`` / ``onbekend`` or not recorded.
    - ``lead_time_days``: summed calendar days from receipt to closing over those closed.
    - Breakdowns of the complaints received in the period per partner (a complaint with several
      partners counts for each, none counts as ``(gemeente)``), category, channel and handler;
      per verdict of those closed in the period.
    """

    start: date
    end: date
    received: int
    closed: int
    open_at_end: int
    contact_measured: int
    contact_on_time: int
    deadline_measured: int
    closed_on_time: int
    extended: int
    satisfied: int
    not_satisfied: int
    satisfaction_unknown: int
    lead_time_days: int
    not_handled: int
    withdrawn: int
    by_partner: Breakdown
    by_category: Breakdown
    by_channel: Breakdown
    by_handler: Breakdown
    by_verdict: Breakdown

    @property
    def contact_on_time_pct(self) -> float | None:
        return percentage(self.contact_on_time, self.contact_measured)

    @property
    def closed_on_time_pct(self) -> float | None:
        return percentage(self.closed_on_time, self.deadline_measured)

    @property
    def mean_lead_time_days(self) -> float | None:
        return round(self.lead_time_days / self.closed, 1) if self.closed else None

    def key_figures(self, period_word: str = "kwartaal") -> tuple[tuple[str, float | None], ...]:
        """The ``Samenvatting`` rows (label, value) in report order; None means "n.v.t."."""
        return (
            ("Ontvangen", self.received),
            ("Afgehandeld", self.closed),
            (f"Open einde {period_word}", self.open_at_end),
            ("Contact tijdig (%)", self.contact_on_time_pct),
            ("Binnen termijn (%)", self.closed_on_time_pct),
            ("Verdaagd", self.extended),
            ("Tevreden", self.satisfied),
            ("Niet tevreden", self.not_satisfied),
            ("Tevredenheid onbekend", self.satisfaction_unknown),
            ("Gemiddelde doorlooptijd (dagen)", self.mean_lead_time_days),
            ("Niet behandeld (Awb 9:8)", self.not_handled),
            ("Ingetrokken", self.withdrawn),
        )

    def to_dict(self, *, with_partners: bool = True) -> dict[str, object]:
        result: dict[str, object] = {
            "van": self.start.isoformat(),
            "tot": self.end.isoformat(),
            "ontvangen": self.received,
            "afgehandeld": self.closed,
            "niet_behandeld": self.not_handled,
            "ingetrokken": self.withdrawn,
            "open_einde_periode": self.open_at_end,
            "contact_gemeten": self.contact_measured,
            "contact_tijdig": self.contact_on_time,
            "contact_tijdig_pct": self.contact_on_time_pct,
            "termijn_gemeten": self.deadline_measured,
            "binnen_termijn": self.closed_on_time,
            "binnen_termijn_pct": self.closed_on_time_pct,
            "verdaagd": self.extended,
            "tevreden": self.satisfied,
            "niet_tevreden": self.not_satisfied,
            "tevredenheid_onbekend": self.satisfaction_unknown,
            "gemiddelde_doorlooptijd_dagen": self.mean_lead_time_days,
        }
        if with_partners:
            result["per_ketenpartner"] = dict(self.by_partner)
        result["per_categorie"] = dict(self.by_category)
        result["per_kanaal"] = dict(self.by_channel)
        result["per_behandelaar"] = dict(self.by_handler)
        result["per_oordeel"] = dict(self.by_verdict)
        return result


class _Tally:
    """Accumulates the figures of one period while the complaints stream past once."""

    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start, end
        self.counts: Counter[str] = Counter()
        self.lead_time_days = 0
        self.partners: Counter[str] = Counter()
        self.categories: Counter[str] = Counter()
        self.channels: Counter[str] = Counter()
        self.handlers: Counter[str] = Counter()
        self.verdicts: Counter[str] = Counter()

    def _within(self, day: date) -> bool:
        return self.start <= day <= self.end

    def add(self, c: ComplaintFacts) -> None:
        # Runs for every complaint of a report (in several tallies): comparisons inline.
        start, end = self.start, self.end
        if start <= c.received <= end:
            self.counts["received"] += 1
            for code in c.partners or (NO_PARTNER,):
                self.partners[code] += 1
            self.categories[c.category] += 1
            self.channels[c.channel] += 1
            self.handlers[c.handler] += 1
        if c.received <= end and not is_closed_by(c, end):
            self.counts["open_at_end"] += 1
        if c.contact_on is not None:
            self._add_contact(c.contact_on, c.contact_deadline)
        if c.closed_on and start <= c.closed_on <= end:
            deadline = judged_deadline(c.closing_kind, c.handling_deadline, c.notice_deadline)
            self._add_closed(
                c.closed_on,
                c.started or c.received,
                c.closing_kind,
                c.verdict,
                c.satisfied,
                c.extension_weeks,
                deadline,
            )
        for k in c.earlier_closings:
            self._add_contact(k.contact_on, k.contact_deadline)
            if self._within(k.closed_on):
                deadline = judged_deadline(k.closing_kind, k.handling_deadline, k.notice_deadline)
                self._add_closed(
                    k.closed_on,
                    k.started,
                    k.closing_kind,
                    k.verdict,
                    k.satisfied,
                    k.extension_weeks,
                    deadline,
                )

    def _add_contact(self, contact_on: date | None, deadline: date | None) -> None:
        if contact_on and deadline and self._within(contact_on):
            self.counts["contact_measured"] += 1
            self.counts["contact_on_time"] += contact_on <= deadline

    def _add_closed(
        self,
        closed_on: date,
        started: date,
        kind: str | None,
        verdict: str | None,
        satisfied: str | None,
        extension_weeks: int,
        deadline: date | None,
    ) -> None:
        self.counts["closed"] += 1
        self.lead_time_days += (closed_on - started).days
        self.verdicts[verdict or NO_VERDICT] += 1
        self.counts["extended"] += extension_weeks > 0
        self.counts[_SATISFACTION.get(satisfied or "", "satisfaction_unknown")] += 1
        self.counts["not_handled"] += kind == NOT_HANDLED
        self.counts["withdrawn"] += kind == WITHDRAWN
        if deadline is not None:
            self.counts["deadline_measured"] += 1
            self.counts["closed_on_time"] += closed_on <= deadline

    def result(self, partners: Iterable[str] = (), categories: Iterable[str] = ()) -> PeriodFigures:
        n = self.counts
        return PeriodFigures(
            start=self.start,
            end=self.end,
            received=n["received"],
            closed=n["closed"],
            open_at_end=n["open_at_end"],
            contact_measured=n["contact_measured"],
            contact_on_time=n["contact_on_time"],
            deadline_measured=n["deadline_measured"],
            closed_on_time=n["closed_on_time"],
            extended=n["extended"],
            satisfied=n["satisfied"],
            not_satisfied=n["not_satisfied"],
            satisfaction_unknown=n["satisfaction_unknown"],
            lead_time_days=self.lead_time_days,
            not_handled=n["not_handled"],
            withdrawn=n["withdrawn"],
            by_partner=breakdown(self.partners, partners),
            by_category=breakdown(self.categories, categories),
            by_channel=breakdown(self.channels, CHANNELS, ranked=False),
            by_handler=breakdown(self.handlers, HANDLERS, ranked=False),
            by_verdict=breakdown(self.verdicts, VERDICTS, ranked=False),
        )


def breakdown(counts: Counter[str], known: Iterable[str] = (), *, ranked: bool = True) -> Breakdown:
    """Counts per label; ``known`` labels without a count are listed with 0. Ranked: largest
    first (ties by label). Not ranked: ``known`` in its own order, other labels after it."""
    labels = tuple(dict.fromkeys(known))
    merged = Counter(dict.fromkeys(labels, 0))
    merged.update(counts)
    if ranked:
        return tuple(sorted(merged.items(), key=lambda item: (-item[1], item[0])))
    order = [*labels, *sorted(set(counts).difference(labels))]
    return tuple((label, merged[label]) for label in order)


def period_figures(
    complaints: Iterable[ComplaintFacts],
    start: date,
    end: date,
    *,
    partners: Iterable[str] = (),
    categories: Iterable[str] = (),
) -> PeriodFigures:
    """Key figures for [start, end]. ``partners`` and ``categories`` (codes from the register)
    are listed in the breakdowns even when they have no complaints."""
    tally = _Tally(start, end)
    for complaint in complaints:
        tally.add(complaint)
    return tally.result(partners, categories)


def quarter_figures(
    complaints: Iterable[ComplaintFacts],
    quarter: Quarter,
    *,
    partners: Iterable[str] = (),
    categories: Iterable[str] = (),
) -> PeriodFigures:
    """Key figures of the quarterly report (SPEC §6)."""
    return period_figures(
        complaints, quarter.start, quarter.end, partners=partners, categories=categories
    )


PartnerRows = tuple[tuple[str, PeriodFigures], ...]
"""Per partner code (and ``(gemeente)``) its figures: report_tables.PartnerFigures."""


class QuarterTally:
    """The figures of one quarterly workbook, counted while its complaints stream past once:
    the register's own complaints, in total and per partner, and apart from them those known
    from partners' quarterly reports only (SPEC §10). The same figures as quarter_figures and
    report_tables.partner_figures over the same complaints, without holding them."""

    def __init__(
        self, quarter: Quarter, *, partners: Iterable[str] = (), categories: Iterable[str] = ()
    ) -> None:
        self.quarter = quarter
        self.partners = tuple(partners)
        self.categories = tuple(categories)
        self.own = self._tallies()
        self.reported = self._tallies()

    def _tallies(self) -> dict[str | None, _Tally]:
        """One tally for all (key None), one per partner, one for complaints without one."""
        keys = [None, *sorted(set(self.partners)), NO_PARTNER]
        return {key: _Tally(self.quarter.start, self.quarter.end) for key in keys}

    def add(self, c: ComplaintFacts, *, reported: bool = False) -> None:
        tallies = self.reported if reported else self.own
        tallies[None].add(c)
        for code in c.partners or (NO_PARTNER,):
            tally = tallies.get(code)
            if tally is not None:
                tally.add(c)

    def sheet_rows(
        self, complaints: Iterable[tuple[ComplaintFacts, bool]]
    ) -> Iterator[ComplaintFacts]:
        """Count each (complaint, reported) and yield the register's own complaints of the
        ``Klachten`` sheet in the order of quarter_rows. ``complaints`` come in order of
        receipt; the few of one day are put in order of their number here."""
        day: list[ComplaintFacts] = []
        for c, reported in complaints:
            self.add(c, reported=reported)
            if reported or not in_quarter_sheet(c, self.quarter):
                continue
            if day and day[0].received != c.received:
                day.sort(key=lambda f: f.number)
                yield from day
                day = []
            day.append(c)
        day.sort(key=lambda f: f.number)
        yield from day

    def figures(self) -> PeriodFigures:
        return self.own[None].result(self.partners, self.categories)

    def reported_figures(self) -> PeriodFigures:
        return self.reported[None].result()

    @staticmethod
    def _per_partner(tallies: dict[str | None, _Tally]) -> PartnerRows:
        rows = [(key, t.result()) for key, t in tallies.items() if key not in (None, NO_PARTNER)]
        own = tallies[NO_PARTNER].result()
        if own.received or own.closed or own.open_at_end:
            rows.append((NO_PARTNER, own))
        return tuple(rows)

    def partner_figures(self) -> PartnerRows:
        return self._per_partner(self.own)

    def reported_partner_figures(self) -> PartnerRows:
        return self._per_partner(self.reported)


# --------------------------------------------------------------------------------------------
# Annual overview (Awb 9:12a): counts only, no personal data, no free text.


@dataclass(frozen=True)
class AnnualFigures:
    """The published annual overview. Per-partner counts are left out on purpose: the
    publication is about the gemeente's complaint handling, and contract performance of
    partners is discussed with their contractmanagers (WA §10, §11), not published."""

    year: int
    totals: PeriodFigures
    quarters: tuple[tuple[Quarter, PeriodFigures], ...]
    ombudsman_by_type: Breakdown
    ombudsman_answered: int
    ombudsman_answered_on_time: int

    @property
    def ombudsman_received(self) -> int:
        return sum(count for _, count in self.ombudsman_by_type)

    @property
    def ombudsman_on_time_pct(self) -> float | None:
        return percentage(self.ombudsman_answered_on_time, self.ombudsman_answered)

    def to_dict(self) -> dict[str, object]:
        totals = self.totals.to_dict(with_partners=False)
        totals["open_einde_jaar"] = totals.pop("open_einde_periode")
        return {
            "jaar": self.year,
            **totals,
            "per_kwartaal": [
                {"kwartaal": q.label, "ontvangen": f.received, "afgehandeld": f.closed}
                for q, f in self.quarters
            ],
            "ombudsman": {
                "ontvangen": self.ombudsman_received,
                "per_soort": dict(self.ombudsman_by_type),
                "beantwoord": self.ombudsman_answered,
                "tijdig_beantwoord": self.ombudsman_answered_on_time,
                "tijdig_beantwoord_pct": self.ombudsman_on_time_pct,
            },
        }


def annual_figures(
    complaints: Iterable[ComplaintFacts],
    ombudsman: Iterable[OmbudsmanFacts],
    year: int,
    *,
    categories: Iterable[str] = (),
    ombudsman_types: Iterable[str] = (),
) -> AnnualFigures:
    """Figures for ``rapport --jaar``. Ombudsman items count per type when received in the
    year; answered (on time) when answered in the year."""
    quarters = [Quarter(year, q) for q in range(1, 5)]
    totals = _Tally(quarters[0].start, quarters[-1].end)
    per_quarter = [_Tally(q.start, q.end) for q in quarters]
    for complaint in complaints:
        totals.add(complaint)
        for tally in per_quarter:
            tally.add(complaint)

    return _annual(year, totals, per_quarter, ombudsman, categories, ombudsman_types)


def _annual(
    year: int,
    totals: _Tally,
    per_quarter: list[_Tally],
    ombudsman: Iterable[OmbudsmanFacts],
    categories: Iterable[str],
    ombudsman_types: Iterable[str],
) -> AnnualFigures:
    types: Counter[str] = Counter()
    answered = answered_on_time = 0
    for item in ombudsman:
        if item.received.year == year:
            types[item.type] += 1
        if item.answered is not None and item.answered.year == year:
            answered += 1
            answered_on_time += item.answered <= item.deadline
    quarters = [Quarter(year, q) for q in range(1, 5)]
    return AnnualFigures(
        year=year,
        totals=totals.result(categories=categories),
        quarters=tuple((q, t.result()) for q, t in zip(quarters, per_quarter, strict=True)),
        ombudsman_by_type=breakdown(types, ombudsman_types),
        ombudsman_answered=answered,
        ombudsman_answered_on_time=answered_on_time,
    )


# Counted by the store: a large register's figures come as counts per month and per label
# (SQL GROUP BY) instead of one ComplaintFacts per complaint. What each count means is the
# definition of PeriodFigures; the tests prove both ways give the same figures.


@dataclass(frozen=True)
class ReceivedCount:
    """``n`` complaints received in ``month`` (its first day) with these labels."""

    month: date
    n: int
    category: str
    channel: str
    handler: str


@dataclass(frozen=True)
class PartnerCount:
    """``n`` complaints received in ``month`` that concern ``partner`` (or NO_PARTNER)."""

    month: date
    n: int
    partner: str


@dataclass(frozen=True)
class ContactCount:
    """``n`` first contacts in ``month`` that had a contact deadline, met or not."""

    month: date
    n: int
    on_time: bool


@dataclass(frozen=True)
class ClosedCount:
    """``n`` closings in ``month`` alike in what the figures read of them. ``handling_met`` /
    ``notice_met``: closed on or before the handling / the 9:8 notice deadline (None: there is
    none); judged_deadline picks the one that counts."""

    month: date
    n: int
    lead_time_days: int  # summed over the n closings
    kind: str | None
    verdict: str | None
    satisfied: str | None
    extension_weeks: int
    handling_met: bool | None
    notice_met: bool | None


@dataclass
class Counts:
    """The complaints of some selection, counted for the figures of periods that are whole
    months. ``open_at``: how many were open at the end of a day. ``complaints``: those counted
    one by one, each as a whole (the reopened ones, whose earlier closings count too)."""

    received: list[ReceivedCount] = field(default_factory=list)
    partners: list[PartnerCount] = field(default_factory=list)
    contacts: list[ContactCount] = field(default_factory=list)
    closings: list[ClosedCount] = field(default_factory=list)
    open_at: Counter[date] = field(default_factory=Counter)
    complaints: list[ComplaintFacts] = field(default_factory=list)


def _counted(counts: Counts, start: date, end: date) -> _Tally:
    """The tally of [start, end] (whole months) from ``counts``."""
    if start.day != 1 or (end + _DAY).day != 1:
        raise ValueError(f"counts cover whole months, not {start}..{end}")
    tally = _Tally(start, end)
    for c in counts.complaints:
        tally.add(c)
    n = tally.counts
    for r in counts.received:
        if tally._within(r.month):
            n["received"] += r.n
            tally.categories[r.category] += r.n
            tally.channels[r.channel] += r.n
            tally.handlers[r.handler] += r.n
    for p in counts.partners:
        if tally._within(p.month):
            tally.partners[p.partner] += p.n
    for k in counts.contacts:
        if tally._within(k.month):
            n["contact_measured"] += k.n
            n["contact_on_time"] += k.n * k.on_time
    for d in counts.closings:
        if tally._within(d.month):
            n["closed"] += d.n
            tally.lead_time_days += d.lead_time_days
            tally.verdicts[d.verdict or NO_VERDICT] += d.n
            n["extended"] += d.n * (d.extension_weeks > 0)
            n[_SATISFACTION.get(d.satisfied or "", "satisfaction_unknown")] += d.n
            n["not_handled"] += d.n * (d.kind == NOT_HANDLED)
            n["withdrawn"] += d.n * (d.kind == WITHDRAWN)
            met = judged_deadline(d.kind, d.handling_met, d.notice_met)
            if met is not None:
                n["deadline_measured"] += d.n
                n["closed_on_time"] += d.n * met
    n["open_at_end"] += counts.open_at[end]
    return tally


def counted_figures(
    counts: Counts,
    start: date,
    end: date,
    *,
    partners: Iterable[str] = (),
    categories: Iterable[str] = (),
) -> PeriodFigures:
    """period_figures of [start, end] (whole months) from counts."""
    return _counted(counts, start, end).result(partners, categories)


def counted_annual_figures(
    counts: Counts,
    ombudsman: Iterable[OmbudsmanFacts],
    year: int,
    *,
    categories: Iterable[str] = (),
    ombudsman_types: Iterable[str] = (),
) -> AnnualFigures:
    """annual_figures from counts."""
    quarters = [Quarter(year, q) for q in range(1, 5)]
    totals = _counted(counts, quarters[0].start, quarters[-1].end)
    per_quarter = [_counted(counts, q.start, q.end) for q in quarters]
    return _annual(year, totals, per_quarter, ombudsman, categories, ombudsman_types)


# --------------------------------------------------------------------------------------------
# The Klachten sheet: its columns are part of the contract (SPEC §6)

SheetValue = str | int | date | None

COMPLAINT_HEADERS = (
    "Nummer",
    "Ontvangen",
    "Kanaal",
    "Ketenpartner",
    "Categorie",
    "Behandelaar",
    "Status",
    "Contact op",
    "Contact tijdig",
    "Afgehandeld op",
    "Termijn",
    "Binnen termijn",
    "Verdaagd",
    "Oordeel",
    "Tevreden",
    "Maatregel",
)
PERSONAL_HEADERS = ("Klager", "E-mail", "Telefoon", "Cliënt", "Omschrijving")

_CLOSING_LABELS = {
    "afgehandeld": "afgehandeld",
    "terugkoppeling": "afgehandeld door ketenpartner",
    "niet-behandelen": "niet behandeld",
    "ingetrokken": "ingetrokken",
}


def status_at(complaint: ComplaintFacts, day: date) -> str:
    """``open``, or how the complaint was closed, as it stood on ``day``."""
    if not is_closed_by(complaint, day):
        return "open"
    return _CLOSING_LABELS.get(complaint.closing_kind or "", "gesloten")


def step_on_time(done: date | None, deadline: date | None, reference: date) -> str | None:
    """``ja``/``nee`` once the step happened; ``nee`` when it has not happened and its deadline
    passed before ``reference``; None while it still runs or has no deadline."""
    if deadline is None:
        return None
    if done is not None:
        return "ja" if done <= deadline else "nee"
    return "nee" if deadline < reference else None


def complaint_row(
    c: ComplaintFacts, quarter: Quarter, *, include_personal: bool = False
) -> tuple[SheetValue, ...]:
    """One ``Klachten`` row in the order of COMPLAINT_HEADERS (+ PERSONAL_HEADERS).

    The recorded facts are shown as they are now, also when they lie after the quarter (a
    complaint closed on the first day of the next quarter shows that date), but ``Status`` and
    an overdue ``nee`` are judged at the quarter's end, so the rows with status ``open`` are
    exactly the ``Open einde kwartaal`` of the summary. ``Verdaagd`` is the number of weeks of
    extension, 0 when the deadline was not extended."""
    end = quarter.end
    c = as_of(c, end)
    deadline = judged_deadline(c.closing_kind, c.handling_deadline, c.notice_deadline)
    handler = c.handler_partner if c.handler == "partner" and c.handler_partner else c.handler
    row: tuple[SheetValue, ...] = (
        c.number,
        c.received,
        c.channel,
        ", ".join(c.partners),
        c.category,
        handler,
        status_at(c, end),
        c.contact_on,
        step_on_time(c.contact_on, c.contact_deadline, end),
        c.closed_on,
        deadline if c.closing_kind != WITHDRAWN else c.handling_deadline,
        step_on_time(c.closed_on, deadline, end),
        c.extension_weeks,
        c.verdict,
        c.satisfied,
        c.measure,
    )
    if include_personal:
        row += (
            c.complainant_name,
            c.complainant_email,
            c.complainant_phone,
            c.client,
            c.description,
        )
    return row


OMBUDSMAN_HEADERS = (
    "Id",
    "Soort",
    "Referentie",
    "Ontvangen",
    "Deadline",
    "Beantwoord op",
    "Tijdig",
    "Klacht",
    "Ketenpartner",
    "Via ketenpartner",
)


def ombudsman_row(item: OmbudsmanFacts, quarter: Quarter) -> tuple[SheetValue, ...]:
    """One ``Ombudsman`` row in the order of OMBUDSMAN_HEADERS."""
    return (
        item.id,
        item.type,
        item.reference,
        item.received,
        item.deadline,
        item.answered,
        step_on_time(item.answered, item.deadline, quarter.end),
        item.complaint,
        item.partner,
        "ja" if item.via_partner else "nee",
    )
