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
        (asked, "2026-01-12", "ombudsmanzaak nog niet beantwoord"),
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


# --- SPEC §7: every record with personal data, and the pre-upgrade backups ----------------------

CLIENT_REF = "CLT-Vbnm-4471"
STOP_REASON = "Agressie-Plokw tegen de wijkverpleging"
DECISION_REASON = "Besluit-Hjkl na gesprek met de cliënt"
OMBUDSMAN_NOTES = "Ombudsnotitie-Ytrew over de familie"


def decided_stop_notice(cli, reported, consulted, decided):
    made = json.loads(
        cli.ok(
            "stopmelding",
            "nieuw",
            "--partner",
            "zorgthuis",
            "--client",
            CLIENT_REF,
            "--voorziening",
            "huishoudelijke hulp",
            "--reden",
            STOP_REASON,
            "--datum",
            reported,
            "--json",
        ).stdout
    )
    cli.ok("stopmelding", "overleg", str(made["id"]), "--datum", consulted)
    cli.ok(
        "stopmelding",
        "besluit",
        str(made["id"]),
        "--besluit",
        "tijdelijk-gestopt",
        "--datum",
        decided,
        "--reden",
        DECISION_REASON,
    )
    return made["id"]


def test_a_stop_notice_is_due_retention_years_after_its_decision(
    cli, register, tmp_path, monkeypatch
):
    decided = decided_stop_notice(cli, "2023-03-01", "2023-03-08", "2023-03-15")
    cli.ok(  # never decided: never due
        "stopmelding",
        "nieuw",
        "--partner",
        "zorgthuis",
        "--client",
        "CLT-open",
        "--voorziening",
        "vervoer",
        "--reden",
        "Nog in behandeling",
        "--datum",
        "2022-01-03",
    )
    day_before = json.loads(cli.ok("bewaartermijn", "--peildatum", "2025-03-14", "--json").stdout)
    assert day_before["stopmeldingen"] == []
    assert day_before["dossiers"] == []  # the existing keys stay as they were
    on_the_day = json.loads(cli.ok("bewaartermijn", "--peildatum", "2025-03-15", "--json").stdout)
    assert on_the_day["stopmeldingen"] == [
        {
            "id": decided,
            "partner": "zorgthuis",
            "besloten_op": "2023-03-15",
            "op_te_schonen_vanaf": "2025-03-15",
        }
    ]
    listed = cli.ok("bewaartermijn", "--peildatum", "2025-03-15").stdout
    assert "Stopmeldingen" in listed and "15-03-2025" in listed

    # run for real on the day before: nothing goes
    monkeypatch.setenv("KLACHT_VANDAAG", "2025-03-14")
    early = json.loads(cli.ok("bewaartermijn", "--uitvoeren", "--json").stdout)
    assert early["stopmeldingen_opgeschoond"] == []
    assert CLIENT_REF.encode() in file_bytes(register)

    monkeypatch.setenv("KLACHT_VANDAAG", "2025-03-15")
    done = json.loads(cli.ok("bewaartermijn", "--uitvoeren", "--json").stdout)
    assert done["stopmeldingen_opgeschoond"] == [decided]
    assert done["opgeschoond"] == []
    notices = json.loads(cli.ok("stopmelding", "lijst", "--json").stdout)["stopmeldingen"]
    purged = next(n for n in notices if n["id"] == decided)
    # the counts stay: partner, dates, status and the kind of decision
    assert (purged["partner"], purged["gemeld_op"], purged["besluit"], purged["besloten_op"]) == (
        "zorgthuis",
        "2023-03-01",
        "tijdelijk-gestopt",
        "2023-03-15",
    )
    assert purged["client"] is None and purged["reden"] is None
    assert purged["voorziening"] is None and purged["besluit_reden"] is None
    assert purged["opgeschoond_op"] == "2025-03-15"
    assert next(n for n in notices if n["id"] != decided)["client"] == "CLT-open"
    raw = file_bytes(register)
    for secret in (CLIENT_REF, STOP_REASON, DECISION_REASON):
        assert secret.encode() not in raw, secret
    # purged once: not listed again
    assert json.loads(cli.ok("bewaartermijn", "--json").stdout)["stopmeldingen"] == []


def ombudsman_item(cli, number, received, deadline):
    made = cli.ok(
        "ombudsman",
        "nieuw",
        "--type",
        "interventieverzoek",
        "--referentie",
        "OMA-77",
        "--ontvangen",
        received,
        "--deadline",
        deadline,
        *(["--klacht", number] if number else ["--partner", "zorgthuis"]),
        "--notities",
        OMBUDSMAN_NOTES,
        "--json",
    )
    return json.loads(made.stdout)["id"]


