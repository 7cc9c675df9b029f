"""Structural signals for ``klacht analyse`` and the ``Signalen`` sheet (WA §5b, §11).

The medewerker geschilbeslechting looks for frequent complaints, complainants who keep
complaining, and partners where a kind of complaint keeps growing. Everything here counts
complaints by their date of receipt within [van, tot], and only the pseudonymous complainant
reference ever leaves this module: never a name.

Quarters at the edges of [van, tot] may be covered only in part. A comparison needs the
earlier quarters complete (a partial one would show a false rise); the latest quarter may be
partial, because its count can only grow and a rise it already shows is real.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from klachtcli.domain.dates import fmt
from klachtcli.domain.report import (
    NO_PARTNER,
    ComplaintFacts,
    Quarter,
    ReportInputError,
    quarters_between,
)

GROWING_CATEGORY = "categorie-groeit"
REPEATED_COMPLAINANT = "herhaalde-klager"
RISING_PARTNER = "ketenpartner-stijgt"

KIND_LABELS = {
    GROWING_CATEGORY: "Categorie groeit",
    REPEATED_COMPLAINANT: "Herhaalde klachten klager/cliënt",
    RISING_PARTNER: "Stijging bij ketenpartner",
}

_LOOKBACK_QUARTERS = 4
DEFAULT_MINIMUM = 3
"""Growth signals need at least this many complaints in the quarter (setting signaal_minimum)."""


@dataclass(frozen=True)
class QuarterSpan:
    """A quarter and the part of it that the analysis covers."""

    quarter: Quarter
    start: date
    end: date

    @property
    def complete(self) -> bool:
        return self.start == self.quarter.start and self.end == self.quarter.end

    def to_dict(self) -> dict[str, object]:
        return {
            "kwartaal": self.quarter.label,
            "van": self.start.isoformat(),
            "tot": self.end.isoformat(),
            "volledig": self.complete,
        }


@dataclass(frozen=True)
class CategoryCount:
    """Complaints of one partner in one category in one quarter. ``previous`` is None when the
    previous quarter is not completely inside the analysed period."""

    quarter: Quarter
    partner: str
    category: str
    count: int
    previous: int | None

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.count - self.previous

    def to_dict(self) -> dict[str, object]:
        return {
            "kwartaal": self.quarter.label,
            "partner": self.partner,
            "categorie": self.category,
            "aantal": self.count,
            "vorig_kwartaal": self.previous,
            "verandering": self.change,
        }


@dataclass(frozen=True)
class Signal:
    """One structural signal; ``reason`` says in Dutch why it was raised."""

    kind: str
    quarter: Quarter
    reason: str
    partner: str | None = None
    category: str | None = None
    complainant_key: str | None = None
    complaints: tuple[str, ...] = ()
    counts: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "soort": self.kind,
            "kwartaal": self.quarter.label,
            "partner": self.partner,
            "categorie": self.category,
            "klager_ref": self.complainant_key,
            "klachten": list(self.complaints),
            "aantallen": list(self.counts),
            "reden": self.reason,
        }


@dataclass(frozen=True)
class Analysis:
    start: date
    end: date
    partner: str | None
    quarters: tuple[QuarterSpan, ...]
    counts: tuple[CategoryCount, ...]
    signals: tuple[Signal, ...]

    def for_quarter(self, quarter: Quarter) -> Analysis:
        """Only the counts and signals that belong to ``quarter``."""
        return replace(
            self,
            quarters=tuple(s for s in self.quarters if s.quarter == quarter),
            counts=tuple(c for c in self.counts if c.quarter == quarter),
            signals=tuple(s for s in self.signals if s.quarter == quarter),
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "van": self.start.isoformat(),
            "tot": self.end.isoformat(),
            "partner": self.partner,
            "kwartalen": [s.to_dict() for s in self.quarters],
            "aantallen": [c.to_dict() for c in self.counts],
            "signalen": [s.to_dict() for s in self.signals],
        }


def _year_before(quarter: Quarter) -> date:
    """The first day of the same quarter a year earlier."""
    first = quarter
    for _ in range(_LOOKBACK_QUARTERS):
        first = first.previous()
    return first.start


def default_window(today: date) -> tuple[date, date]:
    """``klacht analyse`` without --van/--tot: the four previous quarters and the current one."""
    return _year_before(Quarter.containing(today)), today


def quarter_window(quarter: Quarter) -> tuple[date, date]:
    """The period the ``Signalen`` of a quarterly report read: from the same quarter a year
    earlier to the quarter's end, so that the earlier quarters of a trend and the earlier
    complaints of a repeated complainant are seen (keep the result to the quarter with
    Analysis.for_quarter)."""
    return _year_before(quarter), quarter.end


def quarter_analysis(
    complaints: Iterable[ComplaintFacts],
    quarter: Quarter,
    *,
    partner: str | None = None,
    minimum: int = DEFAULT_MINIMUM,
) -> Analysis:
    """The ``Signalen`` of a quarterly report, from the complaints of its quarter_window."""
    van, tot = quarter_window(quarter)
    analysis = analyse(complaints, van=van, tot=tot, partner=partner, minimum=minimum)
    return analysis.for_quarter(quarter)


def analyse(
    complaints: Iterable[ComplaintFacts],
    *,
    van: date,
    tot: date,
    partner: str | None = None,
    minimum: int = DEFAULT_MINIMUM,
) -> Analysis:
    """Counts per partner × category per quarter and the signals over [van, tot].

    With ``partner``, only that partner's complaints, and only its own rows in the counts.
    A growth signal needs at least ``minimum`` complaints in its quarter (the register setting
    ``signaal_minimum``): a rise from 0 to 1 is chance, not a structure."""
    check_period(van, tot)
    counts = SignalCounts()
    for c in complaints:
        if not van <= c.received <= tot or (partner is not None and partner not in c.partners):
            continue
        quarter = Quarter.containing(c.received)
        counts.per_category[quarter, c.category] += 1
        for p in c.partners or (NO_PARTNER,):
            if partner is None or p == partner:
                counts.per_partner[quarter, p, c.category] += 1
        if c.complainant_key:
            counts.per_complainant[c.complainant_key].append((c.received, c.number))
    return counted_analysis(counts, van=van, tot=tot, partner=partner, minimum=minimum)


def check_period(van: date, tot: date) -> None:
    if van > tot:
        raise ReportInputError(f"De begindatum {fmt(van)} ligt na de einddatum {fmt(tot)}.")


@dataclass
class SignalCounts:
    """What the signals read of the complaints received in [van, tot] (of the partner, when
    one is asked): per quarter × partner (NO_PARTNER for none, only the asked partner's rows)
    × category, per quarter × category, and per pseudonymous complainant the (receipt, number)
    of each complaint. ``analyse`` counts them from complaints; the store may count them in SQL."""

    per_partner: Counter[tuple[Quarter, str, str]] = field(default_factory=Counter)
    per_category: Counter[tuple[Quarter, str]] = field(default_factory=Counter)
    per_complainant: defaultdict[str, list[tuple[date, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def counted_analysis(
    counts: SignalCounts,
    *,
    van: date,
    tot: date,
    partner: str | None = None,
    minimum: int = DEFAULT_MINIMUM,
) -> Analysis:
    """The Analysis of ``analyse`` from its counts."""
    check_period(van, tot)
    spans = tuple(
        QuarterSpan(q, max(q.start, van), min(q.end, tot)) for q in quarters_between(van, tot)
    )
    per_partner, per_category = counts.per_partner, counts.per_category
    comparable = _comparable_quarters(spans)
    signals = [
        *_growing_categories(per_category, spans, comparable, minimum),
        *_rising_partners(per_partner, spans, comparable, minimum),
        *_repeated_complainants(counts.per_complainant),
    ]
    signals.sort(key=lambda s: (s.quarter, s.kind, s.partner or "", s.category or "", s.reason))
    return Analysis(
        start=van,
        end=tot,
        partner=partner,
        quarters=spans,
        counts=_category_counts(per_partner, spans, comparable),
        signals=tuple(signals),
    )


def _comparable_quarters(spans: tuple[QuarterSpan, ...]) -> set[Quarter]:
    """Quarters whose count is complete, so that a later quarter may be compared with them."""
    return {s.quarter for s in spans if s.complete}


def _category_counts(
    per_partner: Counter[tuple[Quarter, str, str]],
    spans: tuple[QuarterSpan, ...],
    comparable: set[Quarter],
) -> tuple[CategoryCount, ...]:
    pairs = sorted({(p, cat) for _, p, cat in per_partner})
    rows = []
    for span in spans:
        before = span.quarter.previous()
        for p, cat in pairs:
            count, previous = per_partner[span.quarter, p, cat], per_partner[before, p, cat]
            if count or previous:
                known = previous if before in comparable else None
                rows.append(CategoryCount(span.quarter, p, cat, count, known))
    return tuple(rows)


def _complaints(n: int) -> str:
    return "1 klacht" if n == 1 else f"{n} klachten"


def _as_of(span: QuarterSpan) -> str:
    return "" if span.complete else f" (stand t/m {fmt(span.end)})"


def _at_least(minimum: int) -> str:
    """Why a rise is listed: it reaches the register's minimum (setting signaal_minimum)."""
    return f"en dat is minstens het signaalminimum van {_complaints(minimum)}"


def _growing_categories(
    per_category: Counter[tuple[Quarter, str]],
    spans: tuple[QuarterSpan, ...],
    comparable: set[Quarter],
    minimum: int,
) -> list[Signal]:
    categories = sorted({cat for _, cat in per_category})
    signals = []
    for span in spans:
        q, before = span.quarter, span.quarter.previous()
        if before not in comparable:
            continue
        for cat in categories:
            now, then = per_category[q, cat], per_category[before, cat]
            if now > then and now >= minimum:
                reason = (
                    f"Categorie '{cat}' groeit: {_complaints(now)} in {q}{_as_of(span)} "
                    f"tegen {then} in {before} (+{now - then}), {_at_least(minimum)}."
                )
                signals.append(
                    Signal(GROWING_CATEGORY, q, reason, category=cat, counts=(then, now))
                )
    return signals


def _rising_partners(
    per_partner: Counter[tuple[Quarter, str, str]],
    spans: tuple[QuarterSpan, ...],
    comparable: set[Quarter],
    minimum: int,
) -> list[Signal]:
    pairs = sorted({(p, cat) for _, p, cat in per_partner if p != NO_PARTNER})
    signals = []
    for span in spans:
        q = span.quarter
        q1 = q.previous()
        q2 = q1.previous()
        if not {q1, q2} <= comparable:
            continue
        for p, cat in pairs:
            a, b, c = per_partner[q2, p, cat], per_partner[q1, p, cat], per_partner[q, p, cat]
            if a < b < c and c >= minimum:
                reason = (
                    f"Klachten over ketenpartner '{p}' in categorie '{cat}' stijgen twee "
                    f"kwartalen op rij: {a} in {q2}, {b} in {q1}, {c} in {q}{_as_of(span)}, "
                    f"{_at_least(minimum)}."
                )
                signals.append(
                    Signal(RISING_PARTNER, q, reason, partner=p, category=cat, counts=(a, b, c))
                )
    return signals


def one_year_after(day: date) -> date:
    """The same calendar day a year later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _repeated_complainants(per_complainant: dict[str, list[tuple[date, str]]]) -> list[Signal]:
    """One signal per complainant with two or more complaints within 12 months. It names the
    most recent such window: the latest complaint with at least one other complaint received
    less than a year before it, together with those earlier complaints."""
    signals = []
    for key, received in per_complainant.items():
        received.sort()
        for i in range(len(received) - 1, 0, -1):
            last = received[i][0]
            window = [r for r in received[: i + 1] if one_year_after(r[0]) > last]
            if len(window) < 2:
                continue
            first = window[0][0]
            numbers = tuple(number for _, number in window)
            reason = (
                f"{len(window)} klachten van dezelfde klager/cliënt binnen 12 maanden "
                f"(ontvangen {fmt(first)} t/m {fmt(last)}): {', '.join(numbers)}; "
                "herhaalde klachten kunnen op een structureel probleem wijzen."
            )
            signals.append(
                Signal(
                    REPEATED_COMPLAINANT,
                    Quarter.containing(last),
                    reason,
                    complainant_key=key,
                    complaints=numbers,
                    counts=(len(window),),
                )
            )
            break
    return signals


SIGNAL_HEADERS = (
    "Soort",
    "Kwartaal",
    "Ketenpartner",
    "Categorie",
    "Klager (ref)",
    "Klachten",
    "Aantal",
    "Reden",
)
COUNT_HEADERS = ("Kwartaal", "Ketenpartner", "Categorie", "Aantal", "Vorig kwartaal", "Verandering")


def signal_row(signal: Signal) -> tuple[str | int | None, ...]:
    """One row of the signals table, in the order of SIGNAL_HEADERS."""
    return (
        KIND_LABELS.get(signal.kind, signal.kind),
        signal.quarter.label,
        signal.partner,
        signal.category,
        signal.complainant_key,
        ", ".join(signal.complaints) or None,
        signal.counts[-1] if signal.counts else None,
        signal.reason,
    )


def count_row(count: CategoryCount) -> tuple[str | int | None, ...]:
    """One row of the counts table, in the order of COUNT_HEADERS."""
    return (
        count.quarter.label,
        count.partner,
        count.category,
        count.count,
        count.previous,
        count.change,
    )
