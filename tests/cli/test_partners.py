import json
import re
import sqlite3

import pytest
from tests.conftest import dump


def test_add_show_list_change_partner(cli, register):
    shown = json.loads(cli.ok("partner", "toon", "zorgthuis", "--json").stdout)
    assert shown["naam"] == "Zorg Thuis"
    assert shown["klachten_telefoon"] == "020-1234567"
    cli.ok(
        "partner",
        "wijzig",
        "zorgthuis",
        "--functionaris-naam",
        "Els Kok",
        "--contract-start",
        "01-01-2025",
        "--contract-einde",
        "2026-12-31",
    )
    shown = json.loads(cli.ok("partner", "toon", "zorgthuis", "--json").stdout)
    assert shown["functionaris_naam"] == "Els Kok"
    assert shown["contract_start"] == "2025-01-01"
    assert shown["contract_einde"] == "2026-12-31"
    assert shown["naam"] == "Zorg Thuis"  # untouched fields stay
    listed = json.loads(cli.ok("partner", "lijst", "--json").stdout)
    assert [p["code"] for p in listed["partners"]] == ["vervoer", "zorgthuis"]
    text = cli.ok("partner", "toon", "zorgthuis").stdout
    assert re.search(r"^Klachtenfunctionaris:\s+Els Kok$", text, re.M)
    assert re.search(r"^Contract tot:\s+31-12-2026$", text, re.M)


def test_partner_changes_are_audited(cli, register):
    cli.ok("partner", "wijzig", "vervoer", "--naam", "Amstel Vervoer BV")
    conn = sqlite3.connect(register)
    rows = conn.execute(
        "select employee, command, action, before, after from audit_log where entity='partner' "
        "and entity_key='vervoer' order by id"
    ).fetchall()
    assert [r[2] for r in rows] == ["toevoegen", "wijzigen"]
    employee, command, _, before, after = rows[1]
    assert employee == "tester"
    assert command == "klacht partner wijzig"
    assert json.loads(before) == {"naam": "Amstel Vervoer"}
    assert json.loads(after) == {"naam": "Amstel Vervoer BV"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["partner", "toevoegen", "zorgthuis", "--naam", "Dubbel"], "al een ketenpartner"),
        (["partner", "toevoegen", "Zorg Thuis", "--naam", "X"], "Ongeldige partnercode"),
        (["partner", "toevoegen", "x", "--naam", "X"], "Ongeldige partnercode"),
        (["partner", "toevoegen", "nieuw"], "--naam is verplicht"),
        (["partner", "toevoegen", "nieuw", "--naam", "   "], "naam mag niet leeg"),
        (
            ["partner", "toevoegen", "nieuw", "--naam", "N", "--contract-start", "31-02-2026"],
            "bestaat niet",
        ),
        (
            [
                "partner",
                "toevoegen",
                "nieuw",
                "--naam",
                "N",
                "--contract-start",
                "2026-05-01",
                "--contract-einde",
                "2026-01-01",
            ],
            "vóór het begint",
        ),
        (["partner", "wijzig", "onbekend", "--naam", "X"], "Onbekende ketenpartner"),
        (["partner", "wijzig", "zorgthuis"], "Niets te wijzigen"),
        (["partner", "toon", "onbekend"], "Onbekende ketenpartner 'onbekend'"),
        (["partner", "toevoegen", "nieuw", "--naam", "a\x00b"], "stuurteken"),
    ],
)
def test_bad_partner_input_is_refused_and_changes_nothing(cli, register, args, message):
    before = dump(register)
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert dump(register) == before


def test_empty_partner_list_says_so(cli, db_path):
    cli.ok("init")
    assert "Nog geen ketenpartners" in cli.ok("partner", "lijst").stdout
