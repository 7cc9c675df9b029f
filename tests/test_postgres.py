"""A register on PostgreSQL (SPEC §11): schema through the same migrations, upgrades, the
server's refusals in Dutch with exit 3 and never the password."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from tests.conftest import rows
from tests.pgserver import PASSWORD

from klachtcli.store import db
from klachtcli.store.target import parse

pytestmark = pytest.mark.backends("postgres")


@pytest.fixture
def server_url(db_path: str) -> str:
    return db_path


def test_init_creates_the_schema_in_an_empty_database(cli, server_url) -> None:
    result = cli.ok("init")
    assert "schemaversie " + db.HEAD in result.stdout
    assert PASSWORD not in result.stdout + result.stderr
    assert rows(server_url, "SELECT version_num FROM alembic_version") == [(db.HEAD,)]
    again = cli.ok("init")
    assert "bestaat al" in again.stdout
    status = json.loads(cli.ok("db", "status", "--json").stdout)
    assert status["schemaversie"] == db.HEAD and status["klachten"] == 0
    assert PASSWORD not in json.dumps(status)
    assert "in orde" in cli.ok("db", "check").stdout


def test_models_and_migrations_agree_on_postgresql(cli, server_url) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from klachtcli.store.models import metadata
    from klachtcli.store.server import make_engine

    cli.ok("init")
    engine = make_engine(parse(server_url), 5000)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert diff == []


@pytest.mark.parametrize("revision", db.REVISIONS[:-1])
def test_upgrade_from_every_older_revision(cli, server_url, revision: str) -> None:
    db._run_alembic(parse(server_url), revision)
    result = cli("partner", "lijst", "--json")
    assert result.exit_code == 0, result.stderr
    assert f"van schemaversie {revision} naar {db.HEAD}" in result.stderr
    assert rows(server_url, "SELECT version_num FROM alembic_version") == [(db.HEAD,)]


def test_newer_schema_is_refused_untouched(cli, server_url) -> None:
    cli.ok("init")
    rows_before = rows(server_url, "SELECT count(*) FROM partner")
    import psycopg

    with psycopg.connect(server_url) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    result = cli("lijst")
    assert result.exit_code == 3
    assert "nieuwer" in result.stderr
    assert rows(server_url, "SELECT version_num FROM alembic_version") == [("9999",)]
    assert rows(server_url, "SELECT count(*) FROM partner") == rows_before


def test_a_database_of_something_else_is_not_a_register(cli, server_url) -> None:
    import psycopg

    with psycopg.connect(server_url) as conn:
        conn.execute("CREATE TABLE boekhouding (id int)")
    for args in (["lijst"], ["init"]):
        result = cli(*args)
        assert result.exit_code == 3, args
        assert "niet leeg en geen klachtregister" in result.stderr
        assert "boekhouding" in result.stderr
    assert rows(server_url, "SELECT count(*) FROM boekhouding") == [(0,)]


def test_an_empty_database_asks_for_init(cli, server_url) -> None:
    result = cli("lijst")
    assert result.exit_code == 3
    assert "klacht init" in result.stderr


def test_wrong_password_missing_database_and_no_server(cli, server_url, monkeypatch) -> None:
    cli.ok("init")
    good = server_url
    wrong = good.replace(f":{PASSWORD}@", ":Fout-Wachtwoord-42@")
    missing = good.rsplit("/", 1)[0] + "/bestaat_niet"
    host_port = good.split("@", 1)[1].split("/", 1)[0]
    port = int(host_port.rsplit(":", 1)[1])
    down = good.replace(f":{port}/", f":{port + 1 if port < 65535 else port - 1}/")
    for url, says in (
        (wrong, "wachtwoord onjuist"),
        (missing, "bestaat niet op de server"),
        (down, "niet bereikbaar"),
    ):
        result = cli("--db", url, "lijst")
        assert result.exit_code == 3, (url, result.stderr)
        assert says in result.stderr
        assert "Traceback" not in result.stderr
        for secret in (PASSWORD, "Fout-Wachtwoord-42"):
            assert secret not in result.stdout + result.stderr


def test_without_psycopg_the_extra_is_named(server_url) -> None:
    """A klacht without the postgres extra: the import of psycopg fails; exit 3, Dutch hint."""
    code = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from klachtcli.cli import main\n"
        "sys.argv = ['klacht', '--db', sys.argv[1], 'lijst']\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, server_url], capture_output=True, text=True, check=False
    )
    assert done.returncode == 3, done.stderr
    assert "pip install 'klacht[postgres]'" in done.stderr
    assert PASSWORD not in done.stderr


def test_backup_uses_pg_dump(cli, server_url, tmp_path) -> None:
    cli.ok("init")
    dest = tmp_path / "kopie.dump"
    result = cli("db", "backup", str(dest))
    if result.exit_code == 3:  # no pg_dump on this machine: the message says how
        assert "pg_dump --format=custom" in result.stderr
        assert PASSWORD not in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    assert dest.read_bytes().startswith(b"PGDMP")
    assert dest.stat().st_mode & 0o777 == 0o600


# --- klacht db kopieer ----------------------------------------------------------------------


def _workbook_values(path) -> list[tuple[str, list[tuple[object, ...]]]]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [
        (s.title, [tuple(r) for r in s.iter_rows(values_only=True) if r[0] != "Gemaakt op"])
        for s in book.worksheets
    ]


def test_kopieer_round_trip_gives_the_same_answers(cli, server_url, tmp_path) -> None:
    source = tmp_path / "bron.db"
    cli.ok("demo", "--db", str(source), "--aantal", "40")
    attachment = tmp_path / "brief.pdf"
    attachment.write_bytes(b"%PDF-1.4 vertrouwelijke brief \x00\xff" * 100)
    cli.ok("--db", str(source), "document", "K-2026-0001", str(attachment))

    result = cli.ok("--db", str(source), "db", "kopieer", "--naar", server_url)
    [(attached,)] = rows(source, "SELECT count(*) FROM event WHERE attachment IS NOT NULL")
    assert attached >= 1
    assert f"controlesommen van {attached} bijlage(n) kloppen" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr

    def answers(target: str) -> list[object]:
        out = [
            json.loads(cli.ok("--db", target, *args).stdout)
            for args in (
                ["lijst", "--status", "alle", "--json"],
                ["termijnen", "--json"],
                ["toon", "K-2026-0001", "--json"],
                ["partner", "lijst", "--json"],
                ["kalender", "lijst", "--json"],
                ["instellingen", "--json"],
            )
        ]
        for quarter in ("2026-Q2", "2026-Q3"):
            book = tmp_path / f"{quarter}-{abs(hash(target))}.xlsx"
            cli.ok("--db", target, "rapport", "--kwartaal", quarter, "--uitvoer", str(book))
            out.append(_workbook_values(book))
        return out

    assert answers(server_url) == answers(str(source))
    for table in ("complaint", "event", "audit_log", "setting", "non_working_day", "category"):
        assert rows(server_url, f"SELECT count(*) FROM {table}") == rows(
            source, f"SELECT count(*) FROM {table}"
        ), table
    # the serial counters moved on: the next complaint gets the next id and number
    nieuw = cli.new("2026-11-20")
    [(last,)] = rows(source, "SELECT count(*) FROM complaint WHERE year = 2026")
    assert nieuw["nummer"] == f"K-2026-{last + 1:04d}"


def test_kopieer_refuses_a_database_that_is_not_empty(cli, server_url, tmp_path) -> None:
    source = tmp_path / "bron.db"
    cli.ok("demo", "--db", str(source), "--aantal", "3")
    cli.ok("init")  # the target already holds a register
    before = rows(server_url, "SELECT count(*) FROM complaint")
    result = cli("--db", str(source), "db", "kopieer", "--naar", server_url)
    assert result.exit_code == 2
    assert "alleen in een lege database" in result.stderr
    assert rows(server_url, "SELECT count(*) FROM complaint") == before
    result = cli("--db", server_url, "db", "kopieer", "--naar", server_url)
    assert result.exit_code == 2 and "leest een SQLite-register" in result.stderr


def test_a_lock_held_too_long_is_busy_exit_3_and_changes_nothing(
    cli, server_url, monkeypatch
) -> None:
    """Another writer holding the year's counter row: after KLACHT_BUSY_TIMEOUT the command
    gives up as on SQLite (exit 3, 'bezet'); once the lock is gone the number is the next one."""
    import psycopg

    cli.ok("init")
    assert cli.new("2026-03-02")["nummer"] == "K-2026-0001"
    monkeypatch.setenv("KLACHT_BUSY_TIMEOUT", "1")
    with psycopg.connect(server_url) as other:
        other.execute("SELECT * FROM complaint_counter WHERE year = 2026 FOR UPDATE")
        result = cli(
            "nieuw",
            "--no-input",
            "--ontvangen",
            "2026-03-03",
            "--kanaal",
            "email",
            "--klager",
            "B",
            "--categorie",
            "kwaliteit",
            "--omschrijving",
            "x",
        )
        assert result.exit_code == 3, result.stderr
        assert "bezet" in result.stderr
        other.rollback()
    assert rows(server_url, "SELECT count(*) FROM complaint") == [(1,)]
    assert cli.new("2026-03-03")["nummer"] == "K-2026-0002"
