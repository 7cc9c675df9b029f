"""The one check on stored text and the one way control characters are shown (issue 9, safety 1)."""

from __future__ import annotations

import pytest

from klachtcli.domain.text import clean_text, file_name, text_problem, visible, xml_safe
from klachtcli.errors import InputError


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\x08", "\r", "\x1b", "\x7f", "\x85", "\x9b", "\udcff"]
)
def test_control_characters_and_lone_surrogates_are_refused_in_every_kind_of_field(
    char: str,
) -> None:
    for multiline in (False, True):
        assert text_problem(f"a{char}b", multiline=multiline) == (
            f"bevat een ongeldig stuurteken ({char!r})"
        )


@pytest.mark.parametrize("char", ["\n", "\t", "\u2028", "\u2029"])
def test_line_breaks_and_tabs_only_in_free_text(char: str) -> None:
    assert text_problem(f"a{char}b", multiline=True) is None
    assert text_problem(f"a{char}b") == "bevat een regelovergang of tab; dit veld is één regel"


def test_ordinary_text_passes() -> None:
    assert text_problem("Zoë d'Ancona-Ünal — 020 123 45 67 ✓ 日本") is None


def test_clean_text_names_the_field() -> None:
    with pytest.raises(InputError, match=r"^klager bevat een ongeldig stuurteken \('\\x1b'\)\.$"):
        clean_text("Anna\x1b[31m", "klager")
    assert clean_text("  regel 1\n\tregel 2  ", "omschrijving", multiline=True) == (
        "regel 1\n\tregel 2"
    )


def test_a_file_name_says_what_to_do() -> None:
    with pytest.raises(InputError, match="geef het bestand een gewone naam"):
        file_name("brief\n.pdf", "de bijlage")
    assert file_name("verslag huisbezoek.pdf", "de bijlage") == "verslag huisbezoek.pdf"


def test_visible_spells_out_what_a_terminal_would_obey() -> None:
    assert visible("a\x1b]0;x\x07\x1b[2J\x9b\r\x00\udcffb") == (
        "a\\x1b]0;x\\x07\\x1b[2J\\x9b\\r\\x00\\udcffb"
    )
    assert visible("regel 1\n\tregel 2 ë ✓") == "regel 1\n\tregel 2 ë ✓"


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"])
def test_noncharacters_are_refused_as_no_character_at_all(char: str) -> None:
    assert text_problem(f"a{char}b") == f"bevat een ongeldig teken ({char!r})"
    assert text_problem(f"a{char}b", multiline=True) == f"bevat een ongeldig teken ({char!r})"


def test_xml_safe_keeps_layout_and_drops_what_xml_cannot_hold() -> None:
    assert xml_safe("a\tb\nc\rd") == "a\tb\nc\rd"
    assert xml_safe("a\x00\x01\x08\x0b\x0c\x1f\ufffe\uffff\udcffb é😀") == "ab é😀"
