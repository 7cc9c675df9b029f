"""Fictional but realistic example data, registered through the real use-cases."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from klachtcli.domain.complaint import CHANNELS, SATISFACTION, VERDICTS
from klachtcli.domain.partner_report import ReportLine
from klachtcli.domain.report import Quarter
from klachtcli.services import steps
from klachtcli.services.audit import Actor
from klachtcli.services.calendar import load_calendar
from klachtcli.services.complaints import NewComplaint, register
from klachtcli.services.meetings import NewMeeting, add_meeting
from klachtcli.services.ombudsman import TYPES, NewItem, add_item, answer
from klachtcli.services.partner_reports import read_in
from klachtcli.services.partners import add_partner, get_partner
from klachtcli.services.stop_notices import NewStopNotice, add_notice, start_consultation
from klachtcli.store.models import Complaint

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


def fill(session: Session, actor: Actor, count: int, seed: int = 2026) -> DemoSummary:
    """Partners and `count` complaints received over the last two quarters."""
    # Every lookup would first flush all pending rows; register() flushes what it must itself,
    # and this keeps a 25,000-complaint benchmark register quick to build.
    with session.no_autoflush:
        return _fill(session, actor, count, random.Random(seed))


def _fill(session: Session, actor: Actor, count: int, rng: random.Random) -> DemoSummary:
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
    start = _quarter_start(actor.today) - timedelta(days=92)
    start = _quarter_start(start)
    span = (actor.today - start).days
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))
    categories = list(CATEGORY_TEXT)
    numbers: list[tuple[date, str]] = []
    for i, received in enumerate(days):
        category = rng.choice(categories)
        n_partners = rng.choices([0, 1, 2], weights=[2, 12, 1])[0]
        partners = [p[0] for p in rng.sample(PARTNERS, n_partners)]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        lodged = rng.choices(["gemeente", "partner", "ombudsman"], weights=[8, 3, 1])[0]
        if lodged == "partner" and n_partners != 1:
            lodged = "gemeente"  # lodged with a partner names exactly that one (SPEC §2)
        registered = register(
            session,
            actor,
            NewComplaint(
                received=received,
                channel=rng.choice(CHANNELS),
                lodged_with=lodged,
                complainant_name=name,
                complainant_email=f"{name.split()[0].lower()}@example.nl",
                category=category,
                description=CATEGORY_TEXT[category],
                partners=partners,
                client=f"C-{rng.randint(1000, 1400)}" if rng.random() < 0.3 else None,
                provision=next((p[2] for p in PARTNERS if p[0] in partners), None),
                complex=rng.random() < 0.2,
                earlier_at_partner=rng.random() < 0.3,
                wants_municipality=rng.random() < 0.1,
            ),
        )
        _progress(session, actor, rng, registered.complaint, i)
        numbers.append((received, registered.complaint.number))
    _ombudsman(session, actor, rng, numbers)
    _meetings(session, actor, rng)
    _stop_notice(session, actor)
    _partner_report(session, actor)
    _letters(session, actor)
    return DemoSummary(len(PARTNERS), count, days[0] if days else start, actor.today)


def _progress(session: Session, actor: Actor, rng: random.Random, c: Complaint, i: int) -> None:
    """Carry a complaint through the steps its age allows, so every state shows up."""
    today = actor.today
    age = (today - c.received).days

    cal = load_calendar(session)

    def day(offset: int) -> date:
        """A working day about `offset` days after receipt (the team works on weekdays)."""
        d = c.received + timedelta(days=max(0, offset))
        while not cal.is_working_day(d) and d < today:
            d += timedelta(days=1)
        return min(today, d)

    if c.handler == "partner":
        if age > 50 and rng.random() < 0.8:
            closed = day(rng.randint(10, 50))
            steps.feedback(
                session,
                actor,
                c.number,
                closed_on=closed,
                satisfied=rng.choice(SATISFACTION),
                verdict=VERDICTS[i % len(VERDICTS)],
                measure=rng.choice(MEASURES),
                attachment=None,
                on=day((closed - c.received).days + rng.randint(0, 7)),
            )
        return  # the rest awaits the partner's feedback; the oldest of them are overdue
    if age < 3:
        return  # just in: contact still to come
    if rng.random() < 0.85 or age > 20:
        steps.contact(session, actor, c.number, day(rng.randint(1, 9)), "Gebeld met klager.")
    if age < 20:
        return
    fate = rng.random()
    if fate < 0.05:
        steps.withdraw(session, actor, c.number, day(rng.randint(10, 20)), "Opgelost.")
        return
    if fate < 0.09:
        steps.not_handling(
            session, actor, c.number, "eerder-behandeld", day(rng.randint(7, 25)), None
        )
        return
    if rng.random() < 0.3:
        steps.hearing(
            session,
            actor,
            c.number,
            day(rng.randint(10, 30)),
            "Klager heeft de klacht toegelicht.",
            False,
            None,
        )
    if rng.random() < 0.15 and age > 35:
        steps.extend(
            session,
            actor,
            c.number,
            rng.choice([2, 4]),
            "Onderzoek bij de ketenpartner loopt nog.",
            day(35),
            False,
        )
    if age > 45 and rng.random() < 0.85:
        closed = day(rng.randint(15, 45 + 7 * c.extension_weeks + rng.choice([0, 0, 0, 10])))
        steps.close(
            session,
            actor,
            c.number,
            on=closed,
            verdict=VERDICTS[i % len(VERDICTS)],
            measure=rng.choice(MEASURES),
            satisfied=rng.choice(SATISFACTION),
            ombudsman_named=True,
        )


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
                number=number, kind=kind, on=actor.today, output=Path(folder) / kind / ""
            )
            make_letter(session, actor, request)
            session.flush()


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
