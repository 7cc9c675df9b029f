"""klacht overleg …: meetings with partners (WA §7, §11) and their deadlines in termijnen."""

import json
import sqlite3
from datetime import date

import pytest
from tests.conftest import dump

from klachtcli.domain.deadlines import meeting_due


def overleg_items(cli, *args):
    data = json.loads(cli.ok("termijnen", "--json", *args).stdout)
    return [t for t in data["termijnen"] if t["soort"] == "overleg"]


def test_add_and_list_meetings(cli, register):
    out = cli.ok(
        "overleg",
        "toevoegen",
        "--partner",
        "zorgthuis",
        "--soort",
        "Klachtenteam",
        "--datum",
        "15-03-2026",
        "--notities",
        "Herhaalde klachten over planning besproken.",
        "--json",
    )
    assert json.loads(out.stdout) == {
        "id": 1,
        "partner": "zorgthuis",
        "soort": "klachtenteam",
        "datum": "2026-03-15",
        "notities": "Herhaalde klachten over planning besproken.",
    }
    text = cli.ok(
        "overleg",
        "toevoegen",
        "--partner",
        "vervoer",
        "--soort",
        "contractmanager",
        "--datum",
        "2026-02-01",
    ).stdout
    assert "Overleg 2 (contractmanager) met vervoer op 01-02-2026 vastgelegd." in text

    listed = json.loads(cli.ok("overleg", "lijst", "--json").stdout)["overleggen"]
    assert [(m["id"], m["partner"], m["datum"]) for m in listed] == [
        (2, "vervoer", "2026-02-01"),
        (1, "zorgthuis", "2026-03-15"),
    ]
    only = json.loads(cli.ok("overleg", "lijst", "--partner", "vervoer", "--json").stdout)
    assert [m["id"] for m in only["overleggen"]] == [2]
    assert "planning" in cli.ok("overleg", "lijst").stdout


def test_empty_list(cli, register):
    assert json.loads(cli.ok("overleg", "lijst", "--json").stdout) == {"overleggen": []}
    assert "Geen overleggen" in cli.ok("overleg", "lijst").stdout


