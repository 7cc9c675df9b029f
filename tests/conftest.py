"""Every test gets its own register path and a pinned 'today'; no test touches a real register.

Test modules marked `pytestmark = pytest.mark.backends` run every test twice: on a SQLite file
and on a fresh database of a PostgreSQL server that the test run starts itself (SPEC §11).
`db_path` / `register` are then a postgresql:// URL (a str); `dump` and `rows` read both.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from klachtcli.cli import app

TODAY = "2026-11-27"  # a Friday; every date in the tests lies on or before it

BACKENDS = ("sqlite", "postgres")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "backends(*names): run on SQLite and on PostgreSQL, or on the ones named"
    )
    config.addinivalue_line("markers", "sqlite_only: in a `backends` module, SQLite only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    node = metafunc.definition
    marker = node.get_closest_marker("backends")
    if marker and not node.get_closest_marker("sqlite_only"):
        metafunc.parametrize("backend", marker.args or BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """The test run's own PostgreSQL server. Without one the PostgreSQL variants are skipped
    with the reason, except under CI=true, where a missing server is a failure."""
    from tests.pgserver import PgServer, find_bin

    reason = None
    try:
        import psycopg  # noqa: F401
    except ImportError:
        reason = "psycopg ontbreekt (pip install -e '.[test]')"
    bindir = find_bin()
    if bindir is None:
        reason = "geen PostgreSQL-server (initdb/pg_ctl) gevonden; apt-get install postgresql"
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL-tests kunnen niet draaien onder CI: {reason}")
        pytest.skip(f"PostgreSQL-variant overgeslagen: {reason}")
    assert bindir is not None
    server = PgServer(bindir)
    try:
        server.start()
    except Exception as exc:
        server.stop()
        if os.environ.get("CI", "").lower() == "true":
            raise
        pytest.skip(f"PostgreSQL-variant overgeslagen: de testserver start niet ({exc})")
    yield server
    server.stop()


def is_server(target: object) -> bool:
    return str(target).startswith("postgresql://")


def _db_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


@pytest.fixture
def db_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    if backend == "sqlite":
        return tmp_path / "klachten.db"
    server = request.getfixturevalue("pg_server")
    name = server.create_db()
    request.addfinalizer(lambda: server.drop_db(name))
    return str(server.url(name))


@pytest.fixture(autouse=True)
def _isolated(db_target: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLACHT_DB", str(db_target))
    monkeypatch.setenv("KLACHT_MEDEWERKER", "tester")
    monkeypatch.setenv("KLACHT_VANDAAG", TODAY)
    monkeypatch.setenv("KLACHT_BUSY_TIMEOUT", "5")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def db_path(db_target: Path | str) -> Any:
    """The register of this test: a Path, or on PostgreSQL its URL."""
    return db_target


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


def _fill_template(path: Path | str) -> None:
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


@pytest.fixture(scope="session")
def register_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh register with two partners, made once through the real CLI and copied per test
    (running the migrations for every test would dominate the suite's time)."""
    path = tmp_path_factory.mktemp("template") / "klachten.db"
    _fill_template(path)
    assert not Path(f"{path}-wal").exists()  # everything is in the main file
    return path


@pytest.fixture(scope="session")
def pg_register_template(pg_server: Any) -> str:
    """The same template as a PostgreSQL database; tests get a copy (CREATE DATABASE … TEMPLATE)."""
    name = pg_server.create_db()
    _fill_template(pg_server.url(name))
    return str(name)


@pytest.fixture
def register(db_path: Any, backend: str, request: pytest.FixtureRequest) -> Any:
    """A private copy of the template register at the test's KLACHT_DB."""
    if backend == "postgres":
        server = request.getfixturevalue("pg_server")
        template = request.getfixturevalue("pg_register_template")
        server.drop_db(_db_name(db_path))
        server.create_db(template, name=_db_name(db_path))
        return db_path
    shutil.copyfile(request.getfixturevalue("register_template"), db_path)
    os.chmod(db_path, 0o600)
    return db_path


def rows(target: Path | str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """The result of one query on the register, SQLite or PostgreSQL (``?`` placeholders)."""
    if is_server(target):
        import psycopg

        with psycopg.connect(str(target)) as conn:
            return [tuple(r) for r in conn.execute(sql.replace("?", "%s"), params).fetchall()]  # type: ignore[arg-type]
    conn = sqlite3.connect(target)
    try:
        return list(conn.execute(sql, params).fetchall())
    finally:
        conn.close()


def dump(path: Path | str) -> list[str]:
    """Every row of every table, to prove a failed command changed nothing."""
    if is_server(path):
        import psycopg

        with psycopg.connect(str(path)) as conn:
            tables = conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() ORDER BY table_name"
            ).fetchall()
            return [
                f"{t}: {r!r}"
                for (t,) in tables
                for r in sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)  # type: ignore[arg-type]
            ]
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def unchanged(db_path: Path) -> Callable[[], list[str]]:
    return lambda: dump(db_path)
