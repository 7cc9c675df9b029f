"""klacht demo: a new register full of fictional complaints, for a first look and benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from klachtcli.commands._common import actor
from klachtcli.context import state
from klachtcli.errors import InputError
from klachtcli.help_nl import KlachtTyper

app = KlachtTyper()

DEMO_DEFAULT = Path("klacht-demo.db")


@app.command("demo")
def demo(
    ctx: typer.Context,
    aantal: Annotated[int, typer.Option(min=1, max=1_000_000, help="Aantal klachten.")] = 60,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PAD",
            help="Nieuw registerbestand of lege PostgreSQL-database (postgresql://…; "
            "standaard ./klacht-demo.db).",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Startwaarde van het toeval (reproduceerbaar).")] = 2026,
    jaren: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=30,
            metavar="N",
            help="Spreid de klachten over de laatste N jaar (standaard twee kwartalen, of "
            "langer zodat er hooguit 275 per dag binnenkomen). Over een paar jaar gespreid "
            "is, zoals in een echt register, maar een klein deel nog open.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Vul een NIEUW register met fictieve voorbeeldgegevens en toon wat je kunt proberen."""
    from klachtcli.services.demo import fill
    from klachtcli.store.db import create_register, existing_version, session_scope
    from klachtcli.store.target import Server, parse

    st = state(ctx)
    path = parse(db or st.db_option or DEMO_DEFAULT)
    if existing_version(path)[0] if isinstance(path, Server) else path.exists():
        raise InputError(
            f"{path} bestaat al. `klacht demo` vult alleen een nieuw register; "
            "kies een ander pad met --db."
        )
    create_register(path)
    try:
        with session_scope(path, write=True) as s:
            summary = fill(s, actor(ctx), aantal, seed=seed, years=jaren)
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            if isinstance(path, Path):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    typer.echo(
        f"Demoregister gemaakt: {path} met {summary.partners} ketenpartners en "
        f"{summary.complaints} fictieve klachten."
    )
    typer.echo("Probeer nu bijvoorbeeld:")
    env = f"KLACHT_DB={path}"
    last_quarter = f"{summary.first.year}-Q{(summary.first.month - 1) // 3 + 1}"
    for line in (
        "klacht lijst",
        "klacht termijnen --overdue",
        f"klacht toon K-{summary.first.year}-0001",
        f"klacht uitleg K-{summary.first.year}-0001",
        "klacht nieuw --kanaal telefoon --klager 'Test Persoon' --partner zorgthuis "
        "--categorie bejegening --omschrijving 'Onvriendelijk behandeld'",
        f"klacht rapport --kwartaal {last_quarter}",
        "klacht analyse",
        "klacht lijst --csv > klachten.csv",
    ):
        typer.echo(f"  {env} {line}")
