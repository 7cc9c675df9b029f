"""Schema migrations on real register files: from empty, from every older revision with data in it,
models against migrations, a failing migration, and a register written by a newer klacht."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import textwrap
from pathlib import Path
from typing import Any

import pytest

from klachtcli.errors import RegisterError
from klachtcli.store import db

GOLDEN_SCHEMA = Path(__file__).parent / "data" / "schema.sql"
NEW = tuple(
    "nieuw --ontvangen 2026-03-02 --kanaal telefoon --klager X --categorie kwaliteit "
    "--omschrijving Y --no-input".split()
)

# Values a register at any revision accepts; columns a revision does not have are left out and
# NOT NULL columns a later revision adds are filled by type (see _insert).
ROWS: dict[str, list[dict[str, Any]]] = {
    "category": [{"code": "woonvoorziening", "label": "Woonvoorziening"}],
    "partner": [
        {
            "id": 1,
            "code": "zorgthuis",
            "name": "Zorg Thuis",
            "complaint_phone": "020-1234567",
            "contract_start": "2024-01-01",
        }
    ],
    "complaint": [
        {
            "id": 1,
            "number": "K-2026-0001",
            "year": 2026,
            "seq": 1,
            "received": "2026-03-02",
            "channel": "telefoon",
            "lodged_with": "gemeente",
            "complainant_name": "Mevrouw De Vries",
            "category": "woonvoorziening",  # a category added by the user, not a seeded one
            "description": "Traplift niet geleverd",
            "complex": 0,
            "earlier_at_partner": 0,
            "wants_municipality": 0,
            "to_administrator": 0,
            "rules": "P2",
            "advised_handler": "partner",
            "handler": "partner",
            "handler_partner_id": 1,
            "forwarded_on": "2026-03-02",
            "status": "forwarded",
            "deadline_start": "2026-03-02",
            "contact_due": "2026-03-09",
            "contact_rule": "5 werkdagen na ontvangst (WA §6)",
            "handling_due": "2026-04-13",
            "handling_rule": "6 weken na ontvangst (Awb 9:11 lid 1, Atw art. 1)",
            "extension_weeks": 0,
            "extension_consent": 0,
            "legal_hold": 0,
            "created_at": "2026-03-02 10:00:00.000000",
        }
    ],
    "complaint_partner": [{"complaint_id": 1, "partner_id": 1}],
    "event": [
        {
            "id": 1,
            "complaint_id": 1,
            "kind": "ontvangen",
            "on": "2026-03-02",
            "employee": "tester",
            "text": "Klacht ontvangen via telefoon, ingediend bij gemeente; advies partner (P2).",
            "created_at": "2026-03-02 10:00:00.000000",
        },
        {
            "id": 2,
            "complaint_id": 1,
            "kind": "notitie",
            "on": "2026-03-03",
            "employee": "tester",
            "text": "Bijlage ontvangen",
            "attachment_name": "brief.pdf",
            "attachment_type": "application/pdf",
            "attachment": b"%PDF-1.4 \x00\x01\x02 binary",
            "created_at": "2026-03-03 09:00:00.000000",
        },
    ],
    "audit_log": [
        {
            "id": 1,
            "at": "2026-03-02 10:00:00.000000",
            "employee": "tester",
            "command": "klacht nieuw",
            "entity": "klacht",
            "entity_key": "K-2026-0001",
            "action": "nieuw",
        }
    ],
}

FILLER = {"INT": 0, "BOOL": 0, "DATETIME": "2026-03-02 10:00:00.000000", "DATE": "2026-03-02"}


def _filler(declared: str) -> Any:
    for prefix, value in FILLER.items():
        if declared.upper().startswith(prefix):
            return value
    return "x"


def _insert(path: Path) -> None:
    """Insert ROWS into a register at some revision, fitted to that revision's columns."""
    conn = sqlite3.connect(path)
    try:
        for table, rows in ROWS.items():
            info = conn.execute(f"PRAGMA table_info({table})").fetchall()
            assert info, f"tabel {table} ontbreekt in dit schema"
            for row in rows:
                values = {}
                for _cid, name, declared, notnull, default, pk in info:
                    if name in row:
                        values[name] = row[name]
                    elif notnull and default is None and not pk:
                        values[name] = _filler(declared)
                cols = ", ".join(f'"{c}"' for c in values)
                marks = ", ".join("?" for _ in values)
                conn.execute(
                    f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(values.values())
                )
        conn.commit()
    finally:
        conn.close()


