"""A database's engine and its connections, with errors a person can act on."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import URL, Connection
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from db.engine import display_url, make_engine, replica_name
from db.errors import DatabaseError


class Connector:
    """The engine of one database URL, named after this replica."""

    def __init__(self, url: URL, replica: str | None = None) -> None:
        self.url = url
        self.replica = replica or replica_name()
        self.engine = make_engine(url)

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def insert(self, table):
        """An INSERT that can say ON CONFLICT, in this database's dialect."""
        if self.is_postgres:
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

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
