"""klacht kalender lijst|toevoegen: non-working days are data; adding one moves deadlines."""

import json
import sqlite3

import pytest


def nieuw(cli, ontvangen, *extra):
    return cli.new(
        ontvangen, *extra, name="Els Smit", category="vervoer", description="Taxi kwam niet"
    )["nummer"]


def due(cli, nummer):
    return json.loads(cli.ok("toon", nummer, "--json").stdout)["termijnen"]


def days(cli, *args):
    result = cli.ok("kalender", "lijst", "--json", *args)
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_2027_has_5_mei_and_the_atw_day(cli, register):
    data = days(cli, "--jaar", "2027")
    assert data["jaar"] == 2027
    by_date = {d["datum"]: (d["soort"], d["omschrijving"]) for d in data["dagen"]}
    assert by_date["2027-05-05"] == ("feestdag", "Bevrijdingsdag")  # every year, not only lustra
    assert by_date["2027-05-07"][0] == "atw-gelijkgesteld"
    assert "Hemelvaart" in by_date["2027-05-07"][1]
    assert by_date["2027-03-26"] == ("feestdag", "Goede Vrijdag")
    assert by_date["2027-05-06"] == ("feestdag", "Hemelvaartsdag")
    assert by_date["2027-12-26"] == ("feestdag", "Tweede Kerstdag")
    assert {d["datum"][:4] for d in data["dagen"]} == {"2027"}
    assert [d["datum"] for d in data["dagen"]] == sorted(d["datum"] for d in data["dagen"])


def test_default_year_is_this_year_and_lists_every_kind(cli, register):
    data = days(cli)
    assert data["jaar"] == 2026
    feestdagen = [d["datum"] for d in data["dagen"] if d["soort"] == "feestdag"]
    assert feestdagen == [
        "2026-01-01",
        "2026-04-03",
        "2026-04-05",
        "2026-04-06",
        "2026-04-27",
        "2026-05-05",
        "2026-05-14",
        "2026-05-24",
        "2026-05-25",
        "2026-12-25",
        "2026-12-26",
    ]
    atw = [d["datum"] for d in data["dagen"] if d["soort"] == "atw-gelijkgesteld"]
    assert atw == ["2026-01-02", "2026-05-15"]


@pytest.mark.parametrize("year", ["2028", "2030", "2031"])
def test_5_mei_in_other_years(cli, register, year):
    by_date = {d["datum"]: d["soort"] for d in days(cli, "--jaar", year)["dagen"]}
    assert by_date[f"{year}-05-05"] == "feestdag"


def test_plain_list(cli, register):
    result = cli.ok("kalender", "lijst", "--jaar", "2027")
    lines = result.stdout.splitlines()
    assert lines[0] == "Niet-werkdagen 2027"
    assert "wo 05-05-2027\tfeestdag\tBevrijdingsdag" in lines
    assert any(line.startswith("vr 07-05-2027\tatw-gelijkgesteld\t") for line in lines)


def test_bad_year_is_refused(cli, register):
    result = cli("kalender", "lijst", "--jaar", "99999")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Ongeldig jaar 99999" in result.stderr


def test_sluitingsdag_moves_the_contact_deadline_not_the_statutory_one(cli, register):
    # received Fri 2026-11-20: contact Fri 2026-11-27; + 6 weeks = 2027-01-01 -> 2027-01-04
    open_one = nieuw(cli, "2026-11-20")
    closed = nieuw(cli, "2026-11-20")
    cli.ok("afhandelen", closed, "--oordeel", "ongegrond", "--datum", "2026-11-24")
    assert due(cli, open_one) == {"contact": "2026-11-27", "afhandeling": "2027-01-04"}

    result = cli.ok(
        "kalender",
        "toevoegen",
        "2026-11-25",
        "--soort",
        "sluitingsdag",
        "--omschrijving",
        "Studiedag klachtenteam",
    )
    assert result.stdout == (
        "25-11-2026 toegevoegd als sluitingsdag.\nTermijnen van 1 open klacht(en) verschoven.\n"
    )
    assert due(cli, open_one) == {"contact": "2026-11-30", "afhandeling": "2027-01-04"}
    # a closed complaint keeps the deadline it was judged against
    assert due(cli, closed) == {"contact": "2026-11-27", "afhandeling": "2027-01-04"}
    # a new complaint counts with it too
    assert due(cli, nieuw(cli, "2026-11-20"))["contact"] == "2026-11-30"

    # a sluitingsdag on the statutory end date does not lengthen the legal term
    result = cli.ok(
        "kalender",
        "toevoegen",
        "04-01-2027",
        "--soort",
        "Sluitingsdag",
        "--omschrijving",
        "Inventarisatie",
    )
    assert result.stdout.endswith("Termijnen van 0 open klacht(en) verschoven.\n")
    assert due(cli, open_one)["afhandeling"] == "2027-01-04"

    listed = {d["datum"]: d for d in days(cli, "--jaar", "2026")["dagen"]}
    assert listed["2026-11-25"] == {
        "datum": "2026-11-25",
        "soort": "sluitingsdag",
        "omschrijving": "Studiedag klachtenteam",
    }
    assert "2027-01-04" in {d["datum"] for d in days(cli, "--jaar", "2027")["dagen"]}
    termijnen = json.loads(cli("termijnen", "--json", "--peildatum", "2026-11-24").stdout)
    contact = next(t for t in termijnen["termijnen"] if t["nummer"] == open_one)
    assert (contact["deadline"], contact["werkdagen"]) == ("2026-11-30", 3)  # 26, 27 and 30


