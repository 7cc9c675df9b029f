"""A partner's quarterly report (WA §10, SPEC §10): its columns and the check of every row.

Pure: the rows come in as plain values (as a spreadsheet holds them), and out come either the
checked lines or every problem with its row and column, so that nothing is imported from a
report with one mistake in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from klachtcli.domain.complaint import CHANNEL_ALIASES, CHANNELS, SATISFACTION, VERDICTS
from klachtcli.domain.dates import fmt, parse_date
from klachtcli.domain.report import Quarter
from klachtcli.domain.text import LONG, SHORT, text_problem
from klachtcli.errors import InputError

SOURCE = "partnerrapport"
"""Complaint.source of a complaint that the register knows from a partner's report only."""

SHEET = "Klachten"
REFERENCE = "Referentie"
RECEIVED = "Ontvangen"
CHANNEL = "Kanaal"
CATEGORY = "Categorie"
CONTACT = "Contact op"
CLOSED = "Afgehandeld op"
VERDICT = "Oordeel"
MEASURE = "Maatregel"
SATISFIED = "Tevreden"
NUMBER = "Klachtnummer gemeente"
COLUMNS = (
    REFERENCE,
    RECEIVED,
    CHANNEL,
    CATEGORY,
    CONTACT,
    CLOSED,
    VERDICT,
    MEASURE,
    SATISFIED,
    NUMBER,
)
DATE_COLUMNS = (RECEIVED, CONTACT, CLOSED)


@dataclass(frozen=True)
class ReportLine:
    """One checked row. ``number`` is the K-number of a complaint the gemeente forwarded;
    ``key`` identifies the row across reports: the partner's reference, or else the K-number."""

    row: int
    reference: str | None
    received: date
    channel: str | None
    category: str | None
    contact_on: date | None
    closed_on: date | None
    verdict: str | None
    measure: str | None
    satisfied: str | None
    number: str | None

    @property
    def key(self) -> str:
        return self.reference or self.number or ""


@dataclass(frozen=True)
class Forwarded:
    """A complaint the gemeente forwarded to the partner: a known K-number for the check, and
    a pre-filled row of the template."""

    number: str
    received: date  # the partner's date of receipt: the forwarding date
    channel: str
    category: str


class _Row:
    """Reads the cells of one row and collects what is wrong with them."""

    def __init__(self, row: int, values: dict[str, Any], letters: dict[str, str]) -> None:
        self.row, self.values, self.letters = row, values, letters
        self.problems: list[str] = []

    def problem(self, column: str, text: str) -> None:
        self.problems.append(f"Rij {self.row}, kolom {column} ({self.letters[column]}): {text}")

    def text(self, column: str, *, limit: int = SHORT, multiline: bool = False) -> str | None:
        value = self.values.get(column)
        if value is None:
            return None
        text = str(value).replace("\r\n", "\n").strip()  # a cell typed on Windows
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if len(text) > limit:
            self.problem(column, f"langer dan {limit} tekens.")
            return None
        problem = text_problem(text, multiline=multiline)
        if problem:
            self.problem(column, f"{problem}.")
            return None
        return text or None

    def day(self, column: str, today: date) -> date | None:
        value = self.values.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value).strip(), today, field=column)
        except InputError:
            self.problem(column, f"'{value}' is geen datum (dd-mm-jjjj).")
            return None

    def option(self, column: str, options: Sequence[str], aliases: dict[str, str]) -> str | None:
        text = self.text(column)
        if text is None:
            return None
        lowered = aliases.get(text.lower(), text.lower())
        if lowered not in options:
            self.problem(column, f"'{text}' is geen keuze; kies uit {', '.join(options)}.")
            return None
        return lowered


def check_rows(
    rows: Iterable[tuple[int, dict[str, Any]]],
    *,
    quarter: Quarter,
    today: date,
    categories: Sequence[str],
    forwarded: Iterable[str],
) -> tuple[list[ReportLine], list[str]]:
    """Check every row (its number in the sheet, and its values by column header); return
    the lines and every problem found, in row order. ``forwarded``: the K-numbers this
    partner may report on."""
    letters = {name: chr(ord("A") + i) for i, name in enumerate(COLUMNS)}
    known = set(forwarded)
    lines: list[ReportLine] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, values in rows:
        row = _Row(number, values, letters)
        line = _check(row, quarter, today, categories, known)
        if line is not None and line.key:
            if line.key in seen:
                column = REFERENCE if line.reference else NUMBER
                row.problem(column, f"'{line.key}' staat ook in rij {seen[line.key]}.")
            seen.setdefault(line.key, number)
        problems += row.problems
        if line is not None and not row.problems:
            lines.append(line)
    return lines, problems


def _check(
    row: _Row, quarter: Quarter, today: date, categories: Sequence[str], known: set[str]
) -> ReportLine | None:
    reference = row.text(REFERENCE)
    number = row.text(NUMBER)
    if number is not None:
        number = number.upper()
        if number not in known:
            row.problem(
                NUMBER, f"{number} is geen klacht die de gemeente aan deze partner stuurde."
            )
    if reference is None and number is None:
        row.problem(REFERENCE, "leeg; vul de eigen referentie van de klacht in.")
    received = row.day(RECEIVED, today)
    if received is None and RECEIVED not in _problem_columns(row):
        row.problem(RECEIVED, "leeg; vul de datum van ontvangst in.")
    elif received is not None and received > quarter.end:
        row.problem(RECEIVED, f"{fmt(received)} ligt na het kwartaal {quarter.label}.")
    channel = row.option(CHANNEL, CHANNELS, CHANNEL_ALIASES)
    category = row.option(CATEGORY, categories, {})
    if number is None:
        for column, value in ((CHANNEL, channel), (CATEGORY, category)):
            if value is None and column not in _problem_columns(row):
                row.problem(column, "leeg; verplicht voor een klacht zonder klachtnummer.")
    contact_on = row.day(CONTACT, today)
    closed_on = row.day(CLOSED, today)
    for column, day in ((CONTACT, contact_on), (CLOSED, closed_on)):
        if day is None:
            continue
        if received is not None and day < received:
            row.problem(column, f"{fmt(day)} ligt vóór de ontvangst ({fmt(received)}).")
        if day > today:
            row.problem(column, f"{fmt(day)} ligt in de toekomst.")
    verdict = row.option(VERDICT, VERDICTS, {})
    satisfied = row.option(SATISFIED, SATISFACTION, {})
    measure = row.text(MEASURE, limit=LONG, multiline=True)
    if closed_on is None:
        for column, value in ((VERDICT, verdict), (SATISFIED, satisfied), (MEASURE, measure)):
            if value is not None:
                row.problem(column, f"ingevuld zonder '{CLOSED}'.")
    if row.problems or received is None:
        return None
    return ReportLine(
        row=row.row,
        reference=reference,
        received=received,
        channel=channel,
        category=category,
        contact_on=contact_on,
        closed_on=closed_on,
        verdict=verdict,
        measure=measure,
        satisfied=satisfied or ("onbekend" if closed_on else None),
        number=number,
    )


def _problem_columns(row: _Row) -> set[str]:
    return {p.split(", kolom ", 1)[1].split(" (", 1)[0] for p in row.problems}
