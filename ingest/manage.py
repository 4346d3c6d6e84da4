"""Adding and removing role documents in kb/, as the web app's counselors do.

An upload is checked before anything is written: a safe file name, a supported type, a size
limit, and content the loaders can read. Only then is it written into kb/ (atomically) for the
next ingest to embed.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.errors import IngestError, UnreadableDocument
from ingest.loaders import LOADERS, load_bytes
from ingest.metadata import sidecar_path
from ingest.pipeline import doc_id_for, kb_files
from ingest.store import Store

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Upload:
    name: str  # the name the file is stored under in kb/, or "" when refused
    original: str
    accepted: bool
    reason: str = ""


def safe_name(original: str) -> str:
    """A file name that cannot leave kb/ or hide: no folders, no control or odd characters."""
    name = unicodedata.normalize("NFKC", original).replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = _UNSAFE.sub("-", stem).strip(".-_")[:80] or "document"
    suffix = _UNSAFE.sub("", suffix).lower()
    return f"{stem}.{suffix}" if suffix else stem


def check_upload(data: bytes, original: str, max_bytes: int) -> Upload:
    """Whether an uploaded file may join kb/, and under which name."""
    name = safe_name(original)
    suffix = Path(name).suffix.lower()
    if suffix not in LOADERS:
        known = ", ".join(sorted(s for s in LOADERS))
        return Upload(
            "", original, False, f"unsupported file type {suffix or '(none)'}; use {known}"
        )
    if name.lower().startswith("readme"):
        return Upload("", original, False, "README files describe the folder; rename the document")
    try:
        load_bytes(data, Path(name), max_bytes=max_bytes)
    except UnreadableDocument as exc:
        return Upload("", original, False, exc.reason)
    return Upload(name, original, True)


def add_files(kb_dir: Path, uploads: list[tuple[str, bytes]], max_bytes: int) -> list[Upload]:
    """Check each (file name, bytes) and write the good ones into kb_dir; the rest are refused."""
    kb_dir = Path(kb_dir)
    kb_dir.mkdir(parents=True, exist_ok=True)
    taken = {doc_id_for(path): path.name for path in kb_files(kb_dir)}
    results = []
    for original, data in uploads:
        checked = check_upload(data, original, max_bytes)
        doc_id = doc_id_for(kb_dir / checked.name) if checked.accepted else ""
        if checked.accepted and taken.get(doc_id, checked.name) != checked.name:
            # the same name replaces a document (an update); another name must not collide
            checked = replace(
                checked,
                name="",
                accepted=False,
                reason=f"{taken[doc_id]} already holds document {doc_id!r}; rename the file "
                "or delete that document first",
            )
        if checked.accepted:
            try:
                _write_atomically(kb_dir / checked.name, data)
            except OSError as exc:
                checked = replace(
                    checked,
                    name="",
                    accepted=False,
                    reason=f"cannot write it ({exc.strerror or exc})",
                )
        results.append(checked)
    return results


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def delete_document(kb_dir: Path, store: Store, doc_id: str) -> list[str]:
    """Remove a document's file(s) from kb_dir and its chunks from the store; the removed
    file names. Works on a shared server too, where ingest does not prune."""
    removed = []
    with store.lock():  # first: a failed delete leaves the file and the store as they were
        known = store.documents().get(doc_id)
        for path in kb_files(Path(kb_dir)):
            if doc_id_for(path) == doc_id:
                path.unlink()
                sidecar_path(path).unlink(missing_ok=True)
                removed.append(path.name)
        if known is None and not removed:
            raise IngestError(f"No document {doc_id!r} in the knowledge base")
        if known is not None:
            store.put_documents([replace(known, state="deleting")])
            store.delete_stale([doc_id], keep_hashes=None)
            store.drop_documents([doc_id])
            store.write_state()
    return removed
