"""Every step of SPEC §4 through the real CLI on a real register: legal ones leave a dossier event
and an audit entry, illegal ones exit 2 with a Dutch message and change nothing."""

import hashlib
import json

import pytest
from tests.conftest import TODAY, rows

pytestmark = pytest.mark.backends

RECEIVED = "2026-04-13"  # Mon; 6 weeks = 2026-05-25 (tweede Pinksterdag) -> 2026-05-26
STEP_DAY = "2026-04-20"
BEFORE_RECEIPT = "2026-04-12"
TOMORROW = "2026-11-28"  # KLACHT_VANDAAG is 2026-11-27


# -- helpers ---------------------------------------------------------------------------------


def nieuw(cli, *extra, ontvangen=RECEIVED):
    return cli.new(ontvangen, *extra)["nummer"]


def toon(cli, nummer):
    return json.loads(cli.ok("toon", nummer, "--json").stdout)


def audit_rows(db_path, nummer):
    return rows(
        db_path,
        "SELECT employee, command, action, before, after FROM audit_log "
        "WHERE entity = 'klacht' AND entity_key = ? ORDER BY id",
        nummer,
    )


def event_rows(db_path, nummer):
    return rows(
        db_path,
        "SELECT e.kind, e.employee, e.attachment, e.attachment_name, e.attachment_type, "
        "e.attachment_sha256 FROM event e JOIN complaint c ON c.id = e.complaint_id "
        "WHERE c.number = ? ORDER BY e.id",
        nummer,
    )


def refused(cli, unchanged, *args, says):
    """Exit 2, a Dutch message on stderr naming the problem, nothing on stdout, nothing changed."""
    before = unchanged()
    result = cli(*args)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert says in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert unchanged() == before
    return result


def legal(cli, db_path, nummer, *args, soort, action):
    """Exit 0; exactly one new dossier event of `soort` by tester and one audit entry `action`."""
    events_before = [e["soort"] for e in toon(cli, nummer)["gebeurtenissen"]]
    audit_before = audit_rows(db_path, nummer)
    result = cli.ok(*args)
    assert nummer in result.stdout
    data = toon(cli, nummer)
    new_events = list(data["gebeurtenissen"])
    for kind in events_before:
        new_events.remove(next(e for e in new_events if e["soort"] == kind))
    assert [e["soort"] for e in new_events] == [soort]
    assert new_events[0]["medewerker"] == "tester"
    new_audit = audit_rows(db_path, nummer)[len(audit_before) :]
    assert [(r[0], r[1], r[2]) for r in new_audit] == [("tester", f"klacht {action}", action)]
    return result, data, new_events[0]


# -- one command line per step, valid in every phase where the step is allowed -------------


def step_args(step, nummer, tmp_path, day=STEP_DAY):
    doc = tmp_path / "brief.txt"
    doc.write_text("Brief aan de klager\n")
    return {
        "bevestigen": ["bevestigen", nummer, "--datum", day],
        "doorsturen": ["doorsturen", nummer, "--partner", "zorgthuis", "--datum", day],
        "contact": ["contact", nummer, "--datum", day, "--notitie", "Gebeld met de klager"],
        "horen": ["horen", nummer, "--datum", day, "--verslag", "Hoorgesprek gevoerd"],
        "verdagen": [
            "verdagen",
            nummer,
            "--weken",
            "2",
            "--reden",
            "Onderzoek loopt",
            "--datum",
            day,
        ],
        "terugkoppeling": [
            "terugkoppeling",
            nummer,
            "--afgehandeld",
            day,
            "--tevreden",
            "ja",
            "--datum",
            day,
        ],
        "afhandelen": ["afhandelen", nummer, "--oordeel", "gegrond", "--datum", day],
        "tevredenheid": ["tevredenheid", nummer, "--tevreden", "ja", "--datum", day],
        "niet-behandelen": [
            "niet-behandelen",
            nummer,
            "--grond",
            "eerder-behandeld",
            "--datum",
            day,
        ],
        "intrekken": ["intrekken", nummer, "--datum", day],
        "heropenen": [
            "heropenen",
            nummer,
            "--nieuwe-feiten",
            "--reden",
            "Nieuwe feiten",
            "--datum",
            day,
        ],
        "notitie": ["notitie", nummer, "Klager belde terug", "--datum", day],
        "document": ["document", nummer, str(doc), "--datum", day],
    }[step]


EVENT_OF = {
    "bevestigen": "bevestigd",
    "doorsturen": "doorgestuurd",
    "contact": "contact",
    "horen": "hoorgesprek",
    "verdagen": "verdaagd",
    "terugkoppeling": "terugkoppeling",
    "afhandelen": "afgehandeld",
    "tevredenheid": "tevredenheid",
    "niet-behandelen": "niet-behandelen",
    "intrekken": "ingetrokken",
    "heropenen": "heropend",
    "notitie": "notitie",
    "document": "document",
}
STEPS = list(EVENT_OF)
CLOSING_STEPS = {"terugkoppeling", "afhandelen", "niet-behandelen", "intrekken"}


