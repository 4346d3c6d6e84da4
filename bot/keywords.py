"""The keyword (BM25) side of the index: built once per store generation and kept on disk.

Pure functions over a Snapshot answer the keyword questions the bot asks: the BM25 ranking of
chunks, whether the documents of some roles use a word at all, how rare a word is.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.wording import Vocabulary

log = logging.getLogger(__name__)


@dataclass
class KeywordIndex:
    """BM25 over the live chunks, with what the bot derives from the same pass."""

    chunk_ids: list[str]
    chunk_doc_ids: list[str]
    topics: list[str]
    words: list[str]
    bm25: object | None
    stemmer: object | None
    doc_topics: dict[str, list[str]] = field(default_factory=dict)  # the topics each covers


def bm25_text(text: str, meta: dict) -> str:
    return f"{meta.get('role', '')} {meta.get('heading_path', '')} {text}"


def build(texts: list[str]):
    """A BM25 index over texts and its stemmer, or (None, None) for no texts."""
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


def save(target: Path, keyword: KeywordIndex) -> None:
    """Keep the index for the next process (a restart, another worker); best effort."""
    if keyword.bm25 is None:
        return
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
            "doc_topics": keyword.doc_topics,
        }
        (tmp / "careerbot.json").write_text(json.dumps(meta))
        if target.exists():  # another process built the same generation first
            shutil.rmtree(tmp, ignore_errors=True)
            return
        os.replace(tmp, target)
        prefix = target.name.rsplit("-", 1)[0]
        for old in target.parent.glob(f"{prefix}-*"):
            if old != target:
                shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        log.warning("Could not keep the keyword index on disk (%s); it is rebuilt next start", exc)


def load(path: Path) -> KeywordIndex | None:
    if not (path / "careerbot.json").is_file():
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
            meta["doc_topics"],  # a cache from before topics were kept is rebuilt
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("Ignoring the keyword index on disk (%s); rebuilding it", exc)
        return None


def search(snap, query: str, k: int, doc_ids: list[str] | None) -> list[tuple[str, float]]:
    """BM25 ranking of live chunks, restricted to doc_ids when given."""
    if snap.bm25 is None:
        return []
    import bm25s

    words = bm25s.tokenize(
        [query], stopwords="en", stemmer=snap.stemmer, show_progress=False, return_ids=False
    )[0]
    if not words:
        return []
    # the passage that writes "comply" answers "compliance", the one with "pediatric" "kids"
    related = related_words(snap)
    query_tokens = [list(dict.fromkeys([*words, *(r for w in words for r in related.related(w))]))]
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


def mentions(snap, word: str, doc_ids: list[str] | None, stemmed: bool = False) -> bool:
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


def documents_using(snap, word: str) -> list[str]:
    """The ids of the documents whose live chunks use the word (any form of it)."""
    if snap.bm25 is None:
        return []
    scores = snap.bm25.scores
    term = snap.bm25.vocab_dict.get(snap.stemmer.stemWord(word.lower()))
    if term is None or term + 1 >= len(scores["indptr"]):
        return []
    rows = scores["indices"][scores["indptr"][term] : scores["indptr"][term + 1]]
    return [snap.doc_order[i] for i in np.unique(snap.chunk_docs[rows]) if i >= 0]


def idf(snap, stem: str) -> float:
    """BM25's inverse document frequency of a stem over the live chunks (rare: high):
    log(1 + (N - df + 0.5) / (df + 0.5))."""
    if snap.bm25 is None:
        return 1.0
    term = snap.bm25.vocab_dict.get(stem)
    n = len(snap.chunk_ids)
    if term is None or term + 1 >= len(snap.bm25.scores["indptr"]):
        return math.log(1 + (n + 0.5) / 0.5)
    df = int(snap.bm25.scores["indptr"][term + 1] - snap.bm25.scores["indptr"][term])
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def related_words(snap) -> Vocabulary:
    if snap.related_words is None:
        snap.related_words = Vocabulary(vocabulary(snap))
    return snap.related_words


def vocabulary(snap) -> list[str]:
    """Every stem of the keyword index (for forgiving typos)."""
    if snap.bm25 is None:
        return []
    if snap.vocabulary is None:
        snap.vocabulary = [t for t in snap.bm25.vocab_dict if t]
    return snap.vocabulary
