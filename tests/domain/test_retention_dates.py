"""When a dossier is due for purging (WA §9, SPEC §7): the date arithmetic, pinned."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from klachtcli.domain.retention import closed_by, dossier_due, purge_due


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_purge_due_is_the_same_day_years_later_and_29_february_becomes_28() -> None:
    assert purge_due(date(2023, 3, 15), 2) == date(2025, 3, 15)
    assert purge_due(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert purge_due(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert purge_due(date(2023, 12, 31), 2) == date(2025, 12, 31)


def test_purge_due_agrees_with_relativedelta_on_every_day() -> None:
    for day in days(date(2019, 1, 1), date(2029, 12, 31)):
        for years in (2, 3, 7, 30):
            assert purge_due(day, years) == day + relativedelta(years=years), (day, years)


def test_closed_by_never_leaves_out_a_due_dossier_and_is_tight() -> None:
    """The database reads dossiers closed on or before closed_by: every due one is among them,
    and at most one day more than the due ones (the day after 28 February). purge_due only
    grows with the closing day, so the days around the bound tell."""
    for peildatum in days(date(2024, 1, 1), date(2029, 12, 31)):
        for years in (2, 3):
            bound = closed_by(peildatum, years)
            around = days(bound - timedelta(days=10), bound + timedelta(days=10))
            due = [d for d in around if purge_due(d, years) <= peildatum]
            assert due and max(due) <= bound, (peildatum, years)
            assert (bound - max(due)).days <= 1, (peildatum, years)
    assert closed_by(date(2026, 2, 28), 2) == date(2024, 2, 29)  # due on 28-02-2026


def test_dossier_due_runs_from_the_last_answer_to_the_ombudsman() -> None:
    assert dossier_due(date(2024, 5, 1), [], 2) == date(2026, 5, 1)
    assert dossier_due(date(2024, 5, 1), [date(2024, 9, 2), None], 2) == date(2026, 9, 2)
    assert dossier_due(date(2024, 5, 1), [date(2024, 1, 2)], 2) == date(2026, 5, 1)
