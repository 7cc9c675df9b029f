"""Startup is part of the product: `klacht --help` and the import of the CLI stay light."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Cli

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
    """Help of the root and of subcommands, pydantic included: klacht converts its option
    values itself (klachtcli/coercion.py) instead of through Typer's pydantic adapters."""
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
    assert loaded_after(body) == []


def run_command(*args: str) -> str:
    """A probe body that runs `klacht ARGS` in the probe's process (stdout swallowed) and
    prints its exit status on stderr-free stdout before the module list."""
    return (
        "import contextlib, io\n"
        "from klachtcli.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        app({list(args)!r}, prog_name='klacht')\n"
        "    except SystemExit as exc:\n"
        "        code = exc.code\n"
        "print(json.dumps({'exit': code}))\n"
    )


def loaded_by(*args: str, ok: tuple[int, ...] = (0,)) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=run_command(*args), heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 0, result.stderr
    *_, status, modules = result.stdout.strip().splitlines()
    assert json.loads(status)["exit"] in ok, (args, result.stderr)
    return json.loads(modules)  # type: ignore[no-any-return]


# What an everyday command may load: the store (SQLModel on SQLAlchemy, pydantic under it).
STORE = ["pydantic", "sqlalchemy", "sqlmodel"]


def test_option_values_need_no_pydantic(register: Path) -> None:
    """`db status` reads the register with sqlite3 and its options (--db, --json) are
    converted without Typer's pydantic adapters: none of the heavy modules is loaded."""
    assert loaded_by("db", "status", "--json") == []
    assert loaded_by("demo", "--aantal", "nul", ok=(2,)) == []  # a refused int, in Dutch


def test_everyday_commands_load_only_the_store(register: Path, cli: Cli) -> None:
    """toon, lijst, termijnen, uitleg and nieuw: no Alembic (the schema version is compared
    with plain sqlite3), no holidays (the feestdagen are kept in the register), no openpyxl
    or letter templates. A failing line names the command that started loading more."""
    number = cli.new("2026-11-02", "--partner", "zorgthuis")["nummer"]
    nieuw = ["nieuw", "--no-input", "--kanaal", "telefoon", "--klager", "Test Persoon"]
    nieuw += ["--categorie", "bejegening", "--omschrijving", "Onvriendelijk"]
    # The first complaint whose terms reach into 2027 computes that year's feestdagen (loading
    # `holidays`) and keeps them in the register; the next one finds them there.
    cli.ok(*nieuw)
    for args, ok in (
        (["toon", number], (0,)),
        (["toon", number, "--json"], (0,)),
        (["uitleg", number], (0,)),
        (["lijst"], (0,)),
        (["termijnen", "--overdue"], (0, 1)),
        (nieuw, (0,)),
    ):
        assert (args, loaded_by(*args, ok=ok)) == (args, STORE)


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
