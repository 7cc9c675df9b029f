"""Bad input that once gave exit 4 (internal error) or wrote over a device node (issue 9,
safety 3 and 4): each is refused with exit 2, a Dutch message, and an unchanged register."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import dump


def _refused(result: Any) -> None:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr.startswith("Fout:"), result.stderr
    assert "Interne fout" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("ombudsman", "toon", "99999999999999999999"),
        ("ombudsman", "toon", "--", "-99999999999999999999"),
        ("ombudsman", "beantwoord", "99999999999999999999"),
        ("stopmelding", "overleg", "99999999999999999999"),
        ("stopmelding", "besluit", "99999999999999999999"),
    ],
)
def test_an_id_beyond_64_bits_is_refused(cli: Any, register: Path, args: tuple[str, ...]) -> None:
    before = dump(register)
    result = cli(*args)
    _refused(result)
    assert "Ongeldig nummer" in result.stderr
    assert dump(register) == before


@pytest.mark.parametrize("value", ["1e400", "inf", "nan", "-1", "1e12"])
def test_a_bad_busy_timeout_is_refused(
    cli: Any, register: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    before = dump(register)
    monkeypatch.setenv("KLACHT_BUSY_TIMEOUT", value)
    result = cli("partner", "lijst")
    _refused(result)
    assert "KLACHT_BUSY_TIMEOUT" in result.stderr
    assert dump(register) == before


def test_invalid_utf8_in_medewerker_is_refused(cli: Any, register: Path) -> None:
    before = dump(register)
    bad = b"piet\xff".decode("utf-8", "surrogateescape")
    _refused(cli("--medewerker", bad, "partner", "toevoegen", "abc", "--naam", "Abc"))
    assert dump(register) == before


def test_a_fifo_as_report_output_is_refused_and_left_alone(
    cli: Any, register: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "pijp.xlsx"
    os.mkfifo(fifo)
    _refused(cli("rapport", "--kwartaal", "2026-Q2", "--uitvoer", str(fifo), "--overschrijven"))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_fifo_as_annual_output_is_refused_and_left_alone(
    cli: Any, register: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "jaar.xlsx"
    os.mkfifo(fifo)
    _refused(cli("rapport", "--jaar", "2026", "--uitvoer", str(fifo), "--overschrijven"))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_directory_as_template_output_is_refused(
    cli: Any, register: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "map.xlsx"
    folder.mkdir()
    _refused(
        cli(
            "partnerrapport",
            "sjabloon",
            "--partner",
            "zorgthuis",
            "--kwartaal",
            "2026-Q2",
            "--uitvoer",
            str(folder),
            "--overschrijven",
        )
    )
    assert folder.is_dir()


def test_annual_workbook_is_private(cli: Any, register: Path, tmp_path: Path) -> None:
    target = tmp_path / "jaar.xlsx"
    cli.ok("rapport", "--jaar", "2026", "--uitvoer", str(target))
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_a_fifo_as_letter_output_is_refused_and_nothing_is_recorded(
    cli: Any, register: Path, tmp_path: Path
) -> None:
    nummer = cli.new("2026-11-02")["nummer"]
    fifo = tmp_path / "brief.docx"
    os.mkfifo(fifo)
    before = dump(register)
    _refused(
        cli(
            "brief",
            nummer,
            "ontvangstbevestiging",
            "--datum",
            "2026-11-03",
            "--uitvoer",
            str(fifo),
            "--overschrijven",
        )
    )
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert dump(register) == before