def _rows(path: Path, columns: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Every row of the tables in ROWS: (columns, rows), in the given or the current columns."""
    conn = sqlite3.connect(path)
    try:
        out: dict[str, Any] = {}
        for table in ROWS:
            cols = (columns or {}).get(table) or [
                c[1] for c in conn.execute(f"PRAGMA table_info({table})").fetchall()
            ]
            quoted = ", ".join(f'"{c}"' for c in cols)
            out[table] = (cols, conn.execute(f"SELECT {quoted} FROM {table}").fetchall())
        return out
    finally:
        conn.close()


def register_at(path: Path, revision: str) -> None:
    """A register as a klacht of that revision created it: private file, WAL, migrated to it."""
    db.create_private_file(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    db._run_alembic(path, revision)
    assert db.schema_version(path) == revision


def schema(path: Path) -> list[tuple[str, str, str | None]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()


def version_rows(path: Path) -> list[tuple[str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchall()
    finally:
        conn.close()


def all_rows(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def model_differences(path: Path) -> list[Any]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from klachtcli.store.models import metadata

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


# --- from empty -------------------------------------------------------------------------------


def test_init_creates_register_at_head(cli, db_path: Path) -> None:
    cli.ok("init")
    assert db.schema_version(db_path) == db.HEAD
    assert version_rows(db_path) == [(db.HEAD,)]
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT count(*) FROM category").fetchone()[0] >= 10
        assert conn.execute("SELECT count(*) FROM non_working_day").fetchone()[0] > 0
    finally:
        conn.close()
    assert db_path.stat().st_mode & 0o777 == 0o600


def test_revisions_match_alembic_history() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(db.migrations_dir()))
    history = tuple(rev.revision for rev in script.walk_revisions())[::-1]  # oldest first
    assert db.REVISIONS == history, "werk REVISIONS in klachtcli/store/db.py bij"
    assert tuple(script.get_heads()) == (db.HEAD,), "de migraties moeten één lijn vormen"
    assert script.get_base() == db.REVISIONS[0]


def test_schema_matches_golden_file(cli, db_path: Path) -> None:
    """A schema change is always deliberate: it shows up here and in review.

    After adding a migration, regenerate with KLACHT_UPDATE_GOLDEN=1 and check the diff.
    """
    cli.ok("init")
    # whitespace normalised: SQLAlchemy's DDL layout may change, the schema may not
    text = "".join(
        f"-- {kind} {name}\n{' '.join(sql.split())};\n"
        for kind, name, sql in schema(db_path)
        if sql
    )
    text += f"-- alembic_version {db.HEAD}\n"
    if os.environ.get("KLACHT_UPDATE_GOLDEN"):
        GOLDEN_SCHEMA.parent.mkdir(exist_ok=True)
        GOLDEN_SCHEMA.write_text(text, encoding="utf-8")
    assert text == GOLDEN_SCHEMA.read_text(encoding="utf-8"), (
        "schema wijkt af van tests/data/schema.sql; "
        "draai KLACHT_UPDATE_GOLDEN=1 pytest tests/test_migrations.py als dat de bedoeling is"
    )


# --- models and migrations agree -----------------------------------------------------------


def test_models_and_migrations_agree(cli, db_path: Path) -> None:
    cli.ok("init")
    assert model_differences(db_path) == []


# --- from every older revision, with data ---------------------------------------------------


@pytest.mark.parametrize("revision", db.REVISIONS[:-1])
def test_upgrade_from_older_revision_keeps_data(cli, db_path: Path, revision: str) -> None:
    register_at(db_path, revision)
    _insert(db_path)
    at_revision = schema(db_path)
    data_before = _rows(db_path)

    result = cli.ok("lijst", "--json")

    # stdout stays one JSON document; the notice goes to stderr
    listed = json.loads(result.stdout)
    assert [k["nummer"] for k in listed["klachten"]] == ["K-2026-0001"]
    assert listed["klachten"][0]["categorie"] == "woonvoorziening"
    assert listed["klachten"][0]["partners"] == ["zorgthuis"]
    assert "bijgewerkt" in result.stderr
    assert revision in result.stderr and db.HEAD in result.stderr

    assert version_rows(db_path) == [(db.HEAD,)]
    assert model_differences(db_path) == []
    fresh = db_path.parent / "vers.db"
    db.create_register(fresh)
    assert [entry[:2] for entry in schema(db_path)] == [entry[:2] for entry in schema(fresh)]
    fresh.unlink()
    data_after = _rows(db_path, {table: cols for table, (cols, _) in data_before.items()})
    for table, (_cols, rows) in data_before.items():
        kept = data_after[table][1]
        assert [row for row in rows if row not in kept] == [], table
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()

    shown = json.loads(cli.ok("toon", "K-2026-0001", "--json").stdout)
    assert [e["soort"] for e in shown["gebeurtenissen"]] == ["ontvangen", "notitie"]
    partners = json.loads(cli.ok("partner", "lijst", "--json").stdout)["partners"]
    assert [p["code"] for p in partners] == ["zorgthuis"]

    backups = sorted(db_path.parent.glob(f"{db_path.stem}.voor-upgrade-{revision}-*.db"))
    assert len(backups) == 1, backups
    saved = backups[0]
    assert str(saved) in result.stderr
    assert saved.stat().st_mode & 0o777 == 0o600
    assert version_rows(saved) == [(revision,)]
    assert schema(saved) == at_revision
    conn = sqlite3.connect(saved)
    try:
        assert conn.execute("SELECT number FROM complaint").fetchall() == [("K-2026-0001",)]
    finally:
        conn.close()

    # the next command finds HEAD: no second backup, no notice
    again = cli.ok("lijst", "--json")
    assert again.stderr == ""
    assert len(list(db_path.parent.glob("*.voor-upgrade-*"))) == 1


def test_db_upgrade_command_upgrades_older_register(cli, db_path: Path) -> None:
    register_at(db_path, db.REVISIONS[0])
    result = cli.ok("db", "upgrade")
    assert db.HEAD in result.stdout
    assert version_rows(db_path) == [(db.HEAD,)]
    assert len(list(db_path.parent.glob("*.voor-upgrade-*.db"))) == 1


# --- a failing migration rolls back ---------------------------------------------------------


def migrations_with(tmp_path: Path, body: str) -> Path:
    """A copy of the real migrations with one extra revision after HEAD."""
    copy = tmp_path / "migrations"
    shutil.copytree(
        db.migrations_dir(), copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    source = (
        '"""Test-only revision."""\n'
        "import sqlalchemy as sa\n"
        "from alembic import op\n\n"
        'revision = "9001"\n'
        f"down_revision = {db.HEAD!r}\n"
        "branch_labels = None\n"
        "depends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ")
        + "\n\n\ndef downgrade() -> None:\n    pass\n"
    )
    (copy / "versions" / "9001_test.py").write_text(source, encoding="utf-8")
    return copy


@pytest.fixture
def register_with_data(cli, db_path: Path) -> Path:
    cli.ok("init")
    cli.ok("partner", "toevoegen", "zorgthuis", "--naam", "Zorg Thuis")
    cli.ok(*NEW, "--partner", "zorgthuis")
    return db_path


FAILING = """
    op.create_table("proef", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("INSERT INTO proef (id) VALUES (1)")
    op.add_column("complaint", sa.Column("proef", sa.String(), nullable=True))
    # a table rebuild of a table that complaints refer to (batch mode on SQLite)
    with op.batch_alter_table("partner", recreate="always") as batch:
        batch.add_column(sa.Column("proef", sa.String(), nullable=True))
    op.execute("UPDATE partner SET name = 'gewijzigd'")
    op.execute("DELETE FROM category WHERE code = 'privacy'")
    done = op.get_bind().exec_driver_sql("SELECT count(*) FROM proef").scalar()
    raise RuntimeError(f"kapot na {done} stap(pen) DDL")
"""


def test_failing_migration_rolls_back_everything(register_with_data: Path, tmp_path: Path) -> None:
    path = register_with_data
    before = (schema(path), version_rows(path), all_rows(path))

    with pytest.raises(RegisterError) as caught:
        db._run_alembic(path, script_location=migrations_with(tmp_path, FAILING))

    # the migration really ran its DDL before it failed
    assert "kapot na 1 stap(pen) DDL" in caught.value.message
    assert "niets gewijzigd" in caught.value.message
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert (schema(path), version_rows(path), all_rows(path)) == before
    assert not list(path.parent.glob("*_alembic_tmp_*"))


def test_migration_can_rebuild_referenced_tables_with_data(
    register_with_data: Path, tmp_path: Path
) -> None:
    """Batch mode copies, drops and renames a table; rows referring to it must survive."""
    body = """
        with op.batch_alter_table("partner", recreate="always") as batch:
            batch.add_column(sa.Column("proef", sa.String(), nullable=True))
        with op.batch_alter_table("complaint", recreate="always") as batch:
            batch.add_column(sa.Column("proef", sa.String(), nullable=True))
    """
    path = register_with_data
    rows_before = all_rows(path)
    db._run_alembic(path, script_location=migrations_with(tmp_path, body))

    assert version_rows(path) == [("9001",)]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        refs = {row[2] for row in conn.execute("PRAGMA foreign_key_list(complaint_partner)")}
        assert refs == {"complaint", "partner"}
        assert conn.execute(
            "SELECT c.number, p.code FROM complaint c JOIN complaint_partner cp "
            "ON cp.complaint_id = c.id JOIN partner p ON p.id = cp.partner_id"
        ).fetchall() == [("K-2026-0001", "zorgthuis")]
        assert conn.execute("SELECT count(*) FROM event").fetchone()[0] == len(
            [r for r in rows_before if r.startswith('INSERT INTO "event"')]
        )
    finally:
        conn.close()


def test_migration_that_breaks_a_reference_rolls_back(
    register_with_data: Path, tmp_path: Path
) -> None:
    body = """
        op.execute("DELETE FROM partner WHERE code = 'zorgthuis'")
    """
    path = register_with_data
    before = (schema(path), version_rows(path), all_rows(path))
    with pytest.raises(RegisterError, match="verwijzing"):
        db._run_alembic(path, script_location=migrations_with(tmp_path, body))
    assert (schema(path), version_rows(path), all_rows(path)) == before


# --- a register from a newer klacht -----------------------------------------------------------

REFUSING = [
    ("lijst",),
    ("lijst", "--json"),
    ("toon", "K-2026-0001"),
    ("toon", "K-2026-0001", "--json"),
    ("partner", "lijst"),
    ("partner", "toon", "zorgthuis"),
    ("partner", "toevoegen", "nieuw", "--naam", "Nieuw"),
    ("partner", "wijzig", "zorgthuis", "--naam", "Anders"),
    NEW,
    ("db", "upgrade"),
]


def test_newer_schema_is_refused_untouched(register, cli, db_path: Path) -> None:
    cli.ok(*NEW)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    assert not Path(f"{db_path}-wal").exists()  # checkpointed: the file holds everything
    data, mtime = db_path.read_bytes(), db_path.stat().st_mtime_ns

    for args in REFUSING:
        result = cli(*args)
        assert result.exit_code == 3, (args, result.stdout, result.stderr)
        assert "9999" in result.stderr and "nieuwer" in result.stderr, args
        assert "Traceback" not in result.output
        assert result.stdout == "", args

    # diagnostics and rescue still work and leave it alone too
    assert cli("db", "check").exit_code == 0
    assert cli("init").exit_code == 0
    cli.ok("db", "backup", str(db_path.parent / "kopie.db"))

    assert db_path.read_bytes() == data
    assert db_path.stat().st_mtime_ns == mtime
    assert not list(db_path.parent.glob("*.voor-upgrade-*"))
