"""klacht brief and klacht sjabloon: letters from templates for the written steps (SPEC §9)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from klachtcli.commands._common import JsonOpt, NumberArg, actor, past_date, session
from klachtcli.help_nl import KlachtTyper
from klachtcli.render.output import emit_json, table

app = KlachtTyper()
template_app = KlachtTyper(
    no_args_is_help=True,
    help="De sjablonen van de brieven van dit register: lijst, velden, exporteer, importeer, "
    "herstel.",
)
app.add_typer(template_app, name="sjabloon")

KindArg = Annotated[
    str,
    typer.Argument(
        help="ontvangstbevestiging, doorzending, terugkoppelingsverzoek, verdaging, "
        "niet-behandelen, afhandeling of tevredenheid.",
        show_default=False,
    ),
]
TemplateArg = Annotated[
    str,
    typer.Argument(
        help="Soort sjabloon (zie `klacht sjabloon lijst`), bijvoorbeeld afhandeling of "
        "verdaging-klager.",
        show_default=False,
    ),
]
OverwriteOpt = Annotated[
    bool, typer.Option("--overschrijven", help="Een bestaand bestand vervangen.")
]


@app.command("brief")
def brief(
    ctx: typer.Context,
    nummer: NumberArg,
    soort: KindArg,
    datum: Annotated[
        str | None,
        typer.Option("--datum", metavar="DATUM", help="Datum van de brief (standaard vandaag)."),
    ] = None,
    uitvoer: Annotated[
        Path | None,
        typer.Option(help="Bestand of map voor de brief (standaard de huidige map)."),
    ] = None,
    formaat: Annotated[
        str, typer.Option(help="docx (Word, aan te passen) of txt (tekst voor een e-mail).")
    ] = "docx",
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Zet de brief ook om naar PDF (met LibreOffice).")
    ] = False,
    concept: Annotated[
        bool, typer.Option("--concept", help="Maak de brief zonder iets vast te leggen.")
    ] = False,
    toelichting: Annotated[
        str | None,
        typer.Option(help="Extra tekst in de brief, bijvoorbeeld de bevindingen."),
    ] = None,
    overschrijven: OverwriteOpt = False,
) -> None:
    """Maak een brief uit het sjabloon, bewaar hem in het dossier en leg vast wat hij bewijst."""
    from klachtcli.services.letters import LetterRequest, make_letter

    request = LetterRequest(
        number=nummer,
        kind=soort,
        on=past_date(ctx, datum, "datum"),
        output=uitvoer,
        format=formaat,
        pdf=pdf,
        draft=concept,
        note=toelichting,
        overwrite=overschrijven,
    )
    with session(ctx, write=not concept) as s:
        result = make_letter(s, actor(ctx), request)
    for letter in result.letters:
        paths = ", ".join(str(p) for p in letter.paths)
        typer.echo(f"Brief {result.kind} aan {letter.recipient} ({letter.role}): {paths}")
    if result.recorded is None:
        typer.echo("Concept: er is niets vastgelegd in het dossier.")
    else:
        typer.echo(f"Vastgelegd in het dossier van {result.number}: {result.recorded}.")
    typer.echo(
        "Let op: de brief bevat persoonsgegevens (bestand alleen voor u leesbaar).", err=True
    )


@template_app.command("lijst")
def lijst(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Welke sjablonen er zijn en of het register een eigen versie heeft."""
    from klachtcli.domain.dates import fmt
    from klachtcli.services.letters import list_templates

    with session(ctx, write=False) as s:
        infos = list_templates(s)
    if as_json:
        emit_json(
            {
                "sjablonen": [
                    {
                        "soort": i.kind,
                        "doel": i.purpose,
                        "bron": i.source,
                        "bestand": i.file_name,
                        "ingelezen_op": i.imported_at,
                        "medewerker": i.employee,
                    }
                    for i in infos
                ]
            }
        )
        return
    table(
        "Sjablonen",
        ["Soort", "Bron", "Ingelezen", "Doel"],
        [
            [
                i.kind,
                i.source + (f" ({i.file_name})" if i.file_name else ""),
                fmt(i.imported_at.date()) if i.imported_at else "",
                i.purpose,
            ]
            for i in infos
        ],
    )


@template_app.command("velden")
def velden(as_json: JsonOpt = False) -> None:
    """Elk veld dat een sjabloon mag gebruiken ({{ veld }}), met zijn betekenis."""
    from klachtcli.domain.letters import FIELDS

    if as_json:
        emit_json({"velden": FIELDS})
        return
    table("Velden voor sjablonen", ["Veld", "Betekenis"], sorted(FIELDS.items()))


@template_app.command("exporteer")
def exporteer(
    ctx: typer.Context,
    soort: TemplateArg,
    pad: Annotated[Path, typer.Argument(help="Bestand (.docx) of map.", show_default=False)],
    overschrijven: OverwriteOpt = False,
) -> None:
    """Schrijf het sjabloon dat het register nu gebruikt naar een .docx om aan te passen."""
    from klachtcli.services.letters import export_template

    with session(ctx, write=False) as s:
        target = export_template(s, soort, pad, overschrijven)
    typer.echo(f"Sjabloon {soort} geschreven: {target}")


@template_app.command("importeer")
def importeer(
    ctx: typer.Context,
    soort: TemplateArg,
    pad: Annotated[Path, typer.Argument(help="Het aangepaste sjabloon (.docx).")],
) -> None:
    """Lees een eigen sjabloon in; het wordt eerst op een voorbeelddossier gecontroleerd."""
    from klachtcli.services.letters import import_template

    with session(ctx, write=True) as s:
        message = import_template(s, actor(ctx), soort, pad)
    typer.echo(message)


@template_app.command("herstel")
def herstel(ctx: typer.Context, soort: TemplateArg) -> None:
    """Gebruik weer het standaardsjabloon van deze soort."""
    from klachtcli.services.letters import restore_template

    with session(ctx, write=True) as s:
        message = restore_template(s, actor(ctx), soort)
    typer.echo(message)
