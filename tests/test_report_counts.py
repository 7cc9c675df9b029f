"""`rapport --jaar` (the JSON, the publication, the workbook) and `analyse` count in SQL
(services/report_counts.py). Property: on random registers with every kind of complaint
(reopened twice, not handled, withdrawn, from a partner's report, forwarded, extended, over
several years), they give exactly the figures of the earlier path, which loaded every complaint
of the period and counted it in Python (domain annual_figures, partner_figures, analyse)."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select
from tests.conftest import rows
from tests.factories import try_step

from klachtcli.domain.complaint import OMBUDSMAN_TYPES
from klachtcli.domain.partner_report import ReportLine
from klachtcli.domain.report import Quarter, annual_figures, period_figures
from klachtcli.domain.report_tables import (
    AnnualData,
    ReportedFigures,
    partner_figures,
    split_reported,
)
from klachtcli.domain.signals import analyse
from klachtcli.errors import InputError
from klachtcli.services import steps
from klachtcli.services.audit import Actor
from klachtcli.services.calendar import load_calendar
from klachtcli.services.complaints import NewComplaint, register
from klachtcli.services.ombudsman import NewItem, add_item, answer
from klachtcli.services.partner_reports import read_in
from klachtcli.services.partners import get_partner
from klachtcli.services.reports import (
    analysis,
    annual,
    annual_data,
    complaints_touching,
    ombudsman_facts,
)
from klachtcli.services.retention import SIGNAL_MINIMUM, number_setting
from klachtcli.services.terms import terms_of
from klachtcli.store.db import session_scope
from klachtcli.store.models import Category, Partner
from klachtcli.store.target import parse

TODAY = date(2026, 11, 27)
PARTNERS = ("zorgthuis", "vervoer")
# Spellings that the pseudonym takes for the same person (case, spaces) and some that differ.
NAMES = ("Anna de Vries", "anna  de VRIES", "Jan Smit", "Ëlla Ünal", "ëlla ünal")
CLIENTS = (None, None, "C-1", "c-1 ", "")


ON_TIME, LATE = -1, -2


@dataclass(frozen=True)
class Spec:
    age: int
    partners: tuple[str, ...]
    lodged_with: str
    category: str
    channel: str
    name: str
    client: str | None
    forward_after: int | None
    contact_after: int | None
    extend: int | None
    outcome: tuple[str, int] | None
    reopen: tuple[str, int] | None
    outcome_again: tuple[str, int] | None


outcomes = st.none() | st.tuples(
    st.sampled_from(["afhandelen", "niet-behandelen", "intrekken"]),
    # ON_TIME / LATE: on the stored deadline, or the day after it (the boundary)
    st.integers(0, 90) | st.sampled_from([ON_TIME, LATE]),
)
specs = st.builds(
    Spec,
    age=st.integers(0, 1000),
    partners=st.sampled_from([(), ("zorgthuis",), ("vervoer",), PARTNERS]),
    lodged_with=st.sampled_from(["gemeente", "partner", "ombudsman"]),
    category=st.sampled_from(["bejegening", "kwaliteit", "levering"]),
    channel=st.sampled_from(["email", "telefoon"]),
    name=st.sampled_from(NAMES),
    client=st.sampled_from(CLIENTS),
    forward_after=st.none() | st.integers(0, 10),
    contact_after=st.none() | st.integers(0, 15) | st.sampled_from([ON_TIME, LATE]),
    extend=st.none() | st.sampled_from([1, 2, 4]),
    outcome=outcomes,
    reopen=st.none()
    | st.tuples(st.sampled_from(["nieuwe-feiten", "vergissing"]), st.integers(0, 60)),
    outcome_again=outcomes,
)
reported_lines = st.lists(
    st.tuples(
        st.integers(0, 80),  # received, days into the quarter
        st.none() | st.integers(0, 40),  # closed after
        st.sampled_from(["gegrond", "ongegrond", None]),
        st.sampled_from(["ja", "nee", None]),
    ),
    max_size=4,
)


def _try(session: Any, step: Any, *args: Any, **kwargs: Any) -> bool:
    return try_step(session, TODAY, step, *args, **kwargs)


def _outcome(s: Session, number: str, handler: str, outcome: tuple[str, int], at: date) -> bool:
    kind, _ = outcome
    if kind == "niet-behandelen":
        return _try(s, steps.not_handling, number, "eerder-behandeld", at, None)
    if kind == "intrekken":
        return _try(s, steps.withdraw, number, at, None)
    if handler == "partner":
        return _try(
            s,
            steps.feedback,
            number,
            closed_on=at,
            satisfied="nee",
            verdict="gegrond",
            measure="Excuses.",
            attachment=None,
            on=at,
        )
    return _try(
        s,
        steps.close,
        number,
        on=at,
        verdict="ongegrond",
        measure=None,
        satisfied="ja",
        ombudsman_named=True,
    )


def on_deadline(due: date | None, offset: int) -> date | None:
    """The day ON_TIME / LATE asks for, when it is not in the future."""
    if due is None or offset not in (ON_TIME, LATE):
        return None
    day = due + timedelta(days=offset == LATE)
    return day if day <= TODAY else None


def build(path: Any, plan: list[Spec], lines: list[Any], ombudsman: list[tuple[int, int]]) -> None:
    actor = Actor("tester", "test", TODAY)
    with session_scope(parse(path), write=True) as s:
        for n, spec in enumerate(plan):
            received = TODAY - timedelta(days=spec.age)

            def day(offset: int, after: date = received) -> date:
                return min(TODAY, after + timedelta(days=max(0, offset)))

            try:
                c = register(
                    s,
                    actor,
                    NewComplaint(
                        received=received,
                        channel=spec.channel,
                        lodged_with=spec.lodged_with,
                        complainant_name=spec.name,
                        client=spec.client,
                        category=spec.category,
                        description=f"Willekeurig {n}.",
                        partners=list(spec.partners),
                    ),
                ).complaint
            except InputError:
                continue  # e.g. lodged with a partner but about two partners
            number, handler = c.number, c.handler
            if spec.forward_after is not None and spec.partners and handler == "gemeente":
                if _try(s, steps.forward, number, spec.partners[0], day(spec.forward_after)):
                    handler = "partner"
            if spec.contact_after is not None:
                at = on_deadline(c.contact_due, spec.contact_after) or day(spec.contact_after)
                _try(s, steps.contact, number, at, None)
            if spec.extend is not None:
                _try(s, steps.extend, number, spec.extend, "Onderzoek.", day(10), False)
            if spec.outcome is None:
                continue
            due = c.handling_due
            if spec.outcome[0] == "niet-behandelen":
                due = terms_of(c, load_calendar(s)).computed["niet-behandelen"].due
            closed = on_deadline(due, spec.outcome[1]) or day(spec.outcome[1])
            if not _outcome(s, number, handler, spec.outcome, closed) or spec.reopen is None:
                continue
            kind, after = spec.reopen
            again = day(after, closed)
            if _try(s, steps.reopen, number, "Opnieuw.", again, kind) and spec.outcome_again:
                offset = spec.outcome_again[1]
                at = on_deadline(c.handling_due, offset) or day(offset, again)
                _outcome(s, number, handler, spec.outcome_again, at)
        if lines:
            partner = get_partner(s, "zorgthuis")
            quarter = Quarter(2026, 2)
            report = [
                ReportLine(
                    row=row,
                    reference=f"ZT-{row}",
                    received=quarter.start + timedelta(days=offset),
                    channel="telefoon",
                    category="kwaliteit",
                    contact_on=None,
                    closed_on=(
                        quarter.start + timedelta(days=offset + closed)
                        if closed is not None
                        else None
                    ),
                    verdict=verdict if closed is not None else None,
                    measure=None,
                    satisfied=satisfied if closed is not None else None,
                    number=None,
                )
                for row, (offset, closed, verdict, satisfied) in enumerate(lines, start=2)
            ]
            read_in(s, actor, partner, quarter, report, "rapport.xlsx", "sha")
        for n, (age, answered_after) in enumerate(ombudsman):
            received = TODAY - timedelta(days=age)
            item = add_item(
                s,
                actor,
                NewItem(
                    type=OMBUDSMAN_TYPES[n % len(OMBUDSMAN_TYPES)],
                    reference=f"OMA-{n}",
                    received=received,
                    deadline=received + timedelta(days=14),
                    complaint=None,
                    partner=None,
                    via_partner=False,
                ),
            )
            if received + timedelta(days=answered_after) <= TODAY:
                assert item.id is not None
                answer(s, actor, item.id, received + timedelta(days=answered_after))


# The earlier path, as services/reports.py had it: every complaint of the period in Python.


def python_annual(s: Session, year: int) -> Any:
    own, _ = split_reported(complaints_touching(s, date(year, 1, 1), date(year, 12, 31)))
    categories = list(s.exec(select(Category.code)).all())
    return annual_figures(
        own, ombudsman_facts(s), year, categories=categories, ombudsman_types=OMBUDSMAN_TYPES
    )


def python_annual_data(s: Session, year: int) -> tuple[AnnualData, ...]:
    facts = complaints_touching(s, date(year - 1, 1, 1), date(year, 12, 31))
    partners = list(s.exec(select(Partner.code)).all())
    categories = list(s.exec(select(Category.code)).all())
    years = []
    for y in (year, year - 1):
        own, reported = split_reported(facts)
        start, end = date(y, 1, 1), date(y, 12, 31)
        figures = annual_figures(
            own, ombudsman_facts(s), y, categories=categories, ombudsman_types=OMBUDSMAN_TYPES
        )
        years.append(
            AnnualData(
                figures=figures,
                partners=partner_figures(own, start, end, partners),
                reported=ReportedFigures(
                    totals=period_figures(reported, start, end),
                    per_partner=partner_figures(reported, start, end, partners),
                ),
            )
        )
    return tuple(years)


def python_analysis(s: Session, van: date, tot: date, partner: str | None) -> Any:
    facts = complaints_touching(s, van, tot)
    names: dict[str, list[str]] = {}
    for f in facts:
        if f.complainant_key and f.complainant_name:
            bucket = names.setdefault(f.complainant_key, [])
            label = f.client or f.complainant_name
            if label not in bucket:
                bucket.append(label)
    minimum = number_setting(s, SIGNAL_MINIMUM)
    return analyse(facts, van=van, tot=tot, partner=partner, minimum=minimum), names


def check_same(path: Any, windows: list[tuple[date, date, str | None]]) -> None:
    with session_scope(parse(path), write=False) as s:
        for year in (2024, 2025, 2026):
            assert annual(s, year) == python_annual(s, year), year
        for year in (2025, 2026):
            assert annual_data(s, year) == python_annual_data(s, year), year
        for van, tot, partner in windows:
            assert analysis(s, van, tot, partner) == python_analysis(s, van, tot, partner)


windows = st.lists(
    st.tuples(st.integers(0, 1000), st.integers(0, 500), st.sampled_from([None, "zorgthuis"])).map(
        lambda t: (TODAY - timedelta(days=t[0]), TODAY - timedelta(days=max(0, t[0] - t[1])), t[2])
    ),
    min_size=1,
    max_size=3,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=st.lists(specs, min_size=1, max_size=25),
    lines=reported_lines,
    ombudsman=st.lists(st.tuples(st.integers(0, 800), st.integers(0, 30)), max_size=3),
    checks=windows,
)
def test_sql_counts_give_the_figures_of_the_python_path(
    register_template: Path, plan: list[Spec], lines: list[Any], ombudsman: list[Any], checks: Any
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "klachten.db"
        shutil.copyfile(register_template, path)
        os.chmod(path, 0o600)
        build(path, plan, lines, ombudsman)
        check_same(path, checks)


# One fixed register with every kind of complaint, on SQLite and on PostgreSQL.
EVERY_KIND = [
    Spec(700, (), "gemeente", "kwaliteit", "email", NAMES[0], None, None, 2, None,
         ("afhandelen", 30), ("nieuwe-feiten", 20), ("afhandelen", 40)),
    Spec(400, ("zorgthuis",), "gemeente", "levering", "telefoon", NAMES[1], "C-1", 0, 3, 2,
         ("afhandelen", 60), ("vergissing", 5), ("intrekken", 10)),
    Spec(380, PARTNERS, "gemeente", "bejegening", "email", NAMES[2], "c-1 ", None, 20, 4,
         ("niet-behandelen", 25), None, None),
    Spec(300, ("vervoer",), "partner", "kwaliteit", "email", NAMES[3], None, None, 4, None,
         ("afhandelen", 45), ("nieuwe-feiten", 30), None),
    Spec(120, (), "ombudsman", "levering", "telefoon", NAMES[4], "", None, 1, 1,
         ("intrekken", 3), None, None),
    Spec(90, ("zorgthuis",), "gemeente", "kwaliteit", "email", NAMES[0], None, None, None,
         None, ("afhandelen", 80), None, None),
    Spec(10, ("vervoer",), "gemeente", "kwaliteit", "telefoon", NAMES[2], None, 1, 2, None,
         None, None, None),
]  # fmt: skip


@pytest.mark.backends
def test_every_kind_of_complaint_counts_the_same_on_each_backend(
    register: Any, backend: str
) -> None:
    build(register, EVERY_KIND, [(5, 10, "gegrond", "ja"), (30, None, None, None)], [(300, 7)])
    # reopened (three earlier closings), from a partner's report, not handled, withdrawn
    assert rows(register, "SELECT count(*) FROM closing") == [(3,)]
    assert rows(register, "SELECT count(*) FROM complaint WHERE source IS NOT NULL") == [(2,)]
    kinds = {k for (k,) in rows(register, "SELECT closing_kind FROM complaint")}
    assert {"niet-behandelen", "ingetrokken", "afgehandeld", "terugkoppeling", None} <= kinds
    check_same(
        register,
        [(date(2025, 1, 1), TODAY, None), (date(2025, 10, 1), TODAY, "zorgthuis")],
    )
