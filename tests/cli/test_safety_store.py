"""Issue 9, safety 5 and the file-safety leftovers, each reproduced for real: a full disk (a
small tmpfs, or RLIMIT_FSIZE), an empty alembic_version, a register with mode 000, a register
in a read-only directory or on a read-only mount, an upgrade that fails again and again, and the
PDF that LibreOffice writes.

Tests run as root here (and in CI), where file modes do not stop anything. A process that must
meet them runs as root *without* the capabilities that bypass file modes (CAP_DAC_OVERRIDE,
CAP_DAC_READ_SEARCH, CAP_FOWNER): the kernel then checks the mode bits as for any user. (Running
it as `nobody` is not possible here: the interpreter lives under /root, mode 0700.)
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import TODAY, dump
from tests.test_migrations import register_at

from klachtcli.store import db

NEW = (
    "nieuw --ontvangen 2026-03-02 --kanaal telefoon --klager X --categorie kwaliteit "
    "--omschrijving Y --no-input"
).split()
NO_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def run(
    register: Path | str,
    *args: str,
    prefix: list[str] | None = None,
    file_limit: int | None = None,
    stdout: Any = subprocess.PIPE,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """The console script in its own process: what a user really sees, up to interpreter exit."""

    def limit() -> None:
        if file_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    env = {
        **os.environ,
        "KLACHT_DB": str(register),
        "KLACHT_VANDAAG": TODAY,
        "KLACHT_MEDEWERKER": "tester",
        "KLACHT_BUSY_TIMEOUT": "2",
    }
    return subprocess.run(
        [*(prefix or []), sys.executable, "-c", "from klachtcli.cli import main; main()", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,
        preexec_fn=limit,
        cwd=cwd,
    )


def clean_refusal(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert result.stderr.startswith("Fout: "), result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    for bad in ("Traceback", "Exception ignored", "Interne fout", "in gebruik", "Error"):
        assert bad not in result.stderr, result.stderr


# --- a full disk ------------------------------------------------------------------------------


class SmallDisk:
    """A tmpfs of its own (mounting needs root); ``fill`` leaves only ``room`` bytes free."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.filler = root / "vulling"

    def fill(self, room: int = 0) -> None:
        self.filler.unlink(missing_ok=True)
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while os.write(fd, b"\1" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        if room:
            size = self.filler.stat().st_size
            os.truncate(self.filler, max(0, size - room))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    root = tmp_path / "schijf"
    root.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(root)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"geen kleine schijf te maken (mount tmpfs vraagt root): {mounted.stderr}")
    try:
        yield SmallDisk(root)
    finally:
        subprocess.run(["umount", "-l", str(root)], check=True)


@pytest.fixture
def full_register(register: Path, small_disk: SmallDisk, cli: Any) -> Path:
    """A register with one complaint on a disk that is then filled up completely."""
    cli.ok(*NEW)
    path = small_disk.root / "klachten.db"
    shutil.copyfile(register, path)
    os.chmod(path, 0o600)
    small_disk.fill()
    return path


