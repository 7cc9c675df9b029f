"""The written steps of SPEC §9: which letter fits a complaint now, who gets it, and the facts it
must carry (Awb 9:6, 9:8, 9:11, 9:12; WA §5a, §6).

Pure: the service hands in plain facts, this module answers with a refusal or with the values for
the template's placeholders. Nothing here reads a file or the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from klachtcli.domain.complaint import CLOSED, FORWARDED
from klachtcli.errors import InputError

ONTVANGST = "ontvangstbevestiging"
DOORZENDING = "doorzending"
TERUGKOPPELING = "terugkoppelingsverzoek"
VERDAGING = "verdaging"
NIET_BEHANDELEN = "niet-behandelen"
AFHANDELING = "afhandeling"
TEVREDENHEID = "tevredenheid"

KINDS = (
    ONTVANGST,
    DOORZENDING,
    TERUGKOPPELING,
    VERDAGING,
    NIET_BEHANDELEN,
    AFHANDELING,
    TEVREDENHEID,
)

# The verdaging goes to the complainant and to the party complained about (Awb 9:11 lid 2):
# two letters, two templates. Every other kind has one template of its own name.
VERDAGING_KLAGER = "verdaging-klager"
VERDAGING_BEKLAAGDE = "verdaging-beklaagde"
TEMPLATE_KINDS = (
    ONTVANGST,
    DOORZENDING,
    TERUGKOPPELING,
    VERDAGING_KLAGER,
    VERDAGING_BEKLAAGDE,
    NIET_BEHANDELEN,
    AFHANDELING,
    TEVREDENHEID,
)

TEMPLATE_PURPOSE = {
    ONTVANGST: "ontvangstbevestiging aan de klager (Awb 9:6)",
    DOORZENDING: "aan de klager: welke ketenpartner de klacht behandelt en waarom (WA §5a)",
    TERUGKOPPELING: "aan de klachtenfunctionaris van de ketenpartner: verzoek om terugkoppeling",
    VERDAGING_KLAGER: "mededeling van de verdaging aan de klager (Awb 9:11 lid 2)",
    VERDAGING_BEKLAAGDE: "mededeling van de verdaging aan de beklaagde (Awb 9:11 lid 2)",
    NIET_BEHANDELEN: "aan de klager: de klacht wordt niet behandeld, met de grond (Awb 9:8)",
    AFHANDELING: "de beslissing aan de klager, met de ombudsman (Awb 9:12)",
    TEVREDENHEID: "aan de klager: de vraag of hij tevreden is (WA §6)",
}

# The 9:8 grounds as a complainant reads them (the register's codes are in lifecycle).
GROUND_PLAIN = {
    "eerder-behandeld": (
        "Uw klacht gaat over een gedraging waarover u al eerder een klacht hebt ingediend en "
        "die toen volgens de klachtenregeling is behandeld (Awb artikel 9:8 lid 1 onder a)."
    ),
    "ouder-dan-een-jaar": (
        "Uw klacht gaat over iets dat meer dan een jaar voordat u klaagde is gebeurd "
        "(Awb artikel 9:8 lid 1 onder b)."
    ),
    "bezwaar-mogelijk": (
        "U kunt of kon tegen deze gedraging bezwaar maken. Daarvoor is de bezwaarprocedure "
        "bedoeld, niet de klachtenprocedure (Awb artikel 9:8 lid 1 onder c)."
    ),
    "beroep-mogelijk": (
        "U kunt of kon tegen deze gedraging beroep instellen bij de rechter. Daarvoor is die "
        "procedure bedoeld, niet de klachtenprocedure (Awb artikel 9:8 lid 1 onder d)."
    ),
    "andere-rechter": (
        "Een rechter beoordeelt of beoordeelde deze gedraging al, anders dan in een "
        "bestuursrechtelijke procedure (Awb artikel 9:8 lid 1 onder e)."
    ),
    "strafrechtelijk": (
        "Naar deze gedraging loopt een strafrechtelijk onderzoek of een vervolging, of de "
        "rechter heeft erover geoordeeld (Awb artikel 9:8 lid 1 onder f)."
    ),
    "belang-onvoldoende": (
        "Het belang van u als klager of het gewicht van de gedraging is kennelijk "
        "onvoldoende om de klacht te behandelen (Awb artikel 9:8 lid 2)."
    ),
}

VERDICT_PLAIN = {
    "gegrond": "uw klacht is gegrond: u hebt gelijk",
    "deels-gegrond": "uw klacht is deels gegrond: u hebt voor een deel gelijk",
    "ongegrond": "uw klacht is ongegrond: wij vinden niet dat er iets is misgegaan",
    "geen-oordeel": "wij geven geen oordeel over uw klacht",
    "informeel-opgelost": "uw klacht is in overleg met u opgelost",
}

SENDER = {
    "afzender": "Klachtenteam Sociaal Domein, gemeente Amsterdam",
    "afzender_adres": "Antwoordnummer 9087, 1000 VV Amsterdam",
    "afzender_email": "klachtensociaal@amsterdam.nl",
    "afzender_telefoon": "020 251 4444 (maandag tot en met vrijdag, 09.00 tot 12.00 uur)",
}

# The second line (WA §4, §6, §12). The werkafspraken name the Ombudsman Metropool Amsterdam but
# not its address or term. The Awb lets the ombudsman decline a request made more than a year
# after the internal complaint procedure closed, so the letter names that year, counted from the
# day the complaint was closed. A team that words it otherwise changes the template.
OMBUDSMAN = {
    "ombudsman_naam": "Ombudsman Metropool Amsterdam",
    "ombudsman_adres": "Postbus 202, 1000 AE Amsterdam",
    "ombudsman_web": "www.ombudsmanmetropool.nl",
    "ombudsman_telefoon": "020 625 99 99",
}
OMBUDSMAN_TERM_YEARS = 1

# The party complained about when no partner is involved (routing rule G1): the gemeente's own
# department responsible for the Wmo (WA §1).
OWN_DEPARTMENT = "Afdeling Zorg, Cluster Sociaal, gemeente Amsterdam"

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def long_date(value: date | None) -> str:
    """27 november 2026: how a letter writes a date."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def one_year_later(value: date) -> date:
    try:
        return value.replace(year=value.year + OMBUDSMAN_TERM_YEARS)
    except ValueError:  # 29 February
        return value.replace(year=value.year + OMBUDSMAN_TERM_YEARS, day=28)


