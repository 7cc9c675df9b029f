"""The README's tour runs as written, so its examples never drift from the product.

The convention (also stated in a comment at the top of README.md):
- every ```bash block of README.md runs, in the order of the README, in ONE bash session with
  `set -euo pipefail` (an `export` in one block holds for the next ones);
- a block right after the line `<!-- niet uitvoeren -->` is skipped (installing, for example);
- the session starts in an empty working folder with HOME pointing at a fresh folder (so
  `~/klachten.db` is a new register), KLACHT_VANDAAG pinned to TOUR_TODAY, no KLACHT_DB, and
  the files the tour names present (DEMO_FILES: `brief.pdf` and copies of examples/ files
  such as `klacht-per-mail.eml`; add a new one there);
- every command must succeed (a command that exits 1 on purpose, like `termijnen --overdue`,
  is written with `|| …` as a script would) and print no Python traceback.
A failure names the README line of the command that failed (bash's trace, `+ README.md:LINE:`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SKIP_MARKER = "<!-- niet uitvoeren -->"
TOUR_TODAY = "2026-11-27"
# The files the tour names, made in its working folder: name -> content (or the example to copy).
DEMO_FILES: dict[str, bytes | Path] = {
    "brief.pdf": b"%PDF-1.4\n% voorbeeldbrief\n",
    "klacht-per-mail.eml": ROOT / "examples" / "klacht-per-mail.eml",
}


def tour_script(markdown: str) -> str:
    """The runnable bash lines of the README, each on its own README line number (other lines
    become blank), so bash's $LINENO is the README's line number."""
    lines = markdown.splitlines()
    out = [""] * len(lines)
    in_block = run = False
    previous = ""
    for i, line in enumerate(lines):
        if not in_block and line.startswith("```"):
            in_block = True
            run = line.strip() == "```bash" and previous.strip() != SKIP_MARKER
        elif in_block and line.strip() == "```":
            in_block = False
        elif in_block and run:
            out[i] = line
        if line.strip():
            previous = line
    # Line 1 is never inside a block. bash ignores PS4 from the environment when run as root.
    out[0] = "PS4='+ README.md:${LINENO}: '"
    return "\n".join(out) + "\n"


def test_script_keeps_readme_line_numbers_and_skips_marked_blocks() -> None:
    markdown = "\n".join(
        [
            SKIP_MARKER,
            "```bash",
            "pip install .",
            "```",
            "text",
            "```bash",
            "klacht init",
            "```",
            "```console",
            "$ not run",
            "```",
        ]
    )
    script = tour_script(markdown).splitlines()
    assert script[2] == "" and script[6] == "klacht init"
    assert [line for line in script[1:] if line] == ["klacht init"]


def test_readme_tour_runs_as_written(tmp_path: Path) -> None:
    home, work = tmp_path / "home", tmp_path / "werk"
    home.mkdir()
    work.mkdir()
    for name, content in DEMO_FILES.items():
        (work / name).write_bytes(content.read_bytes() if isinstance(content, Path) else content)
    script = tmp_path / "README.sh"
    script.write_text(tour_script(README.read_text(encoding="utf-8")), encoding="utf-8")
    assert re.search(r"^klacht ", script.read_text(), re.M), "no tour found in README.md"

    env = {k: v for k, v in os.environ.items() if not k.startswith("KLACHT_")}
    env |= {
        "HOME": str(home),
        "KLACHT_VANDAAG": TOUR_TODAY,
        "KLACHT_MEDEWERKER": "Sanne",
        "PATH": str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
    }
    result = subprocess.run(
        ["bash", "-euxo", "pipefail", str(script)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    trace = [line for line in result.stderr.splitlines() if line.startswith("+ README.md:")]
    failed = trace[-1] if trace else "(before the first command)"
    assert result.returncode == 0, f"{failed}\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr + result.stdout
    assert "Interne fout" not in result.stderr
    # The tour made its register under the fresh HOME and its report in the working folder.
    assert (home / "klachten.db").stat().st_mode & 0o777 == 0o600
    assert (work / "klachtenrapport-2026-Q2.xlsx").exists()
