"""klacht toon --export: the dossier as files, attachments byte-for-byte (SPEC §7)."""

import hashlib
import json

from tests.conftest import dump


def test_export_writes_summary_json_and_attachments(cli, register, tmp_path):
    cli.ok(
        "nieuw",
        "--no-input",
        "--kanaal",
        "brief",
        "--klager",
        "Anna de Vries",
        "--categorie",
        "kwaliteit",
        "--partner",
        "zorgthuis",
        "--omschrijving",
        "De hulp kwam niet",
        "--ontvangen",
        "2026-03-02",
    )
    letter = tmp_path / "brief van klager.pdf"
    letter.write_bytes(b"%PDF-1.4 fictief\x00\x01")
    cli.ok(
        "document", "K-2026-0001", str(letter), "--omschrijving", "Brief", "--datum", "2026-03-03"
    )
    copy = tmp_path / "afschrift.txt"
    copy.write_text("Afdoening door zorgthuis")
    cli.ok(
        "terugkoppeling",
        "K-2026-0001",
        "--afgehandeld",
        "2026-03-20",
        "--tevreden",
        "ja",
        "--afschrift",
        str(copy),
        "--datum",
        "2026-03-21",
    )

    out = tmp_path / "export"
    result = cli.ok("toon", "K-2026-0001", "--export", str(out))
    folder = out / "K-2026-0001"
    assert str(folder) in result.stdout
    summary = (folder / "samenvatting.txt").read_text()
    assert "Dossier klacht K-2026-0001 — gesloten" in summary
    assert "Anna de Vries" in summary and "De hulp kwam niet" in summary
    assert "terugkoppeling" in summary
    dossier = json.loads((folder / "dossier.json").read_text())
    assert dossier["nummer"] == "K-2026-0001"
    assert [e["soort"] for e in dossier["gebeurtenissen"]] == [
        "ontvangen",
        "doorgestuurd",
        "document",
        "terugkoppeling",
    ]
    by_name = {p.name.split("-", 1)[1]: p for p in (folder / "bijlagen").iterdir()}
    assert set(by_name) == {"brief_van_klager.pdf", "afschrift.txt"}
    assert by_name["brief_van_klager.pdf"].read_bytes() == letter.read_bytes()
    assert (
        hashlib.sha256(by_name["afschrift.txt"].read_bytes()).hexdigest()
        == hashlib.sha256(copy.read_bytes()).hexdigest()
    )
    for path in [folder / "samenvatting.txt", folder / "dossier.json", *by_name.values()]:
        assert path.stat().st_mode & 0o777 == 0o600, path


def test_export_refuses_an_existing_folder_and_changes_nothing(cli, register, tmp_path):
    cli.new("2026-03-02", channel="brief", name="K", category="overig", description="o")
    (tmp_path / "uit" / "K-2026-0001").mkdir(parents=True)
    before = dump(register)
    result = cli("toon", "K-2026-0001", "--export", str(tmp_path / "uit"))
    assert result.exit_code == 2 and "bestaat al" in result.stderr
    assert dump(register) == before


def test_a_failed_export_leaves_nothing_behind(cli, register, tmp_path):
    import sqlite3

    cli.new("2026-03-02")
    letter = tmp_path / "brief.pdf"
    letter.write_bytes(b"inhoud")
    cli.ok("document", "K-2026-0001", str(letter))
    conn = sqlite3.connect(register)
    conn.execute("update event set attachment_sha256 = 'kapot' where attachment is not null")
    conn.commit()
    conn.close()
    result = cli("toon", "K-2026-0001", "--export", str(tmp_path / "uit"))
    assert result.exit_code == 2 and "beschadigd" in result.stderr
    assert not (tmp_path / "uit" / "K-2026-0001").exists()
