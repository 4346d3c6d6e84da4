"""The application database: one per deployment, shared by every replica."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from sqlalchemy import URL, select

from db.connection import Connector
from db.documents import Documents
from db.engine import resolve_url
from db.lock import IngestLock
from db.migrate import safe_upgrade
from db.schema import identity


class Database(Connector):
    """Documents, feedback and the ingest lock, on SQLite or PostgreSQL (see docs/deploy.md)."""

    def __init__(self, url: URL, replica: str | None = None) -> None:
        super().__init__(url, replica)
        self.documents = Documents(self)

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


def open_database(url: str | None, data_dir: Path, replica: str | None = None) -> Database:
    """The configured database, its schema brought up to date; empty url: SQLite in data_dir."""
    return Database(resolve_url(url, data_dir), replica).upgrade()
