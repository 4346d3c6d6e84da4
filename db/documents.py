"""The documents careerbot answers from: original bytes, metadata sidecar, who added them.

The database only stores: which file may be added under which id is the ingest step's
decision (ingest/manage.py, ingest/folder_sync.py), and so is how the hash is computed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from db.connection import Connector
from db.errors import DatabaseError, DocumentNameTaken
from db.schema import documents

LIVE = "live"
DELETED = "deleted"

_META = [c for c in documents.c if c.name not in ("content", "sidecar")]


@dataclass(frozen=True)
class StoredDocument:
    """A document's row without its bytes."""

    doc_id: str
    name: str
    media_type: str
    content_hash: str
    size: int
    has_sidecar: bool
    state: str
    added_via: str
    uploaded_by: str
    uploaded_at: float
    deleted_by: str | None
    deleted_at: float | None
    revision: int

    @property
    def live(self) -> bool:
        return self.state == LIVE


def _stored(row) -> StoredDocument:
    fields = {k: v for k, v in row._mapping.items() if k in StoredDocument.__dataclass_fields__}
    return StoredDocument(**{**fields, "has_sidecar": bool(fields["has_sidecar"])})


class Documents:
    def __init__(self, database: Connector) -> None:
        self.database = database

    def _select(self):
        return select(*_META, documents.c.sidecar.is_not(None).label("has_sidecar"))

    def list(self, state: str | None = LIVE) -> list[StoredDocument]:
        """Documents in this state (all when None), by file name; no bytes are read."""
        query = self._select().order_by(documents.c.name, documents.c.doc_id)
        if state is not None:
            query = query.where(documents.c.state == state)
        with self.database.connect() as conn:
            return [_stored(row) for row in conn.execute(query)]

    def get(self, doc_id: str) -> StoredDocument | None:
        with self.database.connect() as conn:
            row = conn.execute(self._select().where(documents.c.doc_id == doc_id)).first()
        return _stored(row) if row else None

    def by_name(self, name: str) -> StoredDocument | None:
        """The live document stored under this file name."""
        query = self._select().where(documents.c.name == name, documents.c.state == LIVE)
        with self.database.connect() as conn:
            row = conn.execute(query).first()
        return _stored(row) if row else None

    def content(self, doc_id: str) -> tuple[bytes, bytes | None, str]:
        """A live document's bytes, its sidecar's bytes (or None) and their hash."""
        query = select(documents.c.content, documents.c.sidecar, documents.c.content_hash).where(
            documents.c.doc_id == doc_id, documents.c.state == LIVE
        )
        with self.database.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise KeyError(doc_id)
        return (
            bytes(row.content),
            None if row.sidecar is None else bytes(row.sidecar),
            row.content_hash,
        )

    def put(
        self,
        *,
        doc_id: str,
        name: str,
        content: bytes,
        sidecar: bytes | None,
        content_hash: str,
        media_type: str,
        added_via: str,
        by: str,
    ) -> bool:
        """Store a document (new, changed, or back from deleted); False when it was already
        stored exactly so. One statement, so two replicas writing at once cannot interleave."""
        now = time.time()
        values = {
            "doc_id": doc_id,
            "name": name,
            "media_type": media_type,
            "content": content,
            "sidecar": sidecar,
            "content_hash": content_hash,
            "size": len(content),
            "state": LIVE,
            "added_via": added_via,
            "uploaded_by": by,
            "uploaded_at": now,
            "deleted_by": None,
            "deleted_at": None,
            "revision": 1,
        }
        statement = self.database.insert(documents).values(**values)
        new = statement.excluded
        changed = or_(
            documents.c.state != LIVE,
            documents.c.content_hash != new.content_hash,
            documents.c.name != new.name,
        )
        statement = statement.on_conflict_do_update(
            index_elements=[documents.c.doc_id],
            set_={
                **{k: getattr(new, k) for k in values if k not in ("doc_id", "revision")},
                "revision": documents.c.revision + 1,
            },
            where=changed,
        ).returning(documents.c.doc_id)
        try:
            with self.database.begin() as conn:
                return conn.execute(statement).first() is not None
        except DatabaseError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                raise DocumentNameTaken(
                    f"{name} is the file name of another document in the knowledge base"
                ) from exc
            raise

    def delete(self, doc_id: str, by: str) -> StoredDocument | None:
        """Mark a live document deleted and drop its bytes; the row stays, so that no kb/
        folder brings the document back. The document as it was, or None if not live."""
        before = self.get(doc_id)
        if before is None or not before.live:
            return None
        with self.database.begin() as conn:
            conn.execute(
                update(documents)
                .where(and_(documents.c.doc_id == doc_id, documents.c.state == LIVE))
                .values(
                    state=DELETED,
                    content=b"",
                    sidecar=None,
                    deleted_by=by,
                    deleted_at=time.time(),
                    revision=documents.c.revision + 1,
                )
            )
        return before

    def tombstone(self, doc_id: str, name: str, by: str) -> None:
        """Record as deleted a document the database never held (one a store had before the
        database existed), so that no replica's folder adds it back."""
        now = time.time()
        statement = (
            self.database.insert(documents)
            .values(
                doc_id=doc_id,
                name=name,
                media_type="application/octet-stream",
                content=b"",
                sidecar=None,
                content_hash="",
                size=0,
                state=DELETED,
                added_via="store",
                uploaded_by="",
                uploaded_at=now,
                deleted_by=by,
                deleted_at=now,
                revision=1,
            )
            .on_conflict_do_nothing(index_elements=[documents.c.doc_id])
        )
        with self.database.begin() as conn:
            conn.execute(statement)
