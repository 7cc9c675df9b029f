"""The root of the `klacht` command: global options, every command module, one error boundary."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from klachtcli import __version__, help_nl
from klachtcli.errors import EXIT_INPUT, EXIT_INTERNAL, KlachtError


def _usage_error(exc: typer.TyperException) -> int:
    if type(exc).__name__ == "NoArgsIsHelpError":  # a bare `klacht` or `klacht partner`
        typer.echo(exc.format_message())
        return 0
    typer.echo(f"Fout: {help_nl.usage_message(exc)}", err=True)
    path = getattr(getattr(exc, "ctx", None), "command_path", None) or "klacht"
    typer.echo(f"Zie `{path} --help`.", err=True)
    return int(getattr(exc, "exit_code", 2))


class KlachtGroup(help_nl.DutchGroup):
    """The one error boundary: Dutch messages on stderr and the exit status of SPEC §5."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from klachtcli.render.output import neutral_streams

        # Stored text, file names and echoed input may hold terminal control characters.
        with neutral_streams():
            return self._main(*args, **kwargs)

    def _main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
        except typer.Abort:  # Ctrl-C or end of input at a prompt; 1 would mean "overdue"
            typer.echo("Afgebroken; er is niets gewijzigd.", err=True)
            code = 130
        except typer.TyperException as exc:  # usage errors: unknown option, missing value, ...
            code = _usage_error(exc)
        if standalone_mode:
            sys.exit(code)
        return code

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
            if isinstance(exc, OSError) and _out_of_space(exc):  # e.g. stdout on a full disk
                typer.echo(f"Fout: {_unwritable_output(exc)}", err=True)
                raise typer.Exit(EXIT_INPUT) from None
            typer.echo(
                f"Interne fout ({exc.__class__.__name__}): {exc}. Er is niets gewijzigd. "
                "Draai opnieuw met --debug voor details en meld dit bij de beheerder.",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None


def _out_of_space(exc: OSError) -> bool:
    import errno

    return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _unwritable_output(exc: OSError) -> str:
    from klachtcli.outfile import os_reason

    return f"Kan de uitvoer niet schrijven: {os_reason(exc)}."


def _debug(ctx: Any) -> bool:
    obj = ctx.find_root().obj
    return bool(getattr(obj, "debug", False))


app = help_nl.KlachtTyper(
    name="klacht",
    cls=KlachtGroup,
    help="Klachtenregister Wmo van het Klachtenteam Sociaal Domein, gemeente Amsterdam.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"klacht {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="KLACHT_DB",
            metavar="PAD",
            help="Het registerbestand of een postgresql://-adres "
            "(standaard klachten.db in de gebruikersdatamap).",
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
    from klachtcli.context import AppState
    from klachtcli.domain.text import clean_text

    # Refuses control characters and lone surrogates (invalid UTF-8 in argv or the environment).
    employee = clean_text(medewerker, "--medewerker (KLACHT_MEDEWERKER)")
    ctx.obj = AppState(
        db_option=db,
        employee_option=employee,
        debug=debug,
    )


def _register_commands() -> None:
    from klachtcli.commands import (
        complaints,
        deadlines,
        demo,
        letters,
        meetings,
        ombudsman,
        partner_reports,
        partners,
        register,
        reports,
        retention,
        steps,
        stop_notices,
    )

    for module in (
        register,
        partners,
        complaints,
        steps,
        letters,
        deadlines,
        ombudsman,
        meetings,
        stop_notices,
        reports,
        partner_reports,
        retention,
        demo,
    ):
        app.add_typer(module.app)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    code: Any = 0
    try:
        app(prog_name="klacht")
    except SystemExit as done:
        code = done.code
    except BrokenPipeError:
        # `klacht lijst | head`: the reader left; that is not an error worth a message.
        _quiet_stdout()
        sys.exit(0)
    # Flush here, where a failure can still be reported: Python's own flush at exit would
    # print "Exception ignored ... Traceback" when stdout is on a full disk.
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    except OSError as exc:
        _quiet_stdout()
        typer.echo(f"Fout: {_unwritable_output(exc)}", err=True)
        code = code or EXIT_INPUT
    sys.exit(code)


def _quiet_stdout() -> None:
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
