"""The application database: one per deployment, shared by every replica."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

from sqlalchemy import URL, Connection, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from db.documents import Documents
from db.engine import display_url, make_engine, replica_name, resolve_url
from db.errors import DatabaseError
from db.lock import IngestLock
from db.migrate import safe_upgrade
from db.schema import identity


class Database:
    """Documents, feedback and the ingest lock, on SQLite or PostgreSQL (see docs/deploy.md)."""

    def __init__(self, url: URL, replica: str | None = None) -> None:
        self.url = url
        self.replica = replica or replica_name()
        self.engine = make_engine(url)
        self.documents = Documents(self)

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def upgrade(self) -> Database:
        """Create or migrate the schema to this version of careerbot."""
        with self.guard():
            safe_upgrade(self.engine)
        return self

    @cached_property
    def id(self) -> str:
        """This database's id (made by its first migration; a restored backup keeps it)."""
        with self.connect() as conn:
            return str(conn.execute(select(identity.c.id)).scalar_one())

    def ingest_lock(self, name: str) -> IngestLock:
        return IngestLock(self, name)

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """SQLAlchemy's and the driver's errors as one line a person can act on."""
        try:
            yield
        except DatabaseError:
            raise
        except OperationalError as exc:
            reason = str(exc.orig or exc).strip().splitlines()[0][:200]
            raise DatabaseError(
                f"The database {self.display_url} is not answering ({reason}); check "
                "CAREERBOT_DATABASE_URL and that the server is running"
            ) from exc
        except SQLAlchemyError as exc:
            reason = str(exc).strip().splitlines()[0][:200]
            raise DatabaseError(f"Database error on {self.display_url}: {reason}") from exc

    @contextlib.contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.guard(), self.engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in a transaction that commits at the end of the block."""
        with self.guard(), self.engine.begin() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str | None, data_dir: Path, replica: str | None = None) -> Database:
    """The configured database, its schema brought up to date; empty url: SQLite in data_dir."""
    return Database(resolve_url(url, data_dir), replica).upgrade()
