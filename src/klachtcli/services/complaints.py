"""Use-cases for complaints: registration with routing advice, lookup and listing."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select as select_columns
from sqlalchemy import text
from sqlmodel import Session, col, select

from klachtcli.domain import complaint as vocab
from klachtcli.domain.lifecycle import open_phase
from klachtcli.domain.notices import contract_ended, passed_deadlines
from klachtcli.domain.routing import (
    GEMEENTE,
    PARTNER,
    Advice,
    RoutingFacts,
    advise,
    lodged_refusal,
    partner_may_handle,
)
from klachtcli.domain.text import LONG, choice, clean_text, required_text
from klachtcli.errors import InputError
from klachtcli.services.audit import Actor, record
from klachtcli.services.calendar import load_calendar
from klachtcli.services.partners import codes_by_complaint, get_partner
from klachtcli.services.terms import refresh_deadlines, terms_of
from klachtcli.store.models import (
    OPEN_CONDITION,
    Category,
    Closing,
    Complaint,
    ComplaintPartner,
    Event,
    Partner,
)
from klachtcli.store.numbers import next_seq


@dataclass
class NewComplaint:
    received: date
    channel: str
    lodged_with: str
    complainant_name: str
    category: str
    description: str
    partners: list[str] = field(default_factory=list)
    complainant_email: str | None = None
    complainant_phone: str | None = None
    client: str | None = None
    provision: str | None = None
    complex: bool = False
    earlier_at_partner: bool = False
    wants_municipality: bool = False
    to_administrator: bool = False
    forwarded_on: date | None = None
    handler: str | None = None
    reason: str | None = None
    message_id: str | None = None


@dataclass
class Registered:
    complaint: Complaint
    advice: Advice
    partner: Partner | None
    warnings: list[str] = field(default_factory=list)


def get_category(session: Session, code: str) -> Category:
    category = session.get(Category, code.strip().lower())
    if category is None:
        known = session.exec(select(Category.code).order_by(Category.code)).all()
        raise InputError(f"Onbekende categorie {code!r}. Kies uit: {', '.join(known)}.")
    return category


def get_complaint(session: Session, number: str, *, for_change: bool = False) -> Complaint:
    """The complaint with this number; `for_change` refuses a purged dossier, which must stay
    an anonymous statistical row (SPEC §7)."""
    normalized = vocab.parse_number(number)
    query = select(Complaint).where(Complaint.number == normalized)
    # On PostgreSQL two steps on one complaint queue here instead of overwriting each other.
    found = session.exec(query.with_for_update() if for_change else query).first()
    if found is None:
        raise InputError(f"Klacht {normalized} bestaat niet in dit register.")
    if for_change and found.purged_on is not None:
        raise InputError(
            f"Het dossier van {normalized} is opgeschoond op {found.purged_on:%d-%m-%Y} "
            "(bewaartermijn); het kan niet meer worden gewijzigd."
        )
    return found


def add_event(
    session: Session,
    actor: Actor,
    complaint: Complaint,
    kind: str,
    on: date,
    text: str | None = None,
) -> Event:
    assert complaint.id is not None
    event = Event(
        complaint_id=complaint.id,
        kind=kind,
        on=on,
        employee=actor.employee,
        text=text,
        created_at=datetime.now(UTC),
    )
    session.add(event)
    return event


def _validate(session: Session, data: NewComplaint, today: date) -> tuple[list[Partner], Category]:
    if data.received > today:
        raise InputError("De ontvangstdatum ligt in de toekomst.")
    partners: list[Partner] = []
    for code in data.partners:
        partner = get_partner(session, code)
        if partner not in partners:
            partners.append(partner)
    return partners, get_category(session, data.category)


def _decide_handler(data: NewComplaint, advice: Advice) -> tuple[str, str | None]:
    if data.handler is None:
        if data.reason:
            raise InputError("--reden hoort bij --behandelaar (afwijken van het advies).")
        return advice.handler, None
    handler = choice(data.handler, vocab.HANDLERS, "behandelaar")
    reason = clean_text(data.reason, "reden", multiline=True)
    if reason is None:
        raise InputError(
            f"Afwijken van het routeringsadvies ({advice.handler}) kan alleen met --reden."
        )
    return handler, reason


def register(
    session: Session, actor: Actor, data: NewComplaint, *, save: bool = True
) -> Registered:
    """Validate, advise, number, compute deadlines and store — one transaction. With
    `save=False` nothing is stored: the preview that interactive `nieuw` shows first."""
    data = replace(
        data,
        channel=vocab.parse_channel(data.channel),
        lodged_with=choice(data.lodged_with, vocab.LODGED_WITH, "ingediend-bij"),
    )
    partners, category = _validate(session, data, actor.today)
    refusal = lodged_refusal(data.lodged_with, len(partners))
    if refusal:
        raise InputError(refusal)
    advice = advise(
        RoutingFacts(
            partners=tuple(p.code for p in partners),
            lodged_with=data.lodged_with,
            category=category.code,
            complex=data.complex,
            earlier_at_partner=data.earlier_at_partner,
            wants_municipality=data.wants_municipality,
            to_administrator=data.to_administrator,
        )
    )
    advice, warnings = _without_ended_partner(advice, partners, actor.today)
    handler, reason = _decide_handler(data, advice)
    handling_partner: Partner | None = None
    if handler == PARTNER:
        refusal = partner_may_handle(len(partners))
        if refusal:
            raise InputError(refusal[0].upper() + refusal[1:])
        handling_partner = partners[0]
        ended = contract_ended(handling_partner.code, handling_partner.contract_end, actor.today)
        if ended and reason:
            warnings.append(f"Let op: {ended}; de partner behandelt toch (reden: {reason}).")

    forwarded_on: date | None = None
    if handler == PARTNER and data.lodged_with != PARTNER:
        forwarded_on = data.forwarded_on or data.received
        if forwarded_on < data.received or forwarded_on > actor.today:
            raise InputError("De datum van doorsturen moet tussen de ontvangst en vandaag liggen.")
    elif data.forwarded_on is not None:
        raise InputError(
            "--doorgestuurd geldt alleen voor een klacht die de gemeente naar een "
            "ketenpartner stuurt."
        )

    year = data.received.year
    seq = next_seq(session, year)
    complaint = Complaint(
        number=vocab.format_number(year, seq),
        year=year,
        seq=seq,
        received=data.received,
        channel=data.channel,
        lodged_with=data.lodged_with,
        complainant_name=required_text(data.complainant_name, "klager"),
        complainant_email=clean_text(data.complainant_email, "e-mail klager"),
        complainant_phone=clean_text(data.complainant_phone, "telefoon klager"),
        message_id=data.message_id,
        client=clean_text(data.client, "namens cliënt"),
        category=category.code,
        provision=clean_text(data.provision, "voorziening"),
        description=required_text(data.description, "omschrijving", limit=LONG, multiline=True),
        complex=data.complex,
        earlier_at_partner=data.earlier_at_partner,
        wants_municipality=data.wants_municipality,
        to_administrator=data.to_administrator,
        rules=",".join(advice.rules),
        advised_handler=advice.handler,
        handler=handler,
        handler_partner_id=handling_partner.id if handling_partner else None,
        override_reason=reason,
        forwarded_on=forwarded_on,
        status=open_phase(handler),
        deadline_start=data.received,  # refresh_deadlines decides which start applies
        handling_due=data.received,
        handling_rule="",
        created_at=datetime.now(UTC),
    )
    refresh_deadlines(complaint, load_calendar(session))
    warnings += passed_deadlines(
        actor.today,
        contact_due=complaint.contact_due,
        handling_due=complaint.handling_due,
        contact_tracked=handler != PARTNER,
    )
    if not save:
        return Registered(complaint, advice, handling_partner, warnings)
    session.add(complaint)
    session.flush()
    assert complaint.id is not None
    for partner in partners:
        assert partner.id is not None
        session.add(ComplaintPartner(complaint_id=complaint.id, partner_id=partner.id))

    add_event(session, actor, complaint, "ontvangen", data.received, _receipt_text(complaint))
    if forwarded_on is not None and handling_partner is not None:
        add_event(
            session,
            actor,
            complaint,
            "doorgestuurd",
            forwarded_on,
            f"Doorgestuurd naar {handling_partner.name} ({handling_partner.code}).",
        )
    after = complaint_record(complaint)
    after["partners"] = [p.code for p in partners]
    record(session, actor, entity="klacht", key=complaint.number, action="nieuw", after=after)
    if handler != advice.handler:
        record(
            session,
            actor,
            entity="klacht",
            key=complaint.number,
            action="afwijken-advies",
            before={"behandelaar": advice.handler, "regels": list(advice.rules)},
            after={"behandelaar": handler, "reden": reason},
        )
    return Registered(complaint, advice, handling_partner, warnings)


def _without_ended_partner(
    advice: Advice, partners: list[Partner], today: date
) -> tuple[Advice, list[str]]:
    """A partner whose contract has ended cannot handle: the advice becomes the gemeente,
    with the same rules and a warning that says why and how to override."""
    if advice.handler != PARTNER:
        return advice, []
    ended = contract_ended(partners[0].code, partners[0].contract_end, today)
    if ended is None:
        return advice, []
    return replace(advice, handler=GEMEENTE, partner=None), [
        f"Let op: {ended}; die partner kan de klacht niet meer behandelen, dus behandelt de "
        'gemeente haar. Afwijken kan met --behandelaar partner --reden "…".'
    ]


def _receipt_text(complaint: Complaint) -> str:
    return (
        f"Klacht ontvangen via {complaint.channel}, ingediend bij {complaint.lodged_with}; "
        f"advies {complaint.advised_handler} ({complaint.rules})."
    )


def complaint_record(complaint: Complaint) -> dict[str, Any]:
    """The complaint's own columns, for the audit log (which scrubs personal fields)."""
    return {
        name: getattr(complaint, name)
        for name in Complaint.model_fields
        if name not in {"id", "created_at"}
    }


