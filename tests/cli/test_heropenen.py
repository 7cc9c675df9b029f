"""heropenen (SPEC §4): new facts restart the terms, a mistake keeps them, history stays."""

from __future__ import annotations

import json


def nieuw(cli, *extra, ontvangen="2026-03-02"):
    return cli.new(ontvangen, *extra)["nummer"]


def toon(cli, nummer):
    return json.loads(cli.ok("toon", nummer, "--json").stdout)


def termijnen(cli, *args):
    result = cli("termijnen", "--json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return [(t["soort"], t["deadline"]) for t in json.loads(result.stdout)["termijnen"]]


def closed(cli, *extra):
    nummer = nieuw(cli, *extra)
    cli.ok("contact", nummer, "--datum", "2026-03-04")
    cli.ok(
        "afhandelen",
        nummer,
        "--oordeel",
        "gegrond",
        "--tevreden",
        "ja",
        "--maatregel",
        "Excuses",
        "--datum",
        "2026-03-20",
    )
    return nummer


def test_new_facts_give_fresh_terms_so_cron_stays_silent(cli, register):
    nummer = closed(cli)
    result = cli.ok(
        "heropenen", nummer, "--nieuwe-feiten", "--reden", "Nieuwe klacht", "--datum", "2026-06-01"
    )
    assert result.stdout == (
        f"{nummer} heropend met nieuwe feiten; de termijnen lopen opnieuw vanaf 01-06-2026: "
        "contact uiterlijk 08-06-2026, afhandeling uiterlijk 13-07-2026.\n"
    )
    assert result.stderr == ""
    shown = toon(cli, nummer)
    assert (shown["status"], shown["heropend_op"], shown["contact_op"]) == (
        "open",
        "2026-06-01",
        None,
    )
    assert shown["termijnen"] == {"contact": "2026-06-08", "afhandeling": "2026-07-13"}
    # the day after: nothing overdue, so `termijnen --overdue` prints nothing and exits 0
    result = cli("termijnen", "--overdue", "--peildatum", "2026-06-02")
    assert (result.exit_code, result.stdout) == (0, "")
    assert termijnen(cli, "--peildatum", "2026-06-09") == [
        ("contact", "2026-06-08"),
        ("afhandeling", "2026-07-13"),
    ]
    data = json.loads(cli.ok("uitleg", nummer, "--json").stdout)
    assert (data["termijnen_lopen_vanaf"], data["termijnen_lopen_na"]) == (
        "2026-06-01",
        "heropenen",
    )
    assert "Heropend met nieuwe feiten op 01-06-2026" in cli.ok("uitleg", nummer).stdout
    # the new complaint gets its own first contact
    cli.ok("contact", nummer, "--datum", "2026-06-03")
    assert toon(cli, nummer)["contact_op"] == "2026-06-03"


def test_a_mistake_keeps_the_original_terms(cli, register):
    nummer = closed(cli)
    result = cli.ok(
        "heropenen", nummer, "--vergissing", "--reden", "Per abuis", "--datum", "2026-03-25"
    )
    assert result.stdout == (
        f"{nummer} heropend (vergissing); de oorspronkelijke termijnen gelden: afhandeling "
        "uiterlijk 13-04-2026.\n"
    )
    shown = toon(cli, nummer)
    assert shown["termijnen"]["afhandeling"] == "2026-04-13"
    assert shown["contact_op"] == "2026-03-04"  # contact was made and stays made
    assert termijnen(cli, "--peildatum", "2026-03-26") == [("afhandeling", "2026-04-13")]
    result = cli("termijnen", "--overdue", "--peildatum", "2026-04-14")
    assert result.exit_code == 1


def test_a_mistake_found_late_warns_that_the_term_passed(cli, register):
    nummer = closed(cli)
    result = cli.ok(
        "heropenen", nummer, "--vergissing", "--reden", "Per abuis", "--datum", "2026-05-04"
    )
    assert result.stderr == "Let op: de afhandelingstermijn (13-04-2026) is al verstreken.\n"


def test_new_facts_drop_the_old_extension(cli, register):
    nummer = nieuw(cli)
    cli.ok("verdagen", nummer, "--weken", "2", "--reden", "Advies", "--datum", "2026-03-10")
    cli.ok("afhandelen", nummer, "--oordeel", "ongegrond", "--datum", "2026-04-20")
    cli.ok("heropenen", nummer, "--nieuwe-feiten", "--reden", "r", "--datum", "2026-06-01")
    shown = toon(cli, nummer)
    assert (shown["verdaagd_weken"], shown["termijnen"]["afhandeling"]) == (0, "2026-07-13")
    # the new complaint has its own 4 weeks of extension without consent
    cli.ok("verdagen", nummer, "--weken", "4", "--reden", "r", "--datum", "2026-06-02")


def test_the_earlier_closing_stays_in_the_history(cli, register):
    nummer = closed(cli)
    cli.ok("heropenen", nummer, "--nieuwe-feiten", "--reden", "r", "--datum", "2026-06-01")
    cli.ok("afhandelen", nummer, "--oordeel", "ongegrond", "--datum", "2026-06-20")
    shown = toon(cli, nummer)
    assert (shown["afgehandeld_op"], shown["oordeel"], shown["tevreden"]) == (
        "2026-06-20",
        "ongegrond",
        None,
    )
    assert [
        (k["afgehandeld_op"], k["oordeel"], k["tevreden"], k["heropend_op"])
        for k in shown["eerdere_afsluitingen"]
    ] == [("2026-03-20", "gegrond", "ja", "2026-06-01")]
    out = cli.ok("toon", nummer).stdout
    assert (
        "20-03-2026 afgehandeld, oordeel gegrond, tevreden: ja; heropend 01-06-2026 (nieuwe-feiten)"
    ) in out


def test_a_partner_complaint_reopened_with_new_facts_waits_for_feedback(cli, register):
    nummer = nieuw(cli, "--partner", "zorgthuis")
    cli.ok(
        "terugkoppeling",
        nummer,
        "--afgehandeld",
        "2026-03-20",
        "--tevreden",
        "nee",
        "--datum",
        "2026-03-23",
    )
    result = cli.ok("heropenen", nummer, "--nieuwe-feiten", "--reden", "r", "--datum", "2026-06-01")
    # the partner's contact is not chased (SPEC §3), so it is not announced either
    assert "contact" not in result.stdout
    assert "afhandeling uiterlijk 13-07-2026" in result.stdout
    assert toon(cli, nummer)["fase"] == "forwarded"
