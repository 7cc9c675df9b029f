"""The Excel workbooks: the quarterly report (SPEC §6) and the annual overview (Awb 9:12a).

Written in openpyxl's write-only mode, so a sheet streams to disk row by row and memory does
not grow with the number of complaints. In that mode everything about a sheet's layout
(column widths, frozen panes) must be set before its first row, and a table's columns must be
declared by hand. This is the one module that imports openpyxl; import it inside the report
commands only, so that the other commands start without loading openpyxl.
"""

from __future__ import annotations

import errno
import os
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.text import RichText
from openpyxl.compat import safe_string
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import WINDOWS_EPOCH, to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from klachtcli.domain.complaint import CHANNELS, SATISFACTION, VERDICTS
from klachtcli.domain.dates import fmt
from klachtcli.domain.partner_report import COLUMNS as TEMPLATE_COLUMNS
from klachtcli.domain.partner_report import DATE_COLUMNS as TEMPLATE_DATES
from klachtcli.domain.partner_report import SHEET as TEMPLATE_SHEET
from klachtcli.domain.partner_report import Forwarded
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
    QuarterTally,
    complaint_row,
    ombudsman_row,
)
from klachtcli.domain.report_tables import (
    AnnualData,
    PartnerFigures,
    ReportedFigures,
    side_by_side,
)
from klachtcli.domain.signals import (
    COUNT_HEADERS,
    SIGNAL_HEADERS,
    Analysis,
    count_row,
    signal_row,
)
from klachtcli.domain.text import FORMULA_TRIGGERS, xml_safe
from klachtcli.errors import InputError
from klachtcli.outfile import open_target, os_reason, same_file

DATE_FORMAT = "dd-mm-yyyy"  # Excel's code for dd-mm-jjjj; Dutch Excel shows it as such
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
DECIMAL_FORMAT = "0.0"
PERCENT_FORMAT = "0.0%"  # the cell holds 0..1; Excel and LibreOffice show 66.7%
NOT_APPLICABLE = "n.v.t."
# Excel and LibreOffice read a typed or pasted text starting with one of these as a formula.
# A carriage return is written as a line feed (see safe_text), so that one counts too.
TABLE_STYLE = "TableStyleMedium2"
PAGE_FOOTER = "Pagina &P van &N"  # Excel's codes for the page number and the page count
CONFIDENTIAL = "Vertrouwelijk"


@dataclass(frozen=True)
class Percent:
    """A value for a percentage cell: 0..100 as the domain gives it, None for "n.v.t."."""

    value: float | None


Value = str | int | float | date | Percent | None
Row = Sequence[Value]

_FONT = "Calibri"  # without a name LibreOffice picks a serif
_BOLD = Font(name=_FONT, size=11, bold=True)
_TITLE = Font(name=_FONT, size=14, bold=True)
_WARNING = Font(name=_FONT, size=11, bold=True, color="C00000")
_INDENT = Alignment(indent=1)
_WRAP = Alignment(wrap_text=True)
_RIGHT = Alignment(horizontal="right")
_VALUE_WIDTH = 10  # summary value columns: room for 100.0% and n.v.t. side by side
# The widest value a column of a data sheet holds (the header's own length is added below).
# Free-text columns wrap instead (_WRAPPED): no width fits a long measure.
_CONTENT_WIDTHS = {
    "Nummer": 11,  # K-2026-0001
    "Kanaal": 12,
    "Ketenpartner": 18,
    "Categorie": 12,
    "Behandelaar": 14,
    "Status": 29,  # afgehandeld door ketenpartner
    "Oordeel": 18,  # informeel-opgelost
    "Tevreden": 8,
    "Klager": 24,
    "E-mail": 28,
    "Telefoon": 14,
    "Cliënt": 24,
    "Soort": 32,  # Herhaalde klachten klager/cliënt
    "Referentie": 18,
    "Klacht": 11,
    "Klachtnummer gemeente": 11,
    "Klager (ref)": 10,
}
_WRAPPED = {"Maatregel": 40, "Omschrijving": 60, "Reden": 80, "Klachten": 26}
_DATE_WIDTH = 10
_LINE_HEIGHT = 15  # points: one line of Calibri 11
_CHARS_PER_WIDTH = 1.1  # text is narrower than the "0" that a column width counts in
_FILTER_BUTTON = 3  # room for the auto-filter arrow beside a header
_DEFAULT_WIDTH = 8

# Charts on a summary sheet: two columns of two, beside the key figures, so that they print
# whole on the first page. Sizes in cm; a default row is 15 pt (0.53 cm) high.
_CHART_WIDTH = 12.0
_CHART_HEIGHT = 8.5
_CHART_ROWS = 17  # rows that one chart and the gap below it take
_CM_PER_CHAR = 0.2  # about the width of one character of column width in Calibri 11


# --------------------------------------------------------------------------------------------
# Cells


def safe_text(value: str) -> str:
    """The text without the control characters that a workbook cannot hold, and with line
    feeds for line ends: XML turns a bare carriage return into a line feed on reading anyway,
    and openpyxl does not write the _x000D_ escape that would keep it."""
    return xml_safe(value.replace("\r\n", "\n").replace("\r", "\n"))


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

    def text(
        self, value: str, *, bold: bool = False, indent: bool = False, font: Any = None
    ) -> Any:
        text = safe_text(value)
        cell = WriteOnlyCell(self.sheet, value=text)
        cell.data_type = "s"
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
        if bold or font is not None:
            cell.font = font or _BOLD
        if indent:
            cell.alignment = _INDENT
        return cell

    def wrapped(self, value: Value, width: int) -> Any:
        """A free-text cell that wraps within its column instead of running on, when it does
        not fit on one line of a column ``width`` wide."""
        if not isinstance(value, str) or _lines(value, width) == 1:
            return self.of(value)
        cell = self.text(value)
        cell.alignment = _WRAP
        return cell

    def day(self, value: date) -> Any:
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return cell

    def not_applicable(self) -> Any:
        """ "n.v.t." where a number would be, aligned like one."""
        cell = self.text(NOT_APPLICABLE)
        cell.alignment = _RIGHT
        return cell

    def number(self, value: float | None, *, decimals: bool = False) -> Any:
        """A number; None becomes "n.v.t."."""
        if value is None:
            return self.not_applicable()
        cell = WriteOnlyCell(self.sheet, value=value)
        if decimals:
            cell.number_format = DECIMAL_FORMAT
        return cell

    def percent(self, value: float | None) -> Any:
        """A percentage given as 0..100 (as the domain rounds it), written as a real
        percentage cell holding 0..1; None becomes "n.v.t."."""
        if value is None:
            return self.not_applicable()
        cell = WriteOnlyCell(self.sheet, value=round(value / 100, 4))
        cell.number_format = PERCENT_FORMAT
        return cell

    def of(self, value: Value) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, Percent):
            return self.percent(value.value)
        if isinstance(value, str):
            # Printable text holds no control character: nothing for safe_text to do.
            text = value if value.isprintable() else safe_text(value)
            return self.text(text) if text.startswith(FORMULA_TRIGGERS) else text
        if isinstance(value, date):
            return self.day(_naive(value) if isinstance(value, datetime) else value)
        return value

    def row(self, values: Row, wrapped: Mapping[int, int] | None = None) -> list[Any]:
        """The cells of a row; ``wrapped``: the free-text columns by index, with their width."""
        if not wrapped:
            return [self.of(v) for v in values]
        return [
            self.wrapped(v, wrapped[i]) if i in wrapped else self.of(v)
            for i, v in enumerate(values)
        ]


