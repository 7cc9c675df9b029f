"""The rows of the data sheets, written as XML text by render.xlsx._RowStream (issue 12), read
back with openpyxl: escaping, spaces, formula-like text, control characters, wrapped text and
row heights, dates and numbers; and the same cells through the ordinary openpyxl path that
the stream falls back to when openpyxl's XML writer is et_xmlfile instead of lxml."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.xml.functions import xmlfile
from tests.factories import complaint_facts

from klachtcli.domain.report import OmbudsmanFacts, Quarter, quarter_figures, quarter_rows
from klachtcli.domain.signals import quarter_analysis
from klachtcli.render import xlsx
from klachtcli.render.xlsx import _flushes, write_quarter_workbook

Q2 = Quarter(2026, 2)
LONG = "Een maatregel die niet op één regel past & daarom <wrapt> " * 3
TEXTS = [
    "a < b & c > d",
    "]]> sluit geen CDATA",
    "<![CDATA[x]]>",
    "\"aanhalingstekens\" en 'enkele'",
    "  spaties voor en na  ",
    "\tmet tab voor",
    "Cliënt € 😀 ÿ",
    "\x7f en \x85 blijven",
    "&amp; blijft letterlijk",
    '=HYPERLINK("http://x","y")',
    "+31 6 1234",
    "-1",
    "@SUM(A1)",
    "\r=1+1",
    "regel een\nregel twee",
    "a\x00b\x07c\x1bd\r\ne",
    LONG,
    "=" + LONG,
    " " + LONG,
    "\x0b",
]


def write_tricky(path: Path) -> Path:
    """A workbook whose Klachten rows put each of TEXTS in every text column."""
    data = [
        complaint_facts(
            f"K-2026-{n:04d}",
            date(2026, 4, 1 + n % 28),
            channel=text,
            category=text,
            partners=(text, "zorgthuis"),
            measure=text,
            verdict=text,
            complainant_name=text,
            complainant_email=text,
            complainant_phone=text,
            client=text,
            description=text,
            contact_on=date(2026, 4, 2 + n % 28),
            contact_deadline=date(2026, 4, 3),
            handling_deadline=date(2026, 5, 11),
            closed_on=date(2026, 6, 1) if n % 2 else None,
            closing_kind="afgehandeld" if n % 2 else None,
            extension_weeks=n,
        )
        for n, text in enumerate(TEXTS, start=1)
    ]
    ombudsman = [
        OmbudsmanFacts(
            id=1,
            type="klacht",
            reference="=OMA & <17>",
            received=date(2026, 4, 20),
            deadline=date(2026, 5, 20),
            answered=None,
            complaint="K-2026-0001",
            partner=None,
            via_partner=False,
        )
    ]
    return write_quarter_workbook(
        path,
        quarter=Q2,
        figures=quarter_figures(data, Q2),
        rows=quarter_rows(data, Q2),
        ombudsman_rows=ombudsman,
        signals=quarter_analysis(data, Q2, partner=None),
        partner=None,
        generated_at=datetime(2026, 7, 2, 9, 30),
        include_personal=True,
    )


def cells_of(path: Path) -> dict[str, Any]:
    """What a reader sees of each data sheet's cells and rows (JSON-safe)."""
    wb = load_workbook(path)
    found: dict[str, Any] = {}
    for title in ("Klachten", "Ombudsman", "Signalen"):
        sheet = wb[title]
        found[title] = [
            [
                cell.coordinate,
                cell.value.isoformat() if isinstance(cell.value, date) else cell.value,
                cell.data_type,
                cell.number_format,
                bool(cell.quotePrefix),
                bool(cell.alignment.wrap_text),
                bool(cell.font.b),
            ]
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        found[f"{title} heights"] = {
            str(n): d.height for n, d in sheet.row_dimensions.items() if d.height
        }
    return found


def test_tricky_text_is_escaped_and_read_back_as_written(tmp_path: Path) -> None:
    path = write_tricky(tmp_path / "lastig.xlsx")
    sheet = load_workbook(path)["Klachten"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == len(TEXTS)
    by_number = {row["Nummer"].value: row for row in rows}
    for n, text in enumerate(TEXTS, start=1):
        row = by_number[f"K-2026-{n:04d}"]
        # Control characters go, a carriage return becomes a line feed; the rest stays.
        shown = (
            text.replace("\r\n", "\n")
            .replace("\r", "\n")
            .translate(dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)]))
        )
        for column in ("Kanaal", "Categorie", "Oordeel", "Maatregel", "Klager", "Omschrijving"):
            cell = row[column]
            if not shown:
                assert cell.value is None, (column, text)
                continue
            assert cell.value == shown, (column, text)
            assert cell.data_type == "s", (column, text)
            assert cell.quotePrefix == shown.startswith(("=", "+", "-", "@", "\t", "\n")), (
                column,
                text,
            )
            # Whether a text wraps is judged on the text as given (Maatregel: 44 a line).
            long = "\n" in text or len(text) > 44
            wraps = column in ("Maatregel", "Omschrijving") and long
            assert bool(cell.alignment.wrap_text) == wraps, (column, text)
        assert row["Ketenpartner"].value == f"{shown}, zorgthuis" if shown else "zorgthuis"
        assert row["Contact op"].value == datetime(2026, 4, 2 + n % 28)
        assert row["Contact op"].number_format == "dd-mm-yyyy"
        assert row["Verdaagd"].value == n and row["Verdaagd"].data_type == "n"
    # A row that wraps text is as tall as its lines; the others keep the default height.
    heights = {n: d.height for n, d in sheet.row_dimensions.items() if d.height}
    tall = {r["Nummer"].row for r in rows if r["Omschrijving"].alignment.wrap_text}
    assert set(heights) == tall and tall
    assert all(h % 15 == 0 and h >= 30 for h in heights.values())
    ombudsman = load_workbook(path)["Ombudsman"]
    reference = ombudsman["C2"]
    assert reference.value == "=OMA & <17>" and reference.quotePrefix
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml")
    assert b"<f>" not in xml
    assert b"a &lt; b &amp; c &gt; d" in xml and b"]]&gt; sluit" in xml
    assert b"Cli&#235;nt &#8364; &#128512;" in xml  # ASCII with character references
    assert b'<t xml:space="preserve">  spaties voor en na  </t>' in xml


