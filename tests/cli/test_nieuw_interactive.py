"""Interactive `klacht nieuw` in a real pseudo-terminal: every question that decides routing and
deadlines, invalid answers asked again, a summary with the advice, saved only after 'j'."""

import json
import os
import select
import subprocess
import sys
import time

import pytest
from tests.conftest import dump

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


class Terminal:
    """`klacht ARGS` on a pseudo-terminal: wait for a question, then type the answer."""

    def __init__(self, *args: str, timeout: float = 30) -> None:
        self.master, slave = os.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "klachtcli", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(os.environ),
            close_fds=True,
        )
        os.close(slave)
        self.timeout = timeout
        self.output = ""
        self.seen = 0  # what expect() has consumed

    def _read(self, until: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], max(0.0, until - time.monotonic()))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # the program ended and closed the terminal
            return False
        self.output += chunk.decode(errors="replace").replace("\r\n", "\n")
        return bool(chunk)

    def expect(self, text: str) -> str:
        """Everything up to and including `text`, which must appear (in order) in time."""
        deadline = time.monotonic() + self.timeout
        while text not in self.output[self.seen :]:
            if time.monotonic() > deadline or not self._read(deadline):
                raise AssertionError(f"{text!r} not asked; got:\n{self.output[self.seen :]}")
        end = self.output.index(text, self.seen) + len(text)
        before, self.seen = self.output[self.seen : end], end
        return before

    def answer(self, question: str, typed: str) -> str:
        before = self.expect(question)
        os.write(self.master, typed.encode() + b"\n")
        return before

    def finish(self) -> tuple[int, str]:
        deadline = time.monotonic() + self.timeout
        while self._read(deadline):
            pass
        code = self.proc.wait(timeout=self.timeout)
        os.close(self.master)
        return code, self.output[self.seen :]


def test_every_question_is_asked_invalid_answers_again_and_saved_after_confirmation(cli, register):
    t = Terminal("nieuw")
    # each question: a wrong answer, the refusal it gets, the question again, a right answer
    for question, wrong, refusal, right in (
        (
            "Datum van ontvangst [27-11-2026]:",
            "28-11-2026",
            "De ontvangstdatum 28-11-2026 ligt in de toekomst",
            "24-4-2026",
        ),
        ("Kanaal (telefoon/loket/brief/webformulier/email):", "fax", "Ongeldig kanaal", "e-mail"),
        ("Naam klager:", "", "Dit veld is verplicht.", "Anna de Vries"),
        ("Ketenpartner(s)", "onbekend", "Onbekend: onbekend. Kies uit: vervoer", "zorgthuis"),
        (
            "Ingediend bij (gemeente/ombudsman/partner) [gemeente]:",
            "bank",
            "Kies uit: gemeente, ombudsman, partner.",
            "",
        ),
        ("Categorie (", "klacht", "Ongeldige categorie 'klacht'", "bejegening"),
        ("Omschrijving:", "", "Dit veld is verplicht.", "Onvriendelijk behandeld."),
        (
            "Gericht aan beleidsmakers, wethouder of bestuur? (j/n) [n]:",
            "misschien",
            "Antwoord met j (ja) of n (nee).",
            "n",
        ),
    ):
        t.answer(question, wrong)
        assert refusal in t.answer(question, right)
    t.answer("Wil de klager dat de gemeente het behandelt? (j/n) [n]:", "")
    t.answer("Is de situatie complex? (j/n) [n]:", "nee")
    t.answer("Was de klager hiermee al bij de partner? (j/n) [n]:", "ja")
    summary = t.answer("Opslaan? (j/n):", "j")
    code, out = t.finish()
    assert code == 0, t.output

    assert "Controleer de klacht (nog niet opgeslagen):" in summary
    for line in (
        "Ontvangen:          vr 24-04-2026",
        "Kanaal:             email",
        "Ingediend bij:      gemeente",
        "Ketenpartners:      zorgthuis",
        "Eerder bij partner: ja",
        "Behandelaar: ketenpartner zorgthuis (Zorg Thuis)",
        "Routeringsadvies: partner",
        "  P3: niet complex en over bejegening door een medewerker van de partner (WA §5a)",
        # forwarded on receipt: the partner's terms run from 24-04 (SPEC §3)
        "  afhandeling  uiterlijk vr 05-06-2026",
        "Let op: de afhandeltermijn (uiterlijk 05-06-2026) is al verstreken",
    ):
        assert line in summary, (line, summary)
    assert "K-2026-0001" not in summary  # nothing is numbered before it is saved
    assert "Klacht K-2026-0001 geregistreerd." in out

    shown = json.loads(cli.ok("toon", "K-2026-0001", "--json").stdout)
    assert (shown["ontvangen"], shown["kanaal"], shown["ingediend_bij"]) == (
        "2026-04-24",
        "email",
        "gemeente",
    )
    assert (shown["klager"]["naam"], shown["partners"], shown["categorie"]) == (
        "Anna de Vries",
        ["zorgthuis"],
        "bejegening",
    )
    assert (shown["behandelaar"], shown["regels"]) == ("partner", ["P3"])
    assert shown["doorgestuurd_op"] == "2026-04-24"


