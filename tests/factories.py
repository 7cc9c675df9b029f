"""Builders for the plain report records, shared by the domain and workbook tests."""

from dataclasses import replace
from datetime import date
from typing import Any

from klachtcli.domain.report import ComplaintFacts

_BASE = ComplaintFacts(
    number="K-2026-0000",
    received=date(2026, 1, 1),
    channel="email",
    partners=("zorgthuis",),
    category="kwaliteit",
    handler="gemeente",
    handler_partner=None,
    closed_on=None,
    contact_on=None,
    contact_deadline=None,
    handling_deadline=None,
    extension_weeks=0,
    verdict=None,
    satisfied=None,
    measure=None,
    closing_kind=None,
    complainant_key=None,
)


def complaint_facts(number: str, received: date, **facts: Any) -> ComplaintFacts:
    """An open gemeente complaint about zorgthuis by e-mail, with `facts` changed."""
    return replace(_BASE, number=number, received=received, **facts)


def try_step(session: Any, today: date, step: Any, *args: Any, **kwargs: Any) -> bool:
    """Run a use-case step as "tester" on ``today``; one that a random plan makes illegal is
    refused (False) and leaves the register as it was (a savepoint)."""
    from klachtcli.errors import InputError
    from klachtcli.services.audit import Actor

    savepoint = session.begin_nested()
    try:
        step(session, Actor("tester", "test", today), *args, **kwargs)
        savepoint.commit()
        return True
    except InputError:
        savepoint.rollback()
        return False
