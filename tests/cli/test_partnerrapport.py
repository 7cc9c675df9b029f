"""`klacht partnerrapport sjabloon|inlezen` (SPEC §10, WA §10) through the real CLI: the
template is written, filled in by the test with openpyxl, and read in.

The register (KLACHT_VANDAAG 27-11-2026) has zorgthuis, with a contract since 2025, and:

    K-2026-0001  rec 4 May, zorgthuis (P2): forwarded on receipt, still open      (Q2, listed)
    K-2026-0002  rec Mon 6 Jul, zorgthuis (P2): forwarded on receipt; deadline 6 Jul + 6 wk =
                 17 Aug                                                       (Q3, listed)
    K-2026-0003  rec 8 Jul, vervoer (P2): another partner's               (Q3, not listed)

The filled report of zorgthuis for 2026-Q3:

    row 2  K-2026-0001  nothing new (still running)                       -> unchanged
    row 3  K-2026-0002  ZT-1, afgehandeld 10 Aug, gegrond, tevreden ja   -> feedback, closed
    row 4  ZT-2  rec Wed 15 Jul, telefoon, kwaliteit, contact 16 Jul, afgehandeld 1 Aug,
                 ongegrond, tevreden nee (deadline 15 Jul + 6 wk = 26 Aug: on time) -> new
    row 5  ZT-3  rec 1 Sep, email, levering, still open                   -> new

2026-Q3 by hand. The register's own: received K-0002, K-0003 = 2; closed K-0002 = 1 (on time,
tevreden); open at the end K-0001, K-0003 = 2. Bij ketenpartner ingediend: received ZT-2, ZT-3
= 2; closed ZT-2 = 1 (on time, niet tevreden); open ZT-3 = 1.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from tests.conftest import dump

COLUMNS = [
    "Referentie",
    "Ontvangen",
    "Kanaal",
    "Categorie",
    "Contact op",
    "Afgehandeld op",
    "Oordeel",
    "Maatregel",
    "Tevreden",
    "Klachtnummer gemeente",
]


@pytest.fixture
def q3(cli: Any, register: Path, tmp_path: Path) -> Path:
    cli.ok("partner", "wijzig", "zorgthuis", "--contract-start", "2025-01-01")
    cli.new("2026-05-04", "--partner", "zorgthuis")
    cli.new("2026-07-06", "--partner", "zorgthuis")
    cli.new("2026-07-08", "--partner", "vervoer")
    path = tmp_path / "sjabloon.xlsx"
    result = cli.ok(
        "partnerrapport", "sjabloon", "--partner", "zorgthuis", "--kwartaal", "2026-Q3",
        "--uitvoer", str(path),
    )  # fmt: skip
    assert "2 klacht(en) die de partner van de gemeente kreeg" in result.stdout
    return path


def fill(template: Path, target: Path, changes: dict[int, dict[str, Any]]) -> Path:
    """Fill rows of the template by column header, as a partner would."""
    wb = load_workbook(template)
    sheet = wb["Klachten"]
    for row, values in changes.items():
        for header, value in values.items():
            sheet.cell(row=row, column=COLUMNS.index(header) + 1).value = value
    wb.save(target)
    return target


GOOD = {
    3: {
        "Referentie": "ZT-1",
        "Afgehandeld op": date(2026, 8, 10),
        "Oordeel": "gegrond",
        "Tevreden": "ja",
    },
    4: {
        "Referentie": "ZT-2",
        "Ontvangen": date(2026, 7, 15),
        "Kanaal": "telefoon",
        "Categorie": "kwaliteit",
        "Contact op": date(2026, 7, 16),
        "Afgehandeld op": "01-08-2026",  # typed as text: read as a date too
        "Oordeel": "ongegrond",
        "Tevreden": "nee",
    },
    5: {
        "Referentie": "ZT-3",
        "Ontvangen": date(2026, 9, 1),
        "Kanaal": "email",
        "Categorie": "levering",
    },
}


def read_in(cli: Any, path: Path) -> Any:
    return cli(
        "partnerrapport", "inlezen", str(path), "--partner", "zorgthuis", "--kwartaal",
        "2026-Q3", "--json",
    )  # fmt: skip


def counts(result: Any) -> tuple[Any, ...]:
    data = json.loads(result.stdout)
    keys = ("nieuw", "terugkoppeling", "bijgewerkt", "ongewijzigd", "al_ingelezen")
    return tuple(data[k] for k in keys)


def test_template_lists_the_forwarded_complaints_with_lists_and_date_checks(q3: Path) -> None:
    wb = load_workbook(q3)
    assert wb.sheetnames == ["Klachten", "Toelichting", "Keuzelijsten"]
    assert wb["Keuzelijsten"].sheet_state == "hidden"
    sheet = wb["Klachten"]
    assert [c.value for c in sheet[1]] == COLUMNS
    listed = [r for r in sheet.iter_rows(min_row=2, values_only=True) if any(r)]
    assert [(r[1], r[2], r[3], r[9]) for r in listed] == [
        (datetime(2026, 5, 4), "email", "kwaliteit", "K-2026-0001"),
        (datetime(2026, 7, 6), "email", "kwaliteit", "K-2026-0002"),
    ]
    assert sheet["B2"].number_format == "dd-mm-yyyy"
    checks = {str(d.sqref).split(":")[0][0]: d for d in sheet.data_validations.dataValidation}
    assert checks["C"].type == "list" and checks["C"].formula1 == "Keuzelijsten!$A$1:$A$5"
    assert [c.value for c in wb["Keuzelijsten"]["A"] if c.value] == [
        "telefoon", "loket", "brief", "webformulier", "email",
    ]  # fmt: skip
    assert checks["D"].type == checks["G"].type == checks["I"].type == "list"
    assert checks["B"].type == "date"
    assert (checks["B"].formula1, checks["B"].formula2) == ("DATE(2000,1,1)", "DATE(2026,9,30)")
    assert checks["F"].type == "date"
    assert sheet.page_setup.orientation == "landscape"


def test_read_in_completes_feedback_and_adds_partner_reported_complaints(
    cli: Any, q3: Path, tmp_path: Path
) -> None:
    result = read_in(cli, fill(q3, tmp_path / "rapport.xlsx", GOOD))
    assert result.exit_code == 0, result.stderr
    # nieuw, terugkoppeling, bijgewerkt, ongewijzigd, al ingelezen
    assert counts(result) == (2, 1, 0, 1, False)
    closed = json.loads(cli.ok("toon", "K-2026-0002", "--json").stdout)
    assert (closed["status"], closed["afgehandeld_op"], closed["tevreden"]) == (
        "gesloten",
        "2026-08-10",
        "ja",
    )
    assert closed["oordeel"] == "gegrond"
    new = json.loads(cli.ok("toon", "K-2026-0004", "--json").stdout)
    assert new["ontvangen"] == "2026-07-15"
    assert (new["ingediend_bij"], new["behandelaar"], new["partners"]) == (
        "partner",
        "partner",
        ["zorgthuis"],
    )
    assert (new["status"], new["afgehandeld_op"], new["oordeel"]) == (
        "gesloten",
        "2026-08-01",
        "ongegrond",
    )
    assert "ZT-2" in new["gebeurtenissen"][0]["tekst"]
    third = json.loads(cli.ok("toon", "K-2026-0005", "--json").stdout)
    assert (third["status"], third["categorie"]) == ("open", "levering")


def test_the_same_file_twice_changes_nothing(
    cli: Any, q3: Path, tmp_path: Path, db_path: Path
) -> None:
    path = fill(q3, tmp_path / "rapport.xlsx", GOOD)
    assert read_in(cli, path).exit_code == 0
    before = dump(db_path)
    again = read_in(cli, path)
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["al_ingelezen"] is True
    assert counts(again) == (0, 0, 0, 4, True)
    assert dump(db_path) == before


def test_a_corrected_file_updates_the_rows_by_reference(cli: Any, q3: Path, tmp_path: Path) -> None:
    assert read_in(cli, fill(q3, tmp_path / "rapport.xlsx", GOOD)).exit_code == 0
    corrected = {
        **GOOD,
        4: {**GOOD[4], "Afgehandeld op": date(2026, 8, 5), "Oordeel": "deels-gegrond"},
        5: {**GOOD[5], "Categorie": "vervoer"},
    }
    result = read_in(cli, fill(q3, tmp_path / "gecorrigeerd.xlsx", corrected))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["nieuw"] == 0
    assert json.loads(result.stdout)["bijgewerkt"] == 2
    zt2 = json.loads(cli.ok("toon", "K-2026-0004", "--json").stdout)
    assert (zt2["afgehandeld_op"], zt2["oordeel"]) == ("2026-08-05", "deels-gegrond")
    assert json.loads(cli.ok("toon", "K-2026-0005", "--json").stdout)["categorie"] == "vervoer"
    listed = json.loads(cli.ok("lijst", "--status", "alle", "--json").stdout)
    assert listed["aantal"] == 5  # nothing added


def test_errors_in_three_rows_are_all_reported_and_nothing_is_imported(
    cli: Any, q3: Path, tmp_path: Path, db_path: Path
) -> None:
    bad = {
        **GOOD,
        3: {**GOOD[3], "Tevreden": "misschien"},
        4: {**GOOD[4], "Ontvangen": "31-02-2026"},
        5: {**GOOD[5], "Referentie": None, "Kanaal": "fax"},
    }
    before = dump(db_path)
    result = read_in(cli, fill(q3, tmp_path / "fout.xlsx", bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    errors = result.stderr
    assert "Rij 3, kolom Tevreden (I): 'misschien' is geen keuze" in errors
    assert "Rij 4, kolom Ontvangen (B): '31-02-2026' is geen datum" in errors
    assert "Rij 5, kolom Referentie (A): leeg" in errors
    assert "Rij 5, kolom Kanaal (C): 'fax' is geen keuze" in errors
    assert "er is niets gewijzigd" in errors
    assert "Traceback" not in errors
    assert dump(db_path) == before


def test_not_a_workbook_or_another_partners_complaint_is_refused(
    cli: Any, q3: Path, tmp_path: Path, db_path: Path
) -> None:
    before = dump(db_path)
    text = tmp_path / "rapport.xlsx"
    text.write_text("geen werkmap")
    result = read_in(cli, text)
    assert result.exit_code == 2 and "geen Excel-werkmap" in result.stderr
    other = fill(q3, tmp_path / "ander.xlsx", {6: {"Klachtnummer gemeente": "K-2026-0003"}})
    result = read_in(cli, other)
    assert result.exit_code == 2
    assert "Rij 6, kolom Klachtnummer gemeente (J): K-2026-0003 is geen klacht" in result.stderr
    assert dump(db_path) == before


def test_quarter_workbook_counts_partner_reported_complaints_apart(
    cli: Any, q3: Path, tmp_path: Path
) -> None:
    assert read_in(cli, fill(q3, tmp_path / "rapport.xlsx", GOOD)).exit_code == 0
    out = tmp_path / "q3.xlsx"
    cli.ok("rapport", "--kwartaal", "2026-Q3", "--uitvoer", str(out))
    sheet = load_workbook(out)["Samenvatting"]
    rows = list(sheet.iter_rows(values_only=True))
    figures = {r[0]: r[1] for r in rows if r[0]}
    assert (figures["Ontvangen"], figures["Afgehandeld"], figures["Open einde kwartaal"]) == (
        2,
        1,
        2,
    )
    assert figures["Binnen termijn (%)"] == 1
    assert (figures["Tevreden"], figures["Niet tevreden"]) == (1, 0)
    assert figures["Bij ketenpartner ingediend"] == 2
    assert figures["Bij ketenpartner ingediend: afgehandeld"] == 1
    start = next(
        i for i, r in enumerate(rows) if str(r[0]).startswith("Bij ketenpartner ingediend (uit")
    )
    header = rows[start]
    zorgthuis = next(
        dict(zip(header[1:], r[1:], strict=False)) for r in rows[start + 1 :] if r[0] == "zorgthuis"
    )
    assert zorgthuis["Ontvangen"] == 2
    assert zorgthuis["Afgehandeld"] == 1
    assert zorgthuis["Open einde kwartaal"] == 1
    assert zorgthuis["Binnen termijn (%)"] == 1
    assert (zorgthuis["Tevreden"], zorgthuis["Niet tevreden"]) == (0, 1)
    # The Klachten sheet holds the register's own complaints only.
    numbers = [r[0] for r in load_workbook(out)["Klachten"].iter_rows(min_row=2, values_only=True)]
    assert numbers == ["K-2026-0001", "K-2026-0002", "K-2026-0003"]


def test_termijnen_shows_a_missing_partner_report(cli: Any, q3: Path, tmp_path: Path) -> None:
    def reports(*args: str) -> list[tuple[str, str, bool]]:
        data = json.loads(cli.ok("termijnen", "--json", *args).stdout)["termijnen"]
        return [
            (t["partner"], t["deadline"], t["te_laat"])
            for t in data
            if t["soort"] == "partnerrapport"
        ]

    # Q3 ended 30 Sep; 30 days later (30 Oct) the report is missing. vervoer has no contract.
    assert reports() == [("zorgthuis", "2026-10-30", True)]
    assert reports("--peildatum", "2026-10-15") == [("zorgthuis", "2026-10-30", False)]
    cli.ok("instellingen", "partnerrapport_dagen", "45")
    assert reports() == [("zorgthuis", "2026-11-14", True)]
    overdue = cli("termijnen", "--overdue")
    assert overdue.exit_code == 1 and "partnerrapport" in overdue.stdout
    assert read_in(cli, fill(q3, tmp_path / "rapport.xlsx", GOOD)).exit_code == 0
    assert reports() == []
    # A partner whose contract has ended is no longer chased.
    cli.ok("partner", "wijzig", "vervoer", "--contract-start", "2024-01-01")
    assert reports() == [("vervoer", "2026-11-14", True)]
    cli.ok("partner", "wijzig", "vervoer", "--contract-einde", "2026-10-01")
    assert reports() == []


def test_demo_includes_one_imported_partner_report(cli: Any, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    cli.ok("--db", str(db), "demo", "--aantal", "20")
    complaints = json.loads(cli.ok("--db", str(db), "lijst", "--status", "alle", "--json").stdout)[
        "klachten"
    ]
    reported = [
        c
        for c in complaints
        if "kwartaalrapport"
        in json.loads(cli.ok("--db", str(db), "toon", c["nummer"], "--json").stdout)[
            "gebeurtenissen"
        ][0]["tekst"]
    ]
    assert len(reported) == 3
    data = json.loads(cli.ok("--db", str(db), "termijnen", "--json").stdout)["termijnen"]
    missing = {t["partner"] for t in data if t["soort"] == "partnerrapport"}
    assert "zorgthuis" not in missing and missing  # the others still owe theirs


def test_annual_overview_counts_partner_reported_complaints_apart(
    cli: Any, q3: Path, tmp_path: Path
) -> None:
    """2026: the register's own K-0001..K-0003 are received; ZT-2 and ZT-3 count apart."""
    assert read_in(cli, fill(q3, tmp_path / "rapport.xlsx", GOOD)).exit_code == 0
    data = json.loads(cli.ok("rapport", "--jaar", "2026", "--json").stdout)
    assert data["ontvangen"] == 3
    out = tmp_path / "jaar.xlsx"
    cli.ok("rapport", "--jaar", "2026", "--uitvoer", str(out))
    rows = list(load_workbook(out)["Jaaroverzicht"].iter_rows(values_only=True))
    figures = {r[0]: r[1:3] for r in rows if r[0]}
    assert figures["Ontvangen"] == (3, 0)  # 2026, and 2025 beside it
    assert figures["Bij ketenpartner ingediend"] == (2, 0)


def test_template_lists_a_complaint_the_team_registered_as_lodged_with_the_partner(
    cli: Any, register: Path, tmp_path: Path
) -> None:
    cli.new("2026-08-03", "--partner", "zorgthuis", "--ingediend-bij", "partner")
    path = tmp_path / "sjabloon.xlsx"
    cli.ok(
        "partnerrapport", "sjabloon", "--partner", "zorgthuis", "--kwartaal", "2026-Q3",
        "--uitvoer", str(path),
    )  # fmt: skip
    sheet = load_workbook(path)["Klachten"]
    assert [r[9] for r in sheet.iter_rows(min_row=2, values_only=True) if any(r)] == ["K-2026-0001"]