def test_no_at_the_summary_aborts_and_changes_nothing(cli, register):
    before = dump(register)
    t = Terminal(
        "nieuw",
        "--ontvangen",
        "2026-11-20",
        "--kanaal",
        "telefoon",
        "--klager",
        "Anna de Vries",
        "--partner",
        "zorgthuis",
        "--categorie",
        "kwaliteit",
        "--omschrijving",
        "De hulp kwam niet.",
        "--complex",
    )
    # what the options gave is not asked; the routing questions they left open are
    asked = t.answer("Ingediend bij", "")
    asked += t.answer("Gericht aan beleidsmakers", "n")
    asked += t.answer("Wil de klager", "n")
    asked += t.answer("Was de klager hiermee al bij de partner?", "n")
    summary = t.answer("Opslaan? (j/n):", "n")
    code, out = t.finish()
    assert code == 130, t.output
    for not_asked in ("Datum van ontvangst", "Kanaal (", "Naam klager", "Categorie (", "complex?"):
        assert not_asked not in asked
    assert "Routeringsadvies: gemeente" in summary
    assert "G5: één ketenpartner, maar complex" in summary
    assert "Afgebroken; er is niets gewijzigd." in out
    assert dump(register) == before


def test_end_of_input_at_a_question_aborts_and_changes_nothing(register):
    before = dump(register)
    t = Terminal("nieuw")
    t.answer("Datum van ontvangst", "")
    t.expect("Kanaal")
    os.write(t.master, b"\x04")  # Ctrl-D
    code, out = t.finish()
    assert code == 130, t.output
    assert "Afgebroken; er is niets gewijzigd." in out
    assert dump(register) == before


QUESTIONS = [
    "Gericht aan beleidsmakers, wethouder of bestuur?",
    "Wil de klager dat de gemeente het behandelt?",
    "Is de situatie complex?",
    "Was de klager hiermee al bij de partner?",
]


def test_ended_contract_is_shown_before_saving(cli, register):
    cli.ok("partner", "wijzig", "zorgthuis", "--contract-einde", "2026-10-31")
    t = Terminal(
        "nieuw", "--ontvangen", "vandaag", "--kanaal", "brief", "--klager", "Piet", "--partner",
        "zorgthuis", "--categorie", "levering", "--omschrijving", "Te laat.", "--ingediend-bij",
        "gemeente",
    )  # fmt: skip
    asked = "".join(t.answer(question, "n") for question in QUESTIONS)
    summary = t.answer("Opslaan? (j/n):", "j")
    code, _ = t.finish()
    assert code == 0, t.output
    assert "Ingediend bij" not in asked and "Naam klager" not in asked
    assert "Routeringsadvies: gemeente" in summary
    assert "het contract met ketenpartner zorgthuis is beëindigd op 31-10-2026" in summary


def test_no_input_in_a_terminal_asks_nothing(register):
    before = dump(register)
    t = Terminal("nieuw", "--no-input", "--kanaal", "brief")
    code, out = t.finish()
    assert code == 2
    assert "Ontbrekende gegevens: --klager, --categorie, --omschrijving." in out
    assert "?" not in out.split("Fout:")[0]
    assert dump(register) == before


def test_mail_without_date_asks_the_date_and_only_what_the_mail_left_open(cli, register):
    from tests.cli.test_uit_mail import MAIL

    t = Terminal("nieuw", "--uit-mail", str(MAIL / "no-date.eml"))
    warned = t.answer("Datum van ontvangst [27-11-2026]:", "25-11-2026")
    assert "Let op: het bericht heeft geen Date-kopregel; geef de datum van ontvangst." in warned
    asked = t.answer("Ketenpartner(s)", "")
    asked += t.answer("Ingediend bij", "")
    asked += t.answer("Categorie (", "toegang")
    summary = t.answer("Opslaan? (j/n):", "j")
    code, out = t.finish()
    assert code == 0, t.output
    for not_asked in ("Kanaal (", "Naam klager", "Omschrijving:", "complex?"):
        assert not_asked not in asked
    assert "Omschrijving:       Onderwerp: Geen reactie op mijn aanvraag Ik wacht al zes we…" in (
        summary
    )
    assert "G1: geen ketenpartner betrokken" in summary
    assert "In het dossier bewaard: de e-mail no-date.eml en 0 bijlage(n)." in out
    dossier = json.loads(cli.ok("toon", "K-2026-0001", "--json").stdout)
    assert (dossier["ontvangen"], dossier["kanaal"], dossier["klager"]["naam"]) == (
        "2026-11-25",
        "email",
        "Karin Smit",
    )
