"""Letters of SPEC §9 through the real CLI on a real register, read back with python-docx: the
facts the law asks for are in the text, the dossier records what the letter proves, and a letter
that does not fit the complaint's state is refused without changing anything."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import docx
import pytest
from tests.cli.test_steps import refused

RECEIVED = "2026-04-13"  # Mon: contact 20-04-2026, handling 26-05-2026 (tweede Pinksterdag)


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def toon(cli, nummer):
    return json.loads(cli.ok("toon", nummer, "--json").stdout)


def brief(cli, tmp_path, nummer, soort, *extra, datum="2026-04-14"):
    out = tmp_path / "brieven"
    out.mkdir(exist_ok=True)
    result = cli.ok("brief", nummer, soort, "--datum", datum, "--uitvoer", f"{out}/", *extra)
    return result, out


def letters_of(db_path, nummer):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT e.text, e.attachment_name, e.attachment_type, length(e.attachment) "
            "FROM event e JOIN complaint c ON c.id = e.complaint_id "
            "WHERE c.number = ? AND e.kind = 'brief' ORDER BY e.id",
            (nummer,),
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def partner_officer(cli, register):
    cli.ok(
        "partner",
        "wijzig",
        "zorgthuis",
        "--functionaris-naam",
        "Els Kok",
        "--functionaris-email",
        "e.kok@zorgthuis.example",
        "--klachten-adres",
        "Postbus 1, 1000 AA Amsterdam",
    )


def gemeente_complaint(cli, *extra):
    """Handled by the gemeente (G4) and about zorgthuis."""
    return cli.new(
        RECEIVED, "--partner", "zorgthuis", "--wil-gemeente", "--klager-email", "anna@x.nl", *extra
    )["nummer"]


def partner_complaint(cli):
    """Forwarded to zorgthuis on receipt (P2)."""
    return cli.new(RECEIVED, "--partner", "zorgthuis")["nummer"]


# -- each kind -------------------------------------------------------------------------------


def test_ontvangstbevestiging_names_handler_and_deadlines_and_records_bevestigen(
    cli, register, db_path, tmp_path, unchanged
):
    nummer = gemeente_complaint(cli)
    result, out = brief(cli, tmp_path, nummer, "ontvangstbevestiging")
    path = out / f"{nummer}-ontvangstbevestiging.docx"
    assert str(path) in result.stdout
    assert "Ontvangst schriftelijk bevestigd (Awb 9:6)" in result.stdout
    assert path.stat().st_mode & 0o777 == 0o600
    text = text_of(path)
    for fact in (
        nummer,
        "Anna de Vries",
        "anna@x.nl",
        "Datum: 14 april 2026",
        "Op 13 april 2026 hebben wij uw klacht ontvangen",
        "Klachtenteam Sociaal Domein",
        "Uw contactpersoon is tester",
        "uiterlijk 20 april 2026 contact",
        "uiterlijk 26 mei 2026 af",
    ):
        assert fact in text, fact
    data = toon(cli, nummer)
    assert data["bevestigd_op"] == "2026-04-14"
    (event,) = [e for e in data["gebeurtenissen"] if e["soort"] == "brief"]
    assert event["bijlage"] == path.name
    assert event["datum"] == "2026-04-14"
    ((stored_text, name, media, size),) = letters_of(db_path, nummer)
    assert size == path.stat().st_size
    assert media.endswith("wordprocessingml.document")
    # a second confirmation is refused, saying why
    path.unlink()
    refused(
        cli,
        unchanged,
        "brief",
        nummer,
        "ontvangstbevestiging",
        "--uitvoer",
        f"{out}/",
        says="de ontvangst is al bevestigd op 14-04-2026",
    )
    assert not path.exists()


def test_doorzending_tells_which_partner_handles_and_why(cli, register, tmp_path):
    nummer = partner_complaint(cli)
    result, out = brief(cli, tmp_path, nummer, "doorzending")
    text = text_of(out / f"{nummer}-doorzending.docx")
    for fact in (
        nummer,
        "Geachte Anna de Vries,",
        "Op 13 april 2026 hebben wij uw klacht doorgestuurd naar Zorg Thuis",
        "niet ingewikkeld",  # P2 in plain words
        "uiterlijk 26 mei 2026",
        "020-1234567",
    ):
        assert fact in text, fact
    assert "Zorg Thuis de klacht behandelt" in result.stdout


def test_terugkoppelingsverzoek_goes_to_the_officer_and_not_for_the_gemeente(
    cli, register, partner_officer, tmp_path, unchanged
):
    nummer = partner_complaint(cli)
    _, out = brief(cli, tmp_path, nummer, "terugkoppelingsverzoek")
    text = text_of(out / f"{nummer}-terugkoppelingsverzoek.docx")
    for fact in (
        "Geachte Els Kok,",
        "Postbus 1, 1000 AA Amsterdam",
        "e.kok@zorgthuis.example",
        "klacht van Anna de Vries",
        "De klacht: De hulp kwam niet.",
        "uiterlijk 26 mei 2026",
    ):
        assert fact in text, fact
    own = gemeente_complaint(cli)
    refused(
        cli,
        unchanged,
        "brief",
        own,
        "terugkoppelingsverzoek",
        "--uitvoer",
        f"{tmp_path}/",
        says="de gemeente behandelt deze klacht zelf",
    )


def test_verdaging_makes_two_letters_and_settles_the_notice(
    cli, register, partner_officer, tmp_path, unchanged
):
    nummer = gemeente_complaint(cli)
    refused(
        cli,
        unchanged,
        "brief",
        nummer,
        "verdaging",
        "--uitvoer",
        f"{tmp_path}/",
        says="de termijn is niet verdaagd",
    )
    result = cli.ok(
        "verdagen",
        nummer,
        "--weken",
        "2",
        "--reden",
        "advies van een arts nodig",
        "--datum",
        "2026-04-20",
    )
    assert "mededeling" in result.stderr
    event = toon(cli, nummer)["gebeurtenissen"][-1]
    assert event["tekst"] == (
        "Verdaagd met 2 weken: advies van een arts nodig. Termijn van 26-05-2026 naar 08-06-2026."
    )
    items = json.loads(cli.ok("termijnen", "--json", "--peildatum", "2026-04-21").stdout)
    notice = [t for t in items["termijnen"] if t["soort"] == "mededeling-verdaging"]
    assert [(t["nummer"], t["deadline"]) for t in notice] == [(nummer, "2026-05-26")]

    result, out = brief(cli, tmp_path, nummer, "verdaging", datum="2026-04-21")
    to_complainant = text_of(out / f"{nummer}-verdaging-klager.docx")
    to_partner = text_of(out / f"{nummer}-verdaging-zorgthuis.docx")
    for text in (to_complainant, to_partner):
        for fact in (nummer, "21 april 2026", "26 mei 2026", "8 juni 2026", "advies van een arts"):
            assert fact in text, fact
    assert "Geachte Anna de Vries," in to_complainant
    assert "Geachte Els Kok," in to_partner and "Postbus 1, 1000 AA Amsterdam" in to_partner
    assert "9:11" in to_complainant and "9:11 lid 2" in to_partner
    items = json.loads(cli.ok("termijnen", "--json", "--peildatum", "2026-04-21").stdout)
    assert not [t for t in items["termijnen"] if t["soort"] == "mededeling-verdaging"]
    data = toon(cli, nummer)
    assert data["mededeling_verdaging_uiterlijk"] == "2026-05-26"
    assert data["mededeling_verdaging_op"] == "2026-04-21"
    briefs = [e for e in data["gebeurtenissen"] if e["soort"] == "brief"]
    assert len(briefs) == 2
    assert all("schriftelijk meegedeeld aan klager en beklaagde" in e["tekst"] for e in briefs)


def test_verdagen_with_mededeling_and_consent_records_their_dates(cli, register):
    nummer = gemeente_complaint(cli)
    cli.ok(
        "verdagen",
        nummer,
        "--weken",
        "4",
        "--reden",
        "Onderzoek",
        "--datum",
        "2026-04-20",
        "--mededeling",
        "2026-04-21",
    )
    items = json.loads(cli.ok("termijnen", "--json", "--peildatum", "2026-04-22").stdout)
    assert not [t for t in items["termijnen"] if t["soort"] == "mededeling-verdaging"]
    assert toon(cli, nummer)["gebeurtenissen"][-1]["tekst"].endswith(
        "Mededeling aan klager en beklaagde verstuurd op 21-04-2026."
    )
    result = cli.ok(
        "verdagen",
        nummer,
        "--weken",
        "1",
        "--reden",
        "Hoorzitting",
        "--datum",
        "2026-05-04",
        "--instemming-klager",
        "--instemming-op",
        "2026-05-01",
    )
    data = toon(cli, nummer)
    assert data["instemming_klager_op"] == "2026-05-01"
    text = data["gebeurtenissen"][-1]["tekst"]
    assert "met schriftelijke instemming van de klager van 01-05-2026" in text
    assert "Mededeling" not in text  # only what was recorded
    assert "mededeling" in result.stderr
    items = json.loads(cli.ok("termijnen", "--json", "--peildatum", "2026-05-05").stdout)
    notice = [t for t in items["termijnen"] if t["soort"] == "mededeling-verdaging"]
    assert [t["deadline"] for t in notice] == ["2026-06-22"]  # the deadline it extended


def test_instemming_op_without_consent_is_refused(cli, register, unchanged):
    nummer = gemeente_complaint(cli)
    refused(
        cli,
        unchanged,
        "verdagen",
        nummer,
        "--weken",
        "1",
        "--reden",
        "X",
        "--datum",
        "2026-04-20",
        "--instemming-op",
        "2026-04-20",
        says="--instemming-op hoort bij --instemming-klager",
    )


def test_niet_behandelen_letter_names_the_ground_in_plain_words(cli, register, tmp_path, unchanged):
    nummer = gemeente_complaint(cli)
    refused(
        cli,
        unchanged,
        "brief",
        nummer,
        "niet-behandelen",
        "--uitvoer",
        f"{tmp_path}/",
        says="klacht niet-behandelen --grond",
    )
    cli.ok("niet-behandelen", nummer, "--grond", "bezwaar-mogelijk", "--datum", "2026-04-20")
    _, out = brief(cli, tmp_path, nummer, "niet-behandelen", datum="2026-04-20")
    text = text_of(out / f"{nummer}-niet-behandelen.docx")
    for fact in (
        nummer,
        "Anna de Vries",
        "20 april 2026",
        "Wij behandelen uw klacht niet",
        "bezwaar maken",
        "artikel 9:8 lid 1 onder c",
        "Ombudsman Metropool Amsterdam",
    ):
        assert fact in text, fact


def test_afhandeling_letter_has_verdict_measure_and_the_ombudsman(
    cli, register, db_path, tmp_path, unchanged
):
    nummer = gemeente_complaint(cli)
    refused(
        cli,
        unchanged,
        "brief",
        nummer,
        "afhandeling",
        "--uitvoer",
        f"{tmp_path}/",
        says="nog geen beslissing met oordeel",
    )
    cli.ok(
        "afhandelen",
        nummer,
        "--oordeel",
        "deels-gegrond",
        "--maatregel",
        "Vaste hulp ingepland",
        "--datum",
        "2026-05-20",
        "--ombudsman-niet-vermeld",
    )
    result, out = brief(
        cli,
        tmp_path,
        nummer,
        "afhandeling",
        "--toelichting",
        "Wij spraken de ketenpartner.",
        datum="2026-05-20",
    )
    text = text_of(out / f"{nummer}-afhandeling.docx")
    for fact in (
        nummer,
        "Geachte Anna de Vries,",
        "Datum: 20 mei 2026",
        "Wij spraken de ketenpartner.",
        "deels gegrond",
        "Vaste hulp ingepland",
        "Ombudsman Metropool Amsterdam",
        "Postbus 202, 1000 AE Amsterdam",
        "uiterlijk 20 mei 2027",
    ):
        assert fact in text, fact
    assert "Awb 9:12" in result.stdout
    conn = sqlite3.connect(db_path)
    try:
        (named,) = conn.execute(
            "SELECT ombudsman_named FROM complaint WHERE number = ?", (nummer,)
        ).fetchone()
    finally:
        conn.close()
    assert named == 1  # the letter proves it now


def test_afhandeling_letter_needs_the_findings_of_the_investigation(
    cli, register, tmp_path, unchanged
):
    """Awb 9:12 lid 1: the decision letter states the findings, not only the verdict. A definitive
    letter without --toelichting is refused; a concept shows where the findings go."""
    nummer = gemeente_complaint(cli)
    cli.ok("afhandelen", nummer, "--oordeel", "gegrond", "--datum", "2026-05-20")
    refused(
        cli,
        unchanged,
        "brief",
        nummer,
        "afhandeling",
        "--datum",
        "2026-05-20",
        "--uitvoer",
        f"{tmp_path}/",
        says="--toelichting",
    )
    _, out = brief(cli, tmp_path, nummer, "afhandeling", "--concept", datum="2026-05-20")
    text = text_of(out / f"{nummer}-afhandeling.docx")
    assert "Wat wij hebben onderzocht: [bevindingen van het onderzoek invullen]" in text
    assert toon(cli, nummer)["status"] == "gesloten"


def test_afhandeling_refused_for_a_partner_closing(cli, register, tmp_path, unchanged):
    nummer = partner_complaint(cli)
    cli.ok("terugkoppeling", nummer, "--afgehandeld", "2026-05-01", "--tevreden", "ja")
    refused(
        cli,
        unchanged,
        "brief",
        nummer,
        "afhandeling",
        "--uitvoer",
        f"{tmp_path}/",
        says="Nu mogelijk: tevredenheid",
    )


def test_tevredenheid_only_after_closing(cli, register, db_path, tmp_path, unchanged):
    nummer = gemeente_complaint(cli)
    refused(
        cli,
        unchanged,
        "brief",
        nummer,
        "tevredenheid",
        "--uitvoer",
        f"{tmp_path}/",
        says="Nu mogelijk: ontvangstbevestiging",
    )
    cli.ok("afhandelen", nummer, "--oordeel", "gegrond", "--datum", "2026-05-20")
    result, out = brief(cli, tmp_path, nummer, "tevredenheid", datum="2026-05-22")
    text = text_of(out / f"{nummer}-tevredenheid.docx")
    for fact in (nummer, "Anna de Vries", "22 mei 2026", "20 mei 2026", "tevreden"):
        assert fact in text, fact
    ((stored, *_),) = letters_of(db_path, nummer)
    assert "tevreden" in stored


# -- formats, concept, pdf -------------------------------------------------------------------


def test_txt_concept_records_nothing(cli, register, tmp_path, unchanged):
    nummer = gemeente_complaint(cli)
    before = unchanged()
    target = tmp_path / "mail.txt"
    result = cli.ok(
        "brief",
        nummer,
        "ontvangstbevestiging",
        "--formaat",
        "txt",
        "--concept",
        "--uitvoer",
        str(target),
    )
    assert "niets vastgelegd" in result.stdout
    assert unchanged() == before
    text = target.read_text(encoding="utf-8")
    assert nummer in text and "Anna de Vries" in text and "26 mei 2026" in text
    assert target.stat().st_mode & 0o777 == 0o600


def test_pdf_without_libreoffice_says_so_and_changes_nothing(
    cli, register, tmp_path, unchanged, monkeypatch
):
    nummer = gemeente_complaint(cli)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "uit"
    out.mkdir()
    refused(
        cli,
        unchanged,
        "brief",
        nummer,
        "ontvangstbevestiging",
        "--pdf",
        "--uitvoer",
        f"{out}/",
        says="LibreOffice is niet geïnstalleerd",
    )
    assert list(out.iterdir()) == []


def test_existing_letter_is_not_overwritten(cli, register, tmp_path, unchanged):
    nummer = gemeente_complaint(cli)
    target = tmp_path / "brief.docx"
    target.write_bytes(b"iets anders")
    refused(
        cli,
        unchanged,
        "brief",
        nummer,
        "ontvangstbevestiging",
        "--uitvoer",
        str(target),
        says="Bestaat al",
    )
    assert target.read_bytes() == b"iets anders"


def test_unknown_kind_is_refused(cli, register, unchanged):
    nummer = gemeente_complaint(cli)
    refused(cli, unchanged, "brief", nummer, "kerstkaart", says="Onbekende soort 'kerstkaart'")


# -- templates -------------------------------------------------------------------------------


def edited(source: Path, target: Path, line: str) -> Path:
    doc = docx.Document(str(source))
    doc.add_paragraph(line)
    doc.save(str(target))
    return target


def test_template_round_trip(cli, register, tmp_path):
    listed = json.loads(cli.ok("sjabloon", "lijst", "--json").stdout)["sjablonen"]
    assert {s["soort"] for s in listed} >= {"afhandeling", "verdaging-klager"}
    assert {s["bron"] for s in listed} == {"standaard"}
    exported = tmp_path / "afhandeling.docx"
    cli.ok("sjabloon", "exporteer", "afhandeling", str(exported))
    own = edited(exported, tmp_path / "eigen.docx", "Eigen regel voor {{ nummer }}.")
    result = cli.ok("sjabloon", "importeer", "afhandeling", str(own))
    assert "ingelezen" in result.stdout
    listed = json.loads(cli.ok("sjabloon", "lijst", "--json").stdout)["sjablonen"]
    assert [s["bestand"] for s in listed if s["bron"] == "eigen"] == ["eigen.docx"]

    nummer = gemeente_complaint(cli)
    cli.ok("afhandelen", nummer, "--oordeel", "gegrond", "--datum", "2026-05-20")
    _, out = brief(cli, tmp_path, nummer, "afhandeling", "--concept", datum="2026-05-20")
    assert f"Eigen regel voor {nummer}." in text_of(out / f"{nummer}-afhandeling.docx")

    again = tmp_path / "terug.docx"
    cli.ok("sjabloon", "exporteer", "afhandeling", str(again))
    assert again.read_bytes() == own.read_bytes()
    cli.ok("sjabloon", "herstel", "afhandeling")
    listed = json.loads(cli.ok("sjabloon", "lijst", "--json").stdout)["sjablonen"]
    assert {s["bron"] for s in listed} == {"standaard"}


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("Beste {{ voornaam_klager }},", "onbekende velden: voornaam_klager"),
        ("{% if nummer %}zonder einde", "fout in een tag"),
        ("{{ nummer ", "fout in een tag"),
    ],
)
def test_bad_template_is_refused_by_name(cli, register, tmp_path, unchanged, line, says):
    exported = tmp_path / "ontvangst.docx"
    cli.ok("sjabloon", "exporteer", "ontvangstbevestiging", str(exported))
    bad = edited(exported, tmp_path / "fout.docx", line)
    refused(cli, unchanged, "sjabloon", "importeer", "ontvangstbevestiging", str(bad), says=says)


def test_not_a_word_file_is_refused(cli, register, tmp_path, unchanged):
    bad = tmp_path / "brief.docx"
    bad.write_text("geen word", encoding="utf-8")
    refused(cli, unchanged, "sjabloon", "importeer", "afhandeling", str(bad), says="geen bruikbaar")


def test_velden_lists_every_placeholder_with_its_meaning(cli):
    data = json.loads(cli.ok("sjabloon", "velden", "--json").stdout)["velden"]
    assert "ombudsman_termijn" in data and data["nummer"].startswith("klachtnummer")


def test_default_templates_ship_inside_the_package():
    import klachtcli

    folder = Path(klachtcli.__file__).parent / "templates"
    names = sorted(p.stem for p in folder.glob("*.docx"))
    from klachtcli.domain.letters import TEMPLATE_KINDS

    assert names == sorted(TEMPLATE_KINDS)
    assert all(os.path.getsize(folder / f"{n}.docx") > 0 for n in names)


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice ontbreekt"
)
def test_pdf_with_libreoffice(cli, register, tmp_path):
    nummer = gemeente_complaint(cli)
    _, out = brief(cli, tmp_path, nummer, "ontvangstbevestiging", "--pdf", "--concept")
    pdf = out / f"{nummer}-ontvangstbevestiging.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_mode & 0o777 == 0o600
