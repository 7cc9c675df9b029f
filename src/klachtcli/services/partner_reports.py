"""Partners' quarterly reports (WA §10, SPEC §10): the template, reading a filled one in, and
which reports are missing (klacht termijnen)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from klachtcli.domain import complaint as vocab
from klachtcli.domain.dates import fmt
from klachtcli.domain.deadlines import meetings_tracked
from klachtcli.domain.partner_report import (
    COLUMNS,
    SHEET,
    SOURCE,
    Forwarded,
    ReportLine,
    check_rows,
)
from klachtcli.domain.report import Quarter, parse_quarter
from klachtcli.domain.text import file_name
from klachtcli.errors import InputError
from klachtcli.services.audit import Actor, changes, record
from klachtcli.services.calendar import load_calendar
from klachtcli.services.complaints import (
    NewComplaint,
    add_event,
    complaint_record,
    get_complaint,
    register,
)
from klachtcli.services.partners import get_partner
from klachtcli.services.retention import PARTNER_REPORT_DAYS, number_setting
from klachtcli.services.steps import feedback
from klachtcli.services.terms import refresh_deadlines
from klachtcli.store.models import (
    Category,
    Complaint,
    ComplaintPartner,
    Partner,
    PartnerReport,
    PartnerReportRow,
)


def _forwarded(session: Session, partner: Partner) -> list[Complaint]:
    """Complaints of the register (not from a partner report) that this partner handles."""
    return list(
        session.exec(
            select(Complaint)
            .where(
                col(Complaint.handler_partner_id) == partner.id,
                col(Complaint.source).is_(None),
            )
            .order_by(col(Complaint.received), col(Complaint.seq))
        )
    )


def _categories(session: Session) -> list[str]:
    return list(session.exec(select(Category.code).order_by(col(Category.code))).all())


# --------------------------------------------------------------------------------------------
# The template


def template(
    session: Session, code: str, quarter: Quarter, path: Path, now: datetime
) -> tuple[Path, int]:
    """Write the workbook the partner fills in; returns its path and the rows listed: the
    register's complaints this partner handles that it received in the quarter (forwarded, or
    registered by the team as lodged with the partner) or that still waited for feedback at
    its end."""
    from klachtcli.render.xlsx import write_partner_template

    partner = get_partner(session, code)
    listed = [
        Forwarded(
            number=c.number,
            received=c.forwarded_on or c.received,
            channel=c.channel,
            category=c.category,
        )
        for c in _forwarded(session, partner)
        if (c.forwarded_on or c.received) <= quarter.end
        and (
            quarter.contains(c.forwarded_on or c.received)
            or c.closed_on is None
            or c.closed_on > quarter.end
        )
    ]
    write_partner_template(
        path,
        partner=partner.code,
        partner_name=partner.name,
        quarter=quarter,
        rows=listed,
        categories=_categories(session),
        generated_at=now,
    )
    return path, len(listed)


# --------------------------------------------------------------------------------------------
# Reading a report in


@dataclass
class ImportResult:
    new: int = 0
    updated: int = 0
    feedback: int = 0
    unchanged: int = 0
    already_read: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "nieuw": self.new,
            "bijgewerkt": self.updated,
            "terugkoppeling": self.feedback,
            "ongewijzigd": self.unchanged,
            "al_ingelezen": self.already_read,
        }


def _read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The filled rows of the report's sheet by column header; refuses a file that is not
    such a workbook."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(f"Bestand {path} bestaat niet.") from None
    except Exception as error:  # zip, XML and openpyxl's own errors alike
        raise InputError(f"{path} is geen Excel-werkmap (.xlsx): {error}.") from None
    try:
        if SHEET not in wb.sheetnames:
            raise InputError(f"{path} heeft geen blad '{SHEET}'; gebruik het sjabloon.")
        rows = wb[SHEET].iter_rows(values_only=True)
        header = [str(v).strip() if v is not None else "" for v in next(rows, ())]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise InputError(
                f"Blad '{SHEET}' mist de kolom(men) {', '.join(missing)}; gebruik het sjabloon."
            )
        index = {name: header.index(name) for name in COLUMNS}
        for number, values in enumerate(rows, start=2):
            cells = {name: values[i] if i < len(values) else None for name, i in index.items()}
            if any(v is not None and str(v).strip() for v in cells.values()):
                yield number, cells
    finally:
        wb.close()


def import_report(
    session: Session, actor: Actor, path: Path, code: str, quarter: Quarter
) -> ImportResult:
    """Check every row first; on any problem raise them all and change nothing. Then apply
    the rows, and remember the file (one transaction)."""
    partner = get_partner(session, code)
    file_name(Path(path).name, "het partnerrapport")
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"Kan {path} niet lezen: {error.strerror or error}.") from None
    lines, problems = check_rows(
        _read_rows(Path(path)),
        quarter=quarter,
        today=actor.today,
        categories=_categories(session),
        forwarded=[c.number for c in _forwarded(session, partner)],
    )
    if problems:
        raise InputError(
            f"Partnerrapport niet ingelezen: {len(problems)} probleem/problemen; er is niets "
            "gewijzigd.\n" + "\n".join(problems)
        )
    sha256 = hashlib.sha256(content).hexdigest()
    return read_in(session, actor, partner, quarter, lines, Path(path).name, sha256)


def read_in(
    session: Session,
    actor: Actor,
    partner: Partner,
    quarter: Quarter,
    lines: Sequence[ReportLine],
    file_name: str,
    sha256: str,
) -> ImportResult:
    """Apply checked lines and remember the report, unless this very file was read before."""
    result = apply_lines(session, actor, partner, quarter, lines)
    assert partner.id is not None
    seen = session.exec(
        select(PartnerReport).where(
            PartnerReport.partner_id == partner.id,
            PartnerReport.quarter == quarter.label,
            PartnerReport.sha256 == sha256,
        )
    ).first()
    if seen is not None:
        result.already_read = True
        return result
    session.add(
        PartnerReport(
            partner_id=partner.id,
            quarter=quarter.label,
            file_name=file_name,
            sha256=sha256,
            rows=len(lines),
            imported_on=actor.today,
            employee=actor.employee,
            created_at=datetime.now(UTC),
        )
    )
    record(
        session,
        actor,
        entity="partnerrapport",
        key=f"{partner.code} {quarter.label}",
        action="inlezen",
        after={"bestand": file_name, "sha256": sha256, **result.to_dict()},
    )
    return result


def apply_lines(
    session: Session, actor: Actor, partner: Partner, quarter: Quarter, lines: Sequence[ReportLine]
) -> ImportResult:
    """Apply checked lines: a K-number completes that complaint's feedback, other lines add or
    correct a partner-reported complaint, found again by the partner's reference."""
    assert partner.id is not None
    result = ImportResult()
    for line in lines:
        known = session.exec(
            select(PartnerReportRow).where(
                PartnerReportRow.partner_id == partner.id, PartnerReportRow.reference == line.key
            )
        ).first()
        if line.number is not None:
            complaint = get_complaint(session, line.number, for_change=True)
            _feedback_or_correct(session, actor, complaint, line, result)
        elif known is not None:
            complaint = get_complaint_by_id(session, known.complaint_id)
            _correct(session, actor, complaint, line, result, own=True)
        else:
            complaint = _new(session, actor, partner, line)
            result.new += 1
        if known is None:
            assert complaint.id is not None
            session.add(
                PartnerReportRow(
                    partner_id=partner.id,
                    reference=line.key,
                    complaint_id=complaint.id,
                    quarter=quarter.label,
                )
            )
    return result


