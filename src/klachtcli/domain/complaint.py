"""Vocabulary of a complaint: channels, numbers, verdicts (SPEC §1, §4)."""

from __future__ import annotations

import re

from klachtcli.errors import InputError

CHANNELS = ("telefoon", "loket", "brief", "webformulier", "email")
# What people also type for a channel; each maps to one of CHANNELS.
CHANNEL_ALIASES = {"e-mail": "email", "mail": "email", "post": "brief"}
LODGED_WITH = ("gemeente", "partner", "ombudsman")
HANDLERS = ("gemeente", "partner")
VERDICTS = ("gegrond", "deels-gegrond", "ongegrond", "geen-oordeel", "informeel-opgelost")
SATISFACTION = ("ja", "nee", "onbekend")
OMBUDSMAN_TYPES = ("informatievraag", "interventieverzoek", "klacht", "eigen-onderzoek")

# Meetings with a partner's klachtenfunctionaris (WA §7, §11).
MEETING_TEAM = "klachtenteam"  # with the Klachtenteam Sociaal Domein, at least once a year
MEETING_CONTRACT_MANAGER = "contractmanager"  # with the contractmanagers, twice a year
MEETING_KINDS = (MEETING_TEAM, MEETING_CONTRACT_MANAGER)

# Stop notices: protocol stoppen met leveren (WA §8), gemeld -> in-overleg -> besloten.
STOP_REPORTED = "gemeld"
STOP_IN_CONSULTATION = "in-overleg"
STOP_DECIDED = "besloten"
STOP_STATUSES = (STOP_REPORTED, STOP_IN_CONSULTATION, STOP_DECIDED)
STOP_OPEN_STATUSES = (STOP_REPORTED, STOP_IN_CONSULTATION)
STOP_DECISIONS = ("doorgaan", "tijdelijk-gestopt", "definitief-gestopt")

REGISTERED = "registered"
FORWARDED = "forwarded"
CLOSED = "closed"

_NUMBER = re.compile(r"^(?:k-?)?(\d{4})-(\d{1,6})$", re.IGNORECASE)


def parse_channel(text: str) -> str:
    """The channel for what the user typed: one of CHANNELS or a common alias (``e-mail``)."""
    value = text.strip().lower()
    value = CHANNEL_ALIASES.get(value, value)
    if value not in CHANNELS:
        aliases = ", ".join(CHANNEL_ALIASES)
        raise InputError(
            f"Ongeldig kanaal {text!r}. Kies uit: {', '.join(CHANNELS)} (ook: {aliases})."
        )
    return value


def format_number(year: int, seq: int) -> str:
    return f"K-{year}-{seq:04d}"


def parse_number(text: str) -> str:
    """Accept K-2026-0001, k-2026-1 and 2026-1 for the number K-2026-0001."""
    match = _NUMBER.match(text.strip())
    if not match:
        raise InputError(f"Ongeldig klachtnummer {text!r}; verwacht bijvoorbeeld K-2026-0001.")
    return format_number(int(match.group(1)), int(match.group(2)))


def public_status(status: str) -> str:
    return "gesloten" if status == CLOSED else "open"