def in_phase(cli, phase):
    """A complaint in one of the lifecycle phases of SPEC §4."""
    if phase == "gemeente":  # registered, handled by the gemeente (G1)
        return nieuw(cli)
    if phase == "partner":  # forwarded to zorgthuis on receipt (P2)
        return nieuw(cli, "--partner", "zorgthuis")
    nummer = (
        nieuw(cli) if phase != "gesloten-terugkoppeling" else nieuw(cli, "--partner", "zorgthuis")
    )
    close = {
        "gesloten-afhandelen": [
            "afhandelen",
            nummer,
            "--oordeel",
            "ongegrond",
            "--datum",
            "2026-04-15",
        ],
        "gesloten-terugkoppeling": [
            "terugkoppeling",
            nummer,
            "--afgehandeld",
            "2026-04-15",
            "--tevreden",
            "nee",
            "--datum",
            "2026-04-15",
        ],
        "gesloten-niet-behandelen": [
            "niet-behandelen",
            nummer,
            "--grond",
            "strafrechtelijk",
            "--datum",
            "2026-04-15",
        ],
        "gesloten-intrekken": ["intrekken", nummer, "--datum", "2026-04-15"],
    }[phase]
    cli.ok(*close)
    assert toon(cli, nummer)["status"] == "gesloten"
    return nummer


CLOSED_PHASES = [
    "gesloten-afhandelen",
    "gesloten-terugkoppeling",
    "gesloten-niet-behandelen",
    "gesloten-intrekken",
]
ALLOWED = {
    "gemeente": set(STEPS) - {"terugkoppeling", "heropenen"},
    "partner": set(STEPS) - {"doorsturen", "afhandelen", "heropenen"},
    **{p: {"heropenen", "tevredenheid", "notitie", "document"} for p in CLOSED_PHASES},
}
LEGAL = [(p, s) for p in ALLOWED for s in STEPS if s in ALLOWED[p]]
ILLEGAL = [(p, s) for p in ALLOWED for s in STEPS if s not in ALLOWED[p]]


@pytest.mark.parametrize(("phase", "step"), LEGAL)
def test_every_legal_step_leaves_an_event_and_an_audit_entry(cli, register, tmp_path, phase, step):
    nummer = in_phase(cli, phase)
    _, data, event = legal(
        cli, register, nummer, *step_args(step, nummer, tmp_path), soort=EVENT_OF[step], action=step
    )
    assert event["datum"] == STEP_DAY
    if step in CLOSING_STEPS:
        assert data["status"] == "gesloten"
        assert data["afgehandeld_op"] == STEP_DAY
    elif step == "heropenen":
        assert data["status"] == "open"
        assert data["afgehandeld_op"] is None
        assert data["fase"] == ("forwarded" if phase == "gesloten-terugkoppeling" else "registered")
    elif step == "doorsturen":
        assert (data["status"], data["fase"]) == ("open", "forwarded")
        assert (data["behandelaar"], data["behandelaar_partner"]) == ("partner", "zorgthuis")
    else:
        assert data["status"] == ("gesloten" if phase.startswith("gesloten") else "open")


@pytest.mark.parametrize(("phase", "step"), ILLEGAL)
def test_every_illegal_step_is_refused_and_changes_nothing(
    cli, register, unchanged, tmp_path, phase, step
):
    nummer = in_phase(cli, phase)
    result = refused(
        cli,
        unchanged,
        *step_args(step, nummer, tmp_path),
        says=f"`{step}` kan niet bij klacht {nummer}",
    )
    if phase.startswith("gesloten") and step != "heropenen":
        assert "gesloten" in result.stderr
        assert "Nu mogelijk: heropenen, tevredenheid, notitie, document, brief." in result.stderr


def test_refusals_name_what_to_do_instead(cli, register, unchanged, tmp_path):
    partner = in_phase(cli, "partner")
    result = refused(
        cli,
        unchanged,
        *step_args("afhandelen", partner, tmp_path),
        says="leg de uitkomst vast met `klacht terugkoppeling`",
    )
    assert result.stderr.startswith("Fout: ")
    gemeente = in_phase(cli, "gemeente")
    refused(
        cli,
        unchanged,
        *step_args("terugkoppeling", gemeente, tmp_path),
        says="de gemeente behandelt deze klacht zelf",
    )
    refused(cli, unchanged, *step_args("heropenen", gemeente, tmp_path), says="nog open")
    refused(cli, unchanged, *step_args("doorsturen", partner, tmp_path), says="al doorgestuurd")


# -- dates: never before the receipt, never in the future -----------------------------------


def _phase_for(step):
    if step == "heropenen":
        return "gesloten-afhandelen"
    return "partner" if step == "terugkoppeling" else "gemeente"


@pytest.mark.parametrize("step", STEPS)
def test_no_step_before_the_receipt(cli, register, unchanged, tmp_path, step):
    nummer = in_phase(cli, _phase_for(step))
    refused(
        cli,
        unchanged,
        *step_args(step, nummer, tmp_path, day=BEFORE_RECEIPT),
        says="ligt vóór de ontvangst van de klacht (13-04-2026)",
    )


@pytest.mark.parametrize("step", STEPS)
def test_no_step_in_the_future(cli, register, unchanged, tmp_path, step):
    nummer = in_phase(cli, _phase_for(step))
    refused(
        cli,
        unchanged,
        *step_args(step, nummer, tmp_path, day=TOMORROW),
        says="28-11-2026 ligt in de toekomst",
    )


