"""How does `klacht` scale from 25,000 to 1,000,000 complaints?

Run it with ``python benchmarks/scale.py`` (see benchmarks/README.md). It builds demo registers
with ``klacht demo --aantal N`` once per size and keeps them in a cache directory, then runs each
command in fresh processes, next to benchmarks/plain.py doing the same work with plain sqlite3
(+ openpyxl), and prints one table: command × size × (CPU s, peak MB, ratio to the plain script).
CPU time is the child's user + system time (median of N), so other load on the machine does not
count; peak MB is the child's maximum resident set.

Not a test: pytest does not collect it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-27"  # every command runs with this "today": the numbers stay comparable
SIZES = (25_000, 100_000, 1_000_000)
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "klacht-bench"


@dataclass(frozen=True)
class Case:
    label: str
    klacht: list[str]
    plain: list[str] | None  # None: no plain script does this (no ratio)
    ok_codes: tuple[int, ...] = (0,)
    small_only: bool = False  # start-up cases: measured on the smallest register only


@dataclass(frozen=True)
class Run:
    cpu: float
    peak_mb: float


def klacht_command() -> list[str]:
    script = shutil.which("klacht", path=str(Path(sys.executable).parent)) or shutil.which("klacht")
    return [script] if script else [sys.executable, "-m", "klachtcli"]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(KLACHT_VANDAAG=TODAY, KLACHT_MEDEWERKER="benchmark", NO_COLOR="1")
    env.pop("KLACHT_DB", None)
    # An installed klacht has its bytecode compiled (pip does that); with this variable set, an
    # editable install recompiles klacht's modules in every process (~0.1 s more per command).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@dataclass(frozen=True)
class Size:
    """A demo register: ``count`` complaints, spread over ``years`` years (``klacht demo
    --jaren``: a few percent open, as in a real register) or, without, over two quarters or
    at most 275 a day (``25000``: a 25k-row quarter; ``100000:4``: 100k over 4 years)."""

    count: int
    years: int | None = None

    @classmethod
    def parse(cls, text: str) -> Size:
        count, _, years = text.partition(":")
        return cls(int(count), int(years) if years else None)

    @property
    def label(self) -> str:
        return f"{self.count:,}" + (f" ({self.years} jr)" if self.years else "")

    @property
    def name(self) -> str:
        return f"schaal-{self.count}" + (f"-j{self.years}" if self.years else "")


def run_once(argv: list[str], env: dict[str, str], ok: tuple[int, ...]) -> Run:
    """CPU seconds and peak RSS of exactly this child (os.wait4)."""
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv)}: exit {code}\n{err.read().decode()}")
    peak = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return Run(usage.ru_utime + usage.ru_stime, peak)


def measure(argv: list[str], env: dict[str, str], ok: tuple[int, ...], repeat: int) -> Run:
    runs = [run_once(argv, env, ok) for _ in range(repeat)]
    return Run(statistics.median(r.cpu for r in runs), max(r.peak_mb for r in runs))


def build(size: Size, cache: Path, env: dict[str, str], rebuild: bool) -> Path:
    """The cached demo register of this size; built (and timed) when missing."""
    cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = cache / f"{size.name}-{TODAY}.db"
    if path.exists() and not rebuild:
        status = subprocess.run(
            [*klacht_command(), "--db", str(path), "db", "status", "--json"],
            env=env,
            capture_output=True,
        )
        if status.returncode == 0 and not json.loads(status.stdout).get("nieuwer_dan_programma"):
            return path  # an older schema is upgraded by the first command, not rebuilt
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    partial = cache / f".building-{os.getpid()}.db"
    spread = ["--jaren", str(size.years)] if size.years else []
    print(f"klacht demo --aantal {size.count} {' '.join(spread)} ...", end=" ", flush=True)
    start = time.perf_counter()
    run = run_once(
        [*klacht_command(), "demo", "--aantal", str(size.count), *spread, "--db", str(partial)],
        env,
        (0,),
    )
    print(f"{time.perf_counter() - start:.0f} s wall, {run.cpu:.0f} s CPU, {run.peak_mb:.0f} MB")
    os.replace(partial, path)
    return path


def busiest(path: Path) -> tuple[str, str]:
    """The quarter and the year with the most complaints received."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        year, quarter = conn.execute(
            "SELECT substr(received, 1, 4), (CAST(substr(received, 6, 2) AS INTEGER) + 2) / 3 "
            "FROM complaint GROUP BY 1, 2 ORDER BY count(*) DESC, 1 DESC, 2 DESC LIMIT 1"
        ).fetchone()
        (busy_year,) = conn.execute(
            "SELECT substr(received, 1, 4) FROM complaint GROUP BY 1 "
            "ORDER BY count(*) DESC, 1 DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return f"{year}-Q{quarter}", str(busy_year)


def open_share(path: Path) -> str:
    """The share of the register's complaints still open, e.g. "16% open (16,462)"."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        total, still_open = conn.execute(
            "SELECT count(*), sum(status <> 'closed') FROM complaint"
        ).fetchone()
    finally:
        conn.close()
    return f"{still_open / total:.0%} open ({still_open:,} of {total:,})"


def cases(path: Path, work: Path, small: Path) -> list[Case]:
    db = ["--db", str(path)]
    plain = [sys.executable, str(HERE / "plain.py")]
    quarter, year = busiest(path)
    out, plain_out = str(work / "rapport.xlsx"), str(work / "plain.xlsx")
    docx = str(work / "publicatie.docx")
    nieuw = ["nieuw", "--no-input", "--kanaal", "telefoon", "--klager", "Test Persoon"]
    nieuw += ["--categorie", "bejegening", "--omschrijving", "Onvriendelijk"]
    return [
        # Exit 1: something is overdue (SPEC §5), as in every demo register.
        Case(
            "termijnen --overdue",
            [*db, "termijnen", "--overdue"],
            [*plain, "overdue", str(path), TODAY],
            (0, 1),
        ),
        Case(
            f"rapport --kwartaal {quarter}",
            [*db, "rapport", "--kwartaal", quarter, "--uitvoer", out, "--overschrijven"],
            [*plain, "quarter", str(path), quarter, plain_out],
        ),
        Case(
            f"rapport --jaar {year} --json",
            [*db, "rapport", "--jaar", year, "--json"],
            [*plain, "year", str(path), year],
        ),
        Case("analyse", [*db, "analyse"], [*plain, "analysis", str(path), TODAY]),
        Case(
            f"rapport --jaar {year} (werkmap)",
            [*db, "rapport", "--jaar", year, "--uitvoer", out, "--overschrijven"],
            None,
        ),
        Case(
            f"rapport --jaar {year} --publicatie",
            [*db, "rapport", "--jaar", year, "--publicatie", "--uitvoer", docx, "--overschrijven"],
            None,
        ),
        Case("lijst --json (open)", [*db, "lijst", "--json"], None),
        Case("bewaartermijn --json", [*db, "bewaartermijn", "--json"], None),
        Case(
            "toon",
            ["--db", str(small), "toon", f"K-{TODAY[:4]}-0001"],
            [*plain, "show", str(small), f"K-{TODAY[:4]}-0001"],
            small_only=True,
        ),
        Case(
            "nieuw",
            ["--db", str(small), *nieuw],
            [*plain, "register", str(small), TODAY],
            small_only=True,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="e.g. 25000,100000,100000:4"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per command (median)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="register cache")
    parser.add_argument("--rebuild", action="store_true", help="build the registers anew")
    parser.add_argument("--only", default="", help="run only commands whose label has this")
    options = parser.parse_args()
    env = environment()
    sizes = [Size.parse(s) for s in options.sizes.split(",")]
    registers = {size: build(size, options.cache, env, options.rebuild) for size in sizes}
    for size, path in registers.items():
        print(f"{size.label}: {open_share(path)}")
    smallest = min(sizes, key=lambda s: s.count)
    rows: list[tuple[str, Size, Run, Run | None]] = []
    with tempfile.TemporaryDirectory(prefix="klacht-bench-") as tmp:
        work = Path(tmp)
        small = work / "klein.db"  # toon and nieuw: start-up on a small register (demo 60)
        run_once([*klacht_command(), "demo", "--db", str(small)], env, (0,))
        for size, path in registers.items():
            for case in cases(path, work, small):
                if options.only not in case.label or (case.small_only and size != smallest):
                    continue
                argv = [*klacht_command(), *case.klacht]
                mine = measure(argv, env, case.ok_codes, options.repeat)
                base = measure(case.plain, env, (0,), options.repeat) if case.plain else None
                rows.append((case.label, size, mine, base))
                print(f"  {case.label} @ {size.label}: {mine.cpu:.2f} s", flush=True)
    print(f"\nPython {sys.version.split()[0]}, median CPU of {options.repeat} fresh processes")
    print("(toon, nieuw: on a small demo register; ratio = klacht CPU / plain script CPU)\n")
    header = f"| {'command':<34} | {'size':>18} | {'CPU s':>6} | {'peak MB':>7} | {'ratio':>5} |"
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|")
    for label, size, mine, base in rows:
        shown = "klein" if label in ("toon", "nieuw") else size.label
        ratio = f"{mine.cpu / base.cpu:>5.1f}" if base else f"{'-':>5}"
        print(f"| {label:<34} | {shown:>18} | {mine.cpu:>6.2f} | {mine.peak_mb:>7.0f} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
