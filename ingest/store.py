"""The Chroma store: chunks, units and a registry of documents, embedded on disk or on a server.

Three collections share a prefix:
  <prefix>_chunks  one record per chunk, with the spans of its units (see ingest.records)
  <prefix>_units   the vectors of a chunk's units, under the chunk's id
  <prefix>_docs    one record per document: its metadata, content hash and state

The registry is the commit point. A chunk counts only while its `doc_hash` equals its
document's registered hash, so records written by a run that was killed before it committed
are invisible, and the next run converges by writing the same ids again.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import numpy as np

from ingest.errors import IngestError, StoreBusy, StoreCorrupt, StoreUnavailable
from ingest.records import Record

if TYPE_CHECKING:
    from db import IngestLock

log = logging.getLogger(__name__)

STATE_ID = "__state__"
LOCK_NAME = "ingest.lock"


@dataclass(frozen=True)
class DocRecord:
    """What the store knows of one document."""

    doc_id: str
    title: str
    role: str
    aliases: str  # "|"-joined
    kind: str
    source: str
    origin: str
    format: str
    content_hash: str
    chunks: int
    units: int
    chars: int
    ingested_at: float
    state: str = "live"  # "live", "gc" (old records may linger) or "deleting"
    guessed: str = ""  # "|"-joined short names guessed from the title (see ingest.roles)
    role_source: str = "metadata"  # "metadata" or "text": where the role and aliases come from

    @property
    def alias_list(self) -> list[str]:
        return [a for a in self.aliases.split("|") if a]

    @property
    def guessed_list(self) -> list[str]:
        return [a for a in self.guessed.split("|") if a]


def parse_chroma_url(url: str) -> tuple[str, int, bool]:
    parsed = urlparse(url if "://" in url else f"http://{url}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise IngestError(f"CAREERBOT_CHROMA_URL must look like http://host:port, got {url!r}")
    ssl = parsed.scheme == "https"
    return parsed.hostname, parsed.port or (443 if ssl else 8000), ssl


# Chroma's default (100) searches a few hundred sections only approximately, and an embedded
# store of under its sync threshold (1000) rebuilds its graph at random on every start: the
# 40th-best section, and with it an answer, could change from one start to the next.
SEARCH_EF = 400


class Store:
    """One handle on the three collections, embedded (data_dir/chroma) or on a Chroma server.

    `ingest_lock` (the application database's) serialises ingests across every replica that
    shares the database, waiting up to `lock_wait_seconds` for its turn; without one, a file
    lock in data_dir serialises the ingests that share that folder and never waits.
    """

    def __init__(
        self,
        data_dir: Path,
        chroma_url: str | None = None,
        prefix: str = "careerbot",
        ingest_lock: IngestLock | None = None,
        lock_wait_seconds: float = 0.0,
        search_ef: int = SEARCH_EF,
    ):
        self.data_dir = Path(data_dir)
        self.chroma_url = chroma_url or None
        self.prefix = prefix
        self.ingest_lock = ingest_lock
        self.lock_wait_seconds = lock_wait_seconds
        self.search_ef = search_ef
        self._client = None
        self._cols: dict[str, object] = {}

    # -- connection -------------------------------------------------------------------------
    @property
    def location(self) -> str:
        return self.chroma_url or str(self.data_dir / "chroma")

    @property
    def client(self):
        if self._client is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
            try:
                if self.chroma_url:
                    host, port, ssl = parse_chroma_url(self.chroma_url)
                    self._client = chromadb.HttpClient(
                        host=host, port=port, ssl=ssl, settings=chroma_settings
                    )
                else:
                    path = self.data_dir / "chroma"
                    path.mkdir(parents=True, exist_ok=True)
                    self._client = chromadb.PersistentClient(
                        path=str(path), settings=chroma_settings
                    )
            except IngestError:
                raise
            except Exception as exc:
                raise self._translate(exc) from exc
        return self._client

    def _translate(self, exc: Exception) -> IngestError:
        text = f"{exc.__class__.__name__}: {exc}"
        if getattr(exc, "errno", None) == errno.ENOSPC or "no space left" in text.lower():
            return StoreUnavailable(
                f"The disk holding {self.location} is full; free some space and try again "
                "(what was stored before is intact)"
            )
        if self.chroma_url:
            log.warning("Chroma server %s is not answering: %s", self.chroma_url, text[:300])
            return StoreUnavailable(
                "The knowledge base is temporarily unavailable (its Chroma server is not "
                "answering). Try again in a moment."
            )
        if not isinstance(exc, OSError):  # an embedded store that does not read back is damaged
            return StoreCorrupt(
                f"The store in {self.location} cannot be read ({text[:160]}); "
                "rebuild it with `careerbot ingest --rebuild`"
            )
        return StoreUnavailable(f"The store in {self.location} cannot be opened ({text[:160]})")

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Turn Chroma's and the network's exceptions into messages a person can act on."""
        try:
            yield
        except IngestError:
            raise
        except Exception as exc:
            self._cols.clear()
            if self.chroma_url:
                self._client = None  # reconnect on the next call
            raise self._translate(exc) from exc

    def _collection(self, name: str, create: bool = True):
        full = f"{self.prefix}_{name}"
        col = self._cols.get(full)  # another thread may clear the cache at any time
        if col is None:
            with self.guard():
                if create:
                    hnsw = {"space": "cosine", "ef_search": self.search_ef}
                    col = self.client.get_or_create_collection(
                        full, embedding_function=None, configuration={"hnsw": hnsw}
                    )
                else:
                    col = self.client.get_collection(full, embedding_function=None)
                self._search_as_configured(col)
            self._cols[full] = col
        return col

    def _search_as_configured(self, col) -> None:
        """A store made before (or with another search width) is searched as configured: the
        width is the one index setting Chroma lets change on an existing collection."""
        hnsw = (col.configuration or {}).get("hnsw") or {}
        if hnsw and hnsw.get("ef_search") != self.search_ef:
            col.modify(configuration={"hnsw": {"ef_search": self.search_ef}})

    @property
    def chunks(self):
        return self._collection("chunks")

    @property
    def units(self):
        return self._collection("units")

    @property
    def docs(self):
        return self._collection("docs")

    def exists(self) -> bool:
        """Whether the store holds a registry (without creating one)."""
        if not self.chroma_url and not (self.data_dir / "chroma").exists():
            return False
        with self.guard():
            names = {getattr(c, "name", c) for c in self.client.list_collections()}
        return f"{self.prefix}_docs" in names

    # -- build identity ---------------------------------------------------------------------
    def state(self) -> dict:
        """The store's identity and generation; empty for a new store."""
        with self.guard():
            got = self.docs.get(ids=[STATE_ID], include=["metadatas"])
        return dict(got["metadatas"][0]) if got["ids"] else {}

    def write_state(self, **fields) -> None:
        state = {
            **self.state(),
            **fields,
            "generation": uuid.uuid4().hex,
            "updated_at": time.time(),
        }
        with self.guard():
            self.docs.upsert(ids=[STATE_ID], embeddings=[[1.0]], metadatas=[state], documents=[""])

    def build_mismatch(self, embedding_model: str, chunking_version: str) -> str | None:
        """Why the stored vectors cannot be mixed with new ones, or None if they can."""
        state = self.state()
        if not state:
            return None
        theirs = (state.get("embedding_model"), str(state.get("chunking_version")))
        if theirs != (embedding_model, chunking_version):
            return (
                f"the store was built with {theirs[0]} (chunking v{theirs[1]}), "
                f"this run uses {embedding_model} (chunking v{chunking_version})"
            )
        return None

    def reset(self) -> None:
        """Drop every collection of this store (used for a clean rebuild). An embedded store
        that cannot even be opened is set aside, not deleted, and a new one started."""
        try:
            with self.guard():
                client = self.client
                client.list_collections()  # reads the store: a damaged one fails here
                for name in ("chunks", "units", "docs"):
                    with contextlib.suppress(Exception):  # a collection may not exist yet
                        client.delete_collection(f"{self.prefix}_{name}")
        except StoreCorrupt:
            if self.chroma_url:
                raise
            from chromadb.api.client import SharedSystemClient

            aside = self.data_dir / f"chroma.unreadable-{time.strftime('%Y%m%d-%H%M%S')}"
            (self.data_dir / "chroma").rename(aside)
            log.warning("The unreadable store was moved to %s; building a new one", aside)
            SharedSystemClient.clear_system_cache()
            self._client = None
        self._cols.clear()

    def generation(self) -> str:
        return str(self.state().get("generation", ""))

    # -- documents --------------------------------------------------------------------------
    def documents(self) -> dict[str, DocRecord]:
        with self.guard():
            got = self.docs.get(include=["metadatas"])
        fields = DocRecord.__dataclass_fields__
        out = {}
        for rid, meta in zip(got["ids"], got["metadatas"], strict=True):
            if rid == STATE_ID:
                continue
            out[rid] = DocRecord(**{k: meta[k] for k in fields if k in meta})
        return out

    def put_documents(self, records: Sequence[DocRecord]) -> None:
        if not records:
            return
        with self.guard():
            self.docs.upsert(
                ids=[r.doc_id for r in records],
                embeddings=[[1.0]] * len(records),
                metadatas=[asdict(r) for r in records],
                documents=[""] * len(records),
            )

    def drop_documents(self, doc_ids: Sequence[str]) -> None:
        with self.guard():
            self.docs.delete(ids=list(doc_ids))

    # -- chunks and units -------------------------------------------------------------------
    def _batches(self, n: int) -> Iterator[slice]:
        with self.guard():
            size = min(self.client.get_max_batch_size(), 4000)
        for lo in range(0, n, size):
            yield slice(lo, lo + size)

    def upsert(self, collection, records: Sequence[Record], vectors: np.ndarray) -> None:
        for part in self._batches(len(records)):
            batch = records[part]
            with self.guard():
                collection.upsert(
                    ids=[r.id for r in batch],
                    documents=[r.text for r in batch],
                    metadatas=[r.metadata for r in batch],
                    embeddings=vectors[part],
                )

    def delete_stale(self, doc_ids: Sequence[str], keep_hashes: Sequence[str] | None) -> None:
        """Delete the chunks (and their units) of these documents, except those of keep_hashes."""
        if not doc_ids:
            return
        where: dict = {"doc_id": {"$in": list(doc_ids)}}
        if keep_hashes is not None:
            where = {"$and": [where, {"doc_hash": {"$nin": list(keep_hashes)}}]}
        with self.guard():
            self.chunks.delete(where=where)
            self.units.delete(where=where)

    def count(self) -> int:
        """Chunk records in the store, stale ones included."""
        with self.guard():
            return self.chunks.count()

    # -- the ingest lock --------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, progress: Callable[[str, int, int], None] | None = None) -> Iterator[None]:
        """One ingest at a time on this store. A second one waits its turn (with the database's
        lock, up to lock_wait_seconds; progress hears "wait") or fails with a clear message."""
        if self.ingest_lock is not None:
            with self._database_lock(progress):
                yield
            return
        from filelock import FileLock, Timeout

        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / LOCK_NAME
        lock = FileLock(str(path), timeout=0)
        try:
            lock.acquire()
        except Timeout as exc:
            raise StoreBusy(
                f"Another ingest is running on this store (lock {path}); wait for it to finish"
            ) from exc
        try:
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def _database_lock(self, progress) -> Iterator[None]:
        from db import DatabaseError, LockTimeout

        def waiting(holder) -> None:
            who = holder.describe() if holder else "another replica"
            log.warning(
                "Another ingest is running on this store (%s); waiting up to %g s for it",
                who,
                self.lock_wait_seconds,
            )
            if progress:
                progress("wait", 0, 1)

        with contextlib.ExitStack() as held:
            try:
                held.enter_context(self.ingest_lock.hold(self.lock_wait_seconds, waiting))
            except LockTimeout as exc:
                raise StoreBusy(str(exc)) from exc
            except DatabaseError as exc:
                raise StoreUnavailable(str(exc)) from exc
            yield
