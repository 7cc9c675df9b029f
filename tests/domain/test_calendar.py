"""Working days, feestdagen and the Atw art. 1 shift, pinned on real 2023–2028 dates.

Every expected date below was worked out by hand on a calendar; the comments show the counting.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

import klachtcli
from klachtcli.domain.calendar import KNOWN_ATW_DAYS, Calendar, Derivation, Skip, format_day

CHRISTMAS_CLOSURE = {
    date(2026, 12, 28): "Kerstsluiting",
    date(2026, 12, 29): "Kerstsluiting",
    date(2026, 12, 30): "Kerstsluiting",
    date(2026, 12, 31): "Kerstsluiting",
}

CAL = Calendar(atw_days=KNOWN_ATW_DAYS)
CLOSED_CAL = Calendar(atw_days=KNOWN_ATW_DAYS, closure_days=CHRISTMAS_CLOSURE)

ATW_ART_3_NAMES = {
    "Nieuwjaarsdag",
    "Goede Vrijdag",
    "Eerste Paasdag",
    "Tweede Paasdag",
    "Koningsdag",
    "Bevrijdingsdag",
    "Hemelvaartsdag",
    "Eerste Pinksterdag",
    "Tweede Pinksterdag",
    "Eerste Kerstdag",
    "Tweede Kerstdag",
}


# -- feestdagen --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day", [date(2025, 4, 18), date(2026, 4, 3), date(2027, 3, 26), date(2028, 4, 14)]
)
def test_goede_vrijdag(day: date) -> None:
    assert day.weekday() == 4
    assert CAL.holiday_name(day) == "Goede Vrijdag"
    assert not CAL.is_working_day(day)
    assert CAL.non_working_reason(day) == "feestdag: Goede Vrijdag"


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2025, 4, 21), "Tweede Paasdag"),
        (date(2026, 4, 6), "Tweede Paasdag"),
        (date(2027, 3, 29), "Tweede Paasdag"),
        (date(2028, 4, 17), "Tweede Paasdag"),
        (date(2025, 5, 29), "Hemelvaartsdag"),
        (date(2026, 5, 14), "Hemelvaartsdag"),
        (date(2027, 5, 6), "Hemelvaartsdag"),
        (date(2028, 5, 25), "Hemelvaartsdag"),
        (date(2025, 6, 9), "Tweede Pinksterdag"),
        (date(2026, 5, 25), "Tweede Pinksterdag"),
        (date(2027, 5, 17), "Tweede Pinksterdag"),
        (date(2028, 6, 5), "Tweede Pinksterdag"),
        (date(2026, 1, 1), "Nieuwjaarsdag"),
        (date(2026, 12, 25), "Eerste Kerstdag"),
        (date(2026, 12, 26), "Tweede Kerstdag"),
        (date(2027, 12, 25), "Eerste Kerstdag"),
        (date(2028, 12, 26), "Tweede Kerstdag"),
        (date(2026, 4, 27), "Koningsdag"),
        (date(2028, 4, 27), "Koningsdag"),
    ],
)
def test_movable_and_fixed_feestdagen(day: date, name: str) -> None:
    assert CAL.holiday_name(day) == name
    assert not CAL.is_working_day(day)
    assert CAL.is_statutory_rest_day(day)


def test_koningsdag_2025_is_saturday_26_april_because_27_is_a_sunday() -> None:
    assert date(2025, 4, 27).weekday() == 6
    assert CAL.holiday_name(date(2025, 4, 26)) == "Koningsdag"
    assert CAL.holiday_name(date(2025, 4, 27)) is None
    # A feestdag on a weekend day is reported as the feestdag, which tells the reader more.
    assert CAL.non_working_reason(date(2025, 4, 26)) == "feestdag: Koningsdag"
    assert CAL.non_working_reason(date(2025, 4, 27)) == "zondag"


def test_koninginnedag_before_2014_is_a_feestdag_too() -> None:
    assert CAL.holiday_name(date(2013, 4, 30)) == "Koninginnedag"


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030])
def test_5_mei_is_a_feestdag_every_year_not_only_in_lustrum_years(year: int) -> None:
    assert CAL.holiday_name(date(year, 5, 5)) == "Bevrijdingsdag"
    assert CAL.is_statutory_rest_day(date(year, 5, 5))


def test_5_mei_on_weekdays_in_non_lustrum_years_is_no_working_day() -> None:
    assert date(2026, 5, 5).weekday() == 1
    assert date(2027, 5, 5).weekday() == 2
    assert not CAL.is_working_day(date(2026, 5, 5))
    assert not CAL.is_working_day(date(2027, 5, 5))


def test_the_package_default_set_lacks_5_mei_outside_lustrum_years() -> None:
    # Why the calendar asks for the "optional" category: without it 5 mei 2026 would be a
    # working day, which Atw art. 3 says it is not.
    assert date(2026, 5, 5) not in holidays.country_holidays("NL", years=2026)
    assert date(2025, 5, 5) in holidays.country_holidays("NL", years=2025)


@pytest.mark.parametrize("year", range(2023, 2031))
def test_only_atw_art_3_days_are_feestdagen(year: int) -> None:
    days = [date(year, 1, 1) + timedelta(days=i) for i in range(366)]
    names = {
        day: name
        for day in days
        if day.year == year and (name := CAL.holiday_name(day)) is not None
    }
    assert set(names.values()) == ATW_ART_3_NAMES
    assert len(names) == 11


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 5, 1),  # Dag van de Arbeid: no Atw feestdag
        date(2026, 12, 24),
        date(2026, 12, 31),
        date(2026, 2, 16),  # carnaval Monday
        date(2026, 5, 4),  # Dodenherdenking
    ],
)
def test_ordinary_weekdays_are_working_days(day: date) -> None:
    assert CAL.holiday_name(day) is None
    assert CAL.is_working_day(day)
    assert CAL.non_working_reason(day) is None
    assert not CAL.is_statutory_rest_day(day)


def test_two_feestdagen_on_one_day_show_both_names() -> None:
    assert CAL.holiday_name(date(2016, 5, 5)) == "Bevrijdingsdag en Hemelvaartsdag"


def test_weekend_reasons() -> None:
    assert CAL.non_working_reason(date(2026, 5, 2)) == "zaterdag"
    assert CAL.non_working_reason(date(2026, 5, 3)) == "zondag"
    assert CAL.is_statutory_rest_day(date(2026, 5, 2))
    assert CAL.is_statutory_rest_day(date(2026, 5, 3))


# -- atw-gelijkgestelde dagen and sluitingsdagen -----------------------------------------------


@pytest.mark.parametrize("day", sorted(KNOWN_ATW_DAYS))
def test_known_atw_days_are_working_days_but_statutory_rest_days(day: date) -> None:
    assert day.weekday() == 4
    assert CAL.holiday_name(day) is None
    assert CAL.is_working_day(day)
    assert CAL.non_working_reason(day) is None
    assert CAL.is_statutory_rest_day(day)


@pytest.mark.parametrize(
    ("day", "description"),
    [
        (date(2023, 4, 28), "vrijdag na Koningsdag"),
        (date(2024, 12, 27), "vrijdag na Kerstmis"),
        (date(2026, 1, 2), "vrijdag na Nieuwjaarsdag"),
        (date(2026, 5, 15), "vrijdag na Hemelvaartsdag"),
        (date(2028, 4, 28), "vrijdag na Koningsdag"),
    ],
)
def test_known_atw_days_follow_the_feestdag_they_name(day: date, description: str) -> None:
    assert KNOWN_ATW_DAYS[day] == description
    assert CAL.holiday_name(day - timedelta(days=1)) is not None


def test_atw_days_are_data_not_built_in() -> None:
    assert not Calendar().is_statutory_rest_day(date(2026, 5, 15))


def test_sluitingsdag_is_no_working_day_but_no_statutory_rest_day() -> None:
    day = date(2026, 12, 29)
    assert not CLOSED_CAL.is_working_day(day)
    assert CLOSED_CAL.non_working_reason(day) == "sluitingsdag: Kerstsluiting"
    assert not CLOSED_CAL.is_statutory_rest_day(day)


def test_calendar_copies_its_days() -> None:
    closures = {date(2026, 6, 1): "Verhuizing"}
    cal = Calendar(closure_days=closures)
    assert not cal.is_working_day(date(2026, 6, 1))
    closures[date(2026, 6, 2)] = "Verhuizing"
    assert cal.is_working_day(date(2026, 6, 2))
    assert cal.working_days_between(date(2026, 5, 29), date(2026, 6, 2)) == 1


# -- add_working_days ---------------------------------------------------------------------------


def test_contact_across_koningsdag() -> None:
    # Fri 24-04-2026: Sat, Sun, Koningsdag (Mon 27) skipped; Tue 28 (1) .. Fri 1 (4); Mon 4 (5).
    result = CAL.add_working_days(date(2026, 4, 24), 5)
    assert result.end == date(2026, 5, 4)
    assert result.raw_end == result.end
    assert result.term == "5 werkdagen"
    assert result.skipped == (
        Skip(date(2026, 4, 25), "zaterdag"),
        Skip(date(2026, 4, 26), "zondag"),
        Skip(date(2026, 4, 27), "feestdag: Koningsdag"),
        Skip(date(2026, 5, 2), "zaterdag"),
        Skip(date(2026, 5, 3), "zondag"),
    )


def test_contact_across_5_mei() -> None:
    # Tue 28-04: Wed 29 (1), Thu 30 (2), Fri 1 (3), Mon 4 (4), 5 mei skipped, Wed 6 (5).
    result = CAL.add_working_days(date(2026, 4, 28), 5)
    assert result.end == date(2026, 5, 6)
    assert Skip(date(2026, 5, 5), "feestdag: Bevrijdingsdag") in result.skipped


def test_atw_day_counts_as_working_day_for_contact() -> None:
    # Wed 13-05-2026: Hemelvaart skipped, Fri 15 (1) although atw-gelijkgesteld, Mon 18 (2) ..
    # Thu 21 (5).
    result = CAL.add_working_days(date(2026, 5, 13), 5)
    assert result.end == date(2026, 5, 21)
    assert [s.day for s in result.skipped] == [
        date(2026, 5, 14),
        date(2026, 5, 16),
        date(2026, 5, 17),
    ]


def test_receipt_on_saturday_is_day_0() -> None:
    # Sat 02-05: Sun skipped, Mon 4 (1), 5 mei skipped, Wed 6 (2), Thu 7 (3), Fri 8 (4), Mon 11 (5).
    result = CAL.add_working_days(date(2026, 5, 2), 5)
    assert result.end == date(2026, 5, 11)
    assert result.skipped[0] == Skip(date(2026, 5, 3), "zondag")


def test_receipt_on_feestdag_is_day_0() -> None:
    # Koningsdag Mon 27-04: Tue 28 (1), Wed 29 (2), Thu 30 (3), Fri 1 (4), Mon 4 (5).
    result = CAL.add_working_days(date(2026, 4, 27), 5)
    assert result.end == date(2026, 5, 4)
    assert all(s.day > date(2026, 4, 27) for s in result.skipped)


def test_sluitingsdagen_stop_working_day_counting() -> None:
    # Wed 23-12-2026: Thu 24 (1); Christmas, weekend, closure 28–31, Nieuwjaarsdag, weekend;
    # Mon 4-1 (2) .. Thu 7-1-2027 (5). Without the closure Thu 31-12 would be day 5.
    assert CAL.add_working_days(date(2026, 12, 23), 5).end == date(2026, 12, 31)
    result = CLOSED_CAL.add_working_days(date(2026, 12, 23), 5)
    assert result.end == date(2027, 1, 7)
    assert Skip(date(2026, 12, 30), "sluitingsdag: Kerstsluiting") in result.skipped
    assert Skip(date(2027, 1, 1), "feestdag: Nieuwjaarsdag") in result.skipped
    assert len(result.skipped) == 10


def test_zero_working_days_is_the_start_itself() -> None:
    result = CAL.add_working_days(date(2026, 5, 2), 0)
    assert result.end == date(2026, 5, 2)
    assert result.skipped == ()
    assert result.term == "0 werkdagen"
    assert CAL.add_working_days(date(2026, 5, 1), 1).term == "1 werkdag"


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 5, 1), -1)


# -- statutory_end --------------------------------------------------------------------------------


def test_statutory_end_on_5_mei_moves_to_next_day() -> None:
    result = CAL.statutory_end(date(2026, 3, 24), 6)
    assert result.raw_end == date(2026, 5, 5)
    assert result.end == date(2026, 5, 6)
    assert result.term == "6 weken"
    assert result.skipped == (Skip(date(2026, 5, 5), "feestdag: Bevrijdingsdag"),)


def test_statutory_end_on_tweede_pinksterdag() -> None:
    result = CAL.statutory_end(date(2026, 4, 13), 6)
    assert (result.raw_end, result.end) == (date(2026, 5, 25), date(2026, 5, 26))
    assert CAL.statutory_end(date(2026, 4, 13), 10).end == date(2026, 6, 22)


def test_statutory_end_on_atw_day_moves_past_the_weekend() -> None:
    # Received on Goede Vrijdag 03-04-2026; + 6 weeks = Fri 15-05, atw-gelijkgesteld -> Mon 18-05.
    result = CAL.statutory_end(date(2026, 4, 3), 6)
    assert result.raw_end == date(2026, 5, 15)
    assert result.end == date(2026, 5, 18)
    assert result.skipped == (
        Skip(date(2026, 5, 15), "atw-gelijkgesteld: vrijdag na Hemelvaartsdag"),
        Skip(date(2026, 5, 16), "zaterdag"),
        Skip(date(2026, 5, 17), "zondag"),
    )
    # Without the Royal Decree day the Friday itself is the end.
    assert Calendar().statutory_end(date(2026, 4, 3), 6).end == date(2026, 5, 15)


def test_statutory_end_on_hemelvaart_chains_through_atw_day_and_weekend() -> None:
    result = CAL.statutory_end(date(2026, 4, 2), 6)
    assert result.raw_end == date(2026, 5, 14)
    assert result.end == date(2026, 5, 18)
    assert [s.reason for s in result.skipped] == [
        "feestdag: Hemelvaartsdag",
        "atw-gelijkgesteld: vrijdag na Hemelvaartsdag",
        "zaterdag",
        "zondag",
    ]


@pytest.mark.parametrize(
    ("start", "raw_end", "end"),
    [
        # Sat + 6 weeks = Sat 25-12-2027 (Eerste Kerstdag), Sun Tweede Kerstdag -> Mon 27-12.
        (date(2027, 11, 13), date(2027, 12, 25), date(2027, 12, 27)),
        # Fri 27-12-2024, vrijdag na Kerstmis -> Mon 30-12.
        (date(2024, 11, 15), date(2024, 12, 27), date(2024, 12, 30)),
        # Fri 02-01-2026, vrijdag na Nieuwjaarsdag -> Mon 05-01, across the year boundary.
        (date(2025, 11, 21), date(2026, 1, 2), date(2026, 1, 5)),
        # Receipt on a Saturday: Sat 13-06 -> Mon 15-06.
        (date(2026, 5, 2), date(2026, 6, 13), date(2026, 6, 15)),
        # Receipt on Koningsdag; the end is an ordinary Monday.
        (date(2026, 4, 27), date(2026, 6, 8), date(2026, 6, 8)),
    ],
)
def test_statutory_end_examples(start: date, raw_end: date, end: date) -> None:
    result = CAL.statutory_end(start, 6)
    assert (result.raw_end, result.end) == (raw_end, end)


def test_sluitingsdag_does_not_move_a_statutory_end() -> None:
    result = CLOSED_CAL.statutory_end(date(2026, 11, 16), 6)
    assert result.end == date(2026, 12, 28)
    assert result.skipped == ()


def test_statutory_end_terms() -> None:
    assert CAL.statutory_end(date(2026, 6, 1), 1).term == "1 week"
    with pytest.raises(ValueError):
        CAL.statutory_end(date(2026, 6, 1), -1)


# -- working_days_between ---------------------------------------------------------------------


def test_working_days_between_examples() -> None:
    assert CAL.working_days_between(date(2026, 4, 24), date(2026, 5, 4)) == 5
    # SPEC §5: 5 mei is no working day, so 06-05 is one working day past 04-05.
    assert CAL.working_days_between(date(2026, 5, 6), date(2026, 5, 4)) == -1
    assert CAL.working_days_between(date(2026, 5, 4), date(2026, 5, 4)) == 0
    # (Fri, Sat]: nothing; (Fri, Mon]: one.
    assert CAL.working_days_between(date(2026, 5, 8), date(2026, 5, 9)) == 0
    assert CAL.working_days_between(date(2026, 5, 8), date(2026, 5, 11)) == 1
    assert CLOSED_CAL.working_days_between(date(2026, 12, 23), date(2027, 1, 7)) == 5
    assert CAL.working_days_between(date(2026, 12, 23), date(2027, 1, 7)) == 9
    # 2026 has 261 weekdays, 8 of them feestdagen (Nieuwjaarsdag, Goede Vrijdag, Tweede Paasdag,
    # Koningsdag, 5 mei, Hemelvaart, Tweede Pinksterdag, Eerste Kerstdag).
    assert CAL.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 253


# -- explain ------------------------------------------------------------------------------------


def test_format_day() -> None:
    assert format_day(date(2026, 4, 24)) == "vr 24-04-2026"
    assert format_day(date(2026, 4, 26)) == "zo 26-04-2026"


def test_explain_working_days() -> None:
    assert CAL.add_working_days(date(2026, 4, 24), 5).explain() == [
        "Begindatum: vr 24-04-2026",
        "Termijn: 5 werkdagen",
        "Einde termijn: ma 04-05-2026",
        "Overgeslagen: za 25-04-2026 (zaterdag)",
        "Overgeslagen: zo 26-04-2026 (zondag)",
        "Overgeslagen: ma 27-04-2026 (feestdag: Koningsdag)",
        "Overgeslagen: za 02-05-2026 (zaterdag)",
        "Overgeslagen: zo 03-05-2026 (zondag)",
        "Uiterste datum: ma 04-05-2026",
    ]


def test_explain_statutory_shift() -> None:
    assert CAL.statutory_end(date(2026, 3, 24), 6).explain() == [
        "Begindatum: di 24-03-2026",
        "Termijn: 6 weken",
        "Einde termijn: di 05-05-2026",
        "Overgeslagen: di 05-05-2026 (feestdag: Bevrijdingsdag)",
        "Uiterste datum: wo 06-05-2026",
    ]


def test_explain_without_skips() -> None:
    derivation = Derivation(date(2026, 6, 1), "1 week", date(2026, 6, 8), date(2026, 6, 8), ())
    assert derivation.explain() == [
        "Begindatum: ma 01-06-2026",
        "Termijn: 1 week",
        "Einde termijn: ma 08-06-2026",
        "Geen dagen overgeslagen",
        "Uiterste datum: ma 08-06-2026",
    ]


# -- properties ---------------------------------------------------------------------------------

days_2023_2028 = st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 12, 31))
calendars = st.sampled_from([Calendar(), CAL, CLOSED_CAL])


@given(cal=calendars, start=days_2023_2028, n=st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_a_working_day(cal: Calendar, start: date, n: int) -> None:
    result = cal.add_working_days(start, n)
    assert cal.is_working_day(result.end)
    assert all(not cal.is_working_day(s.day) for s in result.skipped)
    assert all(start < s.day < result.end for s in result.skipped)


@given(cal=calendars, start=days_2023_2028, n=st.integers(min_value=0, max_value=60))
def test_working_days_between_inverts_add_working_days(cal: Calendar, start: date, n: int) -> None:
    assert cal.working_days_between(start, cal.add_working_days(start, n).end) == n


@given(cal=calendars, a=days_2023_2028, b=days_2023_2028)
def test_working_days_between_is_antisymmetric(cal: Calendar, a: date, b: date) -> None:
    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)


@given(cal=calendars, a=days_2023_2028, span=st.integers(min_value=0, max_value=400))
def test_working_days_between_counts_like_walking(cal: Calendar, a: date, span: int) -> None:
    walked = sum(cal.is_working_day(a + timedelta(days=i)) for i in range(1, span + 1))
    assert cal.working_days_between(a, a + timedelta(days=span)) == walked


@given(cal=calendars, start=days_2023_2028, weeks=st.integers(min_value=0, max_value=20))
def test_statutory_end_is_never_a_rest_day(cal: Calendar, start: date, weeks: int) -> None:
    result = cal.statutory_end(start, weeks)
    assert result.raw_end == start + timedelta(weeks=weeks)
    assert not cal.is_statutory_rest_day(result.end)
    assert [s.day for s in result.skipped] == [
        result.raw_end + timedelta(days=i) for i in range((result.end - result.raw_end).days)
    ]


# -- start-up cost ------------------------------------------------------------------------------


def test_importing_the_calendar_does_not_import_holidays() -> None:
    src = Path(klachtcli.__file__).resolve().parent.parent
    code = (
        "import sys, klachtcli.domain.calendar, klachtcli.domain.deadlines; "
        "assert 'holidays' not in sys.modules, 'holidays imported at module level'"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), *sys.path])}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
