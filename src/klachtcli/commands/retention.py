"""klacht bewaartermijn, bewaren en instellingen: retention and purging (WA §9, SPEC §7)."""

from __future__ import annotations

from typing import Annotated

import typer

from klachtcli.commands._common import JsonOpt, NumberArg, actor, opt_date, session
from klachtcli.context import state
from klachtcli.domain.dates import fmt
from klachtcli.errors import InputError
from klachtcli.help_nl import KlachtTyper
from klachtcli.render.output import Col, emit_json, fields, table

app = KlachtTyper()


@app.command("bewaartermijn")
def bewaartermijn(
    ctx: typer.Context,
    uitvoeren: Annotated[
        bool,
        typer.Option("--uitvoeren", help="Echt opschonen (zonder deze optie: alleen tonen)."),
    ] = False,
    peildatum: Annotated[
        str | None,
        typer.Option(metavar="DATUM", help="Rekenen per deze datum (standaard vandaag)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Toon (of schoon op met --uitvoeren) de dossiers waarvan de bewaartermijn voorbij is."""
    from klachtcli.services.retention import compact, due_dossiers, purge, retention_years

    today = state(ctx).today
    ref = opt_date(ctx, peildatum, "peildatum") or today
    if uitvoeren and ref > today:
        raise InputError(
            "Opschonen kan alleen per vandaag of eerder; een latere --peildatum is alleen "
            "voor een proefrun."
        )
    with session(ctx, write=uitvoeren) as s:
        years = retention_years(s)
        due = due_dossiers(s, ref)
        purged = purge(s, actor(ctx), ref) if uitvoeren else []
    note = compact(state(ctx).db_path) if uitvoeren else None
    if note:
        typer.echo(note, err=True)
    if as_json:
        emit_json(
            {
                "peildatum": ref,
                "bewaartermijn_jaren": years,
                "dossiers": [d.to_dict() for d in due],
                "opgeschoond": purged,
            }
        )
        return
    if not due:
        typer.echo(f"Geen dossiers over de bewaartermijn ({years} jaar) op {fmt(ref)}.")
        return
    table(
        f"Dossiers over de bewaartermijn ({years} jaar) op {fmt(ref)}",
        [
            Col("Klacht", key=True),
            Col("Gesloten op", key=True),
            Col("Opschonen vanaf", key=True),
            Col("Tegengehouden", keep=1),
        ],
        [[d.number, fmt(d.closed_on), fmt(d.due), d.blocked or ""] for d in due],
    )
    if uitvoeren:
        typer.echo(f"{len(purged)} dossier(s) opgeschoond; het register is gecomprimeerd.")
    else:
        typer.echo("Dit is een proefrun; opschonen gebeurt met --uitvoeren.")


@app.command("bewaren")
def bewaren(
    ctx: typer.Context,
    nummer: NumberArg,
    opheffen: Annotated[bool, typer.Option("--opheffen", help="Bewaren weer opheffen.")] = False,
) -> None:
    """Zet een dossier op bewaren (legal hold): nooit automatisch opschonen."""
    from klachtcli.services.retention import set_hold

    with session(ctx, write=True) as s:
        complaint = set_hold(s, actor(ctx), nummer, hold=not opheffen)
    word = "opgeheven" if opheffen else "ingesteld"
    typer.echo(f"Bewaren voor {complaint.number} {word}.")


@app.command("instellingen")
def instellingen(
    ctx: typer.Context,
    naam: Annotated[str | None, typer.Argument(help="Naam, bijvoorbeeld bewaartermijn.")] = None,
    waarde: Annotated[str | None, typer.Argument(help="Nieuwe waarde.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Toon of wijzig instellingen van het register, zoals de bewaartermijn in jaren."""
    from klachtcli.errors import InputError
    from klachtcli.services.retention import change_setting, settings

    if waarde is not None:
        assert naam is not None
        with session(ctx, write=True) as s:
            value = change_setting(s, actor(ctx), naam, waarde)
        typer.echo(f"{naam} = {value}")
        return
    with session(ctx, write=False) as s:
        current = settings(s)
    if naam is not None:
        if naam not in current:
            raise InputError(f"Onbekende instelling {naam!r}. Bekend: {', '.join(current)}.")
        current = {naam: current[naam]}
    if as_json:
        emit_json(current)
    else:
        fields(current.items())
