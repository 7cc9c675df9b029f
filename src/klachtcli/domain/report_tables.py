"""Figures per partner for the workbooks' tables and charts (WA §10, §11).

Each partner's row is the very same PeriodFigures as the report's totals, computed over the
complaints that concern that partner, so a definition (what counts as on time, as closed) has
one home: domain/report.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from klachtcli.domain.report import NO_PARTNER, ComplaintFacts, PeriodFigures, period_figures

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
