"""Retention of closed dossiers (WA §9, SPEC §7): when a dossier is due for purging."""

from __future__ import annotations

from datetime import date, timedelta

DEFAULT_YEARS = 2  # WA §9: "bewaard voor de duur van 2 jaar"
MIN_YEARS = 2  # shorter would break WA §9; archive rules may demand longer
MAX_YEARS = 30


def years_after(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February when that year
    has none (as dateutil's relativedelta does, without its cost per dossier)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def purge_due(closed_on: date, years: int) -> date:
    """The day a dossier closed on `closed_on` may be purged: `years` later (29 Feb -> 28 Feb)."""
    return years_after(closed_on, years)


def closed_by(peildatum: date, years: int) -> date:
    """The latest closing day of a dossier that can be due on ``peildatum``: ``years`` before
    it, and a day more for 29 February (closed 29-02-2024 is due 28-02-2026). A bound for the
    database, so that it reads only those dossiers; `dossier_due` decides."""
    return years_after(peildatum, -years) + timedelta(days=1)


def dossier_due(closed_on: date, answered: list[date | None], years: int) -> date:
    """When a closed dossier may be purged. Its ombudsman items go with it, so the term runs
    from the later of its closing and the last answer to the ombudsman; an item not answered
    yet keeps the dossier (see `blocked_because`)."""
    return purge_due(max([closed_on, *(day for day in answered if day is not None)]), years)


OMBUDSMAN_OPT_IN = "--met-ombudsmanzaken"


def blocked_because(
    *, legal_hold: bool, ombudsman: bool, open_ombudsman: bool, with_ombudsman: bool = False
) -> str | None:
    """Why a due dossier is not purged, or None.

    SPEC §7: a dossier with an ombudsman item is never purged automatically. Once every item
    is answered, a person may decide to purge it with its items (`--met-ombudsmanzaken`);
    while one is open, not even that."""
    if legal_hold:
        return "bewaren (legal hold)"
    if open_ombudsman:
        return "ombudsmanzaak nog niet beantwoord"
    if ombudsman and not with_ombudsman:
        return f"ombudsmanzaak (alleen met {OMBUDSMAN_OPT_IN})"
    return None
