"""klacht nieuw, toon en lijst: registering complaints and looking them up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from klachtcli.commands._common import (
    CATEGORY_HELP,
    CsvOpt,
    JsonOpt,
    NumberArg,
    PersonalOpt,
    actor,
    opt_date,
    past_date,
    session,
)
from klachtcli.completion import categories, partner_codes
from klachtcli.context import state
from klachtcli.domain import complaint as vocab
from klachtcli.errors import InputError
from klachtcli.help_nl import KlachtTyper
from klachtcli.render.output import Col, display, emit_csv, emit_json, fields, table

if TYPE_CHECKING:
    from klachtcli.domain.mail import MailFile
    from klachtcli.services.complaints import NewComplaint, Registered

app = KlachtTyper()

Text = Annotated[str | None, typer.Option(show_default=False)]


def _interactive(no_input: bool) -> bool:
    return not no_input and sys.stdin.isatty()


REQUIRED = {
    "channel": "--kanaal",
    "complainant_name": "--klager",
    "category": "--categorie",
    "description": "--omschrijving",
}


FROM_MAIL = "klacht.uit-mail"  # ctx.meta: the options the e-mail answered


def _from_mail(
    ctx: typer.Context, path: Path, values: dict[str, Any], interactive: bool
) -> tuple[MailFile, list[MailFile]]:
    """Fill what the options left open from the e-mail; returns the files for the dossier.
    Options win over the message; without a usable Date header the date comes from
    --ontvangen or, in a terminal, is asked."""
    from klachtcli.domain.dates import fmt
    from klachtcli.domain.mail import MailFile, parse_mail
    from klachtcli.services.mail_intake import refuse_duplicate

    raw = _read_message(path)
    mail = parse_mail(raw, path.name)
    today = state(ctx).today
    if not _given(ctx, "ontvangen"):
        if mail.received is None and not interactive:
            raise InputError(
                f"Geen ontvangstdatum: {mail.date_problem}. Geef de datum met --ontvangen."
            )
        if mail.received is None:
            typer.echo(f"Let op: {mail.date_problem}; geef de datum van ontvangst.", err=True)
        elif mail.received > today:
            raise InputError(
                f"De ontvangstdatum {fmt(mail.received)} (Date-kopregel van {path.name}) ligt "
                f"in de toekomst; vandaag is het {fmt(today)}."
            )
        else:
            values["received"] = mail.received
            ctx.meta[FROM_MAIL] = {"ontvangen"}
    values["channel"] = values["channel"] or "email"
    values["complainant_name"] = values["complainant_name"] or mail.sender_name
    values["complainant_email"] = values["complainant_email"] or mail.sender_address
    values["description"] = values["description"] or mail.description
    values["message_id"] = mail.message_id
    lacking = [
        f"{what}; geef {flag}"
        for key, what, flag in (
            ("complainant_name", "geen naam bij de afzender (From)", "--klager"),
            ("description", "geen onderwerp en geen tekst", "--omschrijving"),
        )
        if not values[key]
    ]
    if lacking and not interactive:
        raise InputError(f"Het bericht {path.name} bevat " + ", en ".join(lacking) + ".")
    with session(ctx, write=False) as s:
        refuse_duplicate(s, mail.message_id)
    return MailFile(path.name, "message/rfc822", raw), mail.attachments


def _read_message(path: Path) -> bytes:
    from klachtcli.services.steps import MAX_ATTACHMENT_BYTES

    try:
        if path.stat().st_size > MAX_ATTACHMENT_BYTES:
            raise InputError(f"{path.name} is te groot om in het dossier te bewaren.")
        return path.read_bytes()
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise InputError(f"Kan het bericht {path} niet lezen: {reason}.") from None


def _given(ctx: typer.Context, option: str) -> bool:
    """Whether the option was on the command line (or in the environment), not its default."""
    source = ctx.get_parameter_source(option)
    return source is not None and source.name != "DEFAULT"


def _complete(ctx: typer.Context, values: dict[str, Any], interactive: bool) -> NewComplaint | None:
    """The complaint to register: asked for in a terminal (None when the user did not
    confirm the summary), or exactly as given, naming every missing option in one error."""
    from klachtcli.services.complaints import NewComplaint

    if not interactive:
        missing = [flag for key, flag in REQUIRED.items() if not values.get(key)]
        if missing:
            raise InputError(
                "Ontbrekende gegevens: " + ", ".join(missing) + ". Geef ze als optie of draai "
                "`klacht nieuw` in een terminal zonder --no-input om ze te laten vragen."
            )
        return NewComplaint(**values)
    from klachtcli.commands._prompts import ask_yes_no, interview
    from klachtcli.services.complaints import known_codes, register

    with session(ctx, write=False) as s:
        categories, partners = known_codes(s)

    def given(option: str) -> bool:
        return _given(ctx, option) or option in ctx.meta.get(FROM_MAIL, ())

    data = NewComplaint(
        **interview(values, given, today=state(ctx).today, categories=categories, partners=partners)
    )
    with session(ctx, write=False) as s:
        preview = register(s, actor(ctx), data, save=False)
        partner_info = _partner_channels(preview)
    typer.echo("\nControleer de klacht (nog niet opgeslagen):")
    _print_summary(data, preview, partner_info)
    for warning in preview.warnings:
        typer.echo(warning, err=True)
    return data if ask_yes_no("Opslaan?") else None


def _first_line(text: str, width: int = 60) -> str:
    """Enough of a long text (an e-mail) to recognise it in the summary."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _print_summary(data: NewComplaint, preview: Registered, partner_info: list[str]) -> None:
    from klachtcli.domain.calendar import format_day

    yes_no = {True: "ja", False: "nee"}
    fields(
        [
            ("Ontvangen", format_day(data.received)),
            ("Kanaal", data.channel),
            ("Ingediend bij", data.lodged_with),
            ("Klager", data.complainant_name),
            ("Ketenpartners", ", ".join(data.partners) or "geen"),
            ("Categorie", data.category),
            ("Omschrijving", _first_line(data.description)),
            ("Aan bestuurder", yes_no[data.to_administrator]),
            ("Wil gemeente", yes_no[data.wants_municipality]),
            ("Complex", yes_no[data.complex]),
            ("Eerder bij partner", yes_no[data.earlier_at_partner]),
        ]
    )
    _print_outcome(preview, partner_info)


