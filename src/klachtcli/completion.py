"""Tab completion of partner codes, categories and complaint numbers, read from the register.

These run on every <Tab> in the user's shell: plain `sqlite3`, one indexed query, no migrations
and no ORM. A missing, locked or older register gives no suggestions instead of an error.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

MAX_SUGGESTIONS = 200


def _register(ctx: typer.Context) -> Path:
    db = ctx.find_root().params.get("db")  # `klacht --db PAD lijst --partner <Tab>`
    if db:
        return Path(db)
    if os.environ.get("KLACHT_DB"):
        return Path(os.environ["KLACHT_DB"])
    from klachtcli.context import default_db_path

    return default_db_path()


def _values(ctx: typer.Context, sql: str, incomplete: str) -> list[Any]:
    import sqlite3

    try:
        path = _register(ctx)
        if not path.is_file():
            return []
        conn = sqlite3.connect(path, timeout=0.2)
        try:
            conn.execute("PRAGMA query_only = ON")
            # A prefix range instead of LIKE, so the unique index on the column is used.
            return conn.execute(
                sql, (incomplete, incomplete + "\uffff", MAX_SUGGESTIONS)
            ).fetchall()
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return []


def _codes(ctx: typer.Context, table: str, label: str, incomplete: str) -> list[tuple[str, str]]:
    sql = f"SELECT code, {label} FROM {table} WHERE code >= ? AND code < ? ORDER BY code LIMIT ?"
    return [(str(code), str(text)) for code, text in _values(ctx, sql, incomplete)]


def partner_codes(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _codes(ctx, "partner", "name", incomplete)


def categories(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _codes(ctx, "category", "label", incomplete)


def complaint_numbers(ctx: typer.Context, incomplete: str) -> list[str]:
    """Newest first: at a million complaints `K-<Tab>` offers the latest, not the oldest."""
    rows = _values(
        ctx,
        "SELECT number FROM complaint WHERE number >= ? AND number < ? "
        "ORDER BY number DESC LIMIT ?",
        incomplete,
    )
    return [str(number) for (number,) in rows]
