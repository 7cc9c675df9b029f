"""`klacht nieuw --uit-mail BERICHT.eml`: a complaint from a saved e-mail, with the message and its
attachments in the dossier (fixtures in tests/data/mail)."""

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from tests.conftest import TODAY, dump

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"
ASK = ["nieuw", "--no-input", "--json", "--categorie", "kwaliteit", "--uit-mail"]


def from_mail(cli, name, *extra):
    result = cli(*ASK, str(MAIL / name), *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def shown(cli, number):
    return json.loads(cli.ok("toon", number, "--json").stdout)


def test_plain_mail_fills_date_channel_complainant_and_text(cli, register):
    data = from_mail(cli, "plain.eml", "--partner", "zorgthuis")
    assert data["nummer"] == "K-2026-0001"
    assert data["documenten"] == ["plain.eml"]
    dossier = shown(cli, "K-2026-0001")
    # Date: Fri 20 Nov 2026 23:30 UTC is Saturday 00:30 in Amsterdam
    assert dossier["ontvangen"] == "2026-11-21"
    assert dossier["kanaal"] == "email"
    assert dossier["klager"] == {
        "naam": "Anna de Vries",
        "email": "anna.devries@example.nl",
        "telefoon": None,
    }
    assert dossier["omschrijving"].startswith("Onderwerp: Klacht over de thuiszorg\n\nGeachte")
    assert "De hulp van Zorg Thuis is al drie weken niet gekomen." in dossier["omschrijving"]
    documents = [e for e in dossier["gebeurtenissen"] if e["soort"] == "document"]
    assert [(e["datum"], e["bijlage"]) for e in documents] == [("2026-11-21", "plain.eml")]


def test_the_original_message_is_stored_byte_for_byte(cli, register, db_path):
    from_mail(cli, "attachment.eml")
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "SELECT attachment_name, attachment_type, attachment, attachment_sha256 FROM event "
        "WHERE attachment IS NOT NULL ORDER BY id"
    ).fetchall()
    assert [(name, kind) for name, kind, _, _ in rows] == [
        ("attachment.eml", "message/rfc822"),
        ("verslag huisbezoek.pdf", "application/pdf"),  # "../" of the sender is dropped
        ("bijlage-2.png", "image/png"),  # no file name given: a plain one
    ]
    assert rows[0][2] == (MAIL / "attachment.eml").read_bytes()
    assert rows[1][2].startswith(b"%PDF-1.4\n% verslag huisbezoek")
    assert all(hashlib.sha256(data).hexdigest() == digest for _, _, data, digest in rows)
    assert conn.execute("SELECT message_id FROM complaint").fetchall() == [
        ("<attach-20261125@mail.example.nl>",)
    ]


def test_attachments_come_out_with_the_dossier_export(cli, register, tmp_path):
    from_mail(cli, "attachment.eml")
    cli.ok("toon", "K-2026-0001", "--export", str(tmp_path / "uit"))
    folder = tmp_path / "uit" / "K-2026-0001" / "bijlagen"
    assert sorted(p.name.split("-", 1)[1] for p in folder.iterdir()) == [
        "attachment.eml",
        "bijlage-2.png",
        "verslag_huisbezoek.pdf",
    ]
    dossier = shown(cli, "K-2026-0001")
    assert dossier["omschrijving"] == (
        "Onderwerp: Aanvulling met verslag\n\nHierbij het verslag van het huisbezoek."
    )  # the plain part, not the HTML alternative


def test_html_only_mail_becomes_readable_text(cli, register):
    from_mail(cli, "html-only.eml")
    dossier = shown(cli, "K-2026-0001")
    assert dossier["ontvangen"] == "2026-11-16"
    assert dossier["klager"]["naam"] == "Piet Jansen"
    assert dossier["omschrijving"] == (
        "Onderwerp: Scootmobiel kapot\n\n"
        "Beste klachtenteam,\n\n"
        "Mijn scootmobiel is al twee weken kapot & niemand komt.\n\n"
        "- gebeld op 2 november\n"
        "- gemaild op 9 november\n\n"
        "Groet,\nPiet"
    )


def test_non_utf8_charset_and_encoded_headers(cli, register):
    from_mail(cli, "latin1.eml")
    dossier = shown(cli, "K-2026-0001")
    assert dossier["klager"]["naam"] == "José Müller"
    assert dossier["omschrijving"] == (
        "Onderwerp: Précis te laat\n\n"
        "De crèche-achtige dagbesteding was één uur te laat; dat is niet geïnd."
    )