def partner_codes(session: Session, complaint: Complaint) -> list[str]:
    rows = session.exec(
        select(Partner.code)
        .join(ComplaintPartner, col(ComplaintPartner.partner_id) == col(Partner.id))
        .where(ComplaintPartner.complaint_id == complaint.id)
        .order_by(Partner.code)
    ).all()
    return list(rows)


def handler_partner_code(session: Session, complaint: Complaint) -> str | None:
    if complaint.handler_partner_id is None:
        return None
    partner = session.get(Partner, complaint.handler_partner_id)
    return partner.code if partner else None


def events_of(session: Session, complaint: Complaint) -> list[Event]:
    return list(
        session.exec(
            select(Event)
            .where(Event.complaint_id == complaint.id)
            .order_by(col(Event.on), col(Event.id))
        ).all()
    )


def closings_of(session: Session, complaint: Complaint) -> list[Closing]:
    """The earlier closings of a reopened complaint, oldest first."""
    return list(
        session.exec(
            select(Closing)
            .where(Closing.complaint_id == complaint.id)
            .order_by(col(Closing.closed_on), col(Closing.id))
        ).all()
    )


def _recalculated(session: Session, complaint: Complaint) -> dict[str, date]:
    """Deadlines that stand as judged while today's calendar would give another (SPEC §6)."""
    terms = terms_of(complaint, load_calendar(session))
    found = {kind: terms.recalculated(kind) for kind in terms.kept}
    return {kind: due for kind, due in found.items() if due is not None}


