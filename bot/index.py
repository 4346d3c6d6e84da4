"""The bot's view of the store: live documents, their roles, and a keyword index over chunks.

The keyword (BM25) index is built once per store generation, never per question. Each
question costs one cheap read of the store's generation (at most every `freshness_seconds`);
when another process has ingested something, the index is rebuilt and swapped in whole, so
concurrent questions always see one consistent snapshot.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from bot.scope import RoleCatalog
from bot.text import STOPWORDS, normalize
from ingest.records import StoredUnit, unpack_units, unpack_vectors
from ingest.store import DocRecord, Store

log = logging.getLogger(__name__)

_EQUIVALENCE = re.compile(
    r"\b(also|sometimes|often|commonly) (known|called|referred to) as\b", re.IGNORECASE
)
_PAGE = 2000  # chunk records read per call when building the keyword index
_WORD = re.compile(r"[a-z][a-z'’-]{3,}")  # the documents' words, for correcting typos
_LONG_WORD = re.compile(r"[A-Za-z][a-z'’-]{4,}")  # a question's words worth correcting


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
class KeywordIndex:
    """BM25 over the live chunks, with what the bot derives from the same pass."""

    chunk_ids: list[str]
    chunk_doc_ids: list[str]
    topics: list[str]
    words: list[str]
    bm25: object | None
    stemmer: object | None


@dataclass
class Snapshot:
    generation: str
    docs: dict[str, DocRecord]
    catalog: RoleCatalog
    chunk_ids: list[str]
    chunk_docs: np.ndarray  # doc index of each chunk, for filtering keyword search by role
    doc_index: dict[str, int]
    topics: list[str]  # topics the live chunks cover, in TOPICS order
    bm25: object | None
    stemmer: object | None
    vocabulary: list[str] | None = None
    equivalents: dict = field(default_factory=dict)
    words: frozenset[str] = frozenset()  # the documents' own words, for correcting typos


def _is_live(meta: dict, docs: dict[str, DocRecord]) -> bool:
    doc = docs.get(meta.get("doc_id", ""))
    return doc is not None and doc.state != "deleting" and meta.get("doc_hash") == doc.content_hash


def bm25_text(text: str, meta: dict) -> str:
    return f"{meta.get('role', '')} {meta.get('heading_path', '')} {text}"


@lru_cache(maxsize=1)
def _english():
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


def is_english(word: str) -> bool:
    """A real English word ("plain") is never "corrected" into a document's word ("plan")."""
    return word in _english()


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
        doc_index = {doc_id: i for i, doc_id in enumerate(sorted(docs))}
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
            words=frozenset(keyword.words),
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
                        topics.update(t for t in meta.get("topics", "").split("|") if t)
                if len(got["ids"]) < _PAGE:
                    break
                offset += _PAGE
        bm25, stemmer = self._keyword_index(texts)
        words = sorted({w for text in texts for w in _WORD.findall(text.lower())})
        keyword = KeywordIndex(ids, owners, sorted(topics), words, bm25, stemmer)
        self._save_cached(generation, keyword)
        return keyword

    # -- the keyword index on disk, one per store generation ---------------------------------
    def _cache_dir(self, generation: str) -> Path:
        return self.store.data_dir / "cache" / f"{self.store.prefix}-keyword-{generation}"

    def _save_cached(self, generation: str, keyword: KeywordIndex) -> None:
        """Keep the index for the next process (a restart, another worker); best effort."""
        if keyword.bm25 is None or not generation:
            return
        target = self._cache_dir(generation)
        tmp = target.parent / f".building-{os.getpid()}-{threading.get_ident()}"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.mkdir()
            keyword.bm25.save(str(tmp), show_progress=False)
            meta = {
                "chunk_ids": keyword.chunk_ids,
                "chunk_doc_ids": keyword.chunk_doc_ids,
                "topics": keyword.topics,
                "words": keyword.words,
            }
            (tmp / "careerbot.json").write_text(json.dumps(meta))
            if target.exists():  # another process built the same generation first
                shutil.rmtree(tmp, ignore_errors=True)
                return
            os.replace(tmp, target)
            for old in target.parent.glob(f"{self.store.prefix}-keyword-*"):
                if old != target:
                    shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            log.warning(
                "Could not keep the keyword index on disk (%s); it is rebuilt next start", exc
            )

    def _load_cached(self, generation: str) -> KeywordIndex | None:
        path = self._cache_dir(generation)
        if not generation or not (path / "careerbot.json").is_file():
            return None
        try:
            import bm25s
            import Stemmer

            logging.getLogger("bm25s").setLevel(logging.NOTSET)
            meta = json.loads((path / "careerbot.json").read_text())
            bm25 = bm25s.BM25.load(str(path), mmap=True, show_progress=False)
            return KeywordIndex(
                meta["chunk_ids"],
                meta["chunk_doc_ids"],
                meta["topics"],
                meta["words"],
                bm25,
                Stemmer.Stemmer("english"),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("Ignoring the keyword index on disk (%s); rebuilding it", exc)
            return None

    @staticmethod
    def _keyword_index(texts: list[str]):
        if not texts:
            return None, None
        import bm25s
        import Stemmer

        # bm25s sets its logger to DEBUG on import; let the application's level decide.
        logging.getLogger("bm25s").setLevel(logging.NOTSET)
        stemmer = Stemmer.Stemmer("english")
        tokens = bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)
        index = bm25s.BM25()
        index.index(tokens, show_progress=False)
        return index, stemmer

    # -- searches ----------------------------------------------------------------------------
    def keyword(
        self, snap: Snapshot, query: str, k: int, doc_ids: list[str] | None
    ) -> list[tuple[str, float]]:
        """BM25 ranking of live chunks, restricted to doc_ids when given."""
        if snap.bm25 is None:
            return []
        import bm25s

        query_tokens = bm25s.tokenize(
            [query], stopwords="en", stemmer=snap.stemmer, show_progress=False
        )
        if not query_tokens.vocab:
            return []
        mask = None
        if doc_ids:
            wanted = np.array(
                [snap.doc_index[d] for d in doc_ids if d in snap.doc_index], dtype=np.int32
            )
            mask = np.isin(snap.chunk_docs, wanted).astype(np.float32)
            if not mask.any():
                return []
        k = min(k, len(snap.chunk_ids))
        results, scores = snap.bm25.retrieve(
            query_tokens, k=k, show_progress=False, weight_mask=mask, n_threads=1
        )
        return [
            (snap.chunk_ids[int(i)], float(s))
            for i, s in zip(results[0], scores[0], strict=True)
            if s > 0
        ]

    def mentions(
        self, snap: Snapshot, word: str, doc_ids: list[str] | None, stemmed: bool = False
    ) -> bool:
        """Whether the live chunks of doc_ids (all, when None) use every word of `word`."""
        if snap.bm25 is None:
            return False
        scores = snap.bm25.scores
        wanted = None
        if doc_ids:
            wanted = {snap.doc_index[d] for d in doc_ids if d in snap.doc_index}
        for part in [word] if stemmed else word.lower().split():
            key = part if stemmed else snap.stemmer.stemWord(part.strip("'’").removesuffix("'s"))
            term = snap.bm25.vocab_dict.get(key)
            if term is None or term + 1 >= len(scores["indptr"]):
                return False
            rows = scores["indices"][scores["indptr"][term] : scores["indptr"][term + 1]]
            if not len(rows):
                return False
            if wanted is not None and not set(snap.chunk_docs[rows].tolist()) & wanted:
                return False
        return True

    def correct(self, snap: Snapshot, text: str) -> str:
        """The text with misspelt words replaced by the documents' closest word
        ("responsiblities" -> "responsibilities"); words the documents know are kept."""
        if not snap.words:
            return text

        def fix(match: re.Match) -> str:
            word = match.group(0)
            low = word.lower()
            if low in snap.words or low in STOPWORDS or is_english(low):
                return word
            best = process.extractOne(
                low,
                snap.words,
                scorer=fuzz.ratio,
                score_cutoff=85,
                processor=None,
            )
            return best[0] if best and best[0][0] == low[0] else word

        return _LONG_WORD.sub(fix, text)

    def idf(self, snap: Snapshot, stem: str) -> float:
        """BM25's inverse document frequency of a stem over the live chunks (rare: high)."""
        if snap.bm25 is None:
            return 1.0
        term = snap.bm25.vocab_dict.get(stem)
        n = len(snap.chunk_ids)
        if term is None or term + 1 >= len(snap.bm25.scores["indptr"]):
            return math.log(1 + (n + 0.5) / 0.5)
        df = int(snap.bm25.scores["indptr"][term + 1] - snap.bm25.scores["indptr"][term])
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def vocabulary(self, snap: Snapshot) -> list[str]:
        """Every stem of the keyword index (for forgiving typos)."""
        if snap.bm25 is None:
            return []
        if snap.vocabulary is None:
            snap.vocabulary = [t for t in snap.bm25.vocab_dict if t]
        return snap.vocabulary

    def equivalents(self, snap: Snapshot, role) -> list[tuple[Chunk, StoredUnit, str]]:
        """Passages of other roles' documents that give one of this role's names as another name
        for theirs ("Technicians, also known as Occupational Therapy Assistants"), one a document,
        with the name as it stands in the passage."""
        key = role.name
        if key in snap.equivalents:
            return snap.equivalents[key]
        others = [d for d in snap.docs if d not in role.doc_ids]
        found: dict[str, tuple[Chunk, StoredUnit, str]] = {}
        for alias in role.aliases:
            name = normalize(alias)
            if len(name) < 8 or not others:
                continue
            words = r"\s+".join(re.escape(w) for w in name.split())
            pattern = re.compile(r"\b" + words + r"s?\b", re.IGNORECASE)
            hits = self.keyword(snap, alias, 10, others)
            for chunk in self.fetch(snap, [cid for cid, _ in hits]):
                if chunk.doc_id in found:
                    continue
                for unit in chunk.units:
                    match = pattern.search(unit.text)
                    if match and _EQUIVALENCE.search(unit.text):
                        found[chunk.doc_id] = (chunk, unit, match.group(0))
                        break
        snap.equivalents[key] = list(found.values())
        return snap.equivalents[key]

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
