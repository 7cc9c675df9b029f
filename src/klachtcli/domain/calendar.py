"""Dutch working days and statutory terms: which days count, and how a due date is derived.

Three kinds of day stop the clock (SPEC §3):

- feestdagen (Atw art. 3): computed with the `holidays` package; never working days and always a
  reason to move a statutory end date;
- atw-gelijkgestelde dagen (Atw art. 3 lid 3, by Royal Decree): only move a statutory end date,
  they are ordinary working days otherwise;
- sluitingsdagen (office closed): only count against working days, never move a statutory end date.

The last two are data in the register; the caller passes them in. Nothing here does I/O.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

__all__ = [
    "KNOWN_ATW_DAYS",
    "Calendar",
    "Derivation",
    "Skip",
    "format_day",
]

# The Royal-Decree days known when klacht was written (SPEC §3), for tests and REPL use. The
# register's own copy, seeded by migration 0002 and extendable with `klacht kalender
# toevoegen`, is what the program uses; the Calendar never reads this by itself.
KNOWN_ATW_DAYS: dict[date, str] = {
    date(2023, 4, 28): "vrijdag na Koningsdag",
    date(2023, 5, 19): "vrijdag na Hemelvaartsdag",
    date(2024, 5, 10): "vrijdag na Hemelvaartsdag",
    date(2024, 12, 27): "vrijdag na Kerstmis",
    date(2025, 5, 30): "vrijdag na Hemelvaartsdag",
    date(2026, 1, 2): "vrijdag na Nieuwjaarsdag",
    date(2026, 5, 15): "vrijdag na Hemelvaartsdag",
    date(2027, 5, 7): "vrijdag na Hemelvaartsdag",
    date(2028, 4, 28): "vrijdag na Koningsdag",
    date(2028, 5, 26): "vrijdag na Hemelvaartsdag",
}

# The package's Dutch names (lower-cased, since its capitalisation has varied) mapped to how we
# show them. It doubles as the Atw art. 3 whitelist: anything the package adds that is not here
# is no algemeen erkende feestdag and must not stop the clock.
_ATW_FEESTDAGEN: dict[str, str] = {
    "nieuwjaarsdag": "Nieuwjaarsdag",
    "goede vrijdag": "Goede Vrijdag",
    "eerste paasdag": "Eerste Paasdag",
    "tweede paasdag": "Tweede Paasdag",
    "koningsdag": "Koningsdag",
    "koninginnedag": "Koninginnedag",
    "bevrijdingsdag": "Bevrijdingsdag",
    "hemelvaartsdag": "Hemelvaartsdag",
    "eerste pinksterdag": "Eerste Pinksterdag",
    "tweede pinksterdag": "Tweede Pinksterdag",
    "eerste kerstdag": "Eerste Kerstdag",
    "tweede kerstdag": "Tweede Kerstdag",
}

_WEEKDAY_ABBR = ("ma", "di", "wo", "do", "vr", "za", "zo")
_SATURDAY = 5

_EMPTY: Mapping[date, str] = MappingProxyType({})


def format_day(d: date) -> str:
    """A date as users read it: 'vr 24-04-2026'."""
    return f"{_WEEKDAY_ABBR[d.weekday()]} {d:%d-%m-%Y}"


def _weekdays_through(d: date) -> int:
    """Mon–Fri days from 0001-01-01 (a Monday) up to and including d."""
    weeks, rest = divmod(d.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class Skip:
    """One day passed over while deriving a date, with the Dutch reason."""

    day: date
    reason: str


@dataclass(frozen=True)
class Derivation:
    """How a due date came about, kept so `klacht uitleg` can show the working."""

    start: date
    term: str
    raw_end: date
    end: date
    skipped: tuple[Skip, ...]

    def explain(self) -> list[str]:
        lines = [
            f"Begindatum: {format_day(self.start)}",
            f"Termijn: {self.term}",
            f"Einde termijn: {format_day(self.raw_end)}",
        ]
        if self.skipped:
            lines.extend(f"Overgeslagen: {format_day(s.day)} ({s.reason})" for s in self.skipped)
        else:
            lines.append("Geen dagen overgeslagen")
        lines.append(f"Uiterste datum: {format_day(self.end)}")
        return lines


class Calendar:
    """Working days and Atw art. 1 shifts for given atw-gelijkgestelde and sluitingsdagen.

    Immutable after construction: the day mappings are copied, so the per-year caches stay valid.
    """

    def __init__(
        self,
        atw_days: Mapping[date, str] = _EMPTY,
        closure_days: Mapping[date, str] = _EMPTY,
        feestdagen: Mapping[int, Mapping[date, str]] = MappingProxyType({}),
    ) -> None:
        self._atw_days: dict[date, str] = dict(atw_days)
        self._closure_days: dict[date, str] = dict(closure_days)
        self._closures_by_year: dict[int, list[date]] = {}
        for d in self._closure_days:
            self._closures_by_year.setdefault(d.year, []).append(d)
        # Years already known (the register's cache) need no `holidays`; others are computed on
        # first need and listed by computed_feestdagen(), so the register can keep them.
        self._feestdagen: dict[int, dict[date, str]] = {y: dict(d) for y, d in feestdagen.items()}
        self._computed: set[int] = set()
        # Weekdays that are not working days, sorted, per year: lets working_days_between count
        # by arithmetic plus a bisect instead of walking every day.
        self._weekdays_off: dict[int, list[date]] = {}

    # -- which days ----------------------------------------------------------------------------

    def _feestdagen_in(self, year: int) -> dict[date, str]:
        found = self._feestdagen.get(year)
        if found is None:
            found = self._load_feestdagen(year)
            self._feestdagen[year] = found
            self._computed.add(year)
        return found

    def cover(self, years: range) -> None:
        """Know the feestdagen of these years, computing those not given at construction."""
        for year in years:
            self._feestdagen_in(year)

    def computed_feestdagen(self) -> dict[int, dict[date, str]]:
        """The feestdagen this calendar had to compute with `holidays`, per year."""
        return {year: dict(self._feestdagen[year]) for year in sorted(self._computed)}

    @staticmethod
    def _load_feestdagen(year: int) -> dict[date, str]:
        # Imported here because it costs noticeable start-up time and most commands never need it.
        import holidays

        # The default NL set has 5 mei only in lustrum years; Atw art. 3 has it every year, and
        # the "optional" category is where the package keeps the other years.
        source = holidays.country_holidays(
            "NL", years=year, categories=("public", "optional"), language="nl"
        )
        result: dict[date, str] = {}
        for day in source:
            names = [
                _ATW_FEESTDAGEN[key]
                for name in source.get_list(day)
                if (key := name.strip().lower()) in _ATW_FEESTDAGEN
            ]
            if names:
                result[day] = " en ".join(names)
        return result

    def _weekdays_off_in(self, year: int) -> list[date]:
        found = self._weekdays_off.get(year)
        if found is None:
            candidates = set(self._feestdagen_in(year)) | set(self._closures_by_year.get(year, ()))
            found = sorted(d for d in candidates if d.weekday() < _SATURDAY)
            self._weekdays_off[year] = found
        return found

    def holiday_name(self, d: date) -> str | None:
        """The Dutch name of the Atw art. 3 feestdag on d, or None."""
        return self._feestdagen_in(d.year).get(d)

    def is_working_day(self, d: date) -> bool:
        """Mon–Fri that is neither feestdag nor sluitingsdag (atw-gelijkgestelde days do count)."""
        if d.weekday() >= _SATURDAY:
            return False
        return d not in self._feestdagen_in(d.year) and d not in self._closure_days

    def non_working_reason(self, d: date) -> str | None:
        """Why d is no working day, in Dutch; None when it is one."""
        name = self.holiday_name(d)
        if name is not None:
            return f"feestdag: {name}"
        if d.weekday() >= _SATURDAY:
            return _weekend_reason(d)
        closure = self._closure_days.get(d)
        if closure is not None:
            return f"sluitingsdag: {closure}"
        return None

    def _rest_reason(self, d: date) -> str | None:
        name = self.holiday_name(d)
        if name is not None:
            return f"feestdag: {name}"
        if d.weekday() >= _SATURDAY:
            return _weekend_reason(d)
        atw = self._atw_days.get(d)
        if atw is not None:
            return f"atw-gelijkgesteld: {atw}"
        return None

    def is_statutory_rest_day(self, d: date) -> bool:
        """Saturday, Sunday, feestdag or atw-gelijkgesteld: the days Atw art. 1 moves past.

        Sluitingsdagen are not among them: closing the office does not lengthen a legal term.
        """
        return self._rest_reason(d) is not None

    # -- deriving dates ------------------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> Derivation:
        """The n-th working day after start; start is day 0 whether or not it is a working day."""
        if n < 0:
            raise ValueError(f"aantal werkdagen kan niet negatief zijn: {n}")
        day = start
        skipped: list[Skip] = []
        counted = 0
        one_day = timedelta(days=1)
        while counted < n:
            day += one_day
            reason = self.non_working_reason(day)
            if reason is None:
                counted += 1
            else:
                skipped.append(Skip(day, reason))
        return Derivation(
            start=start,
            term=_plural(n, "werkdag", "werkdagen"),
            raw_end=day,
            end=day,
            skipped=tuple(skipped),
        )

    def statutory_end(self, start: date, weeks: int) -> Derivation:
        """start + weeks, moved past statutory rest days (Atw art. 1)."""
        if weeks < 0:
            raise ValueError(f"aantal weken kan niet negatief zijn: {weeks}")
        raw_end = start + timedelta(weeks=weeks)
        day = raw_end
        skipped: list[Skip] = []
        while (reason := self._rest_reason(day)) is not None:
            skipped.append(Skip(day, reason))
            day += timedelta(days=1)
        return Derivation(
            start=start,
            term=_plural(weeks, "week", "weken"),
            raw_end=raw_end,
            end=day,
            skipped=tuple(skipped),
        )

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative (minus those in (b, a]) when b is before a."""
        if b < a:
            return -self.working_days_between(b, a)
        count = _weekdays_through(b) - _weekdays_through(a)
        for year in range(a.year, b.year + 1):
            off = self._weekdays_off_in(year)
            count -= bisect.bisect_right(off, b) - bisect.bisect_right(off, a)
        return count


def _weekend_reason(d: date) -> str:
    return "zaterdag" if d.weekday() == _SATURDAY else "zondag"
