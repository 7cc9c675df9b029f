"""Checks on free text and codes that users type."""

from __future__ import annotations

import re

from klachtcli.errors import InputError

_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$")
# A cell starting with one of these may be evaluated by a spreadsheet (SPEC §6). A leading
# newline is included because Excel trims it and would then see what follows.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
SHORT = 300
LONG = 20_000


# Characters a terminal may obey instead of show (ESC starts colour, cursor moves and window
# titles; BEL rings; CR overwrites; C1 0x80-0x9f are 8-bit controls) and lone surrogates
# (undecodable bytes in argv or the environment); U+FFFE and U+FFFF are no characters at all
# (XML, so workbooks and letters, cannot hold them). Newline and tab separate lines and columns.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A single-line field (name, code, reference, file name) also has no line or column breaks.
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why `text` may not be stored, as the end of a Dutch sentence ("bevat …"), or None.

    Every text that reaches the register passes here (through `clean_text` or directly), so
    nothing a terminal would obey is ever stored; `visible` neutralises what older versions
    stored. Free text of more lines (`multiline`) keeps newlines and tabs."""
    found = (_CONTROL if multiline else _CONTROL_OR_BREAK).search(text)
    if found is None:
        return None
    char = found[0]
    if char in "\n\t\u2028\u2029":
        return "bevat een regelovergang of tab; dit veld is één regel"
    if char in "\ufffe\uffff":  # no character at all: XML (workbooks, letters) cannot hold it
        return f"bevat een ongeldig teken ({char!r})"
    return f"bevat een ongeldig stuurteken ({char!r})"


# What XML 1.0 cannot hold at all (workbooks and letters are XML): C0 controls but tab, newline
# and carriage return; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without what XML cannot hold: klacht refuses it as input, but a register may
    hold it from an older version, and a letter or workbook must still be made."""
    return _NOT_XML.sub("", text)


def visible(text: str) -> str:
    """`text` with every control character spelled out as Python writes it (ESC as \\x1b,
    BEL as \\x07, CR as \\r), so a terminal shows it instead of obeying it. Newlines and tabs
    stay: they are layout."""
    return _CONTROL.sub(lambda m: ascii(m[0])[1:-1], text)


def clean_text(
    value: str | None, field: str, *, limit: int = SHORT, multiline: bool = False
) -> str | None:
    """Trim; empty becomes None. Refuse control characters, huge text, and in a single-line
    field (the default) line breaks and tabs."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if len(text) > limit:
        raise InputError(f"{field} is te lang ({len(text)} tekens, maximaal {limit}).")
    problem = text_problem(text, multiline=multiline)
    if problem:
        raise InputError(f"{field} {problem}.")
    return text


def required_text(
    value: str | None, field: str, *, limit: int = SHORT, multiline: bool = False
) -> str:
    text = clean_text(value, field, limit=limit, multiline=multiline)
    if text is None:
        raise InputError(f"{field} mag niet leeg zijn.")
    return text


def file_name(name: str, what: str) -> str:
    """A file name the user chose, as the register keeps it (a document, template, report):
    one line without control characters; refused otherwise, with what to do about it."""
    problem = text_problem(name)
    if problem:
        raise InputError(
            f"De bestandsnaam van {what} {name!r} {problem}; geef het bestand een gewone naam."
        )
    return name


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
