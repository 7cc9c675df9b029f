"""Every test gets its own register path and a pinned 'today'; no test touches a real register."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from klachtcli.cli import app

TODAY = "2026-11-27"  # a Friday; every date in the tests lies on or before it


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLACHT_DB", str(tmp_path / "klachten.db"))
    monkeypatch.setenv("KLACHT_MEDEWERKER", "tester")
    monkeypatch.setenv("KLACHT_VANDAAG", TODAY)
    monkeypatch.setenv("KLACHT_BUSY_TIMEOUT", "5")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "klachten.db"


# Building the command tree from the Typer app costs more than most commands; the runner would
# rebuild it for every call, so hand it the one built here (test speed only, same command).
COMMAND = typer.main.get_command(app)
_build = typer.testing._get_command
typer.testing._get_command = lambda given: COMMAND if given is app else _build(given)


class Cli:
    """Runs the real `klacht` command in-process, with separate stdout and stderr."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return self.runner.invoke(app, list(args), input=input, catch_exceptions=False)

    def ok(self, *args: str):  # type: ignore[no-untyped-def]
        result = self(*args)
        assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
        return result

    def new(
        self,
        received: str,
        *extra: str,
        channel: str = "email",
        name: str = "Anna de Vries",
        category: str = "kwaliteit",
        description: str = "De hulp kwam niet.",
    ) -> dict:  # type: ignore[type-arg]
        """`klacht nieuw --no-input --json` with every required field; later flags in `extra`
        win over these defaults. Returns the JSON it printed."""
        result = self.ok(
            "nieuw",
            "--no-input",
            "--json",
            "--ontvangen",
            received,
            "--kanaal",
            channel,
            "--klager",
            name,
            "--categorie",
            category,
            "--omschrijving",
            description,
            *extra,
        )
        return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture(scope="session")
def register_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh register with two partners, made once through the real CLI and copied per test
    (running the migrations for every test would dominate the suite's time)."""
    path = tmp_path_factory.mktemp("template") / "klachten.db"
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KLACHT_VANDAAG", TODAY)
        mp.setenv("KLACHT_MEDEWERKER", "tester")
        mp.setenv("KLACHT_DB", str(path))
        for args in (
            ["init"],
            [
                "partner",
                "toevoegen",
                "zorgthuis",
                "--naam",
                "Zorg Thuis",
                "--klachten-telefoon",
                "020-1234567",
                "--klachten-email",
                "klachten@zorgthuis.example",
            ],
            ["partner", "toevoegen", "vervoer", "--naam", "Amstel Vervoer"],
        ):
            result = runner.invoke(app, args, catch_exceptions=False)
            assert result.exit_code == 0, result.stderr
    assert not Path(f"{path}-wal").exists()  # everything is in the main file
    return path


@pytest.fixture
def register(register_template: Path, db_path: Path) -> Path:
    """A private copy of the template register at the test's KLACHT_DB."""
    shutil.copyfile(register_template, db_path)
    os.chmod(db_path, 0o600)
    return db_path


def dump(path: Path) -> list[str]:
    """Every row of every table, to prove a failed command changed nothing."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def unchanged(db_path: Path) -> Callable[[], list[str]]:
    return lambda: dump(db_path)
