"""Tab completion through the shell protocol (`_KLACHT_COMPLETE=complete_bash`, COMP_WORDS,
COMP_CWORD), in a real process on a real register (issue 8, item 6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="bash completion protocol")


def complete(words: str, env: dict[str, str]) -> tuple[list[str], str]:
    """What bash would offer after typing `words` (the last word is the incomplete one)."""
    parts = words.split(" ")
    script = Path(sys.executable).with_name("klacht")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "klachtcli"]
    result = subprocess.run(
        command,
        env={
            **env,
            "_KLACHT_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split(), result.stderr


@pytest.fixture
def filled(cli, register) -> dict[str, str]:  # type: ignore[no-untyped-def]
    cli.new("2026-03-02", "--partner", "zorgthuis")
    cli.new("2026-03-03", "--partner", "vervoer")
    return dict(os.environ)


def test_commands_and_subcommands(filled) -> None:  # type: ignore[no-untyped-def]
    assert sorted(complete("klacht ni", filled)[0]) == ["niet-behandelen", "nieuw"]
    assert complete("klacht partner l", filled)[0] == ["lijst"]
    assert "--partner" in complete("klacht lijst --pa", filled)[0]


def test_partner_codes_from_the_register(filled) -> None:  # type: ignore[no-untyped-def]
    assert complete("klacht lijst --partner ", filled)[0] == ["vervoer", "zorgthuis"]
    assert complete("klacht termijnen --partner zo", filled)[0] == ["zorgthuis"]
    assert complete("klacht partner toon v", filled)[0] == ["vervoer"]
    assert complete("klacht doorsturen K-2026-0001 --partner z", filled)[0] == ["zorgthuis"]


def test_categories_from_the_register(filled) -> None:  # type: ignore[no-untyped-def]
    assert complete("klacht nieuw --categorie k", filled)[0] == ["kwaliteit"]
    offered = complete("klacht lijst --categorie ", filled)[0]
    assert {"bejegening", "kwaliteit", "overig", "privacy"} <= set(offered)


def test_complaint_numbers_from_the_register(filled) -> None:  # type: ignore[no-untyped-def]
    assert sorted(complete("klacht toon K-2026", filled)[0]) == ["K-2026-0001", "K-2026-0002"]
    assert complete("klacht verdagen K-2026-0002", filled)[0] == ["K-2026-0002"]
    assert complete("klacht ombudsman nieuw --klacht K-", filled)[0] == [
        "K-2026-0002",
        "K-2026-0001",
    ]


def test_db_option_before_the_command_is_used(filled, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**filled, "KLACHT_DB": str(tmp_path / "elders.db")}
    words = f"klacht --db {filled['KLACHT_DB']} lijst --partner z"
    assert complete(words, env)[0] == ["zorgthuis"]


def test_no_register_offers_nothing_and_says_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "KLACHT_DB": str(tmp_path / "nergens.db")}
    assert complete("klacht lijst --partner ", env) == ([], "")
    assert complete("klacht toon K-", env) == ([], "")
    assert not (tmp_path / "nergens.db").exists()  # completion never creates a register


def test_a_broken_register_offers_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "kapot.db"
    broken.write_bytes(b"dit is geen sqlite-bestand" * 100)
    env = {**os.environ, "KLACHT_DB": str(broken)}
    assert complete("klacht toon K-", env) == ([], "")


def test_the_bash_script_uses_this_protocol() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "klachtcli"],
        env={**os.environ, "_KLACHT_COMPLETE": "source_bash"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "_KLACHT_COMPLETE=complete_bash" in result.stdout
    assert "COMP_WORDS" in result.stdout and "complete" in result.stdout
