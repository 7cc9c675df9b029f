"""Rules settled after review: each through the real CLI, each leaving the register unchanged."""

import json

from tests.conftest import dump

NEW = ["nieuw", "--no-input", "--kanaal", "email", "--klager", "K", "--omschrijving", "o"]


def new(cli, *extra):
    # every call passes its own --ontvangen, which wins over this placeholder
    return cli.new("2026-01-05", *extra, name="K", description="o")["nummer"]


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


def test_forwarding_a_complaint_about_two_partners_is_refused(cli, register):
    number = new(
        cli,
        "--categorie",
        "kwaliteit",
        "--partner",
        "zorgthuis",
        "--partner",
        "vervoer",
        "--ontvangen",
        "2026-03-02",
    )
    refused(
        cli,
        register,
        ["doorsturen", number, "--partner", "zorgthuis", "--datum", "2026-03-03"],
        "precies één ketenpartner",
    )


def test_forwarding_gives_the_partner_a_fresh_term(cli, register):
    # received Mon 13-04 (G5, complex), extended 4 weeks, then forwarded on Fri 22-05
    number = new(
        cli,
        "--categorie",
        "kwaliteit",
        "--partner",
        "zorgthuis",
        "--complex",
        "--ontvangen",
        "2026-04-13",
    )
    cli.ok("verdagen", number, "--weken", "4", "--reden", "Onderzoek", "--datum", "2026-05-20")
    cli.ok("doorsturen", number, "--partner", "zorgthuis", "--datum", "2026-05-22")
    shown = json.loads(cli.ok("toon", number, "--json").stdout)
    # 22-05 + 6 weeks = Fri 03-07-2026; the gemeente's 4 weeks do not carry over
    assert shown["termijnen"]["afhandeling"] == "2026-07-03"
    assert shown["verdaagd_weken"] == 0
    # so the partner still has its own 4 weeks without consent
    cli.ok("verdagen", number, "--weken", "4", "--reden", "Partner", "--datum", "2026-06-01")


def test_reopening_clears_the_old_outcome(cli, register):
    number = new(cli, "--categorie", "toegang", "--ontvangen", "2026-03-02")
    cli.ok(
        "afhandelen",
        number,
        "--oordeel",
        "gegrond",
        "--maatregel",
        "Excuses",
        "--tevreden",
        "ja",
        "--datum",
        "2026-03-20",
    )
    cli.ok(
        "heropenen", number, "--nieuwe-feiten", "--reden", "Nieuwe feiten", "--datum", "2026-03-25"
    )
    cli.ok("intrekken", number, "--datum", "2026-03-30")
    shown = json.loads(cli.ok("toon", number, "--json").stdout)
    assert (shown["afsluiting"], shown["oordeel"], shown["maatregel"], shown["tevreden"]) == (
        "ingetrokken",
        None,
        None,
        None,
    )
    # the earlier closing stays in the history, with its satisfaction answer
    assert shown["eerdere_afsluitingen"] == [
        {
            "afgehandeld_op": "2026-03-20",
            "afsluiting": "afgehandeld",
            "oordeel": "gegrond",
            "maatregel": "Excuses",
            "tevreden": "ja",
            "termijn": "2026-04-13",
            "heropend_op": "2026-03-25",
            "heropend_wegens": "nieuwe-feiten",
        }
    ]


def test_unwritable_paths_are_input_errors(cli, register, tmp_path):
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    for args in (
        ["db", "backup", str(blocker / "kopie.db")],
        ["rapport", "--kwartaal", "2026-Q1", "--per-partner", str(blocker / "map")],
    ):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("Fout: Kan ")
    result = cli("--db", str(blocker / "k.db"), "init")
    assert result.exit_code == 2 and "Kan " in result.stderr


def test_years_outside_the_register_are_refused(cli, register):
    refused(
        cli,
        register,
        [*NEW, "--categorie", "overig", "--ontvangen", "0001-01-03"],
        "het jaar moet tussen 2000 en 2199 liggen",
    )


def test_free_text_never_reaches_the_audit_log(cli, register):
    number = new(cli, "--categorie", "toegang", "--ontvangen", "2026-03-02")
    cli.ok(
        "afhandelen",
        number,
        "--oordeel",
        "gegrond",
        "--maatregel",
        "Excuses aan mevr. Geheim",
        "--datum",
        "2026-03-20",
    )
    cli.ok(
        "ombudsman",
        "nieuw",
        "--type",
        "klacht",
        "--referentie",
        "R1",
        "--ontvangen",
        "2026-03-02",
        "--deadline",
        "2026-03-30",
        "--notities",
        "Mevr. Geheim, BSN 123",
    )
    import sqlite3

    text = " ".join(
        (b or "") + (a or "")
        for b, a in sqlite3.connect(register).execute("select before, after from audit_log")
    )
    assert "Geheim" not in text and "BSN" not in text
    assert "(persoonsgegevens)" in text


def test_calendar_change_is_audited_per_complaint(cli, register):
    number = new(cli, "--categorie", "toegang", "--ontvangen", "2026-11-23")
    cli.ok(
        "kalender",
        "toevoegen",
        "2026-11-25",
        "--soort",
        "sluitingsdag",
        "--omschrijving",
        "Verhuizing",
    )
    import sqlite3

    row = (
        sqlite3.connect(register)
        .execute(
            "select before, after from audit_log where action = 'termijnen-herberekend' "
            "and entity_key = ?",
            (number,),
        )
        .fetchone()
    )
    assert json.loads(row[0])["contact_due"] == "2026-11-30"
    assert json.loads(row[1])["contact_due"] == "2026-12-01"
