"""Alembic environment for the klacht register.

klacht runs migrations itself (klachtcli.store.db), handing over a connection that is already
inside a BEGIN IMMEDIATE transaction with foreign-key enforcement off (SQLite's ALTER TABLE
procedure; the runner checks the references before COMMIT), so every migration of one upgrade
commits or rolls back together. Developers can also run `alembic -x db=PATH upgrade head` from
the project root; that takes the same kind of transaction.
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

    from klachtcli.store.db import migration_transaction

    db = context.get_x_argument(as_dictionary=True).get("db", "klachten.db")
    with migration_transaction(Path(db)) as conn:
        _configure_and_run(conn)
