"""The deadlines of SPEC §3, including its worked examples."""

from __future__ import annotations

from datetime import date

import pytest

from klachtcli.domain.calendar import KNOWN_ATW_DAYS, Calendar
from klachtcli.domain.deadlines import (
    CONTACT_WORKING_DAYS,
    HANDLING_WEEKS,
    MAX_EXTENSION_WEEKS,
    NOT_HANDLING_WEEKS,
    check_extension,
    compute_deadlines,
    is_overdue,
    working_days_left,
)

CAL = Calendar(atw_days=KNOWN_ATW_DAYS)


def due(start: date, kind: str, extension_weeks: int = 0) -> date:
    return compute_deadlines(CAL, start=start, extension_weeks=extension_weeks)[kind].due


def test_constants_match_the_rules() -> None:
    assert CONTACT_WORKING_DAYS == 5  # WA §6
    assert HANDLING_WEEKS == 6  # Awb 9:11 lid 1
    assert MAX_EXTENSION_WEEKS == 4  # Awb 9:11 lid 2
    assert NOT_HANDLING_WEEKS == 4  # Awb 9:8 lid 3


# SPEC §3 worked examples.


def test_spec_contact_across_koningsdag() -> None:
    assert due(date(2026, 4, 24), "contact") == date(2026, 5, 4)


def test_spec_contact_across_5_mei() -> None:
    assert due(date(2026, 4, 28), "contact") == date(2026, 5, 6)


def test_spec_handling_on_5_mei() -> None:
    assert due(date(2026, 3, 24), "afhandeling") == date(2026, 5, 6)


def test_spec_handling_on_tweede_pinksterdag_and_with_extension() -> None:
    assert due(date(2026, 4, 13), "afhandeling") == date(2026, 5, 26)
    assert due(date(2026, 4, 13), "afhandeling", extension_weeks=4) == date(2026, 6, 22)


def test_default_deadlines_and_rules() -> None:
    deadlines = compute_deadlines(CAL, start=date(2026, 4, 24))
    assert list(deadlines) == ["contact", "afhandeling"]
    contact, handling = deadlines["contact"], deadlines["afhandeling"]
    assert (contact.kind, contact.due) == ("contact", date(2026, 5, 4))
    assert contact.rule == "5 werkdagen na ontvangst (WA §6)"
    assert contact.derivation.start == date(2026, 4, 24)
    # Fri + 6 weeks = Fri 05-06-2026, an ordinary day.
    assert (handling.kind, handling.due) == ("afhandeling", date(2026, 6, 5))
    assert handling.rule == "6 weken na ontvangst (Awb 9:11 lid 1, Atw art. 1)"
    assert handling.derivation.term == "6 weken"


def test_extension_rule_names_the_extension() -> None:
    handling = compute_deadlines(CAL, start=date(2026, 4, 13), extension_weeks=2)["afhandeling"]
    # 13-04 + 8 weeks = Mon 08-06-2026.
    assert handling.due == date(2026, 6, 8)
    assert handling.rule == (
        "6 weken na ontvangst + 2 weken verdaging (Awb 9:11 lid 1 en 2, Atw art. 1)"
    )
    assert handling.derivation.term == "8 weken"


def test_further_extension_with_consent() -> None:
    handling = compute_deadlines(CAL, start=date(2026, 4, 13), extension_weeks=6)["afhandeling"]
    # 13-04 + 12 weeks = Mon 06-07-2026.
    assert handling.due == date(2026, 7, 6)
    assert handling.rule == (
        "6 weken na ontvangst + 4 weken verdaging + 2 weken met instemming klager "
        "(Awb 9:11 lid 1, 2 en 3, Atw art. 1)"
    )


def test_extension_moves_past_atw_day() -> None:
    # Fri 03-04-2026 + 6 weeks = Fri 15-05, vrijdag na Hemelvaartsdag -> Mon 18-05.
    handling = compute_deadlines(CAL, start=date(2026, 4, 3))["afhandeling"]
    assert handling.due == date(2026, 5, 18)
    assert handling.derivation.raw_end == date(2026, 5, 15)


def test_not_handling_deadline_only_when_asked() -> None:
    deadlines = compute_deadlines(CAL, start=date(2026, 4, 17), not_handling=True)
    notice = deadlines["niet-behandelen"]
    # Fri 17-04 + 4 weeks = Fri 15-05, atw-gelijkgesteld -> Mon 18-05.
    assert notice.due == date(2026, 5, 18)
    assert notice.rule == "4 weken na ontvangst (Awb 9:8 lid 3, Atw art. 1)"
    assert [s.day for s in notice.derivation.skipped] == [
        date(2026, 5, 15),
        date(2026, 5, 16),
        date(2026, 5, 17),
    ]


def test_deadlines_run_from_the_given_start() -> None:
    # A partner's deadlines run from the forward date (Mon 04-05-2026), not the receipt:
    # Tue 5 mei skipped, Wed 6 (1) .. Mon 11 (4), Tue 12 (5); + 6 weeks = Mon 15-06.
    deadlines = compute_deadlines(CAL, start=date(2026, 5, 4))
    assert deadlines["contact"].due == date(2026, 5, 12)
    assert deadlines["afhandeling"].due == date(2026, 6, 15)


def test_negative_extension_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        compute_deadlines(CAL, start=date(2026, 4, 13), extension_weeks=-1)


@pytest.mark.parametrize(
    ("current", "extra", "consent"),
    [(0, 4, False), (0, 1, False), (3, 1, False), (4, 2, True), (0, 8, True)],
)
def test_allowed_extensions(current: int, extra: int, consent: bool) -> None:
    assert check_extension(current, extra, consent) is None


def test_extension_beyond_4_weeks_without_consent_is_refused() -> None:
    message = check_extension(2, 3, consent=False)
    assert message is not None
    assert "5 weken" in message
    assert "al verdaagd: 2 weken" in message
    assert "instemming" in message
    assert "Awb 9:11" in message
    assert check_extension(0, 5, consent=False) is not None
    assert check_extension(4, 1, consent=False) is not None


@pytest.mark.parametrize("extra", [0, -1])
def test_extension_must_be_at_least_a_week(extra: int) -> None:
    message = check_extension(0, extra, consent=True)
    assert message is not None
    assert "1 week" in message


def test_working_days_left_and_over() -> None:
    # SPEC §5: peildatum 06-05-2026, deadline 04-05-2026, 5 mei no working day -> -1.
    assert working_days_left(CAL, date(2026, 5, 6), date(2026, 5, 4)) == -1
    assert working_days_left(CAL, date(2026, 4, 24), date(2026, 5, 4)) == 5
    assert working_days_left(CAL, date(2026, 5, 4), date(2026, 5, 4)) == 0


def test_overdue_only_after_the_due_date() -> None:
    assert not is_overdue(date(2026, 5, 4), date(2026, 5, 4))
    assert not is_overdue(date(2026, 5, 3), date(2026, 5, 4))
    assert is_overdue(date(2026, 5, 5), date(2026, 5, 4))
