"""What command modules share: options that mean the same everywhere, session and actor."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from klachtcli.completion import complaint_numbers
from klachtcli.context import state
from klachtcli.domain.dates import parse_date, parse_past_date
from klachtcli.errors import InputError

if TYPE_CHECKING:
    from sqlmodel import Session

    from klachtcli.services.audit import Actor

JsonOpt = Annotated[bool, typer.Option("--json", help="Eén JSON-document op stdout.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="CSV op stdout (formuleveilig).")]
PersonalOpt = Annotated[
    bool,
    typer.Option("--met-persoonsgegevens", help="Neem naam en contactgegevens van klagers op."),
]
CATEGORY_HELP = (
    "Categorie: bejegening, kwaliteit, levering, vervoer, hulpmiddel, communicatie, "
    "financieel, toegang, privacy of overig."
)
NumberArg = Annotated[
    str,
    typer.Argument(
        help="Klachtnummer, bijvoorbeeld K-2026-0001.", autocompletion=complaint_numbers
    ),
]

# Row ids are SQLite/PostgreSQL 64-bit integers; a larger number would overflow in the driver.
MAX_ID = 2**63 - 1


def check_id(value: int | None) -> int | None:
    """Parameter callback for a row number (ombudsmanzaak, stopmelding, ...)."""
    if value is not None and not 1 <= value <= MAX_ID:
        raise InputError(f"Ongeldig nummer {value}: een nummer is een positief geheel getal.")
    return value


@contextmanager
def session(ctx: typer.Context, *, write: bool) -> Iterator[Session]:
    from klachtcli.store.db import session_scope

    with session_scope(state(ctx).db_path, write=write) as s:
        yield s


def actor(ctx: typer.Context) -> Actor:
    from klachtcli.services.audit import Actor

    st = state(ctx)
    return Actor(employee=st.employee, command=st.command, today=st.today)


def opt_date(ctx: typer.Context, value: str | None, field: str) -> date | None:
    return None if value is None else parse_date(value, state(ctx).today, field=field)


def past_date(ctx: typer.Context, value: str | None, field: str) -> date:
    """A step's date: default today, never in the future."""
    today = state(ctx).today
    return today if value is None else parse_past_date(value, today, field=field)
