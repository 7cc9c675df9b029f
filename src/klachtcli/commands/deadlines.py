"""klacht termijnen, uitleg en kalender: watching time the way the Awb and WA §6 count it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from klachtcli.commands._common import JsonOpt, NumberArg, actor, opt_date, session
from klachtcli.completion import partner_codes
from klachtcli.context import state
from klachtcli.domain.dates import fmt
from klachtcli.errors import EXIT_OVERDUE, InputError
from klachtcli.help_nl import KlachtTyper
from klachtcli.render.output import Col, Styled, emit_json, table

if TYPE_CHECKING:
    from klachtcli.services.deadlines import DeadlineItem

app = KlachtTyper()
calendar_app = KlachtTyper(
    no_args_is_help=True,
    help="Niet-werkdagen: feestdagen, Atw-gelijkgestelde dagen, sluitingsdagen.",
)
app.add_typer(calendar_app, name="kalender")


def _days_text(item: DeadlineItem) -> str:
    n = item.working_days
    if item.overdue:
        if n == 0:  # due on a Friday, looked at on the Saturday: late, but no working day yet
            return "te laat"
        return f"{-n} werkdag{'en' if n != -1 else ''} te laat"
    return f"nog {n} werkdag{'en' if n != 1 else ''}"


@app.command("termijnen")
def termijnen(
    ctx: typer.Context,
    overdue: Annotated[
        bool,
        typer.Option(
            "--overdue", help="Alleen verlopen termijnen; stil en exit 0 als er geen zijn."
        ),
    ] = False,
    binnen: Annotated[
        int | None, typer.Option("--binnen", min=0, help="Alleen wat binnen N werkdagen verloopt.")
    ] = None,
    peildatum: Annotated[
        str | None,
        typer.Option(
            "--peildatum", metavar="DATUM", help="Rekenen per deze datum (standaard vandaag)."
        ),
    ] = None,
    partner: Annotated[
        str | None,
        typer.Option(
            metavar="CODE", autocompletion=partner_codes, help="Alleen deze ketenpartner."
        ),
    ] = None,
    behandelaar: Annotated[str | None, typer.Option(help="gemeente of partner.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Alle open termijnen, eerstvolgende eerst, met werkdagen over of te laat (voor cron)."""
    from klachtcli.services.deadlines import DeadlineFilter, open_deadlines

    ref = opt_date(ctx, peildatum, "peildatum") or state(ctx).today
    with session(ctx, write=False) as s:
        items = open_deadlines(
            s,
            DeadlineFilter(
                peildatum=ref,
                overdue_only=overdue,
                within=binnen,
                partner=partner,
                handler=behandelaar,
            ),
        )
    late = any(i.overdue for i in items)
    if as_json:
        emit_json({"peildatum": ref, "termijnen": [i.to_dict() for i in items]})
    elif overdue:
        _cron_report(ref, items)
    else:
        _table(ref, items)
    if overdue and late:
        raise typer.Exit(EXIT_OVERDUE)


def _cron_report(ref: date, items: list[DeadlineItem]) -> None:
    """Plain text that reads well in a cron e-mail; nothing at all when nothing is late."""
    if not items:
        return
    lines = [f"klacht: {len(items)} verlopen termijn(en) op peildatum {fmt(ref)}", ""]
    for i in items:
        who = i.number or i.partner or ""
        partner = f", partner {i.partner}" if i.partner and i.number else ""
        lines.append(
            f"- {i.kind:<11} {who:<12} uiterlijk {fmt(i.due)}, {_days_text(i)} ({i.what}{partner})"
        )
    # One write: thousands of echo() calls cost more than building the list.
    typer.echo("\n".join(lines))


def _table(ref: date, items: list[DeadlineItem]) -> None:
    if not items:
        typer.echo(f"Geen open termijnen op peildatum {fmt(ref)}.")
        return

    def status(i: DeadlineItem) -> Styled:
        style = "red" if i.overdue else ("yellow" if i.working_days <= 2 else "green")
        return Styled(_days_text(i), style)

    table(
        f"Termijnen op {fmt(ref)}",
        [
            Col("Uiterlijk", key=True),
            Col("Soort", keep=3),
            Col("Klacht", key=True),
            Col("Partner", keep=2),
            Col("Behandelaar", keep=1),
            Col("Werkdagen", key=True),  # the status: never cut
            Col("Wat"),
        ],
        [[fmt(i.due), i.kind, i.number, i.partner, i.handler, status(i), i.what] for i in items],
    )


