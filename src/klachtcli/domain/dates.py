"""Parsing the date forms that users type (SPEC §5) and formatting dates for people."""

from __future__ import annotations

import re
from datetime import date, timedelta

from klachtcli.errors import InputError

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
MIN_YEAR, MAX_YEAR = 2000, 2199  # complaint numbers have four-digit years
_DUTCH = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


def parse_date(text: str, today: date, *, field: str = "datum") -> date:
    """Accept 2026-04-24, 24-04-2026, 24-4-2026, vandaag and gisteren."""
    value = text.strip().lower()
    if value == "vandaag":
        return today
    if value == "gisteren":
        return today - timedelta(days=1)
    match = _ISO.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DUTCH.match(value)
        if not match:
            raise InputError(
                f"Ongeldige {field}: {text!r}. Gebruik bijvoorbeeld 2026-04-24, 24-04-2026, "
                "vandaag of gisteren."
            )
        day, month, year = (int(g) for g in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InputError(
            f"Ongeldige {field}: {text!r}; het jaar moet tussen {MIN_YEAR} en {MAX_YEAR} liggen."
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(f"Ongeldige {field}: {text!r} bestaat niet in de kalender.") from None


def parse_past_date(text: str, today: date, *, field: str = "datum") -> date:
    """A date that may not lie in the future (receipts and steps that already happened)."""
    value = parse_date(text, today, field=field)
    if value > today:
        raise InputError(
            f"De {field} {fmt(value)} ligt in de toekomst; vandaag is het {fmt(today)}."
        )
    return value


def fmt(value: date | None) -> str:
    """dd-mm-jjjj, the way the team writes dates."""
    return value.strftime("%d-%m-%Y") if value else "—"
