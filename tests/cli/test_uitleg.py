"""klacht uitleg NUMMER: how every deadline of a complaint was derived (SPEC §3)."""

import json


def nieuw(cli, ontvangen, *extra):
    return cli.new(
        ontvangen,
        *extra,
        channel="loket",
        name="Mo Amrani",
        category="hulpmiddel",
        description="Rolstoel kapot",
    )["nummer"]


def uitleg(cli, nummer):
    result = cli.ok("uitleg", nummer, "--json")
    assert result.stderr == ""
    data = json.loads(result.stdout)
    return data, {t["soort"]: t for t in data["termijnen"]}


def test_contact_term_over_koningsdag(cli, register):
    nummer = nieuw(cli, "2026-04-24")
    data, terms = uitleg(cli, nummer)
    assert (data["nummer"], data["ontvangen"], data["termijnen_lopen_vanaf"]) == (
        nummer,
        "2026-04-24",
        "2026-04-24",
    )
    assert data["verdaagd_weken"] == 0
    assert data["verdagingen"] == []
    contact = terms["contact"]
    assert (contact["begindatum"], contact["termijn"], contact["deadline"]) == (
        "2026-04-24",
        "5 werkdagen",
        "2026-05-04",
    )
    assert contact["opgeslagen"] == "2026-05-04"
    assert contact["regel"] == "5 werkdagen na ontvangst (WA §6)"
    assert contact["overgeslagen"] == [
        {"datum": "2026-04-25", "reden": "zaterdag"},
        {"datum": "2026-04-26", "reden": "zondag"},
        {"datum": "2026-04-27", "reden": "feestdag: Koningsdag"},
        {"datum": "2026-05-02", "reden": "zaterdag"},
        {"datum": "2026-05-03", "reden": "zondag"},
    ]
    handling = terms["afhandeling"]
    assert (handling["termijn"], handling["einde_termijn"], handling["deadline"]) == (
        "6 weken",
        "2026-06-05",
        "2026-06-05",
    )
    assert handling["overgeslagen"] == []
    notice = terms["niet-behandelen"]
    assert (notice["termijn"], notice["deadline"], notice["opgeslagen"]) == (
        "4 weken",
        "2026-05-22",
        None,
    )


def test_plain_text_shows_start_term_and_each_skipped_day(cli, register):
    nummer = nieuw(cli, "2026-04-24")
    result = cli.ok("uitleg", nummer)
    out = result.stdout
    assert out.startswith(f"Termijnen van klacht {nummer}\nOntvangen: 24-04-2026\n")
    assert "contact: uiterlijk 04-05-2026 — 5 werkdagen na ontvangst (WA §6)\n" in out
    assert "  Begindatum: vr 24-04-2026\n  Termijn: 5 werkdagen\n" in out
    assert "  Overgeslagen: ma 27-04-2026 (feestdag: Koningsdag)\n" in out
    assert "  Uiterste datum: ma 04-05-2026\n" in out
    assert (
        "afhandeling: uiterlijk 05-06-2026 — 6 weken na ontvangst (Awb 9:11 lid 1, Atw art. 1)\n"
    ) in out
    assert "  Geen dagen overgeslagen\n" in out
    assert "(alleen als de klacht niet in behandeling wordt genomen)" in out
    assert "Verdagingen" not in out
    assert "Let op" not in out


def test_statutory_end_moved_past_pinksteren_and_each_extension(cli, register):
    nummer = nieuw(cli, "2026-04-13")
    _, terms = uitleg(cli, nummer)
    assert terms["afhandeling"]["einde_termijn"] == "2026-05-25"
    assert terms["afhandeling"]["overgeslagen"] == [
        {"datum": "2026-05-25", "reden": "feestdag: Tweede Pinksterdag"}
    ]
    assert terms["afhandeling"]["deadline"] == "2026-05-26"

    cli.ok("verdagen", nummer, "--weken", "1", "--reden", "Advies nodig", "--datum", "2026-05-01")
    cli.ok("verdagen", nummer, "--weken", "3", "--reden", "Hoorzitting", "--datum", "2026-05-29")
    data, terms = uitleg(cli, nummer)
    assert data["verdaagd_weken"] == 4
    handling = terms["afhandeling"]
    assert (handling["termijn"], handling["einde_termijn"], handling["deadline"]) == (
        "10 weken",
        "2026-06-22",
        "2026-06-22",
    )
    assert handling["opgeslagen"] == "2026-06-22"
    assert handling["regel"] == (
        "6 weken na ontvangst + 4 weken verdaging (Awb 9:11 lid 1 en 2, Atw art. 1)"
    )
    assert [(e["datum"], e["tekst"]) for e in data["verdagingen"]] == [
        (
            "2026-05-01",
            "Verdaagd met 1 week: Advies nodig. Termijn van 26-05-2026 naar 01-06-2026.",
        ),
        (
            "2026-05-29",
            "Verdaagd met 3 weken: Hoorzitting. Termijn van 01-06-2026 naar 22-06-2026.",
        ),
    ]
    out = cli.ok("uitleg", nummer).stdout
    assert "afhandeling: uiterlijk 22-06-2026 — 6 weken na ontvangst + 4 weken verdaging" in out
    assert "  Termijn: 10 weken\n" in out
    assert out.endswith(
        "Verdagingen:\n"
        "  01-05-2026: Verdaagd met 1 week: Advies nodig. Termijn van 26-05-2026 naar "
        "01-06-2026.\n"
        "  29-05-2026: Verdaagd met 3 weken: Hoorzitting. Termijn van 01-06-2026 naar "
        "22-06-2026.\n"
    )