@pytest.mark.parametrize(
    "args",
    [NEW, ["partner", "toevoegen", "nieuw", "--naam", "Nieuw"], ["lijst"]],
    ids=" ".join,
)
def test_a_full_disk_under_the_register_is_said_in_dutch(full_register: Path, args) -> None:
    before = full_register.read_bytes()
    result = run(full_register, *args)
    clean_refusal(result, 3, "schijf", "vol")
    assert result.stdout == ""
    assert full_register.read_bytes() == before
    wal = Path(f"{full_register}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_full_disk_during_an_upgrade_leaves_the_register_and_no_copy(
    small_disk: SmallDisk,
) -> None:
    path = small_disk.root / "klachten.db"
    db.create_private_file(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    db._run_alembic(path, db.REVISIONS[0])
    before = dump(path)
    small_disk.fill(room=64 * 1024)  # not enough for the copy made before upgrading
    for _attempt in range(3):
        clean_refusal(run(path, "lijst"), 3, "vol")
    assert db.upgrade_backups(path) == []
    small_disk.filler.unlink()
    assert db.schema_version(path) == db.REVISIONS[0]
    assert dump(path) == before


def test_sqlite_full_from_max_page_count_gets_the_same_message(register: Path) -> None:
    """Where no small disk can be mounted: SQLite's own SQLITE_FULL (max_page_count is a
    per-connection limit, so this reaches the translation, not the CLI's connection)."""
    conn = sqlite3.connect(register)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute("CREATE TABLE ballast AS SELECT randomblob(100000) AS b")
    conn.close()
    assert caught.value.sqlite_errorcode == sqlite3.SQLITE_FULL
    assert db.disk_full(caught.value)
    message = db._translate(caught.value, register).message
    assert "De schijf waarop het register" in message and "vol" in message


def test_a_write_error_of_the_register_is_said_in_dutch(register: Path, cli: Any) -> None:
    """RLIMIT_FSIZE needs no mount: SQLite cannot write its -wal (EFBIG, "disk I/O error")."""
    before = dump(register)
    result = run(register, *NEW, file_limit=1)
    clean_refusal(result, 3, "kan niet worden geschreven")
    assert "disk I/O error" not in result.stderr.split("(")[0]
    assert dump(register) == before


@pytest.mark.parametrize(
    "args",
    [
        ["rapport", "--kwartaal", "2026-Q1", "--uitvoer", "{disk}/rapport.xlsx"],
        ["rapport", "--jaar", "2026", "--uitvoer", "{disk}/jaar.xlsx"],
        ["brief", "K-2026-0001", "ontvangstbevestiging", "--uitvoer", "{disk}/brief.docx"],
        ["db", "backup", "{disk}/kopie.db"],
    ],
    ids=lambda a: a[0],
)
def test_writing_to_a_full_disk_leaves_no_half_file_and_no_finalizer_noise(
    register: Path, cli: Any, small_disk: SmallDisk, args: list[str]
) -> None:
    cli.ok(*NEW)
    before = dump(register)
    small_disk.fill(room=4096)
    result = run(register, *(a.format(disk=small_disk.root) for a in args))
    code = 3 if args[0] == "db" else 2
    clean_refusal(result, code, "de schijf is vol")
    assert sorted(p.name for p in small_disk.root.iterdir()) == ["vulling"]
    assert dump(register) == before


def test_a_file_size_limit_is_said_in_dutch_too(register: Path, cli: Any, tmp_path: Path) -> None:
    """RLIMIT_FSIZE (EFBIG) needs no mount: the workbook is bigger than the limit."""
    cli.ok(*NEW)
    target = tmp_path / "rapport.xlsx"
    # An open connection keeps the register's -shm at full size, so only the workbook grows.
    holder = sqlite3.connect(register)
    holder.execute("SELECT count(*) FROM complaint").fetchone()
    try:
        args = ("rapport", "--kwartaal", "2026-Q1", "--uitvoer", str(target))
        result = run(register, *args, file_limit=4096)
    finally:
        holder.close()
    clean_refusal(result, 2, "groter dan hier is toegestaan")
    assert not target.exists()
    assert [p.name for p in tmp_path.glob(".klacht-*")] == []


def test_stdout_on_a_full_device_is_said_in_dutch(register: Path, cli: Any) -> None:
    cli.ok(*NEW)
    for args in (["lijst"], ["lijst", "--json"], ["toon", "K-2026-0001"], ["partner", "lijst"]):
        with open("/dev/full", "w") as full:
            result = run(register, *args, stdout=full)
        clean_refusal(result, 2, "Kan de uitvoer niet schrijven: de schijf is vol")


def test_compacting_on_a_full_disk_does_not_blame_another_process(
    register: Path, cli: Any, small_disk: SmallDisk, tmp_path: Path
) -> None:
    from tests.cli.test_retention import closed_complaint

    closed_complaint(cli, tmp_path, "2014-03-03", "2014-04-01")
    path = small_disk.root / "klachten.db"
    shutil.copyfile(register, path)
    os.chmod(path, 0o600)
    small_disk.fill(room=64 * 1024)  # room for the purge, not for VACUUM's second copy
    result = run(path, "bewaartermijn", "--uitvoeren")
    assert result.returncode == 3, (result.stdout, result.stderr)
    assert "schijf vol" in result.stderr, result.stderr
    assert "in gebruik" not in result.stderr and "Traceback" not in result.stderr


# --- an empty alembic_version, mode 000 ------------------------------------------------------


def test_an_empty_alembic_version_is_refused_untouched(register: Path, cli: Any) -> None:
    cli.ok(*NEW)
    conn = sqlite3.connect(register)
    conn.execute("DELETE FROM alembic_version")
    conn.commit()
    conn.close()
    before = dump(register)
    for args in (["lijst"], NEW, ["db", "upgrade"], ["db", "status"], ["init"]):
        result = run(register, *args)
        clean_refusal(result, 3, "geen schemaversie", "alembic_version is leeg")
        assert "[SQL:" not in result.stderr and "sqlalche.me" not in result.stderr
    assert dump(register) == before
    assert db.upgrade_backups(register) == []


def test_an_empty_alembic_version_in_an_empty_file_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.commit()
    conn.close()
    clean_refusal(run(db_path, "lijst"), 3, "geen schemaversie")
    assert [r for r in dump(db_path) if r.startswith("CREATE TABLE")] == [
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);"
    ]


