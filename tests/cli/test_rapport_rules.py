"""The report rules of SPEC §4 and §6 through the real CLI: a reopened complaint's earlier
closing keeps counting in its quarter, niet-behandelen is judged against the 4-week notice term
of Awb 9:8 lid 3, and withdrawn complaints are counted apart and not judged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def summary(path: Path, sheet: str = "Samenvatting") -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for label, value, *_ in load_workbook(path)[sheet].iter_rows(min_row=2, values_only=True):
        if isinstance(label, str) and label not in figures:
            figures[label] = value
    return figures


def klachten(path: Path) -> dict[str, dict[str, Any]]:
    rows = list(load_workbook(path)["Klachten"].iter_rows(values_only=True))
    header = rows[0]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:] if row[0]}


def report(cli: Any, tmp_path: Path, quarter: str, name: str) -> Path:
    path = tmp_path / name
    cli.ok("rapport", "--kwartaal", quarter, "--uitvoer", str(path))
    return path


KEY = (
    "Ontvangen",
    "Afgehandeld",
    "Open einde kwartaal",
    "Contact tijdig (%)",
    "Binnen termijn (%)",
    "Verdaagd",
    "Tevreden",
    "Niet tevreden",
    "Tevredenheid onbekend",
    "Gemiddelde doorlooptijd (dagen)",
    "Niet behandeld (Awb 9:8)",
    "Ingetrokken",
)


def closed_in_q2(cli: Any) -> str:
    """Received Tue 14 Apr 2026 (contact due Tue 21 Apr, Koningsdag skipped; handling due
    Tue 26 May), contact 15 Apr, extended 1 week, closed 20 May, gegrond, tevreden ja."""
    nummer: str = cli.new("2026-04-14")["nummer"]
    cli.ok("contact", nummer, "--datum", "2026-04-15")
    cli.ok("verdagen", nummer, "--weken", "1", "--reden", "Advies", "--datum", "2026-05-01")
    cli.ok(
        "afhandelen",
        nummer,
        "--oordeel",
        "gegrond",
        "--tevreden",
        "ja",
        "--maatregel",
        "Excuses",
        "--datum",
        "2026-05-20",
    )
    return nummer


def test_a_past_quarter_gives_the_same_figures_before_and_after_a_reopening(
    cli, register, tmp_path
):
    nummer = closed_in_q2(cli)
    before = report(cli, tmp_path, "2026-Q2", "voor.xlsx")
    figures = {k: summary(before)[k] for k in KEY}
    assert figures == {
        "Ontvangen": 1,
        "Afgehandeld": 1,
        "Open einde kwartaal": 0,
        "Contact tijdig (%)": 1.0,
        "Binnen termijn (%)": 1.0,
        "Verdaagd": 1,
        "Tevreden": 1,
        "Niet tevreden": 0,
        "Tevredenheid onbekend": 0,
        "Gemiddelde doorlooptijd (dagen)": 36,  # 14 Apr -> 20 May
        "Niet behandeld (Awb 9:8)": 0,
        "Ingetrokken": 0,
    }
    row_before = klachten(before)[nummer]

    # New facts in Q3: a new complaint in law, with fresh terms; then closed again, not satisfied
    cli.ok("heropenen", nummer, "--nieuwe-feiten", "--reden", "Nieuw", "--datum", "2026-07-06")
    after = report(cli, tmp_path, "2026-Q2", "na.xlsx")
    assert {k: summary(after)[k] for k in KEY} == figures
    assert klachten(after)[nummer] == row_before
    cli.ok("contact", nummer, "--datum", "2026-07-07")
    cli.ok(
        "afhandelen", nummer, "--oordeel", "ongegrond", "--tevreden", "nee", "--datum", "2026-07-20"
    )
    again = report(cli, tmp_path, "2026-Q2", "nog-eens.xlsx")
    assert {k: summary(again)[k] for k in KEY} == figures
    row = klachten(again)[nummer]
    assert (row["Status"], row["Oordeel"], row["Tevreden"], row["Maatregel"]) == (
        "afgehandeld",
        "gegrond",
        "ja",
        "Excuses",
    )

    # Q3 counts the second closing (and the second contact), against the fresh terms:
    # reopened Mon 6 Jul -> handling due Mon 17 Aug; lead time 6 Jul -> 20 Jul = 14 days
    q3 = summary(report(cli, tmp_path, "2026-Q3", "q3.xlsx"))
    assert (q3["Ontvangen"], q3["Afgehandeld"], q3["Open einde kwartaal"]) == (0, 1, 0)
    assert (q3["Tevreden"], q3["Niet tevreden"], q3["Verdaagd"]) == (0, 1, 0)
    assert (q3["Binnen termijn (%)"], q3["Contact tijdig (%)"]) == (1.0, 1.0)
    assert q3["Gemiddelde doorlooptijd (dagen)"] == 14
    assert klachten(report(cli, tmp_path, "2026-Q3", "q3b.xlsx"))[nummer]["Termijn"].date() == (
        date(2026, 8, 17)
    )


def test_a_reopening_by_mistake_leaves_the_past_quarter_alone_too(cli, register, tmp_path):
    nummer = closed_in_q2(cli)
    before = {k: summary(report(cli, tmp_path, "2026-Q2", "voor.xlsx"))[k] for k in KEY}
    cli.ok("heropenen", nummer, "--vergissing", "--reden", "Per abuis", "--datum", "2026-07-02")
    after = {k: summary(report(cli, tmp_path, "2026-Q2", "na.xlsx"))[k] for k in KEY}
    assert after == before
    # open at the end of Q3 now, and its contact (made in Q2) is not counted twice
    q3 = summary(report(cli, tmp_path, "2026-Q3", "q3.xlsx"))
    assert (q3["Afgehandeld"], q3["Open einde kwartaal"]) == (0, 1)
    assert q3["Contact tijdig (%)"] in (None, "n.v.t.")


def test_niet_behandelen_is_judged_on_the_4_week_notice_term(cli, register, tmp_path):
    # Wed 1 Apr: notice due Wed 29 Apr (4 weeks), handling due Wed 13 May (6 weeks).
    late = cli.new("2026-04-01")["nummer"]
    cli.ok("niet-behandelen", late, "--grond", "eerder-behandeld", "--datum", "2026-05-06")
    # Thu 2 Apr: notice due Thu 30 Apr; sent 20 Apr, in time.
    in_time = cli.new("2026-04-02")["nummer"]
    cli.ok("niet-behandelen", in_time, "--grond", "bezwaar-mogelijk", "--datum", "2026-04-20")
    # Fri 3 Apr (Goede Vrijdag): handling due 15 May; withdrawn 20 Jun, long after: not judged.
    withdrawn = cli.new("2026-04-03")["nummer"]
    cli.ok("intrekken", withdrawn, "--datum", "2026-06-20")
    path = report(cli, tmp_path, "2026-Q2", "q2.xlsx")
    figures = summary(path)
    assert (
        figures["Afgehandeld"],
        figures["Niet behandeld (Awb 9:8)"],
        figures["Ingetrokken"],
    ) == (
        3,
        2,
        1,
    )
    assert figures["Binnen termijn (%)"] == 0.5  # 1 of the 2 judged
    rows = klachten(path)
    assert (rows[late]["Termijn"].date().isoformat(), rows[late]["Binnen termijn"]) == (
        "2026-04-29",
        "nee",
    )
    assert rows[in_time]["Binnen termijn"] == "ja"
    assert rows[withdrawn]["Binnen termijn"] is None

    data = json.loads(cli.ok("rapport", "--jaar", "2026", "--json").stdout)
    assert (data["afgehandeld"], data["niet_behandeld"], data["ingetrokken"]) == (3, 2, 1)
    assert (data["termijn_gemeten"], data["binnen_termijn"]) == (2, 1)
    cli.ok("rapport", "--jaar", "2026", "--uitvoer", str(tmp_path / "jaar.xlsx"))
    year = summary(tmp_path / "jaar.xlsx", "Jaaroverzicht")
    assert (year["Niet behandeld (Awb 9:8)"], year["Ingetrokken"]) == (2, 1)
