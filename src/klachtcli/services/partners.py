"""Use-cases for the ketenpartners."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from klachtcli.domain.text import check_code, clean_text, required_text
from klachtcli.errors import InputError
from klachtcli.services.audit import Actor, changes, record
from klachtcli.store.models import ComplaintPartner, Partner

# JSON key -> attribute, in display order (SPEC §1, WA §3, §7, §9).
PARTNER_KEYS: dict[str, str] = {
    "code": "code",
    "naam": "name",
    "klachten_telefoon": "complaint_phone",
    "klachten_email": "complaint_email",
    "klachten_web": "complaint_web",
    "klachten_adres": "complaint_address",
    "functionaris_naam": "officer_name",
    "functionaris_email": "officer_email",
    "functionaris_telefoon": "officer_phone",
    "contractmanager_naam": "contract_manager_name",
    "contractmanager_email": "contract_manager_email",
    "contract_start": "contract_start",
    "contract_einde": "contract_end",
    "overdracht_op": "handover_on",
}
DATE_ATTRS = frozenset({"contract_start", "contract_end", "handover_on"})


def partner_dict(partner: Partner) -> dict[str, Any]:
    return {key: getattr(partner, attr) for key, attr in PARTNER_KEYS.items()}


def get_partner(session: Session, code: str) -> Partner:
    normalized = code.strip().lower()
    partner = session.exec(select(Partner).where(Partner.code == normalized)).first()
    if partner is None:
        known = session.exec(select(Partner.code).order_by(Partner.code)).all()
        hint = f" Bekende partners: {', '.join(known)}." if known else " Er zijn nog geen partners."
        raise InputError(f"Onbekende ketenpartner {code!r}.{hint}")
    return partner


def list_partners(session: Session) -> list[Partner]:
    return list(session.exec(select(Partner).order_by(Partner.code)).all())


def _validated(values: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for attr, value in values.items():
        if attr in DATE_ATTRS:
            clean[attr] = value
        elif attr == "name":
            clean[attr] = required_text(value, "naam")
        else:
            clean[attr] = clean_text(value, attr.replace("_", " "))
    start, end = clean.get("contract_start"), clean.get("contract_end")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        raise InputError("Het contract kan niet eindigen vóór het begint.")
    return clean


def add_partner(session: Session, actor: Actor, code: str, values: dict[str, Any]) -> Partner:
    slug = check_code(code, "partnercode")
    if session.exec(select(Partner).where(Partner.code == slug)).first() is not None:
        raise InputError(f"Er is al een ketenpartner met code {slug!r}.")
    partner = Partner(code=slug, **_validated(values))
    session.add(partner)
    record(
        session, actor, entity="partner", key=slug, action="toevoegen", after=partner_dict(partner)
    )
    return partner


def update_partner(session: Session, actor: Actor, code: str, values: dict[str, Any]) -> Partner:
    partner = get_partner(session, code)
    if not values:
        raise InputError("Niets te wijzigen: geef minstens één optie, bijvoorbeeld --naam.")
    before = partner_dict(partner)
    merged = {attr: getattr(partner, attr) for attr in PARTNER_KEYS.values() if attr != "code"}
    merged.update(values)
    for attr, value in _validated(merged).items():
        setattr(partner, attr, value)
    session.add(partner)
    old, new = changes(before, partner_dict(partner))
    record(
        session, actor, entity="partner", key=partner.code, action="wijzigen", before=old, after=new
    )
    return partner


def codes_by_id(session: Session) -> dict[int, str]:
    return {pid: code for pid, code in session.exec(select(Partner.id, Partner.code)).all() if pid}


def codes_by_complaint(session: Session, *, only: Any = None) -> dict[int, list[str]]:
    """For every complaint, or for those whose ids the subquery ``only`` selects, the codes of
    the partners it concerns, sorted. One query: listings and reports would otherwise ask per
    complaint. (IN (subquery), not a join with complaint: with a join SQLite read all of
    complaint_partner instead of the selected complaints' rows.)"""
    query = (
        select(ComplaintPartner.complaint_id, Partner.code)
        .join(Partner, col(Partner.id) == col(ComplaintPartner.partner_id))
        .order_by(col(Partner.code))
    )
    if only is not None:
        query = query.where(col(ComplaintPartner.complaint_id).in_(only))
    found: dict[int, list[str]] = {}
    for complaint_id, code in session.exec(query):
        found.setdefault(complaint_id, []).append(code)
    return found