@pytest.fixture
def no_dac(tmp_path: Path) -> list[str]:
    """The prefix that makes a process meet file modes (see the module docstring)."""
    if os.geteuid() != 0:
        return []
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0)
    tried = subprocess.run([*NO_DAC, "cat", str(probe)], capture_output=True, text=True)
    if tried.returncode == 0 or "Permission denied" not in tried.stderr:
        pytest.skip(f"setpriv kan de rechten van root hier niet afnemen: {tried.stderr}")
    return NO_DAC


@pytest.mark.parametrize(
    "args", [["lijst"], NEW, ["db", "status"], ["db", "check"], ["init"]], ids=" ".join
)
def test_a_register_with_mode_000_is_refused_in_dutch(
    register: Path, no_dac: list[str], args: list[str]
) -> None:
    data = register.read_bytes()
    register.chmod(0)
    result = run(register, *args, prefix=no_dac)
    clean_refusal(result, 3, "kan niet worden gelezen", "geen toegang")
    assert "Permission denied" not in result.stderr
    register.chmod(0o600)
    assert register.read_bytes() == data


# --- read-only directory and mount ------------------------------------------------------------

READS = [
    ["lijst"],
    ["lijst", "--json"],
    ["toon", "K-2026-0001"],
    ["termijnen"],
    ["db", "status"],
    ["db", "check"],
]


def _read_everything(register: Path, out: Path, prefix: list[str]) -> None:
    for args in READS:
        result = run(register, *args, prefix=prefix)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stderr == "", (args, result.stderr)
        assert "K-2026-0001" in result.stdout or args[0] in ("termijnen", "db"), args
    listed = json.loads(run(register, "lijst", "--json", prefix=prefix).stdout)
    assert [k["nummer"] for k in listed["klachten"]] == ["K-2026-0001"]
    report = out / "rapport.xlsx"
    result = run(
        register, "rapport", "--kwartaal", "2026-Q1", "--uitvoer", str(report), prefix=prefix
    )
    assert result.returncode == 0, result.stderr
    assert report.stat().st_mode & 0o777 == 0o600
    for args in (NEW, ["partner", "toevoegen", "nieuw", "--naam", "Nieuw"]):
        clean_refusal(run(register, *args, prefix=prefix), 3, "kan niet worden geschreven")


def test_a_register_in_a_read_only_directory_can_be_read(
    register: Path, cli: Any, tmp_path: Path, no_dac: list[str]
) -> None:
    cli.ok(*NEW)
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    path = folder / "klachten.db"
    shutil.copyfile(register, path)
    os.chmod(path, 0o600)
    before = dump(path)
    out = tmp_path / "uit"
    out.mkdir()
    folder.chmod(0o555)
    try:
        _read_everything(path, out, no_dac)
        assert sorted(p.name for p in folder.iterdir()) == ["klachten.db"]
    finally:
        folder.chmod(0o755)
    assert dump(path) == before


