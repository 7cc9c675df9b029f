"""Write the default letter templates (SPEC §9) into src/klachtcli/templates/.

The .docx files are committed; this script is how they were made. Run it again after changing a
text here: `python tools/make_letter_templates.py`. Placeholders are docxtpl/Jinja2 and must be
names from klachtcli.domain.letters.FIELDS (`klacht sjabloon velden`).

The style is the gemeente's plain one: Arial 11, sender block, addressee, date and reference,
subject in bold, short paragraphs in plain Dutch (B1).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

OUT = Path(__file__).resolve().parents[1] / "src" / "klachtcli" / "templates"

ADDRESS = [
    "{{ aan_naam }}",
    "{%p for regel in aan_regels %}",
    "{{ regel }}",
    "{%p endfor %}",
]

HEAD = [
    "Datum: {{ datum }}",
    "Ons kenmerk: {{ nummer }}",
]

CONTACT = (
    "Hebt u vragen? Bel ons op {{ afzender_telefoon }} of mail naar {{ afzender_email }}. "
    "Noem dan het nummer {{ nummer }}."
)

OMBUDSMAN = [
    "Bent u niet tevreden over de manier waarop wij uw klacht hebben behandeld? Dan kunt u "
    "zich wenden tot de {{ ombudsman_naam }}, {{ ombudsman_adres }}, {{ ombudsman_web }}, "
    "telefoon {{ ombudsman_telefoon }}. Doe dat binnen een jaar na de afhandeling van uw "
    "klacht, dus uiterlijk {{ ombudsman_termijn }}. De ombudsman is onafhankelijk en u "
    "betaalt er niets voor.",
]

GREETING = [
    "Met vriendelijke groet,",
    "",
    "{{ medewerker }}",
    "{{ afzender }}",
]

LETTERS: dict[str, tuple[str, list[str]]] = {
    "ontvangstbevestiging": (
        "Wij hebben uw klacht ontvangen",
        [
            "{{ aanhef }}",
            "Op {{ ontvangen }} hebben wij uw klacht ontvangen"
            "{% if namens_client %}, die u indient namens {{ namens_client }}{% endif %}. "
            "Uw klacht heeft het nummer {{ nummer }}.",
            "Uw klacht wordt behandeld door {{ behandelaar }}. Uw contactpersoon is "
            "{{ medewerker }}.",
            "{%p if contacttermijn %}",
            "Wij nemen uiterlijk {{ contacttermijn }} contact met u op om uw klacht te bespreken.",
            "{%p endif %}",
            "Wij handelen uw klacht uiterlijk {{ afhandeltermijn }} af. Lukt dat niet, dan "
            "laten wij u dat vóór die datum schriftelijk weten, met de reden.",
            CONTACT,
        ],
    ),
    "doorzending": (
        "Uw klacht is doorgestuurd naar {{ partner_naam }}",
        [
            "{{ aanhef }}",
            "Op {{ ontvangen }} hebben wij uw klacht ontvangen. Uw klacht heeft het nummer "
            "{{ nummer }}.",
            "Op {{ doorgestuurd_op }} hebben wij uw klacht doorgestuurd naar {{ partner_naam }}. "
            "{{ partner_naam }} behandelt uw klacht. {{ reden_doorsturen }} De gemeente "
            "wil dat klachten worden opgelost waar het is misgegaan. Zo kan het snelst iets "
            "worden rechtgezet.",
            "{{ partner_naam }} neemt contact met u op en handelt uw klacht uiterlijk "
            "{{ afhandeltermijn }} af. Daarna laat {{ partner_naam }} ons weten hoe uw klacht is "
            "afgehandeld en of u tevreden bent.",
            "{%p if partner_telefoon or partner_email %}",
            "U kunt {{ partner_naam }} bereiken"
            "{% if partner_telefoon %} op {{ partner_telefoon }}{% endif %}"
            "{% if partner_email %} of via {{ partner_email }}{% endif %}.",
            "{%p endif %}",
            CONTACT,
        ],
    ),
    "terugkoppelingsverzoek": (
        "Verzoek om terugkoppeling over klacht {{ nummer }}",
        [
            "{{ aanhef }}",
            "Op {{ doorgestuurd_op }} hebben wij u de klacht van {{ klager }} doorgestuurd "
            "(ons nummer {{ nummer }}, categorie {{ categorie }}).",
            "{%p if omschrijving %}",
            "De klacht: {{ omschrijving }}",
            "{%p endif %}",
            "Volgens de werkafspraken klachtafhandeling Wmo (paragraaf 5a) laat u ons weten "
            "wanneer de klacht is afgehandeld en of de klager tevreden is met de uitkomst.",
            "Wilt u ons uiterlijk {{ afhandeltermijn }} laten weten: de datum van afhandeling, "
            "uw oordeel, wat u naar aanleiding van de klacht doet, en of de klager tevreden is? "
            "Stuur ons ook een afschrift van uw brief aan de klager.",
            "U kunt ons bereiken op {{ afzender_telefoon }} of via {{ afzender_email }}.",
        ],
    ),
    "verdaging-klager": (
        "Wij hebben meer tijd nodig voor uw klacht",
        [
            "{{ aanhef }}",
            "Op {{ ontvangen }} hebben wij uw klacht ontvangen (nummer {{ nummer }}). Wij "
            "zouden uw klacht uiterlijk {{ vorige_termijn }} afhandelen. Dat lukt niet. De reden: "
            "{{ reden_verdaging }}.",
            "Wij stellen de afhandeling daarom uit. U hoort uiterlijk {{ afhandeltermijn }} van "
            "ons wat wij met uw klacht doen. Dit mag volgens artikel 9:11 van de Algemene wet "
            "bestuursrecht.",
            "{%p if instemming %}",
            "U hebt ermee ingestemd dat wij de afhandeling langer dan vier weken uitstellen.",
            "{%p endif %}",
            CONTACT,
        ],
    ),
    "verdaging-beklaagde": (
        "Verdaging van de afhandeling van klacht {{ nummer }}",
        [
            "{{ aanhef }}",
            "Op {{ ontvangen }} ontvingen wij een klacht van {{ klager }} (ons nummer "
            "{{ nummer }}, categorie {{ categorie }}){% if partner_naam %} over "
            "{{ partner_naam }}{% endif %}.",
            "{%p if omschrijving %}",
            "De klacht: {{ omschrijving }}",
            "{%p endif %}",
            "De afhandeling was uiterlijk {{ vorige_termijn }}. Wij stellen de afhandeling uit "
            "tot uiterlijk {{ afhandeltermijn }}. De reden: {{ reden_verdaging }}. Dit laten wij "
            "u weten volgens artikel 9:11 lid 2 van de Algemene wet bestuursrecht.",
            "U kunt ons bereiken op {{ afzender_telefoon }} of via {{ afzender_email }}.",
        ],
    ),
    "niet-behandelen": (
        "Wij behandelen uw klacht niet",
        [
            "{{ aanhef }}",
            "Op {{ ontvangen }} hebben wij uw klacht ontvangen (nummer {{ nummer }}). Wij "
            "behandelen uw klacht niet. Dat mag volgens artikel 9:8 van de Algemene wet "
            "bestuursrecht in een paar gevallen. Bij uw klacht is dat zo:",
            "{{ grond }}",
            "{%p if toelichting %}",
            "{{ toelichting }}",
            "{%p endif %}",
            "Bent u het hier niet mee eens? Dan kunt u zich wenden tot de {{ ombudsman_naam }}, "
            "{{ ombudsman_adres }}, {{ ombudsman_web }}, telefoon {{ ombudsman_telefoon }}.",
            CONTACT,
        ],
    ),
    "afhandeling": (
        "Afhandeling van uw klacht",
        [
            "{{ aanhef }}",
            "Op {{ ontvangen }} hebben wij uw klacht ontvangen (nummer {{ nummer }}, categorie "
            "{{ categorie }}). In deze brief leest u wat wij hebben onderzocht, wat wij ervan "
            "vinden en wat wij gaan doen.",
            "{%p if toelichting %}",
            "Wat wij hebben onderzocht: {{ toelichting }}",
            "{%p endif %}",
            "Ons oordeel: {{ oordeel_uitleg }} (oordeel: {{ oordeel }}).",
            "{%p if maatregel %}",
            "Wat wij doen naar aanleiding van uw klacht: {{ maatregel }}",
            "{%p endif %}",
            "Hiermee is uw klacht afgehandeld op {{ afgehandeld_op }}.",
            *OMBUDSMAN,
            CONTACT,
        ],
    ),
    "tevredenheid": (
        "Bent u tevreden over de afhandeling van uw klacht?",
        [
            "{{ aanhef }}",
            "Op {{ afgehandeld_op }} is uw klacht met nummer {{ nummer }} afgehandeld. Wij "
            "willen graag weten of u tevreden bent over de oplossing en over de manier waarop "
            "uw klacht is behandeld. Zo leren wij van uw klacht.",
            "Wilt u ons dat laten weten? Bel ons op {{ afzender_telefoon }} of mail naar "
            "{{ afzender_email }}, en noem het nummer {{ nummer }}.",
        ],
    ),
}


def build(kind: str, subject: str, body: list[str]) -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    style.paragraph_format.space_after = Pt(6)
    for line in ("{{ afzender }}", "{{ afzender_adres }}", ""):
        doc.add_paragraph(line)
    for line in [*ADDRESS, "", *HEAD, ""]:
        doc.add_paragraph(line)
    heading = doc.add_paragraph()
    heading.add_run(f"Onderwerp: {subject}").bold = True
    for line in body:
        doc.add_paragraph(line)
    doc.add_paragraph("")
    for line in GREETING:
        doc.add_paragraph(line)
    doc.core_properties.title = f"klacht {kind}"
    doc.core_properties.author = "Klachtenteam Sociaal Domein"
    return doc


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for kind, (subject, body) in LETTERS.items():
        build(kind, subject, body).save(str(OUT / f"{kind}.docx"))
        print(OUT / f"{kind}.docx")


if __name__ == "__main__":
    main()
