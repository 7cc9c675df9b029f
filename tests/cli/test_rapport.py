"""`klacht rapport` through the real CLI on a real register, the workbooks read back with openpyxl.

The register (built once per module through the lifecycle commands, then copied per test) has
three partners: zorgthuis, vervoer and hulpmiddelen (the last without any complaint). 2026
non-working days that matter here: Goede Vrijdag 3 Apr, tweede Paasdag 6 Apr, Koningsdag 27 Apr,
5 mei, Hemelvaart 14 May, 15 May (Atw-gelijkgesteld: skipped for the handling term only), tweede
Pinksterdag 25 May. Contact deadline = 5th working day after receipt; handling deadline = receipt
(or the partner's receipt = forwarding date) + 6 weeks (+ extension), moved off non-working days.
Partner-handled complaints have no contact deadline for the reports (not chased, SPEC §3).

    K-2026-0001  rec Tue 10 Feb, telefoon, no partner (G1, gemeente), communicatie
                 contact 11 Feb (deadline 17 Feb), afgehandeld 5 Mar (deadline 24 Mar),
                 ongegrond, tevreden nee                                          Q1 only
    K-2026-0002  rec Mon 16 Mar, email, zorgthuis but --complex (G5, gemeente), kwaliteit
                 contact 17 Mar (deadline 23 Mar); deadline 16 Mar + 6 wk = 27 Apr (Koningsdag)
                 -> 28 Apr; verdaagd 2 weken on 20 Apr -> 16 Mar + 8 wk = Mon 11 May;
                 afgehandeld 8 May (in time thanks to the extension), gegrond, tevreden ja
                 lead time 16 Mar -> 8 May = 53 days          (extended and closed in time)
    K-2026-0003  rec Wed 1 Apr, brief, vervoer but --wil-gemeente (G4, gemeente), vervoer
                 contact deadline: 2 Apr (1), [3 Apr Goede Vrijdag, 6 Apr Paasmaandag], 7, 8, 9,
                 10 Apr (5) -> 10 Apr; contact 13 Apr: LATE. Deadline 1 Apr + 6 wk = Wed 13 May;
                 afgehandeld 20 May: LATE, deels-gegrond, tevredenheid not recorded
                 lead time 1 Apr -> 20 May = 49 days                               (closed late)
    K-2026-0004  rec Tue 14 Apr, webformulier, zorgthuis, not complex (P2): forwarded on receipt,
                 bejegening; deadline 14 Apr + 6 wk = Tue 26 May; terugkoppeling: partner
                 afgehandeld 12 May, tevreden nee, ongegrond          (forwarded with feedback)
                 lead time 14 Apr -> 12 May = 28 days
    K-2026-0005  rec Mon 4 May, loket, vervoer (P2): forwarded on receipt, vervoer;
                 deadline 4 May + 6 wk = Mon 15 Jun; no feedback: open, overdue at 30 Jun
                                                                   (forwarded without feedback)
    K-2026-0006  rec Tue 2 Jun, email, no partner (G1), financieel; contact deadline 3, 4, 5, 8,
                 9 Jun -> 9 Jun; contact 4 Jun (on time); deadline 2 Jun + 6 wk = Tue 14 Jul;
                 afgehandeld Wed 1 Jul (first day of Q3), gegrond, tevreden ja
                 Same complainant as K-2026-0002 (a repeated-complainant signal in Q2).
    K-2026-0007  rec Tue 30 Jun (last day of Q2), telefoon, zorgthuis + vervoer (G3, gemeente),
                 levering; contact deadline 1, 2, 3, 6, 7 Jul -> 7 Jul; deadline 30 Jun + 6 wk =
                 Tue 11 Aug; nothing else happened

2026-Q2 = 1 Apr .. 30 Jun, worked out by hand:

    Ontvangen:  0003 0004 0005 0006 0007                                    = 5
    Afgehandeld (closed in Q2): 0002 (8 May), 0003 (20 May), 0004 (12 May)  = 3
                (0006 closed 1 Jul: not in Q2; 0001 closed in Q1)
    Open einde kwartaal (received <= 30 Jun, not closed <= 30 Jun): 0005 0006 0007 = 3
    Contact tijdig: contacts in Q2 with a contact deadline: 0003 (late), 0006 (on time);
                (0002's contact was in Q1; 0004/0005 partner-handled; 0007 none) = 1/2 = 50.0
    Binnen termijn: closed in Q2: 0002 yes, 0003 no, 0004 yes              = 2/3 = 66.7
    Verdaagd (closed in Q2 with an extension): 0002                         = 1
    Tevreden: 0002 = 1; Niet tevreden: 0004 = 1; Tevredenheid onbekend: 0003 = 1
    Gemiddelde doorlooptijd: (53 + 49 + 28) / 3 = 43.33                     = 43.3
    Per ketenpartner (received in Q2; 0007 counts for both, 0006 as "(gemeente)"):
                vervoer 3 (0003 0005 0007), zorgthuis 2 (0004 0007), (gemeente) 1, hulpmiddelen 0

Klachten sheet: received or closed in Q2 or open at its end: 0002 (open on 1 Apr) .. 0007, not 0001.
Status and an overdue "nee" are judged at 30 Jun; recorded dates are shown as they are now.

Ombudsman items (id: type, received, deadline, answered):
    1  interventieverzoek  20 Mar  3 Apr   2 Apr  on time   linked to K-2026-0002 (zorgthuis)
    2  informatievraag     11 May  25 May  27 May late      partner vervoer, via the partner
    3  klacht              15 Jun  15 Jul  -      deadline not yet passed at 30 Jun
    4  eigen-onderzoek      1 Feb  1 Mar   20 Feb           Q1 only: not on the Q2 sheet
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from tests.conftest import TODAY
from typer.testing import CliRunner

from klachtcli.cli import app

pytestmark = pytest.mark.backends

SHEETS = ["Samenvatting", "Klachten", "Ombudsman", "Signalen"]
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
PERSONAL_HEADERS = ["Klager", "E-mail", "Telefoon", "Cliënt", "Omschrijving"]
DATE_COLUMNS = ["Ontvangen", "Contact op", "Afgehandeld op", "Termijn"]
DEFAULT_NAME = "klachtenrapport-2026-Q2.xlsx"

# Distinctive personal data: none of these fragments may show up without --met-persoonsgegevens.
REPEATED = "Xaviera Geheimzand"  # complainant of K-2026-0002 and K-2026-0006
SECRET_FRAGMENTS = ("Geheimzand", "geheim-post.test", "06-5550", "Omschrijving-QZX", "Client-QZX")
MEASURE = "Maatregel-MZQ"  # measures are on the Klachten sheet, but never in the annual overview


def _d(day: str) -> datetime:
    """openpyxl reads an Excel date back as a datetime at midnight."""
    return datetime.combine(date.fromisoformat(day), datetime.min.time())


# -- the register ----------------------------------------------------------------------------


def _person(i: int, name: str | None = None) -> list[str]:
    return [
        "--klager",
        name or f"Klager{i} Geheimzand",
        "--klager-email",
        f"klager{i}@geheim-post.test",
        "--klager-telefoon",
        f"06-5550{i:04d}",
        "--omschrijving",
        f"Omschrijving-QZX-{i}: de zorg schoot tekort.",
    ]


def _build(run: Any) -> None:
    run("init")
    run("partner", "toevoegen", "zorgthuis", "--naam", "Zorg Thuis")
    run("partner", "toevoegen", "vervoer", "--naam", "Amstel Vervoer")
    run("partner", "toevoegen", "hulpmiddelen", "--naam", "Hulpmiddelen Plus")

    def nieuw(i: int, received: str, kanaal: str, categorie: str, *extra: str, name=None) -> str:
        out = run(
            "nieuw",
            "--no-input",
            "--json",
            "--ontvangen",
            received,
            "--kanaal",
            kanaal,
            "--categorie",
            categorie,
            *_person(i, name),
            *extra,
        )
        return str(json.loads(out)["nummer"])

    k1 = nieuw(1, "2026-02-10", "telefoon", "communicatie", "--namens-client", "Client-QZX-1")
    run("contact", k1, "--datum", "2026-02-11")
    run("afhandelen", k1, "--datum", "2026-03-05", "--oordeel", "ongegrond", "--tevreden", "nee")

    k2 = nieuw(2, "2026-03-16", "email", "kwaliteit", "--partner", "zorgthuis", "--complex",
               name=REPEATED)  # fmt: skip
    run("contact", k2, "--datum", "2026-03-17")
    run("verdagen", k2, "--weken", "2", "--reden", "Onderzoek loopt.", "--datum", "2026-04-20")
    run(
        "afhandelen", k2, "--datum", "2026-05-08", "--oordeel", "gegrond", "--tevreden", "ja",
        "--maatregel", f"{MEASURE}-2 planning aangepast",
    )  # fmt: skip

    k3 = nieuw(3, "2026-04-01", "brief", "vervoer", "--partner", "vervoer", "--wil-gemeente")
    run("contact", k3, "--datum", "2026-04-13")
    run("afhandelen", k3, "--datum", "2026-05-20", "--oordeel", "deels-gegrond")

    k4 = nieuw(4, "2026-04-14", "webformulier", "bejegening", "--partner", "zorgthuis")
    run(
        "terugkoppeling", k4, "--afgehandeld", "2026-05-12", "--tevreden", "nee",
        "--oordeel", "ongegrond", "--maatregel", f"{MEASURE}-4 medewerker aangesproken",
        "--datum", "2026-05-13",
    )  # fmt: skip

    nieuw(5, "2026-05-04", "loket", "vervoer", "--partner", "vervoer")

    k6 = nieuw(6, "2026-06-02", "email", "financieel", name=REPEATED)
    run("contact", k6, "--datum", "2026-06-04")
    run("afhandelen", k6, "--datum", "2026-07-01", "--oordeel", "gegrond", "--tevreden", "ja")

    nieuw(7, "2026-06-30", "telefoon", "levering", "--partner", "zorgthuis", "--partner", "vervoer")

    def ombudsman(soort: str, ref: str, received: str, deadline: str, *extra: str) -> None:
        run(
            "ombudsman", "nieuw", "--type", soort, "--referentie", ref, "--ontvangen", received,
            "--deadline", deadline, "--notities", "Notitie over Klager9 Geheimzand.", *extra,
        )  # fmt: skip

    ombudsman("interventieverzoek", "OMB-1", "2026-03-20", "2026-04-03", "--klacht", k2)
    run("ombudsman", "beantwoord", "1", "--datum", "2026-04-02")
    ombudsman("informatievraag", "OMB-2", "2026-05-11", "2026-05-25", "--partner", "vervoer",
              "--via-partner")  # fmt: skip
    run("ombudsman", "beantwoord", "2", "--datum", "2026-05-27")
    ombudsman("klacht", "OMB-3", "2026-06-15", "2026-07-15")
    ombudsman("eigen-onderzoek", "OMB-4", "2026-02-01", "2026-03-01")
    run("ombudsman", "beantwoord", "4", "--datum", "2026-02-20")


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rapport") / "klachten.db"
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result.stdout

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KLACHT_VANDAAG", TODAY)
        mp.setenv("KLACHT_MEDEWERKER", "tester")
        mp.setenv("KLACHT_DB", str(path))
        _build(run)
    return path


@pytest.fixture
def q2(
    _template: Path, db_path: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str
) -> Path:
    """A copy of the hand-built register; the working directory is a fresh empty folder.
    On PostgreSQL the copy is made with `db kopieer`'s own code."""
    if backend == "postgres":
        from klachtcli.store.target import parse
        from klachtcli.store.transfer import copy_register

        copy_register(_template, parse(db_path))
    else:
        shutil.copyfile(_template, db_path)
    work = tmp_path / "werk"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


