"""Rules settled after review: each through the real CLI, each leaving the register unchanged."""

import json

from tests.conftest import dump

NEW = ["nieuw", "--no-input", "--kanaal", "email", "--klager", "K", "--omschrijving", "o"]


def new(cli, *extra):
    result = cli(*NEW, *extra, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["nummer"]


def refused(cli, register, args, message):
    before = dump(register)
    result = cli(*args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert dump(register) == before


def test_confirming_twice_is_refused(cli, register):
    number = new(cli, "--categorie", "toegang", "--ontvangen", "2026-03-02")
    cli.ok("bevestigen", number, "--datum", "2026-03-03")
    refused(cli, register, ["bevestigen", number, "--datum", "2026-03-04"], "al bevestigd op")


def test_feedback_cannot_predate_forwarding(cli, register):
    number = new(
        cli,
        "--categorie",
        "kwaliteit",
        "--partner",
        "zorgthuis",
        "--ontvangen",
        "2026-03-02",
        "--doorgestuurd",
        "2026-03-10",
    )
    refused(
        cli,
        register,
        ["terugkoppeling", number, "--afgehandeld", "2026-03-05", "--tevreden", "ja"],
        "vóór het doorsturen",
    )


def test_forwarded_deadlines_say_they_run_from_forwarding(cli, register):
    number = new(
        cli,
        "--categorie",
        "kwaliteit",
        "--partner",
        "zorgthuis",
        "--ontvangen",
        "2026-03-02",
        "--doorgestuurd",
        "2026-03-10",
    )
    out = cli.ok("uitleg", number).stdout
    assert "5 werkdagen na doorsturen (WA §6)" in out
    assert "Begindatum: di 10-03-2026" in out


def test_a_feestdag_cannot_be_added_as_closure(cli, register):
    refused(
        cli,
        register,
        [
            "kalender",
            "toevoegen",
            "2026-12-25",
            "--soort",
            "sluitingsdag",
            "--omschrijving",
            "Kerst",
        ],
        "is al een feestdag (Eerste Kerstdag)",
    )


def test_closure_does_not_move_a_contact_that_already_happened(cli, register):
    done = new(cli, "--categorie", "toegang", "--ontvangen", "2026-11-23")
    waiting = new(cli, "--categorie", "toegang", "--ontvangen", "2026-11-23")
    cli.ok("contact", done, "--datum", "2026-11-27")
    cli.ok(
        "kalender",
        "toevoegen",
        "2026-11-25",
        "--soort",
        "sluitingsdag",
        "--omschrijving",
        "Verhuizing",
    )
    contact = {
        n: json.loads(cli.ok("toon", n, "--json").stdout)["termijnen"]["contact"]
        for n in (done, waiting)
    }
    assert contact == {done: "2026-11-30", waiting: "2026-12-01"}


def test_handover_deadline_only_after_the_contract_ended(cli, register):
    cli.ok("partner", "wijzig", "vervoer", "--contract-einde", "2026-12-31")
    data = json.loads(cli.ok("termijnen", "--json").stdout)
    assert [t for t in data["termijnen"] if t["soort"] == "overdracht"] == []
    later = json.loads(cli.ok("termijnen", "--json", "--peildatum", "2027-01-05").stdout)
    handover = [t for t in later["termijnen"] if t["soort"] == "overdracht"]
    assert handover == [
        {
            "soort": "overdracht",
            "nummer": None,
            "partner": "vervoer",
            "behandelaar": None,
            "deadline": "2027-01-14",
            "werkdagen": 7,
            "te_laat": False,
            "omschrijving": "dossiers van Amstel Vervoer overdragen (contract eindigde 31-12-2026)",
        }
    ]
