"""The one rule for every file klacht writes (workbooks, letters, templates, backups): the
target is a new path or an existing regular file, never a device, pipe or directory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from klachtcli.errors import InputError


def check_target(path: Path | str) -> None:
    """Refuse an existing path that is not a regular file (a symlink counts as what it points
    to), before anything is opened, created or renamed over it."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"Kan niet schrijven naar {path}: {exc.strerror or exc}.") from None
    if not stat.S_ISREG(mode):
        raise InputError(
            f"{path} is geen gewoon bestand (maar een map, apparaat of pipe); klacht schrijft "
            "alleen naar een nieuw of gewoon bestand. Kies een ander pad."
        )