# -- reading workbooks back --------------------------------------------------------------------


def load(path: Path) -> Any:
    return load_workbook(path)


def key_figures(wb: Any, sheet: str = "Samenvatting") -> dict[str, Any]:
    """Kengetal -> Waarde of a summary sheet (the first occurrence of each label)."""
    figures: dict[str, Any] = {}
    for label, value, *_ in wb[sheet].iter_rows(min_row=2, values_only=True):
        if isinstance(label, str) and label not in figures:
            figures[label] = value
    return figures


def section(wb: Any, title: str, sheet: str = "Samenvatting") -> dict[str, Any]:
    """The rows of a titled block on a summary sheet, up to the next blank row."""
    rows = list(wb[sheet].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == title)
    found = {}
    for row in rows[start + 1 :]:
        if row[0] is None:
            break
        found[row[0]] = row[1]
    return found


def table_rows(ws: Any) -> list[dict[str, Any]]:
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def every_cell_text(wb: Any) -> list[str]:
    return [
        str(cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def assert_no_personal_data(wb: Any) -> None:
    texts = every_cell_text(wb)
    assert texts  # the scan really read something
    for fragment in SECRET_FRAGMENTS:
        leaked = [t for t in texts if fragment in t]
        assert not leaked, (fragment, leaked)


# -- the key figures and rows ------------------------------------------------------------------


def test_summary_key_figures_match_the_hand_count(q2: Path, cli: Any) -> None:
    result = cli.ok("rapport", "--kwartaal", "2026-Q2")
    path = q2 / DEFAULT_NAME
    assert path.is_file()
    assert str(path.name) in result.stdout
    wb = load(path)
    figures = key_figures(wb)
    expected = {
        "Ontvangen": 5,
        "Afgehandeld": 3,
        "Open einde kwartaal": 3,
        "Contact tijdig (%)": 0.5,
        "Binnen termijn (%)": 0.667,
        "Verdaagd": 1,
        "Tevreden": 1,
        "Niet tevreden": 1,
        "Tevredenheid onbekend": 1,
        "Gemiddelde doorlooptijd (dagen)": 43.3,
    }
    assert {label: figures[label] for label in expected} == expected
    ws = wb["Samenvatting"]
    header = next(r for r in ws.iter_rows() if r[0].value == "Kengetal")[0].row
    assert [ws[f"A{header}"].value, ws[f"B{header}"].value] == ["Kengetal", "Waarde"]
    assert ws.freeze_panes == f"A{header + 1}"
    assert section(wb, "Ontvangen per ketenpartner") == {
        "vervoer": 3,
        "zorgthuis": 2,
        "(gemeente)": 1,
        "hulpmiddelen": 0,
    }
    categories = section(wb, "Ontvangen per categorie")
    assert {k: v for k, v in categories.items() if v} == {
        "vervoer": 2,
        "bejegening": 1,
        "financieel": 1,
        "levering": 1,
    }
    assert section(wb, "Ontvangen per kanaal") == {
        "telefoon": 1,
        "loket": 1,
        "brief": 1,
        "webformulier": 1,
        "email": 1,
    }
    assert section(wb, "Afgehandeld per oordeel") == {
        "gegrond": 1,
        "deels-gegrond": 1,
        "ongegrond": 1,
        "geen-oordeel": 0,
        "informeel-opgelost": 0,
    }
    assert len(ws._charts) == 4
    # The percentages are percentage cells with one decimal.
    for row in ws.iter_rows(min_row=2, max_row=30):
        if row[0].value in ("Contact tijdig (%)", "Binnen termijn (%)"):
            assert row[1].number_format == "0.0%"


def test_klachten_sheet_rows_match_the_hand_count(q2: Path, cli: Any) -> None:
    cli.ok("rapport", "--kwartaal", "2026-Q2")
    wb = load(q2 / DEFAULT_NAME)
    assert wb.sheetnames == SHEETS
    ws = wb["Klachten"]
    assert [c.value for c in ws[1]] == HEADERS
    measure2, measure4 = f"{MEASURE}-2 planning aangepast", f"{MEASURE}-4 medewerker aangesproken"
    d = _d
    # fmt: off
    expected = [
        # Nummer, Ontvangen, Kanaal, Ketenpartner, Categorie, Behandelaar, Status,
        # Contact op, Contact tijdig, Afgehandeld op, Termijn, Binnen termijn, Verdaagd,
        # Oordeel, Tevreden, Maatregel
        ("K-2026-0002", d("2026-03-16"), "email", "zorgthuis", "kwaliteit", "gemeente",
         "afgehandeld", d("2026-03-17"), "ja", d("2026-05-08"), d("2026-05-11"), "ja", 2,
         "gegrond", "ja", measure2),
        ("K-2026-0003", d("2026-04-01"), "brief", "vervoer", "vervoer", "gemeente",
         "afgehandeld", d("2026-04-13"), "nee", d("2026-05-20"), d("2026-05-13"), "nee", 0,
         "deels-gegrond", None, None),
        ("K-2026-0004", d("2026-04-14"), "webformulier", "zorgthuis", "bejegening", "zorgthuis",
         "afgehandeld door ketenpartner", None, None, d("2026-05-12"), d("2026-05-26"), "ja", 0,
         "ongegrond", "nee", measure4),
        # Open at 30 Jun; its handling deadline (15 Jun) had passed by then: "nee".
        ("K-2026-0005", d("2026-05-04"), "loket", "vervoer", "vervoer", "vervoer",
         "open", None, None, None, d("2026-06-15"), "nee", 0,
         None, None, None),
        # Open at 30 Jun (status judged at the quarter end), closed on 1 Jul within its term.
        ("K-2026-0006", d("2026-06-02"), "email", None, "financieel", "gemeente",
         "open", d("2026-06-04"), "ja", d("2026-07-01"), d("2026-07-14"), "ja", 0,
         "gegrond", "ja", None),
        # Received on the last day; nothing is overdue yet at 30 Jun.
        ("K-2026-0007", d("2026-06-30"), "telefoon", "vervoer, zorgthuis", "levering",
         "gemeente", "open", None, None, None, d("2026-08-11"), None, 0,
         None, None, None),
    ]
    # fmt: on
    rows = [tuple(row) for row in ws.iter_rows(min_row=2, values_only=True)]
    assert rows == expected
    # The rows with status "open" are exactly the "Open einde kwartaal" of the summary.
    assert sum(row[6] == "open" for row in rows) == key_figures(wb)["Open einde kwartaal"]


def test_klachten_sheet_layout(q2: Path, cli: Any) -> None:
    cli.ok("rapport", "--kwartaal", "2026-Q2")
    wb = load(q2 / DEFAULT_NAME)
    ws = wb["Klachten"]
    assert ws.freeze_panes == "A2"
    assert ws.tables["Klachten"].ref == "A1:P7"  # 16 columns, header + 6 rows
    assert ws.tables["Klachten"].autoFilter is not None
    header = [c.value for c in ws[1]]
    for name in DATE_COLUMNS:
        column = header.index(name) + 1
        cells = [ws.cell(row=r, column=column) for r in range(2, ws.max_row + 1)]
        dated = [c for c in cells if c.value is not None]
        assert dated, name
        for cell in dated:
            assert isinstance(cell.value, datetime), (name, cell.value)
            assert cell.is_date
            assert cell.number_format == "dd-mm-yyyy", (name, cell.number_format)
    for name in SHEETS[1:]:
        assert wb[name].freeze_panes == "A2"


def signal_rows(ws: Any) -> list[dict[str, Any]]:
    signals = []
    for row in table_rows(ws):
        if row["Soort"] is None:
            break  # the counts table follows after a blank row
        signals.append(row)
    return signals


def test_signalen_sheet_names_a_repeated_complainant_only_by_reference(q2: Path, cli: Any) -> None:
    """Q1 had communicatie 1 and kwaliteit 1; Q2 has vervoer 2, bejegening 1, financieel 1 and
    levering 1: four categories grow, but none reaches the default minimum of 3 complaints, so
    none is listed. K-2026-0002 and K-2026-0006 come from one complainant within 12 months;
    the signal belongs to the quarter of the latest (Q2)."""
    cli.ok("rapport", "--kwartaal", "2026-Q2")
    wb = load(q2 / DEFAULT_NAME)
    ws = wb["Signalen"]
    assert ws.tables["Signalen"].ref.startswith("A1:")
    signals = signal_rows(ws)
    assert [(s["Soort"], s["Categorie"]) for s in signals] == [
        ("Herhaalde klachten klager/cliënt", None)
    ]
    assert "herhaalde klachten kunnen op een structureel probleem wijzen" in signals[0]["Reden"]
    cli.ok("instellingen", "signaal_minimum", "1")
    cli.ok("rapport", "--kwartaal", "2026-Q2", "--overschrijven")
    signals = signal_rows(load(q2 / DEFAULT_NAME)["Signalen"])
    assert [(s["Soort"], s["Categorie"]) for s in signals] == [
        ("Categorie groeit", "bejegening"),
        ("Categorie groeit", "financieel"),
        ("Categorie groeit", "levering"),
        ("Categorie groeit", "vervoer"),
        ("Herhaalde klachten klager/cliënt", None),
    ]
    repeated = signals[-1]
    assert re.fullmatch(r"P-[0-9a-f]{8}", repeated["Klager (ref)"])
    assert repeated["Klachten"] == "K-2026-0002, K-2026-0006"
    assert repeated["Aantal"] == 2
    assert all(s["Kwartaal"] == "2026-Q2" for s in signals)
    assert "vervoer" in signals[3]["Reden"] and "+2" in signals[3]["Reden"]
    assert "minstens het signaalminimum van 1 klacht" in signals[3]["Reden"]
    assert_no_personal_data(wb)


def test_ombudsman_sheet(q2: Path, cli: Any) -> None:
    cli.ok("rapport", "--kwartaal", "2026-Q2")
    ws = load(q2 / DEFAULT_NAME)["Ombudsman"]
    assert ws.freeze_panes == "A2"
    assert ws.tables["Ombudsman"].ref == "A1:J4"
    d = _d
    # fmt: off
    assert [tuple(row.values()) for row in table_rows(ws)] == [
        # Id, Soort, Referentie, Ontvangen, Deadline, Beantwoord op, Tijdig, Klacht,
        # Ketenpartner, Via ketenpartner
        (1, "interventieverzoek", "OMB-1", d("2026-03-20"), d("2026-04-03"), d("2026-04-02"),
         "ja", "K-2026-0002", None, "nee"),
        (2, "informatievraag", "OMB-2", d("2026-05-11"), d("2026-05-25"), d("2026-05-27"),
         "nee", None, "vervoer", "ja"),
        (3, "klacht", "OMB-3", d("2026-06-15"), d("2026-07-15"), None,
         None, None, None, "nee"),
    ]
    # fmt: on
    assert [c.value for c in ws[1]][:3] == ["Id", "Soort", "Referentie"]
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=6):
        for cell in row:
            if cell.value is not None:
                assert cell.number_format == "dd-mm-yyyy"


# -- personal data -----------------------------------------------------------------------------


def test_without_the_flag_no_personal_data_in_any_cell(q2: Path, cli: Any) -> None:
    result = cli.ok("rapport", "--kwartaal", "2026-Q2")
    assert "persoonsgegevens" not in result.stderr
    wb = load(q2 / DEFAULT_NAME)
    assert_no_personal_data(wb)
    assert [c.value for c in wb["Klachten"][1]] == HEADERS
    for prop in ("title", "subject", "description", "keywords"):
        value = getattr(wb.properties, prop) or ""
        assert not any(fragment in value for fragment in SECRET_FRAGMENTS), prop


def test_with_the_flag_the_personal_columns_are_filled(q2: Path, cli: Any) -> None:
    result = cli.ok("rapport", "--kwartaal", "2026-Q2", "--met-persoonsgegevens")
    assert "persoonsgegevens" in result.stderr
    wb = load(q2 / DEFAULT_NAME)
    ws = wb["Klachten"]
    assert [c.value for c in ws[1]] == HEADERS + PERSONAL_HEADERS
    assert ws.tables["Klachten"].ref == "A1:U7"
    rows = {row["Nummer"]: row for row in table_rows(ws)}
    assert rows["K-2026-0002"]["Klager"] == REPEATED
    assert rows["K-2026-0003"]["Klager"] == "Klager3 Geheimzand"
    assert rows["K-2026-0003"]["E-mail"] == "klager3@geheim-post.test"
    assert rows["K-2026-0003"]["Telefoon"] == "06-55500003"
    assert rows["K-2026-0003"]["Omschrijving"] == "Omschrijving-QZX-3: de zorg schoot tekort."
    assert rows["K-2026-0003"]["Cliënt"] is None


# -- limiting and splitting --------------------------------------------------------------------


def test_partner_limits_the_rows(q2: Path, cli: Any) -> None:
    """zorgthuis is in 0002, 0004 and 0007; received in Q2: 0004 and 0007; closed in Q2: 0002
    and 0004; open at the end: 0007."""
    cli.ok("rapport", "--kwartaal", "2026-Q2", "--partner", "zorgthuis")
    path = q2 / "klachtenrapport-2026-Q2-zorgthuis.xlsx"
    assert path.is_file()
    assert not (q2 / DEFAULT_NAME).exists()
    wb = load(path)
    numbers = [row["Nummer"] for row in table_rows(wb["Klachten"])]
    assert numbers == ["K-2026-0002", "K-2026-0004", "K-2026-0007"]
    figures = key_figures(wb)
    assert (figures["Ontvangen"], figures["Afgehandeld"], figures["Open einde kwartaal"]) == (
        2,
        2,
        1,
    )
    assert figures["Ketenpartner"] == "zorgthuis"
    # K-2026-0007 concerns vervoer as well, as its row on the Klachten sheet shows.
    assert section(wb, "Ontvangen per ketenpartner") == {"zorgthuis": 2, "vervoer": 1}


def test_per_partner_writes_one_workbook_per_partner(q2: Path, cli: Any) -> None:
    result = cli.ok("rapport", "--kwartaal", "2026-Q2", "--per-partner", "partners")
    folder = q2 / "partners"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "klachtenrapport-2026-Q2-hulpmiddelen.xlsx",
        "klachtenrapport-2026-Q2-vervoer.xlsx",
        "klachtenrapport-2026-Q2-zorgthuis.xlsx",
    ]
    assert result.stdout.count("geschreven") == 3
    expected = {
        "vervoer": ["K-2026-0003", "K-2026-0005", "K-2026-0007"],
        "zorgthuis": ["K-2026-0002", "K-2026-0004", "K-2026-0007"],
    }
    ombudsman = {"vervoer": ["OMB-2"], "zorgthuis": ["OMB-1"]}  # by partner, or by complaint
    for code, numbers in expected.items():
        wb = load(folder / f"klachtenrapport-2026-Q2-{code}.xlsx")
        assert [row["Nummer"] for row in table_rows(wb["Klachten"])] == numbers
        assert [row["Referentie"] for row in table_rows(wb["Ombudsman"])] == ombudsman[code]
        assert stat.S_IMODE(os.stat(folder / f"klachtenrapport-2026-Q2-{code}.xlsx").st_mode) == (
            0o600
        )
    # The partner without complaints still gets a valid workbook that says so.
    wb = load(folder / "klachtenrapport-2026-Q2-hulpmiddelen.xlsx")
    assert wb.sheetnames == SHEETS
    figures = key_figures(wb)
    assert figures["Ontvangen"] == 0 and figures["Afgehandeld"] == 0
    assert figures["Contact tijdig (%)"] == "n.v.t."
    assert "Geen klachten in dit kwartaal" in figures
    assert wb["Klachten"]["A2"].value == "Geen klachten in dit kwartaal"
    assert wb["Klachten"].max_row == 2
    assert wb["Ombudsman"]["A2"].value == "Geen ombudsmanzaken in dit kwartaal"