def test_options_win_over_the_mail(cli, register):
    from_mail(
        cli,
        "plain.eml",
        "--ontvangen",
        "2026-11-23",
        "--klager",
        "A. de Vries-Bakker",
        "--kanaal",
        "webformulier",
        "--omschrijving",
        "Hulp niet gekomen (zie e-mail).",
    )
    dossier = shown(cli, "K-2026-0001")
    assert (dossier["ontvangen"], dossier["kanaal"], dossier["klager"]["naam"]) == (
        "2026-11-23",
        "webformulier",
        "A. de Vries-Bakker",
    )
    assert dossier["klager"]["email"] == "anna.devries@example.nl"  # not given: from the mail
    assert dossier["omschrijving"] == "Hulp niet gekomen (zie e-mail)."


def test_missing_date_needs_ontvangen(cli, register):
    before = dump(register)
    result = cli(*ASK, str(MAIL / "no-date.eml"))
    assert result.exit_code == 2
    assert result.stderr == (
        "Fout: Geen ontvangstdatum: het bericht heeft geen Date-kopregel. "
        "Geef de datum met --ontvangen.\n"
    )
    assert dump(register) == before
    from_mail(cli, "no-date.eml", "--ontvangen", "2026-11-26")
    assert shown(cli, "K-2026-0001")["ontvangen"] == "2026-11-26"


def test_same_message_twice_is_refused_with_the_existing_number(cli, register):
    from_mail(cli, "plain.eml")
    before = dump(register)
    result = cli(*ASK, str(MAIL / "plain.eml"))
    assert result.exit_code == 2
    assert (
        "Fout: Dit bericht is al geregistreerd als K-2026-0001 "
        "(Message-ID <plain-20261120@mail.example.nl>); zie `klacht toon K-2026-0001`."
    ) in result.stderr
    assert dump(register) == before
    # another message registers normally, and a complaint without e-mail has no Message-ID
    assert from_mail(cli, "html-only.eml")["nummer"] == "K-2026-0002"
    assert cli.new("2026-11-20")["nummer"] == "K-2026-0003"


def test_future_date_header_is_refused(cli, register):
    before = dump(register)
    result = cli(*ASK, str(MAIL / "future.eml"))
    assert result.exit_code == 2
    assert (
        "De ontvangstdatum 04-12-2026 (Date-kopregel van future.eml) ligt in de toekomst; "
        "vandaag is het 27-11-2026." in result.stderr
    )
    assert dump(register) == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.eml", "empty.eml is leeg; dat is geen e-mailbericht."),
        ("not-a-mail.eml", "not-a-mail.eml is geen e-mailbericht: er staan geen kopregels in"),
        ("ontbreekt.eml", "Kan het bericht"),
    ],
)
def test_empty_malformed_or_missing_file_is_refused(cli, register, name, message):
    before = dump(register)
    result = cli(*ASK, str(MAIL / name))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert dump(register) == before


def test_human_output_says_what_was_stored(cli, register):
    result = cli.ok(
        "nieuw",
        "--no-input",
        "--categorie",
        "kwaliteit",
        "--uit-mail",
        str(MAIL / "attachment.eml"),
    )
    assert "Klacht K-2026-0001 geregistreerd (ontvangen wo 25-11-2026)." in result.stdout
    assert "In het dossier bewaard: de e-mail attachment.eml en 2 bijlage(n)." in result.stdout


def test_purging_the_dossier_removes_the_message_id(cli, register, db_path):
    from_mail(cli, "plain.eml", "--ontvangen", "2024-01-10")
    cli.ok("afhandelen", "K-2024-0001", "--datum", "2024-02-01", "--oordeel", "gegrond")
    cli.ok("bewaartermijn", "--uitvoeren")
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT message_id, purged_on FROM complaint").fetchall() == [(None, TODAY)]
    assert b"plain-20261120" not in db_path.read_bytes()


def test_mail_without_sender_name_or_text_says_what_to_add(cli, register, tmp_path):
    bare = tmp_path / "kaal.eml"
    bare.write_bytes(b"From: iemand@example.nl\nDate: Mon, 23 Nov 2026 09:00:00 +0100\n\n\n")
    before = dump(register)
    result = cli(*ASK, str(bare))
    assert result.exit_code == 2
    assert result.stderr == (
        "Fout: Het bericht kaal.eml bevat geen naam bij de afzender (From); geef --klager, en "
        "geen onderwerp en geen tekst; geef --omschrijving.\n"
    )
    assert dump(register) == before
    from_mail(cli, str(bare), "--klager", "X", "--omschrijving", "Y")
    dossier = shown(cli, "K-2026-0001")
    assert (dossier["klager"]["email"], dossier["ontvangen"]) == ("iemand@example.nl", "2026-11-23")