def test_step_dates_accept_the_spec_forms_and_default_to_today(cli, register):
    nummer = nieuw(cli)
    cli.ok("notitie", nummer, "een", "--datum", "20-4-2026")
    cli.ok("notitie", nummer, "twee", "--datum", "gisteren")
    cli.ok("notitie", nummer, "drie", "--datum", "vandaag")
    cli.ok("notitie", nummer, "vier")
    dates = [e["datum"] for e in toon(cli, nummer)["gebeurtenissen"] if e["soort"] == "notitie"]
    assert dates == ["2026-04-20", "2026-11-26", TODAY, TODAY]


def test_feedback_dates_are_checked_too(cli, register, unchanged):
    nummer = in_phase(cli, "partner")
    refused(
        cli,
        unchanged,
        "terugkoppeling",
        nummer,
        "--afgehandeld",
        BEFORE_RECEIPT,
        "--tevreden",
        "ja",
        "--datum",
        STEP_DAY,
        says="vóór de ontvangst",
    )
    refused(
        cli,
        unchanged,
        "terugkoppeling",
        nummer,
        "--afgehandeld",
        TOMORROW,
        "--tevreden",
        "ja",
        says="ligt in de toekomst",
    )
    refused(
        cli,
        unchanged,
        "terugkoppeling",
        nummer,
        "--afgehandeld",
        "2026-04-20",
        "--tevreden",
        "ja",
        "--datum",
        "2026-04-19",
        says="De terugkoppeling kan niet eerder zijn dan de afhandeling",
    )
    refused(
        cli,
        unchanged,
        "notitie",
        nummer,
        "x",
        "--datum",
        "31-02-2026",
        says="bestaat niet in de kalender",
    )
    refused(cli, unchanged, "notitie", nummer, "x", "--datum", "morgen", says="Ongeldige datum")


def test_unknown_or_malformed_complaint_number(cli, register, unchanged):
    nieuw(cli)
    refused(cli, unchanged, "contact", "K-2026-0099", says="Klacht K-2026-0099 bestaat niet")
    refused(cli, unchanged, "contact", "K-26-1", says="Ongeldig klachtnummer")


# -- the steps one by one --------------------------------------------------------------------


def test_bevestigen_records_the_confirmation(cli, register):
    nummer = nieuw(cli)
    result, data, event = legal(
        cli,
        register,
        nummer,
        "bevestigen",
        nummer,
        "--datum",
        "2026-04-14",
        soort="bevestigd",
        action="bevestigen",
    )
    assert result.stdout == f"Ontvangstbevestiging van {nummer} vastgelegd op 14-04-2026.\n"
    assert result.stderr == ""
    assert data["bevestigd_op"] == "2026-04-14"
    assert "Awb 9:6" in event["tekst"]


def test_doorsturen_hands_the_complaint_to_a_partner(cli, register, unchanged):
    nummer = nieuw(cli, "--partner", "zorgthuis", "--complex")  # G5: the gemeente keeps it
    assert toon(cli, nummer)["behandelaar"] == "gemeente"
    refused(
        cli, unchanged, "doorsturen", nummer, "--partner", "vervoer", says="gaat niet over vervoer"
    )
    refused(cli, unchanged, "doorsturen", nummer, "--partner", "onbekend", says="onbekend")
    result, data, event = legal(
        cli,
        register,
        nummer,
        "doorsturen",
        nummer,
        "--partner",
        "zorgthuis",
        "--datum",
        "2026-04-20",
        soort="doorgestuurd",
        action="doorsturen",
    )
    # the partner's terms run from the forward date: 2026-04-20 + 6 weeks = 2026-06-01
    assert result.stdout == (
        f"{nummer} doorgestuurd naar zorgthuis op 20-04-2026; afhandeling door de partner "
        "uiterlijk 01-06-2026.\n"
    )
    assert data["doorgestuurd_op"] == "2026-04-20"
    assert data["ontvangen"] == RECEIVED
    assert data["termijnen"] == {"contact": "2026-04-28", "afhandeling": "2026-06-01"}
    assert "Zorg Thuis (zorgthuis)" in event["tekst"]


def test_doorsturen_of_a_complaint_without_partner_links_the_partner(cli, register):
    nummer = nieuw(cli)
    cli.ok("doorsturen", nummer, "--partner", "vervoer", "--datum", STEP_DAY)
    data = toon(cli, nummer)
    assert data["partners"] == ["vervoer"]
    assert data["behandelaar_partner"] == "vervoer"


def test_contact_once_and_a_late_contact_warns(cli, register, unchanged):
    nummer = nieuw(cli)  # contact due 2026-04-20
    result, data, event = legal(
        cli,
        register,
        nummer,
        "contact",
        nummer,
        "--datum",
        "2026-04-21",
        "--notitie",
        "Gebeld",
        soort="contact",
        action="contact",
    )
    assert data["contact_op"] == "2026-04-21"
    assert event["tekst"] == "Gebeld"
    assert result.stderr == "Let op: na de contacttermijn (20-04-2026).\n"
    refused(
        cli,
        unchanged,
        "contact",
        nummer,
        "--datum",
        "2026-04-22",
        says="al vastgelegd op 21-04-2026",
    )


def test_contact_in_time_is_silent(cli, register):
    nummer = nieuw(cli)
    result = cli.ok("contact", nummer, "--datum", "2026-04-20")
    assert result.stderr == ""
    assert toon(cli, nummer)["gebeurtenissen"][-1]["tekst"] == "Contact opgenomen met de klager."


