import json
import sqlite3


def test_status_of_a_newer_register_does_not_suggest_an_upgrade(cli, db_path):
    cli.ok("init")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    info = json.loads(cli.ok("db", "status", "--json").stdout)
    assert info["bijwerken_nodig"] is False
    assert info["nieuwer_dan_programma"] is True
    assert "nieuwer dan deze klacht" in cli.ok("db", "status").stdout
    refused = cli("lijst")
    assert refused.exit_code == 3 and "nieuwer" in refused.stderr