@dataclass(frozen=True)
class PartnerFacts:
    code: str
    name: str
    officer_name: str | None = None
    officer_email: str | None = None
    officer_phone: str | None = None
    complaint_address: str | None = None
    complaint_email: str | None = None
    complaint_phone: str | None = None
    complaint_web: str | None = None


@dataclass(frozen=True)
class LetterFacts:
    """What a letter may say about one complaint; filled by the service."""

    number: str
    phase: str
    received: date
    handler: str
    lodged_with: str
    complainant_name: str
    complainant_email: str | None
    complainant_phone: str | None
    client: str | None
    category: str
    provision: str | None
    description: str | None
    handling_due: date
    contact_due: date | None
    forwarded_on: date | None
    confirmed_on: date | None
    extension_weeks: int
    extension_consent: bool
    closed_on: date | None
    closing_kind: str | None
    not_handling_ground: str | None
    verdict: str | None
    measure: str | None
    routing_reasons: tuple[str, ...] = ()
    handling_partner: PartnerFacts | None = None
    partners: tuple[PartnerFacts, ...] = ()
    last_extension_reason: str | None = None
    previous_due: date | None = None


@dataclass(frozen=True)
class Recipient:
    """Who a letter is addressed to, and in which role."""

    role: str  # klager | klachtenfunctionaris | beklaagde
    name: str
    lines: tuple[str, ...] = ()  # address lines under the name
    salutation: str = ""
    template: str = ""
    partner: PartnerFacts | None = field(default=None, compare=False)


