"""The Excel workbooks: the quarterly report (SPEC §6) and the annual overview (Awb 9:12a).

Written in openpyxl's write-only mode, so a sheet streams to disk row by row and memory does
not grow with the number of complaints. In that mode everything about a sheet's layout
(column widths, frozen panes) must be set before its first row, and a table's columns must be
declared by hand. This is the one module that imports openpyxl; import it inside the report
commands only, so that the other commands start without loading openpyxl.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from klachtcli.domain.dates import fmt
from klachtcli.domain.report import (
    COMPLAINT_HEADERS,
    OMBUDSMAN_HEADERS,
    PERSONAL_HEADERS,
    AnnualFigures,
    Breakdown,
    ComplaintFacts,
    OmbudsmanFacts,
    PeriodFigures,
    Quarter,
    complaint_row,
    ombudsman_row,
)
from klachtcli.domain.signals import (
    COUNT_HEADERS,
    SIGNAL_HEADERS,
    Analysis,
    count_row,
    signal_row,
)
from klachtcli.domain.text import FORMULA_TRIGGERS
from klachtcli.errors import InputError

DATE_FORMAT = "dd-mm-yyyy"  # Excel's code for dd-mm-jjjj; Dutch Excel shows it as such
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
DECIMAL_FORMAT = "0.0"
NOT_APPLICABLE = "n.v.t."
# Excel and LibreOffice read a typed or pasted text starting with one of these as a formula.
# A carriage return is written as a line feed (see safe_text), so that one counts too.
TABLE_STYLE = "TableStyleMedium2"

Value = str | int | float | date | None
Row = Sequence[Value]

_BOLD = Font(name="Calibri", size=11, bold=True)  # without a name LibreOffice picks a serif
_INDENT = Alignment(indent=1)
_WIDTHS = {
    "Nummer": 14,
    "Kanaal": 13,
    "Ketenpartner": 18,
    "Categorie": 14,
    "Behandelaar": 14,
    "Status": 26,
    "Contact tijdig": 9,
    "Binnen termijn": 9,
    "Verdaagd": 9,
    "Oordeel": 18,
    "Tevreden": 9,
    "Maatregel": 40,
    "Klager": 24,
    "E-mail": 28,
    "Telefoon": 15,
    "Cliënt": 24,
    "Omschrijving": 60,
    "Id": 6,
    "Soort": 30,
    "Referentie": 18,
    "Tijdig": 9,
    "Klacht": 14,
    "Via ketenpartner": 10,
    "Kwartaal": 10,
    "Klager (ref)": 14,
    "Klachten": 28,
    "Aantal": 9,
    "Vorig kwartaal": 9,
    "Verandering": 11,
    "Reden": 90,
}
_DATE_WIDTH = 12
_DEFAULT_WIDTH = 14


# --------------------------------------------------------------------------------------------
# Cells


def safe_text(value: str) -> str:
    """The text without the control characters that a workbook cannot hold, and with line
    feeds for line ends: XML turns a bare carriage return into a line feed on reading anyway,
    and openpyxl does not write the _x000D_ escape that would keep it."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


