"""klacht ombudsman …: information requests, interventions, forwarded complaints (WA §12)."""

from __future__ import annotations

from typing import Annotated

import typer

from klachtcli.commands._common import JsonOpt, actor, check_id, opt_date, past_date, session
from klachtcli.completion import complaint_numbers, partner_codes
from klachtcli.domain.dates import fmt
from klachtcli.help_nl import KlachtTyper
from klachtcli.render.output import Col, emit_json, fields, table

app = KlachtTyper()
ombudsman_app = KlachtTyper(
    no_args_is_help=True, help="Zaken van de Ombudsman Metropool Amsterdam (WA §12)."
)
app.add_typer(ombudsman_app, name="ombudsman")

IdArg = Annotated[int, typer.Argument(help="Nummer van de ombudsmanzaak.", callback=check_id)]


@ombudsman_app.command("nieuw")
def nieuw(
    ctx: typer.Context,
    type_: Annotated[
        str,
        typer.Option(
            "--type", help="informatievraag, interventieverzoek, klacht, eigen-onderzoek."
        ),
    ],
    referentie: Annotated[str, typer.Option(help="Kenmerk van de ombudsman.")],
    deadline: Annotated[
        str, typer.Option(metavar="DATUM", help="Antwoorddatum die de ombudsman stelde.")
    ],
    ontvangen: Annotated[
        str | None, typer.Option(metavar="DATUM", help="Ontvangen (standaard vandaag).")
    ] = None,
    klacht: Annotated[
        str | None,
        typer.Option(
            metavar="NUMMER", autocompletion=complaint_numbers, help="Bijbehorende klacht."
        ),
    ] = None,
    partner: Annotated[
        str | None,
        typer.Option(metavar="CODE", autocompletion=partner_codes, help="Betrokken ketenpartner."),
    ] = None,
    via_partner: Annotated[
        bool, typer.Option("--via-partner", help="Via de ketenpartner gemeld (WA §12).")
    ] = False,
    notities: Annotated[str | None, typer.Option(help="Notities.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Registreer een zaak van de ombudsman met de gestelde antwoordtermijn."""
    from klachtcli.services.ombudsman import NewItem, add_item, item_dict

    due = opt_date(ctx, deadline, "deadline")
    assert due is not None
    data = NewItem(
        type=type_,
        reference=referentie,
        received=past_date(ctx, ontvangen, "ontvangstdatum"),
        deadline=due,
        complaint=klacht,
        partner=partner,
        via_partner=via_partner,
        notes=notities,
    )
    with session(ctx, write=True) as s:
        result = item_dict(s, add_item(s, actor(ctx), data))
    if as_json:
        emit_json(result)
    else:
        typer.echo(
            f"Ombudsmanzaak {result['id']} ({result['type']}, {result['referentie']}) "
            f"geregistreerd; antwoord uiterlijk {fmt(result['deadline'])}."
        )


@ombudsman_app.command("lijst")
def lijst(
    ctx: typer.Context,
    alle: Annotated[bool, typer.Option("--alle", help="Ook beantwoorde zaken.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Toon de (open) ombudsmanzaken, eerstvolgende deadline eerst."""
    from klachtcli.services.ombudsman import item_dict, list_items

    with session(ctx, write=False) as s:
        rows = [item_dict(s, i) for i in list_items(s, open_only=not alle)]
    if as_json:
        emit_json({"zaken": rows})
        return
    if not rows:
        typer.echo("Geen ombudsmanzaken." if alle else "Geen open ombudsmanzaken.")
        return
    table(
        "Ombudsmanzaken",
        [
            Col("Id", key=True),
            Col("Type", keep=2),
            Col("Referentie", keep=3),
            Col("Ontvangen", key=True),
            Col("Deadline", key=True),
            Col("Beantwoord", key=True),
            Col("Klacht", key=True),
            Col("Partner", keep=1),
        ],
        [
            [
                r["id"],
                r["type"],
                r["referentie"],
                fmt(r["ontvangen"]),
                fmt(r["deadline"]),
                fmt(r["beantwoord_op"]),
                r["klacht"],
                r["partner"],
            ]
            for r in rows
        ],
    )


@ombudsman_app.command("toon")
def toon(ctx: typer.Context, zaak: IdArg, as_json: JsonOpt = False) -> None:
    """Toon één ombudsmanzaak."""
    from klachtcli.services.ombudsman import get_item, item_dict

    with session(ctx, write=False) as s:
        data = item_dict(s, get_item(s, zaak))
    if as_json:
        emit_json(data)
        return
    fields(
        [
            ("Zaak", data["id"]),
            ("Type", data["type"]),
            ("Referentie", data["referentie"]),
            ("Ontvangen", fmt(data["ontvangen"])),
            ("Deadline", fmt(data["deadline"])),
            ("Beantwoord op", fmt(data["beantwoord_op"])),
            ("Klacht", data["klacht"]),
            ("Partner", data["partner"]),
            ("Via partner", "ja" if data["via_partner"] else "nee"),
            ("Notities", data["notities"]),
        ]
    )


@ombudsman_app.command("beantwoord")
def beantwoord(
    ctx: typer.Context,
    zaak: IdArg,
    datum: Annotated[
        str | None, typer.Option(metavar="DATUM", help="Datum van het antwoord.")
    ] = None,
) -> None:
    """Leg vast dat de ombudsman antwoord heeft gekregen."""
    from klachtcli.services.ombudsman import answer

    on = past_date(ctx, datum, "datum")
    with session(ctx, write=True) as s:
        item = answer(s, actor(ctx), zaak, on)
    late = " (na de deadline)" if on > item.deadline else ""
    typer.echo(f"Ombudsmanzaak {zaak} beantwoord op {fmt(on)}{late}.")
