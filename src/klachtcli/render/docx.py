"""Word documents: letters from docxtpl templates (SPEC §9) and the annual publication.

docxtpl, python-docx and Jinja2 are imported inside the functions: most commands never need them.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from contextlib import suppress
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from klachtcli.domain.text import xml_safe
from klachtcli.errors import InputError
from klachtcli.outfile import open_target, os_reason, same_file

if TYPE_CHECKING:
    from klachtcli.domain.publication import Section

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def default_template(kind: str) -> bytes:
    """The template shipped with the package (src/klachtcli/templates, made by
    tools/make_letter_templates.py)."""
    return resources.files("klachtcli").joinpath("templates", f"{kind}.docx").read_bytes()


def _environment() -> Any:
    from jinja2 import Environment, StrictUndefined

    # StrictUndefined: a placeholder the register does not know is an error, never a blank.
    return Environment(undefined=StrictUndefined, autoescape=False)


def _open_template(data: bytes, name: str) -> Any:
    from docxtpl import DocxTemplate

    try:
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own
        raise InputError(f"{name} is geen bruikbaar Word-bestand (.docx): {exc}.") from None
    return template


def _xml_safe(value: Any) -> Any:
    """The context with every text made XML-safe (domain/text.xml_safe), through dicts and
    lists: docxtpl renders into XML that lxml would refuse to read back."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, Mapping):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_xml_safe(item) for item in value]
    return value


def render(template: bytes, context: Mapping[str, object], *, name: str = "sjabloon") -> bytes:
    """The letter: the template with every placeholder filled in."""
    from jinja2 import TemplateError

    doc = _open_template(template, name)
    try:
        doc.render(_xml_safe(dict(context)), jinja_env=_environment(), autoescape=True)
    except TemplateError as exc:
        raise InputError(f"Sjabloon {name} kan niet worden ingevuld: {exc}.") from None
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def check_template(
    data: bytes, fields: Sequence[str], example: Mapping[str, object], name: str
) -> None:
    """Refuse a template with an unknown placeholder or a syntax error, naming it; then render
    it against the example dossier so that nothing else can go wrong later."""
    from jinja2 import TemplateSyntaxError

    doc = _open_template(data, name)
    try:
        used = doc.get_undeclared_template_variables(_environment())
    except TemplateSyntaxError as exc:
        raise InputError(
            f"Sjabloon {name} heeft een fout in een tag: {exc.message} "
            "(controleer {{ … }}, {% … %} en of elke if/for een endif/endfor heeft)."
        ) from None
    unknown = sorted(set(used) - set(fields))
    if unknown:
        raise InputError(
            f"Sjabloon {name} gebruikt onbekende velden: {', '.join(unknown)}. "
            "Zie `klacht sjabloon velden`."
        )
    render(data, example, name=name)


def text_of(document: bytes) -> str:
    """The plain text of a .docx, paragraph by paragraph (for `--formaat txt` and tests)."""
    from docx import Document

    doc = Document(io.BytesIO(document))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines).strip() + "\n"


def write_private(path: Path, data: bytes, *, overwrite: bool) -> None:
    """Write a file that holds personal data: mode 0600, never silently replacing another,
    and never half a file (removed when the disk fills up)."""
    ours = False  # whether what is at the path is this run's own, incomplete file
    try:
        fd, ours = open_target(path, overwrite=overwrite)
        with os.fdopen(fd, "wb") as handle:
            os.ftruncate(fd, 0)  # only now: fstat has shown a regular file
            ours = True
            os.fchmod(fd, 0o600)
            handle.write(data)
    except OSError as exc:
        if ours:
            with suppress(OSError):
                os.unlink(path)
        raise InputError(f"Kan {path} niet schrijven: {os_reason(exc)}.") from None


def office_program() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_office() -> str:
    program = office_program()
    if program is None:
        raise InputError(
            "--pdf kan niet: LibreOffice is niet geïnstalleerd (het programma `soffice` is niet "
            "gevonden). Installeer LibreOffice, of maak de brief zonder --pdf en sla hem in Word "
            "op als PDF."
        )
    return program


def to_pdf(docx_path: Path, *, overwrite: bool = False) -> Path:
    """Convert with LibreOffice (`soffice --headless --convert-to pdf`); returns the PDF's path.

    LibreOffice writes into a private folder of its own; the PDF then takes its place beside
    the letter by the same rule as every file klacht writes (a new or regular file, replaced
    only with ``overwrite``, mode 0600)."""
    program = require_office()
    pdf = docx_path.with_suffix(".pdf")
    try:
        fd, created = open_target(pdf, overwrite=overwrite)
    except OSError as exc:
        raise InputError(f"Kan {pdf} niet schrijven: {os_reason(exc)}.") from None
    try:
        with tempfile.TemporaryDirectory(prefix=".klacht-pdf-", dir=docx_path.parent) as work:
            made = Path(work) / pdf.name
            _convert(program, docx_path, Path(work))
            os.chmod(made, 0o600)
            if not same_file(fd, pdf):
                raise InputError(f"{pdf} is tijdens het omzetten vervangen; kies een ander pad.")
            os.replace(made, pdf)
    except BaseException as exc:
        if created and same_file(fd, pdf):
            os.unlink(pdf)
        if isinstance(exc, OSError):
            raise InputError(f"Kan {pdf} niet schrijven: {os_reason(exc)}.") from None
        raise
    finally:
        os.close(fd)
    return pdf


def _convert(program: str, docx_path: Path, outdir: Path) -> None:
    try:
        result = subprocess.run(
            [
                program,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(docx_path),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(
            f"LibreOffice kon {docx_path.name} niet omzetten naar PDF: {exc}."
        ) from None
    if result.returncode != 0 or not (outdir / docx_path.with_suffix(".pdf").name).exists():
        raise InputError(
            f"LibreOffice kon {docx_path.name} niet omzetten naar PDF: "
            f"{(result.stderr or result.stdout).strip() or 'onbekende fout'}."
        )


def write_publication_docx(
    path: Path, year: int, sections: Sequence[Section], *, overwrite: bool, generated: datetime
) -> None:
    """The annual publication (Awb 9:12a): one table per section, this year beside the last."""
    from docx import Document
    from docx.shared import Pt

    from klachtcli.domain.publication import cell

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    doc.add_heading(f"Klachten Wmo {year}", level=0)
    doc.add_paragraph(
        "Klachtenteam Sociaal Domein, gemeente Amsterdam. Overzicht van de geregistreerde "
        f"klachten over {year}, met {year - 1} ernaast (Algemene wet bestuursrecht, artikel "
        "9:12a). Het overzicht bevat alleen aantallen, geen persoonsgegevens."
    )
    for section in sections:
        doc.add_heading(section.title, level=1)
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for header, text in zip(table.rows[0].cells, ("", str(year), str(year - 1)), strict=True):
            header.text = text
            for run in header.paragraphs[0].runs:
                run.bold = True
        if not section.rows:
            row = table.add_row().cells
            row[0].text, row[1].text, row[2].text = "(geen)", "0", "0"
        for item in section.rows:
            row = table.add_row().cells
            row[0].text, row[1].text, row[2].text = (
                item.label,
                cell(item.current),
                cell(item.previous),
            )
    doc.add_paragraph(f"Gemaakt op {generated:%d-%m-%Y} met klacht.")
    doc.core_properties.title = f"Klachten Wmo {year}"
    doc.core_properties.author = "Klachtenteam Sociaal Domein"
    out = io.BytesIO()
    doc.save(out)
    write_private(path, out.getvalue(), overwrite=overwrite)
