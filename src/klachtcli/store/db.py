"""Opening the register: existence and schema checks, upgrades after a backup, one transaction.

Schema versions are read with plain sqlite3 so that everyday commands never import Alembic;
it is loaded only when a register is created or must be upgraded.
"""

from __future__ import annotations

import errno
import math
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from klachtcli.errors import InputError, KlachtError, RegisterError
from klachtcli.outfile import os_reason
from klachtcli.store.target import Register, Server

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

# Every revision in migrations/versions, oldest first. A register at a revision not listed here
# was written by a newer klacht and is refused untouched. tests/test_migrations.py keeps this
# list in step with Alembic's own history.
REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
)
HEAD = REVISIONS[-1]

SQLITE_HEADER = b"SQLite format 3\x00"


MAX_BUSY_TIMEOUT = 3600  # seconds; more is a typo, and SQLite's timeout is a 32-bit int in ms


def busy_timeout_ms() -> int:
    """KLACHT_BUSY_TIMEOUT in seconds (default 15) as milliseconds; a value that is not a
    number from 0 to MAX_BUSY_TIMEOUT (inf, nan, negative, huge) is refused (exit 2)."""
    raw = os.environ.get("KLACHT_BUSY_TIMEOUT", "15")
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= MAX_BUSY_TIMEOUT:  # also false for nan
        raise InputError(
            f"KLACHT_BUSY_TIMEOUT={raw!r} is ongeldig: geef een aantal seconden van 0 tot en met "
            f"{MAX_BUSY_TIMEOUT}."
        )
    return int(seconds * 1000)


def migrations_dir() -> Path:
    """Inside the wheel the migrations sit in the package; in a source checkout at the top."""
    packaged = Path(__file__).resolve().parent.parent / "migrations"
    if (packaged / "env.py").exists():
        return packaged
    return Path(__file__).resolve().parents[3] / "migrations"


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (Wmo complaints hold health data)."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    except FileExistsError:
        raise InputError(f"{path} bestaat al.") from None
    except OSError as exc:
        raise InputError(f"Kan {path} niet aanmaken: {exc.strerror or exc}.") from None


