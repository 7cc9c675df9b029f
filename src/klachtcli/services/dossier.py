"""Exporting a dossier (WA §9, SPEC §7): summary, events as JSON, and the attachments as files."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from sqlmodel import Session, col, select

from klachtcli.errors import InputError
from klachtcli.outfile import os_reason
from klachtcli.render.dossier import summary_text
from klachtcli.render.output import json_text
from klachtcli.services.complaints import complaint_dict, get_complaint
from klachtcli.store.models import Event

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _write_private(path: Path, data: bytes) -> None:
    """Files of a dossier hold personal data: owner-only, created fresh."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def export(session: Session, number: str, target: Path) -> Path:
    """Write the dossier into a new folder `target/<nummer>`; returns that folder."""
    complaint = get_complaint(session, number)
    data = complaint_dict(session, complaint)
    folder = target / complaint.number
    if folder.exists():
        raise InputError(f"{folder} bestaat al; kies een andere map voor de export.")
    try:
        folder.mkdir(parents=True, mode=0o700)
    except OSError as exc:
        raise InputError(f"Kan de export niet schrijven in {target}: {os_reason(exc)}.") from None
    try:
        _write_private(folder / "samenvatting.txt", summary_text(data).encode())
        _write_private(
            folder / "dossier.json",
            json_text(data, indent=2, default=str).encode(),
        )
        events = session.exec(
            select(Event)
            .where(Event.complaint_id == complaint.id, col(Event.attachment).is_not(None))
            .order_by(col(Event.id))
        ).all()
        if events:
            (folder / "bijlagen").mkdir(mode=0o700)
        for event in events:
            assert event.attachment is not None
            if hashlib.sha256(event.attachment).hexdigest() != event.attachment_sha256:
                raise InputError(
                    f"Bijlage {event.attachment_name} van {complaint.number} is beschadigd "
                    "(SHA-256 klopt niet); draai `klacht db check`."
                )
            name = _UNSAFE.sub("_", Path(event.attachment_name or "bijlage").name)
            _write_private(folder / "bijlagen" / f"{event.id}-{name}", event.attachment)
    except BaseException as exc:
        # Half an export of personal data is worse than none, and it would block a retry.
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, OSError):
            reason = os_reason(exc)
            raise InputError(f"Kan de export niet schrijven in {target}: {reason}.") from None
        raise
    return folder
