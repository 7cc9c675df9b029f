import json
import sqlite3


def test_demo_builds_a_register_with_every_state(cli, tmp_path, monkeypatch):
    path = tmp_path / "demo.db"
    result = cli.ok("demo", "--aantal", "150", "--db", str(path))
    assert "150 fictieve klachten" in result.stdout
    assert "klacht termijnen" in result.stdout or "klacht lijst" in result.stdout
    assert path.stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("KLACHT_DB", str(path))
    listed = json.loads(cli.ok("lijst", "--status", "alle", "--json").stdout)["klachten"]
    assert len(listed) == 153  # and three from Zorg Thuis's quarterly report (SPEC §10)
    assert {k["kanaal"] for k in listed} == {"telefoon", "loket", "brief", "webformulier", "email"}
    assert len({k["categorie"] for k in listed}) == 10
    assert {k["behandelaar"] for k in listed} == {"gemeente", "partner"}
    conn = sqlite3.connect(path)
    verdicts = {
        r[0] for r in conn.execute("select verdict from complaint where verdict is not null")
    }
    assert verdicts == {
        "gegrond",
        "deels-gegrond",
        "ongegrond",
        "geen-oordeel",
        "informeel-opgelost",
    }
    sources = conn.execute("select source, count(*) from complaint group by source").fetchall()
    assert dict(sources) == {None: 150, "partnerrapport": 3}
    assert conn.execute("select count(*) from partner_report").fetchone()[0] == 1
    kinds = {r[0] for r in conn.execute("select closing_kind from complaint")}
    assert {"afgehandeld", "terugkoppeling", None} <= kinds
    assert conn.execute("select count(*) from complaint where extension_weeks > 0").fetchone()[0]
    forwarded_open = conn.execute(
        "select count(*) from complaint where status = 'forwarded'"
    ).fetchone()[0]
    assert forwarded_open > 0
    late = cli("termijnen", "--overdue")
    assert late.exit_code == 1 and "verlopen termijn" in late.stdout
    rules = {r for (rs,) in conn.execute("select rules from complaint") for r in rs.split(",")}
    assert {"G1", "G3", "G5", "P1", "P2"} <= rules
    # one letter of each kind of SPEC §9, stored in its dossier
    letters = {
        text.split()[1] for (text,) in conn.execute("select text from event where kind = 'brief'")
    }
    assert letters == {
        "ontvangstbevestiging",
        "doorzending",
        "terugkoppelingsverzoek",
        "verdaging",
        "niet-behandelen",
        "afhandeling",
        "tevredenheid",
    }


def test_demo_never_touches_an_existing_register(cli, register):
    from tests.conftest import dump

    before = dump(register)
    result = cli("demo", "--db", str(register))
    assert result.exit_code == 2
    assert "bestaat al" in result.stderr
    assert dump(register) == before


def test_demo_bulk_rows_agree_with_the_use_cases(cli, tmp_path, monkeypatch):
    """The bulk demo stores what the domain derives: `uitleg` recomputes every deadline from
    the register's calendar and finds the stored one; the dossier shows each step."""
    path = tmp_path / "demo.db"
    cli.ok("demo", "--aantal", "400", "--db", str(path))
    monkeypatch.setenv("KLACHT_DB", str(path))
    conn = sqlite3.connect(path)
    groups = [
        [row[0] for row in conn.execute(query)]
        for query in (
            "select number from complaint where extension_weeks > 0 limit 3",
            "select number from complaint where forwarded_on is not null limit 3",
            "select number from complaint where closing_kind = 'niet-behandelen' limit 3",
            "select number from complaint where status != 'closed' limit 3",
        )
    ]
    assert all(groups)
    picks = [number for group in groups for number in group]
    for number in picks:
        derived = json.loads(cli.ok("uitleg", number, "--json").stdout)
        for term in derived["termijnen"]:
            if term["opgeslagen"] is not None:
                assert term["opgeslagen"] == term["deadline"], (number, term["soort"])
    kinds = {r[0] for r in conn.execute("select kind from event")}
    assert {"ontvangen", "doorgestuurd", "contact", "verdaagd", "afgehandeld"} <= kinds
    numbers = [r[0] for r in conn.execute("select number from complaint order by id")]
    assert len(set(numbers)) == len(numbers) >= 400


def test_demo_over_years_has_a_realistic_open_share(cli, tmp_path):
    """`--jaren N` spreads the complaints over the last N years (today is pinned to
    27-11-2026): then only a small part is still open, as in a real register, where the
    default of two quarters leaves a large part open."""
    spread, recent = tmp_path / "jaren.db", tmp_path / "kort.db"
    cli.ok("demo", "--aantal", "600", "--jaren", "3", "--db", str(spread))
    cli.ok("demo", "--aantal", "600", "--db", str(recent))
    query = (
        "select min(received), max(received), avg(status <> 'closed') "
        "from complaint where source is null"
    )
    first, last, open_share = sqlite3.connect(spread).execute(query).fetchone()
    assert "2023-11-27" <= first < "2024-01-01"
    assert last <= "2026-11-27"
    assert 0.02 < open_share < 0.12
    first, _, open_share = sqlite3.connect(recent).execute(query).fetchone()
    assert first >= "2026-04-01"
    assert open_share > 0.3


def test_demo_refuses_zero_years(cli, tmp_path):
    result = cli("demo", "--jaren", "0", "--db", str(tmp_path / "nul.db"))
    assert result.exit_code == 2
    assert "--jaren" in result.stderr
    assert not (tmp_path / "nul.db").exists()