def _naive(moment: datetime) -> datetime:
    """Excel has no time zones: an aware moment is shown in the local time of this machine."""
    return moment if moment.tzinfo is None else moment.astimezone().replace(tzinfo=None)


# --------------------------------------------------------------------------------------------
# Pages


@dataclass(frozen=True)
class Heading:
    """What a workbook is: for the title block of its first sheet and for the header and
    footer of every printed page."""

    title: str  # "Klachtenrapport Wmo 2026-Q2"
    scope: str  # "alle ketenpartners", a partner code
    made: datetime
    confidential: bool  # personal data included

    @property
    def made_text(self) -> str:
        return f"{_naive(self.made):%d-%m-%Y %H:%M}"


def _page_text(text: str) -> str:
    """Text for a page header or footer, where "&" starts a code."""
    return text.replace("&", "&&")


def _print_setup(sheet: Any, heading: Heading, header_row: int | None) -> None:
    """Landscape A4, one page wide and as many pages tall as the rows need, the header row on
    every page (when there is one for every page), the report in the page header and
    "Pagina x van y" in the footer.

    The fit-to-page flag lives in the sheet properties, which write-only mode writes out with
    the first row: call this before any row."""
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = 9  # A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # no limit: as many pages tall as needed
    sheet.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.75, bottom=0.75, header=0.3, footer=0.3
    )
    if header_row is not None:
        sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddHeader.left.text = _page_text(f"{heading.title} - {heading.scope}")
    if heading.confidential:
        sheet.oddHeader.right.text = f"&B{CONFIDENTIAL}"
    sheet.oddFooter.left.text = _page_text(f"Gemaakt op {heading.made_text}")
    sheet.oddFooter.right.text = PAGE_FOOTER


# --------------------------------------------------------------------------------------------
# Data sheets


def column_width(header: str, *, is_date: bool = False) -> int:
    """The width of a data sheet's column: its widest value (_CONTENT_WIDTHS) or its header
    with the filter arrow, whichever is wider; free text gets a fixed width and wraps."""
    room = len(header) + _FILTER_BUTTON
    if header in _WRAPPED:
        return max(_WRAPPED[header], room)
    content = _DATE_WIDTH if is_date else _CONTENT_WIDTHS.get(header, _DEFAULT_WIDTH)
    return max(content + 1, room)


def _layout(
    sheet: Any,
    headers: Sequence[str],
    date_headers: Iterable[str] = (),
    *,
    heading: Heading,
    also: Sequence[str] = (),
) -> None:
    """Column widths, the frozen header row and the page setup; write-only mode needs them
    before any row. ``also``: the headers of a second table below the first one."""
    dates = set(date_headers)
    for index, header in enumerate(headers, start=1):
        width = column_width(header, is_date=header in dates)
        if index <= len(also):
            width = max(width, column_width(also[index - 1]))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    _print_setup(sheet, heading, header_row=1)


def _per_line(width: int) -> int:
    """About how many characters fit on one line of a column ``width`` wide."""
    return max(1, int(width * _CHARS_PER_WIDTH))


def _lines(value: Value, width: int) -> int:
    """About how many lines a wrapped text takes in a column ``width`` characters wide."""
    if not isinstance(value, str):
        return 1
    per_line = _per_line(width)
    return sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))


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
    reader should see that nothing is missing. Free-text columns (_WRAPPED) wrap where a text
    does not fit on one line."""
    stream = _RowStream.on(sheet)
    cells = stream.cells
    wrapped = {i: column_width(h) for i, h in enumerate(headers) if h in _WRAPPED}
    stream.wrapped = wrapped
    sheet.append([cells.text(h, bold=True) for h in headers])
    last_row = first_row
    for row in rows:
        last_row += 1
        if stream.fast:  # the stream makes the cells, wraps and sizes the row itself
            sheet.append(row)
            continue
        lines = max((_lines(row[i], width) for i, width in wrapped.items()), default=1)
        if lines > 1:  # spreadsheets do not size a row to wrapped text that they did not edit
            sheet.row_dimensions[last_row].height = _LINE_HEIGHT * lines
        sheet.append(cells.row(row, wrapped))
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


# --------------------------------------------------------------------------------------------
# Streaming a data sheet

_EXCEL_DAY_ZERO = date(1899, 12, 30).toordinal()  # Excel's day 0 in the 1900 date system
_TEXTS_KEPT = 10_000  # texts whose cell XML a _RowStream keeps at most


# What XML 1.0 cannot hold at all, even as a character reference (lxml refuses it too).
def _xml_text(text: str) -> str:
    """``text`` escaped for XML element content as lxml escapes it; what is not ASCII becomes a
    character reference when the row is encoded (see _RowStream)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _xml_safe(text: str) -> str:
    """``text``, refused as lxml refuses it when XML cannot hold one of its characters."""
    if xml_safe(text) != text:
        raise ValueError("All strings must be XML compatible: Unicode or ASCII")
    return text


def _flushes(xmlfile: Any) -> bool:
    """Whether openpyxl's xmlfile (lxml's, not et_xmlfile's) can flush what it buffered, so
    that other writes to its file can come between its own."""
    with xmlfile(BytesIO()) as probe, probe.element("probe"):
        return callable(getattr(probe, "flush", None))


