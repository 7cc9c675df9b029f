"""Deadlines (SPEC §3) as `klacht nieuw`/`toon` store them, and `klacht termijnen` (SPEC §5)."""

import json
from datetime import date, timedelta

import pytest
from tests.conftest import TODAY

pytestmark = pytest.mark.backends


def nieuw(cli, ontvangen, *extra):
    return cli.new(
        ontvangen,
        *extra,
        channel="brief",
        name="Kees Bakker",
        category="levering",
        description="Scootmobiel niet geleverd",
    )


def toon(cli, nummer):
    return json.loads(cli.ok("toon", nummer, "--json").stdout)


def termijnen(cli, *args):
    result = cli("termijnen", "--json", *args)
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    assert result.stderr == ""
    return json.loads(result.stdout)


def kinds(data):
    return [(t["soort"], t["nummer"] or t["partner"]) for t in data["termijnen"]]


# -- SPEC §3: the deadlines stored on a complaint --------------------------------------------


@pytest.mark.parametrize(
    ("ontvangen", "contact", "afhandeling"),
    [
        # worked examples of SPEC §3
        ("2026-04-24", "2026-05-04", "2026-06-05"),  # Fri; Koningsdag skipped
        ("2026-04-28", "2026-05-06", "2026-06-09"),  # Tue; 5 mei skipped
        ("2026-03-24", "2026-03-31", "2026-05-06"),  # + 6 weeks = 5 mei -> Wed 6 mei
        ("2026-04-13", "2026-04-20", "2026-05-26"),  # + 6 weeks = tweede Pinksterdag -> Tue
        # a Saturday receipt is day 0 all the same; + 6 weeks is a Saturday -> Monday
        ("2026-10-10", "2026-10-16", "2026-11-23"),
        # Saturday before Koningsdag: Sunday and Koningsdag are no working days either
        ("2026-04-25", "2026-05-04", "2026-06-08"),
        # Christmas: tweede Kerstdag, weekend, Nieuwjaarsdag skipped; 2026-01-02 (atw-gelijkgesteld)
        # is a working day for the contact term
        ("2025-12-25", "2026-01-05", "2026-02-05"),
        # Goede Vrijdag: weekend and tweede Paasdag skipped; + 6 weeks = 2026-05-15, the
        # atw-gelijkgestelde Friday after Hemelvaart, then the weekend -> Monday 2026-05-18
        ("2026-04-03", "2026-04-13", "2026-05-18"),
        # + 6 weeks = Hemelvaartsdag, then the atw day, then the weekend
        ("2026-04-02", "2026-04-13", "2026-05-18"),
        # the atw-gelijkgestelde 2026-05-15 counts as a working day for contact
        ("2026-05-08", "2026-05-18", "2026-06-19"),
    ],
)
def test_deadlines_of_a_new_complaint(cli, register, ontvangen, contact, afhandeling):
    created = nieuw(cli, ontvangen)
    assert created["termijnen"] == {"contact": contact, "afhandeling": afhandeling}
    shown = toon(cli, created["nummer"])
    assert shown["ontvangen"] == ontvangen
    assert shown["termijnen"] == {"contact": contact, "afhandeling": afhandeling}
    assert created["nummer"].startswith(f"K-{ontvangen[:4]}-")


def test_four_weeks_extension_of_the_worked_example(cli, register):
    nummer = nieuw(cli, "2026-04-13")["nummer"]
    cli.ok("verdagen", nummer, "--weken", "4", "--reden", "Extern advies", "--datum", "2026-05-20")
    shown = toon(cli, nummer)
    assert shown["termijnen"] == {"contact": "2026-04-20", "afhandeling": "2026-06-22"}
    assert shown["verdaagd_weken"] == 4


def test_extension_lands_on_a_feestdag_and_moves(cli, register):
    # received on tweede Paasdag 2026-04-06: + 6 weeks = Mon 2026-05-18; with one week of
    # extension + 7 weeks = 2026-05-25, tweede Pinksterdag -> Tue 2026-05-26
    nummer = nieuw(cli, "2026-04-06")["nummer"]
    assert toon(cli, nummer)["termijnen"]["afhandeling"] == "2026-05-18"
    cli.ok("verdagen", nummer, "--weken", "1", "--reden", "x", "--datum", "2026-05-01")
    assert toon(cli, nummer)["termijnen"]["afhandeling"] == "2026-05-26"


