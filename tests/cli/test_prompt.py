"""In a terminal, `klacht nieuw` asks for what is missing (a real pseudo-terminal)."""

import os
import subprocess
import sys
import time

import pytest


def run_in_terminal(args, answers, env, timeout=30):
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "klachtcli", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    os.write(master, answers.encode())
    output = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    proc.wait(timeout=timeout)
    os.close(master)
    return proc.returncode, output.decode(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_rich_tables_print_user_text_literally(cli, register):
    cli.new("2026-03-02", "--partner", "zorgthuis", name="[/x] Klager [bold]")
    cli.ok("notitie", "K-2026-0001", "Gebeld [/red] over [link=x]", "--datum", "2026-03-03")
    code, out = run_in_terminal(["toon", "K-2026-0001"], "", dict(os.environ))
    assert code == 0, out
    assert "Gebeld [/red] over [link=x]" in out
    assert "[/x] Klager [bold]" in out
    code, out = run_in_terminal(["termijnen", "--peildatum", "2026-03-20"], "", dict(os.environ))
    assert code == 0, out
    assert "┃" in out and "werkdag" in out  # the Rich table, with its coloured status column
