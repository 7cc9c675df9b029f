"""The annual publication of Awb 9:12a (SPEC §9): the figures of `rapport --jaar` plus what the
publication adds (per partner, per 9:8 ground, measures), for a year and the year before."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from klachtcli.services.reports import annual
from klachtcli.store.models import Complaint

UNKNOWN_GROUND = "(grond onbekend)"


def _closed_in(year: int) -> Any:
    """Closed in the year, among the register's own complaints: like `annual`, those read in
    from partners' quarterly reports are counted apart (SPEC §10)."""
    return and_(
        col(Complaint.closed_on).between(date(year, 1, 1), date(year, 12, 31)),
        or_(col(Complaint.source).is_(None), col(Complaint.source) != "partnerrapport"),
    )


def year_figures(session: Session, year: int) -> dict[str, object]:
    """`rapport --jaar --json`: the annual figures with the publication's own additions."""
    figures = annual(session, year)
    data = figures.to_dict()
    data["per_ketenpartner"] = {name: count for name, count in figures.totals.by_partner if count}
    grounds = dict(
        session.exec(
            select(Complaint.not_handling_ground, func.count())
            .where(_closed_in(year), col(Complaint.closing_kind) == "niet-behandelen")
            .group_by(col(Complaint.not_handling_ground))
            .order_by(func.count().desc(), col(Complaint.not_handling_ground))
        ).all()
    )
    per_ground = {str(k or UNKNOWN_GROUND): int(v) for k, v in grounds.items()}
    # A closing later undone by heropenen still counts in its year but has no ground on record.
    counted = data.get("niet_behandeld")
    missing = (counted if isinstance(counted, int) else 0) - sum(per_ground.values())
    if missing > 0:
        per_ground[UNKNOWN_GROUND] = per_ground.get(UNKNOWN_GROUND, 0) + missing
    data["niet_behandeld_per_grond"] = per_ground
    with_measure = (
        _closed_in(year),
        col(Complaint.measure).is_not(None),
        col(Complaint.measure) != "",
    )
    by_category = session.exec(
        select(Complaint.category, func.count())
        .where(*with_measure)
        .group_by(col(Complaint.category))
        .order_by(func.count().desc(), col(Complaint.category))
    ).all()
    data["met_maatregel"] = sum(int(n) for _, n in by_category)
    data["maatregelen_per_categorie"] = {k: int(n) for k, n in by_category}
    return data


def write_publication(
    session: Session, year: int, path: Path, *, overwrite: bool, generated: datetime
) -> Path:
    """The .docx of Awb 9:12a with the year before beside every figure."""
    from klachtcli.domain.publication import sections
    from klachtcli.render.docx import write_publication_docx

    current, previous = year_figures(session, year), year_figures(session, year - 1)
    write_publication_docx(
        path, year, sections(current, previous), overwrite=overwrite, generated=generated
    )
    return path