def _fits(kind: str, f: LetterFacts) -> str | None:
    """Why a letter of `kind` does not fit the complaint now (Dutch), or None when it does."""
    is_open = f.phase != CLOSED
    if kind == ONTVANGST:
        if not is_open:
            return "de klacht is al gesloten"
        if f.lodged_with == "partner":
            return "de klacht is bij de ketenpartner ingediend; die bevestigt de ontvangst zelf"
        if f.confirmed_on is not None:
            return f"de ontvangst is al bevestigd op {f.confirmed_on:%d-%m-%Y}"
        return None
    if kind == DOORZENDING:
        if f.phase != FORWARDED or f.forwarded_on is None:
            return (
                "de klacht is niet (meer) doorgestuurd naar een ketenpartner"
                if is_open
                else "de klacht is al gesloten"
            )
        return None
    if kind == TERUGKOPPELING:
        if f.phase != FORWARDED:
            return (
                "de gemeente behandelt deze klacht zelf; een ketenpartner hoeft niets terug te "
                "koppelen"
                if is_open
                else "de klacht is al gesloten"
            )
        return None
    if kind == VERDAGING:
        if not is_open:
            return "de klacht is al gesloten"
        if f.extension_weeks == 0:
            return "de termijn is niet verdaagd; leg dat eerst vast met `klacht verdagen`"
        return None
    if kind == NIET_BEHANDELEN:
        if f.closing_kind != "niet-behandelen" or not f.not_handling_ground:
            return (
                "de klacht is niet met een grond van Awb 9:8 afgesloten; leg dat eerst vast met "
                "`klacht niet-behandelen --grond …`"
            )
        return None
    if kind == AFHANDELING:
        if f.closing_kind == "terugkoppeling":
            return "de ketenpartner heeft de klacht afgehandeld en schrijft de klager zelf"
        if f.closing_kind != "afgehandeld" or not f.verdict:
            return (
                "de gemeente heeft nog geen beslissing met oordeel vastgelegd; doe dat eerst met "
                "`klacht afhandelen --oordeel …`"
            )
        return None
    if kind == TEVREDENHEID:
        if f.closing_kind not in ("afgehandeld", "terugkoppeling"):
            return (
                "de klacht is nog open; vraag naar de tevredenheid na de afhandeling"
                if is_open
                else "de klacht is niet inhoudelijk afgehandeld"
            )
        return None
    raise InputError(f"Onbekende soort brief {kind!r}. Kies uit: {', '.join(KINDS)}.")


def possible_letters(f: LetterFacts) -> list[str]:
    return [kind for kind in KINDS if _fits(kind, f) is None]


def check_letter(kind: str, f: LetterFacts) -> None:
    """Refuse a letter that does not fit the complaint's state, saying what is possible."""
    why = _fits(kind, f)
    if why is None:
        return
    possible = possible_letters(f)
    options = ", ".join(possible) if possible else "geen"
    raise InputError(
        f"Een brief `{kind}` past niet bij klacht {f.number}: {why}. Nu mogelijk: {options}."
    )


FINDINGS_PLACEHOLDER = "[bevindingen van het onderzoek invullen]"


def findings_note(kind: str, note: str | None, *, draft: bool) -> str | None:
    """The `toelichting` a letter gets. The decision letter must state the findings of the
    investigation (Awb 9:12 lid 1): without them it is refused, and a concept shows the gap."""
    if kind != "afhandeling" or note:
        return note
    if draft:
        return FINDINGS_PLACEHOLDER
    raise InputError(
        "Een afhandelingsbrief noemt de bevindingen van het onderzoek (Awb 9:12 lid 1): geef "
        'ze met --toelichting "...", of maak eerst een concept met --concept.'
    )


def parse_kind(text: str, allowed: tuple[str, ...] = KINDS) -> str:
    value = text.strip().lower()
    if value not in allowed:
        raise InputError(f"Onbekende soort {text!r}. Kies uit: {', '.join(allowed)}.")
    return value


def _partner_lines(p: PartnerFacts) -> tuple[str, ...]:
    lines = [p.name]
    if p.complaint_address:
        lines.append(p.complaint_address)
    if p.officer_email or p.complaint_email:
        lines.append(f"E-mail: {p.officer_email or p.complaint_email}")
    return tuple(lines)


def _complainant(f: LetterFacts, template: str) -> Recipient:
    lines = []
    if f.complainant_email:
        lines.append(f"E-mail: {f.complainant_email}")
    return Recipient(
        role="klager",
        name=f.complainant_name,
        lines=tuple(lines),
        salutation=f"Geachte {f.complainant_name},",
        template=template,
    )


def _officer(p: PartnerFacts, role: str, template: str) -> Recipient:
    """A letter to a partner goes to its klachtenfunctionaris at its complaint address (WA §7)."""
    officer = p.officer_name or f"de klachtenfunctionaris van {p.name}"
    return Recipient(
        role=role,
        name=p.officer_name or "De klachtenfunctionaris",
        lines=_partner_lines(p),
        salutation=f"Geachte {officer},",
        template=template,
        partner=p,
    )


