"""Documents (kb/ or the database) -> chunks and units -> vectors in Chroma, incrementally
and safely."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ingest.chunking import CHUNKING_VERSION, Chunk, chunk_document
from ingest.config import IngestSettings
from ingest.errors import DatabaseUnavailable, IngestError, UnreadableDocument
from ingest.loaders import LoadedText, load_bytes
from ingest.metadata import (
    DocMeta,
    document_headings,
    meta_from_sidecar,
)
from ingest.records import (
    Record,
    chunk_embedding_text,
    chunk_record,
    quotable_units,
    unit_embedding_text,
    units_record,
)
from ingest.sources import DocumentSource, SourceEntry, as_source
from ingest.store import DocRecord, Store
from ingest.topics import TopicModel, model_topics

if TYPE_CHECKING:
    from ingest.embedding import Embedder

log = logging.getLogger(__name__)

# stage ("wait" for the lock, "scan" or "embed"), items done so far, items in all
Progress = Callable[[str, int, int], None]

_GROUP_TEXTS = 4096  # texts embedded and committed together; bounds memory on large corpora


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    chunks_written: int = 0
    units_written: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    rebuilt: str | None = None

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.rebuilt)

    def summary(self) -> str:
        skipped = "".join(f"\n  skipped {name}: {reason}" for name, reason in self.skipped)
        rebuilt = f"Rebuilt the store: {self.rebuilt}.\n" if self.rebuilt else ""
        return (
            f"{rebuilt}Documents: {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped. Chunks: {self.chunks_written} embedded, "
            f"{self.chunks_total} in the store. {self.seconds:.1f} s." + skipped
        )


@dataclass
class _Candidate:
    entry: SourceEntry
    doc_id: str
    content_hash: str

    @property
    def name(self) -> str:
        return self.entry.name


@dataclass
class _Prepared:
    candidate: _Candidate
    meta: DocMeta
    loaded: LoadedText
    chunks: list[Chunk]
    is_new: bool

    @property
    def text_count(self) -> int:
        return len(self.chunks) + sum(u.kind != "label" for c in self.chunks for u in c.units)


def _settings_fingerprint(settings: IngestSettings) -> bytes:
    return f"chunking={CHUNKING_VERSION};max_chars={settings.max_chunk_chars}".encode()


def content_hash(entry: SourceEntry, settings: IngestSettings) -> str:
    """Changes when the document, its metadata or the chunking of it would change."""
    if not entry.content_hash:
        return ""
    digest = hashlib.sha256(entry.content_hash.encode())
    digest.update(b"\0" + _settings_fingerprint(settings))
    return digest.hexdigest()[:32]


def _groups(docs: list[_Prepared]) -> Iterator[list[_Prepared]]:
    group: list[_Prepared] = []
    size = 0
    for doc in docs:
        if group and size + doc.text_count > _GROUP_TEXTS:
            yield group
            group, size = [], 0
        group.append(doc)
        size += doc.text_count
    if group:
        yield group


def _doc_record(doc: _Prepared, chunks: int, units: int, state: str) -> DocRecord:
    meta = doc.meta
    return DocRecord(
        doc_id=meta.id,
        title=meta.title,
        role=meta.role,
        aliases="|".join(meta.aliases),
        guessed="|".join(meta.guessed),
        role_source=meta.role_source,
        kind=meta.kind,
        source=meta.source,
        origin=meta.origin,
        format=doc.loaded.format,
        content_hash=doc.candidate.content_hash,
        chunks=chunks,
        units=units,
        chars=len(doc.loaded.text),
        ingested_at=time.time(),
        state=state,
    )


@dataclass
class _Batch:
    """A group of documents ready to write: records, the texts to embed, registry entries."""

    records: list[Record]
    chunk_texts: list[str]
    unit_texts: list[str]
    units_per_chunk: list[int]
    registry: list[DocRecord]


def _build_batch(group: list[_Prepared]) -> _Batch:
    batch = _Batch([], [], [], [], [])
    for doc in group:
        doc_hash = doc.candidate.content_hash
        units = 0
        for chunk in doc.chunks:
            quotable = quotable_units(chunk)
            batch.records.append(chunk_record(chunk, doc.meta, doc_hash))
            batch.chunk_texts.append(chunk_embedding_text(chunk, doc.meta))
            batch.unit_texts += [unit_embedding_text(chunk, u.text, doc.meta) for u in quotable]
            batch.units_per_chunk.append(len(quotable))
            units += len(quotable)
        batch.registry.append(_doc_record(doc, len(doc.chunks), units, state="gc"))
    return batch


def _with_model_topics(group: list[_Prepared], unit_vectors: np.ndarray, model: TopicModel) -> bool:
    """Give each quotable unit the topic the model reads in it when the word lists missed it
    (a sentence under no heading that names a topic); the chunks take in their units' topics.
    Whether anything changed."""
    changed = False
    i = 0
    for doc in group:
        for chunk in doc.chunks:
            units = []
            for unit in chunk.units:
                if unit.kind == "label":
                    units.append(unit)
                    continue
                topics = model_topics(unit.topics, model.similarity(unit_vectors[i]))
                i += 1
                if topics != list(unit.topics):
                    unit = replace(unit, topics=tuple(topics))
                    changed = True
                units.append(unit)
            chunk.units = units
            chunk.topics = list(
                dict.fromkeys(chunk.topics + [u.topics[0] for u in units if u.topics])
            )
    return changed


def _write_batch(store: Store, batch: _Batch, vectors: np.ndarray) -> list[DocRecord]:
    """Write a batch in a few large calls (Chroma pays per call), then commit it."""
    n_chunks = len(batch.records)
    unit_vectors = vectors[n_chunks:]
    unit_records, offset = [], 0
    for record, count in zip(batch.records, batch.units_per_chunk, strict=True):
        unit_records.append(units_record(record, unit_vectors[offset : offset + count]))
        offset += count
    store.upsert(store.units, unit_records, np.ones((len(unit_records), 1), dtype=np.float32))
    store.upsert(store.chunks, batch.records, vectors[:n_chunks])
    # Commit: from here on the new records are the live ones; then the old ones go.
    store.put_documents(batch.registry)
    store.delete_stale(
        [r.doc_id for r in batch.registry], keep_hashes=[r.content_hash for r in batch.registry]
    )
    live = [replace(r, state="live") for r in batch.registry]
    store.put_documents(live)
    return live


def _prepare(
    source: DocumentSource,
    candidates: list[_Candidate],
    settings: IngestSettings,
    topics: TopicModel,
    report: IngestReport,
) -> list[_Prepared]:
    """Read, describe and chunk each candidate; the unreadable ones go to report.skipped.

    The headings of all candidates are classified in one call to the model."""
    max_bytes = int(settings.max_file_mb * 1e6)
    loaded: list[tuple[_Candidate, LoadedText, DocMeta, list[str]]] = []
    for cand in candidates:
        try:
            data, sidecar = source.read(cand.entry)
            text = load_bytes(data, Path(cand.name), max_bytes=max_bytes)
            meta = meta_from_sidecar(cand.name, sidecar, text)
        except UnreadableDocument as exc:
            report.skipped.append((cand.name, exc.reason))
            continue
        except DatabaseUnavailable:
            raise
        except IngestError as exc:
            report.skipped.append((cand.name, str(exc)))
            continue
        loaded.append((cand, text, meta, document_headings(text)))
    heading_topics = topics.headings([h for *_, headings in loaded for h in headings])
    prepared = []
    for cand, text, meta, _ in loaded:
        chunks = chunk_document(
            meta.id,
            text.text,
            text.format,
            settings.max_chunk_chars,
            meta.role_names(),
            heading_topics,
        )
        if not any(u.kind != "label" for c in chunks for u in c.units):
            report.skipped.append((cand.name, "no sentences or bullets to quote"))
            continue
        prepared.append(_Prepared(cand, meta, text, chunks, False))
    return prepared


def needs_ingest(
    kb_dir: Path | DocumentSource,
    store: Store,
    embedder: Embedder,
    settings: IngestSettings | None = None,
    check_removed: bool = True,
) -> str | None:
    """Why the store does not match the documents of kb_dir or another source (missing, built
    differently, documents added or changed), or None when it does. Reads the documents'
    hashes and the registry; embeds nothing."""
    settings = settings or IngestSettings()
    source = as_source(kb_dir)
    if not store.exists():
        return "the store is empty"
    mismatch = store.build_mismatch(embedder.model_id, CHUNKING_VERSION)
    if mismatch:
        return mismatch
    registered = store.documents()
    state = store.state()
    skipped = dict(json.loads(state.get("skipped") or "[]"))
    present = set()
    for entry in source.entries():
        present.add(entry.doc_id)
        known = registered.get(entry.doc_id)
        digest = content_hash(entry, settings)
        if not digest:
            continue
        if skipped.get(entry.name) == digest:
            continue  # unreadable last time, unchanged since
        if known is None or known.content_hash != digest or known.state != "live":
            return f"{entry.name} is new or changed"
    if check_removed and source.removed(set(registered) - present, state):
        return "documents were removed from the knowledge base"
    if any(state.get(k) != v for k, v in source.store_fields(state).items()):
        return "the store does not record its database yet"
    return None


def _record_written(report: IngestReport, group: list[_Prepared], future: Future) -> None:
    for doc, record in zip(group, future.result(), strict=True):
        (report.added if doc.is_new else report.changed).append(record.doc_id)
        report.chunks_written += record.chunks
        report.units_written += record.units


def ingest_kb(
    kb_dir: Path | DocumentSource,
    store: Store,
    embedder: Embedder,
    settings: IngestSettings | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    prune: bool = True,
) -> IngestReport:
    """Bring the store in line with kb_dir (a folder, or another DocumentSource such as the
    database): embed new and changed documents, drop deleted ones (unless prune is False).

    Unchanged documents (same content hash) cost a hash and nothing more.
    """
    settings = settings or IngestSettings()
    started = time.perf_counter()
    source = as_source(kb_dir)
    report = IngestReport()
    with store.lock(progress):
        reason = "--rebuild was asked for" if rebuild else None
        reason = reason or store.build_mismatch(embedder.model_id, CHUNKING_VERSION)
        if reason:
            log.warning("Rebuilding the store: %s", reason)
            store.reset()
            report.rebuilt = reason
        registered = store.documents()
        source_state = store.state()

        files = source.entries()
        present: dict[str, SourceEntry] = {}
        candidates: list[_Candidate] = []
        skipped_hashes: dict[str, str] = {}
        for n, entry in enumerate(files, 1):
            if not entry.name.isprintable():
                report.skipped.append((repr(entry.name), "unsafe file name (control characters)"))
                skipped_hashes[entry.name] = content_hash(entry, settings)
                continue
            doc_id = entry.doc_id
            if doc_id in present:
                report.skipped.append(
                    (entry.name, f"same document id {doc_id!r} as {present[doc_id].name}")
                )
                skipped_hashes[entry.name] = content_hash(entry, settings)
                continue
            present[doc_id] = entry
            if entry.error:
                report.skipped.append((entry.name, entry.error))
                continue
            digest = content_hash(entry, settings)
            known = registered.get(doc_id)
            if known and known.content_hash == digest and known.state != "deleting":
                report.unchanged.append(doc_id)
            else:
                candidates.append(_Candidate(entry, doc_id, digest))
            if progress:
                progress("scan", n, len(files))

        topics = TopicModel(embedder.encode)
        prepared = _prepare(source, candidates, settings, topics, report)
        for doc in prepared:
            doc.is_new = doc.candidate.doc_id not in registered
        skipped_names = {name for name, _ in report.skipped}
        skipped_hashes.update(
            (c.name, c.content_hash) for c in candidates if c.name in skipped_names
        )

        total = sum(d.text_count for d in prepared)
        done = 0
        if progress and total:
            progress("embed", 0, total)

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress("embed", done, total)

        # Writing one batch overlaps with embedding the next: the model keeps the CPU busy
        # while Chroma writes.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chroma-writer") as writer:
            pending: list[tuple[list[_Prepared], Future]] = []
            for group in _groups(prepared):
                batch = _build_batch(group)
                vectors = embedder.encode(batch.chunk_texts + batch.unit_texts, progress=advance)
                if _with_model_topics(group, vectors[len(batch.chunk_texts) :], topics):
                    batch = _build_batch(group)  # the same texts, the units' topics filled in
                pending.append((group, writer.submit(_write_batch, store, batch, vectors)))
                if len(pending) > 1:
                    _record_written(report, *pending.pop(0))
            for item in pending:
                _record_written(report, *item)

        missing = set(registered) - set(present)
        removed = source.removed(missing, source_state) if prune else set()
        gone = [known for doc_id, known in registered.items() if doc_id in removed]
        if gone:
            store.put_documents([replace(known, state="deleting") for known in gone])
            store.delete_stale([known.doc_id for known in gone], keep_hashes=None)
            store.drop_documents([known.doc_id for known in gone])
            report.removed += [known.doc_id for known in gone]
        # A run stopped between commit and clean-up: finish the clean-up.
        unfinished = [
            known
            for known in registered.values()
            if known.state == "gc" and known.doc_id in report.unchanged
        ]
        if unfinished:
            store.delete_stale(
                [k.doc_id for k in unfinished], keep_hashes=[k.content_hash for k in unfinished]
            )
            store.put_documents([replace(k, state="live") for k in unfinished])

        skipped = json.dumps(sorted(skipped_hashes.items()))
        state = store.state()
        fields = source.store_fields(state)
        if (
            report.changed_anything
            or not state
            or state.get("skipped", "[]") != skipped
            or any(state.get(k) != v for k, v in fields.items())
        ):
            store.write_state(
                embedding_model=embedder.model_id,
                chunking_version=CHUNKING_VERSION,
                skipped=skipped,
                **fields,
            )
        report.chunks_total = sum(d.chunks for d in store.documents().values())
    report.seconds = time.perf_counter() - started
    log.info(report.summary())
    return report
