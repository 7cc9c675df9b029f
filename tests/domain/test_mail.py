"""Reading an e-mail into complaint fields (domain/mail.py), without a register."""

from datetime import date

import pytest

from klachtcli.domain.mail import html_to_text, parse_mail
from klachtcli.domain.text import LONG
from klachtcli.errors import InputError


def mail(headers: str, body: str = "Tekst.") -> bytes:
    return f"{headers}\n\n{body}\n".encode()


@pytest.mark.parametrize(
    ("header", "received"),
    [
        ("Tue, 30 Jun 2026 22:30:00 +0000", date(2026, 7, 1)),  # summer time, UTC+2
        ("Tue, 30 Jun 2026 21:59:00 +0000", date(2026, 6, 30)),
        ("Thu, 31 Dec 2026 23:00:00 +0000", date(2027, 1, 1)),  # winter time, UTC+1
        ("Thu, 31 Dec 2026 23:00:00 -0500", date(2027, 1, 1)),
        ("Thu, 31 Dec 2026 23:30:00 -0000", date(2026, 12, 31)),  # zone unknown: Amsterdam
    ],
)
def test_date_header_becomes_an_amsterdam_date(header, received):
    parsed = parse_mail(mail(f"From: a@example.nl\nDate: {header}"), "m.eml")
    assert (parsed.received, parsed.date_problem) == (received, None)


def test_unreadable_date_is_a_problem_not_a_guess():
    parsed = parse_mail(mail("From: a@example.nl\nDate: gisteren rond de middag"), "m.eml")
    assert parsed.received is None
    assert parsed.date_problem == "de Date-kopregel 'gisteren rond de middag' is onleesbaar"


def test_sender_without_name_and_text_without_subject():
    parsed = parse_mail(mail("From: a@example.nl", "Regel\r\nmet\x00nul"), "m.eml")
    assert (parsed.sender_name, parsed.sender_address) == (None, "a@example.nl")
    assert parsed.description == "Regel\nmet nul"  # control characters never reach the register
    assert parsed.message_id is None


def test_no_text_at_all_leaves_the_description_open():
    assert parse_mail(mail("From: a@example.nl", ""), "m.eml").description is None


def test_a_very_long_mail_is_cut_with_a_note():
    parsed = parse_mail(mail("Subject: lang", "x" * (LONG + 500)), "m.eml")
    assert parsed.description is not None and len(parsed.description) == LONG
    assert parsed.description.endswith("het volledige bericht zit als document in het dossier]")


def test_binary_junk_is_no_mail():
    with pytest.raises(InputError, match="geen e-mailbericht"):
        parse_mail(bytes(range(256)) * 4, "rommel.eml")


def test_html_to_text():
    html = "<p>Een &lt;b&gt; en&nbsp;twee</p><p>drie<br>vier</p><style>x{}</style>"
    assert html_to_text(html + "<ol><li>a<li>b</ol>") == "Een <b> en twee\n\ndrie\nvier\n\n- a\n- b"
