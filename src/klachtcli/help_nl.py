"""Dutch help, usage lines and usage errors, through Typer's and Click's own extension points.

The interface is Dutch (SPEC), but Typer writes its help chrome in English. Instead of replacing
library internals, every klacht command is built from the classes below (`KlachtTyper` makes
them the default for its commands and groups):
- a Context whose `formatter_class` writes "Gebruik:",
- a command and a group class that lay out their own option list (Dutch sections, metavars,
  "standaard", "verplicht") and their usage line (`[OPTIES] COMMANDO [ARGUMENTEN]...`),
- `usage_message()`, which words a usage error from the exception's own fields
  (option name, possibilities, parameter).

Tested with the Typer range pinned in pyproject.toml (Typer vendors Click as `typer._click`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import get_close_matches
from enum import Enum
from typing import Any

import typer
from typer import _click
from typer._click import exceptions as click_exceptions
from typer.core import TyperCommand, TyperGroup

from klachtcli.coercion import use_plain_coercion

USAGE_PREFIX = "Gebruik: "
OPTIONS_METAVAR = "[OPTIES]"
SUBCOMMAND_METAVAR = "COMMANDO [ARGUMENTEN]..."
HELP_OPTION_TEXT = "Toon deze hulp en stop."
DATE_METAVAR = "DATUM"
DATE_FORMATS = "DATUM: 2026-04-24, 24-04-2026, 24-4-2026, vandaag of gisteren."

# Typer's own options (shell completion) are declared with English help.
OWN_OPTION_HELP = {
    "install_completion": "Installeer tab-aanvulling voor deze shell (bash, zsh, fish).",
    "show_completion": "Toon het aanvulscript voor deze shell, om zelf te installeren.",
}

# A metavar per annotation for options and arguments that do not declare one.
_TYPE_METAVARS = {int: "N", float: "GETAL"}


class DutchFormatter(_click.HelpFormatter):
    """Click's help formatter with the Dutch usage prefix."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, USAGE_PREFIX if prefix is None else prefix)


class DutchContext(typer.Context):
    formatter_class = DutchFormatter


def _annotation(param: Any) -> Any:
    descriptor = getattr(param, "type_descriptor", None)
    return getattr(descriptor, "annotation", None)


def _default_metavar(param: Any) -> str:
    if param.param_type_name == "argument":
        return str(param.name).upper()
    annotation = _annotation(param)
    if annotation in _TYPE_METAVARS:
        return _TYPE_METAVARS[annotation]
    if getattr(annotation, "__name__", "") in {"Path", "PosixPath", "WindowsPath"}:
        return "PAD"
    return "TEKST"


def _is_flag(param: Any) -> bool:
    return bool(getattr(param, "is_flag", False) or getattr(param, "count", False))


def _give_metavars(params: Sequence[Any]) -> None:
    for param in params:
        if param.metavar is None and not _is_flag(param):
            param.metavar = _default_metavar(param)


def _default_text(param: Any, ctx: Any) -> str:
    if isinstance(param.show_default, str):
        return param.show_default
    if not (param.show_default or ctx.show_default):
        return ""
    default = param.default
    if _is_flag(param):
        if not param.secondary_opts:
            return ""
        return str((param.opts if default else param.secondary_opts)[0]).lstrip("-")
    if default is None or default == () or default == []:
        return ""
    if isinstance(default, Enum):
        return str(default.value)
    if callable(default):
        return "(dynamisch)"
    if isinstance(default, list | tuple):
        return ", ".join(str(d) for d in default)
    return str(default)


def _range_text(param: Any) -> str:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if getattr(param, "count", False) and low == 0 and high is None:
        return ""
    if low is not None and high is not None:
        return f"{low} t/m {high}"
    if low is not None:
        return f"minimaal {low}"
    if high is not None:
        return f"hoogstens {high}"
    return ""


def help_record(param: Any, ctx: Any) -> tuple[str, str] | None:
    """One line of the option list: names with metavar, and the help with its Dutch extras."""
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        names = param.metavar or str(param.name).upper()
    else:
        names = ", ".join(sorted(param.opts, key=len))
        if param.secondary_opts:
            names += " / " + ", ".join(param.secondary_opts)
        if not _is_flag(param):
            names += f" {param.metavar}"
    text = OWN_OPTION_HELP.get(param.name, param.help or "")
    extras = []
    if getattr(param, "show_envvar", False) and param.envvar:
        envvar = param.envvar if isinstance(param.envvar, str) else ", ".join(param.envvar)
        extras.append(f"omgevingsvariabele: {envvar}")
    default = _default_text(param, ctx)
    if default:
        extras.append(f"standaard: {default}")
    bounds = _range_text(param)
    if bounds:
        extras.append(bounds)
    if param.required:
        extras.append("verplicht")
    if extras:
        text = f"{text}  [{'; '.join(extras)}]" if text else f"[{'; '.join(extras)}]"
    return names, text


def _usage_piece(param: Any) -> str:
    name = param.metavar or str(param.name).upper()
    piece = name if param.required else f"[{name}]"
    return f"{piece}..." if param.nargs != 1 else piece


