"""A register in a PostgreSQL database (SPEC §11): the server side of klachtcli.store.db.

The services do not know which database they run on; what differs lives here: connecting with
psycopg 3 (the optional extra `klacht[postgres]`), Dutch messages for the server's refusals,
the upgrade lock, VACUUM after a purge and pg_dump for backups.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from klachtcli.errors import InputError, KlachtError, RegisterError
from klachtcli.store.target import Server

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy.engine import Connection, Engine

# Any constant will do: the advisory lock that lets one process at a time migrate a database.
UPGRADE_LOCK = 0x6B6C6163  # "klac"
CONNECT_TIMEOUT = 10  # seconds to reach the server before saying it is unreachable

BUSY = "55P03", "40P01", "40001"  # lock_not_available, deadlock_detected, serialization_failure
NO_LOGIN = "28P01", "28000"  # invalid_password, invalid_authorization_specification


def _driver() -> Any:
    try:
        import psycopg
    except ImportError:
        raise RegisterError(
            "Voor een register in PostgreSQL is psycopg nodig. Installeer klacht met de extra: "
            "pip install 'klacht[postgres]'."
        ) from None
    return psycopg


def problem(exc: BaseException, server: Server) -> RegisterError:
    """The server's refusal in Dutch, exit 3; the password never appears in it."""
    state = getattr(exc, "sqlstate", None)
    text = server.scrub(str(exc)).strip()
    low = text.lower()
    if state in BUSY or "lock timeout" in low or "deadlock" in low:
        return RegisterError(
            f"Het register {server} is bezet door een ander proces (vergrendeld). "
            "Probeer het over een ogenblik opnieuw."
        )
    if state in NO_LOGIN or "password authentication failed" in low or "no password" in low:
        return RegisterError(
            f"Aanmelden bij {server} is mislukt: gebruikersnaam of wachtwoord onjuist, of geen "
            "toegang voor deze gebruiker (pg_hba.conf). Het wachtwoord kan in het adres, in "
            "PGPASSWORD of in ~/.pgpass staan."
        )
    if state == "3D000" or ("database" in low and "does not exist" in low):
        return RegisterError(
            f"De database van {server} bestaat niet op de server. Laat de beheerder haar "
            "aanmaken (createdb) en maak dan het register met `klacht init`."
        )
    if state == "42501":
        return RegisterError(
            f"De gebruiker van {server} heeft niet genoeg rechten in deze database ({text})."
        )
    if state == "25006":
        return RegisterError(f"Het register {server} kan niet worden geschreven (alleen-lezen).")
    if state is None and (
        "connect" in low or "timeout" in low or "refused" in low or "host" in low
    ):
        return RegisterError(
            f"De databaseserver van {server} is niet bereikbaar. Staat de server aan en kloppen "
            "host en poort?"
        )
    return RegisterError(f"Het register {server} kan niet worden gebruikt: {text}")


def busy_options(timeout_ms: int) -> str:
    """Waiting for another writer's lock ends like SQLite's busy timeout: exit 3, 'bezet'."""
    return f"-c lock_timeout={timeout_ms}"


@contextmanager
def connect(server: Server, timeout_ms: int, *, autocommit: bool = False) -> Iterator[Any]:
    """A plain psycopg connection (no SQLAlchemy), committed on success, always closed."""
    psycopg = _driver()
    try:
        conn = psycopg.connect(
            server.dsn,
            connect_timeout=CONNECT_TIMEOUT,
            options=busy_options(timeout_ms),
            application_name="klacht",
            autocommit=autocommit,
        )
    except psycopg.Error as exc:
        raise problem(exc, server) from None
    try:
        with conn:
            yield conn
    except psycopg.Error as exc:
        raise problem(exc, server) from None
    finally:
        conn.close()


def _tables(conn: psycopg.Connection[Any]) -> list[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() ORDER BY table_name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def existing_version(server: Server, timeout_ms: int) -> tuple[bool, str | None]:
    """(is there a register, its revision). An empty database has none; a database with other
    tables is refused: klacht never writes into someone else's schema."""
    with connect(server, timeout_ms) as conn:
        tables = _tables(conn)
        if not tables:
            return False, None
        if "alembic_version" not in tables or "complaint" not in tables:
            raise RegisterError(
                f"De database van {server} is niet leeg en geen klachtregister "
                f"(tabellen: {', '.join(tables[:5])}{' …' if len(tables) > 5 else ''}). "
                "Gebruik een lege database voor klacht."
            )
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return True, str(row[0]) if row else None


def schema_version(server: Server, timeout_ms: int) -> str | None:
    found, version = existing_version(server, timeout_ms)
    if not found:
        raise RegisterError(
            f"De database van {server} is leeg: er is nog geen register. Maak het aan met "
            "`klacht init` (of kies een ander register met --db of KLACHT_DB)."
        )
    return version


def make_engine(server: Server, timeout_ms: int) -> Engine:
    _driver()
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(
        server.sqlalchemy_url,
        poolclass=NullPool,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT,
            "options": busy_options(timeout_ms),
            "application_name": "klacht",
        },
    )


