"""The questions of interactive `klacht nieuw`: every answer is checked and asked again until
it is valid, with the same checks (and messages) as the options."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

import typer

from klachtcli.domain import complaint as vocab
from klachtcli.domain.dates import fmt, parse_past_date
from klachtcli.domain.text import LONG, choice, required_text
from klachtcli.errors import InputError

T = TypeVar("T")

YES = ("j", "ja", "y", "yes")
NO = ("n", "nee", "no")


def ask(
    label: str, parse: Callable[[str], T], *, options: Sequence[str] = (), default: str = ""
) -> T:
    """One question, asked again until `parse` accepts the answer (an empty answer takes the
    default; without one it is refused)."""
    hint = f" ({'/'.join(options)})" if options else ""
    while True:
        answer = str(
            typer.prompt(f"{label}{hint}", default=default, show_default=bool(default))
        ).strip()
        if not answer:
            typer.echo("Dit veld is verplicht.", err=True)
            continue
        try:
            return parse(answer)
        except InputError as exc:
            typer.echo(exc.message, err=True)


def parse_yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise InputError("Antwoord met j (ja) of n (nee).")


def ask_yes_no(label: str, default: bool | None = None) -> bool:
    fallback = "" if default is None else ("j" if default else "n")
    return ask(label, parse_yes_no, options=("j", "n"), default=fallback)


def ask_partners(known: list[str]) -> list[str]:
    """Zero or more partner codes, each one known."""

    def parse(answer: str) -> list[str]:
        if answer == "-":
            return []
        codes = [p.strip().lower() for p in answer.split(",") if p.strip()]
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise InputError(f"Onbekend: {', '.join(unknown)}. Kies uit: {', '.join(known)}")
        return list(dict.fromkeys(codes))

    return ask(
        f"Ketenpartner(s), komma-gescheiden, - = geen ({', '.join(known)})", parse, default="-"
    )


# The routing questions of WA §5, in the order a team member asks them; each is a NewComplaint
# field with its option, so a question is skipped when the option was given.
ROUTING_QUESTIONS = (
    ("to_administrator", "aan_bestuurder", "Gericht aan beleidsmakers, wethouder of bestuur?"),
    ("wants_municipality", "wil_gemeente", "Wil de klager dat de gemeente het behandelt?"),
    ("complex", "complex_", "Is de situatie complex?"),
    ("earlier_at_partner", "eerder_bij_partner", "Was de klager hiermee al bij de partner?"),
)


def interview(
    values: dict[str, Any],
    given: Callable[[str], bool],
    *,
    today: date,
    categories: list[str],
    partners: list[str],
) -> dict[str, Any]:
    """Ask for every field that decides routing and deadlines that no option gave.
    `values` holds the NewComplaint fields known so far; `given(option)` says whether the
    option was on the command line (or came from the e-mail)."""
    if not given("ontvangen"):
        values["received"] = ask(
            "Datum van ontvangst",
            lambda t: parse_past_date(t, today, field="ontvangstdatum"),
            default=fmt(today),
        )
    if not values.get("channel"):
        values["channel"] = ask("Kanaal", vocab.parse_channel, options=vocab.CHANNELS)
    if not values.get("complainant_name"):
        values["complainant_name"] = ask("Naam klager", lambda t: required_text(t, "naam"))
    if not values.get("partners") and partners:
        values["partners"] = ask_partners(partners)
    if not given("ingediend_bij"):
        lodged = ("gemeente", "ombudsman") + (("partner",) if len(values["partners"]) == 1 else ())
        values["lodged_with"] = ask(
            "Ingediend bij",
            lambda t: choice(t, lodged, "keuze"),
            options=lodged,
            default="gemeente",
        )
    if not values.get("category"):
        values["category"] = ask(
            "Categorie", lambda t: choice(t, tuple(categories), "categorie"), options=categories
        )
    if not values.get("description"):
        values["description"] = ask(
            "Omschrijving", lambda t: required_text(t, "omschrijving", limit=LONG, multiline=True)
        )
    # With no partner (G1) or several (G3) the gemeente handles whatever the answers are.
    if len(values["partners"]) == 1:
        for field_name, option, question in ROUTING_QUESTIONS:
            if not given(option):
                values[field_name] = ask_yes_no(question, default=False)
    return values
