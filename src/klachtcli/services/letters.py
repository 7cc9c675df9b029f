"""Letters from templates (SPEC §9): make, store in the dossier, record what they prove; and the
register's own templates (`klacht sjabloon`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from klachtcli.domain import letters as L
from klachtcli.domain.dates import fmt
from klachtcli.domain.lifecycle import check_step, check_step_date
from klachtcli.domain.text import LONG, clean_text, file_name
from klachtcli.errors import InputError
from klachtcli.render import docx as D
from klachtcli.services.audit import Actor, changes, record
from klachtcli.services.complaints import add_event, complaint_record, events_of, get_complaint
from klachtcli.store.models import Complaint, ComplaintPartner, LetterTemplate, Partner

FORMATS = ("docx", "txt")


@dataclass(frozen=True)
class LetterRequest:
    number: str
    kind: str
    on: date
    output: Path | None = None
    format: str = "docx"
    pdf: bool = False
    draft: bool = False
    note: str | None = None
    overwrite: bool = False


@dataclass(frozen=True)
class MadeLetter:
    recipient: str
    role: str
    paths: tuple[Path, ...]


@dataclass(frozen=True)
class LetterResult:
    number: str
    kind: str
    letters: tuple[MadeLetter, ...]
    recorded: str | None  # what the dossier now says the letter proves; None for a concept


def _partner_facts(p: Partner) -> L.PartnerFacts:
    return L.PartnerFacts(
        code=p.code,
        name=p.name,
        officer_name=p.officer_name,
        officer_email=p.officer_email,
        officer_phone=p.officer_phone,
        complaint_address=p.complaint_address,
        complaint_email=p.complaint_email,
        complaint_phone=p.complaint_phone,
        complaint_web=p.complaint_web,
    )


def _last_extension_reason(session: Session, c: Complaint) -> str | None:
    """The reason of the latest extension, from its dossier event (services.steps.extend)."""
    for event in reversed(events_of(session, c)):
        if event.kind == "verdaagd" and event.text:
            head = event.text.split(". Termijn van ", 1)[0]
            return head.split(": ", 1)[1] if ": " in head else None
    return None


def _routing_reasons(c: Complaint) -> tuple[str, ...]:
    if c.override_reason:
        return (c.override_reason.rstrip(".") + ".",)
    return tuple(L.ROUTING_PLAIN[r] for r in c.rules.split(",") if r in L.ROUTING_PLAIN)


def letter_facts(session: Session, c: Complaint) -> L.LetterFacts:
    partners = session.exec(
        select(Partner)
        .join(ComplaintPartner, col(ComplaintPartner.partner_id) == col(Partner.id))
        .where(ComplaintPartner.complaint_id == c.id)
        .order_by(col(Partner.code))
    ).all()
    handling = session.get(Partner, c.handler_partner_id) if c.handler_partner_id else None
    return L.LetterFacts(
        number=c.number,
        phase=c.status,
        received=c.received,
        handler=c.handler,
        lodged_with=c.lodged_with,
        complainant_name=c.complainant_name or "klager",
        complainant_email=c.complainant_email,
        complainant_phone=c.complainant_phone,
        client=c.client,
        category=c.category,
        provision=c.provision,
        description=c.description,
        handling_due=c.handling_due,
        contact_due=c.contact_due if c.handler == "gemeente" else None,
        forwarded_on=c.forwarded_on,
        confirmed_on=c.confirmed_on,
        extension_weeks=c.extension_weeks,
        extension_consent=c.extension_consent,
        closed_on=c.closed_on,
        closing_kind=c.closing_kind,
        not_handling_ground=c.not_handling_ground,
        verdict=c.verdict,
        measure=c.measure,
        routing_reasons=_routing_reasons(c),
        handling_partner=_partner_facts(handling) if handling else None,
        partners=tuple(_partner_facts(p) for p in partners),
        last_extension_reason=_last_extension_reason(session, c),
        previous_due=c.extension_notice_due,
    )


def template_bytes(session: Session, kind: str) -> bytes:
    own = session.get(LetterTemplate, kind)
    return own.data if own is not None else D.default_template(kind)


def _file_names(req: LetterRequest, recipients: list[L.Recipient], ext: str) -> list[Path]:
    suffixes = []
    for r in recipients:
        if len(recipients) == 1:
            suffixes.append("")
        elif r.role == "klager":
            suffixes.append("-klager")
        else:
            suffixes.append(f"-{r.partner.code}" if r.partner else "-beklaagde")
    base = f"{req.number}-{req.kind}"
    out = req.output
    if out is None or out.is_dir() or str(out).endswith(("/", "\\")):
        folder = out or Path(".")
        _make_folder(folder)
        return [folder / f"{base}{s}.{ext}" for s in suffixes]
    if out.suffix.lower() not in ("", f".{ext}"):
        raise InputError(f"--uitvoer {out} past niet bij --formaat {ext} (verwacht .{ext}).")
    stem = out.with_suffix("")
    return [stem.parent / f"{stem.name}{s}.{ext}" for s in suffixes]


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise InputError(f"Kan map {folder} niet aanmaken: {exc.strerror or exc}.") from None


# What each letter records in the dossier: the proof it gives (SPEC §9 table).
def _record_effect(c: Complaint, kind: str, on: date, facts: L.LetterFacts) -> str:
    if kind == L.ONTVANGST:
        c.confirmed_on = on
        return "Ontvangst schriftelijk bevestigd (Awb 9:6)"
    if kind == L.DOORZENDING:
        partner = facts.handling_partner.name if facts.handling_partner else "de ketenpartner"
        return f"Klager schriftelijk geïnformeerd dat {partner} de klacht behandelt en waarom"
    if kind == L.TERUGKOPPELING:
        return f"Terugkoppeling gevraagd, uiterlijk {fmt(c.handling_due)} (WA §5a)"
    if kind == L.VERDAGING:
        c.extension_notice_on = on
        return (
            f"Verdaging tot {fmt(c.handling_due)} schriftelijk meegedeeld aan klager en "
            "beklaagde (Awb 9:11 lid 2)"
        )
    if kind == L.NIET_BEHANDELEN:
        return f"Mededeling niet-behandelen verstuurd, grond {c.not_handling_ground} (Awb 9:8)"
    if kind == L.AFHANDELING:
        c.ombudsman_named = True
        return (
            f"Beslissing ({c.verdict}) schriftelijk meegedeeld, met de ombudsman en zijn termijn "
            "(Awb 9:12)"
        )
    return "Klager schriftelijk gevraagd of hij tevreden is (WA §6)"


def make_letter(session: Session, actor: Actor, req: LetterRequest) -> LetterResult:
    """Render the letter(s) of one kind, write them, and unless it is a concept store each in
    the dossier (event `brief`) with what it proves — one transaction."""
    kind = L.parse_kind(req.kind)
    fmt_ = req.format.strip().lower()
    if fmt_ not in FORMATS:
        raise InputError(f"Onbekend formaat {req.format!r}. Kies uit: {', '.join(FORMATS)}.")
    if req.pdf and fmt_ != "docx":
        raise InputError(
            "--pdf maakt een PDF van de Word-brief; gebruik het niet met --formaat txt."
        )
    if req.pdf:
        D.require_office()
    c = get_complaint(session, req.number, for_change=not req.draft)
    if not req.draft:
        check_step("brief", c.status, c.number)
    check_step_date(req.on, c.received, actor.today, "de brief")
    facts = letter_facts(session, c)
    L.check_letter(kind, facts)
    note = L.findings_note(
        kind,
        clean_text(req.note, "toelichting", limit=LONG, multiline=True),
        draft=req.draft,
    )
    recipients = L.recipients(kind, facts)
    paths = _file_names(req, recipients, fmt_)
    for path in paths:  # the dossier keeps each letter under its file name
        file_name(path.name, "de brief")

    made: list[tuple[L.Recipient, Path, bytes]] = []
    for recipient, path in zip(recipients, paths, strict=True):
        values = L.context(facts, recipient, on=req.on, employee=actor.employee, note=note)
        document = D.render(
            template_bytes(session, recipient.template), values, name=recipient.template
        )
        data = document if fmt_ == "docx" else D.text_of(document).encode("utf-8")
        made.append((recipient, path, data))
    if not req.overwrite:
        pdfs = [p.with_suffix(".pdf") for _, p, _ in made] if req.pdf else []
        existing = [str(p) for p in [*(p for _, p, _ in made), *pdfs] if p.exists()]
        if existing:
            raise InputError(f"Bestaat al: {', '.join(existing)}. Gebruik --overschrijven.")

    results = []
    for recipient, path, data in made:
        D.write_private(path, data, overwrite=req.overwrite)
        written = [path]
        if req.pdf:
            written.append(D.to_pdf(path, overwrite=req.overwrite))
        results.append(MadeLetter(recipient.name, recipient.role, tuple(written)))
    if req.draft:
        return LetterResult(c.number, kind, tuple(results), None)

    before = complaint_record(c)
    proof = _record_effect(c, kind, req.on, facts)
    for recipient, path, data in made:
        event = add_event(
            session,
            actor,
            c,
            "brief",
            req.on,
            f"Brief {kind} aan {recipient.name} ({recipient.role}). {proof}.",
        )
        event.attachment = data
        event.attachment_name = path.name
        event.attachment_type = D.DOCX_TYPE if fmt_ == "docx" else "text/plain"
        event.attachment_sha256 = hashlib.sha256(data).hexdigest()
    session.add(c)
    old, new = changes(before, complaint_record(c))
    new = {**new, "brief": kind}
    record(session, actor, entity="klacht", key=c.number, action="brief", before=old, after=new)
    return LetterResult(c.number, kind, tuple(results), proof)


# ---------------------------------------------------------------------------------------------
# The register's own templates (klacht sjabloon)


@dataclass(frozen=True)
class TemplateInfo:
    kind: str
    purpose: str
    source: str  # standaard | eigen
    file_name: str | None
    imported_at: datetime | None
    employee: str | None


def list_templates(session: Session) -> list[TemplateInfo]:
    own = {t.kind: t for t in session.exec(select(LetterTemplate))}
    result = []
    for kind in L.TEMPLATE_KINDS:
        t = own.get(kind)
        result.append(
            TemplateInfo(
                kind=kind,
                purpose=L.TEMPLATE_PURPOSE[kind],
                source="eigen" if t else "standaard",
                file_name=t.file_name if t else None,
                imported_at=t.imported_at if t else None,
                employee=t.employee if t else None,
            )
        )
    return result


def export_template(session: Session, kind: str, path: Path, overwrite: bool) -> Path:
    kind = L.parse_kind(kind, L.TEMPLATE_KINDS)
    target = path / f"{kind}.docx" if path.is_dir() else path
    D.write_private(target, template_bytes(session, kind), overwrite=overwrite)
    return target


def import_template(session: Session, actor: Actor, kind: str, path: Path) -> str:
    kind = L.parse_kind(kind, L.TEMPLATE_KINDS)
    file_name(path.name, "het sjabloon")
    if not path.is_file():
        raise InputError(f"Sjabloon {path} bestaat niet of is geen bestand.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Sjabloon {path} kan niet worden gelezen: {exc.strerror}.") from None
    D.check_template(data, tuple(L.FIELDS), L.example_context(), path.name)
    digest = hashlib.sha256(data).hexdigest()
    own = session.get(LetterTemplate, kind)
    before = {"bestand": own.file_name, "sha256": own.sha256} if own else None
    if own is None:
        own = LetterTemplate(
            kind=kind,
            file_name=path.name,
            data=data,
            sha256=digest,
            employee=actor.employee,
            imported_at=datetime.now(UTC),
        )
    else:
        own.file_name, own.data, own.sha256 = path.name, data, digest
        own.employee, own.imported_at = actor.employee, datetime.now(UTC)
    session.add(own)
    record(
        session,
        actor,
        entity="sjabloon",
        key=kind,
        action="importeer",
        before=before,
        after={"bestand": path.name, "sha256": digest},
    )
    return (
        f"Sjabloon {kind} ingelezen uit {path.name}; nieuwe brieven van deze soort gebruiken het."
    )


def restore_template(session: Session, actor: Actor, kind: str) -> str:
    kind = L.parse_kind(kind, L.TEMPLATE_KINDS)
    own = session.get(LetterTemplate, kind)
    if own is None:
        return f"Sjabloon {kind} is al het standaardsjabloon; er is niets gewijzigd."
    record(
        session,
        actor,
        entity="sjabloon",
        key=kind,
        action="herstel",
        before={"bestand": own.file_name, "sha256": own.sha256},
    )
    session.delete(own)
    return f"Sjabloon {kind} hersteld: nieuwe brieven gebruiken weer het standaardsjabloon."
