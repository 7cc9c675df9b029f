"""The allowed steps of a complaint (SPEC §4): one table, checked and applied in one place.

Each step names the phases it may start from and the phase it leads to (as Amsterdam/signals'
workflow.py does for its statuses). Services never set a phase by hand: they ask `transition`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from klachtcli.domain.complaint import CLOSED, FORWARDED, REGISTERED
from klachtcli.domain.dates import fmt
from klachtcli.errors import InputError

OPEN = frozenset({REGISTERED, FORWARDED})
ANY = frozenset({REGISTERED, FORWARDED, CLOSED})

STAY = "blijft"
"""Target of a step that leaves the phase as it is (a note, a contact, an extension)."""
HANDLER_PHASE = "fase-van-behandelaar"
"""Target that depends on who handles: the gemeente's phase, or the partner's (forwarded)."""


@dataclass(frozen=True)
class Step:
    """One row of the lifecycle: where a step may start and where it leads."""

    start: frozenset[str]
    leads_to: str  # a phase, STAY or HANDLER_PHASE


# The lifecycle of SPEC §4, in one table.
STEPS: dict[str, Step] = {
    "bevestigen": Step(OPEN, STAY),
    "doorsturen": Step(frozenset({REGISTERED}), FORWARDED),
    "contact": Step(OPEN, STAY),
    "horen": Step(OPEN, STAY),
    "verdagen": Step(OPEN, STAY),
    "terugkoppeling": Step(frozenset({FORWARDED}), CLOSED),
    "afhandelen": Step(frozenset({REGISTERED}), CLOSED),
    "niet-behandelen": Step(OPEN, CLOSED),
    "intrekken": Step(OPEN, CLOSED),
    "heropenen": Step(frozenset({CLOSED}), HANDLER_PHASE),
    "tevredenheid": Step(ANY, STAY),
    "notitie": Step(ANY, STAY),
    "document": Step(ANY, STAY),
    "brief": Step(ANY, STAY),  # which letter fits which state: domain.letters.check_letter
}

# step -> the phases in which it is allowed (read from the table)
ALLOWED: dict[str, frozenset[str]] = {name: step.start for name, step in STEPS.items()}

# steps that close the complaint, with the closing kind they record
CLOSING = {
    "terugkoppeling": "terugkoppeling",
    "afhandelen": "afgehandeld",
    "niet-behandelen": "niet-behandelen",
    "intrekken": "ingetrokken",
}

# What a closing step recorded on the complaint. Reopening moves it into the complaint's history
# of earlier closings (reports of past quarters still count it) and clears it on the complaint.
OUTCOME_FIELDS = (
    "closed_on",
    "closing_kind",
    "not_handling_ground",
    "verdict",
    "measure",
    "satisfied",
    "ombudsman_named",
    "feedback_on",
    "notice_due",
)

# heropenen: which case it is (SPEC §4)
REOPEN_NEW_FACTS = "nieuwe-feiten"  # in law a new complaint: the terms run afresh
REOPEN_MISTAKE = "vergissing"  # closed by mistake: the original terms stand
REOPEN_KINDS = (REOPEN_NEW_FACTS, REOPEN_MISTAKE)

PHASE_TEXT = {
    REGISTERED: "in behandeling bij de gemeente",
    FORWARDED: "doorgestuurd naar de ketenpartner",
    CLOSED: "gesloten",
}

HEARING_WAIVERS = ("kennelijk-ongegrond", "afgezien", "geen-reactie")
NOT_HANDLING_GROUNDS = {
    "eerder-behandeld": "Awb 9:8 lid 1 sub a: al eerder behandeld",
    "ouder-dan-een-jaar": "Awb 9:8 lid 1 sub b: gedraging langer dan een jaar geleden",
    "bezwaar-mogelijk": "Awb 9:8 lid 1 sub c: bezwaar was of is mogelijk",
    "beroep-mogelijk": "Awb 9:8 lid 1 sub d: beroep was of is mogelijk",
    "andere-rechter": "Awb 9:8 lid 1 sub e: ligt of lag bij een andere rechter",
    "strafrechtelijk": "Awb 9:8 lid 1 sub f: strafrechtelijk onderzoek of vervolging",
    "belang-onvoldoende": "Awb 9:8 lid 2: belang of gewicht onvoldoende",
}

# a step refused in a phase, with what to do instead
_HINTS: dict[tuple[str, str], str] = {
    ("afhandelen", FORWARDED): (
        "een ketenpartner behandelt deze klacht; leg de uitkomst vast met `klacht terugkoppeling`"
    ),
    ("terugkoppeling", REGISTERED): (
        "de gemeente behandelt deze klacht zelf; sluit af met `klacht afhandelen` of stuur "
        "haar eerst door met `klacht doorsturen`"
    ),
    ("doorsturen", FORWARDED): "de klacht is al doorgestuurd naar een ketenpartner",
    ("heropenen", REGISTERED): "de klacht is nog open",
    ("heropenen", FORWARDED): "de klacht is nog open",
}


def allowed_steps(phase: str) -> list[str]:
    return [step for step, phases in ALLOWED.items() if phase in phases]


def check_step(step: str, phase: str, number: str) -> None:
    """Refuse a step that is not allowed now, saying why and what is possible instead."""
    if phase in ALLOWED[step]:
        return
    why = _HINTS.get((step, phase), f"de klacht is {PHASE_TEXT[phase]}")
    options = ", ".join(allowed_steps(phase))
    raise InputError(f"`{step}` kan niet bij klacht {number}: {why}. Nu mogelijk: {options}.")


def check_step_date(on: date, received: date, today: date, what: str) -> None:
    if on < received:
        raise InputError(
            f"De datum van {what} ({fmt(on)}) ligt vóór de ontvangst van de klacht "
            f"({fmt(received)})."
        )
    if on > today:
        raise InputError(f"De datum van {what} ({fmt(on)}) ligt in de toekomst.")


def open_phase(handler: str) -> str:
    """The phase of an open complaint with this handler: a partner's complaint waits for its
    feedback (forwarded), the gemeente's is in its own hands (registered)."""
    return FORWARDED if handler == "partner" else REGISTERED


def transition(step: str, phase: str, handler: str, number: str) -> str:
    """The phase after `step`, refused (Dutch, with what is possible) when not allowed now."""
    check_step(step, phase, number)
    target = STEPS[step].leads_to
    if target == STAY:
        return phase
    if target == HANDLER_PHASE:
        return open_phase(handler)
    return target
