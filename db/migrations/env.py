"""Alembic's environment: careerbot runs it with a connection of its own (db/migrate.py);
a developer runs `alembic -c db/alembic.ini ...` against CAREERBOT_DATABASE_URL (`--sql` prints
the migration's SQL instead of running it)."""

import os

from alembic import context

from db.schema import metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _url():
    from db.engine import resolve_url

    return resolve_url(os.environ.get("CAREERBOT_DATABASE_URL"), "data")


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
elif context.is_offline_mode():
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:  # the alembic command line, for writing a new migration
    from db.engine import make_engine

    with make_engine(_url()).begin() as conn:
        _run(conn)
