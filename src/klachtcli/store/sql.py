"""SQL expressions that the dialects spell differently, behind one name (STYLE: portable store)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement[int]):  # noqa: N801 - used like func.*
    """Whole days from the first date to the second: ``days_between(received, closed_on)``."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between(element: days_between, compiler: Any, **kw: Any) -> str:
    # PostgreSQL: date - date is a whole number of days.
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"({second} - {first})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    # SQLite keeps dates as ISO text; julianday of a date is a whole day number (+ .5).
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({second}) - julianday({first}) AS INTEGER)"


class month_of(FunctionElement[str]):  # noqa: N801 - used like func.*
    """The month of a date as text, ``2026-04``: cheap to group by (SQLite keeps dates as ISO
    text, so it is the first seven characters; strftime would parse every date)."""

    type = String()
    inherit_cache = True
    name = "month_of"


@compiles(month_of)
def _month_of(element: month_of, compiler: Any, **kw: Any) -> str:
    (column,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"to_char({column}, 'YYYY-MM')"


@compiles(month_of, "sqlite")
def _month_of_sqlite(element: month_of, compiler: Any, **kw: Any) -> str:
    (column,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"substr({column}, 1, 7)"