def test_horen_with_a_report(cli, register):
    nummer = nieuw(cli)
    _, _, event = legal(
        cli,
        register,
        nummer,
        "horen",
        nummer,
        "--datum",
        STEP_DAY,
        "--verslag",
        "Klager gehoord op kantoor",
        soort="hoorgesprek",
        action="horen",
    )
    assert event["tekst"] == "Klager gehoord op kantoor"


@pytest.mark.parametrize("grond", ["kennelijk-ongegrond", "afgezien", "geen-reactie"])
def test_horen_waived_for_each_ground(cli, register, grond):
    nummer = nieuw(cli)
    result, _, event = legal(
        cli,
        register,
        nummer,
        "horen",
        nummer,
        "--datum",
        STEP_DAY,
        "--afgezien",
        "--grond",
        grond,
        soort="horen-afgezien",
        action="horen",
    )
    assert result.stdout == f"Afzien van horen bij {nummer} vastgelegd ({grond}).\n"
    assert event["tekst"] == f"Afgezien van horen (Awb 9:10 lid 2), grond: {grond}."


def test_horen_needs_a_report_or_a_ground(cli, register, unchanged):
    nummer = nieuw(cli)
    refused(
        cli,
        unchanged,
        "horen",
        nummer,
        "--afgezien",
        says="Bij --afgezien hoort --grond: kennelijk-ongegrond, afgezien, geen-reactie.",
    )
    refused(
        cli,
        unchanged,
        "horen",
        nummer,
        "--afgezien",
        "--grond",
        "geen-zin",
        says="Ongeldige grond 'geen-zin'",
    )
    refused(cli, unchanged, "horen", nummer, says="verslag van het hoorgesprek (--verslag)")
    refused(cli, unchanged, "horen", nummer, "--verslag", "   ", says="mag niet leeg zijn")
    refused(
        cli,
        unchanged,
        "horen",
        nummer,
        "--verslag",
        "x",
        "--grond",
        "afgezien",
        says="--grond hoort bij --afgezien",
    )


@pytest.mark.parametrize(
    ("weeks", "due"),
    [
        (1, "2026-06-01"),
        (2, "2026-06-08"),
        (3, "2026-06-15"),
        (4, "2026-06-22"),
    ],
)
def test_verdagen_one_to_four_weeks(cli, register, weeks, due):
    nummer = nieuw(cli)
    assert toon(cli, nummer)["termijnen"]["afhandeling"] == "2026-05-26"
    result, data, event = legal(
        cli,
        register,
        nummer,
        "verdagen",
        nummer,
        "--weken",
        str(weeks),
        "--reden",
        "Advies nodig",
        "--datum",
        STEP_DAY,
        soort="verdaagd",
        action="verdagen",
    )
    assert data["verdaagd_weken"] == weeks
    assert data["termijnen"]["afhandeling"] == due
    period = "1 week" if weeks == 1 else f"{weeks} weken"
    shown_due = f"{due[8:]}-{due[5:7]}-2026"
    assert result.stdout == (
        f"{nummer} verdaagd met {period} (totaal {weeks}); afhandelen uiterlijk {shown_due}.\n"
    )
    assert event["tekst"] == (
        f"Verdaagd met {period}: Advies nodig. Termijn van 26-05-2026 naar {shown_due}."
    )
    after = json.loads(audit_rows(register, nummer)[-1][4])
    assert after["handling_due"] == due
    assert after["extension_weeks"] == weeks


def test_verdagen_beyond_four_weeks_needs_consent(cli, register, unchanged):
    nummer = nieuw(cli)
    cli.ok("verdagen", nummer, "--weken", "2", "--reden", "Advies", "--datum", STEP_DAY)
    result = refused(
        cli,
        unchanged,
        *("verdagen", nummer, "--weken", "3", "--reden", "Nog meer", "--datum", "2026-04-21"),
        says="Verdagen tot in totaal 5 weken kan niet (al verdaagd: 2 weken)",
    )
    assert "--instemming-klager" in result.stderr
    assert "Awb 9:11 lid 2 en 3" in result.stderr
    # with written consent: receipt + (10 + 1) weeks = 2026-06-29
    _, data, event = legal(
        cli,
        register,
        nummer,
        "verdagen",
        nummer,
        "--weken",
        "3",
        "--reden",
        "Nog meer",
        "--datum",
        "2026-04-21",
        "--instemming-klager",
        soort="verdaagd",
        action="verdagen",
    )
    assert data["verdaagd_weken"] == 5
    assert data["termijnen"]["afhandeling"] == "2026-06-29"
    assert "met schriftelijke instemming van de klager" in event["tekst"]