def recipients(kind: str, f: LetterFacts) -> list[Recipient]:
    """Who gets the letter(s) of `kind`: one letter per recipient."""
    if kind == TERUGKOPPELING:
        assert f.handling_partner is not None  # check_letter: forwarded, so it has its partner
        return [_officer(f.handling_partner, "klachtenfunctionaris", TERUGKOPPELING)]
    if kind != VERDAGING:
        return [_complainant(f, kind)]
    letters = [_complainant(f, VERDAGING_KLAGER)]
    letters += [_officer(p, "beklaagde", VERDAGING_BEKLAAGDE) for p in f.partners]
    if not f.partners:
        letters.append(
            Recipient(
                role="beklaagde",
                name="De leidinggevende",
                lines=(OWN_DEPARTMENT,),
                salutation="Geachte leidinggevende,",
                template=VERDAGING_BEKLAAGDE,
            )
        )
    return letters


# Every placeholder a template may use, with its meaning (`klacht sjabloon velden`).
FIELDS: dict[str, str] = {
    "nummer": "klachtnummer, bijvoorbeeld K-2026-0001",
    "datum": "datum van de brief (27 november 2026)",
    "aan_naam": "naam van de geadresseerde",
    "aan_regels": "adresregels onder de naam (lijst; {% for r in aan_regels %})",
    "aanhef": "aanhef, bijvoorbeeld 'Geachte Anna de Vries,'",
    "klager": "naam van de klager",
    "namens_client": "cliënt namens wie geklaagd wordt (leeg als de klager zelf cliënt is)",
    "ontvangen": "datum waarop de klacht binnenkwam",
    "categorie": "categorie van de klacht",
    "voorziening": "Wmo-voorziening (kan leeg zijn)",
    "omschrijving": "omschrijving van de klacht (alleen in brieven aan de beklaagde partij)",
    "behandelaar": "wie de klacht behandelt (Klachtenteam Sociaal Domein of de ketenpartner)",
    "medewerker": "medewerker die de brief maakt",
    "contacttermijn": "uiterste datum voor het eerste contact (kan leeg zijn)",
    "afhandeltermijn": "uiterste datum van afhandeling (met verdaging)",
    "partner_naam": "naam van de ketenpartner die behandelt of waarover geklaagd wordt",
    "partner_adres": "klachtadres van die ketenpartner",
    "partner_email": "klachten-e-mailadres van die ketenpartner",
    "partner_telefoon": "klachtentelefoon van die ketenpartner",
    "functionaris": "naam van de klachtenfunctionaris van die ketenpartner",
    "doorgestuurd_op": "datum waarop de klacht naar de ketenpartner ging",
    "reden_doorsturen": "waarom de ketenpartner behandelt (WA §5a), in gewone woorden",
    "verdaagd_weken": "totaal aantal weken verdaging",
    "vorige_termijn": "de termijn vóór de laatste verdaging",
    "reden_verdaging": "reden van de laatste verdaging",
    "instemming": "'ja' als de klager instemde met verdaging na 4 weken",
    "grond": "grond van Awb 9:8 in gewone woorden",
    "afgehandeld_op": "datum van de afhandeling",
    "oordeel": "oordeel (gegrond, deels-gegrond, …)",
    "oordeel_uitleg": "het oordeel in gewone woorden",
    "maatregel": "de maatregel naar aanleiding van de klacht (kan leeg zijn)",
    "toelichting": "vrije tekst van `klacht brief --toelichting` (bevindingen, conclusies)",
    "ombudsman_naam": "Ombudsman Metropool Amsterdam",
    "ombudsman_adres": "postadres van de ombudsman",
    "ombudsman_web": "website van de ombudsman",
    "ombudsman_telefoon": "telefoonnummer van de ombudsman",
    "ombudsman_termijn": "tot wanneer de klager bij de ombudsman terecht kan",
    "afzender": "Klachtenteam Sociaal Domein, gemeente Amsterdam",
    "afzender_adres": "postadres van het klachtenteam",
    "afzender_email": "e-mailadres van het klachtenteam",
    "afzender_telefoon": "telefoonnummer van het klachtenteam",
}


