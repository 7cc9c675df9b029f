"""Several processes on one register at once (SPEC §1, §8): registrations get unique, gap-free
numbers, and an older register is upgraded once, with one backup."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import is_server, rows

from klachtcli.store import db
from klachtcli.store.target import parse

pytestmark = pytest.mark.backends

WORKERS = 4
PER_WORKER = 25

# Each worker is its own OS process with its own connections. It runs the real CLI the way
# `klacht` does (Typer's click command built once, main() in standalone mode, the status from
# SystemExit) but without an interpreter start per command: 100 of those would cost ~50 s on two
# cores. It imports first, says it is ready, and starts only when every worker is ready.
WORKER = """
import contextlib, io, json, sys, time
from pathlib import Path
import typer.main
from klachtcli.cli import app

ready, go, commands = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
command = typer.main.get_command(app)

def klacht(args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            command.main(args=args, prog_name="klacht")
            code = 0
        except SystemExit as exc:
            code = exc.code
    return [code, out.getvalue(), err.getvalue()]

ready.touch()
while not go.exists():
    time.sleep(0.005)
print(json.dumps([klacht(args) for args in commands]))
"""


def run_together(tmp: Path, work: list[list[list[str]]]) -> list[list[list[Any]]]:
    """One process per entry of ``work``, each running its commands; [exit, stdout, stderr]."""
    env = {**os.environ, "KLACHT_BUSY_TIMEOUT": "30"}
    go = tmp / "go"
    procs = []
    for w, commands in enumerate(work):
        ready = tmp / f"ready-{w}"
        args = [sys.executable, "-c", WORKER, str(ready), str(go), json.dumps(commands)]
        proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        procs.append((ready, proc))
    try:
        deadline = time.monotonic() + 60
        while not all(ready.exists() for ready, _ in procs):
            assert time.monotonic() < deadline, "workers did not start"
            assert all(p.poll() is None for _, p in procs), [p.communicate() for _, p in procs]
            time.sleep(0.01)
        go.touch()
        outputs = [p.communicate(timeout=240) for _, p in procs]
    finally:
        for _, p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    results = []
    for (_, p), (stdout, stderr) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, stderr
        results.append(json.loads(stdout))
    return results


def oldest_register(path: Path | str) -> None:
    """A register as the first klacht made it: private, WAL journal, schema of revision one."""
    if is_server(path):
        db._run_alembic(parse(path), db.REVISIONS[0])
        return
    assert isinstance(path, Path)
    db.create_private_file(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    db._run_alembic(path, db.REVISIONS[0])


def nieuw(complainant: str) -> list[str]:
    return (
        "nieuw --ontvangen 2026-03-02 --kanaal telefoon --categorie kwaliteit --omschrijving Y "
        "--no-input --json --klager"
    ).split() + [complainant]


def test_parallel_registrations_get_distinct_gap_free_numbers(cli, db_path, tmp_path) -> None:
    cli.ok("init")
    work = [[nieuw(f"w{w}-{i}") for i in range(PER_WORKER)] for w in range(WORKERS)]
    results = run_together(tmp_path, work)

    by_complainant: dict[str, str] = {}
    for commands, outcomes in zip(work, results, strict=True):
        for args, (code, stdout, stderr) in zip(commands, outcomes, strict=True):
            assert code == 0, (args[-1], stdout, stderr)
            by_complainant[args[-1]] = json.loads(stdout)["nummer"]
    total = WORKERS * PER_WORKER
    assert sorted(by_complainant.values()) == [f"K-2026-{n:04d}" for n in range(1, total + 1)]

    stored = dict(rows(db_path, "SELECT complainant_name, number FROM complaint"))
    assert stored == by_complainant  # each process was told the number really stored
    seqs = [row[0] for row in rows(db_path, "SELECT seq FROM complaint ORDER BY seq")]
    assert seqs == list(range(1, total + 1))
    [(audited,)] = rows(
        db_path, "SELECT count(*) FROM audit_log WHERE entity = 'klacht' AND action = 'nieuw'"
    )
    assert audited == total
    assert rows(db_path, "SELECT year, last_seq FROM complaint_counter") == [(2026, total)]
    cli.ok("db", "check")
    assert json.loads(cli.ok("lijst", "--json").stdout)["aantal"] == total

    # the test proves something only if the workers really interleaved: in number order the
    # registering worker changes more often than once per worker
    owner = [c.split("-")[0] for c, _ in sorted(by_complainant.items(), key=lambda kv: kv[1])]
    switches = sum(1 for a, b in zip(owner, owner[1:], strict=False) if a != b)
    assert switches >= WORKERS, owner


def test_older_register_is_upgraded_once_when_commands_start_together(db_path, tmp_path) -> None:
    oldest_register(db_path)
    work = [[["lijst", "--json"]], [["partner", "lijst", "--json"]], [nieuw("tegelijk")]]

    results = run_together(tmp_path, work)

    outcomes = [outcome for worker in results for outcome in worker]
    assert [code for code, _, _ in outcomes] == [0, 0, 0], outcomes
    notices = [err for _, _, err in outcomes if "bijgewerkt" in err]
    assert len(notices) == 1, outcomes  # one process upgraded; the others waited and found HEAD
    if is_server(db_path):  # one transaction under an advisory lock; the DBA keeps backups
        assert "databasebeheerder" in notices[0]
        assert db.schema_version(parse(db_path)) == db.HEAD
        return
    backups = list(db_path.parent.glob("*.voor-upgrade-*.db"))
    assert len(backups) == 1, backups
    assert db.schema_version(backups[0]) == db.REVISIONS[0]
    assert db.schema_version(db_path) == db.HEAD
