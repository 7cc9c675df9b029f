import json

from tests.conftest import dump


def test_register_list_show_and_answer(cli, register):
    cli.new("2026-03-02", channel="brief", name="K", category="overig", description="o")
    out = cli.ok(
        "ombudsman",
        "nieuw",
        "--type",
        "interventieverzoek",
        "--referentie",
        "OMA-2026-17",
        "--ontvangen",
        "2026-04-01",
        "--deadline",
        "2026-04-15",
        "--klacht",
        "K-2026-0001",
        "--partner",
        "zorgthuis",
        "--via-partner",
        "--json",
    )
    item = json.loads(out.stdout)
    assert item == {
        "id": 1,
        "type": "interventieverzoek",
        "referentie": "OMA-2026-17",
        "ontvangen": "2026-04-01",
        "deadline": "2026-04-15",
        "beantwoord_op": None,
        "klacht": "K-2026-0001",
        "partner": "zorgthuis",
        "via_partner": True,
        "notities": None,
    }
    assert [
        z["id"] for z in json.loads(cli.ok("ombudsman", "lijst", "--json").stdout)["zaken"]
    ] == [1]
    assert "OMA-2026-17" in cli.ok("ombudsman", "toon", "1").stdout
    answered = cli.ok("ombudsman", "beantwoord", "1", "--datum", "2026-04-20")
    assert "na de deadline" in answered.stdout
    assert json.loads(cli.ok("ombudsman", "lijst", "--json").stdout)["zaken"] == []
    assert len(json.loads(cli.ok("ombudsman", "lijst", "--alle", "--json").stdout)["zaken"]) == 1
    dossier = json.loads(cli.ok("toon", "K-2026-0001", "--json").stdout)
    kinds = [e["soort"] for e in dossier["gebeurtenissen"]]
    assert kinds == ["ontvangen", "ombudsman", "ombudsman-beantwoord"]


def test_bad_ombudsman_input_changes_nothing(cli, register):
    before = dump(register)
    cases = [
        (["--type", "vraag", "--referentie", "R", "--deadline", "2026-05-01"], "Ongeldige type"),
        (
            [
                "--type",
                "klacht",
                "--referentie",
                "R",
                "--deadline",
                "2026-01-01",
                "--ontvangen",
                "2026-02-01",
            ],
            "vóór de ontvangst",
        ),
        (
            [
                "--type",
                "klacht",
                "--referentie",
                "R",
                "--deadline",
                "2026-05-01",
                "--ontvangen",
                "2026-04-01",
                "--klacht",
                "K-2026-0042",
            ],
            "bestaat niet",
        ),
        (
            [
                "--type",
                "klacht",
                "--referentie",
                "R",
                "--deadline",
                "2026-05-01",
                "--ontvangen",
                "2026-04-01",
                "--via-partner",
            ],
            "--via-partner vraagt om --partner",
        ),
    ]
    for args, message in cases:
        result = cli("ombudsman", "nieuw", *args)
        assert result.exit_code == 2, args
        assert message in result.stderr
    assert cli("ombudsman", "beantwoord", "7").exit_code == 2
    assert dump(register) == before


def test_open_ombudsman_items_are_deadlines(cli, register):
    cli.ok(
        "ombudsman",
        "nieuw",
        "--type",
        "informatievraag",
        "--referentie",
        "OMA-9",
        "--ontvangen",
        "2026-04-01",
        "--deadline",
        "2026-04-15",
        "--partner",
        "vervoer",
    )
    late = cli("termijnen", "--overdue", "--peildatum", "2026-04-16")
    assert late.exit_code == 1
    assert "ombudsman" in late.stdout and "OMA-9" in late.stdout
    data = json.loads(
        cli.ok("termijnen", "--json", "--peildatum", "2026-04-14", "--partner", "vervoer").stdout
    )
    assert data["termijnen"] == [
        {
            "soort": "ombudsman",
            "nummer": None,
            "partner": "vervoer",
            "behandelaar": None,
            "deadline": "2026-04-15",
            "werkdagen": 1,
            "te_laat": False,
            "omschrijving": "antwoord aan de ombudsman: informatievraag OMA-9 (zaak 1)",
        }
    ]
    cli.ok("ombudsman", "beantwoord", "1", "--datum", "2026-04-15")
    quiet = cli("termijnen", "--overdue", "--peildatum", "2026-04-16")
    assert (quiet.exit_code, quiet.stdout) == (0, "")
