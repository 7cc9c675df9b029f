"""klacht init and klacht db: creating, checking, upgrading and backing up the register."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from klachtcli.commands._common import JsonOpt
from klachtcli.context import state
from klachtcli.errors import RegisterError
from klachtcli.help_nl import KlachtTyper
from klachtcli.render.output import emit_json, fields

app = KlachtTyper()
db_app = KlachtTyper(
    no_args_is_help=True,
    help="Het registerbestand: schemaversie, bijwerken, reservekopie, controle.",
)
app.add_typer(db_app, name="db")


@app.command("init")
def init(ctx: typer.Context) -> None:
    """Maak een nieuw register aan (bestandsrechten 0600, of in een lege PostgreSQL-database)."""
    from klachtcli.store import db

    path = state(ctx).db_path
    found, version = db.existing_version(path)
    if found:
        typer.echo(f"Register bestaat al: {path} (schemaversie {version}). Er is niets gewijzigd.")
        return
    db.create_register(path)
    typer.echo(f"Register aangemaakt: {path} (schemaversie {db.HEAD}).")
    typer.echo("Volgende stap: voeg ketenpartners toe met `klacht partner toevoegen`.")


@db_app.command("status")
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Toon pad, grootte en schemaversie van het register."""
    from klachtcli.store import db

    info = db.status(state(ctx).db_path)
    if as_json:
        emit_json(info)
        return
    if info["nieuwer_dan_programma"]:
        upgrade_text = "nee — het register is nieuwer dan deze klacht; werk klacht bij"
    elif info["bijwerken_nodig"]:
        upgrade_text = "ja — `klacht db upgrade`"
    else:
        upgrade_text = "nee"
    fields(
        [
            ("Register", info["pad"]),
            ("Grootte", f"{info['bytes']} bytes"),
            ("Schemaversie", f"{info['schemaversie']} (programma kent t/m {db.HEAD})"),
            ("Bijwerken nodig", upgrade_text),
            ("Klachten", info["klachten"]),
            ("Ketenpartners", info["partners"]),
        ]
    )


@db_app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Werk het register bij naar de nieuwste schemaversie (eerst een reservekopie)."""
    from klachtcli.store import db

    path = state(ctx).db_path
    before = db.schema_version(path)
    if before == db.HEAD:
        typer.echo(f"Register is al bij (schemaversie {db.HEAD}).")
        return
    db.ensure_current(path, notify=True)
    typer.echo(f"Register bijgewerkt naar schemaversie {db.HEAD}.")


@db_app.command("backup")
def backup(
    ctx: typer.Context,
    pad: Annotated[Path, typer.Argument(help="Bestand voor de reservekopie (bestaat nog niet).")],
) -> None:
    """Maak een consistente reservekopie, ook tijdens gebruik (PostgreSQL: met pg_dump)."""
    from klachtcli.store import db

    path = state(ctx).db_path
    db.schema_version(path)
    db.backup(path, pad)
    typer.echo(f"Reservekopie gemaakt: {pad}")


@db_app.command("check")
def check(ctx: typer.Context) -> None:
    """Controleer de integriteit en de verwijzingen (foreign keys) van het register."""
    from klachtcli.store import db

    path = state(ctx).db_path
    problems = db.integrity_problems(path)
    if problems:
        raise RegisterError("Het register is niet in orde:\n  " + "\n  ".join(problems[:20]))
    typer.echo(f"Register in orde: {path}")


@db_app.command("kopieer")
def kopieer(
    ctx: typer.Context,
    naar: Annotated[
        str,
        typer.Option(
            "--naar",
            metavar="ADRES",
            help="Lege PostgreSQL-database: postgresql://gebruiker@host/database.",
        ),
    ],
) -> None:
    """Kopieer het SQLite-register naar een lege PostgreSQL-database en controleer de kopie."""
    from klachtcli.store.target import parse
    from klachtcli.store.transfer import copy_register

    done = copy_register(state(ctx).db_path, parse(naar))
    counts = done.counts
    typer.echo(
        f"Register gekopieerd naar {done.target}: {counts['complaint']} klachten, "
        f"{counts['event']} gebeurtenissen, {counts['audit_log']} auditregels, "
        f"{counts['partner']} ketenpartners; aantallen per tabel gecontroleerd, "
        f"controlesommen van {done.attachments} bijlage(n) kloppen."
    )
    typer.echo(f"Het SQLite-bestand is niet gewijzigd. Gebruik voortaan KLACHT_DB={done.target}")
