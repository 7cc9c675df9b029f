"""Registering a complaint from an e-mail (`klacht nieuw --uit-mail`): the complaint, the original
message and its attachments as dossier documents — one transaction."""

from __future__ import annotations

import hashlib

from sqlmodel import Session, select

from klachtcli.domain.mail import MailFile
from klachtcli.errors import InputError
from klachtcli.services.audit import Actor, record
from klachtcli.services.complaints import NewComplaint, Registered, add_event, register
from klachtcli.services.steps import Attachment
from klachtcli.services.steps import _attach as attach
from klachtcli.store.models import Complaint


def refuse_duplicate(session: Session, message_id: str | None) -> None:
    """The same message is registered once: a second time names the first complaint."""
    if message_id is None:
        return
    number = session.exec(
        select(Complaint.number).where(Complaint.message_id == message_id)
    ).first()
    if number is not None:
        raise InputError(
            f"Dit bericht is al geregistreerd als {number} (Message-ID {message_id}); "
            f"zie `klacht toon {number}`."
        )


def register_mail(
    session: Session,
    actor: Actor,
    data: NewComplaint,
    original: MailFile,
    attachments: list[MailFile],
) -> Registered:
    refuse_duplicate(session, data.message_id)
    result = register(session, actor, data)
    complaint = result.complaint
    stored = [(original, "De oorspronkelijke e-mail van de klager.")] + [
        (file, f"Bijlage bij de e-mail: {file.name}") for file in attachments
    ]
    for file, text in stored:
        event = add_event(session, actor, complaint, "document", data.received, text)
        attach(
            event,
            Attachment(
                file.name, file.media_type, file.data, hashlib.sha256(file.data).hexdigest()
            ),
        )
    record(
        session,
        actor,
        entity="klacht",
        key=complaint.number,
        action="uit-mail",
        after={"documenten": len(stored)},
    )
    return result
