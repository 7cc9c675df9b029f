"""klacht partnerrapport …: the partners' own quarterly reports (WA §10, SPEC §10)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from klachtcli.commands._common import JsonOpt, actor, session
from klachtcli.completion import partner_codes
from klachtcli.errors import InputError
from klachtcli.help_nl import KlachtTyper
from klachtcli.render.output import emit_json

app = KlachtTyper()
reports_app = KlachtTyper(
    no_args_is_help=True,
    help="Kwartaalrapporten van ketenpartners over al hun klachten (WA §10).",
)
app.add_typer(reports_app, name="partnerrapport")

PartnerOpt = Annotated[
    str,
    typer.Option(
        "--partner", metavar="CODE", autocompletion=partner_codes, help="Code van de ketenpartner."
    ),
]
QuarterOpt = Annotated[
    str, typer.Option("--kwartaal", metavar="KWARTAAL", help="Kwartaal, bijvoorbeeld 2026-Q2.")
]


@reports_app.command("sjabloon")
def sjabloon(
    ctx: typer.Context,
    partner: PartnerOpt,
    kwartaal: QuarterOpt,
    uitvoer: Annotated[Path | None, typer.Option(help="Pad van de werkmap (.xlsx).")] = None,
    overschrijven: Annotated[
        bool, typer.Option("--overschrijven", help="Een bestaand bestand vervangen.")
    ] = False,
) -> None:
    """Schrijf de werkmap die de ketenpartner invult, met de doorgestuurde klachten erin."""
    from klachtcli.domain.report import parse_quarter
    from klachtcli.services.partner_reports import template

    quarter = parse_quarter(kwartaal)
    path = uitvoer or Path(f"partnerrapport-{partner}-{quarter.label}.xlsx")
    if path.exists() and not overschrijven:
        raise InputError(f"Bestaat al: {path}. Gebruik --overschrijven of --uitvoer.")
    with session(ctx, write=False) as s:
        written, listed = template(s, partner, quarter, path, datetime.now().astimezone())
    typer.echo(f"Sjabloon {quarter.label} voor {partner} geschreven: {written}")
    typer.echo(f"{listed} klacht(en) die de partner van de gemeente kreeg staan er al in.")


@reports_app.command("inlezen")
def inlezen(
    ctx: typer.Context,
    bestand: Annotated[Path, typer.Argument(help="De ingevulde werkmap (.xlsx).")],
    partner: PartnerOpt,
    kwartaal: QuarterOpt,
    as_json: JsonOpt = False,
) -> None:
    """Lees een ingevuld kwartaalrapport in: eerst wordt elke rij gecontroleerd; bij één
    fout wordt niets ingelezen."""
    from klachtcli.domain.report import parse_quarter
    from klachtcli.services.partner_reports import import_report

    quarter = parse_quarter(kwartaal)
    with session(ctx, write=True) as s:
        result = import_report(s, actor(ctx), bestand, partner, quarter)
    if as_json:
        emit_json(result.to_dict())
        return
    if result.already_read:
        typer.echo("Dit bestand was al ingelezen.")
    typer.echo(
        f"Partnerrapport {quarter.label} van {partner} ingelezen: {result.new} nieuw, "
        f"{result.feedback} terugkoppeling, {result.updated} bijgewerkt, "
        f"{result.unchanged} ongewijzigd."
    )