def test_a_register_on_a_read_only_mount_can_be_read(
    register: Path, cli: Any, tmp_path: Path
) -> None:
    cli.ok(*NEW)
    source, view = tmp_path / "bron", tmp_path / "ro"
    source.mkdir()
    view.mkdir()
    shutil.copyfile(register, source / "klachten.db")
    bound = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(source), str(view)], capture_output=True, text=True
    )
    if bound.returncode != 0:
        pytest.skip(f"geen alleen-lezen mount te maken: {bound.stderr}")
    try:
        out = tmp_path / "uit"
        out.mkdir()
        _read_everything(view / "klachten.db", out, [])
    finally:
        subprocess.run(["umount", str(view)], check=True)
    assert sorted(p.name for p in source.iterdir()) == ["klachten.db"]


def test_unfinished_changes_in_a_read_only_directory_are_not_shown_stale(
    register: Path, tmp_path: Path, no_dac: list[str]
) -> None:
    """A -wal with changes that are not in the file itself, without its -shm (a crashed writer,
    a copied folder): reading it as immutable would show the old state, so it is refused."""
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    path = folder / "klachten.db"
    shutil.copyfile(register, path)
    crash = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1])\n"
        "conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "conn.execute(\"UPDATE partner SET name = 'Nieuwe naam'\")\n"
        "conn.commit()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(path)], check=True)
    assert Path(f"{path}-wal").stat().st_size > 0
    Path(f"{path}-shm").unlink()
    folder.chmod(0o555)
    try:
        result = run(path, "partner", "lijst", prefix=no_dac)
    finally:
        folder.chmod(0o755)
    clean_refusal(result, 3, "wijzigingen")


# --- a failed upgrade leaves no copy per attempt ------------------------------------------------


def test_a_failing_upgrade_leaves_no_copy_however_often_it_is_tried(db_path: Path) -> None:
    register_at(db_path, "0009")
    conn = sqlite3.connect(db_path)  # what migration 0010 is about to create: it will fail
    conn.execute("CREATE TABLE feestdag (iets TEXT)")
    conn.commit()
    conn.close()
    before = dump(db_path)
    for _attempt in range(3):
        result = run(db_path, "lijst")
        clean_refusal(result, 3, "Het bijwerken van het register", "Er is niets gewijzigd")
        assert "[SQL:" not in result.stderr and "sqlalche.me" not in result.stderr
        assert db.upgrade_backups(db_path) == []
    assert dump(db_path) == before

    conn = sqlite3.connect(db_path)  # the cause removed, the upgrade succeeds: one copy
    conn.execute("DROP TABLE feestdag")
    conn.commit()
    conn.close()
    done = run(db_path, "lijst")
    assert done.returncode == 0, done.stderr
    copies = db.upgrade_backups(db_path)
    assert [p.name.split("-")[2] for p in copies] == ["0009"], copies
    assert db.UNFINISHED not in copies[0].name
    assert str(copies[0]) in done.stderr
    assert copies[0].stat().st_mode & 0o777 == 0o600


DIES_AFTER_THE_COPY = """
import os, sys
from pathlib import Path
from klachtcli.store import db

real = db._run_alembic

def run_and_die(path, target="head", *, before=None, **kwargs):
    def copy_then_die(conn):
        before(conn)
        os._exit(9)  # killed halfway: the copy is on disk, the migration never committed
    return real(path, target, before=copy_then_die, **kwargs)

db._run_alembic = run_and_die
db.upgrade(Path(sys.argv[1]))
"""


def test_an_upgrade_killed_halfway_leaves_one_copy_not_one_per_attempt(db_path: Path) -> None:
    register_at(db_path, "0009")
    for _attempt in range(3):
        died = subprocess.run([sys.executable, "-c", DIES_AFTER_THE_COPY, str(db_path)])
        assert died.returncode == 9
        assert [p.name for p in db.upgrade_backups(db_path)] == [
            f"klachten.voor-upgrade-0009-{db.UNFINISHED}.db"
        ]
    assert db.schema_version(db_path) == "0009"
    done = run(db_path, "lijst")
    assert done.returncode == 0, done.stderr
    copies = db.upgrade_backups(db_path)
    assert len(copies) == 1 and db.UNFINISHED not in copies[0].name, copies


# --- output files: no check-then-open, the PDF too, Dutch usage errors --------------------------


def test_a_pipe_that_appears_while_a_workbook_is_made_is_left_alone(tmp_path: Path) -> None:
    """The old code checked the path, built the workbook, and renamed it over whatever was
    there by then; now the target is held open from the start and checked again."""
    from klachtcli.errors import InputError
    from klachtcli.render.xlsx import _new_workbook

    target = tmp_path / "rapport.xlsx"
    with pytest.raises(InputError, match="vervangen"):
        with _new_workbook(target) as wb:
            wb.create_sheet("Blad").append(["x"])
            target.unlink()
            os.mkfifo(target)
    assert stat_kind(target) == "fifo"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.xlsx"]


def stat_kind(path: Path) -> str:
    import stat

    mode = path.lstat().st_mode
    return "fifo" if stat.S_ISFIFO(mode) else "file" if stat.S_ISREG(mode) else "other"


def test_a_new_workbook_is_private_from_the_start(tmp_path: Path) -> None:
    from klachtcli.render.xlsx import _new_workbook

    target = tmp_path / "rapport.xlsx"
    with _new_workbook(target) as wb:
        assert target.stat().st_mode & 0o777 == 0o600  # claimed before the work is done
        wb.create_sheet("Blad").append(["x"])
    assert target.stat().st_mode & 0o777 == 0o600
    from openpyxl import load_workbook

    assert load_workbook(target)["Blad"]["A1"].value == "x"


def test_a_failed_workbook_leaves_no_empty_claim(tmp_path: Path) -> None:
    from klachtcli.render.xlsx import _new_workbook

    target = tmp_path / "rapport.xlsx"
    with pytest.raises(RuntimeError), _new_workbook(target) as wb:
        wb.create_sheet("Blad")
        raise RuntimeError("halverwege")
    assert list(tmp_path.iterdir()) == []


needs_office = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice ontbreekt"
)


