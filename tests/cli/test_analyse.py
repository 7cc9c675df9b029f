"""`klacht analyse` through the real CLI on a real register.

The register (built once per module, copied per test) has partners zorgthuis and vervoer and,
by date of receipt:

    2025-Q4  10 Nov  K-2025-0001  vervoer    vervoer
    2026-Q1  20 Jan  K-2026-0001  vervoer    vervoer
              3 Feb  K-2026-0002  zorgthuis  kwaliteit   complainant REPEATED
             17 Feb  K-2026-0003  vervoer    vervoer
             10 Mar  K-2026-0004  zorgthuis  kwaliteit
    2026-Q2   8 Apr  K-2026-0005  vervoer    vervoer
             21 Apr  K-2026-0006  zorgthuis  kwaliteit   complainant REPEATED
             12 May  K-2026-0007  vervoer    vervoer
              9 Jun  K-2026-0008  vervoer    vervoer

Over --van 2025-10-01 --tot 2026-06-30 (three complete quarters), with the setting
signaal_minimum 2 (growth needs at least 2 complaints in the quarter), by hand:

    counts (partner x category, change against the previous quarter):
        2025-Q4  vervoer/vervoer     1  previous unknown (2025-Q3 lies outside the period)
        2026-Q1  vervoer/vervoer     2  previous 1  +1
                 zorgthuis/kwaliteit 2  previous 0  +2
        2026-Q2  vervoer/vervoer     3  previous 2  +1
                 zorgthuis/kwaliteit 1  previous 2  -1
    signals:
        2026-Q1  growing category kwaliteit 0 -> 2, growing category vervoer 1 -> 2
        2026-Q2  growing category vervoer 2 -> 3
                 repeated complainant: K-2026-0002 and K-2026-0006 (3 Feb .. 21 Apr)
                 vervoer/vervoer rises two quarters in a row: 1, 2, 3
    (kwaliteit falls in Q2; zorgthuis/kwaliteit 0, 2, 1 is no rise; nothing can be compared
    for 2025-Q4.)
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import TODAY
from typer.testing import CliRunner

from klachtcli.cli import app

REPEATED = "Rozemarijn Herhaalstra"
PERIOD = ("--van", "2025-10-01", "--tot", "2026-06-30")
REF = re.compile(r"P-[0-9a-f]{8}")

COMPLAINTS = [
    ("2025-11-10", "vervoer", "vervoer", "Anton Eenmalig"),
    ("2026-01-20", "vervoer", "vervoer", "Bert Eenmalig"),
    ("2026-02-03", "zorgthuis", "kwaliteit", REPEATED),
    ("2026-02-17", "vervoer", "vervoer", "Carla Eenmalig"),
    ("2026-03-10", "zorgthuis", "kwaliteit", "Dirk Eenmalig"),
    ("2026-04-08", "vervoer", "vervoer", "Els Eenmalig"),
    ("2026-04-21", "zorgthuis", "kwaliteit", REPEATED),
    ("2026-05-12", "vervoer", "vervoer", "Frits Eenmalig"),
    ("2026-06-09", "vervoer", "vervoer", "Gerda Eenmalig"),
]


def nieuw(run: Any, received: str, partner: str | None, category: str, name: str, *extra: str):
    args = [
        "nieuw",
        "--no-input",
        "--json",
        "--ontvangen",
        received,
        "--kanaal",
        "email",
        "--klager",
        name,
        "--klager-email",
        f"{name.split()[0].lower()}@geheim-post.test",
        "--categorie",
        category,
        "--omschrijving",
        f"Omschrijving van {name}.",
        *(["--partner", partner] if partner else []),
        *extra,
    ]
    return json.loads(run(*args))["nummer"]


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("analyse") / "klachten.db"
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result.stdout

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KLACHT_VANDAAG", TODAY)
        mp.setenv("KLACHT_MEDEWERKER", "tester")
        mp.setenv("KLACHT_DB", str(path))
        run("init")
        run("partner", "toevoegen", "zorgthuis", "--naam", "Zorg Thuis")
        run("partner", "toevoegen", "vervoer", "--naam", "Amstel Vervoer")
        for received, partner, category, name in COMPLAINTS:
            nieuw(run, received, partner, category, name)
        # A small register: growth from 2 complaints on is worth a signal here.
        run("instellingen", "signaal_minimum", "2")
    return path


@pytest.fixture
def filled(_template: Path, db_path: Path) -> Path:
    shutil.copyfile(_template, db_path)
    return db_path


def analyse_json(cli: Any, *args: str) -> dict[str, Any]:
    result = cli.ok("analyse", "--json", *args)
    return dict(json.loads(result.stdout))


def counts(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            c["kwartaal"],
            c["partner"],
            c["categorie"],
            c["aantal"],
            c["vorig_kwartaal"],
            c["verandering"],
        )
        for c in data["aantallen"]
    ]


def kinds(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(s["kwartaal"], s["soort"], s["partner"], s["categorie"]) for s in data["signalen"]]


# -- counts and signals ------------------------------------------------------------------------


def test_counts_per_partner_and_category_per_quarter(filled: Path, cli: Any) -> None:
    data = analyse_json(cli, *PERIOD)
    assert (data["van"], data["tot"], data["partner"]) == ("2025-10-01", "2026-06-30", None)
    assert [(q["kwartaal"], q["volledig"]) for q in data["kwartalen"]] == [
        ("2025-Q4", True),
        ("2026-Q1", True),
        ("2026-Q2", True),
    ]
    assert counts(data) == [
        ("2025-Q4", "vervoer", "vervoer", 1, None, None),
        ("2026-Q1", "vervoer", "vervoer", 2, 1, 1),
        ("2026-Q1", "zorgthuis", "kwaliteit", 2, 0, 2),
        ("2026-Q2", "vervoer", "vervoer", 3, 2, 1),
        ("2026-Q2", "zorgthuis", "kwaliteit", 1, 2, -1),
    ]


def test_signals_growing_categories_repeated_complainant_and_rising_partner(
    filled: Path, cli: Any
) -> None:
    data = analyse_json(cli, *PERIOD)
    assert kinds(data) == [
        ("2026-Q1", "categorie-groeit", None, "kwaliteit"),
        ("2026-Q1", "categorie-groeit", None, "vervoer"),
        ("2026-Q2", "categorie-groeit", None, "vervoer"),
        ("2026-Q2", "herhaalde-klager", None, None),
        ("2026-Q2", "ketenpartner-stijgt", "vervoer", "vervoer"),
    ]
    growing = data["signalen"][:3]
    assert [s["aantallen"] for s in growing] == [[0, 2], [1, 2], [2, 3]]
    assert "Categorie 'kwaliteit' groeit" in growing[0]["reden"]
    assert "2 klachten in 2026-Q1 tegen 0 in 2025-Q4 (+2)" in growing[0]["reden"]

    repeated = data["signalen"][3]
    assert REF.fullmatch(repeated["klager_ref"])
    assert repeated["klachten"] == ["K-2026-0002", "K-2026-0006"]
    assert repeated["aantallen"] == [2]
    assert "binnen 12 maanden" in repeated["reden"]
    assert "03-02-2026 t/m 21-04-2026" in repeated["reden"]
    assert "namen" not in repeated

    rising = data["signalen"][4]
    assert rising["aantallen"] == [1, 2, 3]
    assert rising["klager_ref"] is None
    reason = rising["reden"]
    assert "ketenpartner 'vervoer'" in reason and "categorie 'vervoer'" in reason
    assert "twee kwartalen op rij" in reason
    assert "1 in 2025-Q4, 2 in 2026-Q1, 3 in 2026-Q2" in reason


def test_growth_signals_need_the_minimum_of_the_register_setting(filled: Path, cli: Any) -> None:
    cli.ok("instellingen", "signaal_minimum", "3")
    data = analyse_json(cli, *PERIOD)
    assert kinds(data) == [
        ("2026-Q2", "categorie-groeit", None, "vervoer"),
        ("2026-Q2", "herhaalde-klager", None, None),
        ("2026-Q2", "ketenpartner-stijgt", "vervoer", "vervoer"),
    ]
    assert data["signalen"][0]["reden"] == (
        "Categorie 'vervoer' groeit: 3 klachten in 2026-Q2 tegen 2 in 2026-Q1 (+1), en dat is "
        "minstens het signaalminimum van 3 klachten."
    )
    cli.ok("instellingen", "signaal_minimum", "4")
    assert kinds(analyse_json(cli, *PERIOD)) == [("2026-Q2", "herhaalde-klager", None, None)]
    result = cli("instellingen", "signaal_minimum", "0")
    assert result.exit_code == 2 and "tussen 1 en 1000" in result.stderr


def test_json_names_no_complainant_without_the_flag(filled: Path, cli: Any) -> None:
    result = cli.ok("analyse", "--json", *PERIOD)
    for fragment in ("Herhaalstra", "Rozemarijn", "Eenmalig", "geheim-post.test", "Omschrijving"):
        assert fragment not in result.stdout, fragment
    refs = REF.findall(result.stdout)
    assert len(set(refs)) == 1


def test_with_the_flag_the_name_is_shown(filled: Path, cli: Any) -> None:
    plain = analyse_json(cli, *PERIOD)
    data = analyse_json(cli, *PERIOD, "--met-persoonsgegevens")
    repeated = next(s for s in data["signalen"] if s["soort"] == "herhaalde-klager")
    assert repeated["namen"] == [REPEATED]
    # The reference is stable: the same with and without the flag.
    assert repeated["klager_ref"] == plain["signalen"][3]["klager_ref"]
    assert "Eenmalig" not in json.dumps(data)  # only names behind a signal


def test_partner_limits_the_analysis(filled: Path, cli: Any) -> None:
    data = analyse_json(cli, *PERIOD, "--partner", "zorgthuis")
    assert data["partner"] == "zorgthuis"
    assert counts(data) == [
        ("2026-Q1", "zorgthuis", "kwaliteit", 2, 0, 2),
        ("2026-Q2", "zorgthuis", "kwaliteit", 1, 2, -1),
    ]
    assert kinds(data) == [
        ("2026-Q1", "categorie-groeit", None, "kwaliteit"),
        ("2026-Q2", "herhaalde-klager", None, None),
    ]


def test_an_incomplete_earlier_quarter_is_not_compared(filled: Path, cli: Any) -> None:
    """From 15 Oct 2025, 2025-Q4 is covered only in part: 2026-Q1 has no previous count, so
    no growth for Q1 and no two-quarter rise for Q2; Q2 against a complete Q1 still counts."""
    data = analyse_json(cli, "--van", "2025-10-15", "--tot", "2026-06-30")
    assert [(q["kwartaal"], q["volledig"]) for q in data["kwartalen"]] == [
        ("2025-Q4", False),
        ("2026-Q1", True),
        ("2026-Q2", True),
    ]
    assert counts(data)[1] == ("2026-Q1", "vervoer", "vervoer", 2, None, None)
    assert kinds(data) == [
        ("2026-Q2", "categorie-groeit", None, "vervoer"),
        ("2026-Q2", "herhaalde-klager", None, None),
    ]


def test_a_partial_latest_quarter_says_so(filled: Path, cli: Any) -> None:
    """Up to 12 May: Q2 holds vervoer 8 Apr and 12 May (2) against Q1's 2: no growth yet;
    kwaliteit 1 against 2: none either. The repeated complainant is already there."""
    data = analyse_json(cli, "--van", "2025-10-01", "--tot", "12-05-2026")
    assert data["kwartalen"][-1] == {
        "kwartaal": "2026-Q2",
        "van": "2026-04-01",
        "tot": "2026-05-12",
        "volledig": False,
    }
    assert ("2026-Q2", "vervoer", "vervoer", 2, 2, 0) in counts(data)
    assert [k for k in kinds(data) if k[0] == "2026-Q2"] == [
        ("2026-Q2", "herhaalde-klager", None, None)
    ]


def test_default_period_is_the_last_four_quarters_and_this_one(filled: Path, cli: Any) -> None:
    data = analyse_json(cli)
    assert (data["van"], data["tot"]) == ("2025-10-01", TODAY)
    assert [q["kwartaal"] for q in data["kwartalen"]] == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert ("2026-Q3", "vervoer", "vervoer", 0, 3, -3) in counts(data)
    assert ("2026-Q2", "ketenpartner-stijgt", "vervoer", "vervoer") in kinds(data)


def test_twelve_months_is_less_than_a_year_apart(register: Path, cli: Any) -> None:
    """Exactly a year apart (10 Jun 2025, 10 Jun 2026) is not "within 12 months"; a day less
    is. Two complainants writing on behalf of one client count as the same person."""
    run = lambda *args: cli.ok(*args).stdout  # noqa: E731
    nieuw(run, "2025-06-10", None, "overig", "Precies Eenjaar")  # K-2025-0001
    nieuw(run, "2025-06-11", None, "overig", "Binnen Eenjaar")  # K-2025-0002
    nieuw(run, "2025-09-01", None, "overig", "Moeder Zorgvuldig",
          "--namens-client", "Client Gedeeld")  # fmt: skip  # K-2025-0003
    nieuw(run, "2026-06-10", None, "overig", "Precies Eenjaar")  # K-2026-0001
    nieuw(run, "2026-06-10", None, "overig", "Binnen Eenjaar")  # K-2026-0002
    nieuw(run, "2026-06-12", None, "overig", "Vader Zorgvuldig",
          "--namens-client", "Client Gedeeld")  # fmt: skip  # K-2026-0003
    data = analyse_json(cli, "--van", "2025-04-01", "--tot", "2026-06-30", "--met-persoonsgegevens")
    repeated = [s for s in data["signalen"] if s["soort"] == "herhaalde-klager"]
    assert sorted((s["klachten"], s["namen"]) for s in repeated) == [
        (["K-2025-0002", "K-2026-0002"], ["Binnen Eenjaar"]),
        (["K-2025-0003", "K-2026-0003"], ["Client Gedeeld"]),
    ]
    assert len({s["klager_ref"] for s in repeated}) == 2


# -- text output and errors ------------------------------------------------------------------


def test_text_output(filled: Path, cli: Any) -> None:
    result = cli("analyse", *PERIOD)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Analyse 01-10-2025 t/m 30-06-2026" in out
    assert "Signalen:" in out
    assert "twee kwartalen op rij" in out
    assert "binnen 12 maanden" in out
    assert REF.search(out)
    assert "Herhaalstra" not in out and "Eenmalig" not in out
    assert "+2" in out and "-1" in out  # the change column

    named = cli.ok("analyse", *PERIOD, "--met-persoonsgegevens").stdout
    assert REPEATED in named


def test_text_output_without_signals(filled: Path, cli: Any) -> None:
    result = cli.ok("analyse", "--van", "2024-01-01", "--tot", "2024-12-31")
    assert "Geen structurele signalen in deze periode." in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--van", "2026-13-01"],
        ["--van", "31-02-2026"],
        ["--tot", "morgen"],
        ["--van", "2026"],
        ["--van", "2026-07-01", "--tot", "2026-06-30"],
        ["--partner", "onbekend"],
    ],
)
def test_bad_input_exits_2(filled: Path, cli: Any, args: list[str]) -> None:
    for extra in ([], ["--json"]):
        result = cli("analyse", *args, *extra)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert result.stdout == ""
        assert result.stderr.startswith("Fout:"), result.stderr
        assert "Traceback" not in result.stderr