def complaint_dict(session: Session, complaint: Complaint) -> dict[str, Any]:
    """The SPEC §5 shape of `klacht toon --json`, plus the rest of the dossier."""
    return {
        "nummer": complaint.number,
        "status": vocab.public_status(complaint.status),
        "fase": complaint.status,
        "ontvangen": complaint.received,
        "kanaal": complaint.channel,
        "ingediend_bij": complaint.lodged_with,
        "categorie": complaint.category,
        "voorziening": complaint.provision,
        "partners": partner_codes(session, complaint),
        "behandelaar": complaint.handler,
        "behandelaar_partner": handler_partner_code(session, complaint),
        "regels": [r for r in complaint.rules.split(",") if r],
        "advies_behandelaar": complaint.advised_handler,
        "reden_afwijking": complaint.override_reason,
        "doorgestuurd_op": complaint.forwarded_on,
        "termijnen": {"contact": complaint.contact_due, "afhandeling": complaint.handling_due},
        "termijn_regels": {
            "contact": complaint.contact_rule,
            "afhandeling": complaint.handling_rule,
        },
        "termijnen_kalender_nu": _recalculated(session, complaint),
        "heropend_op": complaint.reopened_on,
        "bevestigd_op": complaint.confirmed_on,
        "contact_op": complaint.contact_on,
        "verdaagd_weken": complaint.extension_weeks,
        "instemming_klager_op": complaint.extension_consent_on,
        "mededeling_verdaging_uiterlijk": complaint.extension_notice_due,
        "mededeling_verdaging_op": complaint.extension_notice_on,
        "afgehandeld_op": complaint.closed_on,
        "afsluiting": complaint.closing_kind,
        "oordeel": complaint.verdict,
        "maatregel": complaint.measure,
        "tevreden": complaint.satisfied,
        "eerdere_afsluitingen": [
            {
                "afgehandeld_op": k.closed_on,
                "afsluiting": k.kind,
                "oordeel": k.verdict,
                "maatregel": k.measure,
                "tevreden": k.satisfied,
                "termijn": k.handling_due,
                "heropend_op": k.reopened_on,
                "heropend_wegens": k.reopen_kind,
            }
            for k in closings_of(session, complaint)
        ],
        "bewaren": complaint.legal_hold,
        "opgeschoond_op": complaint.purged_on,
        "klager": {
            "naam": complaint.complainant_name,
            "email": complaint.complainant_email,
            "telefoon": complaint.complainant_phone,
        },
        "namens_client": complaint.client,
        "omschrijving": complaint.description,
        "gebeurtenissen": [
            {
                "soort": e.kind,
                "datum": e.on,
                "medewerker": e.employee,
                "tekst": e.text,
                "bijlage": e.attachment_name,
            }
            for e in events_of(session, complaint)
        ],
    }