def test_forwarded_at_registration_runs_from_the_forward_date(cli, register):
    created = nieuw(cli, "2026-04-24", "--partner", "zorgthuis", "--doorgestuurd", "2026-04-28")
    assert created["behandelaar"] == "partner"
    # from 2026-04-28, like the second worked example, not from the receipt on 2026-04-24
    assert created["termijnen"] == {"contact": "2026-05-06", "afhandeling": "2026-06-09"}
    shown = toon(cli, created["nummer"])
    assert (shown["ontvangen"], shown["doorgestuurd_op"]) == ("2026-04-24", "2026-04-28")
    assert shown["termijnen"] == created["termijnen"]


def test_forwarded_later_with_doorsturen_runs_from_that_date(cli, register):
    created = nieuw(cli, "2026-03-24", "--partner", "zorgthuis", "--complex")  # G5: gemeente
    assert created["termijnen"] == {"contact": "2026-03-31", "afhandeling": "2026-05-06"}
    nummer = created["nummer"]
    cli.ok("doorsturen", nummer, "--partner", "zorgthuis", "--datum", "2026-04-24")
    shown = toon(cli, nummer)
    assert shown["ontvangen"] == "2026-03-24"
    assert shown["doorgestuurd_op"] == "2026-04-24"
    assert shown["termijnen"] == {"contact": "2026-05-04", "afhandeling": "2026-06-05"}
    data = termijnen(cli, "--peildatum", "2026-05-06")
    assert kinds(data) == [("afhandeling", nummer)]  # no contact item for the partner
    assert data["termijnen"][0]["deadline"] == "2026-06-05"
    assert data["termijnen"][0]["behandelaar"] == "partner"


def test_niet_behandelen_of_a_forwarded_complaint_runs_from_the_forward_date(cli, register):
    nummer = nieuw(cli, "2026-03-24", "--partner", "zorgthuis", "--doorgestuurd", "2026-04-07")[
        "nummer"
    ]
    # 2026-04-07 + 4 weeks = 5 mei -> 6 mei; from the receipt it would be 2026-04-21
    result = cli.ok(
        "niet-behandelen", nummer, "--grond", "eerder-behandeld", "--datum", "2026-05-06"
    )
    assert result.stderr == ""
    uitleg = json.loads(cli.ok("uitleg", nummer, "--json").stdout)
    notice = next(t for t in uitleg["termijnen"] if t["soort"] == "niet-behandelen")
    assert notice["deadline"] == notice["opgeslagen"] == "2026-05-06"


# -- klacht termijnen --overdue: the cron job ------------------------------------------------


def test_overdue_with_nothing_late_is_silent(cli, register):
    result = cli("termijnen", "--overdue")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    nieuw(cli, TODAY)  # received today: contact due 2026-12-04
    result = cli("termijnen", "--overdue")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_overdue_reports_late_items_and_exits_1(cli, register):
    late = nieuw(cli, "2026-04-24")["nummer"]  # contact due 2026-05-04
    partner = nieuw(cli, "2026-04-28", "--partner", "zorgthuis")["nummer"]  # contact not chased
    result = cli("termijnen", "--overdue", "--peildatum", "2026-05-06")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout == (
        "klacht: 1 verlopen termijn(en) op peildatum 06-05-2026\n"
        "\n"
        f"- contact     {late}  uiterlijk 04-05-2026, 1 werkdag te laat "
        "(eerste contact met de klager)\n"
    )
    assert partner not in result.stdout


def test_overdue_today_lists_every_late_deadline_soonest_first(cli, register):
    a = nieuw(cli, "2026-04-24")["nummer"]
    b = nieuw(cli, "2026-04-13", "--partner", "vervoer")["nummer"]
    c = nieuw(cli, "2026-11-20")["nummer"]  # contact due today: not late
    result = cli("termijnen", "--overdue")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "klacht: 3 verlopen termijn(en) op peildatum 27-11-2026"
    assert [line.split()[1:3] for line in lines[2:]] == [
        ["contact", a],
        ["afhandeling", b],
        ["afhandeling", a],
    ]
    assert "terugkoppeling van vervoer verwacht, partner vervoer" in lines[3]
    assert c not in result.stdout


