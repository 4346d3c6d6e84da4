"""The bot's view of the store: a snapshot of the live documents, their roles and a keyword
index over their chunks, and the dense and keyword searches over it.

The snapshot is built once per store generation, never per question. Each question costs one
cheap read of the store's generation (at most every `freshness_seconds`); when another process
has ingested something, the snapshot is rebuilt and swapped in whole, so concurrent questions
always see one consistent snapshot. The keyword index itself lives in bot.keywords.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot import keywords
from bot.keywords import KeywordIndex, bm25_text
from bot.roles import RoleCatalog
from bot.spelling import Lexicon
from bot.wording import Vocabulary
from ingest.records import StoredUnit, unpack_units, unpack_vectors
from ingest.store import DocRecord, Store

log = logging.getLogger(__name__)

_PAGE = 2000  # chunk records read per call when building the keyword index
_WORD = re.compile(r"[a-z][a-z'’-]{3,}")  # the documents' words, for correcting typos


@dataclass(eq=False)
class Chunk:
    """A live chunk as the bot sees it."""

    id: str
    text: str
    meta: dict
    dense: float | None = None  # cosine similarity to the question, when dense search found it
    score: float = 0.0
    _units: list[StoredUnit] | None = field(default=None, repr=False)
    _vectors: np.ndarray | None = field(default=None, repr=False)

    @property
    def doc_id(self) -> str:
        return self.meta["doc_id"]

    @property
    def heading_path(self) -> str:
        return self.meta.get("heading_path", "")

    @property
    def topics(self) -> list[str]:
        return [t for t in self.meta.get("topics", "").split("|") if t]

    @property
    def units(self) -> list[StoredUnit]:
        if self._units is None:
            self._units = unpack_units(self.text, self.meta)
        return self._units

    def unit_vectors(self, dim: int) -> np.ndarray:
        """Set by KnowledgeIndex.load_unit_vectors before use."""
        if self._vectors is None:
            return np.zeros((0, dim), dtype=np.float32)
        return self._vectors


@dataclass
class Snapshot:
    generation: str
    docs: dict[str, DocRecord]
    catalog: RoleCatalog
    chunk_ids: list[str]
    chunk_docs: np.ndarray  # doc index of each chunk, for filtering keyword search by role
    doc_index: dict[str, int]  # position of each doc id in doc_order
    topics: list[str]  # topics the live chunks cover, in TOPICS order
    bm25: object | None
    stemmer: object | None
    vocabulary: list[str] | None = None
    related_words: Vocabulary | None = None  # built on first use (bot.keywords)
    equivalents: dict = field(default_factory=dict)
    words: Lexicon = field(default_factory=Lexicon)  # the documents' words, for typos
    doc_topics: dict[str, frozenset[str]] = field(default_factory=dict)  # topics each covers
    doc_order: list[str] = field(default_factory=list)  # doc ids, sorted

    def covers(self, doc_ids, topics) -> bool:
        """Whether any of these documents has a passage on any of these topics."""
        wanted = set(topics)
        return any(self.doc_topics.get(d, frozenset()) & wanted for d in doc_ids)


def _is_live(meta: dict, docs: dict[str, DocRecord]) -> bool:
    doc = docs.get(meta.get("doc_id", ""))
    return doc is not None and doc.state != "deleting" and meta.get("doc_hash") == doc.content_hash


class KnowledgeIndex:
    """The snapshot of the store the bot answers from, and the searches over it.

    `clock` is the time source of the freshness check (a monotonic clock in seconds); only
    differences between its readings matter, never its value, which starts near 0 at boot.
    """

    def __init__(
        self,
        store: Store,
        freshness_seconds: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.freshness_seconds = freshness_seconds
        self._clock = clock
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0  # clock reading of the last look at the store
        self._changes = 0  # invalidate() calls so far
        self._checked_changes = 0  # invalidate() calls the last look took in
        self._lock = threading.Lock()

    # -- snapshot ----------------------------------------------------------------------------
    def invalidate(self) -> None:
        """Look at the store again on the next question (after this process changed it)."""
        self._changes += 1

    def snapshot(self) -> Snapshot:
        """The current snapshot, rebuilt if the store has changed since it was taken.

        One thread checks and rebuilds; on a routine freshness check the others keep answering
        from the snapshot they have rather than queue behind it. They wait only for the first
        snapshot and after invalidate(): then the snapshot they have is known to be out of
        date (a document just uploaded would be "not in the knowledge base").
        """
        snap = self._snapshot
        if snap is not None and not self._stale():
            return snap
        known_outdated = self._changes != self._checked_changes
        if not self._lock.acquire(blocking=snap is None or known_outdated):
            return snap
        try:
            snap = self._snapshot
            if snap is not None and not self._stale():
                return snap
            checked = self._clock()
            seen_changes = self._changes
            generation = self.store.generation()
            if snap is None or snap.generation != generation:
                snap = self._build(generation)
                self._snapshot = snap
            if self._changes == seen_changes:  # an invalidate() meanwhile asks for another look
                self._checked_at = checked
                self._checked_changes = seen_changes
            return snap
        finally:
            self._lock.release()

    def refresh(self) -> Snapshot:
        """Take in the store's changes now, in this thread, and return the new snapshot.

        For a writer that should report success only once its documents are answerable (the
        upload view): the others keep answering from the snapshot they have meanwhile.
        """
        with self._lock:
            seen_changes = self._changes
            checked = self._clock()
            generation = self.store.generation()
            snap = self._snapshot
            if snap is None or snap.generation != generation:
                snap = self._build(generation)
                self._snapshot = snap
            self._checked_at = checked
            self._checked_changes = seen_changes
            return snap

    def prepare(self) -> None:
        """Build the keyword index on disk for the store as it is now, unless it is there.

        After an ingest: the next process to start loads the index instead of building it.
        """
        generation = self.store.generation()
        if generation and (self._cache_dir(generation) / "careerbot.json").is_file():
            return
        self.refresh()

    def _stale(self) -> bool:
        """An invalidate() since the last look makes the snapshot stale whatever the clock says."""
        if self._changes != self._checked_changes:
            return True
        return self._clock() - self._checked_at >= self.freshness_seconds

    def _build(self, generation: str) -> Snapshot:
        started = time.perf_counter()
        docs = {d: r for d, r in self.store.documents().items() if r.state != "deleting"}
        doc_order = sorted(docs)
        doc_index = {doc_id: i for i, doc_id in enumerate(doc_order)}
        keyword = self._load_cached(generation) or self._index_chunks(generation, docs)
        from ingest.topics import TOPICS

        snap = Snapshot(
            generation=generation,
            docs=docs,
            catalog=RoleCatalog(docs.values()),
            chunk_ids=keyword.chunk_ids,
            chunk_docs=np.array(
                [doc_index.get(d, -1) for d in keyword.chunk_doc_ids], dtype=np.int32
            ),
            doc_index=doc_index,
            topics=[t for t in TOPICS if t in keyword.topics and t != "overview"],
            bm25=keyword.bm25,
            stemmer=keyword.stemmer,
            words=Lexicon(keyword.words),
            doc_topics={d: frozenset(t) for d, t in keyword.doc_topics.items()},
            doc_order=doc_order,
        )
        log.info(
            "Indexed %d chunks of %d documents in %.2f s",
            len(snap.chunk_ids),
            len(docs),
            time.perf_counter() - started,
        )
        return snap

    def _index_chunks(self, generation: str, docs: dict[str, DocRecord]) -> KeywordIndex:
        """Read every live chunk once and build the keyword index over them."""
        ids: list[str] = []
        texts: list[str] = []
        owners: list[str] = []
        topics: set[str] = set()
        doc_topics: dict[str, set[str]] = {}
        with self.store.guard():
            offset = 0
            while True:
                got = self.store.chunks.get(
                    include=["documents", "metadatas"], limit=_PAGE, offset=offset
                )
                for cid, text, meta in zip(
                    got["ids"], got["documents"], got["metadatas"], strict=True
                ):
                    if _is_live(meta, docs):
                        ids.append(cid)
                        texts.append(bm25_text(text, meta))
                        owners.append(meta["doc_id"])
                        chunk_topics = [t for t in meta.get("topics", "").split("|") if t]
                        topics.update(chunk_topics)
                        doc_topics.setdefault(meta["doc_id"], set()).update(chunk_topics)
                if len(got["ids"]) < _PAGE:
                    break
                offset += _PAGE
        bm25, stemmer = keywords.build(texts)
        words = sorted({w for text in texts for w in _WORD.findall(text.lower())})
        covered = {d: sorted(t) for d, t in doc_topics.items()}
        keyword = KeywordIndex(ids, owners, sorted(topics), words, bm25, stemmer, covered)
        if generation:
            keywords.save(self._cache_dir(generation), keyword)
        return keyword

    # -- the keyword index on disk, one per store generation ---------------------------------
    def _cache_dir(self, generation: str) -> Path:
        return self.store.data_dir / "cache" / f"{self.store.prefix}-keyword-{generation}"

    def _load_cached(self, generation: str) -> KeywordIndex | None:
        return keywords.load(self._cache_dir(generation)) if generation else None

    # -- searches ----------------------------------------------------------------------------
    def keyword(
        self, snap: Snapshot, query: str, k: int, doc_ids: list[str] | None
    ) -> list[tuple[str, float]]:
        """BM25 ranking of live chunks, restricted to doc_ids when given."""
        return keywords.search(snap, query, k, doc_ids)

    def documents_chunks(self, snap: Snapshot, doc_ids: list[str]) -> list[Chunk]:
        """Every live chunk of these documents, in reading order (a role has a few)."""
        if not doc_ids:
            return []
        with self.store.guard():
            got = self.store.chunks.get(
                where={"doc_id": {"$in": list(doc_ids)}}, include=["documents", "metadatas"]
            )
        chunks = [
            Chunk(cid, text, meta)
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            if _is_live(meta, snap.docs)
        ]
        return sorted(chunks, key=lambda c: (c.doc_id, int(c.meta.get("position", 0))))

    def dense(
        self, snap: Snapshot, vector: np.ndarray, k: int, doc_ids: list[str] | None
    ) -> list[Chunk]:
        """Nearest live chunks by cosine similarity, restricted to doc_ids when given."""
        if not snap.chunk_ids:
            return []
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids else None
        with self.store.guard():
            got = self.store.chunks.query(
                query_embeddings=[vector.tolist()],
                n_results=min(k, len(snap.chunk_ids)),
                where=where,
                include=["documents", "metadatas", "distances"],
            )
        chunks = []
        for cid, text, meta, dist in zip(
            got["ids"][0],
            got["documents"][0],
            got["metadatas"][0],
            got["distances"][0],
            strict=True,
        ):
            if _is_live(meta, snap.docs):
                chunks.append(Chunk(cid, text, meta, dense=1.0 - float(dist)))
        return chunks

    def load_unit_vectors(self, chunks: list[Chunk], dim: int) -> None:
        """Fetch the unit vectors of these chunks in one call (those not loaded yet)."""
        missing = [c for c in chunks if c._vectors is None]
        if not missing:
            return
        with self.store.guard():
            got = self.store.units.get(ids=[c.id for c in missing], include=["metadatas"])
        packed = dict(zip(got["ids"], got["metadatas"], strict=True))
        for chunk in missing:
            meta = packed.get(chunk.id) or {}
            chunk._vectors = unpack_vectors(meta.get("unit_vectors", ""), dim)

    def fetch(self, snap: Snapshot, ids: list[str]) -> list[Chunk]:
        if not ids:
            return []
        with self.store.guard():
            got = self.store.chunks.get(ids=ids, include=["documents", "metadatas"])
        found = {
            cid: Chunk(cid, text, meta)
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            if _is_live(meta, snap.docs)
        }
        return [found[i] for i in ids if i in found]
