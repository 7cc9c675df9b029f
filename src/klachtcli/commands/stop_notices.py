"""klacht stopmelding …: protocol stoppen met leveren (WA §8)."""

from __future__ import annotations

from typing import Annotated

import typer

from klachtcli.commands._common import JsonOpt, actor, check_id, past_date, session
from klachtcli.completion import partner_codes
from klachtcli.domain.dates import fmt
from klachtcli.help_nl import KlachtTyper
from klachtcli.render.output import Col, emit_json, table

app = KlachtTyper()
stop_app = KlachtTyper(
    no_args_is_help=True,
    help="Stopmeldingen: een ketenpartner wil stoppen met leveren aan een cliënt (WA §8).",
)
app.add_typer(stop_app, name="stopmelding")

IdArg = Annotated[int, typer.Argument(help="Nummer van de stopmelding.", callback=check_id)]


@stop_app.command("nieuw")
def nieuw(
    ctx: typer.Context,
    partner: Annotated[
        str,
        typer.Option(
            metavar="CODE",
            autocompletion=partner_codes,
            help="Code van de ketenpartner die het meldt.",
        ),
    ],
    client: Annotated[str, typer.Option(help="Referentie van de cliënt.")],
    voorziening: Annotated[
        str, typer.Option(help="De Wmo-voorziening, bv. 'huishoudelijke hulp'.")
    ],
    reden: Annotated[str, typer.Option(help="Waarom de ketenpartner wil stoppen.")],
    datum: Annotated[
        str | None, typer.Option(metavar="DATUM", help="Datum van de melding (standaard vandaag).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Registreer de melding van een ketenpartner die wil stoppen met leveren."""
    from klachtcli.services.stop_notices import NewStopNotice, add_notice

    data = NewStopNotice(
        partner=partner,
        client=client,
        provision=voorziening,
        reason=reden,
        reported_on=past_date(ctx, datum, "datum"),
    )
    with session(ctx, write=True) as s:
        result = add_notice(s, actor(ctx), data)
    if as_json:
        emit_json(result)
    else:
        typer.echo(
            f"Stopmelding {result['id']} van {result['partner']} ({result['voorziening']}) "
            f"geregistreerd op {fmt(result['gemeld_op'])}; status {result['status']}."
        )


@stop_app.command("lijst")
def lijst(
    ctx: typer.Context,
    open_: Annotated[
        bool, typer.Option("--open", help="Alleen meldingen waarover nog niet is besloten.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Toon de stopmeldingen, oudste melding eerst."""
    from klachtcli.services.stop_notices import list_notices

    with session(ctx, write=False) as s:
        rows = list_notices(s, open_only=open_)
    if as_json:
        emit_json({"stopmeldingen": rows})
        return
    if not rows:
        typer.echo("Geen open stopmeldingen." if open_ else "Geen stopmeldingen.")
        return
    table(
        "Stopmeldingen",
        [
            Col("Id", key=True),
            Col("Gemeld", key=True),
            Col("Partner", keep=4),
            Col("Cliënt", keep=3),
            Col("Voorziening", keep=1),
            Col("Status", keep=5),
            Col("Besluit", keep=2),
            Col("Besloten", key=True),
        ],
        [
            [
                r["id"],
                fmt(r["gemeld_op"]),
                r["partner"],
                r["client"],
                r["voorziening"],
                r["status"],
                r["besluit"],
                fmt(r["besloten_op"]),
            ]
            for r in rows
        ],
    )


@stop_app.command("overleg")
def overleg(
    ctx: typer.Context,
    melding: IdArg,
    datum: Annotated[
        str | None, typer.Option(metavar="DATUM", help="Begin van het overleg (standaard vandaag).")
    ] = None,
) -> None:
    """Zet een stopmelding in overleg (gemeld → in-overleg)."""
    from klachtcli.services.stop_notices import start_consultation

    on = past_date(ctx, datum, "datum")
    with session(ctx, write=True) as s:
        start_consultation(s, actor(ctx), melding, on)
    typer.echo(f"Stopmelding {melding} is in overleg sinds {fmt(on)}.")


@stop_app.command("besluit")
def besluit(
    ctx: typer.Context,
    melding: IdArg,
    besluit_: Annotated[
        str,
        typer.Option("--besluit", help="doorgaan, tijdelijk-gestopt of definitief-gestopt."),
    ],
    datum: Annotated[str, typer.Option(metavar="DATUM", help="Datum van het besluit.")],
    reden: Annotated[str, typer.Option(help="Motivering van het besluit.")],
) -> None:
    """Leg het besluit over een stopmelding vast (eenmalig)."""
    from klachtcli.services.stop_notices import decide

    on = past_date(ctx, datum, "datum")
    with session(ctx, write=True) as s:
        result = decide(s, actor(ctx), melding, besluit_, on, reden)
    typer.echo(f"Stopmelding {melding}: besloten {result['besluit']} op {fmt(on)}.")
