"""Routing advice of WA §5 / SPEC §2: every rule and the precedence between them."""

import pytest

from klachtcli.domain.routing import RULES, RoutingFacts, advise


def facts(partners=("zorgthuis",), lodged="gemeente", category="kwaliteit", **flags):
    return RoutingFacts(partners=tuple(partners), lodged_with=lodged, category=category, **flags)


@pytest.mark.parametrize(
    ("case", "given", "handler", "partner", "rules"),
    [
        ("G1 no partner", facts(partners=()), "gemeente", None, ("G1",)),
        (
            "G1 no partner, bejegening",
            facts(partners=(), category="bejegening"),
            "gemeente",
            None,
            ("G1",),
        ),
        ("G2 to administrator", facts(to_administrator=True), "gemeente", None, ("G2", "P2")),
        ("G3 two partners", facts(partners=("a", "b")), "gemeente", None, ("G3",)),
        ("G4 wants gemeente", facts(wants_municipality=True), "gemeente", None, ("G4", "P2")),
        (
            "G4 beats P1",
            facts(lodged="partner", wants_municipality=True, complex=True),
            "gemeente",
            None,
            ("G4", "P1"),
        ),
        (
            "G2+G3+G4 together",
            facts(partners=("a", "b"), to_administrator=True, wants_municipality=True),
            "gemeente",
            None,
            ("G2", "G3", "G4"),
        ),
        ("G1+G2", facts(partners=(), to_administrator=True), "gemeente", None, ("G1", "G2")),
        (
            "P1 lodged with partner",
            facts(lodged="partner", complex=True, earlier_at_partner=True),
            "partner",
            "zorgthuis",
            ("P1",),
        ),
        ("P1+P2", facts(lodged="partner"), "partner", "zorgthuis", ("P1", "P2")),
        ("P2 simple and new", facts(), "partner", "zorgthuis", ("P2",)),
        (
            "P2+P3 bejegening new",
            facts(category="bejegening"),
            "partner",
            "zorgthuis",
            ("P2", "P3"),
        ),
        (
            "P3 bejegening although already at partner",
            facts(category="bejegening", earlier_at_partner=True),
            "partner",
            "zorgthuis",
            ("P3",),
        ),
        ("G5 complex", facts(complex=True), "gemeente", None, ("G5",)),
        (
            "G5 complex bejegening",
            facts(complex=True, category="bejegening"),
            "gemeente",
            None,
            ("G5",),
        ),
        (
            "G5 already at partner without result",
            facts(earlier_at_partner=True),
            "gemeente",
            None,
            ("G5",),
        ),
        ("ombudsman lodged, simple", facts(lodged="ombudsman"), "partner", "zorgthuis", ("P2",)),
    ],
)
def test_routing_table(case, given, handler, partner, rules):
    advice = advise(given)
    assert (advice.handler, advice.partner, advice.rules) == (handler, partner, rules), case


def test_every_rule_has_a_dutch_explanation():
    advice = advise(facts(category="bejegening"))
    assert advice.explanations() == [f"P2: {RULES['P2']}", f"P3: {RULES['P3']}"]
    assert set(RULES) == {"G1", "G2", "G3", "G4", "G5", "P1", "P2", "P3"}
