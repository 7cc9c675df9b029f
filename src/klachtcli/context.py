"""What every command knows about its invocation: register path, employee, the date of today."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import typer

from klachtcli.errors import InputError
from klachtcli.store.target import Register, parse


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("klacht", appauthor=False)) / "klachten.db"


def default_employee() -> str:
    """The OS user name. It comes from the environment (LOGNAME, USER), which anyone can set:
    with control characters it is refused rather than stored in dossier and audit log."""
    from klachtcli.domain.text import text_problem

    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        return "onbekend"
    problem = text_problem(name)
    if problem:
        raise InputError(
            f"De gebruikersnaam van het systeem (LOGNAME/USER) {name!r} {problem}. Geef je "
            "naam met --medewerker NAAM of KLACHT_MEDEWERKER."
        )
    return name


def today() -> date:
    """Today's date; KLACHT_VANDAAG pins it for demos, tests and reruns of a past day."""
    pinned = os.environ.get("KLACHT_VANDAAG")
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise InputError(f"KLACHT_VANDAAG={pinned!r} is geen datum (jjjj-mm-dd).") from None
    return date.today()


@dataclass
class AppState:
    db_option: str | Path | None
    employee_option: str | None = None  # --medewerker / KLACHT_MEDEWERKER, already checked
    debug: bool = False
    command: str = "klacht"

    @property
    def employee(self) -> str:
        """Who acts; the OS user name is only looked at (and checked) when nobody is named,
        and only by a command that records who acted."""
        return self.employee_option or default_employee()

    @property
    def db_path(self) -> Register:
        """The register: a file, or a PostgreSQL database for a postgresql:// URL."""
        return parse(self.db_option) if self.db_option is not None else default_db_path()

    @property
    def today(self) -> date:
        return today()


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    obj = root.obj
    if not isinstance(obj, AppState):  # a sub-app invoked on its own, as in some tests
        obj = AppState(db_option=None)
        root.obj = obj
    # The root's name depends on how the program was started; the audit log always says klacht.
    obj.command = " ".join(["klacht", *ctx.command_path.split()[1:]])
    return obj
