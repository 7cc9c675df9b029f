"""The one rule for every file klacht writes (workbooks, letters, templates, backups): the
target is a new path or an existing regular file, never a device, pipe or directory; and why a
write failed, in Dutch."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from klachtcli.errors import InputError

# Why a file could not be read or written, for the errors a user can do something about.
_REASONS = {
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quota) van deze gebruiker is op",
    errno.EFBIG: "het bestand wordt groter dan hier is toegestaan",
    errno.EACCES: "geen toegang (bestandsrechten)",
    errno.EPERM: "geen toegang (bestandsrechten)",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.ENOENT: "de map bestaat niet",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "dat is een map",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ELOOP: "te veel symbolische koppelingen",
    errno.EIO: "invoer-/uitvoerfout van de schijf",
}


def os_reason(exc: OSError) -> str:
    """The reason of an OSError in Dutch (the system's own words for a rare one)."""
    return _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def _not_regular(path: Path | str) -> InputError:
    return InputError(
        f"{path} is geen gewoon bestand (maar een map, apparaat of pipe); klacht schrijft "
        "alleen naar een nieuw of gewoon bestand. Kies een ander pad."
    )


def check_target(path: Path | str) -> None:
    """Refuse an existing path that is not a regular file (a symlink counts as what it points
    to), before anything is opened, created or renamed over it."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"Kan niet schrijven naar {path}: {os_reason(exc)}.") from None
    if not stat.S_ISREG(mode):
        raise _not_regular(path)


def open_target(path: Path | str, *, overwrite: bool) -> tuple[int, bool]:
    """Open the target itself, so what is checked is what gets written (no check-then-open).

    A new file is created with O_EXCL and mode 0600; an existing one (only with ``overwrite``)
    is opened without truncating and kept only when fstat shows a regular file, so a device,
    pipe or directory that appears at the path is never written to (O_NONBLOCK: opening a
    pipe does not hang). Returns the descriptor and whether this call created the file.
    Raises InputError for a path that exists (without ``overwrite``) or is no regular file,
    and the OSError of any other failure.
    """
    check_target(path)  # the ordinary case, without opening a device at all
    base = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        try:
            fd, created = os.open(path, base | os.O_CREAT | os.O_EXCL, 0o600), True
        except FileExistsError:
            if not overwrite:
                raise InputError(
                    f"Bestaat al: {path}. Gebruik --overschrijven of --uitvoer."
                ) from None
            fd, created = os.open(path, base), False
    except OSError as exc:
        if exc.errno in (errno.EISDIR, errno.ENXIO):  # ENXIO: a pipe without a reader
            raise _not_regular(path) from None
        raise  # the caller says what could not be written, with os_reason()
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _not_regular(path)
    os.set_blocking(fd, True)
    return fd, created


def same_file(fd: int, path: Path | str) -> bool:
    """Whether ``path`` still names the file open as ``fd`` (nobody swapped it meanwhile)."""
    try:
        now = os.stat(path)
    except OSError:
        return False
    held = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)