@app.command("nieuw")
def nieuw(
    ctx: typer.Context,
    ontvangen: Annotated[
        str | None, typer.Option(metavar="DATUM", help="Datum van ontvangst (standaard vandaag).")
    ] = None,
    kanaal: Annotated[
        str | None, typer.Option(help="telefoon, loket, brief, webformulier of email.")
    ] = None,
    ingediend_bij: Annotated[
        str, typer.Option("--ingediend-bij", help="gemeente, partner of ombudsman.")
    ] = "gemeente",
    klager: Annotated[str | None, typer.Option(help="Naam van de klager.")] = None,
    klager_email: Annotated[str | None, typer.Option("--klager-email")] = None,
    klager_telefoon: Annotated[str | None, typer.Option("--klager-telefoon")] = None,
    namens_client: Annotated[
        str | None, typer.Option("--namens-client", help="Cliënt namens wie geklaagd wordt.")
    ] = None,
    partner: Annotated[
        list[str] | None,
        typer.Option(
            metavar="CODE",
            autocompletion=partner_codes,
            help="Betrokken ketenpartner (herhaalbaar).",
        ),
    ] = None,
    categorie: Annotated[
        str | None, typer.Option(help=CATEGORY_HELP, autocompletion=categories)
    ] = None,
    voorziening: Annotated[str | None, typer.Option(help="Wmo-voorziening.")] = None,
    omschrijving: Annotated[str | None, typer.Option(help="Waar gaat de klacht over?")] = None,
    complex_: Annotated[bool, typer.Option("--complex", help="Complexe situatie.")] = False,
    eerder_bij_partner: Annotated[
        bool, typer.Option("--eerder-bij-partner", help="Klager was al bij de partner.")
    ] = False,
    wil_gemeente: Annotated[
        bool, typer.Option("--wil-gemeente", help="Klager wil dat de gemeente behandelt.")
    ] = False,
    aan_bestuurder: Annotated[
        bool,
        typer.Option("--aan-bestuurder", help="Gericht aan beleidsmakers, wethouder of bestuur."),
    ] = False,
    doorgestuurd: Annotated[
        str | None,
        typer.Option(
            metavar="DATUM", help="Datum doorgestuurd naar de partner (standaard ontvangst)."
        ),
    ] = None,
    behandelaar: Annotated[
        str | None, typer.Option(help="Afwijken van het advies: gemeente of partner.")
    ] = None,
    reden: Annotated[str | None, typer.Option(help="Reden om af te wijken van het advies.")] = None,
    uit_mail: Annotated[
        Path | None,
        typer.Option(
            "--uit-mail",
            help="Uit een opgeslagen e-mail (.eml): datum, klager, tekst en bijlagen.",
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Nooit vragen; ontbrekende velden zijn een fout.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Registreer een klacht: nummer, routeringsadvies (WA §5) en termijnen."""
    from klachtcli.services.complaints import register

    values: dict[str, Any] = {
        "received": past_date(ctx, ontvangen, "ontvangstdatum"),
        "channel": kanaal,
        "lodged_with": ingediend_bij,
        "complainant_name": klager,
        "category": categorie,
        "description": omschrijving,
        "partners": list(partner or []),
        "complainant_email": klager_email,
        "complainant_phone": klager_telefoon,
        "client": namens_client,
        "provision": voorziening,
        "complex": complex_,
        "earlier_at_partner": eerder_bij_partner,
        "wants_municipality": wil_gemeente,
        "to_administrator": aan_bestuurder,
        "forwarded_on": opt_date(ctx, doorgestuurd, "doorstuurdatum"),
        "handler": behandelaar,
        "reason": reden,
    }
    interactive = _interactive(no_input or as_json)
    mail = _from_mail(ctx, uit_mail, values, interactive) if uit_mail else None
    data = _complete(ctx, values, interactive)
    if data is None:
        raise typer.Abort()
    with session(ctx, write=True) as s:
        if mail is None:
            result = register(s, actor(ctx), data)
        else:
            from klachtcli.services.mail_intake import register_mail

            result = register_mail(s, actor(ctx), data, *mail)
        partner_info = _partner_channels(result)
    if not interactive:  # the summary showed them already
        for warning in result.warnings:
            typer.echo(warning, err=True)
    if as_json:
        c = result.complaint
        emit_json(
            {
                "nummer": c.number,
                "behandelaar": c.handler,
                "partner": result.partner.code if result.partner else None,
                "regels": list(result.advice.rules),
                "advies": result.advice.handler,
                "termijnen": {"contact": c.contact_due, "afhandeling": c.handling_due},
            }
            | ({"documenten": [f.name for f in [mail[0], *mail[1]]]} if mail else {})
        )
        return
    if interactive:
        typer.echo(f"Klacht {result.complaint.number} geregistreerd.")
    else:
        _print_registered(result, partner_info)
    if mail:
        typer.echo(
            f"In het dossier bewaard: de e-mail {mail[0].name} en {len(mail[1])} bijlage(n)."
        )


def _partner_channels(result: Registered) -> list[str]:
    p = result.partner
    if p is None:
        return []
    parts = [
        f"{label} {value}"
        for label, value in (
            ("tel.", p.complaint_phone),
            ("e-mail", p.complaint_email),
            ("web", p.complaint_web),
            ("post", p.complaint_address),
        )
        if value
    ]
    return parts


def _print_registered(result: Registered, partner_info: list[str]) -> None:
    from klachtcli.domain.calendar import format_day

    c = result.complaint
    typer.echo(f"Klacht {c.number} geregistreerd (ontvangen {format_day(c.received)}).")
    _print_outcome(result, partner_info)


def _print_outcome(result: Registered, partner_info: list[str]) -> None:
    """Handler, the advice with its rules in words, forwarding and the deadlines."""
    from klachtcli.domain.calendar import format_day

    c = result.complaint
    who = "gemeente (Klachtenteam Sociaal Domein)"
    if result.partner is not None:
        who = f"ketenpartner {result.partner.code} ({result.partner.name})"
    typer.echo(f"Behandelaar: {who}")
    typer.echo(f"Routeringsadvies: {result.advice.handler}")
    for line in result.advice.explanations():
        typer.echo(f"  {line}")
    if c.handler != result.advice.handler:
        typer.echo(f"Afwijking van het advies, reden: {c.override_reason}")
    if c.forwarded_on is not None:
        typer.echo(
            f"Doorgestuurd op {format_day(c.forwarded_on)}; de termijnen van de partner lopen "
            "vanaf die datum. Verwacht terugkoppeling (WA §5a)."
        )
    if partner_info:
        typer.echo("Klachtenkanalen partner: " + ", ".join(partner_info))
    typer.echo("Termijnen:")
    if c.contact_due:
        note = "" if c.handler == "gemeente" else " (bewaakt door de partner)"
        typer.echo(f"  contact      uiterlijk {format_day(c.contact_due)}  {c.contact_rule}{note}")
    typer.echo(f"  afhandeling  uiterlijk {format_day(c.handling_due)}  {c.handling_rule}")


@app.command("toon")
def toon(
    ctx: typer.Context,
    nummer: NumberArg,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="Schrijf het dossier als bestanden in deze map (samenvatting, JSON, bijlagen).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Toon het hele dossier van een klacht met de tijdlijn."""
    from klachtcli.services.complaints import complaint_dict, get_complaint

    if export is not None:
        from klachtcli.services.dossier import export as export_dossier

        with session(ctx, write=False) as s:
            folder = export_dossier(s, nummer, export)
        typer.echo(f"Dossier geëxporteerd naar {folder} (bevat persoonsgegevens).")
        return
    with session(ctx, write=False) as s:
        data = complaint_dict(s, get_complaint(s, nummer))
    if as_json:
        emit_json(data)
        return
    _print_dossier(data)


def _print_dossier(data: dict[str, Any]) -> None:
    from klachtcli.render.dossier import dossier_fields, timeline_rows

    typer.echo(f"Klacht {data['nummer']} — {data['status']}")
    fields(dossier_fields(data))
    typer.echo("")
    typer.echo("Omschrijving:")
    typer.echo(f"  {data['omschrijving'] or '—'}")
    typer.echo("")
    table("Tijdlijn", ["Datum", "Soort", "Medewerker", "Tekst"], timeline_rows(data))


LIST_HEADERS = [
    "Nummer",
    "Ontvangen",
    "Kanaal",
    "Ketenpartners",
    "Categorie",
    "Behandelaar",
    "Status",
    "Contact uiterlijk",
    "Afhandeling uiterlijk",
    "Afgehandeld op",
]
PERSONAL_HEADERS = ["Klager", "Klager e-mail", "Klager telefoon"]
# On a terminal: number and dates always whole; the rest gives way, lowest `keep` first.
LIST_COLUMNS = {
    "Nummer": Col("Nummer", key=True),
    "Ontvangen": Col("Ontvangen", key=True),
    "Kanaal": Col("Kanaal", keep=0),
    "Ketenpartners": Col("Ketenpartners", keep=2),
    "Categorie": Col("Categorie", keep=1),
    "Behandelaar": Col("Behandelaar", keep=3),
    "Status": Col("Status", keep=4),
    "Contact uiterlijk": Col("Contact uiterlijk", key=True),
    "Afhandeling uiterlijk": Col("Afhandeling uiterlijk", key=True),
    "Afgehandeld op": Col("Afgehandeld op", key=True),
    "Klager": Col("Klager", keep=2),
}


@app.command("lijst")
def lijst(
    ctx: typer.Context,
    status: Annotated[str, typer.Option(help="open, gesloten of alle.")] = "open",
    partner: Annotated[
        str | None,
        typer.Option(
            metavar="CODE", autocompletion=partner_codes, help="Alleen klachten over deze partner."
        ),
    ] = None,
    categorie: Annotated[
        str | None,
        typer.Option(help=f"Alleen deze categorie. {CATEGORY_HELP}", autocompletion=categories),
    ] = None,
    behandelaar: Annotated[str | None, typer.Option(help="gemeente of partner.")] = None,
    van: Annotated[
        str | None, typer.Option(metavar="DATUM", help="Ontvangen vanaf deze datum.")
    ] = None,
    tot: Annotated[
        str | None, typer.Option(metavar="DATUM", help="Ontvangen tot en met deze datum.")
    ] = None,
    met_persoonsgegevens: PersonalOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Toon klachten, gefilterd op status, partner, categorie, behandelaar en periode."""
    from klachtcli.services.complaints import (
        ListFilter,
        list_complaints,
    )

    if as_json and as_csv:
        raise InputError("Kies --json of --csv, niet allebei.")
    flt = ListFilter(
        status=status,
        partner=partner,
        category=categorie,
        handler=behandelaar,
        since=opt_date(ctx, van, "van-datum"),
        until=opt_date(ctx, tot, "tot-datum"),
    )
    with session(ctx, write=False) as s:
        found, codes = list_complaints(s, flt)
    rows: list[dict[str, Any]] = []
    for c in found:
        row: dict[str, Any] = {
            "nummer": c.number,
            "ontvangen": c.received,
            "kanaal": c.channel,
            "partners": codes.get(c.id or 0, []),
            "categorie": c.category,
            "behandelaar": c.handler,
            "status": vocab.public_status(c.status),
            "contact_uiterlijk": c.contact_due,
            "afhandeling_uiterlijk": c.handling_due,
            "afgehandeld_op": c.closed_on,
        }
        if met_persoonsgegevens:
            row["klager"] = c.complainant_name
            row["klager_email"] = c.complainant_email
            row["klager_telefoon"] = c.complainant_phone
        rows.append(row)
    if as_json:
        emit_json({"aantal": len(rows), "klachten": rows})
        return
    headers = LIST_HEADERS + (PERSONAL_HEADERS if met_persoonsgegevens else [])
    flat = [[", ".join(v) if isinstance(v, list) else v for v in row.values()] for row in rows]
    if as_csv:
        emit_csv(headers, flat)
        return
    if not rows:
        typer.echo("Geen klachten gevonden met deze filters.")
        return
    columns = [LIST_COLUMNS.get(h, Col(h)) for h in headers]
    table(f"Klachten ({len(rows)})", columns, [[display(v) for v in row] for row in flat])
