"""The wheel carries the migrations, and `klacht init` works from it without the source tree."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from klachtcli.store import db

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str | Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs
    )
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def clean_env(**extra: str) -> dict[str, str]:
    """No PYTHONPATH or virtualenv leaking the source tree into the installed program."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    }
    return {**env, "PYTHONDONTWRITEBYTECODE": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", **extra}


def build_wheel(out: Path) -> Path:
    # With hatchling installed the build needs no network; without it pip's isolated build
    # fetches hatchling from PyPI.
    offline = ["--no-build-isolation"] if importlib.util.find_spec("hatchling") else []
    pip = [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", out, *offline]
    run(*pip, cwd=ROOT, env=clean_env())
    (wheel,) = out.glob("klacht-*.whl")
    return wheel


def share_dependencies(python: Path) -> None:
    """Let the venv of ``python`` import the packages the running interpreter imports from its
    site-packages (offline, nothing copied). A path line in a .pth file does not run the .pth
    files of that folder, so an editable klacht installed there stays invisible; and the venv's
    own site-packages, where the wheel goes, comes first on sys.path."""
    found = [
        entry
        for entry in sys.path
        if Path(entry).name in ("site-packages", "dist-packages") and Path(entry).is_dir()
    ]
    assert found, sys.path
    purelib = run(
        python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", env=clean_env()
    ).stdout.strip()
    Path(purelib).mkdir(parents=True, exist_ok=True)
    (Path(purelib) / "zz_running_interpreter.pth").write_text(
        "".join(f"{entry}\n" for entry in found), encoding="utf-8"
    )


def test_wheel_installs_and_runs_from_its_own_migrations(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "dist")

    names = set(zipfile.ZipFile(wheel).namelist())
    assert "klachtcli/cli.py" in names
    assert "klachtcli/migrations/env.py" in names
    assert "klachtcli/migrations/script.py.mako" in names
    assert "klachtcli/templates/afhandeling.docx" in names  # the default letters (SPEC §9)
    shipped = {n.rsplit("/", 1)[1] for n in names if n.startswith("klachtcli/migrations/versions/")}
    in_tree = {p.name for p in (ROOT / "migrations" / "versions").glob("*.py")}
    assert shipped == in_tree
    assert {name.split("_", 1)[0] for name in shipped} == set(db.REVISIONS)
    assert not [n for n in names if n.endswith(".pyc") or "__pycache__" in n]
    assert not [n for n in names if n.startswith(("tests/", "migrations/"))]

    # A venv that gets klacht only from the wheel and its dependencies from wherever the running
    # interpreter has them. Not --system-site-packages: inside a venv that is the base
    # interpreter's site-packages, without typer & co.
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    share_dependencies(python)
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps"]
    run(*pip, "--no-index", "--force-reinstall", wheel, env=clean_env())

    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    where = json.loads(
        run(
            python,
            "-c",
            "import json, klachtcli, klachtcli.store.db as d; "
            "print(json.dumps([klachtcli.__file__, str(d.migrations_dir())]))",
            cwd=elsewhere,
            env=clean_env(),
        ).stdout
    )
    site = (venv / "lib").resolve()
    assert Path(where[0]).resolve().is_relative_to(site), where
    assert Path(where[1]).resolve() == Path(where[0]).resolve().parent / "migrations", where

    register = tmp_path / "register" / "klachten.db"
    env = clean_env(KLACHT_DB=str(register), KLACHT_VANDAAG="2026-11-27", KLACHT_MEDEWERKER="t")
    klacht = venv / "bin" / "klacht"
    assert "Register aangemaakt" in run(klacht, "init", cwd=elsewhere, env=env).stdout
    new = (
        "nieuw --ontvangen 2026-03-02 --kanaal telefoon --klager X --categorie kwaliteit "
        "--omschrijving Y --no-input --json"
    )
    created = run(klacht, *new.split(), cwd=elsewhere, env=env)
    assert json.loads(created.stdout)["nummer"] == "K-2026-0001"
    assert db.schema_version(register) == db.HEAD
    assert register.stat().st_mode & 0o777 == 0o600
    assert list(elsewhere.iterdir()) == []  # nothing written to the working directory