def get_complaint_by_id(session: Session, complaint_id: int) -> Complaint:
    complaint = session.get(Complaint, complaint_id)
    assert complaint is not None  # partner_report_row.complaint_id is a foreign key
    return complaint


def _new(session: Session, actor: Actor, partner: Partner, line: ReportLine) -> Complaint:
    """A complaint lodged with the partner that the gemeente never saw (SPEC §10)."""
    assert line.channel is not None and line.category is not None and partner.id is not None
    preview = register(
        session,
        actor,
        NewComplaint(
            received=line.received,
            channel=line.channel,
            lodged_with="partner",
            complainant_name="(partnerrapport)",  # the partner reports no names
            category=line.category,
            description=f"Gemeld in het kwartaalrapport van {partner.name}, referentie "
            f"{line.reference}.",
            partners=[partner.code],
        ),
        save=False,
    )
    complaint = preview.complaint
    complaint.complainant_name = None
    complaint.source = SOURCE
    complaint.contact_on = line.contact_on
    session.add(complaint)
    session.flush()
    assert complaint.id is not None
    session.add(ComplaintPartner(complaint_id=complaint.id, partner_id=partner.id))
    add_event(
        session,
        actor,
        complaint,
        "ontvangen",
        line.received,
        f"Bij {partner.name} ingediend; gemeld in het kwartaalrapport (referentie "
        f"{line.reference}).",
    )
    record(
        session,
        actor,
        entity="klacht",
        key=complaint.number,
        action="partnerrapport",
        after={**complaint_record(complaint), "partners": [partner.code]},
    )
    if line.closed_on is not None:
        _record_feedback(session, actor, complaint, line)
    return complaint