def disk_full(exc: BaseException) -> bool:
    """SQLite's SQLITE_FULL (or an OSError) because the disk or quota is full."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    code = getattr(exc, "sqlite_errorcode", None)
    return code == sqlite3.SQLITE_FULL or "disk is full" in str(exc).lower()


LOW_SPACE = 1 << 20  # bytes; less than this free beside the register counts as full


def _no_room_beside(path: Path) -> bool:
    """Whether the disk of the register is (nearly) full. SQLite reports a -shm file that
    cannot grow on a full disk as a plain "disk I/O error"; this tells the two apart."""
    try:
        info = os.statvfs(path.parent)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < LOW_SPACE


def _known_problem(exc: sqlite3.Error, path: Path) -> RegisterError | None:
    """A register that is busy, read-only, damaged or on a full disk, in Dutch; None for
    anything else."""
    text = str(exc).lower()
    if disk_full(exc) or ("disk i/o error" in text and _no_room_beside(path)):
        return RegisterError(
            f"De schijf waarop het register {path} staat is vol; er is niets gewijzigd. "
            "Maak ruimte vrij en probeer het opnieuw."
        )
    if "disk i/o error" in text:
        return RegisterError(
            f"Het register {path} kan niet worden geschreven of gelezen: de schijf meldt een "
            f"fout (SQLite: {exc}); er is niets gewijzigd."
        )
    if "locked" in text or "busy" in text:
        return RegisterError(
            f"Het register {path} is bezet door een ander proces (vergrendeld). "
            "Probeer het over een ogenblik opnieuw."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return RegisterError(
            f"Het register {path} kan niet worden geschreven (alleen-lezen of geen toegang)."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return RegisterError(
            f"Het register {path} is beschadigd of geen klachtregister. "
            "Zet een reservekopie terug (`klacht db backup` maakt die)."
        )
    return None


def _translate(exc: sqlite3.Error, path: Path) -> RegisterError:
    return _known_problem(exc, path) or RegisterError(
        f"Het register {path} kan niet worden gebruikt: {exc}"
    )


def schema_version(path: Register) -> str | None:
    """The Alembic revision stored in the register, read without SQLAlchemy or Alembic."""
    if isinstance(path, Server):
        from klachtcli.store import server

        return _known_version(path, server.schema_version(path, busy_timeout_ms()))
    if not path.exists():
        raise RegisterError(
            f"Er is geen register op {path}. Maak er een aan met `klacht init` "
            "(of kies een ander bestand met --db of KLACHT_DB)."
        )
    if path.is_dir():
        raise RegisterError(f"{path} is een map, geen registerbestand.")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise RegisterError(
            f"Het register {path} kan niet worden gelezen: {os_reason(exc)}."
        ) from exc
    if header != SQLITE_HEADER:
        raise RegisterError(
            f"{path} is geen klachtregister (geen SQLite-bestand) of het is beschadigd."
        )
    try:
        conn = connect_read_only(path)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise RegisterError(f"{path} is een SQLite-bestand, maar geen klachtregister.") from exc
        raise _translate(exc, path) from exc
    except sqlite3.DatabaseError as exc:
        raise _translate(exc, path) from exc
    return _known_version(path, str(row[0]) if row else None)


def _known_version(path: Register, version: str | None) -> str:
    """klacht writes the schema and its version in one transaction, so a register whose
    alembic_version table is empty was damaged or made by something else: never upgrade it
    (the first migration would meet tables that already exist)."""
    if version is None:
        raise RegisterError(
            f"Het register {path} heeft geen schemaversie (de tabel alembic_version is leeg): "
            "het is beschadigd of niet door klacht gemaakt. Het is niet aangeraakt; zet een "
            "reservekopie terug."
        )
    return version


def read_only_uri(path: Path) -> str:
    """A `file:` URI to read the register without writing anything.

    In WAL mode even a reader needs the -shm and -wal files beside the register. In a
    read-only directory or on a read-only mount, where SQLite cannot make them, it can read
    the file only as `immutable`; that is exact as long as no -wal file holds changes that are
    not yet in the register itself, and then it is refused instead of shown stale.
    """
    uri = f"file:{quote(str(path))}?mode=ro"
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if os.access(path.parent, os.W_OK) or (wal.exists() and shm.exists()):
        return uri
    if wal.exists() and wal.stat().st_size > 0:
        raise RegisterError(
            f"Het register {path} staat in een map waarin klacht niet kan schrijven, en "
            f"{wal.name} bevat nog wijzigingen die niet in het register zelf staan. Open het "
            "eenmaal met schrijfrechten op de map, of kopieer de map naar een schrijfbare plek."
        )
    return f"{uri}&immutable=1"


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection that only reads (also in a read-only directory or mount)."""
    return sqlite3.connect(read_only_uri(path), uri=True, timeout=busy_timeout_ms() / 1000)


