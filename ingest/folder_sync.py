"""kb/ -> the database: how a folder of documents on one machine feeds the shared state.

The database is the source of truth; a kb/ folder is the way to seed and edit documents on
one machine. Each replica may have its own (older) copy of the folder, so a file is taken
into the database only when the database has never heard of its document, or when the file
changed (or was renamed) in this folder since this machine last took it in. A file this
machine already took in and left alone never overrides the database: not a newer upload
through another replica, and not a deletion (a delete through any replica is final for all).

What this machine last took in is remembered in <data_dir>/kb-sync.json (file -> hash, id).
Losing that file is safe: every file then counts as seen before, and the database wins.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

from db import Database, DatabaseError, DocumentNameTaken, StoredDocument
from ingest.errors import DatabaseUnavailable, UnreadableDocument
from ingest.files import write_atomically
from ingest.sources import FolderSource, SourceEntry, media_type

log = logging.getLogger(__name__)

SYNC_FILE = "kb-sync.json"


@dataclass
class FolderSyncReport:
    folder: str
    added: list[str] = field(default_factory=list)  # file names
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (file, why the database wins)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.updated or self.deleted)

    def summary(self) -> str:
        lines = [
            f"{self.folder} -> database: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.deleted)} deleted."
        ]
        lines += [f"  kept the database's version of {name}: {why}" for name, why in self.kept]
        lines += [f"  skipped {name}: {reason}" for name, reason in self.skipped]
        return "\n".join(lines)


def _when(stamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp or 0))


def _why_kept(row: StoredDocument) -> str:
    if not row.live:
        by = f" by {row.deleted_by}" if row.deleted_by else ""
        return (
            f"deleted{by} on {_when(row.deleted_at)}; edit the file or upload it again to bring "
            "it back"
        )
    return f"the database has another version ({row.added_via} by {row.uploaded_by} on " + (
        f"{_when(row.uploaded_at)}); edit the file here to replace it"
    )


class SyncState:
    """What this machine last took into the database from each folder: name -> hash, id."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.data = json.loads(self.path.read_text())
        except (OSError, ValueError):
            self.data = {}
        if not isinstance(self.data.get("folders"), dict):
            self.data = {"version": 1, "folders": {}}

    def files(self, folder: Path) -> dict[str, dict]:
        return self.data["folders"].setdefault(str(Path(folder).resolve()), {})

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, json.dumps(self.data, indent=1, sort_keys=True).encode())


def sync_folder(
    kb_dir: Path, database: Database, data_dir: Path, max_bytes: int, by: str | None = None
) -> FolderSyncReport:
    """Take the new and edited files of kb_dir into the database, and delete there the
    documents whose files were removed from it (see the module's docstring for the rules)."""
    source = FolderSource(kb_dir)
    by = by or f"kb folder on {socket.gethostname()}"
    report = FolderSyncReport(str(kb_dir))
    state = SyncState(Path(data_dir) / SYNC_FILE)
    seen = state.files(kb_dir)
    try:
        _sync(source, database, seen, max_bytes, by, report)
    except DatabaseError as exc:
        raise DatabaseUnavailable(str(exc)) from exc
    finally:
        state.save()  # what was taken in before a failure stays taken in
    if report.changed_anything:
        log.info(report.summary())
    return report


def _sync(
    source: FolderSource,
    database: Database,
    seen: dict[str, dict],
    max_bytes: int,
    by: str,
    report: FolderSyncReport,
) -> None:
    taken: dict[str, str] = {}  # doc_id -> file name, in this folder
    rows = {row.doc_id: row for row in database.documents.list(state=None)}  # one query
    entries = source.entries()
    present = {entry.name for entry in entries}
    # documents whose file this machine took in under a name that is gone: renamed here?
    moved = {v["doc_id"] for name, v in seen.items() if name not in present}
    for entry in entries:
        reason = _refusal(entry, taken, source.kb_dir, max_bytes)
        if reason:
            shown = entry.name if entry.name.isprintable() else repr(entry.name)
            report.skipped.append((shown, reason))
            continue  # what was taken in before stays as it was
        taken[entry.doc_id] = entry.name
        before = seen.get(entry.name)
        row = rows.get(entry.doc_id)
        edited_here = (before is None and entry.doc_id in moved) or (
            before is not None and before["hash"] != entry.content_hash
        )
        if row is None or edited_here:
            try:
                data, sidecar = source.read(entry)
                stored = database.documents.put(
                    doc_id=entry.doc_id,
                    name=entry.name,
                    content=data,
                    sidecar=sidecar,
                    content_hash=entry.content_hash,
                    media_type=media_type(entry.name),
                    added_via="kb folder",
                    by=by,
                )
            except (UnreadableDocument, DocumentNameTaken) as exc:
                report.skipped.append((entry.name, getattr(exc, "reason", str(exc))))
                continue
            if stored:
                (report.added if row is None or not row.live else report.updated).append(entry.name)
        elif not row.live or row.content_hash != entry.content_hash:
            report.kept.append((entry.name, _why_kept(row)))
        seen[entry.name] = {"hash": entry.content_hash, "doc_id": entry.doc_id}
    for name in sorted(set(seen) - present):  # removed from this folder since last time
        before = seen.pop(name)
        row = rows.get(before["doc_id"])
        if row is None or not row.live or row.doc_id in taken:  # gone, or renamed here
            continue
        if row.content_hash == before["hash"]:
            database.documents.delete(row.doc_id, by=f"{by} (file removed)")
            report.deleted.append(name)
        else:
            report.kept.append((name, _why_kept(row) + " (the file was removed here)"))


def _refusal(entry: SourceEntry, taken: dict[str, str], kb_dir: Path, max_bytes: int) -> str:
    if entry.error:
        return entry.error
    if not entry.name.isprintable():
        return "unsafe file name (control characters)"
    if entry.doc_id in taken:
        return f"same document id {entry.doc_id!r} as {taken[entry.doc_id]}"
    try:
        size = (kb_dir / entry.name).stat().st_size
    except OSError as exc:
        return f"cannot read the file ({exc.strerror or exc})"
    if size > max_bytes:
        return f"too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)"
    return ""