def test_the_fallback_without_lxml_writes_the_same_cells(tmp_path: Path) -> None:
    """With openpyxl on et_xmlfile (no flush to put text between its writes) the stream is
    not hooked in and openpyxl makes the cells: a reader sees the same workbook."""
    assert _flushes(xmlfile)  # here openpyxl writes with lxml: the stream is hooked in
    fast = cells_of(write_tricky(tmp_path / "snel.xlsx"))
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from openpyxl.xml import LXML\n"
        "from openpyxl.xml.functions import xmlfile\n"
        "from klachtcli.render.xlsx import _flushes\n"
        "from tests.test_xlsx_rows import cells_of, write_tricky\n"
        "path = write_tricky(Path(sys.argv[1]))\n"
        "print(json.dumps({'lxml': LXML, 'flushes': _flushes(xmlfile), 'cells': cells_of(path)}))\n"
    )
    env = {**os.environ, "OPENPYXL_LXML": "False"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "gewoon.xlsx")],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parent.parent,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    plain = json.loads(result.stdout)
    assert plain["lxml"] is False and plain["flushes"] is False
    assert plain["cells"] == json.loads(json.dumps(fast))


def test_the_texts_the_stream_keeps_do_not_change_the_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """_RowStream keeps the XML of the texts it wrote (emptied when _TEXTS_KEPT are kept): a
    stream that has to forget them after every two texts writes the same cells."""
    usual = cells_of(write_tricky(tmp_path / "gewoon.xlsx"))
    monkeypatch.setattr(xlsx, "_TEXTS_KEPT", 2)
    assert cells_of(write_tricky(tmp_path / "vergeetachtig.xlsx")) == usual


def test_the_workbook_is_deflated(tmp_path: Path) -> None:
    with zipfile.ZipFile(write_tricky(tmp_path / "x.xlsx")) as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        assert archive.testzip() is None
