"""The application database: documents' originals, feedback, refused questions and the ingest
lock, shared by every replica (SQLite in the data dir by default, PostgreSQL when configured).

The bottom floor: ingest, bot, web and eval may import it; it imports none of them.
"""

from db.database import Database, open_database
from db.documents import Documents, StoredDocument
from db.errors import DatabaseError, DocumentNameTaken, LockTimeout
from db.lock import IngestLock, LockHolder

__all__ = [
    "Database",
    "DatabaseError",
    "DocumentNameTaken",
    "Documents",
    "IngestLock",
    "LockHolder",
    "LockTimeout",
    "StoredDocument",
    "open_database",
]
