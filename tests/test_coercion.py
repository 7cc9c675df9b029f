"""klacht's own option conversion (klachtcli/coercion.py) accepts and refuses what Typer's
pydantic conversion does, for every kind of parameter klacht declares; and through the real
CLI a refused value still reads in Dutch."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
import typer.main
from tests.conftest import Cli
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from klachtcli.cli import app as klacht_app
from klachtcli.coercion import PlainRuntimeParam, plain_runtime_param

probe = typer.Typer()


@probe.command()
def everything(
    count: Annotated[int, typer.Option()] = 0,
    bounded: Annotated[int, typer.Option(min=1, max=10)] = 1,
    flag: Annotated[bool, typer.Option()] = False,
    text: Annotated[str | None, typer.Option()] = None,
    path: Annotated[Path | None, typer.Option()] = None,
    many: Annotated[list[str] | None, typer.Option()] = None,
) -> None:
    """Every annotation klacht uses."""


COMMAND = typer.main.get_command(probe)
PARAMS = {p.name: p for p in COMMAND.params}
VALUES: dict[str, list[Any]] = {
    "count": ["42", " 42 ", "+5", "-0", "1_000", "3.0", "1.5", "0x10", "1e3", "", "twaalf", 7],
    "bounded": ["1", "10", "0", "11", "-3", "5"],
    "flag": ["yes", "On", "T", "0", "off", "no", " true ", "", "2", "ja", True, 0],
    "text": ["K-2026-0001", "", " spaties ", "é"],
    "path": ["uit.xlsx", "map/uit.xlsx", "", "."],
    "many": [("a", "b"), ("x",), ()],
}


def _outcome(runtime: Any, name: str, value: Any) -> tuple[str, Any]:
    param = PARAMS[name]
    with typer.Context(COMMAND) as ctx:
        try:
            return "ok", runtime.coerce(value, param=param, ctx=ctx)
        except BadParameter:
            return "refused", None


@pytest.mark.parametrize("name", sorted(VALUES))
def test_same_values_as_typers_own_conversion(name: str) -> None:
    param = PARAMS[name]
    mine = plain_runtime_param(param)
    assert isinstance(mine, PlainRuntimeParam)
    theirs = build_runtime_param(param.type_descriptor)  # Typer's pydantic adapter
    for value in VALUES[name]:
        assert _outcome(mine, name, value) == _outcome(theirs, name, value), (name, value)


def test_every_klacht_parameter_is_converted_without_pydantic() -> None:
    """If a new option uses another kind (an Enum, a parser), this names it: extend
    coercion.py or accept Typer's pydantic path for that command knowingly."""
    root = typer.main.get_command(klacht_app)
    left: list[str] = []

    def walk(command: Any, path: str) -> None:
        for param in command.params:
            if hasattr(param, "type_descriptor") and plain_runtime_param(param) is None:
                left.append(f"{path} {param.name}")
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(root, "klacht")
    assert left == []


@pytest.mark.usefixtures("register")
def test_refused_values_in_dutch_through_the_cli(cli: Cli) -> None:
    for args, message in (
        (
            ["termijnen", "--binnen", "twaalf"],
            "Ongeldige waarde voor --binnen: verwacht een geheel getal.",
        ),
        (["termijnen", "--binnen", "-1"], "buiten het toegestane bereik (minimaal 0)."),
        (["demo", "--aantal", "0"], "buiten het toegestane bereik (1 t/m 1000000)."),
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
