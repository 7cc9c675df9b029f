"""The streaming quarterly report writes the same cells as the workbook before it (issue 12).

tests/data/kwartaalrapport-demo.json holds every cell value of the quarterly workbooks of the demo
register (`klacht demo --aantal 400`, today pinned at 2026-11-27), and the number format of
every cell that has one (dates, percentages, decimals), as the code before the streaming report
wrote them: for the quarters the demo covers and the empty one before them, with and without
`--met-persoonsgegevens`, and one workbook per partner. Only the moment the workbook was made
("Gemaakt op") is left out, and the pseudonymous references (P-…, keyed by each register's own
secret) are numbered in order of appearance, so that equal stays equal. The test builds the
same register (on PostgreSQL: copied there with `klacht db kopieer`), writes the same workbooks
with today's code and compares them read back with openpyxl.

Regenerate the file only when the report is meant to change:
    KLACHT_GOLDEN_SCHRIJVEN=1 pytest tests/cli/test_rapport_golden.py -k sqlite
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.backends

GOLDEN = Path(__file__).parent.parent / "data" / "kwartaalrapport-demo.json"
DEMO_COUNT = "400"
QUARTERS = ("2026-Q2", "2026-Q3", "2026-Q4")
MADE = "Gemaakt op"
PSEUDONYM = re.compile(r"P-[0-9a-f]{8}")


def _value(value: Any, pseudonyms: dict[str, str]) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return PSEUDONYM.sub(
            lambda m: pseudonyms.setdefault(m[0], f"P-{len(pseudonyms) + 1}"), value
        )
    return value


def dump_workbook(path: Path) -> dict[str, Any]:
    """Every sheet's cell values (rows without their trailing empty cells) and the number
    formats that are not General, by cell."""
    wb = load_workbook(path)
    pseudonyms: dict[str, str] = {}
    sheets: dict[str, Any] = {}
    for sheet in wb.worksheets:
        rows: list[list[Any]] = []
        formats: dict[str, str] = {}
        for row in sheet.iter_rows():
            values = [_value(cell.value, pseudonyms) for cell in row]
            if values and values[0] == MADE:
                values[1] = "(moment van maken)"
            while values and values[-1] is None:
                values.pop()
            rows.append(values)
            for cell in row:
                if cell.value is not None and cell.number_format != "General":
                    formats[cell.coordinate] = cell.number_format
        while rows and not rows[-1]:
            rows.pop()
        sheets[sheet.title] = {"rows": rows, "formats": formats}
    return sheets


def _workbooks(cli: Any, folder: Path) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for quarter in QUARTERS:
        for personal in (False, True):
            name = f"{quarter}{'-persoonsgegevens' if personal else ''}"
            path = folder / f"{name}.xlsx"
            extra = ["--met-persoonsgegevens"] if personal else []
            cli.ok("rapport", "--kwartaal", quarter, "--uitvoer", str(path), *extra)
            result[name] = dump_workbook(path)
    per_partner = folder / "per-partner"
    cli.ok("rapport", "--kwartaal", "2026-Q3", "--per-partner", str(per_partner))
    for path in sorted(per_partner.iterdir()):
        result[path.stem] = dump_workbook(path)
    return result


def test_streaming_report_equals_the_previous_workbooks(cli, db_path, backend, tmp_path):
    if backend == "sqlite":
        cli.ok("demo", "--aantal", DEMO_COUNT, "--db", str(db_path))
    else:
        demo = tmp_path / "demo.db"
        cli.ok("demo", "--aantal", DEMO_COUNT, "--db", str(demo))
        cli.ok("--db", str(demo), "db", "kopieer", "--naar", str(db_path))
    found = _workbooks(cli, tmp_path)
    if os.environ.get("KLACHT_GOLDEN_SCHRIJVEN") == "1":
        GOLDEN.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", "utf-8")
    expected = json.loads(GOLDEN.read_text("utf-8"))
    assert sorted(found) == sorted(expected)
    for name, sheets in expected.items():
        assert list(found[name]) == list(sheets), name
        for title, sheet in sheets.items():
            got = found[name][title]
            assert len(got["rows"]) == len(sheet["rows"]), (name, title)
            for number, (mine, theirs) in enumerate(
                zip(got["rows"], sheet["rows"], strict=True), start=1
            ):
                assert mine == theirs, (name, title, number)
            assert got["formats"] == sheet["formats"], (name, title)
