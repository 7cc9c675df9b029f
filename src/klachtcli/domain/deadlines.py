"""The deadlines of a complaint (SPEC §3): contact, afhandeling and niet-behandelen.

Pure: give it a Calendar and the date the terms run from, get the due dates with their derivation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from klachtcli.domain.calendar import Calendar, Derivation
from klachtcli.domain.complaint import MEETING_CONTRACT_MANAGER, MEETING_TEAM

__all__ = [
    "CONTACT_WORKING_DAYS",
    "HANDLING_WEEKS",
    "MAX_EXTENSION_WEEKS",
    "NOT_HANDLING_WEEKS",
    "Deadline",
    "check_extension",
    "contact_tracked",
    "handover_due",
    "compute_deadlines",
    "is_overdue",
    "meeting_due",
    "meetings_tracked",
    "working_days_left",
]

CONTACT_WORKING_DAYS = 5  # WA §6
HANDLING_WEEKS = 6  # Awb 9:11 lid 1
MAX_EXTENSION_WEEKS = 4  # Awb 9:11 lid 2; beyond it only with consent (lid 3)
NOT_HANDLING_WEEKS = 4  # Awb 9:8 lid 3

CONTACT = "contact"
HANDLING = "afhandeling"
NOT_HANDLING = "niet-behandelen"


@dataclass(frozen=True)
class Deadline:
    """A due date, the rule that produced it, and the working behind it."""

    kind: str
    due: date
    rule: str
    derivation: Derivation


def _weeks(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weken"


def _handling_rule(extension_weeks: int, after: str) -> str:
    if extension_weeks == 0:
        return f"{_weeks(HANDLING_WEEKS)} na {after} (Awb 9:11 lid 1, Atw art. 1)"
    if extension_weeks <= MAX_EXTENSION_WEEKS:
        return (
            f"{_weeks(HANDLING_WEEKS)} na {after} + {_weeks(extension_weeks)} verdaging "
            "(Awb 9:11 lid 1 en 2, Atw art. 1)"
        )
    with_consent = extension_weeks - MAX_EXTENSION_WEEKS
    return (
        f"{_weeks(HANDLING_WEEKS)} na {after} + {_weeks(MAX_EXTENSION_WEEKS)} verdaging "
        f"+ {_weeks(with_consent)} met instemming klager (Awb 9:11 lid 1, 2 en 3, Atw art. 1)"
    )


def compute_deadlines(
    cal: Calendar,
    *,
    start: date,
    extension_weeks: int = 0,
    not_handling: bool = False,
    forwarded: bool = False,
) -> dict[str, Deadline]:
    """Every deadline that runs from `start` (receipt, or forwarding for a partner's complaint).

    `forwarded` only changes the wording: the partner's terms run from the forward date.

    `extension_weeks` is the total recorded extension; whether it was allowed is check_extension's
    question, asked when the extension is recorded, not here.
    """
    if extension_weeks < 0:
        raise ValueError(f"verdaging kan niet negatief zijn: {extension_weeks}")
    after = "doorsturen" if forwarded else "ontvangst"
    contact = cal.add_working_days(start, CONTACT_WORKING_DAYS)
    handling = cal.statutory_end(start, HANDLING_WEEKS + extension_weeks)
    deadlines = {
        CONTACT: Deadline(
            kind=CONTACT,
            due=contact.end,
            rule=f"{CONTACT_WORKING_DAYS} werkdagen na {after} (WA §6)",
            derivation=contact,
        ),
        HANDLING: Deadline(
            kind=HANDLING,
            due=handling.end,
            rule=_handling_rule(extension_weeks, after),
            derivation=handling,
        ),
    }
    if not_handling:
        notice = cal.statutory_end(start, NOT_HANDLING_WEEKS)
        deadlines[NOT_HANDLING] = Deadline(
            kind=NOT_HANDLING,
            due=notice.end,
            rule=f"{_weeks(NOT_HANDLING_WEEKS)} na {after} (Awb 9:8 lid 3, Atw art. 1)",
            derivation=notice,
        )
    return deadlines


# Awb 9:11 lid 3 sets no ceiling on an extension the complainant agrees to, but a year at once is
# beyond any real case; it also keeps a typo like --weken 500000 from overflowing the date.
MAX_WEEKS_PER_EXTENSION = 52
HANDOVER_WEEKS = 2  # WA §9: files handed over within two weeks after the contract ends


def check_extension(
    current_weeks: int,
    extra_weeks: int,
    consent: bool,
    *,
    on: date | None = None,
    due: date | None = None,
) -> str | None:
    """Why extending `current_weeks` by `extra_weeks` more on `on` is refused (Dutch), or None.

    An extension must be recorded before the current deadline `due` passes (Awb 9:11 lid 2).
    """
    if extra_weeks < 1:
        return "Verdagen kan alleen met ten minste 1 week."
    if extra_weeks > MAX_WEEKS_PER_EXTENSION:
        return (
            f"Verdagen met {extra_weeks} weken in één keer kan niet; ten hoogste "
            f"{MAX_WEEKS_PER_EXTENSION} weken per verdaging."
        )
    total = current_weeks + extra_weeks
    if total > MAX_EXTENSION_WEEKS and not consent:
        already = f" (al verdaagd: {_weeks(current_weeks)})" if current_weeks else ""
        return (
            f"Verdagen tot in totaal {_weeks(total)} kan niet{already}: zonder schriftelijke "
            f"instemming van de klager is ten hoogste {_weeks(MAX_EXTENSION_WEEKS)} verdaging "
            "toegestaan (Awb 9:11 lid 2 en 3)."
        )
    if on is not None and due is not None and on > due:
        return (
            f"Verdagen moet vóór het verstrijken van de termijn ({due:%d-%m-%Y}); "
            f"{on:%d-%m-%Y} is te laat (Awb 9:11 lid 2)."
        )
    return None


def contact_tracked(handler: str) -> bool:
    """The contact term is chased (and measured) only while the gemeente handles (SPEC §3)."""
    return handler == "gemeente"


def handover_due(contract_end: date) -> date:
    """When a partner must have handed over its files after its contract ended (WA §9)."""
    return contract_end + timedelta(weeks=HANDOVER_WEEKS)


# WA §11: with the klachtenteam "minimaal 1x per jaar"; WA §7: with the contractmanagers
# "2 keer per jaar".
MEETING_INTERVAL_MONTHS = {MEETING_TEAM: 12, MEETING_CONTRACT_MANAGER: 6}


def meetings_tracked(contract_end: date | None, peildatum: date) -> bool:
    """Meetings are chased only while the partner's contract has not ended."""
    return contract_end is None or contract_end > peildatum


def meeting_due(kind: str, last_meeting: date | None, contract_start: date | None) -> date | None:
    """When the next meeting of `kind` with a partner is due (WA §7, §11).

    The last one plus its interval; with none recorded, the contract's first day (so it is
    overdue from the day after); None when neither is known.
    """
    from dateutil.relativedelta import relativedelta

    months = MEETING_INTERVAL_MONTHS[kind]  # KeyError on an unknown kind: a programming error
    if last_meeting is not None:
        return last_meeting + relativedelta(months=months)
    return contract_start


def working_days_left(cal: Calendar, peildatum: date, due: date) -> int:
    """Working days left until `due` (positive), or already past it (negative)."""
    return cal.working_days_between(peildatum, due)


def is_overdue(peildatum: date, due: date) -> bool:
    """A deadline is met on the due date itself, so it is overdue only from the day after."""
    return peildatum > due
