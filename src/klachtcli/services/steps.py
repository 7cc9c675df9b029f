"""Every step of handling a complaint (SPEC §4): check, change, dossier event, audit — one place."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from klachtcli.domain import complaint as vocab
from klachtcli.domain.dates import fmt
from klachtcli.domain.deadlines import check_extension, contact_tracked
from klachtcli.domain.lifecycle import (
    CLOSING,
    HEARING_WAIVERS,
    NOT_HANDLING_GROUNDS,
    OUTCOME_FIELDS,
    REOPEN_KINDS,
    REOPEN_NEW_FACTS,
    check_step_date,
    transition,
)
from klachtcli.domain.notices import contract_ended
from klachtcli.domain.routing import partner_may_handle
from klachtcli.domain.text import LONG, choice, clean_text, file_name, required_text
from klachtcli.errors import InputError
from klachtcli.services.audit import Actor, changes, record
from klachtcli.services.calendar import load_calendar
from klachtcli.services.complaints import add_event, complaint_record, get_complaint
from klachtcli.services.partners import get_partner
from klachtcli.services.terms import refresh_deadlines, terms_of
from klachtcli.store.models import Closing, Complaint, ComplaintPartner, Event

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    name: str
    media_type: str
    data: bytes
    sha256: str


def read_attachment(path: Path) -> Attachment:
    if not path.is_file():
        raise InputError(f"Bijlage {path} bestaat niet of is geen bestand.")
    size = path.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise InputError(
            f"Bijlage {path.name} is te groot ({size // (1024 * 1024)} MB; maximaal "
            f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB)."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Bijlage {path} kan niet worden gelezen: {exc.strerror}.") from exc
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Attachment(path.name, media_type, data, hashlib.sha256(data).hexdigest())


@dataclass
class StepResult:
    complaint: Complaint
    message: str
    warning: str | None = None


@contextmanager
def _step(
    session: Session, actor: Actor, number: str, step: str
) -> Iterator[tuple[Complaint, dict[str, Any]]]:
    """Load, and move the complaint to the phase the lifecycle table gives for the step (or
    refuse it); afterwards audit exactly what the step changed."""
    complaint = get_complaint(session, number, for_change=True)
    phase = transition(step, complaint.status, complaint.handler, complaint.number)
    before = complaint_record(complaint)
    complaint.status = phase
    yield complaint, before
    session.add(complaint)
    old, new = changes(before, complaint_record(complaint))
    record(
        session, actor, entity="klacht", key=complaint.number, action=step, before=old, after=new
    )


def _date(on: date, complaint: Complaint, actor: Actor, what: str) -> date:
    check_step_date(on, complaint.received, actor.today, what)
    return on


def confirm(session: Session, actor: Actor, number: str, on: date) -> StepResult:
    with _step(session, actor, number, "bevestigen") as (c, _):
        if c.confirmed_on is not None:
            raise InputError(
                f"De ontvangst van {c.number} is al bevestigd op {fmt(c.confirmed_on)}; "
                "leg een latere brief vast met `klacht document` of `klacht notitie`."
            )
        c.confirmed_on = _date(on, c, actor, "de ontvangstbevestiging")
        add_event(session, actor, c, "bevestigd", on, "Ontvangst schriftelijk bevestigd (Awb 9:6).")
    return StepResult(c, f"Ontvangstbevestiging van {c.number} vastgelegd op {fmt(on)}.")


def forward(
    session: Session,
    actor: Actor,
    number: str,
    partner_code: str,
    on: date,
    reason: str | None = None,
) -> StepResult:
    with _step(session, actor, number, "doorsturen") as (c, _):
        _date(on, c, actor, "doorsturen")
        partner = get_partner(session, partner_code)
        ended = contract_ended(partner.code, partner.contract_end, actor.today)
        reason = clean_text(reason, "reden", multiline=True)
        if ended and reason is None:
            raise InputError(
                f"Doorsturen kan niet: {ended}, dus behandelt de gemeente {c.number} zelf. "
                'Toch doorsturen kan alleen met --reden "…".'
            )
        if reason and not ended:
            raise InputError(
                "--reden hoort bij doorsturen naar een partner met een beëindigd contract."
            )
        linked = session.exec(
            select(ComplaintPartner).where(ComplaintPartner.complaint_id == c.id)
        ).all()
        linked_ids = {row.partner_id for row in linked}
        refusal = partner_may_handle(max(1, len(linked_ids)))
        if refusal:
            raise InputError(f"Doorsturen kan niet: {refusal}")
        if linked_ids and partner.id not in linked_ids:
            raise InputError(
                f"Klacht {c.number} gaat niet over {partner.code}; doorsturen kan alleen naar "
                "een ketenpartner waar de klacht over gaat."
            )
        if not linked_ids:
            assert c.id is not None and partner.id is not None
            session.add(ComplaintPartner(complaint_id=c.id, partner_id=partner.id))
        c.handler = "partner"
        c.handler_partner_id = partner.id
        c.forwarded_on = on
        # The partner's terms run from its own date of receipt (SPEC §3).
        refresh_deadlines(c, load_calendar(session))
        add_event(
            session,
            actor,
            c,
            "doorgestuurd",
            on,
            f"Doorgestuurd naar {partner.name} ({partner.code}); terugkoppeling verwacht."
            + (f" Ondanks beëindigd contract, reden: {reason}" if reason else ""),
        )
    return StepResult(
        c,
        f"{c.number} doorgestuurd naar {partner.code} op {fmt(on)}; afhandeling door de partner "
        f"uiterlijk {fmt(c.handling_due)}.",
    )


def contact(session: Session, actor: Actor, number: str, on: date, note: str | None) -> StepResult:
    with _step(session, actor, number, "contact") as (c, _):
        if c.contact_on is not None:
            raise InputError(
                f"Het eerste contact met de klager is al vastgelegd op {fmt(c.contact_on)}; "
                "leg later contact vast met `klacht notitie`."
            )
        c.contact_on = _date(on, c, actor, "het contact")
        add_event(
            session,
            actor,
            c,
            "contact",
            on,
            clean_text(note, "notitie", limit=LONG, multiline=True)
            or "Contact opgenomen met de klager.",
        )
    late = c.contact_due is not None and on > c.contact_due
    warning = f"Let op: na de contacttermijn ({fmt(c.contact_due)})." if late else None
    return StepResult(c, f"Contact met de klager van {c.number} vastgelegd op {fmt(on)}.", warning)


def hearing(
    session: Session,
    actor: Actor,
    number: str,
    on: date,
    report: str | None,
    waived: bool,
    ground: str | None,
) -> StepResult:
    with _step(session, actor, number, "horen") as (c, _):
        _date(on, c, actor, "het horen")
        if waived:
            if ground is None:
                raise InputError(
                    "Bij --afgezien hoort --grond: " + ", ".join(HEARING_WAIVERS) + "."
                )
            reason = choice(ground, HEARING_WAIVERS, "grond")
            text = f"Afgezien van horen (Awb 9:10 lid 2), grond: {reason}."
            extra = clean_text(report, "verslag", limit=LONG, multiline=True)
            add_event(session, actor, c, "horen-afgezien", on, f"{text} {extra or ''}".strip())
            message = f"Afzien van horen bij {c.number} vastgelegd ({reason})."
        else:
            if ground is not None:
                raise InputError("--grond hoort bij --afgezien.")
            verslag = required_text(
                report, "verslag van het hoorgesprek (--verslag)", limit=LONG, multiline=True
            )
            add_event(session, actor, c, "hoorgesprek", on, verslag)
            message = f"Hoorgesprek bij {c.number} vastgelegd op {fmt(on)}."
    return StepResult(c, message)


def extend(
    session: Session,
    actor: Actor,
    number: str,
    weeks: int,
    reason: str,
    on: date,
    consent: bool,
    *,
    consent_on: date | None = None,
    notice_on: date | None = None,
) -> StepResult:
    with _step(session, actor, number, "verdagen") as (c, _):
        _date(on, c, actor, "de verdaging")
        if consent_on is not None and not consent:
            raise InputError("--instemming-op hoort bij --instemming-klager.")
        problem = check_extension(c.extension_weeks, weeks, consent, on=on, due=c.handling_due)
        if problem:
            consent_would_help = not consent and "instemming" in problem
            hint = (
                " Met schriftelijke instemming: --instemming-klager." if consent_would_help else ""
            )
            raise InputError(problem + hint)
        why = required_text(reason, "reden", multiline=True)
        if consent:
            consent_on = _date(consent_on or on, c, actor, "de instemming van de klager")
            c.extension_consent_on = consent_on
        if notice_on is not None:
            _date(notice_on, c, actor, "de mededeling van de verdaging")
        old_due = c.handling_due
        c.extension_weeks += weeks
        c.extension_consent = c.extension_consent or consent
        # The written notice (Awb 9:11 lid 2) is due before the deadline that was extended;
        # one still missing from an earlier extension keeps its earlier date.
        pending = c.extension_notice_due if c.extension_notice_on is None else None
        c.extension_notice_due = min(pending, old_due) if pending else old_due
        c.extension_notice_on = notice_on
        refresh_deadlines(c, load_calendar(session))
        consent_text = (
            f" met schriftelijke instemming van de klager van {fmt(consent_on)}" if consent else ""
        )
        notice_text = (
            f" Mededeling aan klager en beklaagde verstuurd op {fmt(notice_on)}."
            if notice_on
            else ""
        )
        period = "1 week" if weeks == 1 else f"{weeks} weken"
        add_event(
            session,
            actor,
            c,
            "verdaagd",
            on,
            f"Verdaagd met {period}{consent_text}: {why}. Termijn van {fmt(old_due)} naar "
            f"{fmt(c.handling_due)}.{notice_text}",
        )
    warning = None
    if notice_on is None:
        warning = (
            f"Let op: de schriftelijke mededeling aan klager en beklaagde is nog niet vastgelegd "
            f"(uiterlijk {fmt(c.extension_notice_due)}): maak haar met `klacht brief {c.number} "
            "verdaging` of leg haar vast met `klacht verdagen … --mededeling DATUM`."
        )
    return StepResult(
        c,
        f"{c.number} verdaagd met {period} (totaal {c.extension_weeks}); afhandelen "
        f"uiterlijk {fmt(c.handling_due)}.",
        warning,
    )


def _close(c: Complaint, step: str, on: date) -> None:
    c.closed_on = on
    c.closing_kind = CLOSING[step]


def _late(c: Complaint, on: date) -> str | None:
    if on > c.handling_due:
        return f"Let op: afgesloten na de termijn ({fmt(c.handling_due)})."
    return None


def feedback(
    session: Session,
    actor: Actor,
    number: str,
    *,
    closed_on: date,
    satisfied: str,
    verdict: str | None,
    measure: str | None,
    attachment: Attachment | None,
    on: date,
) -> StepResult:
    with _step(session, actor, number, "terugkoppeling") as (c, _):
        _date(closed_on, c, actor, "afhandeling door de partner")
        _date(on, c, actor, "de terugkoppeling")
        if c.forwarded_on is not None and closed_on < c.forwarded_on:
            raise InputError(
                f"De partner kan niet hebben afgehandeld ({fmt(closed_on)}) vóór het doorsturen "
                f"({fmt(c.forwarded_on)})."
            )
        if on < closed_on:
            raise InputError("De terugkoppeling kan niet eerder zijn dan de afhandeling.")
        c.satisfied = choice(satisfied, vocab.SATISFACTION, "tevreden")
        c.verdict = choice(verdict, vocab.VERDICTS, "oordeel") if verdict else None
        c.measure = clean_text(measure, "maatregel", limit=LONG, multiline=True)
        c.feedback_on = on
        _close(c, "terugkoppeling", closed_on)
        event = add_event(
            session,
            actor,
            c,
            "terugkoppeling",
            on,
            f"Partner meldt afgehandeld op {fmt(closed_on)}; klager tevreden: {c.satisfied}"
            + (f"; oordeel {c.verdict}" if c.verdict else "")
            + (f"; maatregel: {c.measure}" if c.measure else "")
            + ".",
        )
        _attach(event, attachment)
    return StepResult(
        c, f"Terugkoppeling op {c.number} vastgelegd; klacht gesloten.", _late(c, closed_on)
    )


def _attach(event: Event, attachment: Attachment | None) -> None:
    if attachment is None:
        return
    event.attachment = attachment.data
    event.attachment_name = file_name(attachment.name, "de bijlage")
    event.attachment_type = attachment.media_type
    event.attachment_sha256 = attachment.sha256


def close(
    session: Session,
    actor: Actor,
    number: str,
    *,
    on: date,
    verdict: str,
    measure: str | None,
    satisfied: str | None,
    ombudsman_named: bool,
) -> StepResult:
    with _step(session, actor, number, "afhandelen") as (c, _):
        _date(on, c, actor, "afhandeling")
        c.verdict = choice(verdict, vocab.VERDICTS, "oordeel")
        c.measure = clean_text(measure, "maatregel", limit=LONG, multiline=True)
        if satisfied is not None:
            c.satisfied = choice(satisfied, vocab.SATISFACTION, "tevreden")
        c.ombudsman_named = ombudsman_named
        _close(c, "afhandelen", on)
        add_event(
            session,
            actor,
            c,
            "afgehandeld",
            on,
            f"Afgehandeld, oordeel {c.verdict}"
            + (f"; maatregel: {c.measure}" if c.measure else "")
            + (
                "; ombudsman vermeld in de brief"
                if ombudsman_named
                else "; ombudsman NIET vermeld in de brief"
            )
            + ".",
        )
    warning = _late(c, on)
    if not ombudsman_named:
        warning = (warning + " " if warning else "") + (
            "Let op: de afhandelingsbrief moet de ombudsman noemen (Awb 9:12 lid 2)."
        )
    return StepResult(c, f"{c.number} afgehandeld ({c.verdict}) op {fmt(on)}.", warning)


def satisfaction(
    session: Session, actor: Actor, number: str, satisfied: str, on: date
) -> StepResult:
    with _step(session, actor, number, "tevredenheid") as (c, _):
        _date(on, c, actor, "de tevredenheidsmeting")
        c.satisfied = choice(satisfied, vocab.SATISFACTION, "tevreden")
        add_event(session, actor, c, "tevredenheid", on, f"Klager tevreden: {c.satisfied}.")
    return StepResult(c, f"Tevredenheid bij {c.number} vastgelegd: {c.satisfied}.")


def not_handling(
    session: Session, actor: Actor, number: str, ground: str, on: date, note: str | None
) -> StepResult:
    with _step(session, actor, number, "niet-behandelen") as (c, _):
        _date(on, c, actor, "de mededeling")
        code = choice(ground, tuple(NOT_HANDLING_GROUNDS), "grond")
        # Like every term of the complaint it runs from deadline_start: the receipt, or for a
        # forwarded complaint the partner's receipt (SPEC §3); `klacht uitleg` counts the same.
        notice = terms_of(c, load_calendar(session)).computed["niet-behandelen"]
        c.notice_due = notice.due
        c.not_handling_ground = code
        _close(c, "niet-behandelen", on)
        extra = clean_text(note, "toelichting", limit=LONG, multiline=True)
        add_event(
            session,
            actor,
            c,
            "niet-behandelen",
            on,
            f"Niet in behandeling genomen: {NOT_HANDLING_GROUNDS[code]}. Schriftelijk "
            f"meegedeeld op {fmt(on)}." + (f" {extra}" if extra else ""),
        )
    warning = None
    if on > notice.due:
        warning = f"Let op: mededeling na de termijn van Awb 9:8 lid 3 ({fmt(notice.due)})."
    return StepResult(c, f"{c.number} niet in behandeling genomen ({code}).", warning)


def withdraw(
    session: Session, actor: Actor, number: str, on: date, reason: str | None
) -> StepResult:
    with _step(session, actor, number, "intrekken") as (c, _):
        _date(on, c, actor, "de intrekking")
        _close(c, "intrekken", on)
        why = clean_text(reason, "reden", limit=LONG, multiline=True)
        add_event(
            session,
            actor,
            c,
            "ingetrokken",
            on,
            "Klacht ingetrokken door de klager" + (f": {why}" if why else "."),
        )
    return StepResult(c, f"{c.number} ingetrokken op {fmt(on)}.")


def _keep_closing(session: Session, c: Complaint, on: date, kind: str) -> Closing:
    """Move the closing being undone into the complaint's history (SPEC §4)."""
    assert c.id is not None and c.closed_on is not None and c.closing_kind is not None
    closing = Closing(
        complaint_id=c.id,
        closed_on=c.closed_on,
        kind=c.closing_kind,
        verdict=c.verdict,
        measure=c.measure,
        satisfied=c.satisfied,
        ombudsman_named=c.ombudsman_named,
        feedback_on=c.feedback_on,
        handler=c.handler,
        handling_due=c.handling_due,
        notice_due=c.notice_due,
        extension_weeks=c.extension_weeks,
        contact_on=c.contact_on,
        contact_due=c.contact_due,
        reopened_on=on,
        reopen_kind=kind,
        created_at=datetime.now(UTC),
    )
    session.add(closing)
    for outcome in OUTCOME_FIELDS:
        setattr(c, outcome, None)
    return closing


