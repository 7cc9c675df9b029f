"""Retention (SPEC §7): dry run, legal hold, ombudsman block, and purging that leaves no bytes."""

import json
from pathlib import Path

import pytest
from tests.conftest import dump, is_server, rows

pytestmark = pytest.mark.backends

SECRET_NAME = "Zzyzx Geheimnaam"
SECRET_TEXT = "Qwerty persoonlijk verhaal over de thuiszorg"
SECRET_BYTES = b"ATTACHMENT-Xq9-vertrouwelijk"


def closed_complaint(cli, tmp_path, received, closed):
    result = cli.ok(
        "nieuw",
        "--no-input",
        "--kanaal",
        "brief",
        "--klager",
        SECRET_NAME,
        "--klager-email",
        "zzyzx@example.nl",
        "--categorie",
        "kwaliteit",
        "--partner",
        "zorgthuis",
        "--complex",
        "--omschrijving",
        SECRET_TEXT,
        "--ontvangen",
        received,
        "--json",
    )
    number = json.loads(result.stdout)["nummer"]
    attachment = tmp_path / f"{number}.bin"
    attachment.write_bytes(SECRET_BYTES)
    cli.ok("document", number, str(attachment), "--datum", received)
    cli.ok(
        "afhandelen",
        number,
        "--oordeel",
        "gegrond",
        "--maatregel",
        f"Excuses aan {SECRET_NAME}",
        "--datum",
        closed,
    )
    return number


def file_bytes(db: Path | str) -> bytes:
    """Every byte of the register file(s); on PostgreSQL every stored row (the server's files,
    backups and WAL archives are the DBA's, as the purge says)."""
    if is_server(db):
        return "\n".join(dump(db)).encode()
    assert isinstance(db, Path)
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_dry_run_then_purge(cli, register, tmp_path):
    old = closed_complaint(cli, tmp_path, "2024-01-02", "2024-01-10")
    held = closed_complaint(cli, tmp_path, "2024-01-03", "2024-01-11")
    asked = closed_complaint(cli, tmp_path, "2024-01-04", "2024-01-12")
    recent = closed_complaint(cli, tmp_path, "2025-06-02", "2025-06-10")
    cli.ok("bewaren", held)
    cli.ok(
        "ombudsman",
        "nieuw",
        "--type",
        "informatievraag",
        "--referentie",
        "OMA-1",
        "--ontvangen",
        "2024-02-01",
        "--deadline",
        "2024-02-15",
        "--klacht",
        asked,
    )

    before = dump(register)
    dry = json.loads(cli.ok("bewaartermijn", "--json").stdout)
    assert dump(register) == before  # a dry run changes nothing
    assert dry["bewaartermijn_jaren"] == 2
    assert [
        (d["nummer"], d["op_te_schonen_vanaf"], d["tegengehouden"]) for d in dry["dossiers"]
    ] == [
        (old, "2026-01-10", None),
        (held, "2026-01-11", "bewaren (legal hold)"),
        (asked, "2026-01-12", "heeft een ombudsmanzaak"),
    ]
    assert recent not in cli.ok("bewaartermijn").stdout

    done = json.loads(cli.ok("bewaartermijn", "--uitvoeren", "--json").stdout)
    assert done["opgeschoond"] == [old]
    purged = json.loads(cli.ok("toon", old, "--json").stdout)
    assert purged["klager"] == {"naam": None, "email": None, "telefoon": None}
    assert purged["omschrijving"] is None and purged["maatregel"] is None
    assert all(e["tekst"] is None and e["bijlage"] is None for e in purged["gebeurtenissen"])
    # the statistical row stays countable
    assert (purged["ontvangen"], purged["categorie"], purged["partners"], purged["oordeel"]) == (
        "2024-01-02",
        "kwaliteit",
        ["zorgthuis"],
        "gegrond",
    )
    # the held and the ombudsman dossiers keep everything
    assert json.loads(cli.ok("toon", held, "--json").stdout)["klager"]["naam"] == SECRET_NAME
    # nothing of the purged dossier is left anywhere in the file; the others still are
    raw = file_bytes(register)
    assert raw.count(SECRET_NAME.encode()) > 0  # held, asked and recent keep theirs
    assert cli.ok("db", "check").exit_code == 0


