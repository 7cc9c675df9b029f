"""The bulk `klacht demo --aantal N` numbers and ids its complaints itself: on SQLite and on
PostgreSQL alike the numbers are gap-free, `db check` passes, and the register goes on from
there (the next `nieuw` gets the next number; the annual figures count in SQL there too)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.conftest import rows

pytestmark = pytest.mark.backends


def test_bulk_demo_numbers_are_gap_free_and_the_register_checks(
    cli: Any, db_path: Any, backend: str
) -> None:
    result = cli.ok("demo", "--aantal", "300", "--db", str(db_path))
    assert "300 fictieve klachten" in result.stdout
    per_year = rows(
        db_path,
        "SELECT year, count(*), min(seq), max(seq) FROM complaint GROUP BY year ORDER BY year",
    )
    assert per_year and sum(n for _, n, _, _ in per_year) == 303  # + 3 from a partner's report
    for _year, count, first, last in per_year:
        assert (first, last) == (1, count)
    counters = dict(rows(db_path, "SELECT year, last_seq FROM complaint_counter"))
    assert counters == {year: last for year, _, _, last in per_year}
    cli.ok("db", "check")
    new = cli.new("2026-11-27")
    assert new["nummer"] == f"K-2026-{counters[2026] + 1:04d}"
    (highest,) = rows(db_path, "SELECT max(id) FROM complaint")[0]
    assert rows(db_path, "SELECT id FROM complaint WHERE number = ?", new["nummer"]) == [(highest,)]
    year = json.loads(cli.ok("rapport", "--jaar", "2026", "--json").stdout)
    assert year["ontvangen"] == 301  # the partner's three are counted apart (SPEC §10)
