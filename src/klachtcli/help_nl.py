"""Dutch for the help chrome that Typer and its vendored Click write in English.

The interface is Dutch (SPEC), but "Options", "Usage:" and "Show this message and exit." come
from the library. Typer routes a few of them through gettext's `_`, which we replace; the two
that are hard-coded are wrapped. Each patch checks that its target exists, so a Typer upgrade
that moves them degrades to English help instead of failing; tests/cli/test_usage.py notices.
"""

from __future__ import annotations

from typing import Any

DUTCH = {
    "Arguments": "Argumenten",
    "Options": "Opties",
    "Commands": "Commando's",
    "default: {default}": "standaard: {default}",
    "env var: {var}": "omgevingsvariabele: {var}",
    "required": "verplicht",
    "(dynamic)": "(dynamisch)",
    "Aborted!": "Afgebroken!",
    "Missing command.": "Geef een subcommando.",
    "No such command {name!r}.": "Onbekend commando {name!r}.",
}
HELP_OPTION_TEXT = "Toon deze hulp en stop."
USAGE_PREFIX = "Gebruik: "


def _translate(message: str) -> str:
    return DUTCH.get(message, message)


def install() -> None:
    import typer.core
    from typer._click import core as click_core
    from typer._click import formatting

    if hasattr(typer.core, "_"):
        typer.core._ = _translate

    original_help_option = getattr(click_core.Command, "get_help_option", None)
    if original_help_option is not None and not getattr(original_help_option, "_nl", False):

        def get_help_option(self: Any, ctx: Any) -> Any:
            option = original_help_option(self, ctx)
            if option is not None:
                option.help = HELP_OPTION_TEXT
            return option

        get_help_option._nl = True  # type: ignore[attr-defined]
        click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]

    original_usage = getattr(formatting.HelpFormatter, "write_usage", None)
    if original_usage is not None and not getattr(original_usage, "_nl", False):

        def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            original_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

        write_usage._nl = True  # type: ignore[attr-defined]
        formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
