"""The allowed steps of a complaint (SPEC §4): one table, checked in one place."""

from __future__ import annotations

from datetime import date

from klachtcli.domain.complaint import CLOSED, FORWARDED, REGISTERED
from klachtcli.domain.dates import fmt
from klachtcli.errors import InputError

OPEN = frozenset({REGISTERED, FORWARDED})
ANY = frozenset({REGISTERED, FORWARDED, CLOSED})

# step -> the phases in which it is allowed
ALLOWED: dict[str, frozenset[str]] = {
    "bevestigen": OPEN,
    "doorsturen": frozenset({REGISTERED}),
    "contact": OPEN,
    "horen": OPEN,
    "verdagen": OPEN,
    "terugkoppeling": frozenset({FORWARDED}),
    "afhandelen": frozenset({REGISTERED}),
    "niet-behandelen": OPEN,
    "intrekken": OPEN,
    "heropenen": frozenset({CLOSED}),
    "tevredenheid": ANY,
    "notitie": ANY,
    "document": ANY,
}

# steps that close the complaint, with the closing kind they record
CLOSING = {
    "terugkoppeling": "terugkoppeling",
    "afhandelen": "afgehandeld",
    "niet-behandelen": "niet-behandelen",
    "intrekken": "ingetrokken",
}

# What a closing step recorded; reopening clears it so old outcomes never count again.
OUTCOME_FIELDS = (
    "closed_on",
    "closing_kind",
    "verdict",
    "measure",
    "satisfied",
    "ombudsman_named",
    "feedback_on",
    "notice_due",
)

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


def phase_after_reopen(handler: str) -> str:
    return FORWARDED if handler == "partner" else REGISTERED
