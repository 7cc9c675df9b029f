from pathlib import Path


def test_init_creates_private_register(cli, db_path: Path) -> None:
    result = cli.ok("init")
    assert "Register aangemaakt" in result.stdout
    assert db_path.stat().st_mode & 0o777 == 0o600
    again = cli.ok("init")
    assert "bestaat al" in again.stdout
