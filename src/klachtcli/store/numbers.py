"""Taking the next complaint number of a year: gap-free and unique under concurrent writers."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlmodel import Session, col

from klachtcli.store.models import Complaint, metadata


def next_seq(session: Session, year: int) -> int:
    """Lock the year's counter row (SELECT … FOR UPDATE), then take the number after it.

    On PostgreSQL a second writer waits at the lock until the first commits and then reads the
    number the first one stored; SQLite ignores FOR UPDATE because BEGIN IMMEDIATE already lets
    one writer in at a time. The insert of a year's first row is the one dialect-specific step.
    """
    counter = metadata.tables["complaint_counter"]
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    session.execute(insert(counter).values(year=year, last_seq=0).on_conflict_do_nothing())
    last = session.execute(
        select(counter.c.last_seq).where(counter.c.year == year).with_for_update()
    ).scalar_one()
    # Complaints are never deleted (a purge keeps the row), so the highest stored number is a
    # floor: a register copied or repaired by hand cannot hand out a number twice.
    stored = session.execute(
        select(func.max(col(Complaint.seq))).where(col(Complaint.year) == year)
    )
    seq = max(int(last), int(stored.scalar_one() or 0)) + 1
    session.execute(counter.update().where(counter.c.year == year).values(last_seq=seq))
    return seq


def numbers_taken(session: Session, last: dict[int, int]) -> None:
    """After rows were inserted with their own ids and numbers (the bulk demo): move each
    year's counter up to ``last[year]``, and on PostgreSQL let the complaint id sequence go on
    after the highest id (SQLite takes the next rowid from the table itself)."""
    counter = metadata.tables["complaint_counter"]
    for year, seq in last.items():
        taken = session.execute(
            select(counter.c.last_seq).where(counter.c.year == year)
        ).scalar_one_or_none()
        if taken is None:
            session.execute(counter.insert().values(year=year, last_seq=seq))
        elif taken < seq:
            session.execute(counter.update().where(counter.c.year == year).values(last_seq=seq))
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('complaint', 'id'), "
                "coalesce(max(id), 0) + 1, false) FROM complaint"
            )
        )
