"""Where the register lives: a SQLite file or a PostgreSQL database (SPEC §11).

Light on purpose (the standard library only): every command parses --db / KLACHT_DB through it
before anything heavy is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


@dataclass(frozen=True)
class Server:
    """A register in a PostgreSQL database. ``str()`` never shows the password."""

    url: str = field(repr=False)

    @property
    def password(self) -> str | None:
        value = urlsplit(self.url).password
        return unquote(value) if value else None

    @property
    def dsn(self) -> str:
        """The URL as libpq understands it (without SQLAlchemy's +driver suffix)."""
        scheme, rest = self.url.split("://", 1)
        return f"postgresql://{rest}" if scheme != "postgresql" else self.url

    @property
    def sqlalchemy_url(self) -> str:
        return "postgresql+psycopg://" + self.url.split("://", 1)[1]

    @property
    def shown(self) -> str:
        parts = urlsplit(self.dsn)
        netloc = parts.hostname or ""
        if parts.port:
            netloc = f"{netloc}:{parts.port}"
        if parts.username:
            netloc = f"{unquote(parts.username)}@{netloc}"
        return f"postgresql://{netloc}{parts.path}"

    def scrub(self, text: str) -> str:
        """A driver's message with the password, should it appear, blanked out."""
        secret = self.password
        return text.replace(secret, "***") if secret else text

    def __str__(self) -> str:
        return self.shown


Register = Path | Server


def parse(text: str | Path) -> Register:
    """A --db value: a postgresql:// URL names a server, anything else a file."""
    value = str(text)
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme in SERVER_SCHEMES:
        return Server(value)
    return Path(value)