def test_an_empty_quarter_gives_a_valid_workbook_that_says_so(q2: Path, cli: Any) -> None:
    cli.ok("rapport", "--kwartaal", "2025-Q3")
    wb = load(q2 / "klachtenrapport-2025-Q3.xlsx")
    assert wb.sheetnames == SHEETS
    figures = key_figures(wb)
    assert figures["Ontvangen"] == 0
    assert figures["Open einde kwartaal"] == 0
    assert figures["Binnen termijn (%)"] == "n.v.t."
    assert figures["Gemiddelde doorlooptijd (dagen)"] == "n.v.t."
    assert "Geen klachten in dit kwartaal" in figures
    assert [c.value for c in wb["Klachten"][1]] == HEADERS
    assert wb["Klachten"]["A2"].value == "Geen klachten in dit kwartaal"
    assert wb["Ombudsman"]["A2"].value == "Geen ombudsmanzaken in dit kwartaal"
    assert wb["Signalen"]["A2"].value == "Geen signalen in dit kwartaal"
    assert len(wb["Samenvatting"]._charts) >= 1


# -- files ---------------------------------------------------------------------------------------


def test_workbook_is_private(q2: Path, cli: Any) -> None:
    cli.ok("rapport", "--kwartaal", "2026-Q2")
    assert stat.S_IMODE(os.stat(q2 / DEFAULT_NAME).st_mode) == 0o600
    assert not [p for p in q2.iterdir() if p.name != DEFAULT_NAME]  # no temporary file left


