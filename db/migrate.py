"""Schema migrations with Alembic, applied when careerbot opens the database.

Replicas starting at once take turns: on PostgreSQL under a transaction-level advisory lock
(the migration and the lock commit together), on SQLite under a file lock beside the file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from db.engine import display_url
from db.errors import DatabaseError

log = logging.getLogger(__name__)

_MIGRATION_LOCK = 0x6361726565726D67  # "careermg": any constant that other apps do not use


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() or ""


def upgrade(engine: Engine) -> None:
    """Bring the schema to this version of careerbot; refuse a database a newer one migrated."""
    head = head_revision()
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    if current == head:
        return
    if current and current not in {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseError(
            f"The database {display_url(engine.url)} was migrated by a newer careerbot "
            f"(schema {current}; this one knows up to {head}): upgrade careerbot on this machine"
        )
    config = alembic_config()
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    else:
        from filelock import FileLock

        with FileLock(f"{engine.url.database}.migrate.lock", timeout=120), engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    log.info("Database schema %s -> %s", current or "(empty)", head)


def safe_upgrade(engine: Engine) -> None:
    try:
        upgrade(engine)
    except (DatabaseError, OperationalError):
        raise  # Database.guard says "not answering"
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"Cannot prepare the database {display_url(engine.url)}: "
            f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}"
        ) from exc
