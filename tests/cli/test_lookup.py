import csv
import io
import json

from tests.conftest import dump


def add(cli, received, category="kwaliteit", *extra, name="Piet Jansen"):
    return cli.new(received, *extra, name=name, category=category, description="Te laat")["nummer"]


def test_toon_json_has_the_spec_shape(cli, register):
    number = add(
        cli,
        "2026-04-24",
        "kwaliteit",
        "--partner",
        "zorgthuis",
        "--complex",
        "--klager-email",
        "piet@example.nl",
    )
    data = json.loads(cli.ok("toon", number, "--json").stdout)
    for key in (
        "nummer",
        "status",
        "ontvangen",
        "kanaal",
        "ingediend_bij",
        "categorie",
        "partners",
        "behandelaar",
        "behandelaar_partner",
        "regels",
        "termijnen",
        "contact_op",
        "verdaagd_weken",
        "afgehandeld_op",
        "oordeel",
        "tevreden",
        "gebeurtenissen",
    ):
        assert key in data, key
    assert data["status"] == "open"
    assert data["behandelaar"] == "gemeente"
    assert data["behandelaar_partner"] is None
    assert data["regels"] == ["G5"]
    assert data["termijnen"] == {"contact": "2026-05-04", "afhandeling": "2026-06-05"}
    assert data["klager"]["email"] == "piet@example.nl"
    event = data["gebeurtenissen"][0]
    assert (event["soort"], event["datum"], event["medewerker"]) == (
        "ontvangen",
        "2026-04-24",
        "tester",
    )


def test_toon_text_shows_dossier_and_timeline(cli, register):
    number = add(cli, "2026-04-24")
    out = cli.ok("toon", number).stdout
    assert f"Klacht {number} — open" in out
    assert "Piet Jansen" in out
    assert "Tijdlijn" in out and "ontvangen" in out


def test_toon_unknown_and_bad_numbers(cli, register):
    before = dump(register)
    missing = cli("toon", "K-2026-0099")
    assert missing.exit_code == 2 and "bestaat niet" in missing.stderr
    bad = cli("toon", "nummer-zoveel")
    assert bad.exit_code == 2 and "Ongeldig klachtnummer" in bad.stderr
    assert dump(register) == before


def test_lijst_filters(cli, register):
    a = add(cli, "2026-03-02", "kwaliteit", "--partner", "zorgthuis")
    b = add(cli, "2026-04-10", "vervoer", "--partner", "vervoer")
    c = add(cli, "2026-05-20", "toegang")
    cli.ok("afhandelen", c, "--oordeel", "gegrond", "--datum", "2026-06-01")

    def numbers(*args):
        data = json.loads(cli.ok("lijst", *args, "--json").stdout)
        assert data["aantal"] == len(data["klachten"])
        return [k["nummer"] for k in data["klachten"]]

    assert numbers() == [a, b]
    assert numbers("--status", "alle") == [a, b, c]
    assert numbers("--status", "gesloten") == [c]
    assert numbers("--status", "alle", "--partner", "vervoer") == [b]
    assert numbers("--status", "alle", "--categorie", "toegang") == [c]
    assert numbers("--status", "alle", "--behandelaar", "gemeente") == [c]
    assert numbers("--status", "alle", "--van", "2026-04-01", "--tot", "30-04-2026") == [b]
    bad = cli("lijst", "--status", "half")
    assert bad.exit_code == 2 and "Ongeldige status" in bad.stderr
    bad = cli("lijst", "--van", "2026-05-01", "--tot", "2026-04-01")
    assert bad.exit_code == 2


def test_lijst_leaves_out_personal_data_unless_asked(cli, register):
    add(cli, "2026-03-02", name="Geheime Naam")
    assert "Geheime Naam" not in cli.ok("lijst").stdout
    assert "Geheime Naam" not in cli.ok("lijst", "--csv").stdout
    assert "Geheime Naam" in cli.ok("lijst", "--csv", "--met-persoonsgegevens").stdout


def test_lijst_csv_is_formula_safe(cli, register):
    for name in ('=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)"):
        add(cli, "2026-03-02", name=name)
    rows = list(csv.reader(io.StringIO(cli.ok("lijst", "--csv", "--met-persoonsgegevens").stdout)))
    assert rows[0][0] == "Nummer" and "Klager" in rows[0]
    names = [row[rows[0].index("Klager")] for row in rows[1:]]
    assert names == ['\'=HYPERLINK("http://x","y")', "'+1", "'-1", "'@SUM(A1)"]


def test_lijst_empty_register(cli, register):
    assert "Geen klachten gevonden" in cli.ok("lijst").stdout
