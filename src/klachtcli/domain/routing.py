"""Who handles a complaint: the routing advice of WA §5 (SPEC §2)."""

from __future__ import annotations

from dataclasses import dataclass

GEMEENTE = "gemeente"
PARTNER = "partner"

RULES = {
    "G1": "geen ketenpartner betrokken: klacht over de gemeente zelf (WA §5b)",
    "G2": "klager richt zich tot beleidsmakers, wethouder, burgemeester of bestuur (WA §5b)",
    "G3": "klacht betreft meer dan één ketenpartner (WA §5b)",
    "G4": "klager wil dat de gemeente de klacht behandelt (WA §5b)",
    "G5": "één ketenpartner, maar complex of al zonder resultaat bij de partner geweest (WA §5)",
    "P1": "klacht is rechtstreeks bij de ketenpartner ingediend (WA §5a)",
    "P2": "niet complex en de klager was nog niet bij de ketenpartner (WA §5a)",
    "P3": "niet complex en over bejegening door een medewerker van de partner (WA §5a)",
}


@dataclass(frozen=True)
class RoutingFacts:
    partners: tuple[str, ...]
    lodged_with: str  # gemeente | partner | ombudsman
    category: str
    complex: bool = False
    earlier_at_partner: bool = False
    wants_municipality: bool = False
    to_administrator: bool = False


@dataclass(frozen=True)
class Advice:
    handler: str  # gemeente | partner
    partner: str | None
    rules: tuple[str, ...]

    def explanations(self) -> list[str]:
        return [f"{code}: {RULES[code]}" for code in self.rules]


def lodged_refusal(lodged_with: str, n_partners: int) -> str | None:
    """A complaint lodged with a partner names exactly that partner (SPEC §2), or why not."""
    if lodged_with != PARTNER or n_partners == 1:
        return None
    now = "geen" if n_partners == 0 else f"{n_partners}"
    return (
        "Een klacht met --ingediend-bij partner hoort bij precies één --partner: de ketenpartner "
        f"waar de klacht is ingediend (nu {now})."
    )


def advise(facts: RoutingFacts) -> Advice:
    """Every rule that applies is listed; the G-rules win over the P-rules. G5 is the leftover
    rule: listed only when no other rule applies."""
    g_rules: list[str] = []
    if not facts.partners:
        g_rules.append("G1")
    if facts.to_administrator:
        g_rules.append("G2")
    if len(facts.partners) > 1:
        g_rules.append("G3")
    if facts.wants_municipality:
        g_rules.append("G4")

    p_rules: list[str] = []
    if len(facts.partners) == 1:
        if facts.lodged_with == PARTNER:
            p_rules.append("P1")
        if not facts.complex and not facts.earlier_at_partner:
            p_rules.append("P2")
        if not facts.complex and facts.category == "bejegening":
            p_rules.append("P3")

    if g_rules:
        return Advice(GEMEENTE, None, tuple(g_rules + p_rules))
    if p_rules:
        return Advice(PARTNER, facts.partners[0], tuple(p_rules))
    return Advice(GEMEENTE, None, ("G5",))


def partner_may_handle(n_partners: int) -> str | None:
    """A partner can only handle a complaint about itself alone (WA §5a; G3 otherwise)."""
    if n_partners != 1:
        return (
            "een ketenpartner kan de klacht alleen behandelen als die precies één "
            f"ketenpartner betreft (nu {n_partners}); zie regel G3/G1."
        )
    return None