def make_engine(
    path: Path, *, immediate: bool, foreign_keys: bool = True, read_only: bool = False
) -> Engine:
    """SQLAlchemy's pysqlite recipe: we emit BEGIN ourselves so DDL is transactional too.

    ``read_only`` opens the file as `connect_read_only` does: a reading command then also works
    on a register in a read-only directory or mount, and cannot write by mistake."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    if read_only:
        uri = read_only_uri(path)
        engine = create_engine(
            "sqlite://",
            poolclass=NullPool,
            creator=lambda: sqlite3.connect(
                uri, uri=True, timeout=busy_timeout_ms() / 1000, check_same_thread=False
            ),
        )
    else:
        engine = create_engine(
            f"sqlite:///{path}",
            poolclass=NullPool,
            connect_args={"timeout": busy_timeout_ms() / 1000, "check_same_thread": False},
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
        dbapi_conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        # Purged personal data must not linger in free pages (SPEC §7).
        dbapi_conn.execute("PRAGMA secure_delete = ON")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: object) -> None:
        # A write transaction takes the lock up front, so two processes registering at once
        # queue instead of both reading the same last number.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")  # type: ignore[attr-defined]

    return engine


@contextmanager
def migration_transaction(path: Path) -> Iterator[Connection]:
    """The one transaction of an upgrade: BEGIN IMMEDIATE, foreign keys checked before COMMIT.

    Foreign-key enforcement is off while migrating, as SQLite's ALTER TABLE procedure requires:
    batch mode rebuilds a table by copying, dropping and renaming it, and with enforcement on,
    dropping a table that other rows refer to (partner, complaint, category) fails. The
    PRAGMA foreign_key_check at the end catches a migration that really broke a reference
    (only new ones: an already damaged register is `klacht db check`'s business).
    """
    engine = make_engine(path, immediate=True, foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            already = len(conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall())
            yield conn
            dangling = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if len(dangling) > already:
                table, rowid, parent, _fk = dangling[-1]
                raise RegisterError(
                    f"De migratie van het register {path} laat {len(dangling) - already} "
                    f"verwijzing(en) los (o.a. tabel {table} rij {rowid} naar {parent}); "
                    "er is niets gewijzigd."
                )
    finally:
        engine.dispose()


def _run_alembic(
    path: Register,
    target: str = "head",
    *,
    script_location: Path | None = None,
    before: Callable[[sqlite3.Connection], bool] | None = None,
    before_conn: Callable[[Connection], bool] | None = None,
) -> None:
    """Migrate the register to ``target`` in one transaction: all revisions or none.

    ``before`` (given the SQLite connection) or ``before_conn`` (given SQLAlchemy's) runs first
    inside that transaction, under the write lock, and may call the upgrade off by returning
    False. ``script_location`` is for tests that need extra revisions.
    """
    from alembic import command
    from alembic.config import Config

    if isinstance(path, Server):
        from klachtcli.store import server

        transaction = server.migration_transaction(path, busy_timeout_ms())
    else:
        transaction = migration_transaction(path)
    try:
        with transaction as conn:
            if before is not None:
                raw = conn.connection.driver_connection
                assert isinstance(raw, sqlite3.Connection)
                if not before(raw):
                    return
            if before_conn is not None and not before_conn(conn):
                return
            cfg = Config()
            location = str(script_location or migrations_dir())
            cfg.set_main_option("script_location", location.replace("%", "%%"))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
    except KlachtError:
        raise
    except Exception as exc:
        # SQLAlchemy wraps the driver's error; a busy or read-only file is not a bad migration.
        orig = getattr(exc, "orig", exc)
        if isinstance(path, Server):
            from klachtcli.store import server

            known = server.translate_errors(path)(exc)
        else:
            known = _known_problem(orig, path) if isinstance(orig, sqlite3.Error) else None
        if known is not None:
            raise known from exc
        # The driver's own words, without SQLAlchemy's statement dump and link.
        raise RegisterError(
            f"Het bijwerken van het register {path} naar schemaversie {target} is mislukt "
            f"(melding van de database: {orig}). Er is niets gewijzigd."
        ) from exc


def existing_version(path: Register) -> tuple[bool, str | None]:
    """(is there a register here, its revision); what `klacht init` asks before creating."""
    if isinstance(path, Server):
        from klachtcli.store import server

        return server.existing_version(path, busy_timeout_ms())
    if not path.exists():
        return False, None
    return True, schema_version(path)


def create_register(path: Register) -> None:
    """A new register: private file, WAL journal, every migration in one transaction.

    On PostgreSQL: the schema in the (empty) database, also in one transaction.
    """
    if isinstance(path, Server):
        if existing_version(path)[0]:
            raise InputError(f"{path} bevat al een register.")
        _run_alembic(path)
        return
    create_private_file(path)
    try:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.close()
        _run_alembic(path)
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise


def backup(path: Register, dest: Path) -> None:
    """SQLite's online backup API: a consistent copy even while others write (pg_dump on a
    server)."""
    if isinstance(path, Server):
        from klachtcli.store import server

        server.backup(path, dest)
        return
    if dest.exists():
        raise InputError(f"{dest} bestaat al; kies een ander pad voor de reservekopie.")
    try:
        src = connect_read_only(path)
    except sqlite3.Error as exc:
        raise _translate(exc, path) from exc
    try:
        _copy_to_new_file(src, dest, path)
    finally:
        src.close()


def _copy_to_new_file(src: sqlite3.Connection, dest: Path, path: Path) -> None:
    create_private_file(dest)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        dest.unlink(missing_ok=True)
        if disk_full(exc):
            raise RegisterError(
                f"De reservekopie {dest} kan niet worden geschreven: de schijf is vol. "
                "Maak ruimte vrij en probeer het opnieuw; het register is niet gewijzigd."
            ) from exc
        raise _translate(exc, path) from exc


# The one naming pattern of pre-upgrade copies: <stem>.voor-upgrade-<revision>-<when><suffix>.
UPGRADE_BACKUP_MARK = ".voor-upgrade-"
# The copy of an attempt in progress; renamed to its dated name once the upgrade committed.
UNFINISHED = "onvoltooid"


def _attempt_backup_path(path: Path, version: str) -> Path:
    """One fixed name per schema version: a retry replaces the copy of an attempt that never
    finished instead of adding one more full copy (issue 9)."""
    return path.with_name(f"{path.stem}{UPGRADE_BACKUP_MARK}{version}-{UNFINISHED}{path.suffix}")


def _upgrade_backup_path(path: Path, version: str | None) -> Path:
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    base = f"{path.stem}{UPGRADE_BACKUP_MARK}{version or 'leeg'}-{stamp}"
    dest = path.with_name(f"{base}{path.suffix}")
    n = 1
    while dest.exists():  # a retry within the same second
        n += 1
        dest = path.with_name(f"{base}-{n}{path.suffix}")
    return dest


def upgrade_backups(path: Path) -> list[Path]:
    """The copies `upgrade` left beside this register (named as `_upgrade_backup_path` does,
    and the copy of an attempt that was killed halfway), oldest name first; what retention must
    also reach (SPEC §7)."""
    import glob

    pattern = f"{glob.escape(path.stem)}{UPGRADE_BACKUP_MARK}*{glob.escape(path.suffix)}"
    return sorted(
        p
        for p in path.parent.glob(pattern)
        if p.is_file() and not p.name.endswith(("-wal", "-shm", "-journal"))
    )


def _newer_schema(path: Register, version: str) -> RegisterError:
    return RegisterError(
        f"Het register {path} heeft schemaversie {version}, nieuwer dan deze klacht "
        f"(kent t/m {HEAD}). Werk klacht bij; het register is niet aangeraakt."
    )


def upgrade(path: Register) -> tuple[str | None, Path | None] | None:
    """Back the register up, then migrate it to HEAD, both under one write lock.

    Returns the version it had and the backup, or None when another process upgraded it while
    this one waited for the lock: it then finds HEAD and leaves it alone, so there is one
    backup and one upgrade however many commands start at once.
    """
    if isinstance(path, Server):
        return _upgrade_server(path)
    done: list[tuple[str | None, Path]] = []

    def backup_first(conn: sqlite3.Connection) -> bool:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        version = _known_version(path, str(row[0]) if row else None)
        if version == HEAD:
            return False
        if version not in REVISIONS:
            raise _newer_schema(path, version)
        # This connection holds the write lock, and SQLite cannot back up from a connection in
        # a write transaction; a second, reading connection sees the same committed state.
        attempt = _attempt_backup_path(path, version)
        attempt.unlink(missing_ok=True)  # left by an attempt that was killed halfway
        backup(path, attempt)
        done.append((version, attempt))
        return True

    try:
        _run_alembic(path, before=backup_first)
    except BaseException:
        # The migration rolled back, so the register is as it was: a copy of it adds nothing
        # but one more full set of personal data per failed attempt.
        for _version, attempt in done:
            attempt.unlink(missing_ok=True)
        raise
    if not done:
        return None
    version, attempt = done[0]
    dest = _upgrade_backup_path(path, version)
    os.replace(attempt, dest)
    return version, dest


def ensure_current(path: Register, *, notify: bool = True) -> str:
    """Refuse unknown schemas; upgrade older ones after a backup. Returns the schema version."""
    version = schema_version(path)
    if version == HEAD:
        return version
    if version is not None and version not in REVISIONS:
        raise _newer_schema(path, version)
    result = upgrade(path)
    if notify and result is not None:
        import sys

        before, saved = result
        kept = (
            f"reservekopie: {saved}"
            if saved is not None
            else "in één transactie; reservekopieën van de server maakt de databasebeheerder"
        )
        print(f"Register bijgewerkt van schemaversie {before} naar {HEAD}; {kept}", file=sys.stderr)
    return HEAD


@contextmanager
def session_scope(path: Register, *, write: bool) -> Iterator[Session]:
    """One command, one transaction: committed whole on success, rolled back on any error."""
    from sqlalchemy.exc import DBAPIError
    from sqlmodel import Session

    ensure_current(path)
    if isinstance(path, Server):
        with _server_session(path, write=write) as session:
            yield session
        return
    # A reading command may still flush and roll back (a preview of `nieuw`); only where the
    # directory cannot take the -shm and -wal files does it open the file read-only.
    read_only = not write and not os.access(path.parent, os.W_OK)
    engine = make_engine(path, immediate=write, read_only=read_only)
    try:
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
                if write:
                    session.commit()
                # A read ends with close(), which keeps loaded objects usable for rendering.
            except BaseException:
                session.rollback()
                raise
    except DBAPIError as exc:
        if isinstance(exc.orig, sqlite3.Error):
            raise _translate(exc.orig, path) from exc
        raise
    finally:
        engine.dispose()


def integrity_problems(path: Register) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check, in Dutch-ready lines."""
    if isinstance(path, Server):
        from klachtcli.store import server

        return server.integrity_problems(path, busy_timeout_ms())
    schema_version(path)
    conn = connect_read_only(path)
    try:
        problems = [
            str(row[0])
            for row in conn.execute("PRAGMA integrity_check").fetchall()
            if row[0] != "ok"
        ]
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"tabel {table} rij {rowid} verwijst naar een ontbrekende {parent}")
    except sqlite3.DatabaseError as exc:
        raise _translate(exc, path) from exc
    finally:
        conn.close()
    return problems


