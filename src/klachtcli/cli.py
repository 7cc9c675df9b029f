"""The root of the `klacht` command: global options, every command module, one error boundary."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from klachtcli import __version__
from klachtcli.errors import EXIT_INTERNAL, KlachtError


class KlachtGroup(TyperGroup):
    """Turns a KlachtError anywhere below into a Dutch message on stderr and its exit status."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KlachtError as exc:
            if _debug(ctx):
                raise
            typer.echo(f"Fout: {exc.message}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, typer.TyperException, BrokenPipeError):
            raise  # Typer's own exits and usage errors (exit 2) keep their handling
        except KeyboardInterrupt:
            typer.echo("Afgebroken; er is niets gewijzigd.", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:
            if _debug(ctx):
                raise
            typer.echo(
                f"Interne fout ({exc.__class__.__name__}): {exc}. Er is niets gewijzigd. "
                "Draai opnieuw met --debug voor details en meld dit bij de beheerder.",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None


def _debug(ctx: Any) -> bool:
    obj = ctx.find_root().obj
    return bool(getattr(obj, "debug", False))


app = typer.Typer(
    cls=KlachtGroup,
    help="Klachtenregister Wmo van het Klachtenteam Sociaal Domein, gemeente Amsterdam.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"klacht {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="KLACHT_DB",
            help="Het registerbestand (standaard klachten.db in de gebruikersdatamap).",
            show_default=False,
        ),
    ] = None,
    medewerker: Annotated[
        str | None,
        typer.Option(
            "--medewerker",
            envvar="KLACHT_MEDEWERKER",
            help="Naam van de medewerker voor dossier en audit (standaard de OS-gebruiker).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Toon bij een fout de volledige Python-melding.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Toon de versie."),
    ] = False,
) -> None:
    """Klachtenregister Wmo: registreren, termijnen bewaken, rapporteren."""
    from klachtcli.context import AppState, default_employee

    ctx.obj = AppState(
        db_option=db,
        employee=(medewerker or "").strip() or default_employee(),
        debug=debug,
    )


def _register_commands() -> None:
    from klachtcli.commands import (
        complaints,
        deadlines,
        demo,
        partners,
        register,
        reports,
        steps,
    )

    for module in (register, partners, complaints, steps, deadlines, reports, demo):
        app.add_typer(module.app)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="klacht")
    except BrokenPipeError:
        # `klacht lijst | head`: the reader left; that is not an error worth a message.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    sys.exit(0)
