"""The exceptions that the CLI boundary turns into a Dutch message and an exit status (SPEC §5)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_OVERDUE = 1
EXIT_INPUT = 2
EXIT_REGISTER = 3
EXIT_INTERNAL = 4


class KlachtError(Exception):
    """A problem the user can act on; ``message`` is Dutch and shown as-is."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(KlachtError):
    """Invalid input, unknown code, illegal transition or missing field: exit 2."""

    exit_code = EXIT_INPUT


class RegisterError(KlachtError):
    """The register cannot be used (missing, locked, corrupt, newer schema): exit 3."""

    exit_code = EXIT_REGISTER