def pdf_target(cli: Any, tmp_path: Path) -> tuple[Path, Path]:
    """A complaint, an output folder, and where `brief --pdf` will put its PDF."""
    cli.ok(*NEW)
    out = tmp_path / "uit"
    out.mkdir()
    return out, out / "K-2026-0001-ontvangstbevestiging.pdf"


@needs_office
def test_an_existing_pdf_is_not_overwritten_without_asking(
    register: Path, cli: Any, tmp_path: Path
) -> None:
    out, pdf = pdf_target(cli, tmp_path)
    pdf.write_bytes(b"oude brief")
    before = dump(register)
    args = ("brief", "K-2026-0001", "ontvangstbevestiging", "--pdf", "--uitvoer", f"{out}/")
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    assert "Bestaat al" in result.stderr and pdf.name in result.stderr
    assert pdf.read_bytes() == b"oude brief"
    assert sorted(p.name for p in out.iterdir()) == [pdf.name]
    assert dump(register) == before


@needs_office
def test_a_pipe_where_the_pdf_goes_is_refused_even_when_overwriting(
    register: Path, cli: Any, tmp_path: Path
) -> None:
    out, pdf = pdf_target(cli, tmp_path)
    os.mkfifo(pdf)
    before = dump(register)
    result = cli(
        "brief",
        "K-2026-0001",
        "ontvangstbevestiging",
        "--pdf",
        "--overschrijven",
        "--uitvoer",
        f"{out}/",
    )
    assert result.exit_code == 2, result.stderr
    assert "geen gewoon bestand" in result.stderr
    assert stat_kind(pdf) == "fifo"
    assert dump(register) == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["lijst", "extra"], "Onverwacht argument: extra."),
        (["partner", "lijst", "a", "b"], "Onverwachte argumenten: a b."),
        (["db", "status", "x"], "Onverwacht argument: x."),
    ],
)
def test_extra_arguments_are_refused_in_dutch(cli: Any, register: Path, args, says) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert says in result.stderr
    assert "Got unexpected" not in result.output and "extra argument" not in result.output
