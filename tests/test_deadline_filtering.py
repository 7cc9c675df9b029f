"""`klacht termijnen` filters open complaints in SQL (overdue, --binnen, --partner,
--behandelaar). Property: on random registers with every kind of item, that returns exactly
what the earlier path returned, which loaded every open deadline and filtered in Python."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.factories import try_step

from klachtcli.errors import InputError
from klachtcli.services import steps
from klachtcli.services.audit import Actor
from klachtcli.services.complaints import NewComplaint, register
from klachtcli.services.deadlines import DeadlineFilter, DeadlineItem, open_deadlines
from klachtcli.services.meetings import NewMeeting, add_meeting
from klachtcli.services.ombudsman import NewItem, add_item
from klachtcli.services.partners import update_partner
from klachtcli.store.db import session_scope

TODAY = date(2026, 11, 27)
PARTNERS = ("zorgthuis", "vervoer")


@dataclass(frozen=True)
class Spec:
    age: int
    partners: tuple[str, ...]
    lodged_with: str
    category: str
    complex: bool
    earlier: bool
    contact_after: int | None
    extend: int | None
    close_after: int | None


specs = st.builds(
    Spec,
    age=st.integers(0, 140),
    partners=st.sampled_from([(), ("zorgthuis",), ("vervoer",), PARTNERS]),
    lodged_with=st.sampled_from(["gemeente", "partner", "ombudsman"]),
    category=st.sampled_from(["bejegening", "kwaliteit"]),
    complex=st.booleans(),
    earlier=st.booleans(),
    contact_after=st.none() | st.integers(0, 15),
    extend=st.none() | st.sampled_from([1, 2, 4]),
    close_after=st.none() | st.integers(0, 80),
)
# The reference date lies near one of the register's own deadlines, so the boundaries (due
# today, due tomorrow, exactly N working days left) come up often.
filters = st.builds(
    dict,
    near=st.integers(0, 1000),
    shift=st.integers(-12, 12),
    overdue=st.booleans(),
    within=st.none() | st.integers(0, 12),
    partner=st.sampled_from([None, *PARTNERS]),
    handler=st.sampled_from([None, "gemeente", "partner"]),
)


def _try(session: Any, step: Any, *args: Any, **kwargs: Any) -> bool:
    return try_step(session, TODAY, step, *args, **kwargs)


def build(path: Path, plan: list[Spec], ombudsman: list[tuple[int, bool]]) -> None:
    actor = Actor("tester", "test", TODAY)
    with session_scope(path, write=True) as s:
        # vervoer's contract ended: its meetings stop and its handover is due (SPEC §7).
        update_partner(
            s,
            actor,
            "vervoer",
            {"contract_start": date(2024, 1, 1), "contract_end": date(2026, 10, 1)},
        )
        update_partner(s, actor, "zorgthuis", {"contract_start": date(2025, 6, 1)})
        add_meeting(s, actor, NewMeeting("zorgthuis", "klachtenteam", date(2025, 12, 1), None))
        for n, spec in enumerate(plan):
            received = TODAY - timedelta(days=spec.age)
            try:
                c = register(
                    s,
                    actor,
                    NewComplaint(
                        received=received,
                        channel="email",
                        lodged_with=spec.lodged_with,
                        complainant_name=f"Klager {n}",
                        category=spec.category,
                        description="Willekeurig.",
                        partners=list(spec.partners),
                        complex=spec.complex,
                        earlier_at_partner=spec.earlier,
                    ),
                ).complaint
            except InputError:
                continue  # e.g. lodged with a partner but about two partners
            number = c.number

            def day(offset: int, received: date = received) -> date:
                return min(TODAY, received + timedelta(days=offset))

            if spec.contact_after is not None:
                _try(s, steps.contact, number, day(spec.contact_after), None)
            if spec.extend is not None:
                _try(s, steps.extend, number, spec.extend, "Onderzoek.", day(10), False)
            if spec.close_after is not None:
                at = day(spec.close_after)
                if c.handler == "partner":
                    _try(
                        s,
                        steps.feedback,
                        number,
                        closed_on=at,
                        satisfied="ja",
                        verdict=None,
                        measure=None,
                        attachment=None,
                        on=at,
                    )
                else:
                    _try(
                        s,
                        steps.close,
                        number,
                        on=at,
                        verdict="gegrond",
                        measure=None,
                        satisfied=None,
                        ombudsman_named=True,
                    )
        for n, (offset, via_zorgthuis) in enumerate(ombudsman):
            received = TODAY - timedelta(days=30)
            add_item(
                s,
                actor,
                NewItem(
                    type="informatievraag",
                    reference=f"OMA-{n}",
                    received=received,
                    deadline=received + timedelta(days=offset),
                    complaint=None,
                    partner="zorgthuis" if via_zorgthuis else None,
                    via_partner=False,
                ),
            )


def python_path(everything: list[DeadlineItem], flt: DeadlineFilter) -> list[DeadlineItem]:
    """The earlier filter, applied to every open deadline (what `open_deadlines` used to do)."""

    def keep(item: DeadlineItem) -> bool:
        if flt.overdue_only and not item.overdue:
            return False
        if flt.within is not None and item.working_days > flt.within:
            return False
        if flt.handler is not None and item.handler != flt.handler:
            return False
        if flt.partner is not None:
            return item.partner == flt.partner or flt.partner in item.concerns
        return True

    return [i for i in everything if keep(i)]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=st.lists(specs, min_size=1, max_size=20),
    ombudsman=st.lists(st.tuples(st.integers(0, 60), st.booleans()), max_size=3),
    checks=st.lists(filters, min_size=1, max_size=12),
)
def test_sql_filtering_returns_what_the_python_filter_did(
    register_template: Path, plan: list[Spec], ombudsman: list[tuple[int, bool]], checks: list
) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "klachten.db"
        shutil.copyfile(register_template, path)
        os.chmod(path, 0o600)
        build(path, plan, ombudsman)
        with session_scope(path, write=False) as s:
            dues = sorted({i.due for i in open_deadlines(s, DeadlineFilter(peildatum=TODAY))})
            for check in checks:
                near = dues[check["near"] % len(dues)] if dues else TODAY
                peil = near + timedelta(days=check["shift"])
                everything = open_deadlines(s, DeadlineFilter(peildatum=peil))
                flt = DeadlineFilter(
                    peildatum=peil,
                    overdue_only=check["overdue"],
                    within=check["within"],
                    partner=check["partner"],
                    handler=check["handler"],
                )
                assert open_deadlines(s, flt) == python_path(everything, flt), check
                # --binnen exactly at the working days some deadline has left: the boundary
                for left in {i.working_days for i in everything if i.working_days >= 0}:
                    edge = DeadlineFilter(peildatum=peil, within=left)
                    assert open_deadlines(s, edge) == python_path(everything, edge), left


def test_every_kind_of_item_shows_up(register_template: Path, tmp_path: Path) -> None:
    """The generator's registers hold every kind of item (an extension gives the
    mededeling-verdaging one), so the property above covers them all."""
    path = tmp_path / "k.db"
    shutil.copyfile(register_template, path)
    plan = [
        Spec(30, (), "gemeente", "kwaliteit", False, False, None, None, None),
        Spec(60, ("zorgthuis",), "gemeente", "kwaliteit", False, False, None, None, None),
    ]
    build(path, plan, [(5, True)])
    with session_scope(path, write=False) as s:
        kinds = {i.kind for i in open_deadlines(s, DeadlineFilter(peildatum=TODAY))}
    assert {
        "contact",
        "afhandeling",
        "ombudsman",
        "overleg",
        "overdracht",
        "partnerrapport",
    } <= kinds
