"""Alembic's environment: careerbot runs it with a connection of its own (db/migrate.py);
a developer runs `alembic -c db/alembic.ini ...` against CAREERBOT_DATABASE_URL."""

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


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # the alembic command line, for writing a new migration
    import os

    from db.engine import make_engine, resolve_url

    engine = make_engine(resolve_url(os.environ.get("CAREERBOT_DATABASE_URL"), "data"))
    with engine.begin() as conn:
        _run(conn)
