"""Output formats shared by every listing command: Rich on a terminal, plain text, JSON and CSV.

Nothing the register holds reaches a terminal raw: `neutral_streams` spells out control
characters in everything written to stdout and stderr, Rich gets its cells already spelled
out, and JSON escapes them (see domain.text.visible)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TextIO, cast

if TYPE_CHECKING:
    from rich.console import Console

from klachtcli.domain.text import FORMULA_TRIGGERS, visible


class _Neutral:
    """A text stream that writes control characters as visible escapes (ESC as \\x1b).

    It hides `buffer`, so Click cannot bypass it by writing bytes to the stream below."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(visible(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":
            raise AttributeError(name)
        return getattr(self.raw, name)


@contextmanager
def neutral_streams() -> Iterator[None]:
    """Every message, listing and error of one command goes out neutralised: one place for
    text that older versions stored, that a sender chose, or that an error message echoes."""
    saved = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _Neutral(sys.stdout))
    sys.stderr = cast(TextIO, _Neutral(sys.stderr))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _raw(stream: TextIO) -> TextIO:
    """The stream below `neutral_streams`: for Rich, whose own styling is escape sequences
    (its cells are spelled out before it gets them)."""
    return stream.raw if isinstance(stream, _Neutral) else stream


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    raise TypeError(f"niet naar JSON om te zetten: {type(value).__name__}")


# What json.dumps leaves raw with ensure_ascii=False: DEL, the C1 controls, lone surrogates.
_JSON_RAW = re.compile(r"[\x7f-\x9f\ud800-\udfff]")


def json_text(
    document: Any, indent: int | None = None, default: Callable[[Any], Any] = _default
) -> str:
    """JSON with every control character escaped (\\u001b), other text as it is."""
    text = json.dumps(document, default=default, ensure_ascii=False, indent=indent)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def emit_json(document: Any) -> None:
    """One JSON document on stdout and nothing else (SPEC §5): indented for a person at a
    terminal, compact for a program (Python's fast encoder only runs without indent)."""
    sys.stdout.write(json_text(document, indent=2 if sys.stdout.isatty() else None))
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

    stream = _raw(sys.stderr if stderr else sys.stdout)
    return Console(file=stream, highlight=False, soft_wrap=False, emoji=False)


def is_terminal() -> bool:
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


@dataclass(frozen=True)
class Styled:
    """A cell with a Rich style on a terminal (plain text elsewhere)."""

    text: str
    style: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Col:
    """A listing column. A `key` column (complaint number, date, id) is always shown in full;
    the others are cut with … and, on a narrow terminal, left out lowest `keep` first; a
    column with `keep` 0 is only shown when the whole table fits uncut."""

    header: str
    key: bool = False
    keep: int = 0
    min_width: int = 8  # narrower than this the column says nothing; leave it out instead


def layout(
    columns: Sequence[Col], natural: Sequence[int], empty: Sequence[bool], width: int
) -> tuple[list[int], list[int]]:
    """Which columns fit in `width` terminal cells, and how wide each is.

    `natural` is each column's widest cell (for a key column: or its longest header word);
    `empty` marks columns without any value, which go first. Room to spare goes to the most
    kept columns first. Returns the indexes of the columns shown and their widths; a Rich
    table adds 3 cells per column plus 1 for borders."""

    def need(i: int) -> int:
        return natural[i] if columns[i].key else min(natural[i], columns[i].min_width)

    def total(shown: list[int]) -> int:
        return sum(need(i) for i in shown) + 3 * len(shown) + 1

    shown = list(range(len(columns)))
    if sum(natural) + 3 * len(shown) + 1 > width:  # keep 0: only shown when all fits whole
        shown = [i for i in shown if columns[i].key or columns[i].keep > 0]
    droppable = [i for i in shown if empty[i] or not columns[i].key]
    droppable.sort(key=lambda i: (not empty[i], columns[i].keep, -i))
    while total(shown) > width and droppable:
        shown.remove(droppable.pop(0))
    widths = {i: need(i) for i in shown}
    spare = width - total(shown)
    for i in sorted(shown, key=lambda i: (-columns[i].keep, i)):  # most kept grows first
        grow = max(0, min(spare, natural[i] - widths[i]))
        widths[i] += grow
        spare -= grow
    return shown, [widths[i] for i in shown]


def _fitted_table(
    title: str | None, columns: Sequence[Col], rows: list[list[Any]], texts: list[list[str]]
) -> None:
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    out = console()
    natural = []
    for i, col in enumerate(columns):
        cells = [cell_len(row[i]) for row in texts]
        words = [cell_len(w) for w in col.header.split()] if col.key else [cell_len(col.header)]
        natural.append(max([*cells, *words, 1]))
    empty = [all(not row[i].strip() for row in texts) for i in range(len(columns))]
    shown, widths = layout(columns, natural, empty, out.width)
    left_out = [columns[i].header for i in range(len(columns)) if i not in shown]
    tbl = Table(
        title=Text(title) if title else None,
        header_style="bold",
        caption=Text(f"Niet getoond bij deze breedte: {', '.join(left_out)}.")
        if left_out
        else None,
    )
    for i, w in zip(shown, widths, strict=True):
        key = columns[i].key
        tbl.add_column(
            columns[i].header, width=w, no_wrap=not key, overflow="fold" if key else "ellipsis"
        )
    for row, texts_row in zip(rows, texts, strict=True):
        tbl.add_row(*(_cell(row[i], texts_row[i]) for i in shown))
    out.print(tbl)


def _cell(value: Any, text: str) -> Any:
    from rich.text import Text

    return Text(visible(value.text), style=value.style) if isinstance(value, Styled) else Text(text)


def table(title: str | None, headers: Sequence[str | Col], rows: Iterable[Sequence[Any]]) -> None:
    """A Rich table on a terminal; tab-separated plain text when piped or captured.

    With `Col` headers the table is fitted to the terminal width (see `layout`). Cells are
    never parsed as Rich markup: complaint text like "[/x]" must print as it is."""
    cells = [list(row) for row in rows]
    text_rows = [["" if v is None else visible(str(v)) for v in row] for row in cells]
    title = visible(title) if title else title
    columns = [h if isinstance(h, Col) else Col(h) for h in headers]
    if is_terminal() and any(isinstance(h, Col) for h in headers):
        _fitted_table(title, columns, cells, text_rows)
        return
    if is_terminal():
        from rich.table import Table
        from rich.text import Text

        tbl = Table(title=Text(title) if title else None, header_style="bold")
        for col in columns:
            tbl.add_column(col.header)
        for row, texts in zip(cells, text_rows, strict=True):
            tbl.add_row(*(_cell(v, t) for v, t in zip(row, texts, strict=True)))
        console().print(tbl)
        return
    if title:
        print(title)
    print("\t".join(col.header for col in columns))
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
