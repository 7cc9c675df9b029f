"""klacht overleg …: meetings with a partner's klachtenfunctionaris (WA §7, §11)."""

from __future__ import annotations

from typing import Annotated

import typer

from klachtcli.commands._common import JsonOpt, actor, past_date, session
from klachtcli.completion import partner_codes
from klachtcli.domain.dates import fmt
from klachtcli.help_nl import KlachtTyper
from klachtcli.render.output import Col, emit_json, table

app = KlachtTyper()
meetings_app = KlachtTyper(
    no_args_is_help=True,
    help="Overleg met de klachtenfunctionaris van een ketenpartner (WA §7, §11).",
)
app.add_typer(meetings_app, name="overleg")


@meetings_app.command("toevoegen")
def toevoegen(
    ctx: typer.Context,
    partner: Annotated[
        str,
        typer.Option(
            metavar="CODE", autocompletion=partner_codes, help="Code van de ketenpartner."
        ),
    ],
    soort: Annotated[
        str,
        typer.Option(help="klachtenteam (minimaal 1x per jaar) of contractmanager (2x per jaar)."),
    ],
    datum: Annotated[
        str, typer.Option(metavar="DATUM", help="Datum waarop het overleg is gehouden.")
    ],
    notities: Annotated[str | None, typer.Option(help="Notities van het overleg.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Leg een gehouden overleg met een ketenpartner vast."""
    from klachtcli.services.meetings import NewMeeting, add_meeting

    data = NewMeeting(
        partner=partner, kind=soort, on=past_date(ctx, datum, "datum"), notes=notities
    )
    with session(ctx, write=True) as s:
        result = add_meeting(s, actor(ctx), data)
    if as_json:
        emit_json(result)
    else:
        typer.echo(
            f"Overleg {result['id']} ({result['soort']}) met {result['partner']} op "
            f"{fmt(result['datum'])} vastgelegd."
        )


@meetings_app.command("lijst")
def lijst(
    ctx: typer.Context,
    partner: Annotated[
        str | None,
        typer.Option(
            metavar="CODE", autocompletion=partner_codes, help="Alleen deze ketenpartner."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Toon de vastgelegde overleggen, oudste eerst."""
    from klachtcli.services.meetings import list_meetings

    with session(ctx, write=False) as s:
        rows = list_meetings(s, partner)
    if as_json:
        emit_json({"overleggen": rows})
        return
    if not rows:
        typer.echo("Geen overleggen vastgelegd.")
        return
    table(
        "Overleggen",
        [
            Col("Id", key=True),
            Col("Datum", key=True),
            Col("Partner", keep=3),
            Col("Soort", keep=2),
            Col("Notities", keep=1),
        ],
        [[r["id"], fmt(r["datum"]), r["partner"], r["soort"], r["notities"]] for r in rows],
    )