def test_overdue_json(cli, register):
    nieuw(cli, "2026-04-24")
    result = cli("termijnen", "--overdue", "--json", "--peildatum", "2026-05-06")
    assert result.exit_code == 1
    assert [t["soort"] for t in json.loads(result.stdout)["termijnen"]] == ["contact"]


def test_closed_complaints_have_no_open_deadlines(cli, register):
    nummer = nieuw(cli, "2026-04-24")["nummer"]
    cli.ok("afhandelen", nummer, "--oordeel", "gegrond", "--datum", "2026-05-20")
    result = cli("termijnen", "--overdue")
    assert (result.exit_code, result.stdout) == (0, "")
    assert termijnen(cli)["termijnen"] == []
    cli.ok("heropenen", nummer, "--vergissing", "--reden", "Toch niet af", "--datum", "2026-05-21")
    assert kinds(termijnen(cli, "--overdue")) == [("contact", nummer), ("afhandeling", nummer)]


def test_contact_is_no_longer_chased_once_recorded(cli, register):
    nummer = nieuw(cli, "2026-04-24")["nummer"]
    cli.ok("contact", nummer, "--datum", "2026-05-05")
    assert kinds(termijnen(cli, "--peildatum", "2026-05-06")) == [("afhandeling", nummer)]


# -- klacht termijnen --json -----------------------------------------------------------------


def test_json_matches_the_spec_example(cli, register):
    nummer = nieuw(cli, "2026-04-24")["nummer"]
    result = cli("termijnen", "--json", "--peildatum", "2026-05-06")
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert data["peildatum"] == "2026-05-06"
    first, second = data["termijnen"]
    assert {
        k: first[k]
        for k in ("soort", "nummer", "partner", "behandelaar", "deadline", "werkdagen", "te_laat")
    } == {
        "soort": "contact",
        "nummer": nummer,
        "partner": None,
        "behandelaar": "gemeente",
        "deadline": "2026-05-04",
        "werkdagen": -1,
        "te_laat": True,
    }
    # 2026-05-06 .. 2026-06-05: 22 weekdays, minus Hemelvaart and tweede Pinksterdag (not the
    # atw-gelijkgestelde 15 mei: that is a working day)
    assert (second["soort"], second["deadline"], second["werkdagen"], second["te_laat"]) == (
        "afhandeling",
        "2026-06-05",
        20,
        False,
    )


def test_json_of_a_partner_complaint(cli, register):
    nummer = nieuw(cli, "2026-04-24", "--partner", "zorgthuis")["nummer"]
    data = termijnen(cli, "--peildatum", "2026-06-08")
    assert data["termijnen"] == [
        {
            "soort": "afhandeling",
            "nummer": nummer,
            "partner": "zorgthuis",
            "behandelaar": "partner",
            "deadline": "2026-06-05",
            "werkdagen": -1,
            "te_laat": True,
            "omschrijving": "terugkoppeling van zorgthuis verwacht",
        }
    ]
    cli.ok(
        "terugkoppeling",
        nummer,
        "--afgehandeld",
        "2026-06-04",
        "--tevreden",
        "ja",
        "--datum",
        "2026-06-08",
    )
    assert termijnen(cli, "--peildatum", "2026-06-08")["termijnen"] == []


def _sweep(cli, start, end):
    day = date.fromisoformat(start)
    found = {}
    while day <= date.fromisoformat(end):
        data = termijnen(cli, "--peildatum", day.isoformat())
        found[day.isoformat()] = [(t["werkdagen"], t["te_laat"]) for t in data["termijnen"]]
        day += timedelta(days=1)
    return found


