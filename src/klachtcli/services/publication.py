"""The annual publication of Awb 9:12a (SPEC §9): the figures of `rapport --jaar` plus what the
publication adds (per partner, per 9:8 ground, measures), for a year and the year before."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from klachtcli.domain.report import AnnualFigures
from klachtcli.services.reports import annual, annual_years
from klachtcli.store.models import Complaint
from klachtcli.store.sql import month_of

UNKNOWN_GROUND = "(grond onbekend)"


def _closing_details(session: Session, first: int, last: int) -> dict[int, dict[str, Any]]:
    """Per year in [first, last], among the register's own complaints closed in it (like
    `annual`, those read in from partners' reports are counted apart, SPEC §10): those not
    handled per 9:8 ground and those with a measure per category, most first. One query."""
    closed = col(Complaint.closed_on)
    not_handled = col(Complaint.closing_kind) == "niet-behandelen"
    measure = and_(col(Complaint.measure).is_not(None), col(Complaint.measure) != "")
    labels = (month_of(closed), not_handled, col(Complaint.not_handling_ground), measure)
    rows = session.execute(
        select_columns(*labels, col(Complaint.category), func.count())
        .where(
            closed.between(date(first, 1, 1), date(last, 12, 31)),
            or_(col(Complaint.source).is_(None), col(Complaint.source) != "partnerrapport"),
            or_(not_handled, measure),
        )
        .group_by(*labels, col(Complaint.category))
    )
    grounds: dict[int, Counter[str | None]] = {y: Counter() for y in range(first, last + 1)}
    measures: dict[int, Counter[str]] = {y: Counter() for y in range(first, last + 1)}
    for month, is_not_handled, ground, with_measure, category, n in rows:
        y = int(month[:4])
        if is_not_handled:
            grounds[y][ground] += n
        if with_measure:
            measures[y][category] += n
    return {
        y: {
            # Most first; among equals as SQL sorts them (SQLite: no ground first).
            "grounds": sorted(grounds[y].items(), key=lambda g: (-g[1], g[0] is not None, g[0])),
            "measures": sorted(measures[y].items(), key=lambda m: (-m[1], m[0])),
        }
        for y in grounds
    }


def _with_details(figures: AnnualFigures, details: dict[str, Any]) -> dict[str, object]:
    """The annual figures with the publication's own additions."""
    data = figures.to_dict()
    data["per_ketenpartner"] = {name: count for name, count in figures.totals.by_partner if count}
    per_ground = {str(k or UNKNOWN_GROUND): int(v) for k, v in details["grounds"]}
    # A closing later undone by heropenen still counts in its year but has no ground on record.
    counted = data.get("niet_behandeld")
    missing = (counted if isinstance(counted, int) else 0) - sum(per_ground.values())
    if missing > 0:
        per_ground[UNKNOWN_GROUND] = per_ground.get(UNKNOWN_GROUND, 0) + missing
    data["niet_behandeld_per_grond"] = per_ground
    by_category = details["measures"]
    data["met_maatregel"] = sum(int(n) for _, n in by_category)
    data["maatregelen_per_categorie"] = {k: int(n) for k, n in by_category}
    return data


def year_figures(session: Session, year: int) -> dict[str, object]:
    """`rapport --jaar --json`: the annual figures with the publication's own additions."""
    return _with_details(annual(session, year), _closing_details(session, year, year)[year])


def write_publication(
    session: Session, year: int, path: Path, *, overwrite: bool, generated: datetime
) -> Path:
    """The .docx of Awb 9:12a with the year before beside every figure."""
    from klachtcli.domain.publication import sections
    from klachtcli.render.docx import write_publication_docx

    details = _closing_details(session, year - 1, year)
    current, previous = (
        _with_details(figures, details[figures.year]) for figures in annual_years(session, year)
    )
    write_publication_docx(
        path, year, sections(current, previous), overwrite=overwrite, generated=generated
    )
    return path
