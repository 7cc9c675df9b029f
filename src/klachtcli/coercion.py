"""Option and argument values of the plain kinds klacht uses, converted without pydantic.

Typer 0.29 converts every value that is not already a flag's bool through a pydantic
TypeAdapter, even a `--db PAD` that is only a string: importing pydantic and building those
adapters costs about 0.15 s CPU at every start (more than `klacht --help` itself). klacht's
parameters are str, int (with min/max), bool, Path and list[str]; for those the command
classes in help_nl give each parameter a converter of its own up front, through Typer's
`RuntimeParam` contract (`_coerce_value`), which Typer otherwise builds lazily on first use.
Any other annotation (Enum, Literal, a parser, clamp, a file) keeps Typer's own conversion.

Errors are Click's BadParameter with the Dutch reason, so `help_nl.usage_message` words them
as before: "Ongeldige waarde voor --weken: verwacht een geheel getal.".
Tested with the Typer range pinned in pyproject.toml.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam
from typer._param_types import coerce_cli_path

# What pydantic's lax int accepts from a string: digits with _ separators, a sign, and a
# fraction of zeros ("3.0"); surrounding whitespace is ignored.
_INT = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0*)?")
# pydantic's lax bool from a string (case-insensitive).
_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "off", "f", "false", "n", "no"}

Converter = Callable[[Any, Any, Any], Any]  # (value, param, ctx) -> value


def _text(value: Any, param: Any, ctx: Any) -> str:
    if isinstance(value, bytes):
        return os.fsdecode(value)
    return str(value)


def _integer(value: Any, param: Any, ctx: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = _text(value, param, ctx).strip()
        if not _INT.fullmatch(text):
            raise BadParameter("verwacht een geheel getal.", ctx=ctx, param=param)
        number = int(text.split(".")[0])
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if (low is not None and number < low) or (high is not None and number > high):
        from klachtcli.help_nl import _range_text

        bounds = _range_text(param)
        reason = f"buiten het toegestane bereik ({bounds})." if bounds else "buiten bereik."
        raise BadParameter(reason, ctx=ctx, param=param)
    return number


def _boolean(value: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = _text(value, param, ctx).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE or text == "":
        return False
    raise BadParameter("verwacht ja of nee (true/false).", ctx=ctx, param=param)


def _path(value: Any, param: Any, ctx: Any) -> Any:
    # Typer's own checks (exists, readable, ...) with the str already made a Path, which is
    # the step it would otherwise hand to pydantic.
    given = value if isinstance(value, Path) else Path(_text(value, param, ctx))
    info = param.type_descriptor.parameter_info
    return coerce_cli_path(given, info, path_type=Path, param=param, ctx=ctx)


_CONVERTERS: dict[Any, Converter] = {str: _text, int: _integer, bool: _boolean, Path: _path}


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """Converts one value, or each value of a list option, with a plain function."""

    convert: Converter
    is_list: bool

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        if self.is_list:
            items = value if isinstance(value, list | tuple) else [value]
            return [self.convert(item, param, ctx) for item in items]
        return self.convert(value, param, ctx)


def plain_runtime_param(param: Any) -> PlainRuntimeParam | None:
    """A pydantic-free converter for this Typer parameter, or None to leave it to Typer."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or descriptor.file_annotation is not None:
        return None
    info = descriptor.parameter_info
    if info.parser is not None or info.clamp or getattr(info, "count", False):
        return None
    annotation, is_list = descriptor.annotation, False
    if get_origin(annotation) is list and len(get_args(annotation)) == 1:
        annotation, is_list = get_args(annotation)[0], True
    convert = _CONVERTERS.get(annotation)
    if convert is None or (annotation is Path and info.path_type not in (None, Path)):
        return None
    return PlainRuntimeParam(
        parameter_info=info, annotation=descriptor.annotation, convert=convert, is_list=is_list
    )


def use_plain_coercion(params: Sequence[Any]) -> None:
    """Give every parameter of a plain kind its converter (see the module docstring)."""
    for param in params:
        if getattr(param, "_runtime_param", False) is None:
            runtime = plain_runtime_param(param)
            if runtime is not None:
                param._runtime_param = runtime
