"""Output formats shared by every listing command: Rich on a terminal, plain text, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

from klachtcli.domain.text import FORMULA_TRIGGERS


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    raise TypeError(f"niet naar JSON om te zetten: {type(value).__name__}")


def emit_json(document: Any) -> None:
    """One JSON document on stdout and nothing else (SPEC §5): indented for a person at a
    terminal, compact for a program (Python's fast encoder only runs without indent)."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(document, default=_default, ensure_ascii=False, indent=indent))
    sys.stdout.write("\n")


def csv_safe(value: Any) -> str:
    """A spreadsheet opening the CSV must never evaluate a cell: prefix triggers with '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def emit_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
    sys.stdout.write(buffer.getvalue())


def console(stderr: bool = False) -> Console:
    """Rich only decorates a terminal; NO_COLOR is honoured by Rich itself."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False, emoji=False)


def is_terminal() -> bool:
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


@dataclass(frozen=True)
class Styled:
    """A cell with a Rich style on a terminal (plain text elsewhere)."""

    text: str
    style: str

    def __str__(self) -> str:
        return self.text


def table(title: str | None, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A Rich table on a terminal; tab-separated plain text when piped or captured.

    Cells are never parsed as Rich markup: complaint text like "[/x]" must print as it is."""
    rows = [list(row) for row in rows]
    text_rows = [["" if v is None else str(v) for v in row] for row in rows]
    if is_terminal():
        from rich.table import Table
        from rich.text import Text

        tbl = Table(title=Text(title) if title else None, header_style="bold")
        for header in headers:
            tbl.add_column(header)
        for row, texts in zip(rows, text_rows, strict=True):
            tbl.add_row(
                *(
                    Text(str(v), style=v.style) if isinstance(v, Styled) else Text(t)
                    for v, t in zip(row, texts, strict=True)
                )
            )
        console().print(tbl)
        return
    if title:
        print(title)
    print("\t".join(headers))
    for row in text_rows:
        print("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row))


def fields(pairs: Iterable[tuple[str, Any]]) -> None:
    """Label: value lines, aligned."""
    items = [(label, "—" if value in (None, "") else str(value)) for label, value in pairs]
    width = max((len(label) for label, _ in items), default=0)
    for label, value in items:
        print(f"{label + ':':<{width + 1}} {value}")


def display(value: Any) -> Any:
    """A date as dd-mm-jjjj for people; everything else unchanged."""
    from klachtcli.domain.dates import fmt

    return fmt(value) if isinstance(value, date) else value