class _RowStream:
    """Writes the rows of a large write-only sheet as XML text of its own.

    openpyxl makes, styles and serialises a cell object for every value, which took most of
    the time of a 25,000-row quarter; this makes the cells of a row itself and writes the
    same XML that openpyxl writes (inline strings, numbers, dates as serial numbers with the
    date style; byte for byte, in ASCII with character references like lxml) as one string
    straight into the sheet's file: the plain values of a row without any object per cell,
    the rare ones (text that looks like a formula, wrapped text, percentages, styled cells)
    through _Cells and their style ids. A row that wraps text gets the height it needs.

    It hooks into the write-only sheet's row writer (``_values_to_row``, ``WorksheetWriter``
    with a file of ours, ``write_row``) and into lxml's ``flush``; if openpyxl or its XML
    writer lacks those hooks (an other version, et_xmlfile instead of lxml), ``fast`` is
    False and _append_table makes ordinary openpyxl cells."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.cells = _Cells(sheet)
        self.wrapped: Mapping[int, int] = {}  # the table's free-text columns and their width
        self.date_style = "0"
        self.serials: dict[date, str] = {}
        self.text_styles: dict[tuple[bool, bool], str] = {}
        self.texts: dict[str, str] = {}  # see _text
        self.days: dict[date, str] = {}  # see _day
        self.letters = [get_column_letter(i) for i in range(1, 64)]
        self.handle: Any = None
        self.fast = self._hook()

    def _hook(self) -> bool:
        sheet = self.sheet
        if not (
            getattr(sheet.parent, "epoch", None) == WINDOWS_EPOCH
            and hasattr(sheet, "_values_to_row")
            and getattr(sheet, "_writer", False) is None
            and getattr(sheet, "_rows", False) is None
        ):
            return False
        try:
            from openpyxl.worksheet._writer import WorksheetWriter, create_temporary_file
            from openpyxl.xml.functions import xmlfile
        except ImportError:
            return False
        if not (hasattr(WorksheetWriter, "write_row") and _flushes(xmlfile)):
            return False
        path = create_temporary_file()  # openpyxl removes it after copying it into the zip
        handle = self.handle = open(path, "wb")  # noqa: SIM115 - closed with the writer
        writer = WorksheetWriter(sheet, out=handle)
        writer.out = path  # the name by which openpyxl copies the file and removes it
        close = writer.close

        def close_file() -> None:
            try:
                close()
            finally:
                handle.close()

        writer.close = close_file
        sheet._writer = writer
        writer.write_top()
        template = WriteOnlyCell(sheet)
        template.number_format = DATE_FORMAT
        self.date_style = str(template.style_id)
        sheet._values_to_row = lambda values, _index: values
        writer.write_row = self._write_row
        return True

    def _text_style(self, wrap: bool, quote: bool) -> str:
        """The style attribute of a text cell that wraps or has the quote prefix, as _Cells
        makes such a cell (looked up once)."""
        style = self.text_styles.get((wrap, quote))
        if style is None:
            sample = "=x" if quote else "xx"  # two lines in a column one character wide
            cell = self.cells.wrapped(sample, 1) if wrap else self.cells.text(sample)
            style = self.text_styles[wrap, quote] = f' s="{cell.style_id}"'
        return style

    def _text(self, value: str, *, wrap: bool) -> str:
        """What follows the reference of a text cell ("" for no cell): its style, type and
        text, cleaned and escaped. Kept for texts that do not wrap: most repeat (channels,
        partners, statuses), so each is worked out once."""
        text = value if value.isprintable() else _xml_safe(safe_text(value))
        tail = ""
        if text or wrap:
            quote = text.startswith(FORMULA_TRIGGERS)
            style = self._text_style(wrap, quote) if wrap or quote else ""
            edge = text and (text[0].isspace() or text[-1].isspace())
            space = ' xml:space="preserve"' if edge else ""
            tail = f'{style} t="inlineStr"><is><t{space}>{_xml_text(text)}</t></is></c>'
        if not wrap:
            if len(self.texts) >= _TEXTS_KEPT:
                self.texts.clear()  # unique texts (numbers) must not fill the memory
            self.texts[value] = tail
        return tail

    def _day(self, day: date) -> str:
        """What follows the reference of a date cell (kept: a quarter has few days)."""
        tail = self.days[day] = f' s="{self.date_style}" t="n"><v>{self._serial(day)}</v></c>'
        return tail

    def _serial(self, day: date) -> str:
        serial = self.serials.get(day)
        if serial is None:
            number = day.toordinal() - _EXCEL_DAY_ZERO
            # Before 1 March 1900 Excel counts a 29 February 1900 that never was.
            serial = self.serials[day] = str(number - 1 if 0 < number <= 60 else number)
        return serial

    def _write_row(self, xf: Any, values: Sequence[Any], index: int) -> None:
        number = str(index)
        wrapped = self.wrapped
        tall: set[int] = set()  # the columns whose text wraps
        lines = 1
        for column, width in wrapped.items():
            value = values[column] if column < len(values) else None
            if type(value) is str and (len(value) > _per_line(width) or "\n" in value):
                tall.add(column)
                lines = max(lines, _lines(value, width))
        row = [f'<row r="{number}"']
        if lines > 1:  # spreadsheets do not size a row to wrapped text that they did not edit
            row.append(f' ht="{safe_string(float(_LINE_HEIGHT * lines))}" customHeight="1"')
        row.append(">")
        letters = self.letters
        texts = self.texts
        days = self.days
        add = row.append
        for column, value in enumerate(values):
            # The plain values of most cells inline: this loop runs for every cell.
            kind = type(value)
            if kind is str:
                tail = self._text(value, wrap=True) if column in tall else texts.get(value)
                if tail is None:
                    tail = self._text(value, wrap=False)
                if tail:
                    add(f'<c r="{letters[column]}{number}"{tail}')
            elif kind is date:
                add(f'<c r="{letters[column]}{number}"{days.get(value) or self._day(value)}')
            elif kind is int:
                add(f'<c r="{letters[column]}{number}" t="n"><v>{value}</v></c>')
            elif value is not None:
                add(self._cell(letters[column] + number, value))
        if len(row) == 2 + (lines > 1):
            row[-1] = "/>"  # no cells: an empty element, as lxml writes it
        else:
            row.append("</row>")
        xf.flush()  # what lxml buffered goes first
        self.handle.write("".join(row).encode("ascii", "xmlcharrefreplace"))

    def _cell(self, ref: str, value: Any) -> str:
        """The XML of a cell object, or of a value that needs one (_Cells.of)."""
        if not isinstance(value, Cell):
            value = self.cells.of(value)
            if value is None:
                return ""
            if not isinstance(value, Cell):
                return self._value(ref, value, None, None)
        style = str(value.style_id) if value.has_style else None
        if value.value is not None:
            return self._value(ref, value.value, style, value.data_type)
        return f'<c r="{ref}" s="{style}"/>' if style is not None else ""

    def _value(self, ref: str, value: Any, style: str | None, kind: str | None) -> str:
        attributes = f'<c r="{ref}"' + (f' s="{style}"' if style is not None else "")
        if isinstance(value, str) and kind in (None, "s"):
            value = _xml_safe(value)
            space = ' xml:space="preserve"' if value != value.strip() else ""
            return f'{attributes} t="inlineStr"><is><t{space}>{_xml_text(value)}</t></is></c>'
        if isinstance(value, bool):
            return f'{attributes} t="b"><v>{"1" if value else "0"}</v></c>'
        if isinstance(value, int | float) and kind in (None, "n"):
            return f'{attributes} t="n"><v>{safe_string(value)}</v></c>'
        if type(value) is date:
            date_style = "" if style is not None else f' s="{self.date_style}"'
            return f'{attributes} t="n"{date_style}><v>{self._serial(value)}</v></c>'
        if isinstance(value, datetime):
            serial = safe_string(to_excel(value, WINDOWS_EPOCH))
            return f'{attributes} t="n"><v>{serial}</v></c>'
        raise TypeError(f"Geen celwaarde voor een werkblad: {value!r}")

    @classmethod
    def on(cls, sheet: Any) -> _RowStream:
        """The stream of ``sheet``, hooked in before its first row (later: the same one)."""
        stream = getattr(sheet, "_klacht_rows", None)
        if stream is None:
            stream = sheet._klacht_rows = cls(sheet)
        return stream


# --------------------------------------------------------------------------------------------
# Summary sheets


def _shown_width(cell: Any) -> int:
    """About how many characters a summary cell shows."""
    value = getattr(cell, "value", cell)
    number_format = getattr(cell, "number_format", "General")
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        if number_format == PERCENT_FORMAT:
            return len(f"{100 * value:.1f}%")
        return len(f"{value:.1f}")
    indent = 2 if getattr(getattr(cell, "alignment", None), "indent", 0) else 0
    return len(str(value)) + indent


def _font_size(hundredths: int) -> RichText:
    """Text properties for a chart axis: the font size in hundredths of a point."""
    size = CharacterProperties(sz=hundredths)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=size), endParaRPr=size)])


@dataclass(frozen=True)
class _Chart:
    section: str
    title: str
    columns: tuple[int, ...]
    percent: bool


@dataclass
class _Summary:
    """The rows of a summary sheet, collected first so that column widths fit them and charts
    can point at the rows of a section before the sheet is streamed out.

    Layout: a title block, the key figures under a ``Kengetal``/``Waarde`` header with the
    charts beside them (two by two, so they print whole on the first page), a page break,
    then the breakdowns that the charts draw."""

    rows: list[list[Any]]
    cells: _Cells
    heading: Heading
    header_row: int
    loose: set[int]  # rows left out of the column widths: their text may run on
    sections: dict[str, tuple[int, int]]
    max_values: dict[str, int]
    charts: list[_Chart]
    breaks: list[int]

    @classmethod
    def start(
        cls,
        sheet: Any,
        heading: Heading,
        facts: Sequence[tuple[str, Value]],
        *,
        value_header: str = "Waarde",
        extra_headers: Sequence[str] = (),
    ) -> _Summary:
        """The title block (title, ``facts``, date made, whether personal data is in it) and
        the header of the key figures."""
        cells = _Cells(sheet)
        rows: list[list[Any]] = [[cells.text(heading.title, font=_TITLE)]]
        loose = {1}
        for label, value in facts:
            rows.append([cells.text(label), cells.of(value)])
            if isinstance(value, str):
                loose.add(len(rows))
        rows.append([cells.text("Gemaakt op"), cells.of(heading.made)])
        personal = "opgenomen" if heading.confidential else "niet opgenomen"
        rows.append([cells.text("Persoonsgegevens"), cells.text(personal)])
        if heading.confidential:
            warning = f"{CONFIDENTIAL}: bevat persoonsgegevens van klagers; deel het niet verder."
            rows.append([cells.text(warning, font=_WARNING)])
            loose.add(len(rows))
        rows.append([])
        headers = ("Kengetal", value_header, *extra_headers)
        rows.append([cells.text(h, bold=True) for h in headers])
        return cls(
            rows=rows,
            cells=cells,
            heading=heading,
            header_row=len(rows),
            loose=loose,
            sections={},
            max_values={},
            charts=[],
            breaks=[],
        )

    def add(self, label: str, *values: Value, decimals: bool = False) -> None:
        cells = []
        for value in values:
            if isinstance(value, int | float) or (value is None and decimals):
                cells.append(self.cells.number(value, decimals=decimals))
            else:
                cells.append(self.cells.of(value))
        self.rows.append([self.cells.text(label), *cells])

    def key_figures(self, *columns: PeriodFigures, period_word: str) -> None:
        """The key figures of SPEC §6, one column per period (this one, the one before)."""
        tables = [figures.key_figures(period_word) for figures in columns]
        for row in zip(*tables, strict=True):
            label = row[0][0]
            values = [value for _, value in row]
            if label.endswith("(%)"):
                self.add(label, *(Percent(v) for v in values))
            else:
                # Counts are ints; averages are floats or None ("n.v.t.").
                self.add(label, *values, decimals=not isinstance(values[0], int))

    def blank(self) -> None:
        self.rows.append([])

    def first_page(self) -> None:
        """End the first page below the charts that stand beside the key figures."""
        bands = (len(self.charts) + 1) // 2
        while len(self.rows) < self.header_row + 1 + bands * _CHART_ROWS:
            self.blank()
        self.breaks.append(len(self.rows))

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
        counts = [value for row in items for value in row[1:] if isinstance(value, int)]
        self.max_values[title] = max(counts, default=0)

    def breakdown(self, title: str, items: Breakdown) -> None:
        self.section(title, ["Aantal"], list(items))

    def chart(
        self, section: str, title: str, *, columns: tuple[int, ...] = (2,), percent: bool = False
    ) -> None:
        """A bar chart of a section's value columns (2 = the first), placed on write."""
        self.charts.append(_Chart(section, title, columns, percent))

    def _bar_chart(self, sheet: Any, spec: _Chart) -> BarChart:
        """Horizontal bars of a section's value columns, in the section's order."""
        first, last = self.sections[spec.section]
        chart = BarChart()
        chart.type = "bar"
        chart.title = spec.title
        for paragraph in chart.title.tx.rich.p:
            paragraph.pPr.defRPr = CharacterProperties(sz=1100, b=True)
        # Small axis labels, so that a label shows for every partner or category.
        chart.x_axis.txPr = _font_size(800)
        chart.y_axis.txPr = _font_size(800)
        chart.y_axis.title = "Percentage" if spec.percent else "Aantal"
        # openpyxl 3.1 writes hidden axes unless told otherwise.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        # Bars are drawn bottom-up; reverse them so the first row is on top, and keep the
        # value axis below them.
        chart.x_axis.scaling.orientation = "maxMin"
        chart.y_axis.crosses = "max"
        chart.y_axis.scaling.min = 0
        if spec.percent:
            chart.y_axis.scaling.max = 1
            chart.y_axis.majorUnit = 0.25
            chart.y_axis.number_format = "0%"
        elif self.max_values.get(spec.section, 0) <= 10:
            chart.y_axis.majorUnit = 1  # no 0.2 steps for a handful of complaints
        chart.height = _CHART_HEIGHT
        chart.width = _CHART_WIDTH
        low, high = min(spec.columns), max(spec.columns)
        if low == high:
            chart.legend = None
            chart.add_data(Reference(sheet, min_col=low, min_row=first, max_row=last))
        else:  # several series: their names come from the section's header row
            chart.legend.position = "b"
            data = Reference(sheet, min_col=low, max_col=high, min_row=first - 1, max_row=last)
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
        return chart

    def _widths(self) -> dict[int, int]:
        widths: dict[int, int] = {}
        for number, row in enumerate(self.rows, start=1):
            if number in self.loose:
                continue
            for index, cell in enumerate(row, start=1):
                widths[index] = max(widths.get(index, 0), _shown_width(cell))
        return widths

    def write(self, sheet: Any) -> None:
        widths = {i: max(w + 2, _VALUE_WIDTH if i > 1 else 0) for i, w in self._widths().items()}
        for index, width in widths.items():
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = f"A{self.header_row + 1}"
        # No repeated header: the later pages hold sections with their own headers.
        _print_setup(sheet, self.heading, header_row=None)
        for number in self.breaks:
            sheet.row_breaks.append(Break(id=number))
        self._place_charts(sheet, widths)
        for row in self.rows:
            sheet.append(row)

    def _place_charts(self, sheet: Any, widths: dict[int, int]) -> None:
        """Two by two beside the key figures: from the first column right of them, and the
        second chart of a band in the first column that starts past the first chart."""
        key_columns = max(len(r) for r in self.rows[self.header_row - 1 : self.breaks[0]])
        first_column = key_columns + 2  # one column of room beside the figures
        left = 0.0
        second_column = first_column
        while left < _CHART_WIDTH + 0.3:
            left += widths.get(second_column, 9) * _CM_PER_CHAR
            second_column += 1
        for number, spec in enumerate(self.charts):
            column = first_column if number % 2 == 0 else second_column
            row = self.header_row + 1 + (number // 2) * _CHART_ROWS
            sheet.add_chart(self._bar_chart(sheet, spec), f"{get_column_letter(column)}{row}")


_CATEGORY_SECTION = "Ontvangen per categorie"
PARTNER_SECTION = "Per ketenpartner"
PARTNER_COLUMNS = (
    "Ontvangen",
    "Afgehandeld",
    "Open einde kwartaal",
    "Binnen termijn (%)",
    "Tevreden",
    "Niet tevreden",
)
SATISFACTION_SECTION = "Tevredenheid bij afgehandelde klachten"
REPORTED = "Bij ketenpartner ingediend"
REPORTED_SECTION = f"{REPORTED} (uit de kwartaalrapporten van de ketenpartners)"


def _breakdowns(summary: _Summary, figures: PeriodFigures, *, with_partners: bool) -> None:
    if with_partners:
        summary.breakdown("Ontvangen per ketenpartner", figures.by_partner)
    summary.breakdown(_CATEGORY_SECTION, figures.by_category)
    summary.breakdown("Ontvangen per kanaal", figures.by_channel)
    summary.breakdown("Ontvangen per behandelaar", figures.by_handler)
    summary.breakdown("Afgehandeld per oordeel", figures.by_verdict)


def _satisfaction(summary: _Summary, figures: PeriodFigures) -> None:
    summary.breakdown(
        SATISFACTION_SECTION,
        (
            ("Tevreden", figures.satisfied),
            ("Niet tevreden", figures.not_satisfied),
            ("Onbekend", figures.satisfaction_unknown),
        ),
    )


def _partner_table(
    summary: _Summary, partners: PartnerFigures, period_word: str, *, title: str = PARTNER_SECTION
) -> None:
    columns = [c.replace("kwartaal", period_word) for c in PARTNER_COLUMNS]
    summary.section(
        title,
        columns,
        [
            (
                code,
                f.received,
                f.closed,
                f.open_at_end,
                Percent(f.closed_on_time_pct),
                f.satisfied,
                f.not_satisfied,
            )
            for code, f in partners
        ],
    )


def _quarter_charts(summary: _Summary) -> None:
    summary.chart(_CATEGORY_SECTION, "Ontvangen klachten per categorie")
    summary.chart(SATISFACTION_SECTION, "Tevredenheid bij afgehandelde klachten")
    summary.chart(PARTNER_SECTION, "Ontvangen en afgehandeld per ketenpartner", columns=(2, 3))
    summary.chart(
        PARTNER_SECTION, "Binnen termijn afgehandeld per ketenpartner", columns=(5,), percent=True
    )


# --------------------------------------------------------------------------------------------
# Workbooks


def write_quarter_workbook(
    path: Path,
    *,
    quarter: Quarter,
    rows: Iterable[ComplaintFacts],
    ombudsman_rows: Iterable[OmbudsmanFacts],
    signals: Analysis,
    partner: str | None,
    generated_at: datetime,
    include_personal: bool,
    figures: PeriodFigures | None = None,
    partner_figures: PartnerFigures = (),
    reported: ReportedFigures | None = None,
    tally: QuarterTally | None = None,
) -> Path:
    """Write the quarterly workbook (SPEC §6) to ``path`` and return it.

    ``figures`` are the register's own complaints; ``reported`` those known from partners'
    quarterly reports only, counted apart as ``Bij ketenpartner ingediend`` (SPEC §10).

    ``rows`` are the complaints of the ``Klachten`` sheet (report.quarter_rows), streamed once.
    With ``tally``, ``rows`` come from its sheet_rows, which counts while the sheet is written:
    the figures, per partner and reported, are then read from it afterwards.
    The file gets mode 0600: it holds complaint-level data and pseudonymous complainant
    references even without --met-persoonsgegevens. It appears whole or not at all."""
    heading = Heading(
        title=f"Klachtenrapport Wmo {quarter.label}",
        scope=partner or "alle ketenpartners",
        made=generated_at,
        confidential=include_personal,
    )
    with _new_workbook(path) as wb:
        _write_quarter(
            wb,
            quarter=quarter,
            figures=figures,
            rows=rows,
            ombudsman_rows=ombudsman_rows,
            signals=signals,
            heading=heading,
            partner_figures=partner_figures,
            reported=reported,
            tally=tally,
        )
    return Path(path)


def _write_quarter(
    wb: Any,
    *,
    quarter: Quarter,
    figures: PeriodFigures | None,
    rows: Iterable[ComplaintFacts],
    ombudsman_rows: Iterable[OmbudsmanFacts],
    signals: Analysis,
    heading: Heading,
    partner_figures: PartnerFigures,
    reported: ReportedFigures | None,
    tally: QuarterTally | None,
) -> None:
    period = f"{fmt(quarter.start)} t/m {fmt(quarter.end)}"
    _properties(
        wb,
        title=f"{heading.title} - {heading.scope}",
        subject=f"Kwartaalrapportage klachten Wmo (WA §10), {period}, {heading.scope}",
        generated_at=heading.made,
        personal=heading.confidential,
    )
    summary_sheet = wb.create_sheet("Samenvatting")
    complaints_sheet = wb.create_sheet("Klachten")
    ombudsman_sheet = wb.create_sheet("Ombudsman")
    signals_sheet = wb.create_sheet("Signalen")

    # The rows first: a streamed tally has counted the figures once they are written (the
    # sheets of a write-only workbook can be filled in any order).
    include_personal = heading.confidential
    headers = COMPLAINT_HEADERS + (PERSONAL_HEADERS if include_personal else ())
    _layout(
        complaints_sheet,
        headers,
        ("Ontvangen", "Contact op", "Afgehandeld op", "Termijn"),
        heading=heading,
    )
    _append_table(
        complaints_sheet,
        name="Klachten",
        headers=headers,
        rows=(complaint_row(c, quarter, include_personal=include_personal) for c in rows),
        empty_message="Geen klachten in dit kwartaal",
    )

    if tally is not None:
        figures = tally.figures()
        partner_figures = tally.partner_figures()
        reported = ReportedFigures(
            totals=tally.reported_figures(), per_partner=tally.reported_partner_figures()
        )
    if figures is None:
        raise ValueError("write_quarter_workbook: figures or tally is required")
    summary = _Summary.start(
        summary_sheet,
        heading,
        [("Kwartaal", quarter.label), ("Periode", period), ("Ketenpartner", heading.scope)],
    )
    summary.key_figures(figures, period_word="kwartaal")
    if not (figures.received or figures.closed or figures.open_at_end):
        summary.add("Geen klachten in dit kwartaal", None)
    summary.blank()
    if reported is not None:
        summary.add(REPORTED, reported.totals.received)
        summary.add(f"{REPORTED}: afgehandeld", reported.totals.closed)
    summary.add("Peildatum status (blad Klachten)", quarter.end)
    _quarter_charts(summary)
    summary.first_page()
    _partner_table(summary, partner_figures, "kwartaal")
    if reported is not None:
        _partner_table(summary, reported.per_partner, "kwartaal", title=REPORTED_SECTION)
    _satisfaction(summary, figures)
    _breakdowns(summary, figures, with_partners=True)
    summary.write(summary_sheet)

    _layout(
        ombudsman_sheet,
        OMBUDSMAN_HEADERS,
        ("Ontvangen", "Deadline", "Beantwoord op"),
        heading=heading,
    )
    _append_table(
        ombudsman_sheet,
        name="Ombudsman",
        headers=OMBUDSMAN_HEADERS,
        rows=(ombudsman_row(item, quarter) for item in ombudsman_rows),
        empty_message="Geen ombudsmanzaken in dit kwartaal",
    )

    _write_signals(signals_sheet, signals, heading)


def _write_signals(sheet: Any, analysis: Analysis, heading: Heading) -> None:
    _layout(sheet, SIGNAL_HEADERS, heading=heading, also=COUNT_HEADERS)
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


def write_annual_workbook(
    path: Path,
    *,
    figures: AnnualData | AnnualFigures,
    generated_at: datetime,
    previous: AnnualData | None = None,
) -> Path:
    """Write the annual overview (Awb 9:12a) and return its path: counts only, no personal
    data and no free text, so the file gets the ordinary permissions. With ``previous``, the
    year before stands beside each figure."""
    data = figures if isinstance(figures, AnnualData) else None
    year = data.figures if data else figures
    assert isinstance(year, AnnualFigures)
    before = previous.figures if previous else None
    heading = Heading(
        title=f"Jaaroverzicht klachten Wmo {year.year}",
        scope="alle ketenpartners",
        made=generated_at,
        confidential=False,
    )
    columns = [str(year.year)] + ([str(before.year)] if before else [])
    with _new_workbook(path) as wb:
        _properties(
            wb,
            title=heading.title,
            subject=f"Geregistreerde klachten Wmo {year.year} (Awb 9:12a)",
            generated_at=generated_at,
            personal=False,
        )
        sheet = wb.create_sheet("Jaaroverzicht")
        summary = _Summary.start(
            sheet,
            heading,
            [("Jaar", year.year)],
            value_header=columns[0],
            extra_headers=columns[1:],
        )
        summary.key_figures(year.totals, *([before.totals] if before else []), period_word="jaar")
        summary.blank()
        both = [year, *([before] if before else [])]
        summary.add("Ombudsmanzaken ontvangen", *(f.ombudsman_received for f in both))
        summary.add("Ombudsmanzaken beantwoord", *(f.ombudsman_answered for f in both))
        summary.add(
            "Ombudsman tijdig beantwoord (%)", *(Percent(f.ombudsman_on_time_pct) for f in both)
        )
        if data is not None:
            summary.add(
                REPORTED,
                data.reported.totals.received,
                *([previous.reported.totals.received] if previous else []),
            )
        summary.chart("Per kwartaal", "Ontvangen en afgehandeld per kwartaal", columns=(2, 3))
        summary.chart(_CATEGORY_SECTION, "Ontvangen klachten per categorie")
        if data is not None:
            summary.chart(
                PARTNER_SECTION, "Ontvangen en afgehandeld per ketenpartner", columns=(2, 3)
            )
            summary.chart(
                PARTNER_SECTION,
                "Binnen termijn afgehandeld per ketenpartner",
                columns=(5,),
                percent=True,
            )
        summary.first_page()
        summary.section(
            "Per kwartaal",
            ["Ontvangen", "Afgehandeld"]
            + ([f"Ontvangen {before.year}", f"Afgehandeld {before.year}"] if before else []),
            [
                (q.label, f.received, f.closed, *((b.received, b.closed) if b else ()))
                for (q, f), b in zip(
                    year.quarters,
                    [f for _, f in before.quarters] if before else [None] * 4,
                    strict=True,
                )
            ],
        )
        if data is not None:
            _annual_partners(summary, data.partners, previous.partners if previous else None)
        for title, attribute in (
            (_CATEGORY_SECTION, "by_category"),
            ("Ontvangen per kanaal", "by_channel"),
            ("Ontvangen per behandelaar", "by_handler"),
            ("Afgehandeld per oordeel", "by_verdict"),
        ):
            earlier = getattr(before.totals, attribute) if before else None
            summary.section(title, columns, side_by_side(getattr(year.totals, attribute), earlier))
        summary.section(
            "Ombudsmanzaken per soort",
            columns,
            side_by_side(year.ombudsman_by_type, before.ombudsman_by_type if before else None),
        )
        summary.write(sheet)
    return Path(path)


def _annual_partners(
    summary: _Summary, partners: PartnerFigures, previous: PartnerFigures | None
) -> None:
    """Per partner: this year's figures, and the year before's beside them."""
    earlier = dict(previous or ())
    extra = ["Ontvangen vorig jaar", "Binnen termijn (%) vorig jaar"] if previous else []
    columns = [c.replace("kwartaal", "jaar") for c in PARTNER_COLUMNS] + extra
    rows = []
    for code, f in partners:
        row: list[Value] = [
            code,
            f.received,
            f.closed,
            f.open_at_end,
            Percent(f.closed_on_time_pct),
            f.satisfied,
            f.not_satisfied,
        ]
        if previous is not None:
            b = earlier.get(code)
            row += [b.received if b else 0, Percent(b.closed_on_time_pct if b else None)]
        rows.append(tuple(row))
    summary.section(PARTNER_SECTION, columns, rows)


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
def _new_workbook(path: Path) -> Iterator[Any]:
    """A write-only workbook, saved to ``path`` when the block ends without an error.

    The target itself is opened first (created 0600, or an existing regular file: callers have
    decided whether one may be replaced), so a wrong place fails before any work is done and a
    device or pipe that appears at the path is never written to. The workbook goes through a
    temporary file beside it (mkstemp: mode 0600) that is renamed into place only while the
    path still names the file checked, so a failure never leaves half a workbook."""
    path = Path(path)
    try:
        fd, created = open_target(path, overwrite=True)
    except OSError as error:
        raise _unwritable(path, error) from error
    try:
        handle, temporary = tempfile.mkstemp(prefix=".klacht-", suffix=".xlsx", dir=path.parent)
    except OSError as error:
        _drop_target(fd, path, created)
        raise _unwritable(path, error) from error
    os.close(handle)
    wb = Workbook(write_only=True)
    try:
        yield wb
        _save(wb, temporary, path)
        if not same_file(fd, path):
            raise InputError(f"{path} is tijdens het schrijven vervangen; kies een ander pad.")
        os.replace(temporary, path)  # every workbook stays 0600, the annual one too (issue 9)
    except BaseException as exc:
        _drop_target(fd, path, created)
        cause = _io_error(exc)
        if cause is not None:
            raise _unwritable(path, cause) from exc
        raise
    finally:
        os.close(fd)
        if os.path.exists(temporary):  # not renamed into place: something failed
            _close_sheets(wb)
            os.unlink(temporary)


def _save(wb: Any, temporary: str, path: Path) -> None:
    """openpyxl's save_workbook, with the zip archive closed also when the disk fills up: left
    open, its finalizer would write again and print "Exception ignored ..." on stderr."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    if not wb.worksheets:
        wb.create_sheet()
    wb.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
    try:
        # The fastest deflate: a quarter's sheet XML compresses three times faster than at the
        # default level, into a file about a third larger (still a tenth of the XML).
        archive = ZipFile(temporary, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1)
    except OSError as error:
        raise _unwritable(path, error) from error
    try:
        ExcelWriter(wb, archive).save()  # closes the archive when all went well
    except OSError as error:
        with suppress(OSError, ValueError):
            archive.close()
        raise _unwritable(path, error) from error


def _io_error(exc: BaseException) -> OSError | None:
    """The OSError behind a failed write, also when lxml reports it while streaming rows to
    openpyxl's temporary files (SerialisationError "IO_ENOSPC", "IO_EFBIG", ...)."""
    if isinstance(exc, OSError):
        return exc
    text = str(exc)
    if type(exc).__name__ == "SerialisationError" and text.startswith("IO_E"):
        code = getattr(errno, text[3:], None)
        if isinstance(code, int):
            return OSError(code, os.strerror(code))
    return None


def _drop_target(fd: int, path: Path, created: bool) -> None:
    """Remove the empty file this run created at ``path`` (only if it is still that file)."""
    if created and same_file(fd, path):
        with suppress(OSError):
            os.unlink(path)


def _unwritable(path: Path, error: OSError) -> InputError:
    return InputError(f"Kan het rapport niet schrijven naar {path}: {os_reason(error)}.")


def _close_sheets(wb: Any) -> None:
    """Close the row streams of an unsaved workbook: openpyxl would otherwise complain on
    stderr when it is garbage collected."""
    for sheet in wb.worksheets:
        with suppress(Exception):
            if not sheet.closed:
                sheet.close()


# --------------------------------------------------------------------------------------------
# The template of a partner's quarterly report (SPEC §10)

_TEMPLATE_ROWS = 500  # rows with drop-down lists and date checks, beyond the listed ones
_LISTS = "Keuzelijsten"


def write_partner_template(
    path: Path,
    *,
    partner: str,
    partner_name: str,
    quarter: Quarter,
    rows: Sequence[Forwarded],
    categories: Sequence[str],
    generated_at: datetime,
) -> Path:
    """The workbook a partner fills in: sheet ``Klachten`` with one row per complaint (the
    complaints the gemeente forwarded already listed), drop-down lists for the fixed choices,
    date checks on the date columns, and a sheet that explains it."""
    heading = Heading(
        title=f"Kwartaalrapport klachten {quarter.label}",
        scope=f"{partner_name} ({partner})",
        made=generated_at,
        confidential=False,
    )
    with _new_workbook(path) as wb:
        _properties(
            wb,
            title=f"{heading.title} - {heading.scope}",
            subject=f"Rapportage van de ketenpartner over alle klachten (WA §10), {quarter.label}",
            generated_at=generated_at,
            personal=False,
        )
        sheet = wb.create_sheet(TEMPLATE_SHEET)
        about = wb.create_sheet("Toelichting")
        lists = wb.create_sheet(_LISTS)
        _template_lists(sheet, lists, quarter, categories)
        _layout(sheet, TEMPLATE_COLUMNS, TEMPLATE_DATES, heading=heading)
        cells = _Cells(sheet)
        sheet.append([cells.text(h, bold=True) for h in TEMPLATE_COLUMNS])
        for item in rows:
            values: dict[str, Value] = {
                "Ontvangen": item.received,
                "Kanaal": item.channel,
                "Categorie": item.category,
                "Klachtnummer gemeente": item.number,
            }
            sheet.append(_template_row(cells, values))
        for _ in range(_TEMPLATE_ROWS):
            sheet.append(_template_row(cells, {}))
        _write_about(about, heading, quarter, len(rows))
    return Path(path)


def _template_row(cells: _Cells, values: dict[str, Value]) -> list[Any]:
    """A row whose date cells show dd-mm-jjjj, also while still empty."""
    row = []
    for header in TEMPLATE_COLUMNS:
        value = values.get(header)
        if header in TEMPLATE_DATES:
            cell = WriteOnlyCell(cells.sheet, value=value)
            cell.number_format = DATE_FORMAT
            row.append(cell)
        else:
            row.append(cells.of(value))
    return row


def _template_lists(sheet: Any, lists: Any, quarter: Quarter, categories: Sequence[str]) -> None:
    """Drop-down lists that point at a hidden sheet (a list typed in the check itself may not
    exceed 255 characters), and date checks: received within reach of the quarter."""
    choices = {
        "Kanaal": CHANNELS,
        "Categorie": tuple(categories),
        "Oordeel": VERDICTS,
        "Tevreden": SATISFACTION,
    }
    lists.sheet_state = "hidden"
    columns = list(choices.values())
    for index in range(max(len(c) for c in columns)):
        lists.append([c[index] if index < len(c) else None for c in columns])
    last = _TEMPLATE_ROWS + 200
    for number, (header, options) in enumerate(choices.items(), start=1):
        letter = get_column_letter(TEMPLATE_COLUMNS.index(header) + 1)
        source = (
            f"{_LISTS}!${get_column_letter(number)}$1:${get_column_letter(number)}${len(options)}"
        )
        check = DataValidation(type="list", formula1=source, allow_blank=True)
        check.error = f"Kies een waarde uit de lijst ({header})."
        check.errorTitle = "Ongeldige keuze"
        check.add(f"{letter}2:{letter}{last}")
        sheet.data_validations.append(check)
    end = quarter.end
    for header in TEMPLATE_DATES:
        letter = get_column_letter(TEMPLATE_COLUMNS.index(header) + 1)
        latest = f"DATE({end.year},{end.month},{end.day})" if header == "Ontvangen" else None
        check = DataValidation(
            type="date",
            operator="between",
            formula1="DATE(2000,1,1)",
            formula2=latest or "DATE(2100,12,31)",
            allow_blank=True,
        )
        check.error = (
            f"Een datum (dd-mm-jjjj), uiterlijk {fmt(end)}."
            if latest
            else "Een datum (dd-mm-jjjj)."
        )
        check.errorTitle = "Ongeldige datum"
        check.add(f"{letter}2:{letter}{last}")
        sheet.data_validations.append(check)


def _write_about(sheet: Any, heading: Heading, quarter: Quarter, listed: int) -> None:
    sheet.column_dimensions["A"].width = 110
    _print_setup(sheet, heading, header_row=None)
    cells = _Cells(sheet)
    lines = [
        f"Vul op blad 'Klachten' één rij in per klacht die in {quarter.label} bij u is "
        "ingediend of die u in dit kwartaal afhandelde (WA §10).",
        "Referentie: uw eigen kenmerk van de klacht; in een volgend of gecorrigeerd rapport "
        "dezelfde referentie gebruiken.",
        f"De {listed} klacht(en) die de gemeente u doorstuurde staan al klaar met hun "
        "klachtnummer: vul aan wanneer en hoe u ze afhandelde.",
        "Kanaal, Categorie, Oordeel en Tevreden: kies uit de lijst. Datums als dd-mm-jjjj.",
        "Zet geen namen of andere persoonsgegevens van klagers in dit bestand.",
        "Stuur het bestand terug aan de contractmanager van de gemeente.",
    ]
    sheet.append([cells.text(heading.title, font=_TITLE)])
    sheet.append([cells.text(heading.scope)])
    sheet.append([])
    for line in lines:
        sheet.append([cells.text(line)])
