"""The workbooks as a contract manager prints them: page setup, title block, percentage cells,
column widths and the charts, read back from real files (issue 10).

The data are those of tests/test_xlsx.py (2026-Q2): received 3, closed 2 (K-2026-0011 in time,
K-2026-0012 late), so `Binnen termijn (%)` is 1 of 2 = 50.0%. Per partner: vervoer has
K-2026-0011 (closed in time); zorgthuis has K-2026-0010 (closed in Q3) and 0012 (closed late);
0013 concerns no partner.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from tests.test_xlsx import GENERATED, complaint, complaints, ombudsman, write

from klachtcli.domain.report import annual_figures
from klachtcli.render.xlsx import write_annual_workbook

FOOTER = "Pagina &P van &N"


def _quarter(tmp_path: Path, *, include_personal: bool = False) -> Any:
    return load_workbook(
        write(tmp_path / "kwartaal.xlsx", complaints(), include_personal=include_personal)
    )


def _annual(tmp_path: Path) -> Any:
    path = write_annual_workbook(
        tmp_path / "jaar.xlsx",
        figures=annual_figures(complaints(), ombudsman(), 2026),
        generated_at=GENERATED,
    )
    return load_workbook(path)


def _shown(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    return len(str(value))


def test_every_sheet_prints_landscape_one_page_wide_with_page_numbers(tmp_path: Path) -> None:
    for wb in (_quarter(tmp_path), _annual(tmp_path)):
        for sheet in wb.worksheets:
            setup = sheet.page_setup
            assert setup.orientation == "landscape", sheet.title
            assert setup.paperSize == 9  # A4
            assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
            assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
            assert sheet.oddFooter.right.text == FOOTER
            assert sheet.oddFooter.left.text == "Gemaakt op 02-07-2026 09:30"
    quarter = _quarter(tmp_path)
    for name in ("Klachten", "Ombudsman", "Signalen"):
        # The header row is printed at the top of every page.
        assert quarter[name].print_title_rows == "'$1:$1'".strip("'")
        assert (
            quarter[name].oddHeader.left.text == "Klachtenrapport Wmo 2026-Q2 - alle ketenpartners"
        )


def test_title_block_names_report_period_partner_and_date(tmp_path: Path) -> None:
    sheet = _quarter(tmp_path)["Samenvatting"]
    rows = [row[:2] for row in sheet.iter_rows(max_row=7, values_only=True)]
    assert rows[0][0] == "Klachtenrapport Wmo 2026-Q2"
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 14
    assert ("Kwartaal", "2026-Q2") in rows
    assert ("Periode", "01-04-2026 t/m 30-06-2026") in rows
    assert ("Ketenpartner", "alle ketenpartners") in rows
    assert ("Gemaakt op", GENERATED) in rows
    assert ("Persoonsgegevens", "niet opgenomen") in rows
    texts = [str(c.value) for ws in _quarter(tmp_path) for r in ws.iter_rows() for c in r]
    assert not any("Vertrouwelijk" in t for t in texts)
    assert not _quarter(tmp_path)["Klachten"].oddHeader.right.text


def test_with_personal_data_every_page_says_vertrouwelijk(tmp_path: Path) -> None:
    wb = _quarter(tmp_path, include_personal=True)
    for sheet in wb.worksheets:
        assert sheet.oddHeader.right.text == "&BVertrouwelijk", sheet.title
    rows = [r[0] for r in wb["Samenvatting"].iter_rows(max_row=8, values_only=True)]
    assert "Vertrouwelijk: bevat persoonsgegevens van klagers; deel het niet verder." in rows


def test_percentages_are_real_percentage_cells(tmp_path: Path) -> None:
    """SPEC §6 names the rows `Contact tijdig (%)` and `Binnen termijn (%)`; the labels stay,
    the cells hold 0..1 with the format 0.0% (shown as 50.0%)."""
    for wb in (_quarter(tmp_path), _annual(tmp_path)):
        sheet = wb.worksheets[0]
        percentages = [row[1] for row in sheet.iter_rows() if str(row[0].value).endswith("(%)")]
        assert len(percentages) >= 2
        for cell in percentages:
            assert cell.number_format == "0.0%", cell.coordinate
            assert 0 <= cell.value <= 1
    quarter = _quarter(tmp_path)["Samenvatting"]
    cells = {row[0].value: row[1] for row in quarter.iter_rows() if row[0].value}
    assert cells["Binnen termijn (%)"].value == 0.5
    assert cells["Binnen termijn (%)"].number_format == "0.0%"
    # The per-partner table: vervoer closed 0011 in time, zorgthuis closed 0012 late.
    rows = list(quarter.iter_rows())
    start = next(i for i, r in enumerate(rows) if r[0].value == "Per ketenpartner")
    header = [c.value for c in rows[start]]
    column = header.index("Binnen termijn (%)")
    per_partner = {r[0].value: r[column] for r in rows[start + 1 : start + 3]}
    assert per_partner["vervoer"].value == 1 and per_partner["zorgthuis"].value == 0
    assert {c.number_format for c in per_partner.values()} == {"0.0%"}


def test_columns_are_as_wide_as_their_header_and_data(tmp_path: Path) -> None:
    wb = _quarter(tmp_path, include_personal=True)
    wrapped = {"Maatregel", "Omschrijving", "Reden", "Klachten"}
    for name in ("Klachten", "Ombudsman", "Signalen"):
        sheet = wb[name]
        header = [c.value for c in sheet[1]]
        for index, title in enumerate(header, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            width = sheet.column_dimensions[letter].width
            assert width >= len(title) + 2, (name, title, width)  # + the filter arrow
            if title in wrapped:
                continue
            longest = max(
                _shown(r[index - 1].value)
                for r in sheet.iter_rows(min_row=2)
                if sum(c.value is not None for c in r) > 1  # not a title running on
            )
            assert width >= longest, (name, title, width, longest)
    summary = wb["Samenvatting"]
    title_rows = 8  # the title block may run on to the right
    for row in summary.iter_rows(min_row=title_rows):
        for cell in row:
            if cell.value is not None:
                width = summary.column_dimensions[cell.column_letter].width
                assert width >= _shown(cell.value), (cell.coordinate, cell.value, width)


def test_long_free_text_wraps_in_a_taller_row(tmp_path: Path) -> None:
    sheet = _quarter(tmp_path)["Signalen"]
    reasons = [r for r in sheet.iter_rows(min_row=2) if r[7].value and len(r[7].value) > 90]
    assert reasons
    for row in reasons:
        assert row[7].alignment.wrap_text
        assert sheet.row_dimensions[row[0].row].height >= 30


def test_the_charts_a_contract_manager_reads_print_whole_on_the_first_page(tmp_path: Path) -> None:
    sheet = _quarter(tmp_path)["Samenvatting"]
    charts = {c.title.tx.rich.p[0].r[0].t: c for c in sheet._charts}
    assert set(charts) == {
        "Ontvangen klachten per categorie",
        "Tevredenheid bij afgehandelde klachten",
        "Ontvangen en afgehandeld per ketenpartner",
        "Binnen termijn afgehandeld per ketenpartner",
    }
    rows = [r[0] for r in sheet.iter_rows(values_only=True)]
    partners = rows.index("Per ketenpartner") + 2  # the first partner row, 1-based
    per_partner = charts["Ontvangen en afgehandeld per ketenpartner"]
    assert [s.val.numRef.f for s in per_partner.series] == [
        f"'Samenvatting'!$B${partners}:$B${partners + 2}",
        f"'Samenvatting'!$C${partners}:$C${partners + 2}",
    ]
    assert [s.tx.strRef.f for s in per_partner.series] == [
        f"'Samenvatting'!B{partners - 1}",  # the series names: the section's header
        f"'Samenvatting'!C{partners - 1}",
    ]
    on_time = charts["Binnen termijn afgehandeld per ketenpartner"]
    assert on_time.series[0].val.numRef.f == f"'Samenvatting'!$E${partners}:$E${partners + 2}"
    assert on_time.y_axis.number_format.formatCode == "0%"
    satisfaction = rows.index("Tevredenheid bij afgehandelde klachten") + 2
    assert charts["Tevredenheid bij afgehandelde klachten"].series[0].val.numRef.f == (
        f"'Samenvatting'!$B${satisfaction}:$B${satisfaction + 2}"
    )
    # The first page ends with a manual break below the charts, and the tables they draw
    # come after it.
    (page_break,) = [b.id for b in sheet.row_breaks.brk]
    rows_per_chart = 17
    for chart in sheet._charts:
        assert chart.anchor._from.row + rows_per_chart <= page_break
        assert chart.anchor._from.col >= 2  # right of the key figures
    assert partners > page_break
    # The key figures are all above the break.
    assert rows.index("Gemiddelde doorlooptijd (dagen)") < page_break


def test_annual_workbook_is_print_ready_too(tmp_path: Path) -> None:
    sheet = _annual(tmp_path)["Jaaroverzicht"]
    assert sheet["A1"].value == "Jaaroverzicht klachten Wmo 2026"
    assert sheet.oddHeader.left.text == "Jaaroverzicht klachten Wmo 2026 - alle ketenpartners"
    titles = [c.title.tx.rich.p[0].r[0].t for c in sheet._charts]
    assert titles == ["Ontvangen en afgehandeld per kwartaal", "Ontvangen klachten per categorie"]


def test_free_text_wraps_only_where_it_does_not_fit(tmp_path: Path) -> None:
    long = "Excuses aangeboden, de planning van de ritten aangepast en de chauffeurs opnieuw " * 2
    data = [
        complaint("K-2026-0001", date(2026, 4, 1), measure="Excuses aangeboden"),
        complaint("K-2026-0002", date(2026, 4, 2), measure=long),
        complaint("K-2026-0003", date(2026, 4, 3), measure="  spaties blijven  "),
    ]
    sheet = load_workbook(write(tmp_path / "kwartaal.xlsx", data))["Klachten"]
    column = [c.value for c in sheet[1]].index("Maatregel")
    short, wrapped, spaced = (sheet[n][column] for n in (2, 3, 4))
    assert short.value == "Excuses aangeboden" and not short.alignment.wrap_text
    assert sheet.row_dimensions[2].height is None
    assert wrapped.value == long and wrapped.alignment.wrap_text
    assert sheet.row_dimensions[3].height >= 30
    assert spaced.value == "  spaties blijven  "