def test_a_dossier_with_an_answered_ombudsman_item_goes_with_its_items_only_on_request(
    cli, register, tmp_path
):
    number = closed_complaint(cli, tmp_path, "2023-01-02", "2023-01-10")
    item = ombudsman_item(cli, number, "2023-05-01", "2023-05-29")
    # open: listed as blocked, never purged
    open_run = json.loads(cli.ok("bewaartermijn", "--uitvoeren", "--json").stdout)
    assert [(d["nummer"], d["tegengehouden"]) for d in open_run["dossiers"]] == [
        (number, "ombudsmanzaak nog niet beantwoord")
    ]
    assert open_run["opgeschoond"] == []
    cli.ok("ombudsman", "beantwoord", str(item), "--datum", "2023-06-01")
    # due two years after the later of closing (2023-01-10) and the answer (2023-06-01)
    assert (
        json.loads(cli.ok("bewaartermijn", "--peildatum", "2025-05-31", "--json").stdout)[
            "dossiers"
        ]
        == []
    )
    due = json.loads(cli.ok("bewaartermijn", "--peildatum", "2025-06-01", "--json").stdout)
    assert [
        (d["nummer"], d["op_te_schonen_vanaf"], d["tegengehouden"]) for d in due["dossiers"]
    ] == [(number, "2025-06-01", "ombudsmanzaak (alleen met --met-ombudsmanzaken)")]
    # never automatically (SPEC §7): cron's plain --uitvoeren leaves it
    kept = json.loads(cli.ok("bewaartermijn", "--uitvoeren", "--json").stdout)
    assert kept["opgeschoond"] == []
    assert OMBUDSMAN_NOTES.encode() in file_bytes(register)
    done = json.loads(
        cli.ok("bewaartermijn", "--uitvoeren", "--met-ombudsmanzaken", "--json").stdout
    )
    assert done["opgeschoond"] == [number]
    shown = json.loads(cli.ok("ombudsman", "toon", str(item), "--json").stdout)
    assert shown["notities"] is None
    # what the annual figures count stays
    assert (shown["type"], shown["klacht"], shown["beantwoord_op"]) == (
        "interventieverzoek",
        number,
        "2023-06-01",
    )
    raw = file_bytes(register)
    for secret in (OMBUDSMAN_NOTES, SECRET_NAME, SECRET_TEXT):
        assert secret.encode() not in raw, secret


def test_an_ombudsman_item_without_complaint_loses_its_notes_after_its_answer(cli, register):
    def item(notes):
        args = ["--notities", notes] if notes else []
        made = cli.ok(
            "ombudsman",
            "nieuw",
            "--type",
            "eigen-onderzoek",
            "--referentie",
            "OMA-9",
            "--ontvangen",
            "2023-05-01",
            "--deadline",
            "2023-05-29",
            "--partner",
            "zorgthuis",
            *args,
            "--json",
        )
        return json.loads(made.stdout)["id"]

    answered, unanswered, without_notes = item(OMBUDSMAN_NOTES), item("Nog open"), item(None)
    for i in (answered, without_notes):
        cli.ok("ombudsman", "beantwoord", str(i), "--datum", "2023-06-01")
    assert (
        json.loads(cli.ok("bewaartermijn", "--peildatum", "2025-05-31", "--json").stdout)[
            "ombudsmanzaken"
        ]
        == []
    )
    due = json.loads(cli.ok("bewaartermijn", "--peildatum", "2025-06-01", "--json").stdout)
    assert due["ombudsmanzaken"] == [
        {"id": answered, "beantwoord_op": "2023-06-01", "op_te_schonen_vanaf": "2025-06-01"}
    ]
    done = json.loads(cli.ok("bewaartermijn", "--uitvoeren", "--json").stdout)
    assert done["ombudsmanzaken_opgeschoond"] == [answered]
    shown = json.loads(cli.ok("ombudsman", "toon", str(answered), "--json").stdout)
    assert shown["notities"] is None
    assert (shown["type"], shown["partner"], shown["beantwoord_op"]) == (
        "eigen-onderzoek",
        "zorgthuis",
        "2023-06-01",
    )
    still = json.loads(cli.ok("ombudsman", "toon", str(unanswered), "--json").stdout)
    assert still["notities"] == "Nog open"
    assert OMBUDSMAN_NOTES.encode() not in file_bytes(register)
    assert json.loads(cli.ok("bewaartermijn", "--json").stdout)["ombudsmanzaken"] == []


def downgrade_one_revision(path: Path) -> None:
    """Take a register back one schema revision with the migrations' own downgrade, so that the
    next command upgrades it for real (and makes its backup copy)."""
    from alembic import command
    from alembic.config import Config

    from klachtcli.store import db

    with db.migration_transaction(path) as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(db.migrations_dir()))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")
    assert db.schema_version(path) == db.REVISIONS[-2]


