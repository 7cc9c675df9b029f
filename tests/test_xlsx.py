"""The quarterly and annual workbooks, written to real files and read back with openpyxl.

The register of ``complaints()`` in 2026-Q2 (1 April - 30 June), worked out by hand:

    K-2026-0010  received 30 Mar, contact 2 Apr (deadline 7 Apr), closed 1 Jul (deadline 11 May)
    K-2026-0011  received 1 Apr, contact 9 Apr (deadline 8 Apr), extended 4 weeks,
                 closed 5 Jun (deadline 10 Jun), gegrond, tevreden ja          -> 65 days
    K-2026-0012  received 6 May, forwarded to zorgthuis, feedback 30 Jun (deadline 17 Jun),
                 tevreden nee                                                 -> 55 days
    K-2026-0013  received 30 Jun, no partner, open

    Ontvangen 3 (0011 0012 0013), Afgehandeld 2 (0011 0012), Open einde kwartaal 2 (0010 0013),
    Contact tijdig 1 of 2 = 50.0 %, Binnen termijn 1 of 2 = 50.0 %, Verdaagd 1, Tevreden 1,
    Niet tevreden 1, Tevredenheid onbekend 0, Gemiddelde doorlooptijd (65 + 55) / 2 = 60.0.
"""

from __future__ import annotations

import gc
import stat
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart
from tests.factories import complaint_facts

from klachtcli.domain.report import (
    ComplaintFacts,
    OmbudsmanFacts,
    Quarter,
    annual_figures,
    for_partner,
    quarter_figures,
    quarter_rows,
)
from klachtcli.domain.report_tables import partner_figures
from klachtcli.domain.signals import quarter_analysis
from klachtcli.errors import InputError
from klachtcli.render.xlsx import write_annual_workbook, write_quarter_workbook

Q2 = Quarter(2026, 2)
GENERATED = datetime(2026, 7, 2, 9, 30)
HEADERS = [
    "Nummer",
    "Ontvangen",
    "Kanaal",
    "Ketenpartner",
    "Categorie",
    "Behandelaar",
    "Status",
    "Contact op",
    "Contact tijdig",
    "Afgehandeld op",
    "Termijn",
    "Binnen termijn",
    "Verdaagd",
    "Oordeel",
    "Tevreden",
    "Maatregel",
]
PERSONAL = ["Klager", "E-mail", "Telefoon", "Cliënt", "Omschrijving"]
SECRETS = {
    "complainant_name": "Marietje Jansen",
    "complainant_email": "m.jansen@example.org",
    "complainant_phone": "0612345678",
    "client": "Kees Jansen",
    "description": "Mijn persoonlijke verhaal over de thuiszorg",
}


def complaint(number: str, received: date, **facts: Any) -> ComplaintFacts:
    return complaint_facts(number, received, **facts)


def complaints() -> list[ComplaintFacts]:
    return [
        complaint(
            "K-2026-0010",
            date(2026, 3, 30),
            contact_on=date(2026, 4, 2),
            contact_deadline=date(2026, 4, 7),
            handling_deadline=date(2026, 5, 11),
            closed_on=date(2026, 7, 1),
            closing_kind="afgehandeld",
            complainant_key="P-0a1b2c",
            **SECRETS,
        ),
        complaint(
            "K-2026-0011",
            date(2026, 4, 1),
            channel="telefoon",
            partners=("vervoer",),
            category="vervoer",
            contact_on=date(2026, 4, 9),
            contact_deadline=date(2026, 4, 8),
            extension_weeks=4,
            handling_deadline=date(2026, 6, 10),
            closed_on=date(2026, 6, 5),
            closing_kind="afgehandeld",
            verdict="gegrond",
            satisfied="ja",
            measure="Chauffeur aangesproken",
            complainant_key="P-0a1b2c",
        ),
        complaint(
            "K-2026-0012",
            date(2026, 5, 6),
            channel="webformulier",
            handler="partner",
            handler_partner="zorgthuis",
            handling_deadline=date(2026, 6, 17),
            closed_on=date(2026, 6, 30),
            closing_kind="terugkoppeling",
            satisfied="nee",
        ),
        complaint(
            "K-2026-0013",
            date(2026, 6, 30),
            channel="loket",
            partners=(),
            category="toegang",
            contact_deadline=date(2026, 7, 7),
            handling_deadline=date(2026, 8, 11),
        ),
    ]