def test_existing_file_is_kept_without_overschrijven(q2: Path, cli: Any) -> None:
    path = q2 / DEFAULT_NAME
    path.write_bytes(b"oud rapport")
    result = cli("rapport", "--kwartaal", "2026-Q2")
    assert result.exit_code == 2, result.stdout
    assert "--overschrijven" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == b"oud rapport"

    cli.ok("rapport", "--kwartaal", "2026-Q2", "--overschrijven")
    assert key_figures(load(path))["Ontvangen"] == 5


def test_existing_per_partner_file_is_kept_without_overschrijven(q2: Path, cli: Any) -> None:
    folder = q2 / "partners"
    folder.mkdir()
    old = folder / "klachtenrapport-2026-Q2-vervoer.xlsx"
    old.write_bytes(b"oud")
    result = cli("rapport", "--kwartaal", "2026-Q2", "--per-partner", str(folder))
    assert result.exit_code == 2
    assert old.read_bytes() == b"oud"
    assert sorted(p.name for p in folder.iterdir()) == [old.name]  # none of the others either


def test_uitvoer_names_the_file(q2: Path, cli: Any) -> None:
    target = q2 / "sub" / "q2.xlsx"
    target.parent.mkdir()
    cli.ok("rapport", "--kwartaal", "2026-Q2", "--uitvoer", str(target))
    assert key_figures(load(target))["Ontvangen"] == 5
    assert not (q2 / DEFAULT_NAME).exists()