def test_working_days_day_by_day_around_koningsdag_and_5_mei(cli, register):
    nieuw(cli, "2026-04-24")  # contact due Mon 2026-05-04
    contact = {day: items[0] for day, items in _sweep(cli, "2026-04-24", "2026-05-11").items()}
    assert contact == {
        "2026-04-24": (5, False),  # Fri: 28, 29, 30 apr, 1 and 4 mei (Koningsdag skipped)
        "2026-04-25": (5, False),
        "2026-04-26": (5, False),
        "2026-04-27": (5, False),  # Koningsdag itself
        "2026-04-28": (4, False),
        "2026-04-29": (3, False),
        "2026-04-30": (2, False),
        "2026-05-01": (1, False),
        "2026-05-02": (1, False),
        "2026-05-03": (1, False),
        "2026-05-04": (0, False),  # due today: still in time
        "2026-05-05": (0, True),  # late, but 5 mei is no working day
        "2026-05-06": (-1, True),
        "2026-05-07": (-2, True),
        "2026-05-08": (-3, True),
        "2026-05-09": (-3, True),
        "2026-05-10": (-3, True),
        "2026-05-11": (-4, True),
    }


def test_working_days_day_by_day_over_christmas(cli, register):
    nieuw(cli, TODAY)  # contact due 2026-12-04, afhandeling 2027-01-08
    handling = {day: items[-1] for day, items in _sweep(cli, "2026-12-23", "2027-01-11").items()}
    assert handling == {
        "2026-12-23": (10, False),  # 24, 28-31 dec, 4-8 jan
        "2026-12-24": (9, False),
        "2026-12-25": (9, False),
        "2026-12-26": (9, False),
        "2026-12-27": (9, False),
        "2026-12-28": (8, False),
        "2026-12-29": (7, False),
        "2026-12-30": (6, False),
        "2026-12-31": (5, False),
        "2027-01-01": (5, False),
        "2027-01-02": (5, False),
        "2027-01-03": (5, False),
        "2027-01-04": (4, False),
        "2027-01-05": (3, False),
        "2027-01-06": (2, False),
        "2027-01-07": (1, False),
        "2027-01-08": (0, False),
        "2027-01-09": (0, True),
        "2027-01-10": (0, True),
        "2027-01-11": (-1, True),
    }


def test_plain_report_says_late_for_a_weekend_past_the_deadline(cli, register):
    nummer = nieuw(cli, TODAY)["nummer"]
    result = cli("termijnen", "--overdue", "--peildatum", "2027-01-09")
    assert result.exit_code == 1
    assert (
        f"- afhandeling {nummer}  uiterlijk 08-01-2027, te laat (afhandeling door de gemeente)"
    ) in result.stdout
    assert "- contact     " in result.stdout
    assert "uiterlijk 04-12-2026, 23 werkdagen te laat" in result.stdout


def test_plain_table_without_overdue(cli, register):
    empty = cli("termijnen", "--peildatum", "2026-05-06")
    assert (empty.exit_code, empty.stdout) == (0, "Geen open termijnen op peildatum 06-05-2026.\n")
    nummer = nieuw(cli, "2026-04-24")["nummer"]
    result = cli("termijnen", "--peildatum", "2026-05-06")
    assert (result.exit_code, result.stderr) == (0, "")  # no --overdue: exit 0 even when late
    lines = result.stdout.splitlines()
    assert lines[0] == "Termijnen op 06-05-2026"
    assert lines[2].split("\t") == [
        "04-05-2026",
        "contact",
        nummer,
        "",
        "gemeente",
        "1 werkdag te laat",
        "eerste contact met de klager",
    ]
    assert lines[3].split("\t")[5] == "nog 20 werkdagen"


# -- filters ---------------------------------------------------------------------------------


def test_binnen_keeps_what_expires_within_n_working_days(cli, register):
    a = nieuw(cli, "2026-04-24")["nummer"]  # contact 2026-05-04, afhandeling 2026-06-05
    b = nieuw(cli, "2026-04-13")["nummer"]  # contact 2026-04-20, afhandeling 2026-05-26
    # at 2026-04-28: b's contact is 5 working days late, a's contact 4 ahead
    everything = termijnen(cli, "--peildatum", "2026-04-28")
    assert [
        (k, t["werkdagen"]) for k, t in zip(kinds(everything), everything["termijnen"], strict=True)
    ] == [
        (("contact", b), -5),
        (("contact", a), 4),
        (("afhandeling", b), 17),
        (("afhandeling", a), 25),
    ]
    assert kinds(termijnen(cli, "--peildatum", "2026-04-28", "--binnen", "4")) == [
        ("contact", b),
        ("contact", a),
    ]
    assert kinds(termijnen(cli, "--peildatum", "2026-04-28", "--binnen", "3")) == [("contact", b)]
    assert kinds(termijnen(cli, "--peildatum", "2026-04-28", "--binnen", "19")) == [
        ("contact", b),
        ("contact", a),
        ("afhandeling", b),
    ]
    assert len(termijnen(cli, "--peildatum", "2026-04-28", "--binnen", "0")["termijnen"]) == 1


