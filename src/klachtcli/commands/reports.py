"""klacht rapport en analyse: the quarterly workbook (WA §10), the annual overview (Awb 9:12a)
and the structural signals (WA §5b, §11)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from klachtcli.commands._common import JsonOpt, PersonalOpt, opt_date, session
from klachtcli.completion import partner_codes
from klachtcli.context import state
from klachtcli.domain.dates import fmt
from klachtcli.errors import InputError
from klachtcli.help_nl import KlachtTyper
from klachtcli.render.output import emit_json, table

app = KlachtTyper()


@app.command("rapport")
def rapport(
    ctx: typer.Context,
    kwartaal: Annotated[
        str | None,
        typer.Option(
            metavar="KWARTAAL", help="Kwartaal, bijvoorbeeld 2026-Q2 (ook 2026Q2 of Q2-2026)."
        ),
    ] = None,
    jaar: Annotated[
        int | None, typer.Option(metavar="JAAR", help="Jaaroverzicht voor publicatie (Awb 9:12a).")
    ] = None,
    partner: Annotated[
        str | None,
        typer.Option(
            metavar="CODE", autocompletion=partner_codes, help="Alleen deze ketenpartner."
        ),
    ] = None,
    uitvoer: Annotated[Path | None, typer.Option(help="Pad van de werkmap (.xlsx).")] = None,
    per_partner: Annotated[
        Path | None,
        typer.Option("--per-partner", help="Map: één werkmap per ketenpartner."),
    ] = None,
    met_persoonsgegevens: PersonalOpt = False,
    overschrijven: Annotated[
        bool, typer.Option("--overschrijven", help="Een bestaand rapport vervangen.")
    ] = False,
    as_json: JsonOpt = False,
    publicatie: Annotated[
        bool,
        typer.Option(
            "--publicatie",
            help="Bij --jaar: de publicatie (Awb 9:12a) als Word-document, met het vorige jaar.",
        ),
    ] = False,
) -> None:
    """Schrijf het kwartaalrapport (Excel) of het jaaroverzicht van geregistreerde klachten."""
    if (kwartaal is None) == (jaar is None):
        raise InputError("Geef precies één van --kwartaal of --jaar.")
    generated = datetime.now().astimezone()
    if publicatie:
        if jaar is None or as_json or per_partner or partner or met_persoonsgegevens:
            raise InputError(
                "--publicatie hoort bij --jaar, zonder --json, --partner, --per-partner en "
                "persoonsgegevens."
            )
        _publication(ctx, jaar, uitvoer, overschrijven, generated)
        return
    if jaar is not None:
        if per_partner is not None:
            raise InputError(
                "--per-partner hoort bij --kwartaal; het jaaroverzicht is één werkmap."
            )
        _annual(
            ctx, jaar, uitvoer, overschrijven, as_json, partner, met_persoonsgegevens, generated
        )
        return
    from klachtcli.domain.report import parse_quarter
    from klachtcli.services.reports import QuarterRequest, quarterly_report

    assert kwartaal is not None
    request = QuarterRequest(
        quarter=parse_quarter(kwartaal),
        partner=partner,
        output=uitvoer,
        per_partner=per_partner,
        include_personal=met_persoonsgegevens,
        overwrite=overschrijven,
    )
    if as_json:
        raise InputError("--json hoort bij --jaar; het kwartaalrapport is een Excel-werkmap.")
    with session(ctx, write=False) as s:
        written = quarterly_report(s, request, generated)
    q = request.quarter
    _note_unfinished(ctx, f"kwartaal {q.label} (t/m {fmt(q.end)})", q.end)
    for path in written:
        typer.echo(f"Kwartaalrapport {request.quarter.label} geschreven: {path}")
    if met_persoonsgegevens:
        typer.echo("Let op: bevat persoonsgegevens van klagers; deel het niet verder.", err=True)


def _annual(
    ctx: typer.Context,
    year: int,
    output: Path | None,
    overwrite: bool,
    as_json: bool,
    partner: str | None,
    personal: bool,
    generated: datetime,
) -> None:
    from klachtcli.services.reports import annual_workbook

    if partner or personal:
        raise InputError(
            "Het jaaroverzicht is voor publicatie: zonder --partner en zonder persoonsgegevens."
        )
    if not 2000 <= year <= 2200:
        raise InputError(f"Ongeldig jaar {year}.")
    path = output or Path(f"klachtenoverzicht-{year}.xlsx")
    if not as_json and output is None and path.exists() and not overwrite:
        raise InputError(f"Bestaat al: {path}. Gebruik --overschrijven of --uitvoer.")
    with session(ctx, write=False) as s:
        if as_json:
            from klachtcli.services.publication import year_figures

            data = year_figures(s, year)
        else:
            annual_workbook(s, year, path, generated)
    _note_unfinished(ctx, f"het jaar {year}", date(year, 12, 31))
    if as_json:
        emit_json(data)
        return
    typer.echo(f"Jaaroverzicht {year} geschreven: {path}")


def _publication(
    ctx: typer.Context, year: int, output: Path | None, overwrite: bool, generated: datetime
) -> None:
    from klachtcli.services.publication import write_publication

    if not 2000 <= year <= 2200:
        raise InputError(f"Ongeldig jaar {year}.")
    path = output or Path(f"klachtenpublicatie-{year}.docx")
    with session(ctx, write=False) as s:
        written = write_publication(s, year, path, overwrite=overwrite, generated=generated)
    _note_unfinished(ctx, f"het jaar {year}", date(year, 12, 31))
    typer.echo(f"Publicatie {year} (met {year - 1} ernaast) geschreven: {written}")


@app.command("analyse")
def analyse(
    ctx: typer.Context,
    van: Annotated[
        str | None, typer.Option(metavar="DATUM", help="Vanaf (standaard: vier kwartalen terug).")
    ] = None,
    tot: Annotated[
        str | None, typer.Option(metavar="DATUM", help="Tot en met (standaard vandaag).")
    ] = None,
    partner: Annotated[
        str | None,
        typer.Option(
            metavar="CODE", autocompletion=partner_codes, help="Alleen deze ketenpartner."
        ),
    ] = None,
    met_persoonsgegevens: PersonalOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Veelvoorkomende klachten en structurele signalen per ketenpartner en categorie."""
    from klachtcli.domain.signals import default_window
    from klachtcli.services.reports import analysis

    today = state(ctx).today
    default_van, default_tot = default_window(today)
    start = opt_date(ctx, van, "van-datum") or default_van
    end = opt_date(ctx, tot, "tot-datum") or default_tot
    with session(ctx, write=False) as s:
        result, names = analysis(s, start, end, partner, with_names=met_persoonsgegevens)
    _note_unfinished(ctx, f"de periode {fmt(start)} t/m {fmt(end)}", end)
    data: dict[str, Any] = result.to_dict()
    if met_persoonsgegevens:
        for signal in data["signalen"]:
            if signal["klager_ref"]:
                signal["namen"] = names.get(signal["klager_ref"], [])
    if as_json:
        emit_json(data)
        return
    typer.echo(f"Analyse {fmt(start)} t/m {fmt(end)}" + (f", partner {partner}" if partner else ""))
    rising = [c for c in data["aantallen"] if c["verandering"]]
    table(
        "Aantallen per ketenpartner × categorie per kwartaal",
        ["Kwartaal", "Partner", "Categorie", "Aantal", "Vorig kwartaal", "Verandering"],
        [
            [
                c["kwartaal"],
                c["partner"],
                c["categorie"],
                c["aantal"],
                c["vorig_kwartaal"],
                _signed(c["verandering"]),
            ]
            for c in data["aantallen"]
        ],
    )
    typer.echo(f"({len(rising)} combinaties veranderd ten opzichte van het vorige kwartaal)")
    if not data["signalen"]:
        typer.echo("Geen structurele signalen in deze periode.")
        return
    typer.echo("")
    typer.echo("Signalen:")
    for signal in data["signalen"]:
        who = ", ".join(signal.get("namen", [])) or signal["klager_ref"] or ""
        extra = f" [{who}]" if who else ""
        typer.echo(f"- {signal['kwartaal']} {signal['soort']}{extra}: {signal['reden']}")


def _note_unfinished(ctx: typer.Context, what: str, end: date) -> None:
    from klachtcli.domain.notices import period_not_over

    note = period_not_over(what, end, state(ctx).today)
    if note:
        typer.echo(note, err=True)


def _signed(value: int | None) -> str:
    return "" if value is None else f"{value:+d}"
