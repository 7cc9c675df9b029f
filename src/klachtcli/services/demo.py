"""Fictional but realistic example data, registered through the real use-cases."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import Session, select

from klachtcli.domain import complaint as vocab
from klachtcli.domain.complaint import CHANNELS, LODGED_WITH, SATISFACTION, VERDICTS
from klachtcli.domain.dates import fmt
from klachtcli.domain.deadlines import (
    CONTACT,
    HANDLING,
    NOT_HANDLING,
    TermFacts,
    Terms,
    check_extension,
    complaint_terms,
)
from klachtcli.domain.lifecycle import CLOSING, check_step_date, transition
from klachtcli.domain.partner_report import ReportLine
from klachtcli.domain.report import Quarter
from klachtcli.domain.retention import years_after
from klachtcli.domain.routing import PARTNER, RoutingFacts, advise
from klachtcli.services.audit import Actor, record
from klachtcli.services.calendar import load_calendar
from klachtcli.services.meetings import NewMeeting, add_meeting
from klachtcli.services.ombudsman import TYPES, NewItem, add_item, answer
from klachtcli.services.partner_reports import read_in
from klachtcli.services.partners import add_partner, get_partner
from klachtcli.services.stop_notices import NewStopNotice, add_notice, start_consultation
from klachtcli.store.models import Complaint, Partner, metadata
from klachtcli.store.numbers import numbers_taken

PARTNERS = [
    ("zorgthuis", "Zorg Thuis Amsterdam", "huishoudelijke hulp"),
    ("amstelvervoer", "Amstel Wmo-Vervoer", "Wmo-vervoer"),
    ("hulpmiddelenplus", "Hulpmiddelen Plus", "rolstoel"),
    ("buurtbegeleiding", "Buurtbegeleiding Noord", "ambulante begeleiding"),
    ("dagbesteding-west", "Dagbesteding West", "dagbesteding"),
]

CATEGORY_TEXT = {
    "bejegening": "Medewerker was onvriendelijk aan de telefoon.",
    "kwaliteit": "Het schoonmaakwerk wordt slordig gedaan.",
    "levering": "De hulp kwam drie keer niet opdagen zonder bericht.",
    "vervoer": "De taxi was ruim een uur te laat voor de afspraak in het ziekenhuis.",
    "hulpmiddel": "De scootmobiel is al weken kapot en wordt niet gerepareerd.",
    "communicatie": "Niemand neemt op bij het algemene nummer.",
    "financieel": "De eigen bijdrage is verkeerd berekend.",
    "toegang": "Geen beschikking ontvangen na de aanvraag.",
    "privacy": "Mijn gegevens zijn naar een verkeerd adres gestuurd.",
    "overig": "Algemene klacht over de gang van zaken.",
}
CATEGORIES = list(CATEGORY_TEXT)
MEASURES: list[str | None] = [
    "Medewerker aangesproken op bejegening.",
    "Planning aangepast; vaste hulp ingezet.",
    "Excuses aangeboden en eigen bijdrage gecorrigeerd.",
    "Werkinstructie voor het callcenter verbeterd.",
    None,
]
FIRST = ["Anna", "Mohamed", "Sanne", "Kees", "Fatima", "Jan", "Priya", "Henk", "Ilse", "Youssef"]
LAST = ["de Vries", "El Amrani", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder"]


@dataclass(frozen=True)
class DemoSummary:
    partners: int
    complaints: int
    first: date
    last: date


# A busy team receives about this many complaints a day; a large demo spreads over more years
# instead of piling into two quarters, so the share of open complaints stays realistic (~5%).
PER_DAY = 275
BATCH = 5000  # complaints per bulk insert


def fill(
    session: Session, actor: Actor, count: int, seed: int = 2026, years: int | None = None
) -> DemoSummary:
    """Partners and `count` complaints received over the last two quarters (or longer, at most
    PER_DAY a day), or over the last `years` years."""
    rng = random.Random(seed)
    for code, name, _ in PARTNERS:
        add_partner(
            session,
            actor,
            code,
            {
                "name": name,
                "complaint_phone": f"020-{rng.randint(1000000, 9999999)}",
                "complaint_email": f"klachten@{code}.example",
                "complaint_web": f"https://{code}.example/klachten",
                "officer_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "officer_email": f"klachtenfunctionaris@{code}.example",
                "contract_manager_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "contract_manager_email": f"cm.{code}@amsterdam.example",
                "contract_start": date(actor.today.year - 2, 1, 1),
            },
        )
    session.flush()
    start = _quarter_start(_quarter_start(actor.today) - timedelta(days=92))
    start = min(start, actor.today - timedelta(days=count // PER_DAY))
    if years is not None:
        start = years_after(actor.today, -years)
    span = (actor.today - start).days
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))
    bulk = _Bulk(session, actor, rng)
    numbers = [bulk.complaint(received, i) for i, received in enumerate(days)]
    bulk.flush()
    numbers_taken(session, bulk.seq)
    _ombudsman(session, actor, rng, list(zip(days, numbers, strict=True)))
    _meetings(session, actor, rng)
    _stop_notice(session, actor)
    _partner_report(session, actor)
    _letters(session, actor)
    # The complaints went in as bulk rows, not one use-case call each: one audit entry says so.
    record(
        session,
        actor,
        entity="register",
        key="demo",
        action="demo-gevuld",
        after={"klachten": count},
    )
    return DemoSummary(len(PARTNERS), count, days[0] if days else start, actor.today)


class _Bulk:
    """Complaints as plain rows, inserted in batches: the routing advice, the deadlines and the
    allowed steps come from the same domain functions as `klacht nieuw` and the step commands,
    but without an ORM object, a lookup and a flush per complaint (SPEC §5 `demo`: 100,000
    complaints in under a minute)."""

    def __init__(self, session: Session, actor: Actor, rng: random.Random) -> None:
        self.session = session
        self.actor = actor
        self.rng = rng
        self.cal = load_calendar(session)
        self.partner_ids = dict(session.exec(select(Partner.code, Partner.id)).all())
        self.next_id = int(session.exec(select(func.max(Complaint.id))).one() or 0) + 1
        self.seq: dict[int, int] = {}
        self.now = datetime.now(UTC)
        self.complaints: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self._terms: dict[tuple[date, date | None, int], Terms] = {}

    def terms(self, c: dict[str, Any]) -> Terms:
        """complaint_terms as terms_of() asks it, for a complaint that the demo never reopens
        and whose kept deadlines equal the computed ones; many complaints share a start."""
        key = (c["received"], c["forwarded_on"], c["extension_weeks"])
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = complaint_terms(
                self.cal, TermFacts(received=key[0], forwarded_on=key[1], extension_weeks=key[2])
            )
        return found

    def refresh(self, c: dict[str, Any]) -> None:
        terms = self.terms(c)
        c["deadline_start"] = terms.start
        c["contact_due"], c["contact_rule"] = terms.current(CONTACT)
        c["handling_due"], c["handling_rule"] = terms.current(HANDLING)

    def event(self, c: dict[str, Any], kind: str, on: date, text: str) -> None:
        self.events.append(
            {
                "complaint_id": c["id"],
                "kind": kind,
                "on": on,
                "employee": self.actor.employee,
                "text": text,
                "attachment_name": None,
                "attachment_type": None,
                "attachment_sha256": None,
                "attachment": None,
                "created_at": self.now,
            }
        )

    def complaint(self, received: date, i: int) -> str:
        rng = self.rng
        category = rng.choice(CATEGORIES)
        n_partners = rng.choices([0, 1, 2], weights=[2, 12, 1])[0]
        partners = [p[0] for p in rng.sample(PARTNERS, n_partners)]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        channel = rng.choice(CHANNELS)
        lodged_with = rng.choices(LODGED_WITH, weights=[8, 3, 1])[0]
        if lodged_with == PARTNER and n_partners != 1:
            lodged_with = "gemeente"  # lodged with a partner names exactly that one (SPEC §2)
        client = f"C-{rng.randint(1000, 1400)}" if rng.random() < 0.3 else None
        facts = RoutingFacts(
            partners=tuple(partners),
            lodged_with=lodged_with,
            category=category,
            complex=rng.random() < 0.2,
            earlier_at_partner=rng.random() < 0.3,
            wants_municipality=rng.random() < 0.1,
        )
        advice = advise(facts)
        # As register() does without an override: the advice decides, and a partner that
        # handles a complaint lodged with the gemeente gets it forwarded on the day of receipt.
        partner_handles = advice.handler == PARTNER
        forwarded_on = received if partner_handles and lodged_with != PARTNER else None
        year = received.year
        seq = self.seq[year] = self.seq.get(year, 0) + 1
        c: dict[str, Any] = {
            "id": self.next_id,
            "number": vocab.format_number(year, seq),
            "year": year,
            "seq": seq,
            "received": received,
            "channel": channel,
            "lodged_with": lodged_with,
            "complainant_name": name,
            "complainant_email": f"{name.split()[0].lower()}@example.nl",
            "complainant_phone": None,
            "client": client,
            "category": category,
            "provision": next((p[2] for p in PARTNERS if p[0] in partners), None),
            "description": CATEGORY_TEXT[category],
            "complex": facts.complex,
            "earlier_at_partner": facts.earlier_at_partner,
            "wants_municipality": facts.wants_municipality,
            "to_administrator": False,
            "rules": ",".join(advice.rules),
            "advised_handler": advice.handler,
            "handler": advice.handler,
            "handler_partner_id": self.partner_ids[partners[0]] if partner_handles else None,
            "override_reason": None,
            "forwarded_on": forwarded_on,
            "status": vocab.FORWARDED if partner_handles else vocab.REGISTERED,
            "deadline_start": forwarded_on or received,
            "notice_due": None,
            "not_handling_ground": None,
            "extension_notice_due": None,
            "extension_weeks": 0,
            "extension_consent": False,
            "confirmed_on": None,
            "contact_on": None,
            "closed_on": None,
            "closing_kind": None,
            "verdict": None,
            "measure": None,
            "ombudsman_named": None,
            "satisfied": None,
            "feedback_on": None,
            "legal_hold": False,
            "purged_on": None,
            "created_at": self.now,
        }
        self.next_id += 1
        self.refresh(c)
        self.complaints.append(c)
        self.links += [
            {"complaint_id": c["id"], "partner_id": self.partner_ids[p]} for p in partners
        ]
        self.event(
            c,
            "ontvangen",
            received,
            f"Klacht ontvangen via {channel}, ingediend bij {lodged_with}; "
            f"advies {advice.handler} ({c['rules']}).",
        )
        if forwarded_on is not None:
            self.event(c, "doorgestuurd", forwarded_on, f"Doorgestuurd naar {partners[0]}.")
        self.progress(c, i)
        if len(self.complaints) >= BATCH:
            self.flush()
        return str(c["number"])

    def step(self, c: dict[str, Any], step: str, on: date) -> None:
        """The lifecycle table's phase after the step (or its refusal), as _step() applies it."""
        check_step_date(on, c["received"], self.actor.today, step)
        c["status"] = transition(step, c["status"], c["handler"], c["number"])

    def close(self, c: dict[str, Any], step: str, on: date) -> None:
        c["closed_on"] = on
        c["closing_kind"] = CLOSING[step]

    def progress(self, c: dict[str, Any], i: int) -> None:
        """Carry a complaint through the steps its age allows, so every state shows up."""
        rng, today = self.rng, self.actor.today
        received: date = c["received"]
        age = (today - received).days
        # Nearly everything older than four months is closed; the rest is recent work.
        settled = age > 120

        def day(offset: int) -> date:
            """A working day about `offset` days after receipt (the team works on weekdays)."""
            d = received + timedelta(days=max(0, offset))
            while not self.cal.is_working_day(d) and d < today:
                d += timedelta(days=1)
            return min(today, d)

        if c["handler"] == PARTNER:
            if age > 50 and rng.random() < (0.995 if settled else 0.8):
                closed = day(rng.randint(10, 50))
                on = day((closed - received).days + rng.randint(0, 7))
                self.step(c, "terugkoppeling", on)
                c["satisfied"] = rng.choice(SATISFACTION)
                c["verdict"] = VERDICTS[i % len(VERDICTS)]
                c["measure"] = rng.choice(MEASURES)
                c["feedback_on"] = on
                self.close(c, "terugkoppeling", closed)
                self.event(c, "terugkoppeling", on, f"Partner meldt afgehandeld op {fmt(closed)}.")
            return  # the rest awaits the partner's feedback; the oldest of them are overdue
        if age < 3:
            return  # just in: contact still to come
        if rng.random() < 0.85 or age > 20:
            on = day(rng.randint(1, 9))
            self.step(c, "contact", on)
            c["contact_on"] = on
            self.event(c, "contact", on, "Gebeld met klager.")
        if age < 20:
            return
        fate = rng.random()
        if fate < 0.05:
            on = day(rng.randint(10, 20))
            self.step(c, "intrekken", on)
            self.close(c, "intrekken", on)
            self.event(c, "ingetrokken", on, "Klacht ingetrokken door de klager: opgelost.")
            return
        if fate < 0.09:
            on = day(rng.randint(7, 25))
            self.step(c, "niet-behandelen", on)
            c["notice_due"] = self.terms(c).computed[NOT_HANDLING].due
            c["not_handling_ground"] = "eerder-behandeld"
            self.close(c, "niet-behandelen", on)
            self.event(c, "niet-behandelen", on, "Niet in behandeling genomen: eerder behandeld.")
            return
        if rng.random() < 0.3:
            on = day(rng.randint(10, 30))
            self.step(c, "horen", on)
            self.event(c, "hoorgesprek", on, "Klager heeft de klacht toegelicht.")
        if rng.random() < 0.15 and age > 35:
            weeks, on = rng.choice([2, 4]), day(35)
            self.step(c, "verdagen", on)
            if check_extension(c["extension_weeks"], weeks, False, on=on, due=c["handling_due"]):
                return  # refused, as `klacht verdagen` would; the demo leaves it be
            old_due = c["handling_due"]
            c["extension_weeks"] += weeks
            # As `verdagen` without --mededeling: the written notice is due by the old deadline.
            c["extension_notice_due"] = old_due
            self.refresh(c)
            self.event(
                c,
                "verdaagd",
                on,
                f"Verdaagd met {weeks} weken: onderzoek bij de ketenpartner loopt nog. "
                f"Termijn van {fmt(old_due)} naar {fmt(c['handling_due'])}.",
            )
        if age > 45 and rng.random() < (0.995 if settled else 0.85):
            upper = 45 + 7 * c["extension_weeks"] + rng.choice([0, 0, 0, 10])
            on = day(rng.randint(15, upper))
            self.step(c, "afhandelen", on)
            c["verdict"] = VERDICTS[i % len(VERDICTS)]
            c["measure"] = rng.choice(MEASURES)
            c["satisfied"] = rng.choice(SATISFACTION)
            c["ombudsman_named"] = True
            self.close(c, "afhandelen", on)
            self.event(c, "afgehandeld", on, f"Afgehandeld, oordeel {c['verdict']}.")

    def flush(self) -> None:
        """Insert what was collected, parents first (foreign keys are on)."""
        for table, rows in (
            ("complaint", self.complaints),
            ("complaint_partner", self.links),
            ("event", self.events),
        ):
            if rows:
                self.session.execute(insert(metadata.tables[table]), rows)
                rows.clear()