def register_files(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


@pytest.mark.sqlite_only
def test_a_backup_holding_a_due_dossier_blocks_the_purge(cli, register, tmp_path):
    number = closed_complaint(cli, tmp_path, "2024-01-02", "2024-01-10")
    notice = decided_stop_notice(cli, "2023-03-01", "2023-03-08", "2023-03-15")
    loose = ombudsman_item(cli, None, "2023-05-01", "2023-05-29")
    cli.ok("ombudsman", "beantwoord", str(loose), "--datum", "2023-06-01")
    downgrade_one_revision(register)
    upgraded = cli.ok("db", "upgrade")
    backups = sorted(tmp_path.glob("klachten.voor-upgrade-*.db"))
    assert len(backups) == 1 and str(backups[0]) in upgraded.stderr
    backup = backups[0]
    assert SECRET_NAME.encode() in backup.read_bytes()

    dry = json.loads(cli.ok("bewaartermijn", "--json").stdout)
    assert dry["reservekopieen"] == [
        {
            "pad": str(backup),
            "leesbaar": True,
            "dossiers": [number],
            "stopmeldingen": [notice],
            "ombudsmanzaken": [loose],
        }
    ]
    text = cli.ok("bewaartermijn").stdout
    assert backup.name in text and "--met-backups" in text
    # looking leaves nothing beside the copy (no -wal or -shm of its own)
    assert list(tmp_path.glob("klachten.voor-upgrade-*")) == [backup]

    before = dump(register)
    refused = cli("bewaartermijn", "--uitvoeren")
    assert refused.exit_code == 2
    assert backup.name in refused.stderr and "--met-backups" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert dump(register) == before  # nothing purged
    assert backup.exists()

    done = json.loads(cli.ok("bewaartermijn", "--uitvoeren", "--met-backups", "--json").stdout)
    assert done["opgeschoond"] == [number]
    assert done["stopmeldingen_opgeschoond"] == [notice]
    assert done["ombudsmanzaken_opgeschoond"] == [loose]
    assert done["reservekopieen_verwijderd"] == [str(backup)]
    assert list(tmp_path.glob("klachten.voor-upgrade-*")) == []
    raw = register_files(register)
    for secret in (SECRET_NAME, CLIENT_REF, OMBUDSMAN_NOTES):
        assert secret.encode() not in raw, secret
    assert json.loads(cli.ok("bewaartermijn", "--json").stdout)["reservekopieen"] == []


@pytest.mark.sqlite_only
def test_backups_without_due_data_stay_and_unreadable_ones_count(cli, register, tmp_path):
    downgrade_one_revision(register)
    cli.ok("db", "upgrade")  # a backup from before any complaint: nothing due in it
    harmless = next(tmp_path.glob("klachten.voor-upgrade-*.db"))
    number = closed_complaint(cli, tmp_path, "2024-01-02", "2024-01-10")
    broken = tmp_path / "klachten.voor-upgrade-0003-20250101T120000.db"
    broken.write_bytes(b"geen database")
    other = tmp_path / "ander.voor-upgrade-0003-20250101T120000.db"  # another register's
    other.write_bytes(b"niet van dit register")

    dry = json.loads(cli.ok("bewaartermijn", "--json").stdout)
    assert dry["reservekopieen"] == [
        {
            "pad": str(broken),
            "leesbaar": False,
            "dossiers": [],
            "stopmeldingen": [],
            "ombudsmanzaken": [],
        },
        {
            "pad": str(harmless),
            "leesbaar": True,
            "dossiers": [],
            "stopmeldingen": [],
            "ombudsmanzaken": [],
        },
    ]
    refused = cli("bewaartermijn", "--uitvoeren")
    assert refused.exit_code == 2 and broken.name in refused.stderr
    assert harmless.name not in refused.stderr

    done = json.loads(cli.ok("bewaartermijn", "--uitvoeren", "--met-backups", "--json").stdout)
    assert done["opgeschoond"] == [number]
    assert done["reservekopieen_verwijderd"] == [str(broken)]
    assert harmless.exists() and other.exists() and not broken.exists()


def test_a_server_register_has_no_backups_beside_it(cli, register, tmp_path):
    closed_complaint(cli, tmp_path, "2024-01-02", "2024-01-10")
    dry = json.loads(cli.ok("bewaartermijn", "--json").stdout)
    assert dry["reservekopieen"] == []
    text = cli.ok("bewaartermijn").stdout
    if is_server(register):
        assert "pg_dump" in text
    done = json.loads(cli.ok("bewaartermijn", "--uitvoeren", "--met-backups", "--json").stdout)
    assert done["reservekopieen_verwijderd"] == []
    alone = cli("bewaartermijn", "--met-backups")  # only with --uitvoeren
    assert alone.exit_code == 2 and "--uitvoeren" in alone.stderr
