"""From retrieved chunks to the few sentences and bullets that answer the question.

Each unit is scored by its similarity to the question, the question's words it contains, its
topic and its chunk's rank; the best are chosen without near-duplicates, with the rest of a
list when the question asks for one (duties, skills, benefits).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.coverage import GENERIC_WORDS
from bot.index import Chunk
from bot.text import content_stems, normalize
from ingest.records import StoredUnit

LIST_TOPICS = {"duties", "skills", "benefits"}
DUPLICATE_SIMILARITY = 0.87
MONEY = re.compile(r"\$\s?\d")

W_LEXICAL = 0.3
W_TOPIC = 0.15
W_PRIMARY_TOPIC = 0.1
W_MONEY = 0.25
W_CHUNK = 0.15
W_LIST_ITEM = 0.12  # a list question is best answered by the list
W_DANGLING = 0.12  # "This can include ...", "Let's dive in.", a rhetorical question: no claim
_DANGLING = re.compile(
    r"^(this|these|that|those|it|such|however|additionally|also|another)\b", re.I
)


@dataclass
class Evidence:
    chunk: Chunk
    unit: StoredUnit
    vector: np.ndarray
    similarity: float  # cosine similarity of the unit to the question
    score: float
    chunk_rank: int

    @property
    def key(self) -> tuple[str, int]:
        return (self.chunk.id, self.unit.index)

    @property
    def doc_id(self) -> str:
        return self.chunk.doc_id

    @property
    def position(self) -> tuple[int, int]:
        return (int(self.chunk.meta.get("position", 0)), self.unit.index)


def score_units(
    chunks: Sequence[Chunk],
    query_vector: np.ndarray,
    question: str,
    topics: Sequence[str],
    ignore_words: set[str] = frozenset(),
) -> list[Evidence]:
    """Every quotable unit of the chunks with its score, best first."""
    q_stems = {
        s for s in content_stems(question) if s not in ignore_words and s not in GENERIC_WORDS
    }
    out: list[Evidence] = []
    dim = query_vector.shape[0]
    for rank, chunk in enumerate(chunks):
        vectors = chunk.unit_vectors(dim)
        if not len(chunk.units) or vectors.shape[0] != len(chunk.units):
            continue
        similarity = vectors @ query_vector
        for unit, vector, sim in zip(chunk.units, vectors, similarity, strict=True):
            lexical = (
                len(q_stems & set(content_stems(unit.text))) / len(q_stems) if q_stems else 0.0
            )
            score = float(sim) + W_LEXICAL * lexical + W_CHUNK / (1 + rank)
            if topics and set(unit.topics) & set(topics):
                score += W_TOPIC + (W_PRIMARY_TOPIC if unit.topics[0] == topics[0] else 0.0)
            if "salary" in topics and MONEY.search(unit.text):
                score += W_MONEY
            if unit.kind in ("bullet", "row") and set(topics) & LIST_TOPICS:
                score += W_LIST_ITEM
            if unit.kind == "sentence" and (
                _DANGLING.match(unit.text) or len(unit.text.split()) < 6 or unit.text.endswith("?")
            ):
                score -= W_DANGLING
            out.append(Evidence(chunk, unit, vector, float(sim), score, rank))
    out.sort(key=lambda e: -e.score)
    return out


def _same_text(a: str, b: str) -> bool:
    a, b = normalize(a), normalize(b)
    return a in b or b in a


def is_duplicate(candidate: Evidence, chosen: Sequence[Evidence]) -> bool:
    return any(
        float(candidate.vector @ c.vector) >= DUPLICATE_SIMILARITY
        or _same_text(candidate.unit.text, c.unit.text)
        for c in chosen
    )


def select(
    evidence: Sequence[Evidence],
    topics: Sequence[str],
    max_units: int,
    margin: float = 0.18,
) -> list[Evidence]:
    """The best units within `margin` of the top score, without near-duplicates; for a list
    question, the rest of the best passage's list."""
    if not evidence:
        return []
    top = evidence[0]
    chosen: list[Evidence] = []
    wants_list = bool(set(topics) & LIST_TOPICS) or top.unit.kind == "bullet" and not topics
    if wants_list and top.unit.kind in ("bullet", "row"):
        # The rest of the list the best passage belongs to (a long list spans chunks).
        section = (top.doc_id, top.chunk.heading_path)
        siblings = [
            e
            for e in evidence
            if (e.doc_id, e.chunk.heading_path) == section and e.unit.kind == top.unit.kind
        ]
        for e in siblings:
            if len(chosen) < max_units and not is_duplicate(e, chosen):
                chosen.append(e)
    for e in evidence:
        if len(chosen) >= max_units or e.score < top.score - margin:
            break
        if e in chosen or is_duplicate(e, chosen):
            continue
        chosen.append(e)
    return chosen
