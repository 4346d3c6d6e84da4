"""Hybrid retrieval: Chroma dense search and BM25, fused by reciprocal rank; a LangChain retriever.

Role awareness narrows both searches to the documents of the roles a question names; topic
awareness lifts chunks whose topics match the question's (a salary question prefers pay
passages).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from bot.fusion import RRF_K, boost, ranked, reciprocal_rank_fusion
from bot.index import Chunk, KnowledgeIndex, Snapshot
from bot.topics import detect_topics, scoring_topics

TOPIC_BONUS = 1.0 / (RRF_K + 1)  # a topic match is worth a first place in one of the rankings
PRIMARY_TOPIC_BONUS = 0.5 / (RRF_K + 1)


@dataclass(frozen=True)
class SearchMode:
    """Which parts of hybrid retrieval are on (the evaluation compares them)."""

    dense: bool = True
    keyword: bool = True
    scoped: bool = True  # role filter and topic preference
    topic_model: bool = True  # questions' topics read by the model too, not the word lists alone


FULL = SearchMode()


def topic_bonus(chunk_topics: Sequence[str], wanted: Sequence[str]) -> float:
    wanted = scoring_topics(wanted)
    if not wanted or not chunk_topics:
        return 0.0
    if chunk_topics[0] in wanted:
        return TOPIC_BONUS + PRIMARY_TOPIC_BONUS
    return TOPIC_BONUS if set(chunk_topics) & set(wanted) else 0.0


def hybrid_search(
    index: KnowledgeIndex,
    snap: Snapshot,
    query: str,
    vector: np.ndarray | None,
    k: int,
    doc_ids: list[str] | None = None,
    topics: Sequence[str] = (),
    mode: SearchMode = FULL,
    depth: int = 40,
) -> list[Chunk]:
    """The k best live chunks for a query, each with its fused score (and dense similarity)."""
    if not mode.scoped:
        doc_ids, topics = None, ()
    dense = index.dense(snap, vector, depth, doc_ids) if mode.dense and vector is not None else []
    keyword = index.keyword(snap, query, depth, doc_ids) if mode.keyword else []
    by_id = {c.id: c for c in dense}
    fused = reciprocal_rank_fusion([[c.id for c in dense], [cid for cid, _ in keyword]])
    missing = [cid for cid in ranked(fused)[: k * 2] if cid not in by_id]
    for chunk in index.fetch(snap, missing):
        by_id[chunk.id] = chunk
    fused = {cid: s for cid, s in fused.items() if cid in by_id}
    fused = boost(fused, {cid: topic_bonus(by_id[cid].topics, topics) for cid in fused})
    out = []
    for cid in ranked(fused)[:k]:
        chunk = by_id[cid]
        chunk.score = fused[cid]
        out.append(chunk)
    return out


class HybridRetriever(BaseRetriever):
    """LangChain retriever over the careerbot store: Documents with citation metadata.

    Roles and topics are read off the query itself; the answering code calls
    `hybrid_search` directly with the ones it resolved from the conversation.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: KnowledgeIndex
    embed: object  # callable: list[str] -> np.ndarray
    k: int = 8
    mode: SearchMode = FULL

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        snap = self.index.snapshot()
        named = snap.catalog.read(query)
        doc_ids = [d for role in named.roles for d in role.doc_ids] or None
        vector = self.embed([query])[0] if self.mode.dense else None
        chunks = hybrid_search(
            self.index, snap, query, vector, self.k, doc_ids, detect_topics(query), self.mode
        )
        return [to_document(c) for c in chunks]


def to_document(chunk: Chunk) -> Document:
    meta = {k: v for k, v in chunk.meta.items() if k not in ("unit_vectors", "unit_spans")}
    meta.update(chunk_id=chunk.id, score=chunk.score, dense=chunk.dense)
    return Document(page_content=chunk.text, metadata=meta, id=chunk.id)
