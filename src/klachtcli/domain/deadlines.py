"""The deadlines of a complaint (SPEC §3): contact, afhandeling and niet-behandelen.

Pure: give it a Calendar and the date the terms run from, get the due dates with their derivation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from klachtcli.domain.calendar import Calendar, Derivation
from klachtcli.domain.complaint import MEETING_CONTRACT_MANAGER, MEETING_TEAM

__all__ = [
    "CONTACT_WORKING_DAYS",
    "HANDLING_WEEKS",
    "MAX_EXTENSION_WEEKS",
    "NOT_HANDLING_WEEKS",
    "Deadline",
    "TermFacts",
    "Terms",
    "complaint_terms",
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

# What the terms of a complaint run from (SPEC §3, §4).
START_RECEIPT = "ontvangst"
START_FORWARD = "doorsturen"  # the partner's date of receipt
START_REOPEN = "heropenen"  # reopened with new facts: in law a new complaint
_START_WORDS = {
    START_RECEIPT: "ontvangst",
    START_FORWARD: "doorsturen",
    START_REOPEN: "heropenen met nieuwe feiten",
}


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
    started_by: str = START_RECEIPT,
) -> dict[str, Deadline]:
    """Every deadline that runs from `start` (receipt, forwarding or a reopening with new facts).

    `started_by` only changes the wording; which start applies is complaint_terms' question.

    `extension_weeks` is the total recorded extension; whether it was allowed is check_extension's
    question, asked when the extension is recorded, not here.
    """
    if extension_weeks < 0:
        raise ValueError(f"verdaging kan niet negatief zijn: {extension_weeks}")
    after = _START_WORDS[started_by]
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


@dataclass(frozen=True)
class TermFacts:
    """What decides the terms of one complaint, as the register records it.

    `stored` holds the deadlines stored on the complaint (kind -> due date and rule) and
    `stored_start` the date they ran from; `extension_weeks` is the extension recorded on them.
    """

    received: date
    forwarded_on: date | None = None
    reopened_on: date | None = None  # the last reopening with new facts (heropenen)
    contact_on: date | None = None
    closed: bool = False
    extension_weeks: int = 0
    stored_start: date | None = None
    stored: Mapping[str, tuple[date, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Terms:
    """The answer to "when is this complaint due?".

    `computed` is what today's calendar gives; `kept` the stored deadlines that stand because the
    step was judged against them (SPEC §6). `current` is what the complaint is held to.
    """

    start: date
    started_by: str
    extension_weeks: int
    restarted: bool  # the start moved: the stored deadlines and extension no longer apply
    computed: dict[str, Deadline]
    kept: dict[str, tuple[date, str]]

    def current(self, kind: str) -> tuple[date, str]:
        if kind in self.kept:
            return self.kept[kind]
        found = self.computed[kind]
        return found.due, found.rule

    def recalculated(self, kind: str) -> date | None:
        """What a later calendar change gives for a kept deadline, when it differs."""
        if kind not in self.kept or kind not in self.computed:
            return None
        due = self.computed[kind].due
        return due if due != self.kept[kind][0] else None


def complaint_terms(cal: Calendar, facts: TermFacts) -> Terms:
    """Which start and extension apply to a complaint, and its deadlines (SPEC §3, §4, §6).

    - The terms run from the latest of: receipt; forwarding to a partner (the partner's date of
      receipt); reopening with new facts (a new complaint in law). A reopening by mistake does not
      move them.
    - When that start moves, the terms begin afresh: the extension recorded on the old terms
      (e.g. the gemeente's, before forwarding) does not carry over.
    - Within the same terms, a deadline that a step was judged against stands when the calendar
      changes later: the contact term once contact was made, every term once the complaint is
      closed. The others follow the calendar.
    """
    start, started_by = facts.received, START_RECEIPT
    if facts.forwarded_on is not None and facts.forwarded_on >= start:
        start, started_by = facts.forwarded_on, START_FORWARD
    if facts.reopened_on is not None and facts.reopened_on >= start:
        start, started_by = facts.reopened_on, START_REOPEN
    restarted = facts.stored_start is not None and facts.stored_start != start
    extension = 0 if restarted else facts.extension_weeks
    computed = compute_deadlines(
        cal, start=start, extension_weeks=extension, not_handling=True, started_by=started_by
    )
    kept: dict[str, tuple[date, str]] = {}
    if not restarted:
        judged = set(facts.stored) if facts.closed else set()
        if facts.contact_on is not None:
            judged.add(CONTACT)
        kept = {kind: facts.stored[kind] for kind in judged if kind in facts.stored}
    return Terms(start, started_by, extension, restarted, computed, kept)


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

    The last one plus its interval; with none recorded, the contract start plus the interval
    (a new partner is not overdue on its first day, SPEC §3); None when neither is known.
    """
    from dateutil.relativedelta import relativedelta

    months = MEETING_INTERVAL_MONTHS[kind]  # KeyError on an unknown kind: a programming error
    since = last_meeting if last_meeting is not None else contract_start
    if since is None:
        return None
    return since + relativedelta(months=months)


def working_days_left(cal: Calendar, peildatum: date, due: date) -> int:
    """Working days left until `due` (positive), or already past it (negative)."""
    return cal.working_days_between(peildatum, due)


def is_overdue(peildatum: date, due: date) -> bool:
    """A deadline is met on the due date itself, so it is overdue only from the day after."""
    return peildatum > due
