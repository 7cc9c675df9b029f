"""A complaint's terms as stored: the register's side of domain.deadlines.complaint_terms."""

from __future__ import annotations

from datetime import date

from klachtcli.domain import complaint as vocab
from klachtcli.domain.calendar import Calendar
from klachtcli.domain.deadlines import CONTACT, HANDLING, NOT_HANDLING, TermFacts, Terms
from klachtcli.domain.deadlines import complaint_terms as _complaint_terms
from klachtcli.store.models import Complaint


def _stored(complaint: Complaint) -> dict[str, tuple[date, str]]:
    stored: dict[str, tuple[date, str]] = {}
    if complaint.contact_due is not None:
        stored[CONTACT] = (complaint.contact_due, complaint.contact_rule or "")
    if complaint.handling_rule:  # empty only while a new complaint is being registered
        stored[HANDLING] = (complaint.handling_due, complaint.handling_rule)
    if complaint.notice_due is not None:
        stored[NOT_HANDLING] = (complaint.notice_due, "")
    return stored


def terms_of(complaint: Complaint, cal: Calendar) -> Terms:
    """Which start, extension and deadlines apply to the complaint, with today's calendar."""
    return _complaint_terms(
        cal,
        TermFacts(
            received=complaint.received,
            forwarded_on=complaint.forwarded_on,
            reopened_on=complaint.reopened_on,
            contact_on=complaint.contact_on,
            closed=complaint.status == vocab.CLOSED,
            extension_weeks=complaint.extension_weeks,
            stored_start=complaint.deadline_start if complaint.handling_rule else None,
            stored=_stored(complaint),
        ),
    )


def refresh_deadlines(complaint: Complaint, cal: Calendar) -> Terms:
    """Recompute and store the deadlines that apply, each with the rule that produced it."""
    terms = terms_of(complaint, cal)
    if terms.restarted:
        complaint.extension_consent = False
    complaint.deadline_start = terms.start
    complaint.extension_weeks = terms.extension_weeks
    complaint.contact_due, complaint.contact_rule = terms.current(CONTACT)
    complaint.handling_due, complaint.handling_rule = terms.current(HANDLING)
    return terms
