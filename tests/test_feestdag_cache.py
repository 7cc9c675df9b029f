"""Feestdagen are computed by `holidays` (SPEC §3) once per year and kept in the register, so
everyday commands (toon, nieuw, termijnen) start without loading that package."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from klachtcli.domain.calendar import Calendar

PROBE = """
import json, sys
from klachtcli.cli import main
sys.argv = ["klacht", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
print(json.dumps("holidays" in sys.modules))
"""


def loads_holidays(*args: str) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 0, result.stderr
    return bool(json.loads(result.stdout.strip().splitlines()[-1]))


NIEUW = ("nieuw", "--no-input", "--kanaal", "email", "--klager", "Anna de Vries")
NIEUW += ("--categorie", "kwaliteit", "--omschrijving", "De hulp kwam niet.")


def test_the_first_need_of_a_year_fills_the_cache_then_holidays_stays_unloaded(
    register: Path,
) -> None:
    # Fri 24-04-2026: contact Mon 04-05-2026, Koningsdag skipped (SPEC §3 worked example).
    assert loads_holidays(*NIEUW, "--ontvangen", "2026-04-24")
    conn = sqlite3.connect(register)
    cached = dict(conn.execute("SELECT day, name FROM feestdag WHERE day LIKE '2026-%'"))
    conn.close()
    assert cached == {d.isoformat(): n for d, n in Calendar()._load_feestdagen(2026).items()}
    assert cached["2026-05-05"] == "Bevrijdingsdag"  # every year, not only in lustrum years
    assert not loads_holidays(*NIEUW, "--ontvangen", "2026-04-24")
    assert not loads_holidays("toon", "K-2026-0002")
    assert not loads_holidays("termijnen")
    conn = sqlite3.connect(register)
    dues = conn.execute("SELECT contact_due, handling_due FROM complaint ORDER BY seq").fetchall()
    conn.close()
    assert dues == [("2026-05-04", "2026-06-05")] * 2


def test_a_read_only_command_computes_a_missing_year_but_writes_nothing(
    cli, register: Path
) -> None:
    from tests.conftest import dump

    before = dump(register)
    cli.ok("termijnen", "--peildatum", "2031-03-02")  # 2031: not cached, not stored either
    assert dump(register) == before


def test_cached_and_computed_calendars_agree() -> None:
    fresh = Calendar()
    cached = Calendar(feestdagen={2026: fresh._load_feestdagen(2026)})
    start = date(2026, 4, 13)
    assert cached.statutory_end(start, 6) == fresh.statutory_end(start, 6)
    assert cached.add_working_days(date(2026, 4, 28), 5) == fresh.add_working_days(
        date(2026, 4, 28), 5
    )
    assert cached.computed_feestdagen() == {}
    assert set(fresh.computed_feestdagen()) == {2026}


def test_a_write_also_keeps_the_years_back_to_the_first_data(cli, register: Path) -> None:
    """`termijnen` counts working days since a meeting fell due at a contract start in 2024;
    a read-only command does not store that year, so the next write does (with 2025 between),
    and from then on termijnen runs without `holidays`."""
    cli.ok(
        "partner", "toevoegen", "wijkzorg", "--naam", "Wijkzorg", "--contract-start", "2024-01-01"
    )
    assert loads_holidays("termijnen")  # 2024 and 2025 are not in the register yet
    assert loads_holidays(*NIEUW, "--ontvangen", "2026-11-02")
    conn = sqlite3.connect(register)
    years = [y for (y,) in conn.execute("SELECT DISTINCT substr(day, 1, 4) FROM feestdag")]
    conn.close()
    assert sorted(years) == ["2024", "2025", "2026"]
    assert not loads_holidays("termijnen")
    assert not loads_holidays(*NIEUW, "--ontvangen", "2026-11-03")
