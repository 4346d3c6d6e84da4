"""Where ingestion reads documents from: the kb/ folder, or the application database.

A source lists its documents cheaply (name, id, hash; no bytes for the database) and reads a
document's bytes and metadata sidecar only when it has to be embedded.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from db import Database, DatabaseError
from ingest.errors import DatabaseUnavailable, IngestError, UnreadableDocument
from ingest.metadata import parse_given, sidecar_path, slugify

log = logging.getLogger(__name__)

MEDIA_TYPES = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/plain",
    ".text": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def media_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return MEDIA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def document_hash(data: bytes, sidecar: bytes | None) -> str:
    """The hash of a document as stored: its bytes and its metadata sidecar's."""
    digest = hashlib.sha256(data)
    if sidecar is not None:
        digest.update(b"\0meta\0" + sidecar)
    return digest.hexdigest()


def doc_id_from(name: str, sidecar: bytes | None) -> str:
    """The id a document's chunks are stored under: its sidecar's id, else its file name."""
    if sidecar is not None:
        try:
            given_id = parse_given(name, sidecar).get("id")
            if given_id:
                return slugify(str(given_id))
        except IngestError:
            pass  # ingestion reports the broken sidecar by name
    return slugify(Path(name).stem)


@dataclass(frozen=True)
class SourceEntry:
    name: str  # file name
    doc_id: str
    content_hash: str  # document_hash of the bytes and sidecar; "" when unreadable
    error: str = ""  # why it cannot be read, if it cannot


class DocumentSource(Protocol):
    def entries(self) -> list[SourceEntry]:
        """The documents, by file name."""

    def read(self, entry: SourceEntry) -> tuple[bytes, bytes | None]:
        """A document's bytes and its sidecar's (or None); raises UnreadableDocument."""

    def removed(self, missing: set[str], store_state: dict) -> set[str]:
        """Of the stored documents this source does not list, those to remove from the store."""

    def store_fields(self, store_state: dict) -> dict:
        """What the store's state should record about this source."""


class FolderSource:
    """The files of a kb/ folder, each with the <stem>.meta.yaml beside it if there is one."""

    def __init__(self, kb_dir: Path) -> None:
        self.kb_dir = Path(kb_dir)
        if not self.kb_dir.is_dir():
            raise IngestError(f"Knowledge base folder not found: {self.kb_dir}")

    def files(self) -> list[Path]:
        from ingest.loaders import is_document

        return sorted(p for p in self.kb_dir.iterdir() if p.is_file() and is_document(p))

    def _bytes(self, path: Path) -> tuple[bytes, bytes | None]:
        side = sidecar_path(path)
        return path.read_bytes(), side.read_bytes() if side.exists() else None

    def entries(self) -> list[SourceEntry]:
        out = []
        for path in self.files():
            try:
                data, sidecar = self._bytes(path)
            except OSError as exc:
                reason = f"cannot read the file ({exc.strerror or exc})"
                out.append(SourceEntry(path.name, slugify(path.stem), "", reason))
                continue
            out.append(
                SourceEntry(
                    path.name, doc_id_from(path.name, sidecar), document_hash(data, sidecar)
                )
            )
        return out

    def read(self, entry: SourceEntry) -> tuple[bytes, bytes | None]:
        try:
            return self._bytes(self.kb_dir / entry.name)
        except OSError as exc:
            raise UnreadableDocument(
                entry.name, f"cannot read the file ({exc.strerror or exc})"
            ) from exc

    def removed(self, missing: set[str], store_state: dict) -> set[str]:
        return missing

    def store_fields(self, store_state: dict) -> dict:
        return {}


class DatabaseSource:
    """The live documents of the application database: what every replica answers from.

    The store records the id of the database that feeds it. Documents the database does not
    list leave the store only when it is that database; a replica pointed at another database
    (a misconfiguration) removes only what its own database says was deleted.
    """

    def __init__(self, database: Database) -> None:
        self.database = database

    def entries(self) -> list[SourceEntry]:
        try:
            docs = self.database.documents.list()
        except DatabaseError as exc:
            raise DatabaseUnavailable(str(exc)) from exc
        return [SourceEntry(d.name, d.doc_id, d.content_hash) for d in docs]

    def read(self, entry: SourceEntry) -> tuple[bytes, bytes | None]:
        try:
            data, sidecar, digest = self.database.documents.content(entry.doc_id)
        except KeyError:
            raise UnreadableDocument(entry.name, "deleted while this ingest ran") from None
        except DatabaseError as exc:
            raise DatabaseUnavailable(str(exc)) from exc
        if digest != entry.content_hash:
            raise UnreadableDocument(
                entry.name, "replaced while this ingest ran; the next ingest takes the new version"
            )
        return data, sidecar

    def owns(self, store_state: dict) -> bool:
        """Whether this database feeds the store (or the store has no feeder yet)."""
        return store_state.get("database_id", self.database.id) == self.database.id

    def removed(self, missing: set[str], store_state: dict) -> set[str]:
        owner = store_state.get("database_id")
        if owner == self.database.id:
            return missing
        if owner:
            log.warning(
                "The store is fed by another database (id %s; this replica's database %s has id "
                "%s): documents this database does not list are left in it. Give every replica "
                "the same CAREERBOT_DATABASE_URL.",
                owner,
                self.database.display_url,
                self.database.id,
            )
        # A store that another database feeds, or one from before the database (adopted on
        # this ingest): remove only what this database says was deleted.
        try:
            deleted = {d.doc_id for d in self.database.documents.list(state="deleted")}
        except DatabaseError as exc:
            raise DatabaseUnavailable(str(exc)) from exc
        return missing & deleted

    def store_fields(self, store_state: dict) -> dict:
        return {"database_id": self.database.id} if self.owns(store_state) else {}


def as_source(kb: Path | DocumentSource) -> DocumentSource:
    return FolderSource(kb) if isinstance(kb, str | Path) else kb
