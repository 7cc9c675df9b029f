"""Quarter parsing and the key figures of the quarterly and annual report (SPEC §6).

Every expected number below is worked out by hand from the register in ``register()``; the
comments show the sums.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from tests.factories import complaint_facts

from klachtcli.domain.report import (
    COMPLAINT_HEADERS,
    NO_PARTNER,
    NO_VERDICT,
    PERSONAL_HEADERS,
    ComplaintFacts,
    OmbudsmanFacts,
    Quarter,
    annual_figures,
    complaint_row,
    for_partner,
    ombudsman_in_quarter,
    parse_quarter,
    quarter_figures,
    quarter_rows,
)
from klachtcli.errors import InputError

Q1 = Quarter(2026, 1)
Q2 = Quarter(2026, 2)
Q3 = Quarter(2026, 3)


def complaint(number: str, received: date, **facts: Any) -> ComplaintFacts:
    return complaint_facts(number, received, **facts)


def register() -> list[ComplaintFacts]:
    return [
        # A: received and closed in Q1, in time.
        complaint(
            "K-2026-0001",
            date(2026, 1, 15),
            contact_on=date(2026, 1, 19),
            contact_deadline=date(2026, 1, 22),
            handling_deadline=date(2026, 2, 26),
            closed_on=date(2026, 2, 10),
            closing_kind="afgehandeld",
            verdict="gegrond",
            satisfied="ja",
        ),
        # B: received in Q1, open all of Q2, closed on the first day of Q3, late.
        complaint(
            "K-2026-0002",
            date(2026, 3, 20),
            channel="telefoon",
            category="levering",
            contact_on=date(2026, 3, 24),
            contact_deadline=date(2026, 3, 27),
            handling_deadline=date(2026, 5, 1),
            closed_on=date(2026, 7, 1),
            closing_kind="afgehandeld",
            verdict="gegrond",
            satisfied="nee",
        ),
        # C: received on the first day of Q2, extended 4 weeks, closed in time.
        complaint(
            "K-2026-0003",
            date(2026, 4, 1),
            contact_on=date(2026, 4, 7),
            contact_deadline=date(2026, 4, 8),
            handling_deadline=date(2026, 6, 15),
            extension_weeks=4,
            closed_on=date(2026, 6, 10),
            closing_kind="afgehandeld",
            verdict="deels-gegrond",
            satisfied="nee",
            measure="Excuses en extra controle",
        ),
        # D: late contact and closed late.
        complaint(
            "K-2026-0004",
            date(2026, 4, 14),
            channel="brief",
            partners=("vervoer",),
            category="vervoer",
            contact_on=date(2026, 4, 22),
            contact_deadline=date(2026, 4, 21),
            handling_deadline=date(2026, 5, 26),
            closed_on=date(2026, 6, 2),
            closing_kind="afgehandeld",
            verdict="ongegrond",
            satisfied="ja",
        ),
        # E: forwarded to the partner, feedback received in time.
        complaint(
            "K-2026-0005",
            date(2026, 4, 20),
            channel="webformulier",
            category="bejegening",
            handler="partner",
            handler_partner="zorgthuis",
            handling_deadline=date(2026, 6, 1),
            closed_on=date(2026, 5, 20),
            closing_kind="terugkoppeling",
            satisfied="onbekend",
        ),
        # F: forwarded to the partner, no feedback yet; its deadline passed inside Q2.
        complaint(
            "K-2026-0006",
            date(2026, 5, 4),
            channel="telefoon",
            handler="partner",
            handler_partner="zorgthuis",
            handling_deadline=date(2026, 6, 15),
        ),
        # H: two partners, withdrawn.
        complaint(
            "K-2026-0008",
            date(2026, 5, 12),
            partners=("zorgthuis", "vervoer"),
            category="communicatie",
            contact_on=date(2026, 5, 13),
            contact_deadline=date(2026, 5, 19),
            handling_deadline=date(2026, 6, 23),
            closed_on=date(2026, 6, 20),
            closing_kind="ingetrokken",
        ),
        # G: no partner, received on the last day of Q2.
        complaint(
            "K-2026-0007",
            date(2026, 6, 30),
            channel="loket",
            partners=(),
            category="toegang",
            contact_deadline=date(2026, 7, 7),
            handling_deadline=date(2026, 8, 11),
        ),
    ]


# --------------------------------------------------------------------------------------------
# Quarters


@pytest.mark.parametrize(
    "text",
    ["2026-Q2", "2026Q2", "Q2-2026", "2026-q2", "q2-2026", "  2026-Q2 ", "Q22026"],
)
def test_parse_quarter_accepts_the_usual_forms(text: str) -> None:
    assert parse_quarter(text) == Quarter(2026, 2)


@pytest.mark.parametrize(
    "text",
    ["2026-Q5", "2026-Q0", "Q2/2026", "2026", "", "26-Q2", "2026-Q2-01", "Q2 2026", "1899-Q4"],
)
def test_parse_quarter_refuses_other_text_in_dutch(text: str) -> None:
    with pytest.raises(ValueError, match="Ongeldig kwartaal") as raised:
        parse_quarter(text)
    assert isinstance(raised.value, InputError)  # exit 2 at the CLI boundary


def test_quarter_bounds_labels_and_neighbours() -> None:
    assert (Q1.start, Q1.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (Q2.start, Q2.end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert Quarter(2024, 1).end == date(2024, 3, 31)
    assert Quarter(2026, 4).end == date(2026, 12, 31)
    assert Q2.label == str(Q2) == "2026-Q2"
    assert Q1.previous() == Quarter(2025, 4)
    assert Quarter(2025, 4).next() == Q1
    assert Quarter.containing(date(2026, 6, 30)) == Q2
    assert Quarter.containing(date(2026, 7, 1)) == Q3


# --------------------------------------------------------------------------------------------
# Key figures


def test_quarter_figures_q2() -> None:
    f = quarter_figures(register(), Q2, partners=["zorgthuis", "vervoer", "thuiszorg-west"])
    assert f.received == 6  # C D E F H G; B and A came in Q1
    assert f.closed == 4  # C D E H; B closed on 1 July
    assert f.open_at_end == 3  # B (closed only on 1 July), F (no feedback), G (30 June)
    # Contact in Q2 with a deadline: C in time, D a day late, H in time. B's was in Q1.
    assert (f.contact_on_time, f.contact_measured, f.contact_on_time_pct) == (2, 3, 66.7)
    # Closed in Q2: C (extended, in time), D (late), E (feedback in time); H was withdrawn,
    # which is counted apart and not judged on time (SPEC §6).
    assert (f.closed_on_time, f.deadline_measured, f.closed_on_time_pct) == (2, 3, 66.7)
    assert (f.withdrawn, f.not_handled) == (1, 0)
    assert f.extended == 1  # C
    # C nee, D ja, E onbekend, H not recorded.
    assert (f.satisfied, f.not_satisfied, f.satisfaction_unknown) == (1, 1, 2)
    # C 1 Apr -> 10 Jun = 70, D 14 Apr -> 2 Jun = 49, E 20 Apr -> 20 May = 30,
    # H 12 May -> 20 Jun = 39: 188 / 4 = 47.0
    assert f.lead_time_days == 188
    assert f.mean_lead_time_days == 47.0


def test_quarter_breakdowns_count_received_per_partner_category_channel() -> None:
    f = quarter_figures(register(), Q2, partners=["zorgthuis", "vervoer", "thuiszorg-west"])
    # zorgthuis: C E F H; vervoer: D H; no partner: G; thuiszorg-west has none.
    assert f.by_partner == (
        ("zorgthuis", 4),
        ("vervoer", 2),
        (NO_PARTNER, 1),
        ("thuiszorg-west", 0),
    )
    assert f.by_category == (
        ("kwaliteit", 2),  # C F
        ("bejegening", 1),
        ("communicatie", 1),
        ("toegang", 1),
        ("vervoer", 1),
    )
    assert f.by_channel == (
        ("telefoon", 1),
        ("loket", 1),
        ("brief", 1),
        ("webformulier", 1),
        ("email", 2),
    )
    assert f.by_handler == (("gemeente", 4), ("partner", 2))
    assert f.by_verdict == (
        ("gegrond", 0),
        ("deels-gegrond", 1),
        ("ongegrond", 1),
        ("geen-oordeel", 0),
        ("informeel-opgelost", 0),
        (NO_VERDICT, 2),  # E (feedback without verdict), H (withdrawn)
    )


def test_quarter_figures_q1_and_q3_see_the_boundary_dates_on_the_right_side() -> None:
    q1 = quarter_figures(register(), Q1)
    assert (q1.received, q1.closed, q1.open_at_end) == (2, 1, 1)  # A B; A; B
    assert q1.contact_on_time_pct == 100.0
    assert q1.closed_on_time_pct == 100.0
    assert q1.mean_lead_time_days == 26.0  # 15 Jan -> 10 Feb
    q3 = quarter_figures(register(), Q3)
    assert (q3.received, q3.closed, q3.open_at_end) == (0, 1, 2)  # -; B; F G
    assert q3.closed_on_time_pct == 0.0  # B: 1 July after 1 May


def test_quarter_without_complaints_has_no_percentages() -> None:
    f = quarter_figures(register(), Quarter(2025, 3), categories=["kwaliteit"])
    assert (f.received, f.closed, f.open_at_end) == (0, 0, 0)
    assert f.contact_on_time_pct is None
    assert f.closed_on_time_pct is None
    assert f.mean_lead_time_days is None
    assert f.by_category == (("kwaliteit", 0),)
    assert dict(f.key_figures())["Contact tijdig (%)"] is None


def test_key_figures_are_the_summary_rows_in_report_order() -> None:
    f = quarter_figures(register(), Q2)
    assert f.key_figures() == (
        ("Ontvangen", 6),
        ("Afgehandeld", 4),
        ("Open einde kwartaal", 3),
        ("Contact tijdig (%)", 66.7),
        ("Binnen termijn (%)", 66.7),
        ("Verdaagd", 1),
        ("Tevreden", 1),
        ("Niet tevreden", 1),
        ("Tevredenheid onbekend", 2),
        ("Gemiddelde doorlooptijd (dagen)", 47.0),
        ("Niet behandeld (Awb 9:8)", 0),
        ("Ingetrokken", 1),
    )


def test_partner_filter_keeps_complaints_that_concern_the_partner() -> None:
    numbers = [c.number for c in for_partner(register(), "vervoer")]
    assert numbers == ["K-2026-0004", "K-2026-0008"]
    assert list(for_partner(register(), "thuiszorg-west")) == []
    f = quarter_figures(for_partner(register(), "vervoer"), Q2)
    assert (f.received, f.closed, f.open_at_end) == (2, 2, 0)


# --------------------------------------------------------------------------------------------
# The Klachten sheet


def test_quarter_rows_are_received_closed_or_open_at_end_oldest_first() -> None:
    rows = quarter_rows(register(), Q2)
    assert [c.number for c in rows] == [
        "K-2026-0002",  # open at the end of Q2
        "K-2026-0003",
        "K-2026-0004",
        "K-2026-0005",
        "K-2026-0006",
        "K-2026-0008",
        "K-2026-0007",  # 30 June
    ]
    assert [c.number for c in quarter_rows(register(), Q3)] == [
        "K-2026-0002",  # closed in Q3
        "K-2026-0006",
        "K-2026-0007",
    ]


def test_complaint_row_judges_status_and_lateness_at_the_end_of_the_quarter() -> None:
    by_number = {c.number: c for c in register()}
    header = COMPLAINT_HEADERS
    b = dict(zip(header, complaint_row(by_number["K-2026-0002"], Q2), strict=True))
    assert b["Status"] == "open"  # it was still open on 30 June ...
    assert b["Afgehandeld op"] == date(2026, 7, 1)  # ... and closed a day later, late
    assert b["Binnen termijn"] == "nee"
    f = dict(zip(header, complaint_row(by_number["K-2026-0006"], Q2), strict=True))
    assert (f["Status"], f["Behandelaar"], f["Binnen termijn"]) == ("open", "zorgthuis", "nee")
    assert f["Contact tijdig"] is None  # a partner's contact is not chased
    g = dict(zip(header, complaint_row(by_number["K-2026-0007"], Q2), strict=True))
    assert (g["Ketenpartner"], g["Contact tijdig"], g["Binnen termijn"]) == ("", None, None)
    e = dict(zip(header, complaint_row(by_number["K-2026-0005"], Q2), strict=True))
    assert e["Status"] == "afgehandeld door ketenpartner"
    c = dict(zip(header, complaint_row(by_number["K-2026-0003"], Q2), strict=True))
    assert (c["Verdaagd"], c["Contact tijdig"], c["Binnen termijn"]) == (4, "ja", "ja")
    h = dict(zip(header, complaint_row(by_number["K-2026-0008"], Q2), strict=True))
    assert (h["Ketenpartner"], h["Status"]) == ("zorgthuis, vervoer", "ingetrokken")


def test_complaint_row_has_personal_data_only_when_asked() -> None:
    c = replace(register()[0], complainant_name="Jan", description="Te laat")
    assert len(complaint_row(c, Q1)) == len(COMPLAINT_HEADERS)
    row = complaint_row(c, Q1, include_personal=True)
    assert dict(zip(COMPLAINT_HEADERS + PERSONAL_HEADERS, row, strict=True))["Klager"] == "Jan"
    assert "Jan" not in complaint_row(c, Q1)


# --------------------------------------------------------------------------------------------
# Ombudsman items


def item(
    n: int, type: str, received: date, deadline: date, answered: date | None, **kw: Any
) -> OmbudsmanFacts:
    facts: dict[str, Any] = {"complaint": None, "partner": None, "via_partner": False, **kw}
    return OmbudsmanFacts(n, type, f"OMA-{n}", received, deadline, answered, **facts)


def ombudsman() -> list[OmbudsmanFacts]:
    return [
        item(1, "informatievraag", date(2026, 2, 1), date(2026, 3, 1), date(2026, 2, 20)),
        item(2, "klacht", date(2026, 5, 1), date(2026, 6, 1), date(2026, 6, 10), partner="vervoer"),
        item(3, "interventieverzoek", date(2025, 12, 15), date(2026, 1, 15), date(2026, 1, 10)),
        # Received in Q1 and answered in Q2, about a complaint of vervoer.
        item(
            4,
            "klacht",
            date(2026, 3, 20),
            date(2026, 4, 20),
            date(2026, 4, 15),
            complaint="K-2026-0004",
        ),
        item(5, "klacht", date(2026, 6, 20), date(2026, 7, 20), None),
    ]


def test_ombudsman_items_received_or_answered_in_the_quarter() -> None:
    assert [i.id for i in ombudsman_in_quarter(ombudsman(), Q2)] == [4, 2, 5]
    # vervoer: item 2 names it, item 4 is about its complaint K-2026-0004.
    mine = ombudsman_in_quarter(
        ombudsman(), Q2, partner="vervoer", partner_complaints={"K-2026-0004"}
    )
    assert [i.id for i in mine] == [4, 2]


# --------------------------------------------------------------------------------------------
# Annual overview


def test_annual_figures_2026() -> None:
    year = annual_figures(register(), ombudsman(), 2026, ombudsman_types=["eigen-onderzoek"])
    t = year.totals
    assert (t.received, t.closed, t.open_at_end) == (8, 6, 2)  # all; A B C D E H; F G
    # Contact: A B C H in time, D late -> 4/5. Deadlines: A C E in time, B D late -> 3/5
    # (H was withdrawn: not judged).
    assert t.contact_on_time_pct == 80.0
    assert t.closed_on_time_pct == 60.0
    assert t.extended == 1
    assert (t.satisfied, t.not_satisfied, t.satisfaction_unknown) == (2, 2, 2)
    # A 26 + B 103 (20 Mar -> 1 Jul) + C 70 + D 49 + E 30 + H 39 = 317; 317 / 6 = 52.83
    assert t.mean_lead_time_days == 52.8
    assert [(q.label, f.received, f.closed) for q, f in year.quarters] == [
        ("2026-Q1", 2, 1),
        ("2026-Q2", 6, 4),
        ("2026-Q3", 0, 1),
        ("2026-Q4", 0, 0),
    ]
    # Received in 2026: 1, 2, 4, 5 (3 came in 2025). Answered in 2026: 1, 2, 3, 4; late: 2.
    assert year.ombudsman_by_type == (
        ("klacht", 3),
        ("informatievraag", 1),
        ("eigen-onderzoek", 0),
    )
    assert (year.ombudsman_answered, year.ombudsman_answered_on_time) == (4, 3)


def test_annual_dict_is_json_without_partners_or_free_text() -> None:
    private = replace(
        register()[2],
        complainant_name="Marietje Jansen",
        complainant_email="m.jansen@example.org",
        complainant_phone="0612345678",
        client="Kees Jansen",
        description="Heel persoonlijk verhaal",
        complainant_key="P-3f2a9c",
    )
    data = annual_figures([private, *register()[3:]], ombudsman(), 2026).to_dict()
    text = json.dumps(data)
    for secret in (
        "Marietje",
        "m.jansen",
        "0612345678",
        "Kees",
        "persoonlijk",
        "P-3f2a9c",
        "Excuses",  # the measure is free text
        "zorgthuis",  # partners are not published
    ):
        assert secret not in text
    assert data["jaar"] == 2026
    assert data["ontvangen"] == 6
    assert data["open_einde_jaar"] == 2
    quarters: Any = data["per_kwartaal"]
    assert quarters[1] == {"kwartaal": "2026-Q2", "ontvangen": 6, "afgehandeld": 4}
    second_line: Any = data["ombudsman"]
    assert second_line["per_soort"] == {"klacht": 3, "informatievraag": 1}
    assert data["van"] == "2026-01-01"