def test_purged_bytes_are_gone_from_the_file(cli, register, tmp_path):
    number = closed_complaint(cli, tmp_path, "2024-01-02", "2024-01-10")
    assert SECRET_BYTES in file_bytes(register)
    result = cli.ok("bewaartermijn", "--uitvoeren")
    # on a server the purge says what it cannot reach itself
    assert ("WAL-archieven" in result.stderr) == is_server(register)
    raw = file_bytes(register)
    for secret in (SECRET_NAME.encode(), SECRET_TEXT.encode(), SECRET_BYTES, b"zzyzx@example"):
        assert secret not in raw, secret
    assert json.loads(cli.ok("toon", number, "--json").stdout)["status"] == "gesloten"
    again = json.loads(cli.ok("bewaartermijn", "--json").stdout)
    assert again["dossiers"] == []


def test_settings_and_hold_rules(cli, register):
    assert json.loads(cli.ok("instellingen", "--json").stdout) == {
        "bewaartermijn": "2",
        "signaal_minimum": "3",
        "partnerrapport_dagen": "30",
    }
    cli.ok("instellingen", "bewaartermijn", "7")
    assert "bewaartermijn: 7" in cli.ok("instellingen", "bewaartermijn").stdout
    before = dump(register)
    for args, message in (
        (["instellingen", "bewaartermijn", "1"], "tussen 2 en 30"),
        (["instellingen", "bewaartermijn", "twee"], "aantal jaren"),
        (["instellingen", "pseudoniem_sleutel", "x"], "Onbekende instelling"),
        (["instellingen", "pseudoniem_sleutel"], "Onbekende instelling"),
        (["bewaren", "K-2026-0404"], "bestaat niet"),
    ):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert message in result.stderr
    assert dump(register) == before


def test_purging_is_only_as_of_today(cli, register, tmp_path):
    closed_complaint(cli, tmp_path, "2025-06-02", "2025-06-10")
    before = dump(register)
    result = cli("bewaartermijn", "--uitvoeren", "--peildatum", "2099-01-01")
    assert result.exit_code == 2 and "proefrun" in result.stderr
    assert dump(register) == before
    # a later peildatum is fine for a dry run
    dry = json.loads(cli.ok("bewaartermijn", "--peildatum", "2099-01-01", "--json").stdout)
    assert [d["op_te_schonen_vanaf"] for d in dry["dossiers"]] == ["2027-06-10"]


def test_a_purged_dossier_stays_anonymous(cli, register, tmp_path):
    number = closed_complaint(cli, tmp_path, "2024-01-02", "2024-01-10")
    cli.ok("bewaartermijn", "--uitvoeren")
    assert json.loads(cli.ok("toon", number, "--json").stdout)["opgeschoond_op"] == "2026-11-27"
    before = dump(register)
    for args in (
        ["notitie", number, "Nieuwe naam erbij"],
        ["heropenen", number, "--vergissing", "--reden", "r"],
        ["bewaren", number],
        [
            "ombudsman",
            "nieuw",
            "--type",
            "klacht",
            "--referentie",
            "R",
            "--ontvangen",
            "2026-11-01",
            "--deadline",
            "2026-11-20",
            "--klacht",
            number,
        ],
    ):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert "opgeschoond" in result.stderr
    assert dump(register) == before


def test_a_leap_day_closing_is_due_on_28_february(cli, register, tmp_path):
    closed_complaint(cli, tmp_path, "2024-02-20", "2024-02-29")
    due = json.loads(cli.ok("bewaartermijn", "--peildatum", "2026-02-28", "--json").stdout)
    assert [d["op_te_schonen_vanaf"] for d in due["dossiers"]] == ["2026-02-28"]
    assert (
        json.loads(cli.ok("bewaartermijn", "--peildatum", "2026-02-27", "--json").stdout)[
            "dossiers"
        ]
        == []
    )


def test_the_provision_never_reaches_the_audit_log(cli, register):
    cli.new("2026-03-02", "--voorziening", "Rolstoel-VZ-uniek")
    logged = " ".join(str(r) for r in rows(register, "select * from audit_log"))
    assert "Rolstoel-VZ-uniek" not in logged
