import json

import pytest
from tests.conftest import dump, rows

pytestmark = pytest.mark.backends

BASE = [
    "nieuw",
    "--no-input",
    "--kanaal",
    "telefoon",
    "--klager",
    "Anna de Vries",
    "--omschrijving",
    "De hulp kwam niet.",
    "--ontvangen",
    "2026-04-24",
]


def nieuw(cli, *extra):
    result = cli(*BASE, *extra, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_partner_complaint_json_matches_spec(cli, register):
    data = nieuw(cli, "--partner", "zorgthuis", "--categorie", "kwaliteit")
    assert data == {
        "nummer": "K-2026-0001",
        "behandelaar": "partner",
        "partner": "zorgthuis",
        "regels": ["P2"],
        "advies": "partner",
        "termijnen": {"contact": "2026-05-04", "afhandeling": "2026-06-05"},
    }


def test_human_output_shows_number_advice_and_deadlines(cli, register):
    out = cli.ok(*BASE, "--partner", "zorgthuis", "--categorie", "bejegening").stdout
    assert "Klacht K-2026-0001 geregistreerd" in out
    assert "P2: niet complex en de klager was nog niet bij de ketenpartner" in out
    assert "P3: niet complex en over bejegening" in out
    assert "contact      uiterlijk ma 04-05-2026" in out
    assert "afhandeling  uiterlijk vr 05-06-2026" in out
    assert "tel. 020-1234567" in out  # where the client can complain (WA §3)


def test_gemeente_complaint_and_numbers_per_year(cli, register):
    first = nieuw(cli, "--categorie", "toegang")
    assert (first["behandelaar"], first["regels"]) == ("gemeente", ["G1"])
    second = nieuw(cli, "--categorie", "toegang", "--partner", "zorgthuis", "--partner", "vervoer")
    assert second["nummer"] == "K-2026-0002"
    assert (second["behandelaar"], second["partner"], second["regels"]) == (
        "gemeente",
        None,
        ["G3"],
    )
    other_year = cli(*BASE[:-1], "2025-12-30", "--categorie", "overig", "--json")
    assert json.loads(other_year.stdout)["nummer"] == "K-2025-0001"
    shown = json.loads(cli.ok("toon", "k-2026-2", "--json").stdout)
    assert shown["partners"] == ["vervoer", "zorgthuis"]


def test_forward_date_starts_partner_deadlines(cli, register):
    data = nieuw(
        cli, "--partner", "zorgthuis", "--categorie", "kwaliteit", "--doorgestuurd", "2026-04-28"
    )
    # 2026-04-28 + 5 working days skips 5 mei; + 6 weeks = 2026-06-09
    assert data["termijnen"] == {"contact": "2026-05-06", "afhandeling": "2026-06-09"}
    shown = json.loads(cli.ok("toon", data["nummer"], "--json").stdout)
    assert shown["ontvangen"] == "2026-04-24"
    assert shown["doorgestuurd_op"] == "2026-04-28"
    assert [e["soort"] for e in shown["gebeurtenissen"]] == ["ontvangen", "doorgestuurd"]


def test_override_with_reason_is_audited(cli, register):
    data = nieuw(
        cli,
        "--partner",
        "zorgthuis",
        "--categorie",
        "kwaliteit",
        "--behandelaar",
        "gemeente",
        "--reden",
        "Klager is kwetsbaar",
    )
    assert (data["behandelaar"], data["advies"]) == ("gemeente", "partner")
    [row] = rows(register, "select before, after from audit_log where action='afwijken-advies'")
    assert json.loads(row[0]) == {"behandelaar": "partner", "regels": ["P2"]}
    # the reason is free text: kept in the dossier (purged with it), not in the audit log
    assert json.loads(row[1]) == {"behandelaar": "gemeente", "reden": "(persoonsgegevens)"}
    shown = json.loads(cli.ok("toon", data["nummer"], "--json").stdout)
    assert shown["reden_afwijking"] == "Klager is kwetsbaar"
    # the complainant's name never reaches the audit log
    assert "Anna" not in " ".join(r[0] or "" for r in rows(register, "select after from audit_log"))


def test_override_without_reason_is_refused(cli, register):
    before = dump(register)
    result = cli(
        *BASE, "--partner", "zorgthuis", "--categorie", "kwaliteit", "--behandelaar", "gemeente"
    )
    assert result.exit_code == 2
    assert "alleen met --reden" in result.stderr
    assert dump(register) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--categorie", "kwaliteit", "--partner", "onbekend"], "Onbekende ketenpartner"),
        (["--categorie", "nope"], "Onbekende categorie 'nope'"),
        (["--categorie", "kwaliteit", "--ontvangen", "2026-11-28"], "in de toekomst"),
        (["--categorie", "kwaliteit", "--ontvangen", "2026-13-01"], "bestaat niet"),
        (["--categorie", "kwaliteit", "--ontvangen", "morgen"], "Ongeldige ontvangstdatum"),
        (["--categorie", "kwaliteit", "--kanaal", "fax"], "Ongeldig kanaal 'fax'"),
        (["--categorie", "kwaliteit", "--ingediend-bij", "rechter"], "Ongeldige ingediend-bij"),
        (["--categorie", "kwaliteit", "--omschrijving", "   "], "omschrijving mag niet leeg"),
        (["--categorie", "kwaliteit", "--omschrijving", "x" * 20_001], "te lang"),
        (
            ["--categorie", "kwaliteit", "--doorgestuurd", "2026-04-20", "--partner", "zorgthuis"],
            "tussen de ontvangst en vandaag",
        ),
        (["--categorie", "kwaliteit", "--doorgestuurd", "2026-04-25"], "alleen voor een klacht"),
        (["--categorie", "kwaliteit", "--behandelaar", "partner", "--reden", "x"], "precies één"),
        (["--categorie", "kwaliteit", "--reden", "zomaar"], "--reden hoort bij --behandelaar"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(cli, register, args, message):
    before = dump(register)
    result = cli(*BASE, *args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert dump(register) == before


def test_missing_fields_are_named_together(cli, register):
    before = dump(register)
    result = cli("nieuw", "--no-input", "--kanaal", "email")
    assert result.exit_code == 2
    assert "Ontbrekende gegevens: --klager, --categorie, --omschrijving" in result.stderr
    assert dump(register) == before


def test_dutch_date_forms_are_accepted(cli, register):
    for form, expected in (
        ("24-04-2026", "2026-04-24"),
        ("3-2-2026", "2026-02-03"),
        ("vandaag", "2026-11-27"),
        ("gisteren", "2026-11-26"),
    ):
        result = cli(
            "nieuw",
            "--no-input",
            "--kanaal",
            "brief",
            "--klager",
            "K",
            "--categorie",
            "overig",
            "--omschrijving",
            "o",
            "--ontvangen",
            form,
            "--json",
        )
        number = json.loads(result.stdout)["nummer"]
        shown = json.loads(cli.ok("toon", number, "--json").stdout)
        assert shown["ontvangen"] == expected