def test_verdagen_more_than_four_at_once_and_nonsense_weeks(cli, register, unchanged):
    nummer = nieuw(cli)
    refused(
        cli,
        unchanged,
        "verdagen",
        nummer,
        "--weken",
        "5",
        "--reden",
        "x",
        "--datum",
        STEP_DAY,
        says="ten hoogste 4 weken verdaging",
    )
    refused(
        cli,
        unchanged,
        "verdagen",
        nummer,
        "--weken",
        "0",
        "--reden",
        "x",
        "--datum",
        STEP_DAY,
        says="ten minste 1 week",
    )
    refused(
        cli,
        unchanged,
        "verdagen",
        nummer,
        "--weken",
        "-1",
        "--reden",
        "x",
        "--datum",
        STEP_DAY,
        says="ten minste 1 week",
    )
    refused(cli, unchanged, "verdagen", nummer, "--weken", "twee", "--reden", "x", says="--weken")
    refused(cli, unchanged, "verdagen", nummer, "--weken", "2", says="--reden")
    refused(
        cli,
        unchanged,
        "verdagen",
        nummer,
        "--weken",
        "2",
        "--reden",
        " ",
        "--datum",
        STEP_DAY,
        says="reden mag niet leeg zijn",
    )
    cli.ok(
        "verdagen",
        nummer,
        "--weken",
        "6",
        "--reden",
        "x",
        "--datum",
        STEP_DAY,
        "--instemming-klager",
    )
    assert toon(cli, nummer)["termijnen"]["afhandeling"] == "2026-07-06"  # 10 + 2 weeks


@pytest.mark.parametrize("weeks", ["53", "500000", "99999999999999999999"])
def test_verdagen_absurd_weeks_with_consent_is_input_error(cli, register, unchanged, weeks):
    nummer = nieuw(cli)
    refused(
        cli,
        unchanged,
        "verdagen",
        nummer,
        "--weken",
        weeks,
        "--reden",
        "x",
        "--datum",
        STEP_DAY,
        "--instemming-klager",
        says="ten hoogste 52 weken per verdaging",
    )


def test_verdagen_a_year_with_consent_is_allowed(cli, register):
    nummer = nieuw(cli)
    cli.ok(
        "verdagen",
        nummer,
        "--weken",
        "52",
        "--reden",
        "x",
        "--datum",
        STEP_DAY,
        "--instemming-klager",
    )
    assert toon(cli, nummer)["termijnen"]["afhandeling"] == "2027-05-24"  # received + 58 weeks


def test_verdagen_only_before_the_deadline_passes(cli, register, unchanged):
    nummer = nieuw(cli)  # due 2026-05-26
    refused(
        cli,
        unchanged,
        "verdagen",
        nummer,
        "--weken",
        "2",
        "--reden",
        "x",
        "--datum",
        "2026-05-27",
        says="Verdagen moet vóór het verstrijken van de termijn "
        "(26-05-2026); 27-05-2026 is te laat",
    )
    cli.ok("verdagen", nummer, "--weken", "2", "--reden", "x", "--datum", "2026-05-26")
    # a second extension is checked against the extended deadline (2026-06-08)
    refused(
        cli,
        unchanged,
        "verdagen",
        nummer,
        "--weken",
        "1",
        "--reden",
        "x",
        "--datum",
        "2026-06-09",
        says="(08-06-2026)",
    )
    cli.ok("verdagen", nummer, "--weken", "1", "--reden", "x", "--datum", "2026-06-08")
    assert toon(cli, nummer)["termijnen"]["afhandeling"] == "2026-06-15"


def test_terugkoppeling_with_afschrift_stored_in_the_register(cli, register, tmp_path):
    nummer = nieuw(cli, "--partner", "zorgthuis")
    pdf = tmp_path / "besluit zorgthuis.pdf"
    payload = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    pdf.write_bytes(payload)
    result, data, event = legal(
        cli,
        register,
        nummer,
        "terugkoppeling",
        nummer,
        "--afgehandeld",
        "2026-05-20",
        "--tevreden",
        "ja",
        "--oordeel",
        "deels-gegrond",
        "--maatregel",
        "Planning aangepast",
        "--afschrift",
        str(pdf),
        "--datum",
        "2026-05-22",
        soort="terugkoppeling",
        action="terugkoppeling",
    )
    assert result.stdout == f"Terugkoppeling op {nummer} vastgelegd; klacht gesloten.\n"
    assert result.stderr == ""
    assert (data["status"], data["afsluiting"]) == ("gesloten", "terugkoppeling")
    assert data["afgehandeld_op"] == "2026-05-20"
    assert (data["tevreden"], data["oordeel"]) == ("ja", "deels-gegrond")
    assert data["maatregel"] == "Planning aangepast"
    assert event["datum"] == "2026-05-22"
    assert event["bijlage"] == "besluit zorgthuis.pdf"
    stored = [row for row in event_rows(register, nummer) if row[0] == "terugkoppeling"]
    assert len(stored) == 1
    kind, employee, blob, name, media_type, sha = stored[0]
    assert employee == "tester"
    assert bytes(blob) == payload
    assert name == "besluit zorgthuis.pdf"
    assert media_type == "application/pdf"
    assert sha == hashlib.sha256(payload).hexdigest()


def test_terugkoppeling_after_the_partner_deadline_warns(cli, register):
    nummer = nieuw(cli, "--partner", "zorgthuis")  # due 2026-05-26
    result = cli.ok(
        "terugkoppeling",
        nummer,
        "--afgehandeld",
        "2026-05-27",
        "--tevreden",
        "onbekend",
        "--datum",
        "2026-05-28",
    )
    assert result.stderr == "Let op: afgesloten na de termijn (26-05-2026).\n"
    assert toon(cli, nummer)["tevreden"] == "onbekend"


