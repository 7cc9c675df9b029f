"""A register that cannot be used — missing, corrupt, a directory, locked, read-only — gets a Dutch
message and exit status 3 (SPEC §5, §8), and nothing changes; plus the `klacht db` commands."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from klachtcli.store import db

NEW = tuple(
    "nieuw --ontvangen 2026-03-02 --kanaal telefoon --klager X --categorie kwaliteit "
    "--omschrijving Y --no-input".split()
)
READS = [("lijst",), ("lijst", "--json"), ("toon", "K-2026-0001"), ("partner", "lijst")]
WRITES = [NEW, ("partner", "toevoegen", "nieuw", "--naam", "Nieuw")]
DB_COMMANDS = [("db", "status"), ("db", "status", "--json"), ("db", "check"), ("db", "upgrade")]
EVERYDAY = READS + WRITES + DB_COMMANDS


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def oldest_register(path: Path) -> None:
    """A register as the first klacht made it: private, WAL journal, schema of revision one."""
    db.create_private_file(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    db._run_alembic(path, db.REVISIONS[0])


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def klacht(*args: str) -> subprocess.CompletedProcess[str]:
    """The console-script entry point in its own process: what a user really sees on stderr."""
    return subprocess.run(
        [sys.executable, "-c", "from klachtcli.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_refused(result: Any, *words: str) -> None:
    assert result.exit_code == 3, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr.startswith("Fout: "), result.stderr
    assert any(word in result.stderr for word in words), result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


# --- missing --------------------------------------------------------------------------------


@pytest.mark.parametrize("args", EVERYDAY + [("db", "backup", "{tmp}/kopie.db")], ids=" ".join)
def test_missing_register_hints_at_init(cli, tmp_path: Path, db_path: Path, args) -> None:
    before = files_in(tmp_path)
    result = cli(*(arg.format(tmp=tmp_path) for arg in args))
    assert_refused(result, "klacht init")
    assert "Er is geen register" in result.stderr
    assert files_in(tmp_path) == before
    assert not db_path.exists()


def test_missing_directory_is_not_created(cli, tmp_path: Path) -> None:
    path = tmp_path / "bestaat-niet" / "klachten.db"
    for args in (("lijst",), NEW):
        assert_refused(cli("--db", str(path), *args), "klacht init")
    assert not path.parent.exists()


# --- corrupt ----------------------------------------------------------------------------------


@pytest.fixture
def filled(register: Path, cli) -> Path:
    cli.ok(*NEW)
    cli.ok(*NEW[:-1], "--partner", "zorgthuis", "--no-input")
    return register


def test_random_bytes_are_refused(cli, db_path: Path) -> None:
    garbage = os.urandom(64 * 1024)
    db_path.write_bytes(garbage)
    for args in EVERYDAY:
        assert_refused(cli(*args), "geen klachtregister", "beschadigd")
    assert db_path.read_bytes() == garbage


def test_sqlite_file_that_is_no_register_is_refused(cli, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE boodschappen (wat TEXT)")
    conn.commit()
    conn.close()
    for args in (("lijst",), NEW, ("db", "upgrade")):
        assert_refused(cli(*args), "geen klachtregister")
    assert [r for r in dump(db_path) if "INSERT" in r] == []


@pytest.mark.parametrize("fraction", [0.1, 0.33, 0.6])
def test_truncated_register_is_refused(filled: Path, cli, fraction: float) -> None:
    data = filled.read_bytes()
    cut = data[: int(len(data) * fraction)]
    filled.write_bytes(cut)
    for args in EVERYDAY:
        assert_refused(cli(*args), "beschadigd", "geen klachtregister")
    assert filled.read_bytes() == cut


def test_corrupt_register_in_a_real_process_shows_no_traceback(filled: Path) -> None:
    filled.write_bytes(filled.read_bytes()[:8192])
    for args in (["lijst"], list(NEW)):
        result = klacht(*args)
        assert result.returncode == 3, result
        assert "beschadigd" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout


def test_directory_as_register_is_refused(cli, tmp_path: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    for args in (("lijst",), NEW, ("db", "status"), ("db", "check")):
        assert_refused(cli("--db", str(folder), *args), "map")
    assert list(folder.iterdir()) == []


# --- locked -----------------------------------------------------------------------------------


@pytest.fixture
def locked(filled: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Another process (here: another connection) holds the write lock."""
    monkeypatch.setenv("KLACHT_BUSY_TIMEOUT", "0.2")
    holder = sqlite3.connect(filled, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield filled
    finally:
        holder.rollback()
        holder.close()


@pytest.mark.parametrize("args", WRITES, ids=" ".join)
def test_locked_register_write_is_refused_after_busy_timeout(
    locked: Path, cli, unchanged, args
) -> None:
    before = unchanged()
    started = time.monotonic()
    result = cli(*args)
    elapsed = time.monotonic() - started
    assert_refused(result, "bezet", "vergrendeld")
    assert 0.15 < elapsed < 5, elapsed  # it waited for KLACHT_BUSY_TIMEOUT, not the default 15 s
    assert unchanged() == before


def test_locked_register_can_still_be_read(locked: Path, cli) -> None:
    """WAL: cron's `termijnen` and a colleague's `lijst` work while someone registers."""
    listed = json.loads(cli.ok("lijst", "--json").stdout)
    assert listed["aantal"] == 2


def test_locked_older_register_is_not_upgraded(
    cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    oldest_register(db_path)
    monkeypatch.setenv("KLACHT_BUSY_TIMEOUT", "0.2")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert_refused(cli("lijst"), "bezet", "vergrendeld")
    finally:
        holder.rollback()
        holder.close()
    assert db.schema_version(db_path) == db.REVISIONS[0]
    assert not list(db_path.parent.glob("*.voor-upgrade-*"))


# --- read-only --------------------------------------------------------------------------------


@pytest.fixture
def read_only(filled: Path) -> Iterator[Path]:
    """chmod 0400 does not stop root, so as root the file is made immutable (chattr +i)."""
    if os.geteuid() != 0:
        filled.chmod(0o400)
        try:
            yield filled
        finally:
            filled.chmod(0o600)
        return
    chattr = shutil.which("chattr")
    done = chattr and subprocess.run([chattr, "+i", str(filled)], capture_output=True, text=True)
    if not done or done.returncode != 0:
        reason = done.stderr if done else "chattr ontbreekt"
        pytest.skip(f"root negeert chmod 0400 en chattr +i lukt hier niet: {reason}")
    try:
        yield filled
    finally:
        subprocess.run([chattr, "-i", str(filled)], check=True)


@pytest.mark.parametrize("args", WRITES, ids=" ".join)
def test_read_only_register_write_is_refused(read_only: Path, cli, args) -> None:
    data = read_only.read_bytes()
    assert_refused(cli(*args), "alleen-lezen")
    assert read_only.read_bytes() == data


# --- klacht db --------------------------------------------------------------------------------


def test_db_backup_is_private_consistent_copy(filled: Path, cli, tmp_path: Path) -> None:
    dest = tmp_path / "kopieen" / "reserve.db"
    dest.parent.mkdir()
    result = cli.ok("db", "backup", str(dest))
    assert str(dest) in result.stdout
    assert dest.stat().st_mode & 0o777 == 0o600
    assert dump(dest) == dump(filled)
    listed = json.loads(cli.ok("--db", str(dest), "lijst", "--json").stdout)
    assert [k["nummer"] for k in listed["klachten"]] == ["K-2026-0001", "K-2026-0002"]


def test_db_backup_works_while_register_is_locked(locked: Path, cli, tmp_path: Path) -> None:
    dest = tmp_path / "reserve.db"
    cli.ok("db", "backup", str(dest))
    assert dump(dest) == dump(locked)


def test_db_backup_onto_existing_path_is_refused(filled: Path, cli, tmp_path: Path) -> None:
    dest = tmp_path / "reserve.db"
    dest.write_bytes(b"niet overschrijven")
    result = cli("db", "backup", str(dest))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "bestaat al" in result.stderr
    assert dest.read_bytes() == b"niet overschrijven"


def test_db_check_good_register(filled: Path, cli) -> None:
    assert "in orde" in cli.ok("db", "check").stdout


def test_db_check_names_dangling_reference(filled: Path, cli) -> None:
    conn = sqlite3.connect(filled)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO complaint_partner (complaint_id, partner_id) VALUES (1, 99)")
    conn.commit()
    conn.close()
    result = cli("db", "check")
    assert_refused(result, "niet in orde")
    assert "complaint_partner" in result.stderr and "partner" in result.stderr


def test_db_status_json_shape(filled: Path, cli) -> None:
    info = json.loads(cli.ok("db", "status", "--json").stdout)
    expected = {
        "pad": str(filled),
        "bytes": filled.stat().st_size,
        "schemaversie": db.HEAD,
        "nieuwste_schemaversie": db.HEAD,
        "bijwerken_nodig": False,
        "klachten": 2,
        "partners": 2,
    }
    assert {key: info.get(key) for key in expected} == expected  # more keys may be added


def test_db_status_of_older_register_says_upgrade_needed(cli, db_path: Path) -> None:
    oldest_register(db_path)
    info = json.loads(cli.ok("db", "status", "--json").stdout)
    assert info["schemaversie"] == db.REVISIONS[0]
    assert info["bijwerken_nodig"] is True
    assert db.schema_version(db_path) == db.REVISIONS[0]  # status only looks


def test_db_upgrade_on_current_register_says_so(filled: Path, cli) -> None:
    data, mtime = filled.read_bytes(), filled.stat().st_mtime_ns
    result = cli.ok("db", "upgrade")
    assert "al bij" in result.stdout and db.HEAD in result.stdout
    assert filled.read_bytes() == data and filled.stat().st_mtime_ns == mtime
    assert not list(filled.parent.glob("*.voor-upgrade-*"))
