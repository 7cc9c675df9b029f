"""Reading a complaint that arrived by e-mail (`klacht nieuw --uit-mail BERICHT.eml`): what the
message says about the complaint. Pure: bytes in, a Mail out; the e-mail package is only
imported when a message is read."""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import PurePath
from typing import TYPE_CHECKING

from klachtcli.domain.text import LONG, SHORT
from klachtcli.errors import InputError

if TYPE_CHECKING:
    from email.message import EmailMessage

TIMEZONE = "Europe/Amsterdam"  # the team's dates are Amsterdam dates (SPEC §3)
_HEADERS = ("from", "date", "subject", "message-id", "to")
_CUT = "\n\n[… ingekort; het volledige bericht zit als document in het dossier]"


@dataclass(frozen=True)
class MailFile:
    """The original message or one of its attachments, to be stored in the dossier."""

    name: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Mail:
    message_id: str | None
    received: date | None  # the Date header as an Amsterdam date; None: see date_problem
    date_problem: str | None
    sender_name: str | None
    sender_address: str | None
    subject: str | None
    description: str | None  # subject and text, ready for the dossier; None when both empty
    attachments: list[MailFile] = field(default_factory=list)


def parse_mail(raw: bytes, name: str) -> Mail:
    """Read an RFC 5322 message (.eml). Refuses what is no e-mail at all; a missing or
    unreadable Date is reported in `date_problem` so the caller can fall back."""
    import email
    import email.policy

    if not raw.strip():
        raise InputError(f"{name} is leeg; dat is geen e-mailbericht.")
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        present = [h for h in _HEADERS if msg.get(h) is not None]
    except Exception as exc:  # the parser is lenient; what it still cannot take is no mail
        raise InputError(f"{name} is geen leesbaar e-mailbericht ({exc}).") from None
    if not present:
        raise InputError(
            f"{name} is geen e-mailbericht: er staan geen kopregels in zoals From, Date of "
            "Subject. Sla de e-mail op als .eml-bestand (Outlook-.msg wordt nog niet gelezen)."
        )
    received, problem = _received(msg)
    sender_name, sender_address = _sender(msg)
    subject = _one_line(str(msg.get("subject") or ""))
    text = _body_text(msg)
    return Mail(
        message_id=_one_line(str(msg.get("message-id") or ""))[:SHORT] or None,
        received=received,
        date_problem=problem,
        sender_name=sender_name,
        sender_address=sender_address,
        subject=subject or None,
        description=_description(subject, text),
        attachments=_attachments(msg),
    )


def _received(msg: EmailMessage) -> tuple[date | None, str | None]:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    header = msg.get("date")
    if header is None:
        return None, "het bericht heeft geen Date-kopregel"
    moment = getattr(header, "datetime", None)
    if moment is None:
        return None, f"de Date-kopregel {str(header)!r} is onleesbaar"
    try:
        zone = ZoneInfo(TIMEZONE)
    except ZoneInfoNotFoundError:
        raise InputError(
            f"De tijdzone {TIMEZONE} is niet beschikbaar; installeer het pakket tzdata."
        ) from None
    if moment.tzinfo is None:  # "-0000": time zone unknown; read it as Amsterdam time
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(zone).date(), None


def _sender(msg: EmailMessage) -> tuple[str | None, str | None]:
    header = msg.get("from")
    addresses = getattr(header, "addresses", ()) if header is not None else ()
    if not addresses:
        return None, None
    first = addresses[0]
    name = _one_line(first.display_name)[:SHORT] or None
    address = _one_line(first.addr_spec)[:SHORT] or None
    return name, address if address and "@" in address else None


def _body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    return clean_block(content)


def _description(subject: str, text: str) -> str | None:
    parts = [f"Onderwerp: {subject}"] if subject else []
    if text:
        parts.append(text)
    if not parts:
        return None
    description = "\n\n".join(parts)
    if len(description) > LONG:
        description = description[: LONG - len(_CUT)].rstrip() + _CUT
    return description


def _attachments(msg: EmailMessage) -> list[MailFile]:
    found: list[MailFile] = []
    for number, part in enumerate(msg.iter_attachments(), start=1):
        media_type = part.get_content_type()
        content = part.get_content()
        if isinstance(content, bytes):
            data = content
        elif isinstance(content, str):
            data = content.encode("utf-8")
        else:  # an attached message (message/rfc822)
            data = content.as_bytes()
        found.append(
            MailFile(_file_name(part.get_filename(), number, media_type), media_type, data)
        )
    return found


def _file_name(given: str | None, number: int, media_type: str) -> str:
    """A plain file name: no folders, no control characters, not empty."""
    name = _one_line(PurePath((given or "").replace("\\", "/")).name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")[:200]
    if name.strip(". "):
        return name
    return f"bijlage-{number}{mimetypes.guess_extension(media_type) or '.bin'}"


def _one_line(text: str) -> str:
    return " ".join(clean_block(text).split())


def clean_block(text: str) -> str:
    """Text as the register keeps it: newlines as \\n, no other control characters, no
    trailing spaces, at most one empty line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        c if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs") else " " for c in text
    )
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _HtmlText(HTMLParser):
    # a paragraph-like block stands apart; a line break, list item or table row starts a line
    _BLOCKS = frozenset("p div h1 h2 h3 h4 h5 h6 blockquote pre table ul ol section".split())
    _LINES = frozenset({"br", "li", "tr"})
    _HIDDEN = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")
        elif tag in self._LINES:
            self.parts.append("\n- " if tag == "li" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The readable text of an HTML mail: blocks on their own lines, scripts and styles out."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