def test_terugkoppeling_on_complaint_lodged_with_or_forwarded_to_partner(cli, register):
    lodged = nieuw(
        cli,
        "--partner",
        "zorgthuis",
        "--ingediend-bij",
        "partner",
        "--eerder-bij-partner",
        "--complex",
    )  # P1 wins over complexity
    assert toon(cli, lodged)["doorgestuurd_op"] is None
    cli.ok(
        "terugkoppeling", lodged, "--afgehandeld", STEP_DAY, "--tevreden", "ja", "--datum", STEP_DAY
    )
    later = nieuw(cli)
    cli.ok("doorsturen", later, "--partner", "vervoer", "--datum", "2026-04-14")
    cli.ok(
        "terugkoppeling", later, "--afgehandeld", STEP_DAY, "--tevreden", "nee", "--datum", STEP_DAY
    )
    assert toon(cli, lodged)["status"] == toon(cli, later)["status"] == "gesloten"


def test_terugkoppeling_bad_input(cli, register, unchanged, tmp_path):
    nummer = nieuw(cli, "--partner", "zorgthuis")
    refused(
        cli,
        unchanged,
        "terugkoppeling",
        nummer,
        "--afgehandeld",
        STEP_DAY,
        "--tevreden",
        "misschien",
        "--datum",
        STEP_DAY,
        says="Ongeldige tevreden",
    )
    refused(
        cli,
        unchanged,
        "terugkoppeling",
        nummer,
        "--afgehandeld",
        STEP_DAY,
        "--tevreden",
        "ja",
        "--oordeel",
        "terecht",
        "--datum",
        STEP_DAY,
        says="Ongeldige oordeel",
    )
    refused(
        cli,
        unchanged,
        "terugkoppeling",
        nummer,
        "--afgehandeld",
        STEP_DAY,
        "--tevreden",
        "ja",
        "--afschrift",
        str(tmp_path / "weg.pdf"),
        "--datum",
        STEP_DAY,
        says="bestaat niet of is geen bestand",
    )
    refused(cli, unchanged, "terugkoppeling", nummer, "--tevreden", "ja", says="--afgehandeld")


@pytest.mark.parametrize(
    "oordeel", ["gegrond", "deels-gegrond", "ongegrond", "geen-oordeel", "informeel-opgelost"]
)
def test_afhandelen_with_every_verdict(cli, register, oordeel):
    nummer = nieuw(cli)
    result, data, event = legal(
        cli,
        register,
        nummer,
        "afhandelen",
        nummer,
        "--oordeel",
        oordeel,
        "--datum",
        "2026-05-26",
        "--maatregel",
        "Excuses aangeboden",
        "--tevreden",
        "ja",
        soort="afgehandeld",
        action="afhandelen",
    )
    assert result.stdout == f"{nummer} afgehandeld ({oordeel}) op 26-05-2026.\n"
    assert result.stderr == ""  # on the deadline itself is in time
    assert (data["status"], data["afsluiting"], data["oordeel"]) == (
        "gesloten",
        "afgehandeld",
        oordeel,
    )
    assert (data["afgehandeld_op"], data["maatregel"], data["tevreden"]) == (
        "2026-05-26",
        "Excuses aangeboden",
        "ja",
    )
    assert event["tekst"] == (
        f"Afgehandeld, oordeel {oordeel}; maatregel: Excuses aangeboden; "
        "ombudsman vermeld in de brief."
    )


def test_afhandelen_late_and_without_ombudsman_warns(cli, register, unchanged):
    nummer = nieuw(cli)
    refused(
        cli,
        unchanged,
        "afhandelen",
        nummer,
        "--oordeel",
        "terecht",
        "--datum",
        STEP_DAY,
        says="Ongeldige oordeel 'terecht'",
    )
    refused(cli, unchanged, "afhandelen", nummer, "--datum", STEP_DAY, says="--oordeel")
    result = cli.ok(
        "afhandelen",
        nummer,
        "--oordeel",
        "gegrond",
        "--datum",
        "2026-05-27",
        "--ombudsman-niet-vermeld",
    )
    assert result.stderr == (
        "Let op: afgesloten na de termijn (26-05-2026). Let op: de afhandelingsbrief moet de "
        "ombudsman noemen (Awb 9:12 lid 2).\n"
    )


def test_tevredenheid_open_and_closed(cli, register, unchanged):
    nummer = nieuw(cli)
    _, data, event = legal(
        cli,
        register,
        nummer,
        "tevredenheid",
        nummer,
        "--tevreden",
        "nee",
        "--datum",
        STEP_DAY,
        soort="tevredenheid",
        action="tevredenheid",
    )
    assert data["tevreden"] == "nee"
    cli.ok("afhandelen", nummer, "--oordeel", "gegrond", "--datum", "2026-04-21")
    _, data, _ = legal(
        cli,
        register,
        nummer,
        "tevredenheid",
        nummer,
        "--tevreden",
        "ja",
        "--datum",
        "2026-04-30",
        soort="tevredenheid",
        action="tevredenheid",
    )
    assert (data["status"], data["tevreden"]) == ("gesloten", "ja")
    refused(
        cli, unchanged, "tevredenheid", nummer, "--tevreden", "redelijk", says="Ongeldige tevreden"
    )


GROUNDS = {
    "eerder-behandeld": "Awb 9:8 lid 1 sub a",
    "ouder-dan-een-jaar": "Awb 9:8 lid 1 sub b",
    "bezwaar-mogelijk": "Awb 9:8 lid 1 sub c",
    "beroep-mogelijk": "Awb 9:8 lid 1 sub d",
    "andere-rechter": "Awb 9:8 lid 1 sub e",
    "strafrechtelijk": "Awb 9:8 lid 1 sub f",
    "belang-onvoldoende": "Awb 9:8 lid 2",
}


