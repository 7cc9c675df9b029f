"""Startup is part of the product: `klacht --help` and the import of the CLI stay light."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "sqlmodel",
    "sqlalchemy",
    "openpyxl",
    "holidays",
    "alembic",
    "pydantic",
    "docxtpl",
    "docx",
    "jinja2",
)

PROBE = """
import json, sys
{body}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def loaded_after(body: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body, heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_probe_sees_heavy_modules() -> None:
    """The probe itself works: importing the store does load them."""
    assert "sqlmodel" in loaded_after("import klachtcli.store.models")


def test_import_cli_loads_no_heavy_module() -> None:
    assert loaded_after("import klachtcli.cli") == []


def test_help_loads_no_heavy_module() -> None:
    """Help of the root and of subcommands. Typer itself builds its option coercion with
    pydantic TypeAdapters as soon as a command's options are resolved, so pydantic is allowed
    here; klacht's own heavy dependencies are not."""
    body = (
        "import contextlib, io\n"
        "from klachtcli.cli import app\n"
        "for args in (['--help'], ['nieuw', '--help'], ['db', '--help'], ['--version']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            app(args, prog_name='klacht')\n"
        "        except SystemExit as exc:\n"
        "            assert exc.code == 0, (args, exc.code)\n"
    )
    assert [m for m in loaded_after(body) if m != "pydantic"] == []


def test_klacht_help_in_a_real_process(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("klacht")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "klachtcli"]
    result = subprocess.run(
        [*command, "--help"], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Klachtenregister" in result.stdout
    assert "nieuw" in result.stdout and "db" in result.stdout
    assert result.stderr == ""
    assert list(tmp_path.iterdir()) == []  # --help creates no register
