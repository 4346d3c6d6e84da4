"""Adding, removing and exporting role documents, as the web app's counselors do.

An upload is checked before anything is written: a safe file name, a supported type, a size
limit, and content the loaders can read. Only then is it stored in the application database,
which every replica shares, for the next ingest to embed. A delete is recorded there too, so
it holds for every replica, whatever their kb/ folders still hold.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from db import Database, DatabaseError, DocumentNameTaken
from ingest.config import IngestSettings
from ingest.errors import DatabaseUnavailable, IngestError, UnreadableDocument
from ingest.files import write_atomically
from ingest.loaders import LOADERS, LoadedText, load_bytes
from ingest.metadata import meta_from_sidecar, sidecar_path, slugify
from ingest.pipeline import content_hash
from ingest.sources import SourceEntry, document_hash, media_type
from ingest.store import Store

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Upload:
    name: str  # the name the file is stored under, or "" when refused
    original: str
    accepted: bool
    reason: str = ""


def safe_name(original: str) -> str:
    """A file name that cannot leave a folder or hide: no folders, no control or odd characters."""
    name = unicodedata.normalize("NFKC", original).replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = _UNSAFE.sub("-", stem).strip(".-_")[:80] or "document"
    suffix = _UNSAFE.sub("", suffix).lower()
    return f"{stem}.{suffix}" if suffix else stem


def check_upload(data: bytes, original: str, max_bytes: int) -> Upload:
    """Whether an uploaded file may join the knowledge base, and under which name."""
    return _checked(data, original, max_bytes)[0]


def _checked(data: bytes, original: str, max_bytes: int) -> tuple[Upload, LoadedText | None]:
    """check_upload, with the text the file was read as (None when refused)."""
    name = safe_name(original)
    suffix = Path(name).suffix.lower()
    if suffix not in LOADERS:
        known = ", ".join(sorted(s for s in LOADERS))
        refusal = f"unsupported file type {suffix or '(none)'}; use {known}"
        return Upload("", original, False, refusal), None
    if name.lower().startswith("readme"):
        refusal = "README files describe the folder; rename the document"
        return Upload("", original, False, refusal), None
    try:
        loaded = load_bytes(data, Path(name), max_bytes=max_bytes)
    except UnreadableDocument as exc:
        return Upload("", original, False, exc.reason), None
    return Upload(name, original, True), loaded


@dataclass(frozen=True)
class UploadPreview:
    """What an upload would become, shown to the counselor before anything is stored: the
    role and the other names job seekers use for it, as its metadata file gives them or as
    read from its text (ingest.roles)."""

    upload: Upload
    role: str = ""
    aliases: tuple[str, ...] = ()  # the names stated in the text, then short forms guessed
    role_source: str = ""  # "metadata" (of the stored document it replaces) or "text"
    replaces: str = ""  # the id of the stored document it would update


def preview_uploads(
    database: Database, uploads: list[tuple[str, bytes]], max_bytes: int
) -> list[UploadPreview]:
    """Check each (file name, bytes) as add_files would, and read its role from it; nothing is
    stored. A refused file says why."""
    out = []
    for original, data in uploads:
        checked, loaded = _checked(data, original, max_bytes)
        if loaded is None:
            out.append(UploadPreview(checked))
            continue
        try:
            doc_id, sidecar, updates = _stored_as(database, checked.name)
            meta = meta_from_sidecar(checked.name, sidecar, loaded)
        except (DatabaseError, IngestError) as exc:
            out.append(UploadPreview(replace(checked, name="", accepted=False, reason=str(exc))))
            continue
        names = [a for a in (*meta.aliases, *meta.guessed) if a.lower() != meta.role.lower()]
        out.append(
            UploadPreview(
                checked,
                meta.role,
                tuple(dict.fromkeys(names)),
                meta.role_source,
                doc_id if updates else "",
            )
        )
    return out


def metadata_file(role: str, aliases: Sequence[str], replaces: bytes | None = None) -> bytes:
    """A document's metadata file (<stem>.meta.yaml) naming its role and the other names job
    seekers use for it; the other fields of the file it replaces, if any, are kept."""
    given = {}
    if replaces is not None:
        with contextlib.suppress(yaml.YAMLError, UnicodeDecodeError):
            loaded = yaml.safe_load(replaces.decode("utf-8"))
            given = loaded if isinstance(loaded, dict) else {}
    role = " ".join(role.split())
    if not role:
        raise IngestError("a role name cannot be empty")
    names = [" ".join(a.split()) for a in aliases]
    names = list(dict.fromkeys(n for n in [role.lower(), *names] if n))
    given.update(role=role, aliases=names)
    return yaml.safe_dump(given, sort_keys=False, allow_unicode=True).encode("utf-8")


def add_files(
    database: Database,
    uploads: list[tuple[str, bytes]],
    max_bytes: int,
    by: str = "",
    roles: dict[str, tuple[str, Sequence[str]]] | None = None,
) -> list[Upload]:
    """Check each (file name, bytes) and store the good ones in the database; the rest are
    refused with a reason. A file under the name of a stored document replaces it (and keeps
    its metadata); one whose document id another file holds is refused. `roles` gives, by
    the file's original name, the role and other names a counselor set for it (saved as its
    metadata file); the others keep what their text says."""
    results = []
    for original, data in uploads:
        checked = check_upload(data, original, max_bytes)
        if checked.accepted:
            named = (roles or {}).get(original)
            reason = _store(database, checked.name, data, by or "web", named)
            if reason:
                checked = replace(checked, name="", accepted=False, reason=reason)
        results.append(checked)
    return results


def _stored_as(database: Database, name: str) -> tuple[str, bytes | None, bool]:
    """The id an upload named `name` is stored under, the metadata file it keeps, and whether
    it updates a stored document (the one of that name) or is new."""
    docs = database.documents
    existing = docs.by_name(name)
    if existing is None:
        return slugify(Path(name).stem), None, False
    sidecar = None
    with contextlib.suppress(KeyError):  # deleted meanwhile
        sidecar = docs.content(existing.doc_id)[1]
    return existing.doc_id, sidecar, True


def _store(
    database: Database,
    name: str,
    data: bytes,
    by: str,
    named: tuple[str, Sequence[str]] | None = None,
) -> str:
    """Store an accepted upload; why not, or "" when stored."""
    docs = database.documents
    try:
        doc_id, sidecar, updates = _stored_as(database, name)
        if not updates:  # a new document: its id must be free
            holder = docs.get(doc_id)
            if holder is not None and holder.live:
                return (
                    f"{holder.name} already holds document {doc_id!r}; rename the file or "
                    "delete that document first"
                )
        if named is not None:
            sidecar = metadata_file(named[0], named[1], sidecar)
        docs.put(
            doc_id=doc_id,
            name=name,
            content=data,
            sidecar=sidecar,
            content_hash=document_hash(data, sidecar),
            media_type=media_type(name),
            added_via="upload",
            by=by,
        )
    except (DocumentNameTaken, IngestError) as exc:
        return str(exc)
    except DatabaseError as exc:
        return f"cannot store it ({exc})"
    return ""


def delete_document(database: Database, store: Store, doc_id: str, by: str = "") -> list[str]:
    """Delete a document for every replica: the database records it deleted (for good: no
    kb/ folder brings it back); the next ingest takes its passages out of the store. The
    file names it was stored under."""
    try:
        removed = database.documents.delete(doc_id, by=by or "web")
        if removed is not None:
            return [removed.name]
        known = store.documents().get(doc_id) if store.exists() else None
        if known is None:
            raise IngestError(f"No document {doc_id!r} in the knowledge base")
        if database.documents.get(doc_id) is None:
            # In the store but not in the database (ingested before the database existed).
            database.documents.tombstone(doc_id, known.source, by=by or "web")
        return [known.source]
    except DatabaseError as exc:
        raise DatabaseUnavailable(str(exc)) from exc


@dataclass(frozen=True)
class DocumentStatus:
    """A document as a counselor sees it: the database's record and what the store holds."""

    doc_id: str
    name: str
    role: str
    aliases: tuple[str, ...]
    chunks: int
    units: int
    state: str  # "answering", "waiting to be ingested", "skipped: <reason>", ...
    uploaded_by: str
    uploaded_at: float