@pytest.mark.parametrize("grond", list(GROUNDS))
def test_niet_behandelen_for_every_ground(cli, register, grond):
    nummer = nieuw(cli)
    result, data, event = legal(
        cli,
        register,
        nummer,
        "niet-behandelen",
        nummer,
        "--grond",
        grond,
        "--datum",
        "2026-05-11",
        "--toelichting",
        "Zie brief",
        soort="niet-behandelen",
        action="niet-behandelen",
    )
    assert result.stdout == f"{nummer} niet in behandeling genomen ({grond}).\n"
    assert result.stderr == ""  # 4 weeks after receipt is 2026-05-11: in time
    assert (data["status"], data["afsluiting"]) == ("gesloten", "niet-behandelen")
    assert GROUNDS[grond] in event["tekst"]
    assert event["tekst"].endswith("Zie brief")


def test_niet_behandelen_late_notice_warns_and_bad_ground_is_refused(cli, register, unchanged):
    nummer = nieuw(cli)
    refused(
        cli,
        unchanged,
        "niet-behandelen",
        nummer,
        "--grond",
        "geen-zin",
        "--datum",
        STEP_DAY,
        says="Ongeldige grond 'geen-zin'",
    )
    refused(cli, unchanged, "niet-behandelen", nummer, "--datum", STEP_DAY, says="--grond")
    result = cli.ok(
        "niet-behandelen", nummer, "--grond", "bezwaar-mogelijk", "--datum", "2026-05-12"
    )
    assert result.stdout == f"{nummer} niet in behandeling genomen (bezwaar-mogelijk).\n"
    assert result.stderr == ("Let op: mededeling na de termijn van Awb 9:8 lid 3 (11-05-2026).\n")


def test_niet_behandelen_notice_term_is_moved_past_feestdagen(cli, register):
    # received 2026-04-07 + 4 weeks = 2026-05-05 (Bevrijdingsdag) -> notice due 2026-05-06
    nummer = nieuw(cli, ontvangen="2026-04-07")
    assert (
        cli.ok(
            "niet-behandelen", nummer, "--grond", "eerder-behandeld", "--datum", "2026-05-06"
        ).stderr
        == ""
    )
    other = nieuw(cli, ontvangen="2026-04-07")
    assert (
        "(06-05-2026)"
        in cli.ok(
            "niet-behandelen", other, "--grond", "eerder-behandeld", "--datum", "2026-05-07"
        ).stderr
    )


def test_intrekken_closes_with_the_reason(cli, register):
    nummer = nieuw(cli)
    result, data, event = legal(
        cli,
        register,
        nummer,
        "intrekken",
        nummer,
        "--datum",
        STEP_DAY,
        "--reden",
        "Opgelost met de aanbieder",
        soort="ingetrokken",
        action="intrekken",
    )
    assert result.stdout == f"{nummer} ingetrokken op 20-04-2026.\n"
    assert (data["status"], data["afsluiting"]) == ("gesloten", "ingetrokken")
    assert event["tekst"] == "Klacht ingetrokken door de klager: Opgelost met de aanbieder"


def test_heropenen_needs_a_reason_and_a_closed_complaint(cli, register, unchanged):
    nummer = nieuw(cli)
    refused(
        cli,
        unchanged,
        "heropenen",
        nummer,
        "--nieuwe-feiten",
        "--reden",
        "x",
        "--datum",
        STEP_DAY,
        says="de klacht is nog open",
    )
    cli.ok("afhandelen", nummer, "--oordeel", "gegrond", "--datum", "2026-04-21")
    refused(
        cli,
        unchanged,
        "heropenen",
        nummer,
        "--nieuwe-feiten",
        "--datum",
        "2026-04-22",
        says="--reden",
    )
    # which case it is must be said: new facts or a mistake, exactly one
    for flags in ([], ["--nieuwe-feiten", "--vergissing"]):
        refused(
            cli,
            unchanged,
            "heropenen",
            nummer,
            *flags,
            "--reden",
            "x",
            "--datum",
            "2026-04-22",
            says="precies één van beide aan: --nieuwe-feiten",
        )
    refused(
        cli,
        unchanged,
        "heropenen",
        nummer,
        "--nieuwe-feiten",
        "--reden",
        "  ",
        "--datum",
        "2026-04-22",
        says="reden mag niet leeg zijn",
    )
    refused(
        cli,
        unchanged,
        "heropenen",
        nummer,
        "--nieuwe-feiten",
        "--reden",
        "x",
        "--datum",
        "2026-04-20",
        says="ligt vóór de afsluiting van de klacht (21-04-2026)",
    )
    result, data, event = legal(
        cli,
        register,
        nummer,
        "heropenen",
        nummer,
        "--nieuwe-feiten",
        "--reden",
        "Klager bracht nieuwe feiten",
        "--datum",
        "2026-04-22",
        soort="heropend",
        action="heropenen",
    )
    assert result.stdout == (
        f"{nummer} heropend met nieuwe feiten; de termijnen lopen opnieuw vanaf 22-04-2026: "
        "contact uiterlijk 30-04-2026, afhandeling uiterlijk 03-06-2026.\n"
    )
    assert (data["status"], data["fase"], data["afgehandeld_op"], data["oordeel"]) == (
        "open",
        "registered",
        None,
        None,
    )
    assert event["tekst"] == (
        "Heropend (nieuwe-feiten; was afgehandeld op 21-04-2026): Klager bracht nieuwe feiten"
    )
    # open again: it can be closed again
    cli.ok("afhandelen", nummer, "--oordeel", "ongegrond", "--datum", "2026-04-23")
    assert toon(cli, nummer)["oordeel"] == "ongegrond"


