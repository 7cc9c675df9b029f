"""`klacht rapport --jaar JJJJ --publicatie` (Awb 9:12a, SPEC §9): the .docx read back with
python-docx holds exactly the figures of `rapport --jaar --json`, for the year and the year
before, and no personal data."""

from __future__ import annotations

import json

import docx

from klachtcli.domain.publication import cell, sections


def figures(cli, year):
    return json.loads(cli.ok("rapport", "--jaar", str(year), "--json").stdout)


def fill(cli):
    # 2025: one decided with a measure, one not handled, one withdrawn
    a = cli.new("2025-03-03", "--partner", "zorgthuis", "--wil-gemeente", name="Piet Geheim")
    cli.ok(
        "afhandelen",
        a["nummer"],
        "--oordeel",
        "gegrond",
        "--maatregel",
        "Excuses",
        "--datum",
        "2025-04-01",
    )
    b = cli.new("2025-05-05", category="toegang")
    cli.ok("niet-behandelen", b["nummer"], "--grond", "bezwaar-mogelijk", "--datum", "2025-05-12")
    c = cli.new("2025-06-02")
    cli.ok("intrekken", c["nummer"], "--datum", "2025-06-03")
    # 2026: two received, one decided, one not handled on another ground, one open
    d = cli.new("2026-02-02", "--partner", "vervoer", "--complex", category="vervoer")
    cli.ok("afhandelen", d["nummer"], "--oordeel", "ongegrond", "--datum", "2026-03-02")
    e = cli.new("2026-04-13", name="Klaas Privé")
    cli.ok("niet-behandelen", e["nummer"], "--grond", "eerder-behandeld", "--datum", "2026-04-14")
    cli.new("2026-10-01", "--partner", "zorgthuis")
    cli.ok(
        "ombudsman",
        "nieuw",
        "--type",
        "informatievraag",
        "--referentie",
        "OMA-1",
        "--ontvangen",
        "2026-05-01",
        "--deadline",
        "2026-05-15",
    )


def test_publication_equals_the_json_for_both_years(cli, register, tmp_path):
    fill(cli)
    out = tmp_path / "publicatie.docx"
    result = cli.ok("rapport", "--jaar", "2026", "--publicatie", "--uitvoer", str(out))
    assert "Publicatie 2026 (met 2025 ernaast)" in result.stdout
    now, before = figures(cli, 2026), figures(cli, 2025)
    assert (now["ontvangen"], before["ontvangen"]) == (3, 3)
    assert now["niet_behandeld_per_grond"] == {"eerder-behandeld": 1}
    assert before["niet_behandeld_per_grond"] == {"bezwaar-mogelijk": 1}
    assert (now["met_maatregel"], before["met_maatregel"]) == (0, 1)
    assert before["maatregelen_per_categorie"] == {"kwaliteit": 1}
    assert (now["ingetrokken"], before["ingetrokken"]) == (0, 1)
    assert now["per_ketenpartner"] == {"(gemeente)": 1, "vervoer": 1, "zorgthuis": 1}

    doc = docx.Document(str(out))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    expected = sections(now, before)
    assert len(tables) == len(expected)
    for table, section in zip(tables, expected, strict=True):
        assert table[0] == ["", "2026", "2025"]
        assert table[1:] == [[r.label, cell(r.current), cell(r.previous)] for r in section.rows]
    first = {row[0]: row[1:] for row in tables[0]}
    assert first["Ontvangen klachten"] == ["3", "3"]
    assert first["Niet behandeld (Awb 9:8)"] == ["1", "1"]
    ombudsman = {row[0]: row[1:] for row in tables[-1]}
    assert ombudsman["Zaken van de ombudsman ontvangen"] == ["1", "0"]

    text = "\n".join(p.text for p in doc.paragraphs) + json.dumps(tables)
    for personal in ("Piet Geheim", "Klaas Privé", "Anna de Vries", "Excuses", "K-2026"):
        assert personal not in text
    assert "9:12a" in text


def test_publication_is_not_overwritten_and_needs_a_year(cli, register, tmp_path, unchanged):
    out = tmp_path / "p.docx"
    cli.ok("rapport", "--jaar", "2026", "--publicatie", "--uitvoer", str(out))
    result = cli("rapport", "--jaar", "2026", "--publicatie", "--uitvoer", str(out))
    assert result.exit_code == 2 and "Bestaat al" in result.stderr
    result = cli("rapport", "--kwartaal", "2026-Q1", "--publicatie")
    assert result.exit_code == 2 and "--publicatie hoort bij --jaar" in result.stderr
