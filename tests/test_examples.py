"""The examples in examples/ must keep working: they are what a new colleague tries first."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def env_with_klacht() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    for key in ("KLACHT_DB", "KLACHT_VANDAAG", "KLACHT_MEDEWERKER"):
        env.pop(key, None)
    return env


def test_walkthrough_runs_from_nieuw_to_afhandelen():
    result = subprocess.run(
        ["bash", str(ROOT / "examples" / "walkthrough.sh")],
        capture_output=True,
        text=True,
        env=env_with_klacht(),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Klacht K-2026-0001 geregistreerd" in out
    assert "contact      uiterlijk ma 04-05-2026" in out
    assert "Overgeslagen: ma 27-04-2026 (feestdag: Koningsdag)" in out
    assert "K-2026-0001 verdaagd met 2 weken (totaal 2); afhandelen uiterlijk 19-06-2026" in out
    assert "K-2026-0001 afgehandeld (gegrond) op 15-06-2026" in out
    assert "Klacht K-2026-0001 — gesloten" in out
    assert "Traceback" not in result.stderr


def test_crontab_line_is_silent_when_nothing_is_late(tmp_path):
    lines = (ROOT / "examples" / "crontab.txt").read_text().splitlines()
    job = next(line for line in lines if "termijnen --overdue" in line and not line.startswith("#"))
    command = shlex.split(job)[5:]  # drop the five schedule fields
    assert command == ["klacht", "termijnen", "--overdue"]
    env = env_with_klacht() | {"KLACHT_DB": str(tmp_path / "k.db")}
    subprocess.run(["klacht", "init"], env=env, check=True, capture_output=True)
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "")


def test_example_mail_registers_a_complaint_with_its_attachment(tmp_path):
    env = env_with_klacht() | {"KLACHT_DB": str(tmp_path / "k.db"), "KLACHT_VANDAAG": "2026-11-27"}
    subprocess.run(["klacht", "init"], env=env, check=True, capture_output=True)
    mail = str(ROOT / "examples" / "klacht-per-mail.eml")
    result = subprocess.run(
        ["klacht", "nieuw", "--uit-mail", mail, "--categorie", "levering", "--no-input"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Klacht K-2026-0001 geregistreerd (ontvangen di 12-05-2026)." in result.stdout
    assert "de e-mail klacht-per-mail.eml en 1 bijlage(n)" in result.stdout