def context(
    f: LetterFacts,
    recipient: Recipient,
    *,
    on: date,
    employee: str,
    note: str | None = None,
) -> dict[str, object]:
    """The values of every placeholder in FIELDS for one letter."""
    p = recipient.partner or f.handling_partner or (f.partners[0] if len(f.partners) == 1 else None)
    handler = (
        f.handling_partner.name
        if f.handler == "partner" and f.handling_partner
        else "het Klachtenteam Sociaal Domein van de gemeente Amsterdam"
    )
    closed = f.closed_on or on
    values: dict[str, object] = {
        "nummer": f.number,
        "datum": long_date(on),
        "aan_naam": recipient.name,
        "aan_regels": list(recipient.lines),
        "aanhef": recipient.salutation,
        "klager": f.complainant_name,
        "namens_client": f.client or "",
        "ontvangen": long_date(f.received),
        "categorie": f.category,
        "voorziening": f.provision or "",
        "omschrijving": (f.description or "") if recipient.role != "klager" else "",
        "behandelaar": handler,
        "medewerker": employee,
        "contacttermijn": long_date(f.contact_due),
        "afhandeltermijn": long_date(f.handling_due),
        "partner_naam": p.name if p else "",
        "partner_adres": (p.complaint_address or "") if p else "",
        "partner_email": (p.complaint_email or "") if p else "",
        "partner_telefoon": (p.complaint_phone or "") if p else "",
        "functionaris": (p.officer_name or "") if p else "",
        "doorgestuurd_op": long_date(f.forwarded_on),
        "reden_doorsturen": " ".join(f.routing_reasons),
        "verdaagd_weken": f.extension_weeks,
        "vorige_termijn": long_date(f.previous_due),
        "reden_verdaging": f.last_extension_reason or "",
        "instemming": "ja" if f.extension_consent else "",
        "grond": GROUND_PLAIN.get(f.not_handling_ground or "", ""),
        "afgehandeld_op": long_date(f.closed_on),
        "oordeel": f.verdict or "",
        "oordeel_uitleg": VERDICT_PLAIN.get(f.verdict or "", ""),
        "maatregel": f.measure or "",
        "toelichting": note or "",
        "ombudsman_termijn": long_date(one_year_later(closed)),
        **OMBUDSMAN,
        **SENDER,
    }
    assert set(values) == set(FIELDS), set(values) ^ set(FIELDS)
    return values


# The example dossier a template is rendered against on import: every field filled.
EXAMPLE = LetterFacts(
    number="K-2026-0001",
    phase=CLOSED,
    received=date(2026, 4, 13),
    handler="partner",
    lodged_with="gemeente",
    complainant_name="Anna de Vries",
    complainant_email="anna@example.org",
    complainant_phone="06-12345678",
    client="J. de Vries",
    category="kwaliteit",
    provision="huishoudelijke hulp",
    description="De hulp kwam drie keer niet.",
    handling_due=date(2026, 6, 22),
    contact_due=date(2026, 4, 20),
    forwarded_on=date(2026, 4, 13),
    confirmed_on=date(2026, 4, 14),
    extension_weeks=4,
    extension_consent=False,
    closed_on=date(2026, 6, 15),
    closing_kind="afgehandeld",
    not_handling_ground="eerder-behandeld",
    verdict="deels-gegrond",
    measure="Vaste hulp ingepland.",
    routing_reasons=("Uw klacht gaat over één ketenpartner en is niet ingewikkeld.",),
    handling_partner=PartnerFacts(
        code="zorgthuis",
        name="Zorg Thuis Amsterdam",
        officer_name="Els Kok",
        officer_email="e.kok@zorgthuis.example",
        complaint_address="Postbus 1, 1000 AA Amsterdam",
        complaint_email="klachten@zorgthuis.example",
        complaint_phone="020-1234567",
    ),
    last_extension_reason="het onderzoek bij de ketenpartner duurt langer",
    previous_due=date(2026, 5, 26),
)


def example_context() -> dict[str, object]:
    recipient = _complainant(EXAMPLE, ONTVANGST)
    return context(
        EXAMPLE, recipient, on=date(2026, 6, 15), employee="Medewerker", note="Toelichting."
    )


# Routing rules in the words of a letter to the complainant (WA §5a).
ROUTING_PLAIN = {
    "P1": "U hebt uw klacht bij de ketenpartner zelf ingediend.",
    "P2": (
        "Uw klacht gaat over één ketenpartner en is niet ingewikkeld, en u was met deze klacht "
        "nog niet bij de ketenpartner."
    ),
    "P3": "Uw klacht gaat over de bejegening door een medewerker van de ketenpartner.",
}