def test_partner_and_behandelaar_filters(cli, register):
    gemeente = nieuw(cli, "2026-04-24")["nummer"]
    zorgthuis = nieuw(cli, "2026-04-24", "--partner", "zorgthuis")["nummer"]
    both = nieuw(cli, "2026-04-24", "--partner", "zorgthuis", "--partner", "vervoer")["nummer"]
    vervoer = nieuw(cli, "2026-04-24", "--partner", "vervoer", "--wil-gemeente")["nummer"]
    at = ("--peildatum", "2026-04-24")

    def numbers(*args):
        return sorted({t["nummer"] for t in termijnen(cli, *at, *args)["termijnen"]})

    assert numbers() == sorted([gemeente, zorgthuis, both, vervoer])
    assert numbers("--partner", "zorgthuis") == sorted([zorgthuis, both])
    assert numbers("--partner", "vervoer") == sorted([both, vervoer])
    assert numbers("--behandelaar", "partner") == [zorgthuis]
    assert numbers("--behandelaar", "gemeente") == sorted([gemeente, both, vervoer])
    assert numbers("--behandelaar", "gemeente", "--partner", "vervoer") == sorted([both, vervoer])
    items = termijnen(cli, *at, "--partner", "vervoer")["termijnen"]
    # a complaint about one partner names it; about two it names none (SPEC §5: partner|null)
    assert {t["nummer"]: t["partner"] for t in items} == {both: None, vervoer: "vervoer"}


def test_bad_filters_are_refused(cli, register):
    for args, says in (
        (["--partner", "onbekend"], "onbekend"),
        (["--behandelaar", "wethouder"], "Ongeldige behandelaar"),
        (["--peildatum", "gister"], "Ongeldige peildatum"),
        (["--binnen", "-1"], "--binnen"),
        (["--binnen", "veel"], "--binnen"),
    ):
        result = cli("termijnen", *args)
        assert result.exit_code == 2, args
        assert result.stdout == ""
        assert says in result.stderr


@pytest.mark.sqlite_only
def test_missing_register_exits_3(cli, db_path):
    result = cli("termijnen", "--overdue")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "klacht init" in result.stderr
    assert not db_path.exists()


# -- handover of files after a contract ends (WA §9) -----------------------------------------


def test_handover_deadline_until_recorded(cli, register):
    cli.ok("partner", "wijzig", "vervoer", "--contract-einde", "2026-10-30")
    item = {
        "soort": "overdracht",
        "nummer": None,
        "partner": "vervoer",
        "behandelaar": None,
        "deadline": "2026-11-13",
        "werkdagen": -10,
        "te_laat": True,
    }
    data = termijnen(cli)
    assert [{k: t[k] for k in item} for t in data["termijnen"]] == [item]
    result = cli("termijnen", "--overdue")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[2] == (
        "- overdracht  vervoer      uiterlijk 13-11-2026, 10 werkdagen te laat (dossiers van "
        "Amstel Vervoer overdragen (contract eindigde 30-10-2026))"
    )
    assert kinds(termijnen(cli, "--partner", "vervoer")) == [("overdracht", "vervoer")]
    assert termijnen(cli, "--partner", "zorgthuis")["termijnen"] == []
    assert termijnen(cli, "--behandelaar", "gemeente")["termijnen"] == []
    in_time = termijnen(cli, "--peildatum", "2026-11-13")["termijnen"][0]
    assert (in_time["werkdagen"], in_time["te_laat"]) == (0, False)

    cli.ok("partner", "wijzig", "vervoer", "--overdracht", "2026-11-20")
    assert termijnen(cli)["termijnen"] == []
    result = cli("termijnen", "--overdue")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
