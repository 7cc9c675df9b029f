"""The everyday queries read a large register through the indexes meant for them.

SQLite picks a plan from the shape of the WHERE clause (a register holds no statistics), so a new
index or a rewritten condition can silently turn a read of the open complaints into a read of
the whole register. That happened once: migration 0012's index on contact_on made `termijnen
--overdue` read both deadline indexes of every complaint, closed ones too (0.05 s became 1.2 s
at 1M complaints). These tests pin the plans that benchmarks/README.md was measured with."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from klachtcli.domain.calendar import Calendar
from klachtcli.services.complaints import ListFilter, _list_conditions
from klachtcli.services.deadlines import DeadlineFilter, _open_complaints
from klachtcli.store.db import session_scope
from klachtcli.store.models import Complaint

PEILDATUM = date(2026, 11, 27)


def plan(db: Path, *where: Any) -> str:
    """SQLite's plan for reading the complaints that ``where`` selects: the statement and
    bound parameters that really reached the driver, as a command sends them."""
    sent: list[tuple[str, Any]] = []

    def grab(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    with session_scope(db, write=False) as s:
        engine = s.get_bind()
        event.listen(engine, "before_cursor_execute", grab)
        try:
            s.execute(select(Complaint.id, Complaint.number).where(*where)).all()  # type: ignore[call-overload]
        finally:
            event.remove(engine, "before_cursor_execute", grab)
        statement, parameters = sent[-1]
        rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        return "\n".join(row[3] for row in rows)


@pytest.mark.parametrize(
    "flt",
    [
        DeadlineFilter(PEILDATUM, overdue_only=True),
        DeadlineFilter(PEILDATUM, within=5),
        DeadlineFilter(PEILDATUM, overdue_only=True, handler="gemeente"),
        DeadlineFilter(PEILDATUM),
    ],
    ids=["overdue", "binnen", "behandelaar", "alles"],
)
def test_termijnen_reads_the_open_complaints_through_their_partial_index(
    cli: Any, register: Path, flt: DeadlineFilter
) -> None:
    found = plan(register, _open_complaints(flt, Calendar(), None))
    assert "ix_complaint_open_handling_due" in found, found
    # Not the indexes that hold every complaint, closed ones too.
    assert "ix_complaint_handling_due" not in found, found
    assert "ix_complaint_contact_on" not in found, found
    assert "SCAN complaint\n" not in found + "\n", found


@pytest.mark.parametrize(
    "flt",
    [ListFilter(), ListFilter(category="kwaliteit"), ListFilter(handler="gemeente")],
    ids=["open", "categorie", "behandelaar"],
)
def test_lijst_of_open_complaints_reads_them_through_their_partial_index(
    cli: Any, register: Path, flt: ListFilter
) -> None:
    with session_scope(register, write=False) as s:
        where = _list_conditions(s, flt)
    found = plan(register, *where)
    assert "ix_complaint_open_handling_due" in found, found
    assert "SCAN complaint\n" not in found + "\n", found
