"""The lifecycle table (SPEC §4) and the one answer to "which start and extension apply"."""

from __future__ import annotations

from datetime import date

import pytest

from klachtcli.domain.calendar import KNOWN_ATW_DAYS, Calendar
from klachtcli.domain.complaint import CLOSED, FORWARDED, REGISTERED
from klachtcli.domain.deadlines import (
    CONTACT,
    HANDLING,
    START_FORWARD,
    START_RECEIPT,
    START_REOPEN,
    TermFacts,
    complaint_terms,
)
from klachtcli.domain.lifecycle import CLOSING, STEPS, transition
from klachtcli.errors import InputError

CAL = Calendar(atw_days=KNOWN_ATW_DAYS)


@pytest.mark.parametrize(
    ("step", "phase", "handler", "after"),
    [
        ("doorsturen", REGISTERED, "gemeente", FORWARDED),
        ("afhandelen", REGISTERED, "gemeente", CLOSED),
        ("terugkoppeling", FORWARDED, "partner", CLOSED),
        ("niet-behandelen", FORWARDED, "partner", CLOSED),
        ("intrekken", REGISTERED, "gemeente", CLOSED),
        ("heropenen", CLOSED, "gemeente", REGISTERED),
        ("heropenen", CLOSED, "partner", FORWARDED),
        ("contact", FORWARDED, "partner", FORWARDED),
        ("verdagen", REGISTERED, "gemeente", REGISTERED),
        ("notitie", CLOSED, "gemeente", CLOSED),
        ("tevredenheid", CLOSED, "partner", CLOSED),
    ],
)
def test_each_step_leads_to_its_phase(step: str, phase: str, handler: str, after: str) -> None:
    assert transition(step, phase, handler, "K-2026-0001") == after


def test_a_step_outside_its_phases_is_refused_with_what_is_possible() -> None:
    with pytest.raises(InputError, match="Nu mogelijk: heropenen, tevredenheid"):
        transition("verdagen", CLOSED, "gemeente", "K-2026-0001")


def test_the_closing_steps_are_the_steps_that_lead_to_closed() -> None:
    assert {name for name, step in STEPS.items() if step.leads_to == CLOSED} == set(CLOSING)


def test_every_phase_can_be_left_or_kept_by_some_step() -> None:
    for phase in (REGISTERED, FORWARDED, CLOSED):
        assert any(phase in step.start for step in STEPS.values())


# -- complaint_terms: which start and extension apply --------------------------------------


def test_terms_run_from_receipt() -> None:
    terms = complaint_terms(CAL, TermFacts(received=date(2026, 4, 24)))
    assert (terms.start, terms.started_by, terms.restarted) == (
        date(2026, 4, 24),
        START_RECEIPT,
        False,
    )
    assert terms.current(CONTACT)[0] == date(2026, 5, 4)  # Koningsdag skipped (SPEC §3)


def test_forwarding_restarts_the_terms_without_the_gemeentes_extension() -> None:
    terms = complaint_terms(
        CAL,
        TermFacts(
            received=date(2026, 4, 24),
            forwarded_on=date(2026, 4, 28),
            extension_weeks=2,
            stored_start=date(2026, 4, 24),
            stored={HANDLING: (date(2026, 6, 19), "oud")},
        ),
    )
    assert (terms.start, terms.started_by, terms.extension_weeks) == (
        date(2026, 4, 28),
        START_FORWARD,
        0,
    )
    assert terms.restarted and terms.kept == {}
    assert terms.current(HANDLING) == (
        date(2026, 6, 9),
        "6 weken na doorsturen (Awb 9:11 lid 1, Atw art. 1)",
    )


def test_new_facts_restart_the_terms_from_the_reopening() -> None:
    terms = complaint_terms(
        CAL,
        TermFacts(
            received=date(2026, 3, 2),
            forwarded_on=date(2026, 3, 3),
            reopened_on=date(2026, 6, 1),
            extension_weeks=3,
            stored_start=date(2026, 3, 3),
        ),
    )
    assert (terms.start, terms.started_by, terms.extension_weeks) == (
        date(2026, 6, 1),
        START_REOPEN,
        0,
    )
    assert terms.current(CONTACT) == (
        date(2026, 6, 8),
        "5 werkdagen na heropenen met nieuwe feiten (WA §6)",
    )
    assert terms.current(HANDLING)[0] == date(2026, 7, 13)


def test_forwarding_after_new_facts_runs_from_the_forwarding() -> None:
    terms = complaint_terms(
        CAL,
        TermFacts(
            received=date(2026, 3, 2), reopened_on=date(2026, 6, 1), forwarded_on=date(2026, 6, 3)
        ),
    )
    assert (terms.start, terms.started_by) == (date(2026, 6, 3), START_FORWARD)


def test_extension_applies_while_the_start_stays() -> None:
    terms = complaint_terms(
        CAL,
        TermFacts(received=date(2026, 4, 13), extension_weeks=4, stored_start=date(2026, 4, 13)),
    )
    assert terms.current(HANDLING)[0] == date(2026, 6, 22)  # SPEC §3 worked example


def test_a_made_contact_keeps_its_term_when_the_calendar_changes() -> None:
    closure = Calendar(atw_days=KNOWN_ATW_DAYS, closure_days={date(2026, 11, 25): "Studiedag"})
    facts = TermFacts(
        received=date(2026, 11, 20),
        contact_on=date(2026, 11, 24),
        stored_start=date(2026, 11, 20),
        stored={
            CONTACT: (date(2026, 11, 27), "5 werkdagen na ontvangst (WA §6)"),
            HANDLING: (date(2027, 1, 4), "6 weken na ontvangst (Awb 9:11 lid 1, Atw art. 1)"),
        },
    )
    terms = complaint_terms(closure, facts)
    assert terms.current(CONTACT)[0] == date(2026, 11, 27)
    assert terms.recalculated(CONTACT) == date(2026, 11, 30)
    assert HANDLING not in terms.kept  # still open: the handling term follows the calendar


def test_a_closed_complaint_keeps_every_term_it_was_judged_against() -> None:
    facts = TermFacts(
        received=date(2026, 11, 20),
        closed=True,
        stored_start=date(2026, 11, 20),
        stored={
            CONTACT: (date(2026, 11, 27), "r"),
            HANDLING: (date(2027, 1, 1), "r"),
        },
    )
    terms = complaint_terms(CAL, facts)
    assert set(terms.kept) == {CONTACT, HANDLING}
    assert terms.current(HANDLING) == (date(2027, 1, 1), "r")
    assert terms.recalculated(CONTACT) is None