# -- input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["2026-Q2", "2026Q2", "Q2-2026", "2026-q2"])
def test_quarter_forms_are_accepted(q2: Path, cli: Any, form: str) -> None:
    cli.ok("rapport", "--kwartaal", form)
    assert key_figures(load(q2 / DEFAULT_NAME))["Ontvangen"] == 5


@pytest.mark.parametrize(
    "args",
    [
        ["--kwartaal", "2026-Q5"],
        ["--kwartaal", "2026-Q0"],
        ["--kwartaal", "2026"],
        ["--kwartaal", "Q2"],
        ["--kwartaal", "2026-06"],
        ["--kwartaal", ""],
        [],  # neither
        ["--kwartaal", "2026-Q2", "--jaar", "2026"],  # both
        ["--kwartaal", "2026-Q2", "--partner", "onbekend"],
        ["--kwartaal", "2026-Q2", "--per-partner", "map", "--uitvoer", "x.xlsx"],
        ["--kwartaal", "2026-Q2", "--json"],
        ["--jaar", "2026", "--partner", "zorgthuis"],
        ["--jaar", "2026", "--met-persoonsgegevens"],
        ["--jaar", "2026", "--per-partner", "map"],
        ["--jaar", "1899"],
    ],
)
def test_bad_input_exits_2_and_writes_nothing(q2: Path, cli: Any, args: list[str]) -> None:
    result = cli("rapport", *args)
    assert result.exit_code == 2, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
    assert list(q2.iterdir()) == []


