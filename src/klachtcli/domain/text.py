"""Checks on free text and codes that users type."""

from __future__ import annotations

import re
import unicodedata

from klachtcli.errors import InputError

_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$")
# A cell starting with one of these may be evaluated by a spreadsheet (SPEC §6). A leading
# newline is included because Excel trims it and would then see what follows.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
SHORT = 300
LONG = 20_000


def clean_text(value: str | None, field: str, *, limit: int = SHORT) -> str | None:
    """Trim; empty becomes None. Refuse control characters (except newlines/tabs) and huge text."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if len(text) > limit:
        raise InputError(f"{field} is te lang ({len(text)} tekens, maximaal {limit}).")
    for char in text:
        if char in "\n\t":
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            raise InputError(f"{field} bevat een ongeldig stuurteken ({char!r}).")
    return text


def required_text(value: str | None, field: str, *, limit: int = SHORT) -> str:
    text = clean_text(value, field, limit=limit)
    if text is None:
        raise InputError(f"{field} mag niet leeg zijn.")
    return text


def check_code(code: str, what: str = "code") -> str:
    value = code.strip()
    if not _CODE.match(value):
        raise InputError(
            f"Ongeldige {what} {code!r}: gebruik kleine letters, cijfers en koppeltekens "
            "(2 tot 40 tekens, bijvoorbeeld 'zorgthuis' of 'vervoer-west')."
        )
    return value


def choice(value: str, options: tuple[str, ...], field: str) -> str:
    normalized = value.strip().lower()
    if normalized not in options:
        raise InputError(f"Ongeldige {field} {value!r}. Kies uit: {', '.join(options)}.")
    return normalized