def _record_feedback(
    session: Session, actor: Actor, complaint: Complaint, line: ReportLine
) -> None:
    assert line.closed_on is not None
    feedback(
        session,
        actor,
        complaint.number,
        closed_on=line.closed_on,
        satisfied=line.satisfied or "onbekend",
        verdict=line.verdict,
        measure=line.measure,
        attachment=None,
        on=max(actor.today, line.closed_on),
    )


def _feedback_or_correct(
    session: Session, actor: Actor, complaint: Complaint, line: ReportLine, result: ImportResult
) -> None:
    if line.closed_on is None:
        result.unchanged += 1
    elif complaint.status != vocab.CLOSED:
        _record_feedback(session, actor, complaint, line)
        result.feedback += 1
    else:
        _correct(session, actor, complaint, line, result, own=False)


_OUTCOME = ("closed_on", "verdict", "measure", "satisfied")
_OWN = ("received", "channel", "category", "contact_on")


def _correct(
    session: Session,
    actor: Actor,
    complaint: Complaint,
    line: ReportLine,
    result: ImportResult,
    *,
    own: bool,
) -> None:
    """Bring a complaint in line with a corrected row; nothing happens when it already is."""
    if complaint.status != vocab.CLOSED:
        if line.closed_on is not None:
            _correct_fields(session, actor, complaint, line, _OWN if own else ())
            _record_feedback(session, actor, complaint, line)
            result.updated += 1
            return
    fields = (_OWN if own else ()) + (_OUTCOME if line.closed_on is not None else ())
    if _correct_fields(session, actor, complaint, line, fields):
        result.updated += 1
    else:
        result.unchanged += 1


def _correct_fields(
    session: Session,
    actor: Actor,
    complaint: Complaint,
    line: ReportLine,
    fields: Sequence[str],
) -> bool:
    wanted = {name: getattr(line, name) for name in fields}
    if all(getattr(complaint, name) == value for name, value in wanted.items()):
        return False
    before = complaint_record(complaint)
    for name, value in wanted.items():
        setattr(complaint, name, value)
    if "received" in wanted:
        complaint.deadline_start = complaint.received
        refresh_deadlines(complaint, load_calendar(session))
    session.add(complaint)
    old, new = changes(before, complaint_record(complaint))
    add_event(
        session,
        actor,
        complaint,
        "partnerrapport",
        actor.today,
        "Gecorrigeerd volgens het kwartaalrapport van de partner.",
    )
    record(
        session,
        actor,
        entity="klacht",
        key=complaint.number,
        action="partnerrapport-correctie",
        before=old,
        after=new,
    )
    return True


# --------------------------------------------------------------------------------------------
# Missing reports (klacht termijnen)


@dataclass(frozen=True)
class MissingReport:
    partner: str
    name: str
    quarter: Quarter
    due: date


def missing_reports(session: Session, peildatum: date) -> list[MissingReport]:
    """For each partner with a running contract, the quarters without a report read in; due
    the setting ``partnerrapport_dagen`` days after the quarter ends (SPEC §10).

    Checked are the quarters after the latest one the partner reported on, up to the last one
    that ended before ``peildatum``; for a partner that never reported, that last one only, so
    a register does not fill up with quarters from before reports were read in."""
    days = number_setting(session, PARTNER_REPORT_DAYS)
    read: dict[int, set[str]] = {}
    for partner_id, label in session.exec(select(PartnerReport.partner_id, PartnerReport.quarter)):
        read.setdefault(partner_id, set()).add(label)
    last = Quarter.containing(peildatum).previous()
    found = []
    for p in session.exec(select(Partner).order_by(col(Partner.code))):
        if p.id is None or p.contract_start is None or p.contract_start > peildatum:
            continue
        if not meetings_tracked(p.contract_end, peildatum):  # the contract must still run
            continue
        reported = sorted(parse_quarter(label) for label in read.get(p.id, ()))
        quarter = reported[-1].next() if reported else last
        while quarter <= last:
            if quarter.end >= p.contract_start and quarter.label not in read.get(p.id, ()):
                found.append(
                    MissingReport(p.code, p.name, quarter, quarter.end + timedelta(days=days))
                )
            quarter = quarter.next()
    return found


def missing_text(item: MissingReport) -> str:
    return (
        f"kwartaalrapport {item.quarter.label} van {item.name} inlezen "
        f"(kwartaal eindigde {fmt(item.quarter.end)})"
    )
