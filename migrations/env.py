"""Alembic environment for the klacht register.

klacht runs migrations itself (klachtcli.store.db), handing over a connection that is already
inside a BEGIN IMMEDIATE transaction, so every migration of one upgrade commits or rolls back
together. Developers can also run `alembic -x db=PATH upgrade head` from the project root.
"""

from __future__ import annotations

from alembic import context

from klachtcli.store.models import metadata

config = context.config


def _configure_and_run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _configure_and_run(connection)
else:
    from pathlib import Path

    from klachtcli.store.db import make_engine

    db = context.get_x_argument(as_dictionary=True).get("db", "klachten.db")
    engine = make_engine(Path(db), immediate=True)
    with engine.connect() as conn, conn.begin():
        _configure_and_run(conn)
