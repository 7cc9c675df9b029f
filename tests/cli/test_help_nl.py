"""Help, usage lines and usage errors are Dutch for every command (issue 8, item 5)."""

from __future__ import annotations

import re

import pytest
import typer.main

from klachtcli.cli import app
from klachtcli.help_nl import DutchCommand, DutchGroup

ROOT = typer.main.get_command(app)


def _paths(command, prefix=()):  # type: ignore[no-untyped-def]
    yield prefix, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _paths(sub, (*prefix, name))


PATHS = [path for path, _ in _paths(ROOT)]
ENGLISH = (
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "[OPTIONS]",
    "COMMAND ",
    "[ARGS]",
    "Show this message",
    "default:",
    "required",
    "env var",
    "Install completion",
    "SPEC",
)


def test_every_command_is_built_from_the_dutch_classes() -> None:
    """A command module that forgets KlachtTyper would fall back to English help."""
    assert len(PATHS) > 30
    for path, command in _paths(ROOT):
        expected = DutchGroup if hasattr(command, "commands") else DutchCommand
        assert isinstance(command, expected), path


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "klacht")
def test_help_has_no_english_chrome_and_no_type_metavars(cli, path) -> None:  # type: ignore[no-untyped-def]
    out = cli.ok(*path, "--help").stdout
    assert out.startswith(f"Gebruik: {' '.join(['klacht', *path])} [OPTIES]")
    assert "Opties:" in out and "-h, --help  " in out and "Toon deze hulp en stop." in out
    for english in ENGLISH:
        assert english not in out, (path, english)
    assert not re.search(r"<\w+[^>]*>", out), out  # no <str>, <path>, <int range>
    assert "{" not in out.splitlines()[0]  # Typer's {nummer} usage style
    if "DATUM" in out:
        assert "DATUM: 2026-04-24, 24-04-2026, 24-4-2026, vandaag of gisteren." in out


def test_root_usage_line_and_metavars(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli.ok("--help").stdout
    assert out.startswith("Gebruik: klacht [OPTIES] COMMANDO [ARGUMENTEN]...")
    assert "--db PAD" in out and "--medewerker TEKST" in out
    assert "Commando's:" in out
    assert "--install-completion" in out and "tab-aanvulling" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["nieuw"], ["--ontvangen DATUM", "--partner CODE", "--klager TEKST"]),
        (["verdagen"], ["Gebruik: klacht verdagen [OPTIES] NUMMER", "--weken N", "[verplicht]"]),
        (["termijnen"], ["--binnen N", "[minimaal 0]", "--peildatum DATUM", "--partner CODE"]),
        (["db", "backup"], ["Gebruik: klacht db backup [OPTIES] PAD"]),
        (["instellingen"], ["[OPTIES] [NAAM] [WAARDE]"]),
        (["demo"], ["--aantal N", "[standaard: 60; 1 t/m 1000000]"]),
        (["afhandelen"], ["[standaard: ombudsman-vermeld]"]),
        (["partner", "toevoegen"], ["--contract-einde DATUM"]),
    ],
)
def test_metavars_and_extras(cli, args, expected) -> None:  # type: ignore[no-untyped-def]
    out = " ".join(cli.ok(*args, "--help").stdout.split())
    for text in expected:
        assert " ".join(text.split()) in out, (args, text)


def test_category_help_lists_the_categories(cli) -> None:  # type: ignore[no-untyped-def]
    for command in ("nieuw", "lijst"):
        out = " ".join(cli.ok(command, "--help").stdout.split())
        assert "bejegening, kwaliteit, levering" in out and "privacy of overig" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nieuw", "--ont"], "Onbekende optie: --ont (bedoelde u --json of --ontvangen?)"),
        (["lijst", "--tott", "1-1-2026"], "Onbekende optie: --tott (bedoelde u --tot?)"),
        (["partner", "lisjt"], "Onbekend commando 'lisjt'. Bedoelde u 'lijst'?"),
        (["termijnen", "--binnen", "-1"], "Ongeldige waarde voor --binnen: buiten het"),
        (["termijnen", "--overdue=ja"], "Optie --overdue neemt geen waarde."),
        (["verdagen", "K-2026-0001", "--weken"], "Optie --weken verwacht een waarde."),
        (["toon", "K-2026-0001", "extra"], "Onverwacht argument: extra."),
        (["toon"], "Ontbrekend argument NUMMER."),
    ],
)
def test_usage_errors_are_worded_in_dutch(cli, args, message) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    command = " ".join(["klacht", *[a for a in args if not a.startswith("-")][:1]])
    assert f"Zie `{command}" in result.stderr
    for english in ("Possible options", "Did you mean", "Got unexpected", "requires", "Error"):
        assert english not in result.stderr
