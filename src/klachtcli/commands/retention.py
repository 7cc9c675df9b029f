"""klacht bewaartermijn, bewaren en instellingen: retention and purging (WA §9, SPEC §7)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from klachtcli.commands._common import JsonOpt, NumberArg, actor, opt_date, session
from klachtcli.context import state
from klachtcli.domain.dates import fmt
from klachtcli.errors import InputError
from klachtcli.help_nl import KlachtTyper
from klachtcli.render.output import Col, emit_json, fields, table

if TYPE_CHECKING:
    from klachtcli.services.retention import BackupCopy, Purged, Review

app = KlachtTyper()


@app.command("bewaartermijn")
def bewaartermijn(
    ctx: typer.Context,
    uitvoeren: Annotated[
        bool,
        typer.Option("--uitvoeren", help="Echt opschonen (zonder deze optie: alleen tonen)."),
    ] = False,
    met_backups: Annotated[
        bool,
        typer.Option(
            "--met-backups",
            help="Verwijder bij --uitvoeren ook de reservekopieën van vóór een upgrade die "
            "nog op te schonen gegevens bevatten.",
        ),
    ] = False,
    met_ombudsmanzaken: Annotated[
        bool,
        typer.Option(
            "--met-ombudsmanzaken",
            help="Neem ook dossiers met een (beantwoorde) ombudsmanzaak mee; zonder deze optie "
            "worden die nooit opgeschoond.",
        ),
    ] = False,
    peildatum: Annotated[
        str | None,
        typer.Option(metavar="DATUM", help="Rekenen per deze datum (standaard vandaag)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Toon (of schoon op met --uitvoeren) wat over de bewaartermijn is: dossiers,
    stopmeldingen en reservekopieën van vóór een upgrade."""
    from klachtcli.services.retention import Purged, compact, execute, remove_backups, review

    today = state(ctx).today
    ref = opt_date(ctx, peildatum, "peildatum") or today
    if uitvoeren and ref > today:
        raise InputError(
            "Opschonen kan alleen per vandaag of eerder; een latere --peildatum is alleen "
            "voor een proefrun."
        )
    if met_backups and not uitvoeren:
        raise InputError("--met-backups hoort bij --uitvoeren.")
    register = state(ctx).db_path
    with session(ctx, write=uitvoeren) as s:
        found = review(s, register, ref, with_ombudsman=met_ombudsmanzaken)
        done = (
            execute(s, actor(ctx), found, with_backups=met_backups)
            if uitvoeren
            else Purged([], [], [])
        )
    removed = remove_backups(found) if uitvoeren and met_backups else []
    note = compact(register) if uitvoeren else None
    if note:
        typer.echo(note, err=True)
    if as_json:
        emit_json(
            {
                "peildatum": ref,
                "bewaartermijn_jaren": found.years,
                "dossiers": [d.to_dict() for d in found.dossiers],
                "opgeschoond": done.dossiers,
                "stopmeldingen": [n.to_dict() for n in found.stop_notices],
                "stopmeldingen_opgeschoond": done.stop_notices,
                "ombudsmanzaken": [i.to_dict() for i in found.ombudsman_items],
                "ombudsmanzaken_opgeschoond": done.ombudsman_items,
                "reservekopieen": [b.to_dict() for b in found.backups],
                "reservekopieen_verwijderd": [str(p) for p in removed],
            }
        )
        return
    _render(found, ref, uitvoeren, done, removed)


def _render(found: Review, ref: date, uitvoeren: bool, done: Purged, removed: list[Path]) -> None:
    years = found.years
    if not found.dossiers:
        typer.echo(f"Geen dossiers over de bewaartermijn ({years} jaar) op {fmt(ref)}.")
    else:
        table(
            f"Dossiers over de bewaartermijn ({years} jaar) op {fmt(ref)}",
            [
                Col("Klacht", key=True),
                Col("Gesloten op", key=True),
                Col("Opschonen vanaf", key=True),
                Col("Tegengehouden", keep=1),
            ],
            [[d.number, fmt(d.closed_on), fmt(d.due), d.blocked or ""] for d in found.dossiers],
        )
    if found.stop_notices:
        table(
            f"Stopmeldingen over de bewaartermijn ({years} jaar na het besluit)",
            [
                Col("Id", key=True),
                Col("Partner", keep=1),
                Col("Besloten op", key=True),
                Col("Opschonen vanaf", key=True),
            ],
            [[n.id, n.partner, fmt(n.decided_on), fmt(n.due)] for n in found.stop_notices],
        )
    if found.ombudsman_items:
        table(
            f"Ombudsmanzaken zonder klacht over de bewaartermijn ({years} jaar na het antwoord)",
            [Col("Id", key=True), Col("Beantwoord op", key=True), Col("Opschonen vanaf", key=True)],
            [[i.id, fmt(i.answered_on), fmt(i.due)] for i in found.ombudsman_items],
        )
    if found.on_server:
        typer.echo(
            "Reservekopieën: een PostgreSQL-register heeft er geen naast zich; pg_dump-bestanden "
            "en WAL-archieven zijn van de databasebeheerder."
        )
    elif found.backups:
        table(
            "Reservekopieën van vóór een upgrade",
            [Col("Bestand", key=True), Col("Bevat", keep=1)],
            [[b.path.name, _holds(b)] for b in found.backups],
        )
    if uitvoeren:
        typer.echo(
            f"{len(done.dossiers)} dossier(s), {len(done.stop_notices)} stopmelding(en) en "
            f"{len(done.ombudsman_items)} ombudsmanzaak/-zaken zonder klacht opgeschoond, "
            f"{len(removed)} reservekopie(ën) verwijderd; het register is gecomprimeerd."
        )
        if removed:
            typer.echo(
                "Kopieën buiten klacht (snapshots, back-ups van de schijf) vallen hierbuiten."
            )
    else:
        typer.echo("Dit is een proefrun; opschonen gebeurt met --uitvoeren.")
        if found.blocking_backups:
            typer.echo(
                "--uitvoeren weigert zolang een reservekopie nog op te schonen gegevens bevat; "
                "--uitvoeren --met-backups verwijdert die kopieën in dezelfde run."
            )


def _holds(backup: BackupCopy) -> str:
    if not backup.readable:
        return "onleesbaar: telt als persoonsgegevens"
    if not backup.holds_due_data:
        return "niets op te schonen"
    parts = []
    if backup.dossiers:
        parts.append(f"dossiers {', '.join(backup.dossiers)}")
    if backup.stop_notices:
        parts.append(f"stopmeldingen {', '.join(str(i) for i in backup.stop_notices)}")
    if backup.ombudsman_items:
        parts.append(f"ombudsmanzaken {', '.join(str(i) for i in backup.ombudsman_items)}")
    return "; ".join(parts)


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