def test_atw_day_moves_the_statutory_deadline_not_the_contact_one(cli, register):
    nummer = nieuw(cli, "2026-11-20")
    result = cli.ok(
        "kalender",
        "toevoegen",
        "2027-01-04",
        "--soort",
        "atw-gelijkgesteld",
        "--omschrijving",
        "maandag na Nieuwjaarsdag",
    )
    assert result.stdout.endswith("Termijnen van 1 open klacht(en) verschoven.\n")
    assert due(cli, nummer) == {"contact": "2026-11-27", "afhandeling": "2027-01-05"}


def test_adding_a_day_is_audited(cli, register):
    cli.ok(
        "kalender",
        "toevoegen",
        "2026-12-24",
        "--soort",
        "sluitingsdag",
        "--omschrijving",
        "Kerstsluiting",
    )
    conn = sqlite3.connect(register)
    try:
        rows = conn.execute(
            "SELECT employee, command, action, after FROM audit_log WHERE entity = 'kalender'"
        ).fetchall()
        stored = conn.execute(
            "SELECT day, kind, description FROM non_working_day WHERE day = '2026-12-24'"
        ).fetchall()
    finally:
        conn.close()
    assert [r[:3] for r in rows] == [("tester", "klacht kalender toevoegen", "toevoegen")]
    assert json.loads(rows[0][3]) == {"soort": "sluitingsdag", "omschrijving": "Kerstsluiting"}
    assert stored == [("2026-12-24", "sluitingsdag", "Kerstsluiting")]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["2026-05-15", "--soort", "sluitingsdag", "--omschrijving", "x"],
            "staat al in de kalender als atw-gelijkgesteld",
        ),  # a seeded atw day
        (["2026-12-24", "--soort", "vrije-dag", "--omschrijving", "x"], "Ongeldige soort"),
        (["2026-12-24", "--soort", "feestdag", "--omschrijving", "x"], "Ongeldige soort"),
        (
            ["2026-12-24", "--soort", "sluitingsdag", "--omschrijving", "  "],
            "omschrijving mag niet leeg zijn",
        ),
        (["2026-12-32", "--soort", "sluitingsdag", "--omschrijving", "x"], "Ongeldige datum"),
        (["2026-12-24", "--omschrijving", "x"], "--soort"),
    ],
)
def test_bad_additions_are_refused_and_change_nothing(cli, register, unchanged, args, says):
    nieuw(cli, "2026-11-20")
    before = unchanged()
    result = cli("kalender", "toevoegen", *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert says in result.stderr
    assert unchanged() == before


def test_a_date_can_be_added_only_once(cli, register, unchanged):
    nummer = nieuw(cli, "2026-11-20")
    cli.ok(
        "kalender",
        "toevoegen",
        "2026-11-25",
        "--soort",
        "sluitingsdag",
        "--omschrijving",
        "Studiedag",
    )
    before = unchanged()
    result = cli(
        "kalender",
        "toevoegen",
        "25-11-2026",
        "--soort",
        "atw-gelijkgesteld",
        "--omschrijving",
        "Nog eens",
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert "staat al in de kalender als sluitingsdag (Studiedag)" in result.stderr
    assert unchanged() == before
    assert due(cli, nummer)["contact"] == "2026-11-30"