def test_heropenen_of_a_partner_complaint_expects_feedback_again(cli, register):
    nummer = nieuw(cli, "--partner", "zorgthuis")
    cli.ok(
        "terugkoppeling",
        nummer,
        "--afgehandeld",
        STEP_DAY,
        "--tevreden",
        "nee",
        "--datum",
        STEP_DAY,
    )
    cli.ok(
        "heropenen",
        nummer,
        "--vergissing",
        "--reden",
        "Klager niet tevreden",
        "--datum",
        "2026-04-21",
    )
    assert toon(cli, nummer)["fase"] == "forwarded"
    cli.ok(
        "terugkoppeling",
        nummer,
        "--afgehandeld",
        "2026-04-28",
        "--tevreden",
        "ja",
        "--datum",
        "2026-04-28",
    )
    assert toon(cli, nummer)["tevreden"] == "ja"


def test_notitie(cli, register, unchanged):
    nummer = nieuw(cli)
    result, _, event = legal(
        cli,
        register,
        nummer,
        "notitie",
        nummer,
        "Klager belde: levering weer gestart",
        "--datum",
        STEP_DAY,
        soort="notitie",
        action="notitie",
    )
    assert result.stdout == f"Notitie toegevoegd aan {nummer}.\n"
    assert event["tekst"] == "Klager belde: levering weer gestart"
    refused(cli, unchanged, "notitie", nummer, "   ", says="notitie mag niet leeg zijn")
    refused(cli, unchanged, "notitie", nummer, "a\x00b", says="ongeldig stuurteken")


def test_document_is_stored_inside_the_register(cli, register, unchanged, tmp_path):
    nummer = nieuw(cli)
    mail = tmp_path / "mail-klager.eml"
    payload = b"From: klager@example.nl\r\nSubject: klacht\r\n\r\nDe hulp kwam niet.\r\n"
    mail.write_bytes(payload)
    result, _, event = legal(
        cli,
        register,
        nummer,
        "document",
        nummer,
        str(mail),
        "--omschrijving",
        "E-mail van de klager",
        "--datum",
        STEP_DAY,
        soort="document",
        action="document",
    )
    assert result.stdout == (
        f"Document mail-klager.eml ({len(payload)} bytes) toegevoegd aan {nummer}.\n"
    )
    assert (event["tekst"], event["bijlage"]) == ("E-mail van de klager", "mail-klager.eml")
    row = [r for r in event_rows(register, nummer) if r[0] == "document"][0]
    assert bytes(row[2]) == payload
    assert row[3:] == ("mail-klager.eml", "message/rfc822", hashlib.sha256(payload).hexdigest())
    refused(
        cli,
        unchanged,
        "document",
        nummer,
        str(tmp_path / "weg.pdf"),
        says="bestaat niet of is geen bestand",
    )
    refused(cli, unchanged, "document", nummer, str(tmp_path), says="geen bestand")


def test_full_gemeente_lifecycle_timeline(cli, register, tmp_path):
    nummer = nieuw(cli)
    for args in (
        ["bevestigen", nummer, "--datum", "2026-04-14"],
        ["contact", nummer, "--datum", "2026-04-15"],
        ["horen", nummer, "--datum", "2026-04-28", "--verslag", "Gehoord"],
        ["verdagen", nummer, "--weken", "2", "--reden", "Advies", "--datum", "2026-05-01"],
        ["afhandelen", nummer, "--oordeel", "gegrond", "--datum", "2026-06-05"],
        ["tevredenheid", nummer, "--tevreden", "ja", "--datum", "2026-06-10"],
    ):
        cli.ok(*args)
    data = toon(cli, nummer)
    assert [(e["soort"], e["datum"]) for e in data["gebeurtenissen"]] == [
        ("ontvangen", RECEIVED),
        ("bevestigd", "2026-04-14"),
        ("contact", "2026-04-15"),
        ("hoorgesprek", "2026-04-28"),
        ("verdaagd", "2026-05-01"),
        ("afgehandeld", "2026-06-05"),
        ("tevredenheid", "2026-06-10"),
    ]
    assert {e["medewerker"] for e in data["gebeurtenissen"]} == {"tester"}
    assert [r[2] for r in audit_rows(register, nummer)] == [
        "nieuw",
        "bevestigen",
        "contact",
        "horen",
        "verdagen",
        "afhandelen",
        "tevredenheid",
    ]


def test_medewerker_option_is_recorded(cli, register):
    nummer = nieuw(cli)
    cli.ok("--medewerker", "Fatima", "notitie", nummer, "Gebeld", "--datum", STEP_DAY)
    assert toon(cli, nummer)["gebeurtenissen"][-1]["medewerker"] == "Fatima"
    assert audit_rows(register, nummer)[-1][:3] == ("Fatima", "klacht notitie", "notitie")
