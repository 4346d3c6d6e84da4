"""What ingestion writes and the bot reads: one Chroma record per chunk, its units inside.

A chunk record's document is the chunk's exact text; its metadata names the document, the
heading path, the topics and the offsets into the source, and the spans of the chunk's units
(the sentences, bullets and table rows an answer quotes). The units' vectors sit in a record
of their own, under the chunk's id in a second collection: the bot fetches them for the few
chunks it scores, and reading every chunk (to build the keyword index) stays light. Only
chunks are searched by vector: indexing every sentence too made Chroma's writes cost as much
as the embedding.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

import numpy as np

from ingest.chunking import Chunk
from ingest.metadata import DocMeta
from ingest.names import without_names

UNIT_VECTOR_DTYPE = np.float16


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    metadata: dict


@dataclass(frozen=True)
class StoredUnit:
    """A quotable unit as read back from the store."""

    index: int
    kind: str  # "sentence", "bullet" or "row"
    start: int  # offsets into the source document
    end: int
    text: str
    topics: tuple[str, ...]


def chunk_embedding_text(chunk: Chunk, meta: DocMeta) -> str:
    """The role and the heading path give a chunk the context its text often leaves out."""
    return f"{meta.role}: {chunk.heading_path}\n{chunk.text}"


def unit_embedding_text(chunk: Chunk, unit_text: str, meta: DocMeta | None = None) -> str:
    """A unit's text with its heading for context (a bullet "401(k)" means little alone)."""
    context = chunk.heading_path.rsplit(" > ", 1)[-1]
    if meta is not None:
        context = without_names(context, meta.role_names())
    if chunk.table_header:
        context = f"{context}\n{chunk.table_header}"
    return f"{context}: {unit_text}" if context else unit_text


def quotable_units(chunk: Chunk) -> list:
    return [u for u in chunk.units if u.kind != "label"]


def record_id(chunk: Chunk, doc_hash: str) -> str:
    # The document's hash is part of the id: a changed document's new records never
    # overwrite the live ones, so a run stopped before its commit changes nothing.
    return f"{chunk.id}@{doc_hash[:12]}"


def chunk_record(chunk: Chunk, meta: DocMeta, doc_hash: str) -> Record:
    units = quotable_units(chunk)
    spans = [
        [u.start - chunk.start, u.end - chunk.start, u.kind, "|".join(u.topics)] for u in units
    ]
    return Record(
        record_id(chunk, doc_hash),
        chunk.text,
        {
            "doc_id": meta.id,
            "doc_hash": doc_hash,
            "title": meta.title,
            "role": meta.role,
            "source": meta.source,
            "heading_path": chunk.heading_path,
            "topic": chunk.topic,
            "topics": "|".join(chunk.topics),
            "start": chunk.start,
            "end": chunk.end,
            "position": chunk.position,
            "units": len(units),
            "unit_spans": json.dumps(spans, separators=(",", ":")),
            "table_header": chunk.table_header,
        },
    )


def units_record(chunk: Record, vectors: np.ndarray) -> Record:
    """The vectors of a chunk's units, under the chunk's id (see the module docstring)."""
    meta = chunk.metadata
    return Record(
        chunk.id,
        "",
        {
            "doc_id": meta["doc_id"],
            "doc_hash": meta["doc_hash"],
            "unit_vectors": pack_vectors(vectors),
        },
    )


def pack_vectors(vectors: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vectors, dtype=UNIT_VECTOR_DTYPE).tobytes()).decode()


def unpack_vectors(packed: str, dim: int) -> np.ndarray:
    raw = np.frombuffer(base64.b64decode(packed), dtype=UNIT_VECTOR_DTYPE)
    return raw.reshape(-1, dim).astype(np.float32) if raw.size else np.zeros((0, dim), np.float32)


def unpack_units(chunk_text: str, metadata: dict) -> list[StoredUnit]:
    base = int(metadata["start"])
    units = []
    for i, (s, e, kind, topics) in enumerate(json.loads(metadata.get("unit_spans") or "[]")):
        units.append(
            StoredUnit(
                i,
                kind,
                base + s,
                base + e,
                chunk_text[s:e],
                tuple(t for t in topics.split("|") if t),
            )
        )
    return units
