"""The structural signals of ``klacht analyse`` (WA §5b, §11), on a hand-built register.

Counts per partner × category in 2025-Q4 / 2026-Q1 / 2026-Q2, by construction:

    zorgthuis  kwaliteit  1  2  3   rises two quarters in a row
    vervoer    vervoer    2  1  3   falls, then rises: no two-quarter rise
    (gemeente) toegang    1  2  3   rises, but is not a partner
    zorgthuis  levering   0  0  1   } one complaint about both partners
    vervoer    levering   0  0  1   }
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from tests.factories import complaint_facts

from klachtcli.domain.report import NO_PARTNER, ComplaintFacts, Quarter
from klachtcli.domain.signals import (
    GROWING_CATEGORY,
    REPEATED_COMPLAINANT,
    RISING_PARTNER,
    analyse,
    default_window,
    one_year_after,
    quarter_analysis,
)

Q4_2025, Q1, Q2 = Quarter(2025, 4), Quarter(2026, 1), Quarter(2026, 2)
VAN, TOT = date(2025, 10, 1), date(2026, 6, 30)


def complaint(
    n: int, received: date, partners: tuple[str, ...], category: str, **facts: Any
) -> ComplaintFacts:
    return complaint_facts(
        f"K-{received.year}-{n:04d}", received, partners=partners, category=category, **facts
    )


ZORG, VERVOER, NONE = ("zorgthuis",), ("vervoer",), ()


def register() -> list[ComplaintFacts]:
    return [
        complaint(1, date(2025, 11, 10), ZORG, "kwaliteit", complainant_key="P-aaa"),
        complaint(2, date(2026, 2, 5), ZORG, "kwaliteit"),
        complaint(3, date(2026, 3, 15), ZORG, "kwaliteit", complainant_key="P-ccc"),
        complaint(4, date(2026, 4, 10), ZORG, "kwaliteit"),
        complaint(5, date(2026, 5, 20), ZORG, "kwaliteit"),
        complaint(
            6, date(2026, 6, 30), ZORG, "kwaliteit", complainant_key="P-aaa", complainant_name="Jan"
        ),
        complaint(7, date(2025, 10, 5), VERVOER, "vervoer"),
        complaint(8, date(2025, 12, 1), VERVOER, "vervoer"),
        complaint(9, date(2026, 1, 20), VERVOER, "vervoer", complainant_key="P-ddd"),
        complaint(10, date(2026, 4, 2), VERVOER, "vervoer"),
        complaint(11, date(2026, 5, 5), VERVOER, "vervoer"),
        complaint(12, date(2026, 6, 6), VERVOER, "vervoer"),
        complaint(13, date(2025, 12, 24), NONE, "toegang"),
        complaint(14, date(2026, 1, 10), NONE, "toegang", complainant_key="P-ccc"),
        complaint(15, date(2026, 3, 31), NONE, "toegang"),
        complaint(16, date(2026, 4, 1), NONE, "toegang"),
        complaint(17, date(2026, 4, 15), NONE, "toegang"),
        complaint(18, date(2026, 6, 10), NONE, "toegang"),
        complaint(19, date(2026, 5, 15), ZORG + VERVOER, "levering", complainant_key="P-ccc"),
        # Outside the period: not counted anywhere.
        complaint(20, date(2025, 9, 30), ZORG, "kwaliteit", complainant_key="P-aaa"),
    ]


def kinds(signals: Any, kind: str) -> list[Any]:
    return [s for s in signals if s.kind == kind]


def test_counts_per_partner_and_category_with_the_change_from_the_previous_quarter() -> None:
    result = analyse(register(), van=VAN, tot=TOT)
    q2 = {
        (c.partner, c.category): (c.count, c.previous, c.change)
        for c in result.counts
        if c.quarter == Q2
    }
    assert q2 == {
        ("zorgthuis", "kwaliteit"): (3, 2, 1),
        ("vervoer", "vervoer"): (3, 1, 2),
        (NO_PARTNER, "toegang"): (3, 2, 1),
        ("zorgthuis", "levering"): (1, 0, 1),
        ("vervoer", "levering"): (1, 0, 1),
    }
    # 2025-Q3 lies outside the period, so the first quarter has nothing to compare with.
    q4 = {
        (c.partner, c.category): (c.count, c.previous)
        for c in result.counts
        if c.quarter == Q4_2025
    }
    assert q4 == {
        ("zorgthuis", "kwaliteit"): (1, None),
        ("vervoer", "vervoer"): (2, None),
        (NO_PARTNER, "toegang"): (1, None),
    }
    assert [s.quarter for s in result.quarters] == [Q4_2025, Q1, Q2]
    assert all(s.complete for s in result.quarters)


def test_categories_that_grow_from_one_quarter_to_the_next() -> None:
    signals = kinds(analyse(register(), van=VAN, tot=TOT, minimum=1).signals, GROWING_CATEGORY)
    # Totals per category (a complaint about two partners counts once):
    # kwaliteit 1 2 3, vervoer 2 1 3, toegang 1 2 3, levering 0 0 1.
    assert {(s.quarter.label, s.category, s.counts) for s in signals} == {
        ("2026-Q1", "kwaliteit", (1, 2)),
        ("2026-Q1", "toegang", (1, 2)),
        ("2026-Q2", "kwaliteit", (2, 3)),
        ("2026-Q2", "vervoer", (1, 3)),
        ("2026-Q2", "toegang", (2, 3)),
        ("2026-Q2", "levering", (0, 1)),
    }


def test_growth_needs_the_minimum_count_and_says_so() -> None:
    # The default minimum is 3: a rise to 1 or 2 complaints is not listed.
    signals = kinds(analyse(register(), van=VAN, tot=TOT).signals, GROWING_CATEGORY)
    assert {(s.quarter.label, s.category, s.counts) for s in signals} == {
        ("2026-Q2", "kwaliteit", (2, 3)),
        ("2026-Q2", "vervoer", (1, 3)),
        ("2026-Q2", "toegang", (2, 3)),
    }
    vervoer = next(s for s in signals if s.category == "vervoer")
    assert vervoer.reason == (
        "Categorie 'vervoer' groeit: 3 klachten in 2026-Q2 tegen 1 in 2026-Q1 (+2), en dat is "
        "minstens het signaalminimum van 3 klachten."
    )
    two = kinds(analyse(register(), van=VAN, tot=TOT, minimum=2).signals, GROWING_CATEGORY)
    assert {(s.quarter.label, s.category) for s in two} == {
        ("2026-Q1", "kwaliteit"),
        ("2026-Q1", "toegang"),
        ("2026-Q2", "kwaliteit"),
        ("2026-Q2", "vervoer"),
        ("2026-Q2", "toegang"),
    }
    assert kinds(analyse(register(), van=VAN, tot=TOT, minimum=4).signals, RISING_PARTNER) == []
    # Every signal is one sentence.
    for signal in analyse(register(), van=VAN, tot=TOT, minimum=1).signals:
        assert signal.reason.endswith(".") and signal.reason.count(". ") == 0, signal.reason


def test_partner_whose_category_rises_two_quarters_in_a_row() -> None:
    signals = kinds(analyse(register(), van=VAN, tot=TOT).signals, RISING_PARTNER)
    assert [(s.partner, s.category, s.quarter, s.counts) for s in signals] == [
        ("zorgthuis", "kwaliteit", Q2, (1, 2, 3))
    ]
    assert signals[0].reason == (
        "Klachten over ketenpartner 'zorgthuis' in categorie 'kwaliteit' stijgen twee "
        "kwartalen op rij: 1 in 2025-Q4, 2 in 2026-Q1, 3 in 2026-Q2, en dat is minstens het "
        "signaalminimum van 3 klachten."
    )


def test_complainants_with_two_or_more_complaints_within_twelve_months() -> None:
    signals = kinds(analyse(register(), van=VAN, tot=TOT).signals, REPEATED_COMPLAINANT)
    found = {s.complainant_key: (s.quarter, s.complaints, s.counts) for s in signals}
    assert found == {
        # 10 Nov 2025 and 30 Jun 2026; the one of 30 Sep 2025 lies before the period.
        "P-aaa": (Q2, ("K-2025-0001", "K-2026-0006"), (2,)),
        # 10 Jan, 15 Mar, 15 May 2026.
        "P-ccc": (Q2, ("K-2026-0014", "K-2026-0003", "K-2026-0019"), (3,)),
    }
    ccc = next(s for s in signals if s.complainant_key == "P-ccc")
    assert ccc.reason == (
        "3 klachten van dezelfde klager/cliënt binnen 12 maanden (ontvangen 10-01-2026 t/m "
        "15-05-2026): K-2026-0014, K-2026-0003, K-2026-0019; herhaalde klachten kunnen op een "
        "structureel probleem wijzen."
    )


def test_twelve_months_means_less_than_a_year_apart() -> None:
    exactly_a_year = [
        complaint(1, date(2025, 5, 1), ZORG, "kwaliteit", complainant_key="P-bbb"),
        complaint(2, date(2026, 5, 1), ZORG, "kwaliteit", complainant_key="P-bbb"),
    ]
    result = analyse(exactly_a_year, van=date(2025, 1, 1), tot=date(2026, 12, 31))
    assert kinds(result.signals, REPEATED_COMPLAINANT) == []
    a_day_less = [replace(exactly_a_year[0], received=date(2025, 5, 2)), exactly_a_year[1]]
    result = analyse(a_day_less, van=date(2025, 1, 1), tot=date(2026, 12, 31))
    assert len(kinds(result.signals, REPEATED_COMPLAINANT)) == 1
    assert one_year_after(date(2024, 2, 29)) == date(2025, 2, 28)


def test_only_the_pseudonymous_reference_leaves_the_analysis() -> None:
    text = json.dumps(analyse(register(), van=VAN, tot=TOT).to_dict())
    assert "P-aaa" in text
    assert "Jan" not in text


def test_partner_filter_counts_only_that_partner() -> None:
    result = analyse(register(), van=VAN, tot=TOT, partner="vervoer", minimum=1)
    assert {c.partner for c in result.counts} == {"vervoer"}
    # vervoer's own complaints per category: vervoer 2 1 3, levering 0 0 1.
    growing = kinds(result.signals, GROWING_CATEGORY)
    assert {(s.quarter, s.category) for s in growing} == {(Q2, "vervoer"), (Q2, "levering")}
    assert kinds(result.signals, RISING_PARTNER) == []
    # P-ccc has one complaint about vervoer only.
    assert kinds(result.signals, REPEATED_COMPLAINANT) == []


def test_a_partial_first_quarter_is_not_compared() -> None:
    result = analyse(register(), van=date(2025, 11, 1), tot=TOT, minimum=1)
    assert [s.complete for s in result.quarters] == [False, True, True]
    assert {s.quarter for s in kinds(result.signals, GROWING_CATEGORY)} == {Q2}
    assert kinds(result.signals, RISING_PARTNER) == []
    assert all(c.previous is None for c in result.counts if c.quarter == Q1)


def test_a_partial_last_quarter_shows_a_rise_it_already_has() -> None:
    # Up to 10 May: kwaliteit 1 (was 2), vervoer 2 (was 1), toegang 2 (was 2), levering 0.
    result = analyse(register(), van=VAN, tot=date(2026, 5, 10), minimum=2)
    growing = [s for s in kinds(result.signals, GROWING_CATEGORY) if s.quarter == Q2]
    assert [(s.category, s.counts) for s in growing] == [("vervoer", (1, 2))]
    assert growing[0].reason == (
        "Categorie 'vervoer' groeit: 2 klachten in 2026-Q2 (stand t/m 10-05-2026) tegen 1 in "
        "2026-Q1 (+1), en dat is minstens het signaalminimum van 2 klachten."
    )
    assert result.quarters[-1].to_dict() == {
        "kwartaal": "2026-Q2",
        "van": "2026-04-01",
        "tot": "2026-05-10",
        "volledig": False,
    }


def test_period_the_wrong_way_round_is_refused_in_dutch() -> None:
    with pytest.raises(ValueError, match="De begindatum 01-07-2026 ligt na de einddatum"):
        analyse(register(), van=date(2026, 7, 1), tot=TOT)


def test_to_dict_is_json_with_iso_dates_and_snake_case_keys() -> None:
    data = json.loads(json.dumps(analyse(register(), van=VAN, tot=TOT).to_dict()))
    assert (data["van"], data["tot"], data["partner"]) == ("2025-10-01", "2026-06-30", None)
    assert set(data) == {"van", "tot", "partner", "kwartalen", "aantallen", "signalen"}
    assert {
        "kwartaal": "2026-Q2",
        "partner": "vervoer",
        "categorie": "vervoer",
        "aantal": 3,
        "vorig_kwartaal": 1,
        "verandering": 2,
    } in data["aantallen"]
    rising = [s for s in data["signalen"] if s["soort"] == RISING_PARTNER]
    assert rising == [
        {
            "soort": "ketenpartner-stijgt",
            "kwartaal": "2026-Q2",
            "partner": "zorgthuis",
            "categorie": "kwaliteit",
            "klager_ref": None,
            "klachten": [],
            "aantallen": [1, 2, 3],
            "reden": rising[0]["reden"],
        }
    ]


def test_quarter_analysis_looks_back_a_year_and_keeps_only_the_quarter() -> None:
    earlier = complaint(21, date(2025, 8, 1), VERVOER, "vervoer", complainant_key="P-eee")
    later = complaint(22, date(2026, 4, 15), VERVOER, "vervoer", complainant_key="P-eee")
    result = quarter_analysis([*register(), earlier, later], Q2)
    assert [s.quarter for s in result.quarters] == [Q2]
    assert {c.quarter for c in result.counts} == {Q2}
    assert {s.quarter for s in result.signals} == {Q2}
    repeated = {s.complainant_key for s in kinds(result.signals, REPEATED_COMPLAINANT)}
    assert repeated == {"P-aaa", "P-ccc", "P-eee"}
    # P-aaa's complaint of 30 Sep 2025 is now inside the year looked back on.
    aaa = next(s for s in result.signals if s.complainant_key == "P-aaa")
    assert aaa.counts == (3,)


def test_default_window_is_the_current_and_four_previous_quarters() -> None:
    assert default_window(date(2026, 5, 10)) == (date(2025, 4, 1), date(2026, 5, 10))
