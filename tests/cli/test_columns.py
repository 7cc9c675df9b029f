"""Listings read at 80 columns: every complaint number, id and date in full, one line per row
(issue 8, item 4). Run in a real pseudo-terminal, where klacht draws Rich tables."""

from __future__ import annotations

import os
import re
import sys

import pytest
from rich.cells import cell_len
from tests.cli.test_prompt import run_in_terminal

from klachtcli.render.output import Col, layout

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

LONG_NOTE = (
    "Besproken: de bereikbaarheid van de klachtenlijn, de wachttijden bij de "
    "planning, de nieuwe werkwijze voor spoedklachten en de afspraken over terugkoppeling."
)

# Per listing: the arguments, and the headers of the columns that must always be shown in full.
LISTINGS = {
    "termijnen": (["termijnen"], ["Uiterlijk", "Klacht"]),
    "lijst": (
        ["lijst", "--status", "alle"],
        ["Nummer", "Ontvangen", "Contact uiterlijk", "Afhandeling uiterlijk"],
    ),
    "partner lijst": (["partner", "lijst"], ["Code"]),
    "overleg lijst": (["overleg", "lijst"], ["Id", "Datum"]),
    "ombudsman lijst": (["ombudsman", "lijst", "--alle"], ["Id", "Ontvangen", "Deadline"]),
    "stopmelding lijst": (["stopmelding", "lijst"], ["Id", "Gemeld"]),
    "bewaartermijn": (
        ["bewaartermijn", "--peildatum", "2040-01-01"],
        ["Klacht", "Gesloten op", "Opschonen vanaf"],
    ),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The demo register, plus a partner with long contact details and a long meeting note."""
    from typer.testing import CliRunner

    from klachtcli.cli import app

    path = tmp_path_factory.mktemp("columns") / "demo.db"
    env = {**os.environ, "KLACHT_DB": str(path), "KLACHT_VANDAAG": "2026-11-27"}
    env.pop("COLUMNS", None)
    runner = CliRunner()
    for args in (
        ["demo", "--db", str(path), "--aantal", "80"],
        [
            "partner",
            "toevoegen",
            "langenaam",
            "--naam",
            "Stichting Thuiszorg en Welzijn Amsterdam Zuidoost en Diemen",
            "--klachten-email",
            "klachtenfunctionaris.sociaal@thuiszorg-welzijn.example",
            "--klachten-telefoon",
            "020-123 456 789",
            "--functionaris-naam",
            "Mevrouw Dr. A.B. van der Heijden-Groenewoud",
        ],
        [
            "overleg",
            "toevoegen",
            "--partner",
            "langenaam",
            "--soort",
            "klachtenteam",
            "--datum",
            "2026-11-02",
            "--notities",
            LONG_NOTE,
        ],
    ):
        result = runner.invoke(app, args, env=env, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
    return env


def _plain_rows(args: list[str], env: dict[str, str]) -> list[dict[str, str]]:
    """The same listing as tab-separated text (not a terminal): every cell in full."""
    from typer.testing import CliRunner

    from klachtcli.cli import app

    result = CliRunner().invoke(app, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.stdout.splitlines() if "\t" in line]
    headers, rows = lines[0], lines[1:]
    return [dict(zip(headers, row, strict=True)) for row in rows]


@pytest.mark.parametrize("name", list(LISTINGS))
@pytest.mark.parametrize("width", [80, 120])
def test_listing_fits_and_keeps_the_key_columns_whole(demo, name, width) -> None:  # type: ignore[no-untyped-def]
    args, keys = LISTINGS[name]
    rows = _plain_rows(args, demo)
    assert rows, name  # the demo register has something to list
    env = {**demo, "COLUMNS": str(width), "LINES": "60", "TERM": "xterm", "NO_COLOR": "1"}
    code, out = run_in_terminal(args, "", env)
    assert code == 0, out
    lines = [ANSI.sub("", line) for line in out.replace("\r\n", "\n").split("\n")]
    assert "┃" in out  # really the terminal table, not the plain text
    assert max(cell_len(line) for line in lines) <= width, out
    for row in rows:
        wanted = [row[key] for key in keys if row[key]]
        # One table line carries every key value of the row: nothing cut, nothing wrapped.
        assert any(all(value in line for value in wanted) for line in lines), (row, out)


def test_overleg_rows_stay_on_one_line(demo) -> None:  # type: ignore[no-untyped-def]
    env = {**demo, "COLUMNS": "80", "TERM": "xterm", "NO_COLOR": "1"}
    code, out = run_in_terminal(["overleg", "lijst"], "", env)
    assert code == 0, out
    rows = [ln for ln in out.splitlines() if ln.startswith("│")]
    assert len(rows) == len(_plain_rows(["overleg", "lijst"], demo))
    assert any("Besproken: de" in ln and ln.rstrip().endswith("… │") for ln in rows), out


def test_narrow_terminal_names_what_it_left_out(demo) -> None:  # type: ignore[no-untyped-def]
    env = {**demo, "COLUMNS": "80", "TERM": "xterm", "NO_COLOR": "1"}
    code, out = run_in_terminal(["lijst", "--status", "alle"], "", env)
    assert code == 0, out
    assert "Niet getoond bij deze breedte:" in " ".join(out.split())
    wide = {**env, "COLUMNS": "200"}
    code, out = run_in_terminal(["lijst", "--status", "alle"], "", wide)
    assert code == 0 and "Niet getoond" not in out


def test_layout_drops_empty_then_least_kept_columns() -> None:
    cols = [Col("Nr", key=True), Col("Soort", keep=2), Col("Wat", keep=1), Col("Op", key=True)]
    natural = [11, 10, 40, 10]  # a table adds 3 cells per column plus 1
    shown, widths = layout(cols, natural, [False] * 4, 120)
    assert shown == [0, 1, 2, 3] and widths == natural
    shown, widths = layout(cols, natural, [False] * 4, 80)
    assert shown == [0, 1, 2, 3] and widths == [11, 10, 36, 10]  # only "Wat" is cut
    shown, widths = layout(cols, natural, [False] * 4, 40)
    assert shown == [0, 1, 3] and widths == [11, 9, 10]  # "Wat" (least kept) goes first
    shown, _ = layout(cols, natural, [False, False, False, True], 40)
    assert shown == [0, 1, 2]  # an empty column goes before anything else, even a key one
    extra = [Col("Nr", key=True), Col("Kanaal", keep=0), Col("Status", keep=1)]
    assert layout(extra, [11, 8, 30], [False] * 3, 80)[0] == [0, 1, 2]
    assert layout(extra, [11, 8, 60], [False] * 3, 80)[0] == [0, 2]  # keep 0: whole or not
