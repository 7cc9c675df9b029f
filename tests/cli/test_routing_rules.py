"""Routing rules of SPEC §2 decided in issue 9: G5 is the leftover rule, and a complaint lodged
with a partner names exactly that partner."""

from __future__ import annotations

import pytest
from tests.conftest import dump

from klachtcli.domain.routing import RoutingFacts, advise

BASE = ("nieuw", "--no-input", "--ontvangen", "2026-04-14", "--kanaal", "telefoon")
BASE += ("--klager", "Anna de Vries", "--categorie", "kwaliteit", "--omschrijving", "Kapot")


@pytest.mark.parametrize(
    ("partners", "why"),
    [((), "nu geen"), (("--partner", "zorgthuis", "--partner", "vervoer"), "nu 2")],
)
def test_lodged_with_a_partner_needs_exactly_that_partner(cli, register, partners, why):
    before = dump(register)
    result = cli(*BASE, "--ingediend-bij", "partner", *partners)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Fout: Een klacht met --ingediend-bij partner hoort bij precies één --partner: de "
        f"ketenpartner waar de klacht is ingediend ({why}).\n"
    )
    assert dump(register) == before


def test_lodged_with_its_partner_is_handled_there(cli, register):
    shown = cli.new("2026-04-14", "--ingediend-bij", "partner", "--partner", "zorgthuis")
    assert (shown["behandelaar"], shown["regels"]) == ("partner", ["P1", "P2"])


@pytest.mark.parametrize(
    ("facts", "rules"),
    [
        # complex, but another G-rule applies: G5 is not listed
        ({"partners": ("a",), "complex": True, "wants_municipality": True}, ("G4",)),
        ({"partners": ("a",), "complex": True, "to_administrator": True}, ("G2",)),
        ({"partners": ("a",), "earlier_at_partner": True, "wants_municipality": True}, ("G4",)),
        ({"partners": ("a", "b"), "complex": True}, ("G3",)),
        # nothing else applies: G5
        ({"partners": ("a",), "complex": True}, ("G5",)),
        ({"partners": ("a",), "earlier_at_partner": True}, ("G5",)),
    ],
)
def test_g5_only_when_no_other_g_rule_applies(facts, rules):
    advice = advise(RoutingFacts(lodged_with="gemeente", category="kwaliteit", **facts))
    assert (advice.handler, advice.rules) == ("gemeente", rules)
