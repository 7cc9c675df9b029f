"""The steps of handling a complaint (SPEC §4): one thin command each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from klachtcli.commands._common import NumberArg, actor, past_date, session
from klachtcli.completion import partner_codes
from klachtcli.errors import InputError
from klachtcli.help_nl import KlachtTyper

if TYPE_CHECKING:
    from sqlmodel import Session

    from klachtcli.services.audit import Actor
    from klachtcli.services.steps import StepResult

app = KlachtTyper()

DateOpt = Annotated[
    str | None,
    typer.Option("--datum", metavar="DATUM", help="Datum van de stap (standaard vandaag)."),
]
SatisfiedOpt = Annotated[str | None, typer.Option("--tevreden", help="ja, nee of onbekend.")]
MeasureOpt = Annotated[
    str | None, typer.Option("--maatregel", help="Actie naar aanleiding van de klacht (WA §10).")
]


def _run(ctx: typer.Context, step: Callable[[Session, Actor], StepResult]) -> None:
    with session(ctx, write=True) as s:
        result = step(s, actor(ctx))
    typer.echo(result.message)
    if result.warning:
        typer.echo(result.warning, err=True)


@app.command("bevestigen")
def bevestigen(ctx: typer.Context, nummer: NumberArg, datum: DateOpt = None) -> None:
    """Leg de schriftelijke ontvangstbevestiging vast (Awb 9:6)."""
    from klachtcli.services import steps

    on = past_date(ctx, datum, "datum")
    _run(ctx, lambda s, a: steps.confirm(s, a, nummer, on))


@app.command("doorsturen")
def doorsturen(
    ctx: typer.Context,
    nummer: NumberArg,
    partner: Annotated[
        str,
        typer.Option(
            "--partner",
            metavar="CODE",
            autocompletion=partner_codes,
            help="Ketenpartner die gaat behandelen.",
        ),
    ],
    datum: DateOpt = None,
    reden: Annotated[
        str | None,
        typer.Option(help="Toch doorsturen naar een partner met een beëindigd contract: waarom."),
    ] = None,
) -> None:
    """Stuur een klacht die de gemeente eerst hield door naar een ketenpartner (WA §5a)."""
    from klachtcli.services import steps

    on = past_date(ctx, datum, "datum")
    _run(ctx, lambda s, a: steps.forward(s, a, nummer, partner, on, reden))


@app.command("contact")
def contact(
    ctx: typer.Context,
    nummer: NumberArg,
    datum: DateOpt = None,
    notitie: Annotated[str | None, typer.Option(help="Wat is er besproken?")] = None,
) -> None:
    """Leg het eerste contact met de klager vast (binnen 5 werkdagen, WA §6)."""
    from klachtcli.services import steps

    on = past_date(ctx, datum, "datum")
    _run(ctx, lambda s, a: steps.contact(s, a, nummer, on, notitie))


@app.command("horen")
def horen(
    ctx: typer.Context,
    nummer: NumberArg,
    datum: DateOpt = None,
    verslag: Annotated[str | None, typer.Option(help="Verslag van het hoorgesprek.")] = None,
    afgezien: Annotated[bool, typer.Option("--afgezien", help="Afgezien van horen.")] = False,
    grond: Annotated[
        str | None,
        typer.Option(help="Grond bij --afgezien: kennelijk-ongegrond, afgezien, geen-reactie."),
    ] = None,
) -> None:
    """Leg een hoorgesprek vast, of dat ervan is afgezien met de grond (Awb 9:10)."""
    from klachtcli.services import steps

    on = past_date(ctx, datum, "datum")
    _run(ctx, lambda s, a: steps.hearing(s, a, nummer, on, verslag, afgezien, grond))


@app.command("verdagen")
def verdagen(
    ctx: typer.Context,
    nummer: NumberArg,
    weken: Annotated[int, typer.Option("--weken", help="Aantal weken verdaging.")],
    reden: Annotated[str, typer.Option("--reden", help="Waarom verdaagd wordt.")],
    datum: DateOpt = None,
    instemming_klager: Annotated[
        bool,
        typer.Option("--instemming-klager", help="Klager stemt schriftelijk in (Awb 9:11 lid 3)."),
    ] = False,
    instemming_op: Annotated[
        str | None,
        typer.Option(help="Datum van de instemming van de klager (standaard --datum)."),
    ] = None,
    mededeling: Annotated[
        str | None,
        typer.Option(
            help="Datum waarop klager en beklaagde schriftelijk zijn ingelicht (Awb 9:11 lid 2); "
            "of maak de brief met `klacht brief NUMMER verdaging`."
        ),
    ] = None,
) -> None:
    """Verdaag de afhandeltermijn (ten hoogste 4 weken, meer alleen met instemming klager)."""
    from klachtcli.services import steps

    on = past_date(ctx, datum, "datum")
    consent_on = past_date(ctx, instemming_op, "instemmingsdatum") if instemming_op else None
    notice_on = past_date(ctx, mededeling, "mededelingsdatum") if mededeling else None
    _run(
        ctx,
        lambda s, a: steps.extend(
            s,
            a,
            nummer,
            weken,
            reden,
            on,
            instemming_klager,
            consent_on=consent_on,
            notice_on=notice_on,
        ),
    )


@app.command("terugkoppeling")
def terugkoppeling(
    ctx: typer.Context,
    nummer: NumberArg,
    afgehandeld: Annotated[
        str,
        typer.Option("--afgehandeld", metavar="DATUM", help="Datum waarop de partner afhandelde."),
    ],
    tevreden: Annotated[str, typer.Option("--tevreden", help="ja, nee of onbekend.")],
    oordeel: Annotated[str | None, typer.Option(help="Oordeel van de partner.")] = None,
    maatregel: MeasureOpt = None,
    afschrift: Annotated[
        Path | None,
        typer.Option(help="Afschrift van de afdoening (wordt in het register bewaard)."),
    ] = None,
    datum: DateOpt = None,
) -> None:
    """Leg de terugkoppeling van de ketenpartner vast; sluit de doorgestuurde klacht (WA §5a)."""
    from klachtcli.services import steps

    closed_on = past_date(ctx, afgehandeld, "afhandeldatum")
    on = past_date(ctx, datum, "datum")
    attachment = steps.read_attachment(afschrift) if afschrift else None
    _run(
        ctx,
        lambda s, a: steps.feedback(
            s,
            a,
            nummer,
            closed_on=closed_on,
            satisfied=tevreden,
            verdict=oordeel,
            measure=maatregel,
            attachment=attachment,
            on=on,
        ),
    )


@app.command("afhandelen")
def afhandelen(
    ctx: typer.Context,
    nummer: NumberArg,
    oordeel: Annotated[
        str,
        typer.Option(help="gegrond, deels-gegrond, ongegrond, geen-oordeel, informeel-opgelost."),
    ],
    datum: DateOpt = None,
    maatregel: MeasureOpt = None,
    tevreden: SatisfiedOpt = None,
    ombudsman_vermeld: Annotated[
        bool,
        typer.Option(
            "--ombudsman-vermeld/--ombudsman-niet-vermeld",
            help="Noemt de brief de ombudsman (Awb 9:12 lid 2)?",
        ),
    ] = True,
) -> None:
    """Leg de beslissing van de gemeente vast en sluit de klacht."""
    from klachtcli.services import steps

    on = past_date(ctx, datum, "datum")
    _run(
        ctx,
        lambda s, a: steps.close(
            s,
            a,
            nummer,
            on=on,
            verdict=oordeel,
            measure=maatregel,
            satisfied=tevreden,
            ombudsman_named=ombudsman_vermeld,
        ),
    )


@app.command("tevredenheid")
def tevredenheid(
    ctx: typer.Context,
    nummer: NumberArg,
    tevreden: Annotated[str, typer.Option("--tevreden", help="ja, nee of onbekend.")],
    datum: DateOpt = None,
) -> None:
    """Leg vast of de klager tevreden is met oplossing en behandeling (WA §6)."""
    from klachtcli.services import steps

    on = past_date(ctx, datum, "datum")
    _run(ctx, lambda s, a: steps.satisfaction(s, a, nummer, tevreden, on))


@app.command("niet-behandelen")
def niet_behandelen(
    ctx: typer.Context,
    nummer: NumberArg,
    grond: Annotated[
        str,
        typer.Option(
            help="eerder-behandeld, ouder-dan-een-jaar, bezwaar-mogelijk, "
            "beroep-mogelijk, andere-rechter, strafrechtelijk, belang-onvoldoende."
        ),
    ],
    datum: DateOpt = None,
    toelichting: Annotated[str | None, typer.Option(help="Toelichting.")] = None,
) -> None:
    """Neem een klacht niet in behandeling op een grond van Awb 9:8 en sluit haar."""
    from klachtcli.services import steps

    on = past_date(ctx, datum, "datum")
    _run(ctx, lambda s, a: steps.not_handling(s, a, nummer, grond, on, toelichting))


@app.command("intrekken")
def intrekken(
    ctx: typer.Context,
    nummer: NumberArg,
    datum: DateOpt = None,
    reden: Annotated[str | None, typer.Option(help="Reden van intrekking.")] = None,
) -> None:
    """Leg vast dat de klager de klacht heeft ingetrokken; sluit haar."""
    from klachtcli.services import steps

    on = past_date(ctx, datum, "datum")
    _run(ctx, lambda s, a: steps.withdraw(s, a, nummer, on, reden))


@app.command("heropenen")
def heropenen(
    ctx: typer.Context,
    nummer: NumberArg,
    reden: Annotated[str, typer.Option("--reden", help="Waarom de klacht weer open gaat.")],
    nieuwe_feiten: Annotated[
        bool,
        typer.Option(
            "--nieuwe-feiten",
            help="Nieuwe feiten: in feite een nieuwe klacht; de termijnen lopen opnieuw vanaf "
            "de datum van heropenen.",
        ),
    ] = False,
    vergissing: Annotated[
        bool,
        typer.Option(
            "--vergissing",
            help="Per vergissing gesloten: de oorspronkelijke termijnen blijven gelden.",
        ),
    ] = False,
    datum: DateOpt = None,
) -> None:
    """Open een gesloten klacht opnieuw, met reden: --nieuwe-feiten of --vergissing."""
    from klachtcli.domain.lifecycle import REOPEN_MISTAKE, REOPEN_NEW_FACTS
    from klachtcli.services import steps

    if nieuwe_feiten == vergissing:
        raise InputError(
            "Geef bij heropenen precies één van beide aan: --nieuwe-feiten (de termijnen lopen "
            "opnieuw vanaf de datum van heropenen) of --vergissing (de oorspronkelijke termijnen "
            "blijven gelden)."
        )
    kind = REOPEN_NEW_FACTS if nieuwe_feiten else REOPEN_MISTAKE
    on = past_date(ctx, datum, "datum")
    _run(ctx, lambda s, a: steps.reopen(s, a, nummer, reden, on, kind))


@app.command("notitie")
def notitie(
    ctx: typer.Context,
    nummer: NumberArg,
    tekst: Annotated[str, typer.Argument(help="De notitie.")],
    datum: DateOpt = None,
) -> None:
    """Voeg een notitie toe aan het dossier."""
    from klachtcli.services import steps

    on = past_date(ctx, datum, "datum")
    _run(ctx, lambda s, a: steps.note(s, a, nummer, tekst, on))


@app.command("document")
def document(
    ctx: typer.Context,
    nummer: NumberArg,
    bestand: Annotated[Path, typer.Argument(help="Het bestand (brief, e-mail, verslag).")],
    omschrijving: Annotated[str | None, typer.Option(help="Wat is het?")] = None,
    datum: DateOpt = None,
) -> None:
    """Bewaar een document (correspondentie) in het dossier, binnen het register."""
    from klachtcli.services import steps

    on = past_date(ctx, datum, "datum")
    attachment = steps.read_attachment(bestand)
    _run(ctx, lambda s, a: steps.document(s, a, nummer, attachment, omschrijving, on))