# -- formula injection -----------------------------------------------------------------------

INJECTIONS = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)"]


def test_formula_like_text_stays_text(
    register: Path, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for text in INJECTIONS:
        # --opt=value, so that "-1" is not taken for an option.
        out = cli.ok(
            "nieuw",
            "--no-input",
            "--json",
            "--ontvangen",
            "2026-05-04",
            "--kanaal",
            "email",
            "--categorie",
            "overig",
            f"--klager={text}",
            f"--omschrijving={text}",
            f"--klager-email={text}",
        ).stdout
        number = json.loads(out)["nummer"]
        cli.ok("afhandelen", number, "--datum", "2026-05-20", "--oordeel", "gegrond",
               f"--maatregel={text}")  # fmt: skip
    cli.ok("rapport", "--kwartaal", "2026-Q2", "--met-persoonsgegevens")
    wb = load(tmp_path / DEFAULT_NAME)
    ws = wb["Klachten"]
    header = [c.value for c in ws[1]]
    columns = [header.index(name) + 1 for name in ("Klager", "E-mail", "Omschrijving", "Maatregel")]
    seen = []
    for r in range(2, ws.max_row + 1):
        for column in columns:
            cell = ws.cell(row=r, column=column)
            assert cell.data_type == "s", (cell.coordinate, cell.value, cell.data_type)
            # The quote prefix (Excel's leading apostrophe) keeps it text when edited, too.
            assert cell.quotePrefix, cell.coordinate
            seen.append(cell.value)
    assert sorted(seen) == sorted(INJECTIONS * 4)
    # No formula anywhere in the workbook.
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


# -- the annual overview ---------------------------------------------------------------------


def test_annual_overview_json_counts_without_personal_data(q2: Path, cli: Any) -> None:
    """2026 as a whole (K-2026-0001 .. 0007):
    ontvangen 7; afgehandeld 0001 0002 0003 0004 0006 = 5; open einde jaar 0005 0007 = 2;
    contact tijdig 0001 (11 <= 17 Feb), 0002, 0006 yes, 0003 no = 3/4 = 75.0;
    binnen termijn 0001 (5 Mar <= 24 Mar), 0002, 0004, 0006 yes, 0003 no = 4/5 = 80.0;
    verdaagd 1 (0002); tevreden 0002 0006 = 2, niet 0001 0004 = 2, onbekend 0003 = 1;
    doorlooptijd 0001 23 + 0002 53 + 0003 49 + 0004 28 + 0006 29 = 182 / 5 = 36.4."""
    result = cli.ok("rapport", "--jaar", "2026", "--json")
    data = json.loads(result.stdout)
    assert not list(q2.iterdir())  # --json writes no file
    expected = {
        "jaar": 2026,
        "ontvangen": 7,
        "afgehandeld": 5,
        "open_einde_jaar": 2,
        "contact_tijdig_pct": 75.0,
        "binnen_termijn_pct": 80.0,
        "verdaagd": 1,
        "tevreden": 2,
        "niet_tevreden": 2,
        "tevredenheid_onbekend": 1,
        "gemiddelde_doorlooptijd_dagen": 36.4,
    }
    assert {k: data[k] for k in expected} == expected
    assert data["per_kwartaal"] == [
        {"kwartaal": "2026-Q1", "ontvangen": 2, "afgehandeld": 1},
        {"kwartaal": "2026-Q2", "ontvangen": 5, "afgehandeld": 3},
        {"kwartaal": "2026-Q3", "ontvangen": 0, "afgehandeld": 1},
        {"kwartaal": "2026-Q4", "ontvangen": 0, "afgehandeld": 0},
    ]
    assert data["per_oordeel"] == {
        "gegrond": 2,
        "deels-gegrond": 1,
        "ongegrond": 2,
        "geen-oordeel": 0,
        "informeel-opgelost": 0,
    }
    assert data["per_behandelaar"] == {"gemeente": 5, "partner": 2}
    # Received per partner, as SPEC §9 asks of the publication (organisations, not persons;
    # a complaint about two partners counts for each).
    assert data["per_ketenpartner"] == {"vervoer": 3, "zorgthuis": 3, "(gemeente)": 2}
    # Ombudsman: received in 2026 one of each type; answered in 2026: 1 and 4 on time, 2 late.
    assert data["ombudsman"] == {
        "ontvangen": 4,
        "per_soort": {
            "informatievraag": 1,
            "interventieverzoek": 1,
            "klacht": 1,
            "eigen-onderzoek": 1,
        },
        "beantwoord": 3,
        "tijdig_beantwoord": 2,
        "tijdig_beantwoord_pct": 66.7,
    }
    text = result.stdout
    for fragment in (*SECRET_FRAGMENTS, MEASURE, "K-2026-", "P-"):
        assert fragment not in text, fragment


def test_annual_overview_workbook(q2: Path, cli: Any) -> None:
    result = cli.ok("rapport", "--jaar", "2026")
    path = q2 / "klachtenoverzicht-2026.xlsx"
    assert path.name in result.stdout
    wb = load(path)
    assert wb.sheetnames == ["Jaaroverzicht"]
    figures = key_figures(wb, "Jaaroverzicht")
    assert figures["Ontvangen"] == 7
    assert figures["Afgehandeld"] == 5
    assert figures["Open einde jaar"] == 2
    assert figures["Binnen termijn (%)"] == 0.8
    assert figures["Gemiddelde doorlooptijd (dagen)"] == 36.4
    assert section(wb, "Per kwartaal", "Jaaroverzicht") == {
        "2026-Q1": 2,
        "2026-Q2": 5,
        "2026-Q3": 0,
        "2026-Q4": 0,
    }
    assert len(wb["Jaaroverzicht"]._charts) == 4
    # The year before stands beside each figure (the register has nothing in 2025).
    ws = wb["Jaaroverzicht"]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Kengetal")
    assert header[:3] == ("Kengetal", "2026", "2025")
    ontvangen = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Ontvangen")
    assert ontvangen[:3] == ("Ontvangen", 7, 0)
    # A table per partner (counts of complaints received and closed in 2026).
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Per ketenpartner")
    columns = rows[start]
    table = {r[0]: dict(zip(columns[1:], r[1:], strict=False)) for r in rows[start + 1 : start + 5]}
    assert table["vervoer"]["Ontvangen"] == 3  # 0003, 0005, 0007
    assert table["zorgthuis"]["Ontvangen"] == 3  # 0002 (Mar), 0004, 0007
    assert table["zorgthuis"]["Ontvangen vorig jaar"] == 0
    texts = every_cell_text(wb)
    for fragment in (*SECRET_FRAGMENTS, MEASURE, "K-2026-", "P-"):
        assert not [t for t in texts if fragment in t], fragment
    # An existing overview is not replaced without --overschrijven.
    before = path.read_bytes()
    again = cli("rapport", "--jaar", "2026")
    assert again.exit_code == 2
    assert path.read_bytes() == before
    cli.ok("rapport", "--jaar", "2026", "--overschrijven")
