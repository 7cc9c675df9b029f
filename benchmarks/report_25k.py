"""How fast is `klacht` on a register of 25,000 complaints?

Run it with ``python benchmarks/report_25k.py`` (see benchmarks/README.md). It builds a register
with ``klacht demo --aantal 25000`` once and keeps it in a cache directory, so that every run
measures the same register; then it times the real console command in fresh processes (CPU
time, user + system, best of N: the issue-12 targets are CPU seconds, and other load on a shared
machine then counts less) and reports the peak memory of each, against the targets.

Not a test: pytest does not collect it (it lives outside tests/ and is not named test_*).
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

COUNT = 25_000
# Every command runs with this "today", so the cached register and the timings stay comparable
# from one day to the next (the demo data is laid out relative to today).
TODAY = "2026-11-27"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "klacht-bench"


@dataclass(frozen=True)
class Case:
    label: str
    args: list[str]
    target_s: float
    ok_codes: tuple[int, ...] = (0,)
    target_mb: float | None = None


@dataclass(frozen=True)
class Measurement:
    case: Case
    times: list[float]
    peak_rss_mb: float

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def verdict(self) -> str:
        if self.best >= self.case.target_s:
            return "TOO SLOW"
        if self.case.target_mb is not None and self.peak_rss_mb >= self.case.target_mb:
            return "TOO BIG"
        return "OK"


def klacht_command() -> list[str]:
    """The installed console script, as a user runs it; else the module."""
    script = shutil.which("klacht", path=str(Path(sys.executable).parent)) or shutil.which("klacht")
    return [script] if script else [sys.executable, "-m", "klachtcli"]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["KLACHT_VANDAAG"] = TODAY
    env["KLACHT_MEDEWERKER"] = "benchmark"
    env["NO_COLOR"] = "1"
    env.pop("KLACHT_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode compiled once (scale.py)
    return env


def _rss_mb(maxrss: int) -> float:
    """ru_maxrss is in kilobytes on Linux, in bytes on macOS."""
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def run_once(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int, float, str]:
    """CPU time (user + system), exit status, peak RSS (MB) and stderr of one fresh process.

    os.wait4 gives the resource usage of exactly this child; resource.getrusage(RUSAGE_CHILDREN)
    only keeps the largest child seen so far, so it cannot tell the commands apart (main()
    reports it once, at the end, as the overall peak)."""
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        cpu = usage.ru_utime + usage.ru_stime
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    return cpu, process.returncode, _rss_mb(usage.ru_maxrss), stderr


def register_is_usable(path: Path, env: dict[str, str]) -> bool:
    if not path.is_file():
        return False
    result = subprocess.run(
        [*klacht_command(), "--db", str(path), "db", "status", "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return False
    status = json.loads(result.stdout)
    return (
        not status.get("bijwerken_nodig")
        and not status.get("nieuwer_dan_programma")
        and status.get("klachten") == COUNT
    )


def build_register(cache: Path, env: dict[str, str], rebuild: bool) -> tuple[Path, float | None]:
    """The cached demo register, built when missing or stale; returns (path, build seconds)."""
    cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = cache / f"demo-{COUNT}-{TODAY}.db"
    if not rebuild and register_is_usable(path, env):
        return path, None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    partial = cache / f".building-{os.getpid()}.db"
    print(f"Building {path} with `klacht demo --aantal {COUNT}` (takes a while) ...", flush=True)
    start = time.perf_counter()
    try:
        subprocess.run(
            [*klacht_command(), "demo", "--aantal", str(COUNT), "--db", str(partial)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - start
        os.replace(partial, path)  # demo checkpoints and closes; no -wal is left behind
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return path, elapsed


def busiest_quarter(path: Path) -> tuple[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        year, quarter, count = conn.execute(
            "SELECT CAST(substr(received, 1, 4) AS INTEGER) AS y, "
            "(CAST(substr(received, 6, 2) AS INTEGER) + 2) / 3 AS q, COUNT(*) AS n "
            "FROM complaint GROUP BY y, q ORDER BY n DESC, y DESC, q DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return f"{year}-Q{quarter}", int(count)


def measure(case: Case, env: dict[str, str], cwd: Path, repeat: int) -> Measurement:
    times, peaks = [], []
    for _ in range(repeat):
        elapsed, code, peak, stderr = run_once([*klacht_command(), *case.args], env, cwd)
        if code not in case.ok_codes:
            raise SystemExit(f"{case.label}: exit {code}\n{stderr}")
        times.append(elapsed)
        peaks.append(peak)
    return Measurement(case, times, max(peaks))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="cache directory")
    parser.add_argument("--repeat", type=int, default=5, help="runs per command (best of N)")
    parser.add_argument("--rebuild", action="store_true", help="build the register anew")
    options = parser.parse_args()

    import resource

    env = environment()
    path, build_seconds = build_register(options.cache, env, options.rebuild)
    quarter, in_quarter = busiest_quarter(path)
    db = ["--db", str(path)]
    with tempfile.TemporaryDirectory(prefix="klacht-bench-") as work:
        cwd = Path(work)
        report = cwd / "rapport.xlsx"
        cases = [
            Case(
                f"rapport --kwartaal {quarter}",
                [
                    *db,
                    "rapport",
                    "--kwartaal",
                    quarter,
                    "--uitvoer",
                    str(report),
                    "--overschrijven",
                ],
                4.0,  # issue 12: a 25k-row quarter < 4 s CPU and < 200 MB
                target_mb=200,
            ),
            # Exit 1 means: something is overdue (SPEC §5); the demo register has overdue items.
            Case("termijnen --overdue", [*db, "termijnen", "--overdue"], 1.0, (0, 1)),
            Case("lijst --json", [*db, "lijst", "--json"], 1.0),
            Case("--help", ["--help"], 0.3),
        ]
        results = [measure(case, env, cwd, options.repeat) for case in cases]
        report_size = report.stat().st_size
    overall_peak = _rss_mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)

    print()
    print(f"Register: {path} ({path.stat().st_size / 1e6:.1f} MB, {COUNT} complaints)")
    if build_seconds is not None:
        print(
            f"Built with `klacht demo --aantal {COUNT}` in {build_seconds:.1f} s "
            f"({1000 * build_seconds / COUNT:.2f} ms per complaint)"
        )
    print(
        f"Busiest quarter: {quarter} ({in_quarter} complaints received); workbook "
        f"{report_size / 1e6:.1f} MB"
    )
    print(f"Python {sys.version.split()[0]}, CPU time, best of {options.repeat} fresh processes")
    print()
    header = f"{'command':<28} {'best':>8} {'median':>8} {'peak RSS':>9} {'target':>8}  verdict"
    print(header)
    print("-" * len(header))
    for m in results:
        print(
            f"{m.case.label:<28} {m.best:>7.2f}s {m.median:>7.2f}s {m.peak_rss_mb:>6.0f} MB "
            f"{'< ' + format(m.case.target_s, 'g') + ' s':>8}  {m.verdict}"
            + (f" (< {m.case.target_mb:g} MB)" if m.case.target_mb else "")
        )
    print(f"\nPeak RSS of any child (getrusage RUSAGE_CHILDREN): {overall_peak:.0f} MB")
    return 0 if all(m.verdict == "OK" for m in results) else 1


if __name__ == "__main__":
    sys.exit(main())