def test_meeting_is_audited_without_notes(cli, register):
    cli.ok(
        "overleg",
        "toevoegen",
        "--partner",
        "zorgthuis",
        "--soort",
        "klachtenteam",
        "--datum",
        "2026-03-15",
        "--notities",
        "Mevrouw Jansen klaagt steeds",
    )
    conn = sqlite3.connect(register)
    rows = conn.execute(
        "select command, action, after from audit_log where entity = 'overleg'"
    ).fetchall()
    conn.close()
    assert len(rows) == 1
    command, action, after = rows[0]
    assert (command, action) == ("klacht overleg toevoegen", "toevoegen")
    assert "Jansen" not in after
    assert json.loads(after)["notities"] == "(persoonsgegevens)"
    assert json.loads(after)["soort"] == "klachtenteam"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--partner", "onbekend", "--soort", "klachtenteam", "--datum", "2026-03-01"],
            "Onbekende ketenpartner",
        ),
        (
            ["--partner", "zorgthuis", "--soort", "wethouder", "--datum", "2026-03-01"],
            "Ongeldige soort",
        ),
        (["--partner", "zorgthuis", "--soort", "klachtenteam", "--datum", "2026-02-30"], "datum"),
        (
            ["--partner", "zorgthuis", "--soort", "klachtenteam", "--datum", "2026-12-01"],
            "toekomst",
        ),
        (
            [
                "--partner",
                "zorgthuis",
                "--soort",
                "klachtenteam",
                "--datum",
                "2026-03-01",
                "--notities",
                "x" * 20_001,
            ],
            "te lang",
        ),
        (
            [
                "--partner",
                "zorgthuis",
                "--soort",
                "klachtenteam",
                "--datum",
                "2026-03-01",
                "--notities",
                "a\x00b",
            ],
            "stuurteken",
        ),
        (["--soort", "klachtenteam", "--datum", "2026-03-01"], "--partner"),
        (["--partner", "zorgthuis", "--datum", "2026-03-01"], "--soort"),
        (["--partner", "zorgthuis", "--soort", "klachtenteam"], "--datum"),
    ],
)
def test_bad_meeting_input_changes_nothing(cli, register, args, message):
    before = dump(register)
    result = cli("overleg", "toevoegen", *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert dump(register) == before


def test_duplicate_meeting_and_unknown_partner_in_list(cli, register):
    args = (
        "overleg",
        "toevoegen",
        "--partner",
        "zorgthuis",
        "--soort",
        "klachtenteam",
        "--datum",
        "2026-03-01",
    )
    cli.ok(*args)
    before = dump(register)
    again = cli(*args)
    assert again.exit_code == 2 and "al een overleg" in again.stderr
    bad = cli("overleg", "lijst", "--partner", "onbekend")
    assert bad.exit_code == 2 and "Onbekende ketenpartner" in bad.stderr
    assert dump(register) == before


# --- termijnen ----------------------------------------------------------------------------


def test_shared_register_partners_have_no_meeting_deadlines(cli, register):
    assert overleg_items(cli) == []


def test_partner_without_meetings_is_due_a_term_after_contract_start(cli, register):
    cli.ok("partner", "wijzig", "zorgthuis", "--contract-start", "2025-01-01")
    items = overleg_items(cli)
    # none recorded: contractmanager contract start + 6 months, klachtenteam + 12 (SPEC §3)
    assert [(t["partner"], t["deadline"], t["te_laat"]) for t in items] == [
        ("zorgthuis", "2025-07-01", True),
        ("zorgthuis", "2026-01-01", True),
    ]
    assert [t["omschrijving"] for t in items] == [
        "overleg contractmanager met Zorg Thuis (nog geen overleg; contract sinds 01-01-2025)",
        "overleg klachtenteam met Zorg Thuis (nog geen overleg; contract sinds 01-01-2025)",
    ]
    assert all(t["nummer"] is None and t["behandelaar"] is None for t in items)
    late = cli("termijnen", "--overdue")
    assert late.exit_code == 1
    assert "overleg" in late.stdout and "zorgthuis" in late.stdout


def test_a_partner_added_today_keeps_cron_silent(cli, register):
    cli.ok(
        "partner", "toevoegen", "nieuwzorg", "--naam", "Nieuw Zorg", "--contract-start", "vandaag"
    )
    result = cli("termijnen", "--overdue")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    items = overleg_items(cli, "--partner", "nieuwzorg")
    assert [(t["deadline"], t["te_laat"]) for t in items] == [
        ("2027-05-27", False),  # contractmanager: 27 Nov 2026 + 6 months
        ("2027-11-27", False),  # klachtenteam: + 12 months
    ]


def test_meetings_move_the_deadlines(cli, register):
    cli.ok("partner", "wijzig", "zorgthuis", "--contract-start", "2025-01-01")
    cli.ok(
        "overleg",
        "toevoegen",
        "--partner",
        "zorgthuis",
        "--soort",
        "contractmanager",
        "--datum",
        "2026-09-01",
    )
    items = {t["omschrijving"].split()[1]: t for t in overleg_items(cli)}
    assert items["contractmanager"]["deadline"] == "2027-03-01"
    assert items["contractmanager"]["te_laat"] is False
    assert items["contractmanager"]["werkdagen"] == 64
    assert "laatste 01-09-2026" in items["contractmanager"]["omschrijving"]
    assert items["klachtenteam"]["deadline"] == "2026-01-01"  # none of that kind: start + 12
    assert items["klachtenteam"]["te_laat"] is True

    # klachtenteam: yearly; a year and a week ago is overdue
    cli.ok(
        "overleg",
        "toevoegen",
        "--partner",
        "zorgthuis",
        "--soort",
        "klachtenteam",
        "--datum",
        "2025-11-20",
    )
    team = [t for t in overleg_items(cli) if "klachtenteam" in t["omschrijving"]]
    assert [(t["deadline"], t["te_laat"]) for t in team] == [("2026-11-20", True)]
    cli.ok(
        "overleg",
        "toevoegen",
        "--partner",
        "zorgthuis",
        "--soort",
        "klachtenteam",
        "--datum",
        "2026-02-10",
    )
    team = [t for t in overleg_items(cli) if "klachtenteam" in t["omschrijving"]]
    assert [(t["deadline"], t["te_laat"]) for t in team] == [("2027-02-10", False)]

    # on an earlier peildatum the later meetings do not count yet (reproducible reports)
    earlier = overleg_items(cli, "--peildatum", "2026-01-15")
    assert sorted(t["deadline"] for t in earlier) == ["2025-07-01", "2026-11-20"]
    # The meetings are in order; what is overdue now is the partner's quarterly report of
    # 2026-Q3 (not read in 30 days after the quarter, SPEC §10).
    overdue = json.loads(cli("termijnen", "--overdue", "--json").stdout)["termijnen"]
    assert [(t["soort"], t["deadline"]) for t in overdue] == [("partnerrapport", "2026-10-30")]


def test_filters_and_ended_contracts(cli, register):
    cli.ok("partner", "wijzig", "zorgthuis", "--contract-start", "2025-01-01")
    cli.ok("partner", "wijzig", "vervoer", "--contract-start", "2024-01-01")
    assert {t["partner"] for t in overleg_items(cli)} == {"zorgthuis", "vervoer"}
    assert {t["partner"] for t in overleg_items(cli, "--partner", "vervoer")} == {"vervoer"}
    assert overleg_items(cli, "--behandelaar", "gemeente") == []
    # a contract that has ended is no longer chased for meetings (only for the handover)
    cli.ok("partner", "wijzig", "vervoer", "--contract-einde", "2026-11-27")
    data = json.loads(cli.ok("termijnen", "--json", "--partner", "vervoer").stdout)
    assert [t["soort"] for t in data["termijnen"]] == ["overdracht"]
    # ... but it was while the contract still ran
    assert len(overleg_items(cli, "--partner", "vervoer", "--peildatum", "2026-11-26")) == 2


@pytest.mark.parametrize(
    ("kind", "last", "start", "due"),
    [
        ("klachtenteam", date(2026, 2, 10), date(2025, 1, 1), date(2027, 2, 10)),
        ("contractmanager", date(2026, 9, 1), date(2025, 1, 1), date(2027, 3, 1)),
        ("contractmanager", date(2025, 8, 31), None, date(2026, 2, 28)),
        ("klachtenteam", date(2024, 2, 29), None, date(2025, 2, 28)),
        # none recorded: contract start + 12 resp. 6 months (SPEC §3)
        ("klachtenteam", None, date(2025, 1, 1), date(2026, 1, 1)),
        ("contractmanager", None, date(2025, 1, 1), date(2025, 7, 1)),
        ("contractmanager", None, date(2025, 8, 31), date(2026, 2, 28)),
        ("contractmanager", None, None, None),
    ],
)
def test_meeting_due(kind, last, start, due):
    assert meeting_due(kind, last, start) == due
