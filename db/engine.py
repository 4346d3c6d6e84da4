"""From a database URL (or none) to a SQLAlchemy engine: SQLite in the data dir by default,
PostgreSQL through psycopg 3 when configured."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from db.errors import DatabaseError

SQLITE_NAME = "careerbot.sqlite"
_POSTGRES_NAMES = {"postgres", "postgresql", "postgresql+psycopg"}


def replica_name() -> str:
    """This process as other replicas see it: in lock messages and PostgreSQL's activity."""
    return f"{socket.gethostname()} pid {os.getpid()}"


def resolve_url(url: str | None, data_dir: Path) -> URL:
    """The URL to connect to: empty means SQLite at <data_dir>/careerbot.sqlite."""
    if not url:
        return URL.create("sqlite", database=str((Path(data_dir) / SQLITE_NAME).resolve()))
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(
            "CAREERBOT_DATABASE_URL must look like postgresql://user:password@host:5432/careerbot "
            "or sqlite:////path/to/careerbot.sqlite"
        ) from exc
    if parsed.drivername in _POSTGRES_NAMES:
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise DatabaseError(
                "An in-memory SQLite database would be empty for every connection; give a file: "
                "sqlite:////path/to/careerbot.sqlite (or leave CAREERBOT_DATABASE_URL empty)"
            )
        return parsed.set(database=str(Path(parsed.database).resolve()))
    raise DatabaseError(
        f"Unsupported database {parsed.get_backend_name()!r} in CAREERBOT_DATABASE_URL; "
        "careerbot runs on postgresql or sqlite"
    )


def display_url(url: URL | str) -> str:
    """The URL as a person writes it (no driver name), its password hidden: for messages."""
    url = make_url(url)
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def make_engine(url: URL) -> Engine:
    if url.drivername == "sqlite":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # A connection per use: SQLite connections are cheap, and none stays open on a file
        # that a test or an operator removes.
        engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            # WAL: readers never wait for the writer (the chat stores feedback while the
            # knowledge-base view lists documents).
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(
        url,
        pool_pre_ping=True,  # a connection the server dropped (restart, failover) is replaced
        pool_size=5,
        max_overflow=10,
        connect_args={
            "application_name": f"careerbot {replica_name()}"[:63],
            "connect_timeout": 10,
            # A replica that vanishes without closing its connections is noticed on its
            # side; the server's own tcp_keepalives_* settings cover the other (deploy.md).
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 10,
            "keepalives_count": 3,
        },
    )