@dataclass(frozen=True)
class ListFilter:
    status: str = "open"
    partner: str | None = None
    category: str | None = None
    handler: str | None = None
    since: date | None = None
    until: date | None = None


# What a listing shows; loading whole rows (descriptions, flags) made long lists slow.
_LIST_COLUMNS = (
    "id",
    "number",
    "seq",
    "received",
    "channel",
    "category",
    "handler",
    "status",
    "contact_due",
    "handling_due",
    "closed_on",
    "complainant_name",
    "complainant_email",
    "complainant_phone",
)


def list_complaints(session: Session, flt: ListFilter) -> tuple[list[Any], dict[int, list[str]]]:
    """Rows (attribute access like a Complaint) of the listed columns matching the filter, in
    order of receipt, and the partner codes (sorted) of those complaints only."""
    where = _list_conditions(session, flt)
    rows = session.execute(
        select_columns(*(col(getattr(Complaint, name)) for name in _LIST_COLUMNS))
        .where(*where)
        .order_by(col(Complaint.received), col(Complaint.seq))
    ).all()
    partners = codes_by_complaint(session, only=select_columns(col(Complaint.id)).where(*where))
    return list(rows), partners


def _list_conditions(session: Session, flt: ListFilter) -> list[Any]:
    where: list[Any] = []
    status = choice(flt.status, ("open", "gesloten", "alle"), "status")
    if status == "open":
        # Says what the partial index of open complaints says, so the database can use it.
        where.append(text(OPEN_CONDITION))
    elif status == "gesloten":
        where.append(col(Complaint.status) == vocab.CLOSED)
    if flt.partner:
        partner = get_partner(session, flt.partner)
        where.append(
            col(Complaint.id).in_(
                select(ComplaintPartner.complaint_id).where(
                    ComplaintPartner.partner_id == partner.id
                )
            )
        )
    if flt.category:
        where.append(col(Complaint.category) == get_category(session, flt.category).code)
    if flt.handler:
        handler = choice(flt.handler, vocab.HANDLERS, "behandelaar")
        where.append(col(Complaint.handler) == handler)
    if flt.since:
        where.append(col(Complaint.received) >= flt.since)
    if flt.until:
        where.append(col(Complaint.received) <= flt.until)
    if flt.since and flt.until and flt.until < flt.since:
        raise InputError("--tot ligt vóór --van.")
    return where


def known_codes(session: Session) -> tuple[list[str], list[str]]:
    """Category and partner codes, for prompts."""
    categories = list(session.exec(select(Category.code).order_by(Category.code)).all())
    partners = list(session.exec(select(Partner.code).order_by(Partner.code)).all())
    return categories, partners