class _DutchHelp:
    """What the command and the group class share: option list, usage line, help option."""

    def _dutch_usage_pieces(self: Any, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        pieces += [_usage_piece(p) for p in self.get_params(ctx) if p.param_type_name == "argument"]
        return pieces

    def parse_args(self: Any, ctx: Any, args: list[str]) -> list[str]:
        # Here, not in __init__: Typer appends its completion options to the root afterwards.
        use_plain_coercion(self.get_params(ctx))
        # Click refuses arguments left over after parsing in English; it is told here that
        # they are allowed (the Context's own setting), and they are refused below in Dutch.
        extra_allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        except click_exceptions.UsageError as exc:
            # The option parser raises without a context; attach it, as Click's own
            # augment_usage_errors does for parameters, so the message names the command.
            if exc.ctx is None:
                exc.ctx, exc.cmd = ctx, ctx.command
            raise
        finally:
            ctx.allow_extra_args = extra_allowed
        if rest and not extra_allowed and not ctx.resilient_parsing:
            words = "Onverwachte argumenten" if len(rest) > 1 else "Onverwacht argument"
            raise click_exceptions.UsageError(f"{words}: {' '.join(rest)}.", ctx)
        return rest

    def _dutch_options(self: Any, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = help_record(param, ctx)
            if record is None:
                continue
            (arguments if param.param_type_name == "argument" else options).append(record)
        if arguments:
            with formatter.section("Argumenten"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Opties"):
                formatter.write_dl(options)

    def _dutch_epilog(self: Any, ctx: Any, formatter: Any) -> None:
        if any(p.metavar == DATE_METAVAR for p in self.get_params(ctx)):
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(DATE_FORMATS)


class DutchCommand(_DutchHelp, TyperCommand):
    """A klacht command: Dutch help and usage line."""

    context_class = DutchContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _give_metavars(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return self._dutch_usage_pieces(ctx)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        self._dutch_options(ctx, formatter)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        super().format_epilog(ctx, formatter)
        self._dutch_epilog(ctx, formatter)


class DutchGroup(_DutchHelp, TyperGroup):
    """A klacht command group: Dutch help, usage line and unknown-command message."""

    context_class = DutchContext

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _give_metavars(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*self._dutch_usage_pieces(ctx), self.subcommand_metavar]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        self._dutch_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        commands = [
            (name, command)
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        with formatter.section("Commando's"):
            formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name = args[0]
        command = self.get_command(ctx, name)
        if command is None and ctx.token_normalize_func is not None:
            name = ctx.token_normalize_func(name)
            command = self.get_command(ctx, name)
        if command is not None or ctx.resilient_parsing:
            return (name if command else None), command, args[1:]
        if name.startswith("-"):
            self.parse_args(ctx, args)  # an unknown option: let the parser say which
        message = f"Onbekend commando {args[0]!r}."
        matches = get_close_matches(args[0], list(self.commands))
        if matches:
            message += f" Bedoelde u {_or(repr(m) for m in matches)}?"
        raise click_exceptions.UsageError(message, ctx)


def _or(items: Any) -> str:
    words = list(items)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} of {words[-1]}"


class KlachtTyper(typer.Typer):
    """A `typer.Typer` whose commands and groups speak Dutch: the one place that chooses the
    command classes, usage metavars and help option names for every command module."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", DutchGroup)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("add_completion", False)
        super().__init__(**kwargs)

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[Any], Any]:
        return super().command(name, cls=cls or DutchCommand, **kwargs)


# Messages of usage errors that carry no fields to word them from (pattern -> Dutch).
_FREE_TEXT = [
    (re.compile(r"^Missing command\.?"), "Geef een subcommando."),
    (re.compile(r"No such command '(.+?)'\.?"), r"Onbekend commando '\1'."),
]


def _param_name(param: Any) -> str:
    if param is None:
        return "?"
    if param.param_type_name == "argument":
        return str(param.metavar or str(param.name).upper())
    return str(max(param.opts, key=len)) if param.opts else str(param.name)


def _bad_value(exc: Any) -> str:
    """The reason a value was refused: from pydantic's error type when Typer coerced it."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        for error in errors():
            kind = error.get("type", "")
            if kind in {"int_parsing", "int_from_float", "int_type"}:
                return "verwacht een geheel getal."
            if kind in {"float_parsing", "float_type"}:
                return "verwacht een getal."
            if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
                bounds = _range_text(exc.param) if exc.param is not None else ""
                return f"buiten het toegestane bereik ({bounds})." if bounds else "buiten bereik."
    return str(exc.message)


def usage_message(exc: Exception) -> str:
    """A usage error in Dutch, worded from the exception's own fields."""
    if isinstance(exc, click_exceptions.NoSuchOption):
        message = f"Onbekende optie: {exc.option_name}"
        if exc.possibilities:
            message += f" (bedoelde u {_or(sorted(exc.possibilities))}?)"
        return message
    if isinstance(exc, click_exceptions.MissingParameter):
        param = exc.param
        if param is not None and param.param_type_name == "argument":
            return f"Ontbrekend argument {_param_name(param)}."
        return f"Ontbrekende optie {_param_name(param)}."
    if isinstance(exc, click_exceptions.BadOptionUsage):
        command = exc.ctx.command if exc.ctx is not None else None
        params = command.params if command is not None else []
        flag = any(exc.option_name in getattr(p, "opts", ()) and _is_flag(p) for p in params)
        if flag:
            return f"Optie {exc.option_name} neemt geen waarde."
        return f"Optie {exc.option_name} verwacht een waarde."
    if isinstance(exc, click_exceptions.BadParameter):
        return f"Ongeldige waarde voor {_param_name(exc.param)}: {_bad_value(exc)}"
    message = str(getattr(exc, "message", exc))
    for pattern, replacement in _FREE_TEXT:
        message = pattern.sub(replacement, message)
    return message
