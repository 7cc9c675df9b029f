"""The dossier as people read it: shared by `klacht toon` and the exported samenvatting.txt."""

from __future__ import annotations

from typing import Any

from klachtcli.domain.text import visible
from klachtcli.render.output import display


def dossier_fields(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """Label/value pairs of a complaint_dict, in reading order."""
    klager = data["klager"]
    behandelaar = data["behandelaar"]
    if data["behandelaar_partner"]:
        behandelaar += f" ({data['behandelaar_partner']})"
    weeks = data["verdaagd_weken"]
    now = data.get("termijnen_kalender_nu", {})

    def due(kind: str) -> Any:
        shown = display(data["termijnen"][kind])
        if kind in now and shown is not None:
            shown += f" (met de kalender van nu: {display(now[kind])})"
        return shown

    earlier = [
        (
            "Eerder gesloten",
            f"{display(k['afgehandeld_op'])} {k['afsluiting']}"
            + (f", oordeel {k['oordeel']}" if k["oordeel"] else "")
            + (f", tevreden: {k['tevreden']}" if k["tevreden"] else "")
            + f"; heropend {display(k['heropend_op'])} ({k['heropend_wegens']})",
        )
        for k in data.get("eerdere_afsluitingen", [])
    ]
    return [
        ("Ontvangen", display(data["ontvangen"])),
        ("Kanaal", data["kanaal"]),
        ("Ingediend bij", data["ingediend_bij"]),
        ("Klager", klager["naam"]),
        ("  e-mail", klager["email"]),
        ("  telefoon", klager["telefoon"]),
        ("Namens cliënt", data["namens_client"]),
        ("Ketenpartners", ", ".join(data["partners"]) or "geen"),
        ("Categorie", data["categorie"]),
        ("Voorziening", data["voorziening"]),
        ("Behandelaar", behandelaar),
        ("Regels", ", ".join(data["regels"])),
        ("Afwijking advies", data["reden_afwijking"]),
        ("Doorgestuurd op", display(data["doorgestuurd_op"])),
        ("Contact uiterlijk", due("contact")),
        ("Contact op", display(data["contact_op"])),
        ("Afhandeling uiterlijk", due("afhandeling")),
        ("Verdaagd", f"{weeks} weken" if weeks else None),
        ("Afgehandeld op", display(data["afgehandeld_op"])),
        ("Afsluiting", data["afsluiting"]),
        ("Oordeel", data["oordeel"]),
        ("Maatregel", data["maatregel"]),
        ("Tevreden", data["tevreden"]),
        *earlier,
    ]


def timeline_rows(data: dict[str, Any]) -> list[list[Any]]:
    """Datum, soort, medewerker, tekst (with the attachment's name) per event."""
    return [
        [
            display(e["datum"]),
            e["soort"],
            e["medewerker"],
            (e["tekst"] or "") + (f" [bijlage: {e['bijlage']}]" if e["bijlage"] else ""),
        ]
        for e in data["gebeurtenissen"]
    ]


def summary_text(data: dict[str, Any]) -> str:
    """A plain-text dossier for the export folder."""
    pairs = [(label.strip(), "—" if v in (None, "") else v) for label, v in dossier_fields(data)]
    width = max(len(label) for label, _ in pairs)
    lines = [f"Dossier klacht {data['nummer']} — {data['status']}", ""]
    lines += [f"{label + ':':<{width + 1}} {value}" for label, value in pairs]
    lines += ["", "Omschrijving:", data["omschrijving"] or "—", "", "Tijdlijn:"]
    lines += ["  ".join(str(cell) for cell in row) for row in timeline_rows(data)]
    # A file people `cat` or open: no stored text may steer their terminal either.
    return visible("\n".join(lines) + "\n")
