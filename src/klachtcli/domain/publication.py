"""The annual publication of Awb 9:12a (SPEC §9): the figures of `rapport --jaar --json`, laid out
as sections of rows with the year before beside every figure. Counts only, no personal data.

Pure: it reads the two JSON documents of `rapport --jaar --json` (this year and the one before),
so the publication and the JSON can never tell different stories.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Figures = Mapping[str, object]


@dataclass(frozen=True)
class Row:
    label: str
    current: object
    previous: object


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


# (label, key) of the single figures, in publication order
_TOTALS = (
    ("Ontvangen klachten", "ontvangen"),
    ("Afgehandeld", "afgehandeld"),
    ("Open aan het einde van het jaar", "open_einde_jaar"),
    ("Afgehandeld binnen de termijn", "binnen_termijn"),
    ("Afgehandeld binnen de termijn (%)", "binnen_termijn_pct"),
    ("Verdaagd", "verdaagd"),
    ("Niet behandeld (Awb 9:8)", "niet_behandeld"),
    ("Ingetrokken", "ingetrokken"),
    ("Gemiddelde doorlooptijd (dagen)", "gemiddelde_doorlooptijd_dagen"),
)
_SATISFACTION = (
    ("Tevreden", "tevreden"),
    ("Niet tevreden", "niet_tevreden"),
    ("Onbekend", "tevredenheid_onbekend"),
)
_MEASURES = (("Afgehandelde klachten met een maatregel", "met_maatregel"),)
_OMBUDSMAN = (
    ("Zaken van de ombudsman ontvangen", "ontvangen"),
    ("Beantwoord", "beantwoord"),
    ("Binnen de gestelde termijn beantwoord", "tijdig_beantwoord"),
)


def _fixed(cur: Figures, prev: Figures, pairs: tuple[tuple[str, str], ...]) -> tuple[Row, ...]:
    return tuple(Row(label, cur.get(key), prev.get(key)) for label, key in pairs)


def _breakdown(
    cur: Figures, prev: Figures, key: str, labels: Mapping[str, str] | None = None
) -> tuple[Row, ...]:
    """One row per label found in either year (0 when a year has none), this year's order."""
    now = _mapping(cur.get(key))
    before = _mapping(prev.get(key))
    names = [*now, *(name for name in before if name not in now)]
    return tuple(
        Row((labels or {}).get(name, name), now.get(name, 0), before.get(name, 0)) for name in names
    )


def _mapping(value: object) -> dict[str, object]:
    return dict(value) if isinstance(value, Mapping) else {}


def sections(current: Figures, previous: Figures) -> list[Section]:
    """The publication: every figure of `current` with the same figure of `previous` beside it."""
    om_now, om_before = _mapping(current.get("ombudsman")), _mapping(previous.get("ombudsman"))
    return [
        Section("Klachten in cijfers", _fixed(current, previous, _TOTALS)),
        Section("Per categorie (ontvangen)", _breakdown(current, previous, "per_categorie")),
        Section("Per ketenpartner (ontvangen)", _breakdown(current, previous, "per_ketenpartner")),
        Section("Oordelen (afgehandeld)", _breakdown(current, previous, "per_oordeel")),
        Section(
            "Niet behandeld, per grond van Awb 9:8",
            _breakdown(current, previous, "niet_behandeld_per_grond"),
        ),
        Section(
            "Maatregelen naar aanleiding van klachten",
            _fixed(current, previous, _MEASURES)
            + _breakdown(current, previous, "maatregelen_per_categorie"),
        ),
        Section("Tevredenheid van klagers (afgehandeld)", _fixed(current, previous, _SATISFACTION)),
        Section(
            "Ombudsman Metropool Amsterdam",
            _fixed(om_now, om_before, _OMBUDSMAN) + _breakdown(om_now, om_before, "per_soort"),
        ),
    ]


def cell(value: object) -> str:
    """How a figure is printed: 87,5 for a percentage, n.v.t. for none."""
    if value is None:
        return "n.v.t."
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)