def reopen(
    session: Session, actor: Actor, number: str, reason: str, on: date, kind: str
) -> StepResult:
    """Open a closed complaint again. New facts make it a new complaint in law, with fresh terms
    from `on`; a closing by mistake keeps the original terms (SPEC §4)."""
    with _step(session, actor, number, "heropenen") as (c, _):
        _date(on, c, actor, "heropenen")
        if c.closed_on is not None and on < c.closed_on:
            raise InputError(
                f"De datum van heropenen ({fmt(on)}) ligt vóór de afsluiting van de klacht "
                f"({fmt(c.closed_on)})."
            )
        case = choice(kind, REOPEN_KINDS, "soort heropening")
        why = required_text(reason, "reden", multiline=True)
        closing = _keep_closing(session, c, on, case)
        if case == REOPEN_NEW_FACTS:
            c.reopened_on = on
            c.contact_on = None  # the new complaint gets its own first contact
        refresh_deadlines(c, load_calendar(session))
        previous = f"{closing.kind} op {fmt(closing.closed_on)}"
        add_event(session, actor, c, "heropend", on, f"Heropend ({case}; was {previous}): {why}")
    if case == REOPEN_NEW_FACTS:
        contact = f"contact uiterlijk {fmt(c.contact_due)}, " if contact_tracked(c.handler) else ""
        message = (
            f"{c.number} heropend met nieuwe feiten; de termijnen lopen opnieuw vanaf {fmt(on)}: "
            f"{contact}afhandeling uiterlijk {fmt(c.handling_due)}."
        )
    else:
        message = (
            f"{c.number} heropend (vergissing); de oorspronkelijke termijnen gelden: "
            f"afhandeling uiterlijk {fmt(c.handling_due)}."
        )
    warning = None
    if c.handling_due < on:
        warning = f"Let op: de afhandelingstermijn ({fmt(c.handling_due)}) is al verstreken."
    return StepResult(c, message, warning)


def note(session: Session, actor: Actor, number: str, text: str, on: date) -> StepResult:
    with _step(session, actor, number, "notitie") as (c, _):
        _date(on, c, actor, "de notitie")
        add_event(
            session,
            actor,
            c,
            "notitie",
            on,
            required_text(text, "notitie", limit=LONG, multiline=True),
        )
    return StepResult(c, f"Notitie toegevoegd aan {c.number}.")


def document(
    session: Session,
    actor: Actor,
    number: str,
    attachment: Attachment,
    description: str | None,
    on: date,
) -> StepResult:
    with _step(session, actor, number, "document") as (c, _):
        _date(on, c, actor, "het document")
        event = add_event(
            session,
            actor,
            c,
            "document",
            on,
            clean_text(description, "omschrijving", limit=LONG, multiline=True) or attachment.name,
        )
        _attach(event, attachment)
    return StepResult(
        c, f"Document {attachment.name} ({len(attachment.data)} bytes) toegevoegd aan {c.number}."
    )
