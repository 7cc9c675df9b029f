"""Warnings that help at intake (issue 8.3): an ended contract, deadlines already passed, a report
period that is not over; and the channel aliases of `nieuw --kanaal`."""

import json

from tests.cli.test_nieuw import BASE
from tests.conftest import TODAY

# the base flags of test_nieuw; a later --ontvangen wins over its date
NEW = [*BASE, "--categorie", "kwaliteit"]


def test_channel_aliases_and_the_dutch_refusal(cli, register, unchanged):
    for typed, stored in (("e-mail", "email"), ("Mail", "email"), ("post", "brief")):
        data = cli.new("2026-11-20", channel=typed)
        assert json.loads(cli.ok("toon", data["nummer"], "--json").stdout)["kanaal"] == stored
    before = unchanged()
    result = cli(*NEW, "--ontvangen", "2026-11-20", "--kanaal", "fax")
    assert result.exit_code == 2
    assert "Ongeldig kanaal 'fax'. Kies uit: telefoon, loket, brief, webformulier, email" in (
        result.stderr
    )
    assert "Ongeldige kanaal" not in result.stderr
    assert unchanged() == before


def test_complaint_about_partner_with_ended_contract_goes_to_the_gemeente(cli, register):
    cli.ok("partner", "wijzig", "zorgthuis", "--contract-einde", "2026-10-31")
    result = cli.ok(*NEW, "--ontvangen", "2026-11-20", "--partner", "zorgthuis")
    assert "Behandelaar: gemeente" in result.stdout
    assert "Routeringsadvies: gemeente" in result.stdout
    assert "P2: niet complex" in result.stdout  # the rule still shows why a partner was likely
    assert (
        "Let op: het contract met ketenpartner zorgthuis is beëindigd op 31-10-2026; die partner "
        "kan de klacht niet meer behandelen, dus behandelt de gemeente haar. Afwijken kan met "
        '--behandelaar partner --reden "…".'
    ) in result.stderr
    shown = json.loads(cli.ok("toon", "K-2026-0001", "--json").stdout)
    assert (shown["behandelaar"], shown["advies_behandelaar"], shown["fase"]) == (
        "gemeente",
        "gemeente",
        "registered",
    )
    assert shown["doorgestuurd_op"] is None


def test_ended_contract_overridden_with_a_reason(cli, register):
    cli.ok("partner", "wijzig", "zorgthuis", "--contract-einde", "2026-10-31")
    result = cli(*NEW, "--ontvangen", "2026-11-20", "--partner", "zorgthuis", "--json")
    assert json.loads(result.stdout)["behandelaar"] == "gemeente"
    refused = cli(
        *NEW, "--ontvangen", "2026-11-20", "--partner", "zorgthuis", "--behandelaar", "partner"
    )
    assert refused.exit_code == 2 and "--reden" in refused.stderr
    result = cli(
        *NEW,
        "--ontvangen",
        "2026-11-20",
        "--partner",
        "zorgthuis",
        "--behandelaar",
        "partner",
        "--reden",
        "Dossier loopt nog bij de partner",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["behandelaar"], data["advies"], data["partner"]) == (
        "partner",
        "gemeente",
        "zorgthuis",
    )
    assert "de partner behandelt toch (reden: Dossier loopt nog bij de partner)" in result.stderr


def test_contract_ending_today_or_later_does_not_warn(cli, register):
    cli.ok("partner", "wijzig", "zorgthuis", "--contract-einde", TODAY)
    result = cli(*NEW, "--ontvangen", "2026-11-20", "--partner", "zorgthuis", "--json")
    assert json.loads(result.stdout)["behandelaar"] == "partner"
    assert result.stderr == ""