def ombudsman() -> list[OmbudsmanFacts]:
    return [
        OmbudsmanFacts(
            id=7,
            type="klacht",
            reference="OMA-2026-17",
            received=date(2026, 4, 20),
            deadline=date(2026, 5, 20),
            answered=date(2026, 5, 18),
            complaint="K-2026-0011",
            partner="vervoer",
            via_partner=True,
        )
    ]


def write(
    path: Path,
    data: list[ComplaintFacts],
    *,
    partner: str | None = None,
    include_personal: bool = False,
) -> Path:
    selected = list(for_partner(data, partner)) if partner else data
    return write_quarter_workbook(
        path,
        quarter=Q2,
        figures=quarter_figures(selected, Q2),
        rows=quarter_rows(selected, Q2),
        ombudsman_rows=ombudsman() if partner is None else [],
        signals=quarter_analysis(selected, Q2, partner=partner),
        partner=partner,
        generated_at=GENERATED,
        include_personal=include_personal,
        partner_figures=partner_figures(
            selected, Q2.start, Q2.end, [partner] if partner else ["zorgthuis", "vervoer"]
        ),
    )


def summary(sheet: Any) -> dict[str, Any]:
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}


def section(sheet: Any, title: str) -> list[tuple[Any, Any]]:
    """The label/value rows under a bold section title, up to the next blank row."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == title) + 1
    result = []
    for row in rows[start:]:
        if row[0] is None:
            break
        result.append((row[0], row[1]))
    return result


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return write(tmp_path / "klachtenrapport-2026-Q2.xlsx", complaints())


# --------------------------------------------------------------------------------------------
# Samenvatting


def test_sheets_are_the_contract(report: Path) -> None:
    assert load_workbook(report).sheetnames == ["Samenvatting", "Klachten", "Ombudsman", "Signalen"]


def test_summary_holds_every_key_figure(report: Path) -> None:
    sheet = load_workbook(report)["Samenvatting"]
    assert sheet["A1"].value == "Klachtenrapport Wmo 2026-Q2"
    header = next(r for r in sheet.iter_rows() if r[0].value == "Kengetal")[0].row
    assert (sheet[f"A{header}"].value, sheet[f"B{header}"].value) == ("Kengetal", "Waarde")
    assert sheet.freeze_panes == f"A{header + 1}"
    figures = summary(sheet)
    labels = list(figures)
    key = labels[labels.index("Kengetal") + 1 :][:10]
    assert {label: figures[label] for label in key} == {
        "Ontvangen": 3,
        "Afgehandeld": 2,
        "Open einde kwartaal": 2,
        "Contact tijdig (%)": 0.5,
        "Binnen termijn (%)": 0.5,
        "Verdaagd": 1,
        "Tevreden": 1,
        "Niet tevreden": 1,
        "Tevredenheid onbekend": 0,
        "Gemiddelde doorlooptijd (dagen)": 60.0,
    }
    assert figures["Kwartaal"] == "2026-Q2"
    assert figures["Periode"] == "01-04-2026 t/m 30-06-2026"
    assert figures["Ketenpartner"] == "alle ketenpartners"
    assert figures["Gemaakt op"] == GENERATED
    assert figures["Persoonsgegevens"] == "niet opgenomen"
    assert figures["Peildatum status (blad Klachten)"] == datetime(2026, 6, 30)


def test_summary_breaks_down_received_and_closed(report: Path) -> None:
    sheet = load_workbook(report)["Samenvatting"]
    assert section(sheet, "Ontvangen per ketenpartner") == [
        ("(gemeente)", 1),
        ("vervoer", 1),
        ("zorgthuis", 1),
    ]
    assert section(sheet, "Ontvangen per categorie") == [
        ("kwaliteit", 1),
        ("toegang", 1),
        ("vervoer", 1),
    ]
    assert section(sheet, "Ontvangen per kanaal") == [
        ("telefoon", 1),
        ("loket", 1),
        ("brief", 0),
        ("webformulier", 1),
        ("email", 0),
    ]
    assert section(sheet, "Afgehandeld per oordeel")[0] == ("gegrond", 1)
    assert ("(geen oordeel vastgelegd)", 1) in section(sheet, "Afgehandeld per oordeel")


def test_summary_has_a_bar_chart_of_complaints_per_category(report: Path) -> None:
    sheet = load_workbook(report)["Samenvatting"]
    assert len(sheet._charts) == 4
    chart = sheet._charts[0]
    assert isinstance(chart, BarChart)
    rows = [row[0] for row in sheet.iter_rows(values_only=True)]
    first = rows.index("Ontvangen per categorie") + 2  # 1-based, below the title row
    reference = chart.series[0].val.numRef.f
    assert reference == f"'Samenvatting'!$B${first}:$B${first + 2}"
    assert chart.series[0].cat.numRef.f == f"'Samenvatting'!$A${first}:$A${first + 2}"


def test_percentages_are_percentage_cells_and_averages_show_one_decimal(report: Path) -> None:
    sheet = load_workbook(report)["Samenvatting"]
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2) if row[0].value}
    assert cells["Contact tijdig (%)"].number_format == "0.0%"
    assert cells["Gemiddelde doorlooptijd (dagen)"].number_format == "0.0"
    assert cells["Ontvangen"].number_format == "General"


# --------------------------------------------------------------------------------------------
# Klachten


def test_complaints_sheet_is_a_filtered_table_with_a_frozen_header(report: Path) -> None:
    sheet = load_workbook(report)["Klachten"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.freeze_panes == "A2"
    table = sheet.tables["Klachten"]
    assert table.ref == "A1:P5"  # header + 4 complaints
    assert table.autoFilter.ref == "A1:P5"
    assert [column.name for column in table.tableColumns] == HEADERS
    assert sheet.column_dimensions["A"].width == 12  # K-2026-0001 and the filter arrow
    assert sheet.column_dimensions["B"].width == 12  # "Ontvangen" and the filter arrow
    assert sheet.column_dimensions["P"].width == 40  # Maatregel wraps


def test_complaint_rows_hold_real_dates_and_the_state_at_the_quarter_end(report: Path) -> None:
    sheet = load_workbook(report)["Klachten"]
    rows = {
        row[0].value: dict(zip(HEADERS, row, strict=True)) for row in sheet.iter_rows(min_row=2)
    }
    assert list(rows) == ["K-2026-0010", "K-2026-0011", "K-2026-0012", "K-2026-0013"]
    received = rows["K-2026-0011"]["Ontvangen"]
    assert received.value == datetime(2026, 4, 1)
    assert received.number_format == "dd-mm-yyyy"
    assert received.is_date
    late = {h: c.value for h, c in rows["K-2026-0010"].items()}
    assert late["Status"] == "open"  # on 30 June; it was closed the next day
    assert late["Afgehandeld op"] == datetime(2026, 7, 1)
    assert rows["K-2026-0010"]["Afgehandeld op"].number_format == "dd-mm-yyyy"
    assert (late["Contact tijdig"], late["Binnen termijn"]) == ("ja", "nee")
    extended = {h: c.value for h, c in rows["K-2026-0011"].items()}
    assert extended == {
        "Nummer": "K-2026-0011",
        "Ontvangen": datetime(2026, 4, 1),
        "Kanaal": "telefoon",
        "Ketenpartner": "vervoer",
        "Categorie": "vervoer",
        "Behandelaar": "gemeente",
        "Status": "afgehandeld",
        "Contact op": datetime(2026, 4, 9),
        "Contact tijdig": "nee",
        "Afgehandeld op": datetime(2026, 6, 5),
        "Termijn": datetime(2026, 6, 10),
        "Binnen termijn": "ja",
        "Verdaagd": 4,
        "Oordeel": "gegrond",
        "Tevreden": "ja",
        "Maatregel": "Chauffeur aangesproken",
    }
    forwarded = {h: c.value for h, c in rows["K-2026-0012"].items()}
    assert forwarded["Behandelaar"] == "zorgthuis"
    assert forwarded["Status"] == "afgehandeld door ketenpartner"
    assert forwarded["Binnen termijn"] == "nee"
    assert rows["K-2026-0013"]["Ketenpartner"].value is None


# --------------------------------------------------------------------------------------------
# Ombudsman and Signalen


def test_ombudsman_sheet(report: Path) -> None:
    sheet = load_workbook(report)["Ombudsman"]
    assert sheet.freeze_panes == "A2"
    assert sheet.tables["Ombudsman"].ref == "A1:J2"
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, (c.value for c in sheet[2]), strict=True))
    assert row["Referentie"] == "OMA-2026-17"
    assert row["Ontvangen"] == datetime(2026, 4, 20)
    assert row["Tijdig"] == "ja"
    assert row["Via ketenpartner"] == "ja"


def test_signals_sheet_lists_the_signals_of_the_quarter_with_their_reason(report: Path) -> None:
    sheet = load_workbook(report)["Signalen"]
    header = [c.value for c in sheet[1]]
    assert header == [
        "Soort",
        "Kwartaal",
        "Ketenpartner",
        "Categorie",
        "Klager (ref)",
        "Klachten",
        "Aantal",
        "Reden",
    ]
    rows = [
        dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    repeated = [r for r in rows if r["Klager (ref)"] == "P-0a1b2c"]
    # 30 March and 1 April: two complaints two days apart.
    assert repeated == [
        {
            "Soort": "Herhaalde klachten klager/cliënt",
            "Kwartaal": "2026-Q2",
            "Ketenpartner": None,
            "Categorie": None,
            "Klager (ref)": "P-0a1b2c",
            "Klachten": "K-2026-0010, K-2026-0011",
            "Aantal": 2,
            "Reden": "2 klachten van dezelfde klager/cliënt binnen 12 maanden (ontvangen "
            "30-03-2026 t/m 01-04-2026): K-2026-0010, K-2026-0011; herhaalde klachten kunnen "
            "op een structureel probleem wijzen.",
        }
    ]
    assert set(sheet.tables) == {"Signalen", "Aantallen"}
    assert sheet.tables["Signalen"].ref.startswith("A1:H")


# --------------------------------------------------------------------------------------------
# The file itself


def test_document_properties_name_quarter_partner_and_time(tmp_path: Path) -> None:
    path = write(tmp_path / "zorgthuis.xlsx", complaints(), partner="zorgthuis")
    properties = load_workbook(path).properties
    assert "2026-Q2" in properties.title
    assert "zorgthuis" in properties.title
    assert "01-04-2026 t/m 30-06-2026" in properties.subject
    assert properties.creator == "klacht"
    assert properties.created == GENERATED
    assert "02-07-2026 09:30" in properties.description


def test_workbook_is_readable_by_its_owner_only(report: Path) -> None:
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert [p.name for p in report.parent.iterdir()] == [report.name]  # no temporary file left


def test_an_existing_report_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(b"old")
    write(path, complaints())
    assert load_workbook(path)["Klachten"]["A2"].value == "K-2026-0010"


def test_an_unwritable_place_is_a_dutch_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Kan het rapport niet schrijven naar"):
        write(tmp_path / "bestaat-niet" / "rapport.xlsx", complaints())


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_a_failure_while_writing_leaves_the_old_report_alone(tmp_path: Path) -> None:
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(b"old")

    def rows() -> Iterator[ComplaintFacts]:
        yield complaints()[0]
        raise RuntimeError("verbinding met het register verbroken")

    with pytest.raises(RuntimeError):
        write_quarter_workbook(
            path,
            quarter=Q2,
            figures=quarter_figures(complaints(), Q2),
            rows=rows(),
            ombudsman_rows=[],
            signals=quarter_analysis(complaints(), Q2),
            partner=None,
            generated_at=GENERATED,
            include_personal=False,
        )
    gc.collect()  # an unclosed openpyxl row stream would complain now
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.xlsx"]


def test_quarter_of_a_partner_without_complaints_still_gives_a_workbook(tmp_path: Path) -> None:
    path = write(tmp_path / "leeg.xlsx", complaints(), partner="thuiszorg-west")
    wb = load_workbook(path)
    figures = summary(wb["Samenvatting"])
    assert (figures["Ontvangen"], figures["Afgehandeld"], figures["Open einde kwartaal"]) == (
        0,
        0,
        0,
    )
    assert figures["Contact tijdig (%)"] == "n.v.t."
    assert figures["Binnen termijn (%)"] == "n.v.t."
    assert figures["Gemiddelde doorlooptijd (dagen)"] == "n.v.t."
    assert "Geen klachten in dit kwartaal" in figures
    assert figures["Ketenpartner"] == "thuiszorg-west"
    assert len(wb["Samenvatting"]._charts) == 4
    sheet = wb["Klachten"]
    assert sheet.tables["Klachten"].ref == "A1:P2"
    assert sheet["A2"].value == "Geen klachten in dit kwartaal"
    assert wb["Ombudsman"]["A2"].value == "Geen ombudsmanzaken in dit kwartaal"
    assert wb["Signalen"]["A2"].value == "Geen signalen in dit kwartaal"


# --------------------------------------------------------------------------------------------
# Personal data and formula injection


def every_cell(path: Path) -> list[Any]:
    wb = load_workbook(path)
    return [cell for sheet in wb for row in sheet.iter_rows() for cell in row]


def file_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def test_no_personal_data_without_the_flag(report: Path) -> None:
    values = [str(cell.value) for cell in every_cell(report) if cell.value is not None]
    text = file_text(report)  # also the properties, the chart and the shared parts
    for secret in SECRETS.values():
        assert not any(secret in value for value in values), secret
        assert secret not in text, secret
    headers = [c.value for c in load_workbook(report)["Klachten"][1]]
    assert not set(PERSONAL) & set(headers)


def test_personal_data_with_the_flag(tmp_path: Path) -> None:
    path = write(tmp_path / "met.xlsx", complaints(), include_personal=True)
    sheet = load_workbook(path)["Klachten"]
    assert [c.value for c in sheet[1]] == HEADERS + PERSONAL
    assert sheet.tables["Klachten"].ref == "A1:U5"
    row = dict(zip(HEADERS + PERSONAL, (c.value for c in sheet[2]), strict=True))
    assert row["Klager"] == "Marietje Jansen"
    assert row["E-mail"] == "m.jansen@example.org"
    assert row["Telefoon"] == "0612345678"
    assert row["Cliënt"] == "Kees Jansen"
    assert row["Omschrijving"] == "Mijn persoonlijke verhaal over de thuiszorg"
    assert "persoonsgegevens opgenomen" in load_workbook(path).properties.description


INJECTIONS = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1"]
# XML reads a carriage return as a line feed, so the writer writes one.
WRITTEN = {text: text.replace("\r", "\n") for text in INJECTIONS}


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    data = [
        complaint(
            f"K-2026-{n:04d}",
            date(2026, 4, n),
            complainant_name=text,
            description=text,
            measure=text,
            category=text,
        )
        for n, text in enumerate(INJECTIONS, start=1)
    ]
    path = write(tmp_path / "injectie.xlsx", data, include_personal=True)
    sheet = load_workbook(path)["Klachten"]
    header = [c.value for c in sheet[1]]
    for n, text in enumerate(INJECTIONS, start=2):
        row = dict(zip(header, sheet[n], strict=True))
        for column in ("Klager", "Omschrijving", "Maatregel", "Categorie"):
            cell = row[column]
            assert cell.value == WRITTEN[text], (column, text)
            assert cell.data_type == "s", (column, text)
            assert cell.quotePrefix, (column, text)
    categories = section(load_workbook(path)["Samenvatting"], "Ontvangen per categorie")
    assert sorted(label for label, _ in categories) == sorted(WRITTEN.values())
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(name) for name in sheets)


def test_every_text_cell_is_a_string_cell(tmp_path: Path) -> None:
    path = write(tmp_path / "met.xlsx", complaints(), include_personal=True)
    for cell in every_cell(path):
        if isinstance(cell.value, str):
            assert cell.data_type == "s", (cell.coordinate, cell.value)


def test_control_characters_are_stripped_and_the_rest_kept(tmp_path: Path) -> None:
    data = [
        complaint(
            "K-2026-0001",
            date(2026, 4, 1),
            description="a\x00b\x07c\x1bd\nregel twee\tna tab\r\nregel drie",
            complainant_name="Jan\x0b Jansen",
        )
    ]
    sheet = load_workbook(write(tmp_path / "x.xlsx", data, include_personal=True))["Klachten"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, (c.value for c in sheet[2]), strict=True))
    assert row["Omschrijving"] == "abcd\nregel twee\tna tab\nregel drie"
    assert row["Klager"] == "Jan Jansen"


# --------------------------------------------------------------------------------------------
# Annual overview


def test_annual_workbook(tmp_path: Path) -> None:
    figures = annual_figures(complaints(), ombudsman(), 2026)
    path = write_annual_workbook(
        tmp_path / "jaaroverzicht-2026.xlsx", figures=figures, generated_at=GENERATED
    )
    wb = load_workbook(path)
    assert wb.sheetnames == ["Jaaroverzicht"]
    sheet = wb["Jaaroverzicht"]
    values = summary(sheet)
    # All four were received in 2026; closed: 0010 (1 Jul), 0011, 0012; open: 0013.
    assert values["Ontvangen"] == 4
    assert values["Afgehandeld"] == 3
    assert values["Open einde jaar"] == 1
    # Contact: 0010 in time, 0011 late. Deadlines: 0011 in time, 0010 and 0012 late.
    assert values["Contact tijdig (%)"] == 0.5
    assert values["Binnen termijn (%)"] == 0.333
    # 0010: 30 Mar -> 1 Jul = 93 days; (93 + 65 + 55) / 3 = 71.0
    assert values["Gemiddelde doorlooptijd (dagen)"] == 71.0
    assert values["Ombudsmanzaken ontvangen"] == 1
    assert values["Ombudsman tijdig beantwoord (%)"] == 1.0
    per_quarter = [
        row for row in sheet.iter_rows(values_only=True) if str(row[0]).startswith("2026-Q")
    ]
    assert per_quarter == [
        ("2026-Q1", 1, 0),
        ("2026-Q2", 3, 2),
        ("2026-Q3", 0, 1),
        ("2026-Q4", 0, 0),
    ]
    assert len(sheet._charts) == 2
    assert wb.properties.title == "Jaaroverzicht klachten Wmo 2026"
    text = file_text(path)
    for secret in [*SECRETS.values(), "P-0a1b2c", "Chauffeur", "zorgthuis", "OMA-2026-17"]:
        assert secret not in text, secret
