"""The append-only audit log. It never holds personal data, so purging a dossier keeps it whole."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from klachtcli.store.models import AuditEntry

# Fields whose values stay out of the audit log: only the fact that they changed is recorded.
PERSONAL_FIELDS = frozenset(
    {
        "complainant_name",
        "complainant_email",
        "complainant_phone",
        "message_id",
        "client",
        "description",
        "text",
        "attachment",
        "notes",
        "measure",
        "override_reason",
        "provision",
        "voorziening",
        "client_ref",
        "reason",
        "decision_reason",
        # Dutch keys of records that are audited in their display shape
        "notities",
        "reden",
        "maatregel",
        "besluit_reden",
    }
)


@dataclass(frozen=True)
class Actor:
    employee: str
    command: str
    today: date


def _scrub(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    safe = {
        key: ("(persoonsgegevens)" if key in PERSONAL_FIELDS and value is not None else value)
        for key, value in values.items()
    }
    return json.dumps(safe, default=str, ensure_ascii=False, sort_keys=True)


def record(
    session: Session,
    actor: Actor,
    *,
    entity: str,
    key: str,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=datetime.now(UTC),
            employee=actor.employee,
            command=actor.command,
            entity=entity,
            entity_key=key,
            action=action,
            before=_scrub(before),
            after=_scrub(after),
        )
    )


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, for a compact audit entry."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}