def test_doorsturen_to_partner_with_ended_contract_is_refused_without_reason(
    cli, register, unchanged
):
    number = cli.new("2026-11-02", "--partner", "zorgthuis", "--complex")["nummer"]
    cli.ok("partner", "wijzig", "zorgthuis", "--contract-einde", "2026-10-31")
    before = unchanged()
    result = cli("doorsturen", number, "--partner", "zorgthuis", "--datum", "2026-11-20")
    assert result.exit_code == 2
    assert (
        "Doorsturen kan niet: het contract met ketenpartner zorgthuis is beëindigd op "
        "31-10-2026, dus behandelt de gemeente K-2026-0001 zelf."
    ) in result.stderr
    assert unchanged() == before
    result = cli.ok(
        "doorsturen",
        number,
        "--partner",
        "zorgthuis",
        "--datum",
        "2026-11-20",
        "--reden",
        "Afspraak met de contractmanager",
    )
    shown = json.loads(cli.ok("toon", number, "--json").stdout)
    assert shown["behandelaar"] == "partner"
    assert "reden: Afspraak met de contractmanager" in shown["gebeurtenissen"][-1]["tekst"]


def test_reason_without_ended_contract_is_refused(cli, register):
    number = cli.new("2026-11-02", "--partner", "zorgthuis", "--complex")["nummer"]
    result = cli("doorsturen", number, "--partner", "zorgthuis", "--reden", "zomaar")
    assert result.exit_code == 2 and "--reden hoort bij" in result.stderr


def test_late_registration_warns_but_registers(cli, register):
    # received 2026-10-01: contact due 08-10-2026, handling 12-11-2026, both before today
    result = cli(*NEW, "--ontvangen", "2026-10-01", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["nummer"] == "K-2026-0001"
    assert result.stderr.splitlines() == [
        "Let op: de contacttermijn (uiterlijk 08-10-2026) is al verstreken; neem zo snel "
        "mogelijk contact op met de klager.",
        "Let op: de afhandeltermijn (uiterlijk 12-11-2026) is al verstreken; handel de klacht "
        "zo snel mogelijk af.",
    ]
    # only the contact deadline passed: received 2026-11-13, contact due 20-11, handling 25-12
    result = cli(*NEW, "--ontvangen", "2026-11-13")
    assert "contacttermijn (uiterlijk 20-11-2026) is al verstreken" in result.stderr
    assert "afhandeltermijn" not in result.stderr
    # due today is not passed: received 2026-11-20, contact due 27-11-2026 = today
    assert cli(*NEW, "--ontvangen", "2026-11-20").stderr == ""


def test_late_forwarded_complaint_warns_only_about_handling(cli, register):
    """The partner's contact term is not chased (SPEC §3), so only handling is warned about."""
    result = cli(*NEW, "--ontvangen", "2026-09-01", "--partner", "zorgthuis")
    assert result.exit_code == 0
    assert "contacttermijn" not in result.stderr
    assert "afhandeltermijn (uiterlijk 13-10-2026) is al verstreken" in result.stderr


def test_reports_on_a_period_not_over_say_so(cli, register, tmp_path):
    cli.new("2026-10-05")
    out = tmp_path / "q4.xlsx"
    result = cli.ok("rapport", "--kwartaal", "2026-Q4", "--uitvoer", str(out))
    assert out.exists()
    assert (
        "Let op: kwartaal 2026-Q4 (t/m 31-12-2026) is nog niet voorbij (vandaag is het "
        "27-11-2026); de cijfers zijn onvolledig en kunnen nog veranderen."
    ) in result.stderr
    result = cli.ok("rapport", "--kwartaal", "2026-Q3", "--uitvoer", str(tmp_path / "q3.xlsx"))
    assert result.stderr == ""
    result = cli.ok("rapport", "--jaar", "2026", "--json")
    assert json.loads(result.stdout)
    assert "Let op: het jaar 2026 is nog niet voorbij" in result.stderr
    assert cli.ok("rapport", "--jaar", "2025", "--json").stderr == ""
    result = cli.ok("analyse", "--json")
    assert json.loads(result.stdout)["tot"] == TODAY
    assert "Let op: de periode 01-10-2025 t/m 27-11-2026 is nog niet voorbij" in result.stderr
    assert cli.ok("analyse", "--van", "2026-01-01", "--tot", "2026-06-30").stderr == ""