def _ombudsman(
    session: Session, actor: Actor, rng: random.Random, numbers: list[tuple[date, str]]
) -> None:
    """A few requests from the ombudsman, answered on time, late, or still open."""
    for n, (complaint_received, number) in enumerate(
        numbers[:: max(1, len(numbers) // 6)][:6], start=1
    ):
        received = min(actor.today, complaint_received + timedelta(days=rng.randint(20, 60)))
        kind = TYPES[n % len(TYPES)]
        item = add_item(
            session,
            actor,
            NewItem(
                type=kind,
                reference=f"OMA-{received.year}-{100 + n}",
                received=received,
                deadline=received + timedelta(days=14),
                complaint=number if n % 2 else None,
                partner=PARTNERS[n % len(PARTNERS)][0],
                via_partner=n == 3,
            ),
        )
        answered = received + timedelta(days=rng.choice([7, 12, 20]))
        if answered <= actor.today and n % 3:
            assert item.id is not None
            answer(session, actor, item.id, answered)


def _meetings(session: Session, actor: Actor, rng: random.Random) -> None:
    """Meetings with most partners (WA §7, §11); the last partners are behind, so overdue."""
    for n, (code, _, _) in enumerate(PARTNERS):
        if n < 3:  # klachtenteam yearly: the last one within the year
            on = actor.today - timedelta(days=rng.randint(30, 300))
            add_meeting(session, actor, NewMeeting(code, "klachtenteam", on, "Jaaroverleg."))
        if n < 4:  # contractmanager twice a year; one of these is already more than 6 months ago
            days = rng.randint(200, 260) if n == 3 else rng.randint(20, 150)
            on = actor.today - timedelta(days=days)
            add_meeting(session, actor, NewMeeting(code, "contractmanager", on, None))


def _stop_notice(session: Session, actor: Actor) -> None:
    """One partner that wants to stop delivering to a client, under consultation (WA §8)."""
    code, _, provision = PARTNERS[0]
    reported = actor.today - timedelta(days=10)
    notice = add_notice(
        session,
        actor,
        NewStopNotice(
            partner=code,
            client="C-1207",
            provision=provision,
            reason="Herhaaldelijk agressief gedrag tegen de hulp.",
            reported_on=reported,
        ),
    )
    start_consultation(session, actor, notice["id"], reported + timedelta(days=3))


def _letters(session: Session, actor: Actor) -> None:
    """One letter of each kind (SPEC §9) in the dossier of a complaint it fits; the files
    themselves are only wanted inside the register."""
    import tempfile
    from pathlib import Path

    from sqlmodel import col, select

    from klachtcli.services.letters import LetterRequest, make_letter

    session.flush()
    fits = {
        "ontvangstbevestiging": (
            col(Complaint.status) != "closed",
            col(Complaint.lodged_with) != "partner",
            col(Complaint.confirmed_on).is_(None),
        ),
        "doorzending": (
            col(Complaint.status) == "forwarded",
            col(Complaint.forwarded_on).is_not(None),
        ),
        "terugkoppelingsverzoek": (col(Complaint.status) == "forwarded",),
        "verdaging": (col(Complaint.status) != "closed", col(Complaint.extension_weeks) > 0),
        "niet-behandelen": (col(Complaint.closing_kind) == "niet-behandelen",),
        "afhandeling": (
            col(Complaint.closing_kind) == "afgehandeld",
            col(Complaint.verdict).is_not(None),
        ),
        "tevredenheid": (col(Complaint.closing_kind).in_(["afgehandeld", "terugkoppeling"]),),
    }
    used: set[str] = set()
    with tempfile.TemporaryDirectory() as folder:
        for kind, conditions in fits.items():
            number = session.exec(
                select(Complaint.number)
                .where(*conditions, col(Complaint.number).not_in(used))
                .order_by(col(Complaint.id))
            ).first()
            if number is None:
                continue
            used.add(number)
            request = LetterRequest(
                number=number,
                kind=kind,
                on=actor.today,
                output=Path(folder) / kind / "",
                note=DEMO_FINDINGS if kind == "afhandeling" else None,
            )
            make_letter(session, actor, request)
            session.flush()


DEMO_FINDINGS = (
    "Wij hebben met u en met de ketenpartner gesproken en de planning van de afgelopen "
    "maanden bekeken."
)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _partner_report(session: Session, actor: Actor) -> None:
    """Zorg Thuis's quarterly report of the last quarter that ended (WA §10): three complaints
    lodged with the partner that the gemeente never saw."""
    quarter = Quarter.containing(actor.today).previous()
    partner = get_partner(session, PARTNERS[0][0])
    lines = [
        ReportLine(
            row=row,
            reference=f"ZT-{quarter.year}-{100 + row}",
            received=quarter.start + timedelta(days=offset),
            channel=channel,
            category=category,
            contact_on=quarter.start + timedelta(days=offset + 2),
            closed_on=quarter.start + timedelta(days=offset + 20) if verdict else None,
            verdict=verdict,
            measure="Planning aangepast." if verdict else None,
            satisfied=satisfied,
            number=None,
        )
        for row, (offset, channel, category, verdict, satisfied) in enumerate(
            [
                (10, "telefoon", "levering", "gegrond", "ja"),
                (35, "email", "kwaliteit", "ongegrond", "nee"),
                (70, "brief", "bejegening", None, None),
            ],
            start=2,
        )
    ]
    read_in(session, actor, partner, quarter, lines, "demo-partnerrapport.xlsx", "demo")
