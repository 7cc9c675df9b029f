"""Opening the register: existence and schema checks, upgrades after a backup, one transaction.

Schema versions are read with plain sqlite3 so that everyday commands never import Alembic;
it is loaded only when a register is created or must be upgraded.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from klachtcli.errors import RegisterError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

# Every revision in migrations/versions, oldest first. A register at a revision not listed here
# was written by a newer klacht and is refused untouched. tests/test_migrations.py keeps this
# list in step with Alembic's own history.
REVISIONS = ("0001", "0002")
HEAD = REVISIONS[-1]

SQLITE_HEADER = b"SQLite format 3\x00"


def busy_timeout_ms() -> int:
    try:
        return max(0, int(float(os.environ.get("KLACHT_BUSY_TIMEOUT", "15")) * 1000))
    except ValueError:
        return 15000


def migrations_dir() -> Path:
    """Inside the wheel the migrations sit in the package; in a source checkout at the top."""
    packaged = Path(__file__).resolve().parent.parent / "migrations"
    if (packaged / "env.py").exists():
        return packaged
    return Path(__file__).resolve().parents[3] / "migrations"


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (Wmo complaints hold health data)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _translate(exc: sqlite3.Error, path: Path) -> RegisterError:
    text = str(exc).lower()
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
    return RegisterError(f"Het register {path} kan niet worden gebruikt: {exc}")


def schema_version(path: Path) -> str | None:
    """The Alembic revision stored in the register, read without SQLAlchemy or Alembic."""
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
        raise RegisterError(f"Het register {path} kan niet worden gelezen: {exc.strerror}.") from exc
    if header != SQLITE_HEADER:
        raise RegisterError(
            f"{path} is geen klachtregister (geen SQLite-bestand) of het is beschadigd."
        )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=busy_timeout_ms() / 1000)
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
    return str(row[0]) if row else None


def make_engine(path: Path, *, immediate: bool) -> Engine:
    """SQLAlchemy's pysqlite recipe: we emit BEGIN ourselves so DDL is transactional too."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=NullPool,
        connect_args={"timeout": busy_timeout_ms() / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        # Purged personal data must not linger in free pages (SPEC §7).
        dbapi_conn.execute("PRAGMA secure_delete = ON")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: object) -> None:
        # A write transaction takes the lock up front, so two processes registering at once
        # queue instead of both reading the same last number.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")  # type: ignore[attr-defined]

    return engine


def _run_alembic(path: Path, *, immediate: bool = True) -> None:
    from alembic import command
    from alembic.config import Config

    engine = make_engine(path, immediate=immediate)
    try:
        with engine.connect() as conn, conn.begin():
            cfg = Config()
            cfg.set_main_option("script_location", str(migrations_dir()))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except sqlite3.Error as exc:
        raise _translate(exc, path) from exc
    finally:
        engine.dispose()


def create_register(path: Path) -> None:
    """A new register: private file, WAL journal, every migration in one transaction."""
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
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


def backup(path: Path, dest: Path) -> None:
    """SQLite's online backup API: a consistent copy even while others write."""
    if dest.exists():
        from klachtcli.errors import InputError

        raise InputError(f"{dest} bestaat al; kies een ander pad voor de reservekopie.")
    create_private_file(dest)
    try:
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=busy_timeout_ms() / 1000)
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        dest.unlink(missing_ok=True)
        raise _translate(exc, path) from exc


def upgrade(path: Path, current: str | None) -> Path:
    """Back the register up, then migrate it to HEAD in one transaction. Returns the backup."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    dest = path.with_name(f"{path.stem}.voor-upgrade-{current or 'leeg'}-{stamp}{path.suffix}")
    backup(path, dest)
    _run_alembic(path)
    return dest


def ensure_current(path: Path, *, notify: bool = True) -> str:
    """Refuse unknown schemas; upgrade older ones after a backup. Returns the schema version."""
    version = schema_version(path)
    if version == HEAD:
        return version
    if version is not None and version not in REVISIONS:
        raise RegisterError(
            f"Het register {path} heeft schemaversie {version}, nieuwer dan deze klacht "
            f"(kent t/m {HEAD}). Werk klacht bij; het register is niet aangeraakt."
        )
    saved = upgrade(path, version)
    if notify:
        import sys

        print(
            f"Register bijgewerkt van schemaversie {version} naar {HEAD}; "
            f"reservekopie: {saved}",
            file=sys.stderr,
        )
    return HEAD


@contextmanager
def session_scope(path: Path, *, write: bool) -> Iterator[Session]:
    """One command, one transaction: committed whole on success, rolled back on any error."""
    from sqlalchemy.exc import DBAPIError
    from sqlmodel import Session

    ensure_current(path)
    engine = make_engine(path, immediate=write)
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


def integrity_problems(path: Path) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check, in Dutch-ready lines."""
    schema_version(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=busy_timeout_ms() / 1000)
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
