"""The annual workbook and the publication count two years in one pass (issue 12): the year
and the year before, in total and per partner, from one count_complaints over both years.
The figures of each year are those counted for that year alone."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from tests.conftest import rows
from tests.test_report_counts import EVERY_KIND, build

from klachtcli.services.publication import _closing_details, year_figures
from klachtcli.services.report_counts import ClosingDetail, count_complaints
from klachtcli.services.reports import annual, annual_years
from klachtcli.store.db import session_scope
from klachtcli.store.target import parse


@pytest.mark.backends
def test_two_years_at_once_give_each_years_figures(register: Any, backend: str) -> None:
    build(register, EVERY_KIND, [(5, 10, "gegrond", "ja"), (30, None, None, None)], [(300, 7)])
    assert rows(register, "SELECT count(*) FROM complaint WHERE closed_on IS NULL") != [(0,)]
    own = "(source IS NULL OR source != 'partnerrapport')"
    with session_scope(parse(register), write=False) as s:
        for year in (2025, 2026):
            counted: Counter[ClosingDetail] = Counter()
            current, previous = annual_years(s, year, details=counted)
            assert current == annual(s, year)
            assert previous == annual(s, year - 1)
            both = _closing_details(s, year - 1, year, counted)
            for y in (year - 1, year):
                alone: Counter[ClosingDetail] = Counter()
                annual(s, y, details=alone)
                assert both[y] == _closing_details(s, y, y, alone)[y]
                # what the publication counted before, in plain SQL (reopened ones too)
                closed = f"closed_on BETWEEN '{y}-01-01' AND '{y}-12-31' AND {own}"
                grounds = rows(
                    register,
                    "SELECT not_handling_ground, count(*) FROM complaint WHERE"
                    f" {closed} AND closing_kind = 'niet-behandelen' GROUP BY 1",
                )
                assert sorted(both[y]["grounds"], key=str) == sorted(grounds, key=str)
                measures = rows(
                    register,
                    f"SELECT category, count(*) FROM complaint WHERE {closed}"
                    " AND measure IS NOT NULL AND measure != '' GROUP BY 1",
                )
                assert sorted(both[y]["measures"]) == sorted(measures)
        assert year_figures(s, 2025)["niet_behandeld_per_grond"] == {"eerder-behandeld": 1}
        assert year_figures(s, 2026)["maatregelen_per_categorie"] == {"kwaliteit": 1}


@pytest.mark.backends
def test_open_at_every_month_end_counts_what_was_open(register: Any, backend: str) -> None:
    """Open at a month's end = open when the window starts + received - closed since."""
    build(register, EVERY_KIND, [], [])
    with session_scope(parse(register), write=False) as s:
        counts = count_complaints(s, date(2025, 1, 1), date(2026, 10, 31), by_partner=True)
    for month_end in (date(2025, 3, 31), date(2025, 12, 31), date(2026, 10, 31)):
        day = month_end.isoformat()
        # without reopened complaints (they are counted one by one, not here)
        where = (
            f"received <= '{day}' AND (closed_on IS NULL OR closed_on > '{day}')"
            " AND id NOT IN (SELECT complaint_id FROM closing)"
        )
        (expected,) = rows(register, f"SELECT count(*) FROM complaint WHERE {where}")[0]
        assert counts[False, None].open_at[month_end] == expected
        (zorgthuis,) = rows(
            register,
            f"SELECT count(*) FROM complaint WHERE {where} AND id IN (SELECT complaint_id"
            " FROM complaint_partner JOIN partner ON partner.id = partner_id"
            " WHERE partner.code = 'zorgthuis')",
        )[0]
        assert counts[False, "zorgthuis"].open_at[month_end] == zorgthuis