def status(path: Register) -> dict[str, object]:
    """What `klacht db status` shows; read-only, works on older and newer schemas alike."""
    if isinstance(path, Server):
        from klachtcli.store import server

        return server.status(path, busy_timeout_ms(), HEAD, REVISIONS)
    version = schema_version(path)
    known = version is None or version in REVISIONS
    try:
        conn = connect_read_only(path)
        try:
            counts = {
                table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("complaint", "partner")
            }
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _translate(exc, path) from exc
    return {
        "pad": str(path),
        "bytes": path.stat().st_size,
        "schemaversie": version,
        "nieuwste_schemaversie": HEAD,
        "bijwerken_nodig": known and version != HEAD,
        "nieuwer_dan_programma": not known,
        "klachten": counts["complaint"],
        "partners": counts["partner"],
    }


def _upgrade_server(server_: Server) -> tuple[str | None, Path | None] | None:
    """On a server the upgrade is one transaction under an advisory lock; no file copy is
    made (a failed upgrade changes nothing, and the DBA's backups cover the database)."""
    from klachtcli.store import server

    done: list[tuple[str | None, Path | None]] = []

    # The revision is read again under the lock: another process may have upgraded meanwhile.
    def guarded(conn: Connection) -> bool:
        version = server.current_revision(conn)
        if version == HEAD:
            return False
        if version is not None and version not in REVISIONS:
            raise _newer_schema(server_, version)
        done.append((version, None))
        return True

    _run_alembic(server_, before_conn=guarded)
    return done[0] if done else None


@contextmanager
def _server_session(server_: Server, *, write: bool) -> Iterator[Session]:
    from sqlmodel import Session

    from klachtcli.store import server

    engine = server.make_engine(server_, busy_timeout_ms())
    try:
        with server.errors_in_dutch(server_), Session(engine, expire_on_commit=False) as session:
            try:
                yield session
                if write:
                    session.commit()
                else:
                    session.rollback()
            except BaseException:
                session.rollback()
                raise
    finally:
        engine.dispose()