def test_extension_with_consent_is_explained(cli, register):
    nummer = nieuw(cli, "2026-04-13")
    cli.ok(
        "verdagen",
        nummer,
        "--weken",
        "6",
        "--reden",
        "Complex",
        "--datum",
        "2026-05-01",
        "--instemming-klager",
    )
    _, terms = uitleg(cli, nummer)
    assert terms["afhandeling"]["deadline"] == "2026-07-06"  # receipt + (10 + 2) weeks
    assert terms["afhandeling"]["regel"] == (
        "6 weken na ontvangst + 4 weken verdaging + 2 weken met instemming klager "
        "(Awb 9:11 lid 1, 2 en 3, Atw art. 1)"
    )


def test_goede_vrijdag_receipt_and_the_atw_day(cli, register):
    nummer = nieuw(cli, "2026-04-03")
    _, terms = uitleg(cli, nummer)
    assert [s["reden"] for s in terms["contact"]["overgeslagen"]] == [
        "zaterdag",
        "feestdag: Eerste Paasdag",
        "feestdag: Tweede Paasdag",
        "zaterdag",
        "zondag",
    ]
    handling = terms["afhandeling"]
    assert handling["einde_termijn"] == "2026-05-15"
    assert [s["datum"] for s in handling["overgeslagen"]] == [
        "2026-05-15",
        "2026-05-16",
        "2026-05-17",
    ]
    assert handling["overgeslagen"][0]["reden"].startswith(
        "atw-gelijkgesteld: vrijdag na Hemelvaartsdag"
    )
    assert handling["deadline"] == "2026-05-18"
    assert "  Overgeslagen: vr 15-05-2026 (atw-gelijkgesteld: vrijdag na Hemelvaartsdag" in (
        cli.ok("uitleg", nummer).stdout
    )


def test_forwarded_complaint_runs_from_the_forward_date(cli, register):
    nummer = nieuw(cli, "2026-04-24", "--partner", "zorgthuis", "--doorgestuurd", "2026-04-28")
    data, terms = uitleg(cli, nummer)
    assert (data["ontvangen"], data["doorgestuurd_op"], data["termijnen_lopen_vanaf"]) == (
        "2026-04-24",
        "2026-04-28",
        "2026-04-28",
    )
    assert (data["behandelaar"], data["behandelaar_partner"]) == ("partner", "zorgthuis")
    assert terms["contact"]["begindatum"] == "2026-04-28"
    assert terms["contact"]["deadline"] == "2026-05-06"
    assert {"datum": "2026-05-05", "reden": "feestdag: Bevrijdingsdag"} in (
        terms["contact"]["overgeslagen"]
    )
    assert terms["afhandeling"]["deadline"] == "2026-06-09"
    out = cli.ok("uitleg", nummer).stdout
    assert (
        "Doorgestuurd naar zorgthuis op 28-04-2026: de termijnen van de partner lopen vanaf "
        "die datum."
    ) in out


def test_sluitingsdag_is_a_reason_and_a_changed_calendar_is_noted(cli, register):
    nummer = nieuw(cli, "2026-11-20")
    cli.ok("afhandelen", nummer, "--oordeel", "gegrond", "--datum", "2026-11-24")
    other = nieuw(cli, "2026-11-20")
    cli.ok(
        "kalender",
        "toevoegen",
        "2026-11-25",
        "--soort",
        "sluitingsdag",
        "--omschrijving",
        "Studiedag",
    )
    _, terms = uitleg(cli, other)
    assert {"datum": "2026-11-25", "reden": "sluitingsdag: Studiedag"} in (
        terms["contact"]["overgeslagen"]
    )
    assert terms["contact"]["deadline"] == terms["contact"]["opgeslagen"] == "2026-11-30"
    # the closed complaint keeps the deadline it was judged against, and uitleg headlines it;
    # what the changed calendar would give is only mentioned (SPEC §6)
    _, terms = uitleg(cli, nummer)
    assert (
        terms["contact"]["deadline"],
        terms["contact"]["opgeslagen"],
        terms["contact"]["berekend"],
        terms["contact"]["vastgelegd"],
    ) == ("2026-11-27", "2026-11-27", "2026-11-30", True)
    out = cli.ok("uitleg", nummer).stdout
    assert "contact: uiterlijk 27-11-2026 — 5 werkdagen na ontvangst (WA §6)\n" in out
    assert (
        "  Getoetst aan deze termijn. Let op: met de kalender van nu zou het 30-11-2026 zijn "
        "(de kalender is sindsdien gewijzigd). Berekening met de kalender van nu:\n"
    ) in out
    shown = json.loads(cli.ok("toon", nummer, "--json").stdout)
    assert shown["termijnen"]["contact"] == "2026-11-27"
    assert shown["termijnen_kalender_nu"] == {"contact": "2026-11-30"}
    assert "27-11-2026 (met de kalender van nu: 30-11-2026)" in cli.ok("toon", nummer).stdout


def test_unknown_number(cli, register):
    result = cli("uitleg", "K-2026-0042", "--json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Klacht K-2026-0042 bestaat niet in dit register." in result.stderr