def translate_errors(server: Server) -> Callable[[BaseException], RegisterError | None]:
    """For SQLAlchemy's wrapped errors: the driver's error in Dutch, None when not a driver's."""

    def known(exc: BaseException) -> RegisterError | None:
        orig = getattr(exc, "orig", None)
        psycopg = _driver()
        if isinstance(orig, psycopg.Error):
            return problem(orig, server)
        if isinstance(exc, psycopg.Error):
            return problem(exc, server)
        return None

    return known


@contextmanager
def errors_in_dutch(server: Server) -> Iterator[None]:
    """Driver errors raised inside the block leave it as the register's Dutch RegisterError."""
    known = translate_errors(server)
    try:
        yield
    except KlachtError:
        raise
    except Exception as exc:
        found = known(exc)
        if found is None:
            raise
        raise found from exc


@contextmanager
def migration_transaction(server: Server, timeout_ms: int) -> Iterator[Connection]:
    """One transaction for all revisions (PostgreSQL's DDL is transactional), one migrator at
    a time through an advisory lock that is released at COMMIT or ROLLBACK."""
    from sqlalchemy import text

    engine = make_engine(server, timeout_ms)
    try:
        with errors_in_dutch(server), engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
            yield conn
    finally:
        engine.dispose()


def current_revision(conn: Connection) -> str | None:
    from sqlalchemy import text

    has_table = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
    if has_table is None:
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).fetchone()
    return str(row[0]) if row else None


def vacuum(server: Server, tables: tuple[str, ...], timeout_ms: int) -> None:
    """VACUUM FULL the tables a purge changed: they are rewritten into new files, so the old
    row versions with the removed data do not stay behind in the table files."""
    with connect(server, timeout_ms, autocommit=True) as conn:
        for table in tables:
            conn.execute(f'VACUUM (FULL, ANALYZE) "{table}"')


PURGE_NOTE = (
    "Let op: oudere reservekopieën (pg_dump) en WAL-archieven van de databaseserver kunnen de "
    "opgeschoonde gegevens nog bevatten; die laat de databasebeheerder verlopen."
)


def backup(server: Server, dest: Path) -> None:
    """pg_dump in its custom format to a new private file; without pg_dump, say how."""
    from klachtcli.store.db import create_private_file

    if dest.exists():
        raise InputError(f"{dest} bestaat al; kies een ander pad voor de reservekopie.")
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise RegisterError(
            "pg_dump is niet gevonden. Maak de reservekopie op een machine met de "
            f"PostgreSQL-clientprogramma's: pg_dump --format=custom --file={dest} "
            f"'{server.shown}' (of laat de databasebeheerder dat doen)."
        )
    create_private_file(dest)
    env = None
    if server.password:
        import os

        env = {**os.environ, "PGPASSWORD": server.password}
    dsn = server.dsn
    done = subprocess.run(
        [pg_dump, "--format=custom", "--no-owner", f"--file={dest}", f"--dbname={dsn}"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        dest.unlink(missing_ok=True)
        raise RegisterError(
            f"pg_dump van {server} is mislukt: {server.scrub(done.stderr.strip())[:500]}"
        )
    dest.chmod(0o600)


def status(server: Server, timeout_ms: int, head: str, known: tuple[str, ...]) -> dict[str, Any]:
    version = schema_version(server, timeout_ms)
    with connect(server, timeout_ms) as conn:
        counts = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("complaint", "partner")
        }
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    ok = version is None or version in known
    return {
        "pad": str(server),
        "bytes": int(size),
        "schemaversie": version,
        "nieuwste_schemaversie": head,
        "bijwerken_nodig": ok and version != head,
        "nieuwer_dan_programma": not ok,
        "klachten": counts["complaint"],
        "partners": counts["partner"],
    }


def integrity_problems(server: Server, timeout_ms: int) -> list[str]:
    """PostgreSQL enforces foreign keys and checksums itself; what klacht can check is that
    the register's own bookkeeping holds: every number once, counters not behind."""
    schema_version(server, timeout_ms)
    problems: list[str] = []
    with connect(server, timeout_ms) as conn:
        for year, behind in conn.execute(
            "SELECT c.year, max(c.seq) FROM complaint c "
            "LEFT JOIN complaint_counter n ON n.year = c.year "
            "GROUP BY c.year, n.last_seq HAVING max(c.seq) > coalesce(n.last_seq, 0)"
        ).fetchall():
            problems.append(f"de nummerteller van {year} staat achter (hoogste nummer {behind})")
    return problems
