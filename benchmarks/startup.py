"""Where does the start-up time of `klacht` go?

Run it with ``python benchmarks/startup.py`` (see benchmarks/README.md). It times, in fresh
processes (CPU = user + system of the child, median of N), a ladder of imports from bare Python
up to klacht's store, and then everyday commands on a small demo register. The ladder shows the
floor: a command that reads the register through SQLModel cannot start faster than
``import klachtcli.cli, sqlmodel`` plus building the models.

Not a test: pytest does not collect it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale import environment, klacht_command, measure  # noqa: E402

LADDER = (
    ("python -c pass", "pass"),
    ("import typer", "import typer"),
    ("import klachtcli.cli", "import klachtcli.cli"),
    ("  + sqlalchemy", "import klachtcli.cli, sqlalchemy"),
    ("  + sqlalchemy.orm", "import klachtcli.cli, sqlalchemy.orm"),
    ("  + sqlmodel", "import klachtcli.cli, sqlmodel"),
    ("  + klachtcli.store.models", "import klachtcli.cli, klachtcli.store.models"),
    (
        "  + holidays (one year)",
        "import klachtcli.cli; from klachtcli.domain.calendar "
        "import Calendar; Calendar()._load_feestdagen(2026)",
    ),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per line (median)")
    options = parser.parse_args()
    env = environment()
    rows: list[tuple[str, float]] = []
    for label, code in LADDER:
        rows.append((label, measure([sys.executable, "-c", code], env, (0,), options.repeat).cpu))
    with tempfile.TemporaryDirectory(prefix="klacht-start-") as tmp:
        small = str(Path(tmp) / "klein.db")
        subprocess.run(
            [*klacht_command(), "demo", "--db", small],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        nieuw = ["nieuw", "--no-input", "--kanaal", "telefoon", "--klager", "Test Persoon"]
        nieuw += ["--categorie", "bejegening", "--omschrijving", "Onvriendelijk"]
        commands = (
            ("klacht --help", ["--help"], (0,)),
            ("klacht db status", ["--db", small, "db", "status"], (0,)),
            ("klacht toon", ["--db", small, "toon", "K-2026-0008"], (0,)),
            ("klacht toon --json", ["--db", small, "toon", "K-2026-0008", "--json"], (0,)),
            ("klacht nieuw", ["--db", small, *nieuw], (0,)),
            ("klacht termijnen --overdue", ["--db", small, "termijnen", "--overdue"], (0, 1)),
        )
        for label, args, ok in commands:
            rows.append((label, measure([*klacht_command(), *args], env, ok, options.repeat).cpu))
    print(f"\nPython {sys.version.split()[0]}, median CPU of {options.repeat} fresh processes,")
    print(f"load average {os.getloadavg()[0]:.1f} at the end\n")
    print(f"| {'what':<32} | {'CPU s':>6} |")
    print(f"|{'-' * 34}|{'-' * 8}|")
    for label, cpu in rows:
        print(f"| {label:<32} | {cpu:>6.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
