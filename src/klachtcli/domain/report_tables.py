"""Figures per partner for the workbooks' tables and charts (WA §10, §11).

Each partner's row is the very same PeriodFigures as the report's totals, computed over the
complaints that concern that partner, so a definition (what counts as on time, as closed) has
one home: domain/report.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from klachtcli.domain.partner_report import SOURCE
from klachtcli.domain.report import (
    NO_PARTNER,
    AnnualFigures,
    Breakdown,
    ComplaintFacts,
    Counts,
    PeriodFigures,
    counted_figures,
    period_figures,
)

PartnerFigures = tuple[tuple[str, PeriodFigures], ...]
"""Partner code (or NO_PARTNER) and its figures, in report order."""


def partner_figures(
    complaints: Sequence[ComplaintFacts], start: date, end: date, partners: Iterable[str]
) -> PartnerFigures:
    """The figures of every partner in ``partners`` (alphabetical, also those without
    complaints) and, when there are any, of the complaints that concern no partner."""
    rows = [
        (code, period_figures((c for c in complaints if code in c.partners), start, end))
        for code in sorted(set(partners))
    ]
    own = period_figures((c for c in complaints if not c.partners), start, end)
    if own.received or own.closed or own.open_at_end:
        rows.append((NO_PARTNER, own))
    return tuple(rows)


def counted_partner_figures(
    counts: Mapping[str, Counts], start: date, end: date, partners: Iterable[str]
) -> PartnerFigures:
    """partner_figures from the counts per partner code (NO_PARTNER: the complaints that
    concern none); a partner's counts are those of the complaints that concern it."""
    rows = [
        (code, counted_figures(counts.get(code, Counts()), start, end))
        for code in sorted(set(partners))
    ]
    own = counted_figures(counts.get(NO_PARTNER, Counts()), start, end)
    if own.received or own.closed or own.open_at_end:
        rows.append((NO_PARTNER, own))
    return tuple(rows)


@dataclass(frozen=True)
class ReportedFigures:
    """The complaints known from partners' quarterly reports (lodged with the partner, never
    seen by the gemeente): counted apart from the register's own (SPEC §10)."""

    totals: PeriodFigures
    per_partner: PartnerFigures


def split_reported(
    complaints: Iterable[ComplaintFacts],
) -> tuple[list[ComplaintFacts], list[ComplaintFacts]]:
    """The register's own complaints, and those read in from partners' reports."""
    own: list[ComplaintFacts] = []
    reported: list[ComplaintFacts] = []
    for c in complaints:
        (reported if c.source == SOURCE else own).append(c)
    return own, reported


@dataclass(frozen=True)
class AnnualData:
    """One year of the annual workbook: the register's figures, per partner, and the
    complaints from partners' reports apart."""

    figures: AnnualFigures
    partners: PartnerFigures
    reported: ReportedFigures


def side_by_side(
    current: Breakdown, previous: Breakdown | None
) -> list[tuple[str, int, int | None]]:
    """A breakdown with the previous period's count beside each label (None: not known);
    labels only the previous period has come last."""
    before = dict(previous or ())
    rows: list[tuple[str, int, int | None]] = [
        (label, count, before.get(label, 0) if previous is not None else None)
        for label, count in current
    ]
    labels = {label for label, _ in current}
    rows += [(label, 0, count) for label, count in previous or () if label not in labels]
    return rows