@app.command("uitleg")
def uitleg(ctx: typer.Context, nummer: NumberArg, as_json: JsonOpt = False) -> None:
    """Hoe elke termijn van een klacht is berekend: begindatum, termijn, overgeslagen dagen."""
    from klachtcli.services.deadlines import explain

    with session(ctx, write=False) as s:
        data = explain(s, nummer)
    if as_json:
        emit_json(data)
        return
    typer.echo(f"Termijnen van klacht {data['nummer']}")
    typer.echo(f"Ontvangen: {fmt(data['ontvangen'])}")
    if data["doorgestuurd_op"]:
        typer.echo(
            f"Doorgestuurd naar {data['behandelaar_partner']} op {fmt(data['doorgestuurd_op'])}: "
            "de termijnen van de partner lopen vanaf die datum."
        )
    if data["heropend_op"] and data["termijnen_lopen_na"] == "heropenen":
        typer.echo(
            f"Heropend met nieuwe feiten op {fmt(data['heropend_op'])}: de termijnen lopen "
            "opnieuw vanaf die datum."
        )
    for d in data["termijnen"]:
        typer.echo("")
        only = " (alleen als de klacht niet in behandeling wordt genomen)"
        note = only if d["soort"] == "niet-behandelen" else ""
        typer.echo(f"{d['soort']}: uiterlijk {fmt(d['deadline'])} — {d['regel']}{note}")
        if d["vastgelegd"] and d["berekend"] != d["deadline"]:
            typer.echo(
                f"  Getoetst aan deze termijn. Let op: met de kalender van nu zou het "
                f"{fmt(d['berekend'])} zijn (de kalender is sindsdien gewijzigd). Berekening "
                "met de kalender van nu:"
            )
        for line in d["uitleg"]:
            typer.echo(f"  {line}")
        if not d["vastgelegd"] and d["opgeslagen"] and d["opgeslagen"] != d["deadline"]:
            typer.echo(
                f"  Let op: opgeslagen termijn is {fmt(d['opgeslagen'])}; de kalender is sindsdien "
                "gewijzigd."
            )
    if data["verdagingen"]:
        typer.echo("")
        typer.echo("Verdagingen:")
        for e in data["verdagingen"]:
            typer.echo(f"  {fmt(e['datum'])}: {e['tekst']}")


@calendar_app.command("lijst")
def kalender_lijst(
    ctx: typer.Context,
    jaar: Annotated[
        int | None, typer.Option(metavar="JAAR", help="Alleen dit jaar (standaard dit jaar).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Toon de niet-werkdagen: feestdagen (Atw art. 3), Atw-gelijkgestelde dagen, sluitingsdagen."""
    from klachtcli.domain.calendar import format_day
    from klachtcli.services.calendar import list_days

    year = jaar or state(ctx).today.year
    if not 1900 <= year <= 2200:
        raise InputError(f"Ongeldig jaar {year}.")
    with session(ctx, write=False) as s:
        days = list_days(s, year)
    if as_json:
        emit_json(
            {
                "jaar": year,
                "dagen": [
                    {"datum": d.day, "soort": d.kind, "omschrijving": d.description} for d in days
                ],
            }
        )
        return
    table(
        f"Niet-werkdagen {year}",
        [Col("Datum", key=True), Col("Soort", keep=1), Col("Omschrijving")],
        [[format_day(d.day), d.kind, d.description] for d in days],
    )


@calendar_app.command("toevoegen")
def kalender_toevoegen(
    ctx: typer.Context,
    datum: Annotated[str, typer.Argument(help="De datum.")],
    soort: Annotated[str, typer.Option(help="sluitingsdag of atw-gelijkgesteld.")],
    omschrijving: Annotated[str, typer.Option(help="Bijvoorbeeld 'Kerstsluiting'.")],
) -> None:
    """Voeg een sluitingsdag of Atw-gelijkgestelde dag toe; open termijnen worden herberekend."""
    from klachtcli.services.calendar import add_day

    day = opt_date(ctx, datum, "datum")
    assert day is not None
    with session(ctx, write=True) as s:
        changed = add_day(s, actor(ctx), day, soort, omschrijving)
    typer.echo(f"{fmt(day)} toegevoegd als {soort.strip().lower()}.")
    typer.echo(f"Termijnen van {changed} open klacht(en) verschoven.")