class _Cells:
    """Makes the cells of one write-only sheet.

    A text that a spreadsheet could take for a formula (FORMULA_TRIGGERS) becomes a cell
    forced to the string type: openpyxl would store a text starting with "=" as a formula,
    and Excel would run it. It also gets the quote prefix, the cell property behind Excel's
    leading apostrophe, so that editing the cell does not make a formula of it either.
    Other text goes in as a plain str, which openpyxl always stores as a string; making a
    cell object for each of those cost a third more time on a 25,000-row quarter."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet

    def text(self, value: str, *, bold: bool = False, indent: bool = False) -> Any:
        text = safe_text(value)
        cell = WriteOnlyCell(self.sheet, value=text)
        cell.data_type = "s"
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
        if bold:
            cell.font = _BOLD
        if indent:
            cell.alignment = _INDENT
        return cell

    def day(self, value: date) -> Any:
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return cell

    def number(self, value: float | None, *, decimals: bool = False) -> Any:
        """A number; None becomes "n.v.t."."""
        if value is None:
            return self.text(NOT_APPLICABLE)
        cell = WriteOnlyCell(self.sheet, value=value)
        if decimals:
            cell.number_format = DECIMAL_FORMAT
        return cell

    def of(self, value: Value) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            text = safe_text(value)
            return self.text(text) if text.startswith(FORMULA_TRIGGERS) else text
        if isinstance(value, date):
            return self.day(_naive(value) if isinstance(value, datetime) else value)
        return value

    def row(self, values: Row) -> list[Any]:
        return [self.of(v) for v in values]


def _naive(moment: datetime) -> datetime:
    """Excel has no time zones: an aware moment is shown in the local time of this machine."""
    return moment if moment.tzinfo is None else moment.astimezone().replace(tzinfo=None)


# --------------------------------------------------------------------------------------------
# Sheets


def _layout(sheet: Any, headers: Sequence[str], date_headers: Iterable[str] = ()) -> None:
    """Column widths and the frozen header row; write-only mode needs them before any row."""
    dates = set(date_headers)
    for index, header in enumerate(headers, start=1):
        width = _DATE_WIDTH if header in dates else _WIDTHS.get(header, _DEFAULT_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _append_table(
    sheet: Any,
    *,
    name: str,
    headers: Sequence[str],
    rows: Iterable[Row],
    empty_message: str,
    first_row: int = 1,
) -> int:
    """Append a header and rows as an Excel table with auto-filter; return the next free row.

    An empty table gets one row with ``empty_message``: a table must hold a data row, and the
    reader should see that nothing is missing."""
    cells = _Cells(sheet)
    sheet.append([cells.text(h, bold=True) for h in headers])
    last_row = first_row
    for row in rows:
        sheet.append(cells.row(row))
        last_row += 1
    if last_row == first_row:
        sheet.append([cells.text(empty_message)])
        last_row += 1
    ref = f"A{first_row}:{get_column_letter(len(headers))}{last_row}"
    table = Table(displayName=name, ref=ref)
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, start=1)]
    table.autoFilter = AutoFilter(ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    with warnings.catch_warnings():
        # openpyxl warns that write-only tables need their columns set by hand: they are.
        warnings.simplefilter("ignore", UserWarning)
        sheet.add_table(table)
    return last_row + 1


@dataclass
class _Summary:
    """The rows of a two-column summary sheet, collected first so that a chart can point at
    the rows of one of its sections before the sheet is streamed out."""

    rows: list[list[Any]]
    cells: _Cells
    sections: dict[str, tuple[int, int]]
    max_values: dict[str, int]

    @classmethod
    def start(cls, sheet: Any) -> _Summary:
        cells = _Cells(sheet)
        header = [cells.text("Kengetal", bold=True), cells.text("Waarde", bold=True)]
        return cls(rows=[header], cells=cells, sections={}, max_values={})

    def add(self, label: str, value: Value, *, decimals: bool = False) -> None:
        if isinstance(value, int | float) or (value is None and decimals):
            cell = self.cells.number(value, decimals=decimals)
        else:
            cell = self.cells.of(value)
        self.rows.append([self.cells.text(label), cell])

    def key_figures(self, figures: PeriodFigures, period_word: str) -> None:
        for label, value in figures.key_figures(period_word):
            # Counts are ints; percentages and averages are floats or None ("n.v.t.").
            self.add(label, value, decimals=not isinstance(value, int))

    def blank(self) -> None:
        self.rows.append([])

    def section(self, title: str, columns: Sequence[str], items: Sequence[Row]) -> None:
        """A titled block; its data rows are remembered for charts. No items gives one
        ``(geen)`` row so that the block (and a chart on it) is never empty."""
        self.blank()
        self.rows.append([self.cells.text(c, bold=True) for c in (title, *columns)])
        first = len(self.rows) + 1
        for label, *values in items or [("(geen)", *[0] * len(columns))]:
            label_cell = self.cells.text(str(label), indent=True)
            self.rows.append([label_cell, *(self.cells.of(v) for v in values)])
        self.sections[title] = (first, len(self.rows))
        counts = [value for row in items if isinstance(value := row[1], int)]
        self.max_values[title] = max(counts, default=0)

    def breakdown(self, title: str, items: Breakdown) -> None:
        self.section(title, ["Aantal"], list(items))

    def bar_chart(self, sheet: Any, section: str, title: str, anchor: str) -> None:
        """Horizontal bars of a section's first value column, in the section's order."""
        first, last = self.sections[section]
        chart = BarChart()
        chart.type = "bar"
        chart.title = title
        chart.legend = None
        chart.y_axis.title = "Aantal"
        # openpyxl 3.1 writes hidden axes unless told otherwise.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        # Bars are drawn bottom-up; reverse them so the first row is on top, and keep the
        # value axis below them.
        chart.x_axis.scaling.orientation = "maxMin"
        chart.y_axis.crosses = "max"
        chart.y_axis.scaling.min = 0
        if self.max_values.get(section, 0) <= 10:
            chart.y_axis.majorUnit = 1  # no 0.2 steps for a handful of complaints
        chart.height = max(7.5, 0.6 * (last - first + 1) + 3)
        chart.width = 18
        chart.add_data(Reference(sheet, min_col=2, min_row=first, max_row=last))
        chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
        sheet.add_chart(chart, anchor)

    def write(self, sheet: Any) -> None:
        sheet.column_dimensions["A"].width = 38
        sheet.column_dimensions["B"].width = 26
        sheet.column_dimensions["C"].width = 14
        sheet.freeze_panes = "A2"
        for row in self.rows:
            sheet.append(row)


_CATEGORY_SECTION = "Ontvangen per categorie"


def _breakdowns(summary: _Summary, figures: PeriodFigures, *, with_partners: bool) -> None:
    if with_partners:
        summary.breakdown("Ontvangen per ketenpartner", figures.by_partner)
    summary.breakdown(_CATEGORY_SECTION, figures.by_category)
    summary.breakdown("Ontvangen per kanaal", figures.by_channel)
    summary.breakdown("Ontvangen per behandelaar", figures.by_handler)
    summary.breakdown("Afgehandeld per oordeel", figures.by_verdict)


# --------------------------------------------------------------------------------------------
# Workbooks


def write_quarter_workbook(
    path: Path,
    *,
    quarter: Quarter,
    figures: PeriodFigures,
    rows: Iterable[ComplaintFacts],
    ombudsman_rows: Iterable[OmbudsmanFacts],
    signals: Analysis,
    partner: str | None,
    generated_at: datetime,
    include_personal: bool,
) -> Path:
    """Write the quarterly workbook (SPEC §6) to ``path`` and return it.

    ``rows`` are the complaints of the ``Klachten`` sheet (report.quarter_rows), streamed once.
    The file gets mode 0600: it holds complaint-level data and pseudonymous complainant
    references even without --met-persoonsgegevens. It appears whole or not at all."""
    scope = partner or "alle ketenpartners"
    with _new_workbook(path, private=True) as wb:
        _write_quarter(
            wb,
            quarter=quarter,
            figures=figures,
            rows=rows,
            ombudsman_rows=ombudsman_rows,
            signals=signals,
            scope=scope,
            generated_at=generated_at,
            include_personal=include_personal,
        )
    return Path(path)


def _write_quarter(
    wb: Any,
    *,
    quarter: Quarter,
    figures: PeriodFigures,
    rows: Iterable[ComplaintFacts],
    ombudsman_rows: Iterable[OmbudsmanFacts],
    signals: Analysis,
    scope: str,
    generated_at: datetime,
    include_personal: bool,
) -> None:
    _properties(
        wb,
        title=f"Klachtenrapport Wmo {quarter.label} - {scope}",
        subject=(
            f"Kwartaalrapportage klachten Wmo (WA §10), {fmt(quarter.start)} t/m "
            f"{fmt(quarter.end)}, {scope}"
        ),
        generated_at=generated_at,
        personal=include_personal,
    )
    summary_sheet = wb.create_sheet("Samenvatting")
    complaints_sheet = wb.create_sheet("Klachten")
    ombudsman_sheet = wb.create_sheet("Ombudsman")
    signals_sheet = wb.create_sheet("Signalen")

    summary = _Summary.start(summary_sheet)
    summary.key_figures(figures, "kwartaal")
    if not (figures.received or figures.closed or figures.open_at_end):
        summary.add("Geen klachten in dit kwartaal", None)
    summary.blank()
    summary.add("Kwartaal", quarter.label)
    summary.add("Periode", f"{fmt(quarter.start)} t/m {fmt(quarter.end)}")
    summary.add("Ketenpartner", scope)
    summary.add("Gegenereerd op", generated_at)
    summary.add("Persoonsgegevens", "opgenomen" if include_personal else "niet opgenomen")
    summary.add("Peildatum status en termijnen (blad Klachten)", quarter.end)
    _breakdowns(summary, figures, with_partners=True)
    summary.bar_chart(summary_sheet, _CATEGORY_SECTION, "Ontvangen klachten per categorie", "E2")
    summary.write(summary_sheet)

    headers = COMPLAINT_HEADERS + (PERSONAL_HEADERS if include_personal else ())
    _layout(complaints_sheet, headers, ("Ontvangen", "Contact op", "Afgehandeld op", "Termijn"))
    _append_table(
        complaints_sheet,
        name="Klachten",
        headers=headers,
        rows=(complaint_row(c, quarter, include_personal=include_personal) for c in rows),
        empty_message="Geen klachten in dit kwartaal",
    )

    _layout(ombudsman_sheet, OMBUDSMAN_HEADERS, ("Ontvangen", "Deadline", "Beantwoord op"))
    _append_table(
        ombudsman_sheet,
        name="Ombudsman",
        headers=OMBUDSMAN_HEADERS,
        rows=(ombudsman_row(item, quarter) for item in ombudsman_rows),
        empty_message="Geen ombudsmanzaken in dit kwartaal",
    )

    _write_signals(signals_sheet, signals)


def _write_signals(sheet: Any, analysis: Analysis) -> None:
    _layout(sheet, SIGNAL_HEADERS)
    next_row = _append_table(
        sheet,
        name="Signalen",
        headers=SIGNAL_HEADERS,
        rows=(signal_row(s) for s in analysis.signals),
        empty_message="Geen signalen in dit kwartaal",
    )
    # The counts behind the signals, below them, as a table of their own.
    sheet.append([])
    cells = _Cells(sheet)
    sheet.append([cells.text("Aantallen per ketenpartner en categorie", bold=True)])
    _append_table(
        sheet,
        name="Aantallen",
        headers=COUNT_HEADERS,
        rows=(count_row(c) for c in analysis.counts),
        empty_message="Geen klachten in dit kwartaal",
        first_row=next_row + 2,
    )


def write_annual_workbook(path: Path, *, figures: AnnualFigures, generated_at: datetime) -> Path:
    """Write the annual overview for publication (Awb 9:12a) and return its path: counts only,
    no personal data and no free text, so the file gets the ordinary permissions."""
    with _new_workbook(path, private=False) as wb:
        _properties(
            wb,
            title=f"Jaaroverzicht klachten Wmo {figures.year}",
            subject=f"Geregistreerde klachten Wmo {figures.year} (Awb 9:12a)",
            generated_at=generated_at,
            personal=False,
        )
        sheet = wb.create_sheet("Jaaroverzicht")
        summary = _Summary.start(sheet)
        summary.key_figures(figures.totals, "jaar")
        summary.blank()
        summary.add("Jaar", figures.year)
        summary.add("Gegenereerd op", generated_at)
        summary.section(
            "Per kwartaal",
            ["Ontvangen", "Afgehandeld"],
            [(q.label, f.received, f.closed) for q, f in figures.quarters],
        )
        _breakdowns(summary, figures.totals, with_partners=False)
        summary.blank()
        summary.add("Ombudsmanzaken ontvangen", figures.ombudsman_received)
        summary.add("Ombudsmanzaken beantwoord", figures.ombudsman_answered)
        summary.add("Ombudsman tijdig beantwoord (%)", figures.ombudsman_on_time_pct, decimals=True)
        summary.breakdown("Ombudsmanzaken per soort", figures.ombudsman_by_type)
        summary.bar_chart(sheet, "Per kwartaal", "Ontvangen klachten per kwartaal", "E2")
        summary.write(sheet)
    return Path(path)


def _properties(
    wb: Any, *, title: str, subject: str, generated_at: datetime, personal: bool
) -> None:
    moment = _naive(generated_at)
    wb.properties.title = title
    wb.properties.subject = subject
    wb.properties.creator = "klacht"
    wb.properties.created = moment
    wb.properties.description = (
        f"Gegenereerd op {moment:%d-%m-%Y %H:%M}; persoonsgegevens "
        f"{'opgenomen' if personal else 'niet opgenomen'}."
    )


@contextmanager
def _new_workbook(path: Path, *, private: bool) -> Iterator[Any]:
    """A write-only workbook, saved to ``path`` when the block ends without an error.

    It goes through a temporary file beside ``path`` that is renamed into place, so a failure
    never leaves half a workbook; mkstemp creates that file with mode 0600 before anything is
    written into it. The file is made first, so a wrong place fails before any work is done."""
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".klacht-", suffix=".xlsx", dir=path.parent)
    except OSError as error:
        raise _unwritable(path, error) from error
    os.close(handle)
    wb = Workbook(write_only=True)
    try:
        yield wb
        try:
            wb.save(temporary)
            if not private:
                os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, path)
        except OSError as error:
            raise _unwritable(path, error) from error
    finally:
        if os.path.exists(temporary):  # not renamed into place: something failed
            _close_sheets(wb)
            os.unlink(temporary)


def _unwritable(path: Path, error: OSError) -> InputError:
    return InputError(f"Kan het rapport niet schrijven naar {path}: {error.strerror or error}.")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _close_sheets(wb: Any) -> None:
    """Close the row streams of an unsaved workbook: openpyxl would otherwise complain on
    stderr when it is garbage collected."""
    for sheet in wb.worksheets:
        with suppress(Exception):
            if not sheet.closed:
                sheet.close()
