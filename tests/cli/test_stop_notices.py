"""klacht stopmelding …: protocol stoppen met leveren (WA §8)."""

import json
import sqlite3

import pytest
from tests.conftest import dump

NEW = (
    "stopmelding",
    "nieuw",
    "--partner",
    "zorgthuis",
    "--client",
    "C-1234",
    "--voorziening",
    "huishoudelijke hulp",
    "--reden",
    "Cliënt bedreigt de hulp.",
)


def notices(cli, *args):
    return json.loads(cli.ok("stopmelding", "lijst", "--json", *args).stdout)["stopmeldingen"]


def test_report_consult_and_decide(cli, register):
    created = json.loads(cli.ok(*NEW, "--datum", "2026-10-01", "--json").stdout)
    assert created == {
        "id": 1,
        "partner": "zorgthuis",
        "client": "C-1234",
        "voorziening": "huishoudelijke hulp",
        "reden": "Cliënt bedreigt de hulp.",
        "gemeld_op": "2026-10-01",
        "status": "gemeld",
        "in_overleg_op": None,
        "besluit": None,
        "besloten_op": None,
        "besluit_reden": None,
        "opgeschoond_op": None,
    }
    text = cli.ok(*NEW).stdout  # dated today by default
    assert "Stopmelding 2 van zorgthuis (huishoudelijke hulp) geregistreerd op 27-11-2026" in text
    assert [n["id"] for n in notices(cli)] == [1, 2]

    out = cli.ok("stopmelding", "overleg", "1", "--datum", "2026-10-05").stdout
    assert "Stopmelding 1 is in overleg sinds 05-10-2026." in out
    assert notices(cli)[0]["status"] == "in-overleg"
    assert notices(cli)[0]["in_overleg_op"] == "2026-10-05"

    out = cli.ok(
        "stopmelding",
        "besluit",
        "1",
        "--besluit",
        "Tijdelijk-gestopt",
        "--datum",
        "20-10-2026",
        "--reden",
        "Zorg via andere aanbieder.",
    ).stdout
    assert "Stopmelding 1: besloten tijdelijk-gestopt op 20-10-2026." in out
    decided = notices(cli)[0]
    assert {k: decided[k] for k in ("status", "besluit", "besloten_op", "besluit_reden")} == {
        "status": "besloten",
        "besluit": "tijdelijk-gestopt",
        "besloten_op": "2026-10-20",
        "besluit_reden": "Zorg via andere aanbieder.",
    }
    assert [n["id"] for n in notices(cli, "--open")] == [2]

    # no decision straight from gemeld: the protocol consults first (WA §8)
    refused = cli(
        "stopmelding", "besluit", "2", "--besluit", "doorgaan", "--datum", "vandaag", "--reden", "r"
    )
    assert refused.exit_code == 2 and "nog niet besproken" in refused.stderr
    cli.ok("stopmelding", "overleg", "2")
    cli.ok(
        "stopmelding", "besluit", "2", "--besluit", "doorgaan", "--datum", "vandaag", "--reden", "r"
    )
    assert notices(cli, "--open") == []
    assert "Geen open stopmeldingen." in cli.ok("stopmelding", "lijst", "--open").stdout
    table = cli.ok("stopmelding", "lijst").stdout
    assert "C-1234" in table and "doorgaan" in table


def test_empty_list(cli, register):
    assert notices(cli) == []
    assert "Geen stopmeldingen." in cli.ok("stopmelding", "lijst").stdout


def test_every_change_is_audited_without_personal_data(cli, register):
    cli.ok(*NEW, "--datum", "2026-10-01")
    cli.ok("stopmelding", "overleg", "1", "--datum", "2026-10-02")
    cli.ok(
        "stopmelding",
        "besluit",
        "1",
        "--besluit",
        "definitief-gestopt",
        "--datum",
        "2026-10-03",
        "--reden",
        "Mevrouw Jansen weigert elke afspraak.",
    )
    conn = sqlite3.connect(register)
    rows = conn.execute(
        "select command, action, before, after from audit_log where entity = 'stopmelding' "
        "order by id"
    ).fetchall()
    conn.close()
    assert [(r[0], r[1]) for r in rows] == [
        ("klacht stopmelding nieuw", "nieuw"),
        ("klacht stopmelding overleg", "overleg"),
        ("klacht stopmelding besluit", "besluit"),
    ]
    logged = " ".join(str(r) for r in rows)
    for secret in ("C-1234", "bedreigt", "Jansen"):
        assert secret not in logged
    after = json.loads(rows[2][3])
    assert after["besluit"] == "definitief-gestopt"
    assert after["besluit_reden"] == "(persoonsgegevens)"
    assert json.loads(rows[0][3])["client"] == "(persoonsgegevens)"
    assert json.loads(rows[1][2]) == {"status": "gemeld", "in_overleg_op": None}


