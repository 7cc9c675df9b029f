"""Usage errors are Dutch with exit 2; every command has help and is in the README."""

from pathlib import Path

import pytest

from klachtcli import __version__
from klachtcli.cli import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["doorsturen", "K-2026-0001"], "Ontbrekende optie --partner."),
        (
            ["verdagen", "K-2026-0001", "--weken", "x", "--reden", "r"],
            "Ongeldige waarde voor --weken: verwacht een geheel getal.",
        ),
        (["nieuw", "--foo"], "Onbekende optie: --foo"),
        (["bestaatniet"], "Onbekend commando 'bestaatniet'."),
        (["toon"], "Ontbrekend argument"),
    ],
)
def test_usage_errors_are_dutch(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Zie `klacht" in result.stderr
    assert "Error" not in result.stderr and "Traceback" not in result.stderr


def test_bare_command_shows_help(cli):
    result = cli()
    assert result.exit_code == 0
    assert "Klachtenregister Wmo" in result.stdout
    sub = cli("partner")
    assert sub.exit_code == 0 and "toevoegen" in sub.stdout


def test_version(cli):
    assert cli.ok("--version").stdout.strip() == f"klacht {__version__}"


def _commands(group, prefix=()):
    import typer.main

    click_group = typer.main.get_command(group) if isinstance(group, typer.Typer) else group
    for name, command in click_group.commands.items():
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield from _commands(command, path)
        else:
            yield path, command


def test_every_command_has_help_and_is_in_the_readme():
    seen = list(_commands(app))
    assert len(seen) > 25
    for path, command in seen:
        assert command.help and command.help.strip(), f"{' '.join(path)} has no help text"
        assert f"klacht {' '.join(path)}" in README or f"klacht {path[0]}" in README, path


def test_help_chrome_is_dutch(cli):
    out = cli.ok("--help").stdout
    assert out.startswith("Gebruik: klacht")
    assert "Opties:" in out and "Commando's:" in out
    assert "Toon deze hulp en stop." in out
    assert "[omgevingsvariabele: KLACHT_DB]" in out
    for english in ("Usage:", "Options:", "Show this message", "env var"):
        assert english not in out
    sub = cli.ok("verdagen", "--help").stdout
    assert "verplicht" in sub and "Argumenten:" in sub
