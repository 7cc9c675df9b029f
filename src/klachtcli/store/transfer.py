"""`klacht db kopieer`: a SQLite register into an empty PostgreSQL database (SPEC §11).

One transaction on the server: the schema through the same migrations, the rows the migrations
seeded replaced by the source's, every table copied, the serial counters moved past the copied
ids, then the counts and the attachments' SHA-256 checked. Anything wrong rolls it all back and
the database stays empty; the SQLite file is only read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from klachtcli.errors import InputError, RegisterError
from klachtcli.store import db, server
from klachtcli.store.models import metadata
from klachtcli.store.target import Register, Server

BATCH = 500


@dataclass
class Copied:
    target: Server
    counts: dict[str, int] = field(default_factory=dict)
    attachments: int = 0


def _attachment_sums(conn: Any) -> dict[int, str]:
    event = metadata.tables["event"]
    query = select(event.c.id, event.c.attachment).where(event.c.attachment.is_not(None))
    return {
        row.id: hashlib.sha256(row.attachment).hexdigest()
        for row in conn.execution_options(yield_per=BATCH).execute(query)
    }


def copy_register(source: Register, destination: Register) -> Copied:
    if not isinstance(source, Path):
        raise InputError(
            "db kopieer leest een SQLite-register (--db PAD); het register is nu al een "
            f"PostgreSQL-database ({source})."
        )
    if not isinstance(destination, Server):
        raise InputError("--naar moet een PostgreSQL-adres zijn: postgresql://gebruiker@host/db.")
    db.ensure_current(source)
    timeout = db.busy_timeout_ms()
    if server.existing_version(destination, timeout)[0]:
        raise InputError(
            f"De database van {destination} bevat al een register; db kopieer schrijft alleen "
            "in een lege database. Er is niets gewijzigd."
        )
    src_engine = db.make_engine(source, immediate=False)
    try:
        with (
            server.errors_in_dutch(destination),
            server.migration_transaction(destination, timeout) as conn,
            src_engine.connect() as src,
        ):
            return _copy(src, conn, destination)
    finally:
        src_engine.dispose()


def _copy(src: Any, conn: Any, destination: Server) -> Copied:
    from alembic import command
    from alembic.config import Config

    if server.current_revision(conn) is not None:  # someone else was quicker
        raise InputError(f"De database van {destination} is niet meer leeg; er is niets gewijzigd.")
    cfg = Config()
    cfg.set_main_option("script_location", str(db.migrations_dir()).replace("%", "%%"))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, db.HEAD)
    # SQLite holds the UTC wall time without a zone; store it as UTC.
    conn.execute(text("SET LOCAL TimeZone = 'UTC'"))
    tables = metadata.sorted_tables
    for table in reversed(tables):  # categories, settings, calendar seeded by the migrations
        conn.execute(table.delete())
    result = Copied(destination)
    for table in tables:
        rows = src.execution_options(yield_per=BATCH).execute(select(table)).mappings()
        for chunk in rows.partitions(BATCH):
            conn.execute(table.insert(), [dict(row) for row in chunk])
        if "id" in table.c:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f'coalesce(max(id), 1), max(id) IS NOT NULL) FROM "{table.name}"'
                )
            )
    for table in tables:
        count = select(func.count()).select_from(table)
        here, there = src.execute(count).scalar_one(), conn.execute(count).scalar_one()
        if here != there:
            raise RegisterError(
                f"Controle mislukt: tabel {table.name} heeft {there} rijen in plaats van "
                f"{here}. Er is niets gekopieerd."
            )
        result.counts[table.name] = int(here)
    before, after = _attachment_sums(src), _attachment_sums(conn)
    if before != after:
        wrong = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        raise RegisterError(
            f"Controle mislukt: de controlesom van {len(wrong)} bijlage(n) klopt niet "
            f"(gebeurtenis {wrong[0]}). Er is niets gekopieerd."
        )
    result.attachments = len(after)
    return result
