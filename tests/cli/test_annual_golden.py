"""`rapport --jaar --json`, the annual workbook and `analyse --json` on the demo register give
exactly what they gave before the figures moved into SQL (issue 12): the golden file was
written by the Python path that loaded every complaint.

Regenerate (only when a figure is meant to change): KLACHT_GOLDEN_UPDATE=1 pytest this file.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

GOLDEN = Path(__file__).parent.parent / "data" / "golden-annual-analyse.json"

# Besides the demo's own complaints: two reopened ones (new facts and a mistake), one closed
# again after its reopening, so earlier closings count too.
EXTRA_STEPS = (
    [
        "heropenen",
        "K-2026-0001",
        "--reden",
        "Nieuwe feiten.",
        "--nieuwe-feiten",
        "--datum",
        "2026-10-05",
    ],
    [
        "heropenen",
        "K-2026-0002",
        "--reden",
        "Per vergissing gesloten.",
        "--vergissing",
        "--datum",
        "2026-10-06",
    ],
    ["intrekken", "K-2026-0002", "--datum", "2026-11-02", "--reden", "Opgelost."],
)

COMMANDS = {
    "jaar-2026": ["rapport", "--jaar", "2026", "--json"],
    "jaar-2025": ["rapport", "--jaar", "2025", "--json"],
    "analyse": ["analyse", "--json"],
    "analyse-persoonsgegevens": ["analyse", "--json", "--met-persoonsgegevens"],
    "analyse-zorgthuis": ["analyse", "--json", "--partner", "zorgthuis", "--van", "2026-08-15"],
    "analyse-kort": ["analyse", "--json", "--van", "2026-07-01", "--tot", "2026-09-30"],
}


def _workbook_values(path: Path) -> list[list[Any]]:
    sheet = load_workbook(path, read_only=True)["Jaaroverzicht"]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        values = [v.isoformat() if hasattr(v, "isoformat") else v for v in row]
        if any(isinstance(v, str) and v.startswith("Gemaakt") for v in values):
            continue  # the moment it was made
        rows.append(values)
    return rows


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from typer.testing import CliRunner

    from klachtcli.cli import app

    folder = tmp_path_factory.mktemp("golden")
    db = str(folder / "demo.db")
    runner = CliRunner()
    env = {"KLACHT_DB": db, "KLACHT_VANDAAG": "2026-11-27", "KLACHT_MEDEWERKER": "tester"}

    def run(*args: str) -> str:
        result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result.stdout

    run("demo", "--aantal", "400", "--db", db)
    # The pseudonyms hang on the register's random key: a fixed one keeps them comparable.
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE setting SET value = 'golden' WHERE name = 'pseudoniem_sleutel'")
    conn.close()
    for step in EXTRA_STEPS:
        run(*step)
    found: dict[str, Any] = {name: json.loads(run(*args)) for name, args in COMMANDS.items()}
    workbook = folder / "jaar.xlsx"
    run("rapport", "--jaar", "2026", "--uitvoer", str(workbook))
    found["werkmap-2026"] = _workbook_values(workbook)
    return found


def test_annual_and_analyse_match_the_golden_output(outputs: dict[str, Any]) -> None:
    if os.environ.get("KLACHT_GOLDEN_UPDATE"):
        GOLDEN.write_text(json.dumps(outputs, indent=1, ensure_ascii=False) + "\n")
    golden = json.loads(GOLDEN.read_text())
    assert golden.keys() == outputs.keys()
    for name in golden:
        assert outputs[name] == golden[name], name


def test_the_golden_register_has_every_kind_of_closing(outputs: dict[str, Any]) -> None:
    year = outputs["jaar-2026"]
    assert year["niet_behandeld"] and year["ingetrokken"] and year["verdaagd"]
    assert year["afgehandeld"] > 100 and year["open_einde_jaar"] > 10
    assert any(s["soort"] == "herhaalde-klager" for s in outputs["analyse"]["signalen"])
    assert any("namen" in s for s in outputs["analyse-persoonsgegevens"]["signalen"])