def document_status(
    database: Database, store: Store, settings: IngestSettings | None = None
) -> list[DocumentStatus]:
    """Every live document of the database, with whether and how the store answers from it."""
    settings = settings or IngestSettings()
    try:
        rows = database.documents.list()
    except DatabaseError as exc:
        raise DatabaseUnavailable(str(exc)) from exc
    stored = store.documents() if store.exists() else {}
    skipped = dict(json.loads(store.state().get("skipped") or "[]")) if stored else {}
    out = []
    for row in rows:
        known = stored.get(row.doc_id)
        digest = content_hash(SourceEntry(row.name, row.doc_id, row.content_hash), settings)
        if skipped.get(row.name) == digest:
            state = "skipped (see the last ingest's summary)"
        elif known is None:
            state = "waiting to be ingested"
        elif known.content_hash != digest:
            state = "answering from the previous version; the new one waits to be ingested"
        else:
            state = "answering"
        out.append(
            DocumentStatus(
                doc_id=row.doc_id,
                name=row.name,
                role=known.role if known else "",
                aliases=tuple(known.alias_list) if known else (),
                chunks=known.chunks if known else 0,
                units=known.units if known else 0,
                state=state,
                uploaded_by=row.uploaded_by,
                uploaded_at=row.uploaded_at,
            )
        )
    return out


def export_documents(database: Database, folder: Path) -> tuple[int, int]:
    """Write every live document (and its metadata sidecar) into folder, as kb/ holds them;
    (documents, sidecars) written. Files of other names already there are left alone."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        docs = sidecars = 0
        for row in database.documents.list():
            data, sidecar, _ = database.documents.content(row.doc_id)
            write_atomically(folder / row.name, data)
            docs += 1
            if sidecar is not None:
                write_atomically(sidecar_path(folder / row.name), sidecar)
                sidecars += 1
    except DatabaseError as exc:
        raise DatabaseUnavailable(str(exc)) from exc
    except OSError as exc:
        raise IngestError(f"Cannot write into {folder}: {exc.strerror or exc}") from exc
    return docs, sidecars
