"""A process killed in the middle of a command leaves the register as it was (SPEC §8)."""

import os
import signal
import subprocess
import sys
import textwrap
import time

from tests.conftest import dump

# Registers a complaint through the real use-case, then stalls before the commit so the test can
# kill it while its transaction holds uncommitted rows.
STALLING_COMMAND = textwrap.dedent(
    """
    import sys, time
    from datetime import date
    from pathlib import Path
    from klachtcli.services.audit import Actor
    from klachtcli.services.complaints import NewComplaint, register
    from klachtcli.store.db import session_scope

    actor = Actor("tester", "klacht nieuw", date(2026, 11, 27))
    with session_scope(Path(sys.argv[1]), write=True) as session:
        register(session, actor, NewComplaint(
            received=date(2026, 3, 2), channel="email", lodged_with="gemeente",
            complainant_name="Half Geschreven", category="overig", description="x"))
        session.flush()
        print("flushed", flush=True)
        time.sleep(60)
    """
)


def test_killed_mid_transaction_changes_nothing(cli, register):
    before = dump(register)
    proc = subprocess.Popen(
        [sys.executable, "-c", STALLING_COMMAND, str(register)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "flushed"
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert dump(register) == before
    assert cli.ok("db", "check").exit_code == 0
    created = cli.new("2026-03-02", name="K", category="overig", description="o")
    assert created["nummer"] == "K-2026-0001"  # no gap left behind
