"""In a terminal, `klacht nieuw` asks for what is missing (a real pseudo-terminal)."""

import json
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
def test_nieuw_prompts_for_missing_fields(cli, register):
    env = dict(os.environ)
    code, out = run_in_terminal(
        ["nieuw", "--ontvangen", "2026-04-24"],
        "fax\ntelefoon\n\nAnna de Vries\nonbekend\nzorgthuis\nkwaliteit\nDe hulp kwam niet\n",
        env,
    )
    assert code == 0, out
    assert "Kanaal (telefoon/loket/brief/webformulier/email)" in out
    assert "Kies uit" in out  # 'fax' was refused and asked again
    assert "Dit veld is verplicht." in out  # an empty name was asked again
    assert "Onbekend: onbekend." in out  # an unknown partner was asked again
    assert "Klacht K-2026-0001 geregistreerd" in out
    shown = json.loads(cli.ok("toon", "K-2026-0001", "--json").stdout)
    assert shown["kanaal"] == "telefoon"
    assert shown["klager"]["naam"] == "Anna de Vries"
    assert shown["partners"] == ["zorgthuis"]
    assert shown["behandelaar"] == "partner"


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
