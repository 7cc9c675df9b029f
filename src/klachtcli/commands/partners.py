"""klacht partner …: the ketenpartners, where clients can complain to them, and their contacts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from klachtcli.commands._common import JsonOpt, actor, opt_date, session
from klachtcli.completion import partner_codes
from klachtcli.help_nl import KlachtTyper
from klachtcli.render.output import Col, emit_json, fields, table

app = KlachtTyper()
partner_app = KlachtTyper(
    no_args_is_help=True, help="Ketenpartners: toevoegen, lijst, toon, wijzig."
)
app.add_typer(partner_app, name="partner")

CodeArg = Annotated[
    str,
    typer.Argument(help="Korte partnercode, bijvoorbeeld zorgthuis.", autocompletion=partner_codes),
]


def _opt(flag: str, text: str, metavar: str | None = None) -> Any:
    return typer.Option(flag, help=text, show_default=False, metavar=metavar)


Naam = Annotated[str | None, _opt("--naam", "Naam van de ketenpartner.")]
Tel = Annotated[str | None, _opt("--klachten-telefoon", "Telefoon voor klachten (WA §3).")]
Mail = Annotated[str | None, _opt("--klachten-email", "E-mail voor klachten.")]
Web = Annotated[str | None, _opt("--klachten-web", "Webpagina voor klachten.")]
Adres = Annotated[str | None, _opt("--klachten-adres", "Postadres voor klachten.")]
FNaam = Annotated[str | None, _opt("--functionaris-naam", "Klachtenfunctionaris (WA §7).")]
FMail = Annotated[str | None, _opt("--functionaris-email", "E-mail klachtenfunctionaris.")]
FTel = Annotated[str | None, _opt("--functionaris-telefoon", "Telefoon klachtenfunctionaris.")]
CNaam = Annotated[str | None, _opt("--contractmanager-naam", "Contractmanager gemeente.")]
CMail = Annotated[str | None, _opt("--contractmanager-email", "E-mail contractmanager.")]
Start = Annotated[str | None, _opt("--contract-start", "Begin contract.", "DATUM")]
Einde = Annotated[str | None, _opt("--contract-einde", "Einde contract.", "DATUM")]
Overdracht = Annotated[
    str | None, _opt("--overdracht", "Datum dat de dossiers zijn overgedragen (WA §9).", "DATUM")
]


def _values(ctx: typer.Context, given: dict[str, Any]) -> dict[str, Any]:
    """Only the options the user gave, keyed by model attribute, dates parsed."""
    dates = {
        "contract_start": "contractstart",
        "contract_end": "contracteinde",
        "handover_on": "overdrachtsdatum",
    }
    out: dict[str, Any] = {}
    for attr, value in given.items():
        if value is None:
            continue
        out[attr] = opt_date(ctx, value, dates[attr]) if attr in dates else value
    return out


def _show(partner_data: dict[str, Any]) -> None:
    labels = {
        "code": "Code",
        "naam": "Naam",
        "klachten_telefoon": "Klachten telefoon",
        "klachten_email": "Klachten e-mail",
        "klachten_web": "Klachten web",
        "klachten_adres": "Klachten postadres",
        "functionaris_naam": "Klachtenfunctionaris",
        "functionaris_email": "  e-mail",
        "functionaris_telefoon": "  telefoon",
        "contractmanager_naam": "Contractmanager",
        "contractmanager_email": "  e-mail",
        "contract_start": "Contract vanaf",
        "contract_einde": "Contract tot",
        "overdracht_op": "Dossiers overgedragen",
    }
    from klachtcli.domain.dates import fmt

    fields(
        (label, fmt(v) if isinstance(v, date) else v)
        for key, label in labels.items()
        for v in [partner_data[key]]
    )


@partner_app.command("toevoegen")
def toevoegen(
    ctx: typer.Context,
    code: CodeArg,
    naam: Naam = None,
    klachten_telefoon: Tel = None,
    klachten_email: Mail = None,
    klachten_web: Web = None,
    klachten_adres: Adres = None,
    functionaris_naam: FNaam = None,
    functionaris_email: FMail = None,
    functionaris_telefoon: FTel = None,
    contractmanager_naam: CNaam = None,
    contractmanager_email: CMail = None,
    contract_start: Start = None,
    contract_einde: Einde = None,
    as_json: JsonOpt = False,
) -> None:
    """Voeg een ketenpartner toe."""
    from klachtcli.errors import InputError
    from klachtcli.services.partners import add_partner, partner_dict

    if not naam:
        raise InputError("--naam is verplicht bij een nieuwe ketenpartner.")
    values = _values(
        ctx,
        {
            "name": naam,
            "complaint_phone": klachten_telefoon,
            "complaint_email": klachten_email,
            "complaint_web": klachten_web,
            "complaint_address": klachten_adres,
            "officer_name": functionaris_naam,
            "officer_email": functionaris_email,
            "officer_phone": functionaris_telefoon,
            "contract_manager_name": contractmanager_naam,
            "contract_manager_email": contractmanager_email,
            "contract_start": contract_start,
            "contract_end": contract_einde,
        },
    )
    with session(ctx, write=True) as s:
        data = partner_dict(add_partner(s, actor(ctx), code, values))
    if as_json:
        emit_json(data)
    else:
        typer.echo(f"Ketenpartner {data['code']} ({data['naam']}) toegevoegd.")


@partner_app.command("wijzig")
def wijzig(
    ctx: typer.Context,
    code: CodeArg,
    naam: Naam = None,
    klachten_telefoon: Tel = None,
    klachten_email: Mail = None,
    klachten_web: Web = None,
    klachten_adres: Adres = None,
    functionaris_naam: FNaam = None,
    functionaris_email: FMail = None,
    functionaris_telefoon: FTel = None,
    contractmanager_naam: CNaam = None,
    contractmanager_email: CMail = None,
    contract_start: Start = None,
    contract_einde: Einde = None,
    overdracht: Overdracht = None,
    as_json: JsonOpt = False,
) -> None:
    """Wijzig gegevens van een ketenpartner (alleen de opgegeven opties)."""
    from klachtcli.services.partners import partner_dict, update_partner

    values = _values(
        ctx,
        {
            "name": naam,
            "complaint_phone": klachten_telefoon,
            "complaint_email": klachten_email,
            "complaint_web": klachten_web,
            "complaint_address": klachten_adres,
            "officer_name": functionaris_naam,
            "officer_email": functionaris_email,
            "officer_phone": functionaris_telefoon,
            "contract_manager_name": contractmanager_naam,
            "contract_manager_email": contractmanager_email,
            "contract_start": contract_start,
            "contract_end": contract_einde,
            "handover_on": overdracht,
        },
    )
    with session(ctx, write=True) as s:
        data = partner_dict(update_partner(s, actor(ctx), code, values))
    if as_json:
        emit_json(data)
    else:
        typer.echo(f"Ketenpartner {data['code']} gewijzigd.")


@partner_app.command("lijst")
def lijst(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Toon alle ketenpartners."""
    from klachtcli.services.partners import list_partners, partner_dict

    with session(ctx, write=False) as s:
        rows = [partner_dict(p) for p in list_partners(s)]
    if as_json:
        emit_json({"partners": rows})
        return
    if not rows:
        typer.echo("Nog geen ketenpartners. Voeg er een toe met `klacht partner toevoegen`.")
        return
    table(
        "Ketenpartners",
        [
            Col("Code", key=True),
            Col("Naam", keep=4),
            Col("Klachten telefoon", keep=3, min_width=13),
            Col("Klachten e-mail", keep=2, min_width=20),
            Col("Klachtenfunctionaris", keep=1),
        ],
        [
            [
                r["code"],
                r["naam"],
                r["klachten_telefoon"],
                r["klachten_email"],
                r["functionaris_naam"],
            ]
            for r in rows
        ],
    )


@partner_app.command("toon")
def toon(ctx: typer.Context, code: CodeArg, as_json: JsonOpt = False) -> None:
    """Toon een ketenpartner, met waar cliënten er kunnen klagen (WA §3)."""
    from klachtcli.services.partners import get_partner, partner_dict

    with session(ctx, write=False) as s:
        data = partner_dict(get_partner(s, code))
    if as_json:
        emit_json(data)
    else:
        _show(data)
