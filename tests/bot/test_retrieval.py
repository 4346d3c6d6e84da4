"""Hybrid retrieval, rank fusion and the choice of passages."""

import numpy as np
from langchain_core.documents import Document

from bot.evidence import Evidence, is_duplicate, select
from bot.fusion import RRF_K, boost, ranked, reciprocal_rank_fusion
from bot.index import Chunk
from bot.retrieval import HybridRetriever, SearchMode
from ingest.records import StoredUnit


def test_rrf_is_the_sum_of_reciprocal_ranks():
    scores = reciprocal_rank_fusion([["a", "b", "c"], ["c", "a"]])
    assert scores["a"] == 1 / (RRF_K + 1) + 1 / (RRF_K + 2)
    assert scores["c"] == 1 / (RRF_K + 3) + 1 / (RRF_K + 1)
    assert scores["b"] == 1 / (RRF_K + 2)
    assert ranked(scores) == ["a", "c", "b"]


def test_rrf_weights_and_boosts():
    scores = reciprocal_rank_fusion([["a"], ["b"]], weights=[2.0, 1.0])
    assert scores == {"a": 2 / (RRF_K + 1), "b": 1 / (RRF_K + 1)}
    assert ranked(boost(scores, {"b": 1.0})) == ["b", "a"]


def test_retriever_is_a_langchain_retriever_with_citation_metadata(bot, embedder):
    retriever = HybridRetriever(index=bot.index, embed=embedder.encode, k=4)
    docs = retriever.invoke("how much do kelp techs make?")
    assert docs and all(isinstance(d, Document) for d in docs)
    assert docs[0].metadata["doc_id"] == "kelp-farm-technician"
    assert "salary" in docs[0].metadata["topics"]
    assert "unit_vectors" not in docs[0].metadata
    # a role named in the query narrows retrieval to that role's documents
    kfa = retriever.invoke("KFA responsibilities")
    assert {d.metadata["doc_id"] for d in kfa} == {"kelp-farm-assistant"}


def test_keyword_and_dense_searches_each_find_the_salary_section(bot, embedder):
    for mode in (SearchMode(keyword=False), SearchMode(dense=False)):
        retriever = HybridRetriever(index=bot.index, embed=embedder.encode, k=3, mode=mode)
        sections = [d.metadata["heading_path"] for d in retriever.invoke("kelp tech salary pay")]
        assert any("Salary" in s or "Additional Information" in s for s in sections), (
            mode,
            sections,
        )


def _evidence(
    text: str, vector, score: float, chunk_id: str = "c", index: int = 0, kind="sentence"
):
    unit = StoredUnit(index, kind, 0, len(text), text, ("duties",))
    chunk = Chunk(chunk_id, text, {"doc_id": "d", "heading_path": "H", "position": 0})
    return Evidence(chunk, unit, np.asarray(vector, dtype=np.float32), score, score, 0)


def test_near_duplicates_are_dropped():
    a = _evidence("Assist therapists with treatment plans.", [1, 0], 0.9, index=0)
    b = _evidence("Assisting therapists with treatment plans", [0.99, 0.141], 0.85, index=1)
    c = _evidence("Schedule appointments.", [0, 1], 0.8, index=2)
    assert is_duplicate(b, [a]) and not is_duplicate(c, [a])
    assert [e.unit.text for e in select([a, b, c], ["duties"], 5)] == [a.unit.text, c.unit.text]


def test_fragments_are_never_quoted():
    fragment = _evidence("A hiring manager aiming to outline the perfect candidate,", [1, 0], 0.99)
    claim = _evidence("Technicians record patient progress.", [0, 1], 0.9, index=1)
    assert select([fragment, claim], [], 5) == [claim]
