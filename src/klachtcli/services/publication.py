"""The annual publication of Awb 9:12a (SPEC §9): the figures of `rapport --jaar` plus what the
publication adds (per partner, per 9:8 ground, measures), for a year and the year before."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from klachtcli.domain.report import AnnualFigures
from klachtcli.services.report_counts import ClosingDetail, reopened_closing_details
from klachtcli.services.reports import annual, annual_years

UNKNOWN_GROUND = "(grond onbekend)"


def _closing_details(
    session: Session, first: int, last: int, counted: Counter[ClosingDetail]
) -> dict[int, dict[str, Any]]:
    """Per year in [first, last], among the register's own complaints closed in it (like
    `annual`, those read in from partners' reports are counted apart, SPEC §10): those not
    handled per 9:8 ground and those with a measure per category, most first. ``counted``:
    what count_complaints counted of the years; the reopened complaints are added here."""
    every = counted + reopened_closing_details(session, date(first, 1, 1), date(last, 12, 31))
    grounds: dict[int, Counter[str | None]] = {y: Counter() for y in range(first, last + 1)}
    measures: dict[int, Counter[str]] = {y: Counter() for y in range(first, last + 1)}
    for (month, not_handled, ground, with_measure, category), n in every.items():
        y = int(month[:4])
        if not_handled:
            grounds[y][ground] += n
        if with_measure:
            measures[y][category] += n
    return {
        y: {
            # Most first; among equals as SQLite sorted them (no ground first, then by name).
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
    details: Counter[ClosingDetail] = Counter()
    figures = annual(session, year, details=details)
    return _with_details(figures, _closing_details(session, year, year, details)[year])


def write_publication(
    session: Session, year: int, path: Path, *, overwrite: bool, generated: datetime
) -> Path:
    """The .docx of Awb 9:12a with the year before beside every figure."""
    from klachtcli.domain.publication import sections
    from klachtcli.render.docx import write_publication_docx

    counted: Counter[ClosingDetail] = Counter()
    both = annual_years(session, year, details=counted)
    details = _closing_details(session, year - 1, year, counted)
    current, previous = (_with_details(figures, details[figures.year]) for figures in both)
    write_publication_docx(
        path, year, sections(current, previous), overwrite=overwrite, generated=generated
    )
    return path
