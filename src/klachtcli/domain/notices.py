"""Warnings that help at intake and in reports: an ended contract, deadlines already passed,
a period that is not over yet. Pure: every function takes the date of today."""

from __future__ import annotations

from datetime import date

from klachtcli.domain.dates import fmt


def contract_ended(code: str, contract_end: date | None, today: date) -> str | None:
    """Why a partner can no longer handle a complaint: its contract ended before today
    (the end date is its last contract day). None while the contract runs or has no end."""
    if contract_end is None or contract_end >= today:
        return None
    return f"het contract met ketenpartner {code} is beëindigd op {fmt(contract_end)}"


def passed_deadlines(
    today: date, *, contact_due: date | None, handling_due: date, contact_tracked: bool
) -> list[str]:
    """Deadlines of a complaint being registered that lie before today already: a deadline
    is met on its own day, so one due today is not passed yet."""
    found: list[str] = []
    if contact_tracked and contact_due is not None and contact_due < today:
        found.append(
            f"Let op: de contacttermijn (uiterlijk {fmt(contact_due)}) is al verstreken; "
            "neem zo snel mogelijk contact op met de klager."
        )
    if handling_due < today:
        found.append(
            f"Let op: de afhandeltermijn (uiterlijk {fmt(handling_due)}) is al verstreken; "
            "handel de klacht zo snel mogelijk af."
        )
    return found


def period_not_over(what: str, end: date, today: date) -> str | None:
    """A report or analysis of a period that still runs (its last day is today or later)."""
    if end < today:
        return None
    return (
        f"Let op: {what} is nog niet voorbij (vandaag is het {fmt(today)}); de cijfers zijn "
        "onvolledig en kunnen nog veranderen."
    )