def _replace(args, option, value):
    args = list(args)
    args[args.index(option) + 1] = value
    return args


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (_replace(NEW, "--partner", "onbekend"), "Onbekende ketenpartner"),
        (_replace(NEW, "--client", "  "), "client mag niet leeg zijn"),
        (_replace(NEW, "--voorziening", ""), "voorziening mag niet leeg zijn"),
        (_replace(NEW, "--reden", " "), "reden mag niet leeg zijn"),
        (_replace(NEW, "--client", "x" * 301), "te lang"),
        (_replace(NEW, "--reden", "a\x07b"), "stuurteken"),
        ([*NEW, "--datum", "2026-12-01"], "toekomst"),
        ([*NEW, "--datum", "31-02-2026"], "datum"),
        (NEW[:-2], "--reden"),
    ],
)
def test_bad_report_changes_nothing(cli, register, args, message):
    before = dump(register)
    result = cli(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert dump(register) == before


DECIDE = ("stopmelding", "besluit", "1", "--besluit", "doorgaan", "--reden", "r", "--datum")
CONSULT = ("stopmelding", "overleg", "1", "--datum", "2026-10-02")


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        # unknown notice
        ([], ("stopmelding", "overleg", "9"), "Stopmelding 9 bestaat niet"),
        (
            [],
            (
                "stopmelding",
                "besluit",
                "9",
                "--besluit",
                "doorgaan",
                "--datum",
                "2026-10-10",
                "--reden",
                "r",
            ),
            "Stopmelding 9 bestaat niet",
        ),
        ([], ("stopmelding", "overleg", "x"), "verwacht een geheel getal"),
        # dates before the report, or in the future
        ([], ("stopmelding", "overleg", "1", "--datum", "2026-09-30"), "tussen de melding"),
        ([], ("stopmelding", "overleg", "1", "--datum", "2026-11-28"), "toekomst"),
        ([], (*DECIDE, "2026-10-10"), "nog niet besproken"),
        ([CONSULT], (*DECIDE, "2026-09-30"), "tussen het overleg (02-10-2026)"),
        ([], (*DECIDE, "2026-12-01"), "toekomst"),
        # a decision before the consultation started
        (
            [("stopmelding", "overleg", "1", "--datum", "2026-10-10")],
            (*DECIDE, "2026-10-05"),
            "tussen het overleg",
        ),
        # consultation twice
        (
            [("stopmelding", "overleg", "1", "--datum", "2026-10-10")],
            ("stopmelding", "overleg", "1"),
            "al in overleg sinds 10-10-2026",
        ),
        # bad decision, missing or empty reason, missing date
        (
            [CONSULT],
            (
                "stopmelding",
                "besluit",
                "1",
                "--besluit",
                "stoppen",
                "--datum",
                "2026-10-10",
                "--reden",
                "r",
            ),
            "Ongeldige besluit",
        ),
        (
            [CONSULT],
            (
                "stopmelding",
                "besluit",
                "1",
                "--besluit",
                "doorgaan",
                "--datum",
                "2026-10-10",
                "--reden",
                " ",
            ),
            "reden mag niet leeg zijn",
        ),
        (
            [],
            ("stopmelding", "besluit", "1", "--besluit", "doorgaan", "--datum", "2026-10-10"),
            "--reden",
        ),
        ([], ("stopmelding", "besluit", "1", "--besluit", "doorgaan", "--reden", "r"), "--datum"),
        # decided: never twice, and no consultation afterwards
        ([CONSULT, (*DECIDE, "2026-10-10")], (*DECIDE, "2026-10-11"), "al besloten"),
        (
            [CONSULT, (*DECIDE, "2026-10-10")],
            (
                "stopmelding",
                "besluit",
                "1",
                "--besluit",
                "definitief-gestopt",
                "--datum",
                "2026-10-11",
                "--reden",
                "r",
            ),
            "al besloten (doorgaan op 10-10-2026)",
        ),
        ([CONSULT, (*DECIDE, "2026-10-10")], ("stopmelding", "overleg", "1"), "al besloten"),
    ],
)
def test_illegal_steps_change_nothing(cli, register, setup, args, message):
    cli.ok(*NEW, "--datum", "2026-10-01")
    for step in setup:
        cli.ok(*step)
    before = dump(register)
    result = cli(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert dump(register) == before
