"""Why the bot answers as it does: what it read in a question and which passages it found.

For counselors (the retrieval test in /admin) and for the gaps of the knowledge base: the
request the question makes, the roles, topics and form it was resolved to, the passages
hybrid retrieval ranks for it with their dense, BM25 and fused scores, and the answer.
Built on the same public pieces the bot answers with (Question.parse, read_request, resolve,
hybrid_search, keywords.search, CareerBot.answer); nothing here changes an answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot import keywords
from bot.answer import Answer
from bot.errors import BotError
from bot.guard import INFORMATION, read_request
from bot.index import Snapshot
from bot.question import Question
from bot.retrieval import hybrid_search
from bot.scope import Scope, resolve
from bot.service import CareerBot
from ingest.topics import TOPICS

DEPTH = 40  # candidates each search ranks, as hybrid_search's default
PASSAGE_CHARS = 400  # of each passage, shown


@dataclass(frozen=True)
class Reading:
    """A question as the bot reads it, before any passage is searched."""

    question: Question
    request: str  # bot.guard's kind: information, task, advice, instruction, greeting
    domain: str  # for advice: medical, legal, financial or safety
    scope: Scope | None  # None when the request is refused before roles are read


def read(bot: CareerBot, question: str, history: Sequence = (), role: str | None = None) -> Reading:
    """What the bot reads in a question: its request, then its roles, topics and form.
    BotError for an empty question or an unknown role, as CareerBot.answer."""
    parsed = Question.parse(question, history, role)
    snap = bot.snapshot()
    if parsed.role and snap.catalog.by_name(parsed.role) is None:
        raise BotError(
            f"Unknown role {parsed.role!r}; the knowledge base holds: "
            f"{', '.join(snap.catalog.names())}."
        )
    request = read_request(parsed)
    scope = resolve(snap.catalog, parsed, bot.topics_reader(snap.catalog))
    return Reading(parsed, request.kind, request.domain, scope)


def gap_record(
    bot: CareerBot, answer: Answer, history: Sequence = (), role: str | None = None
) -> dict | None:
    """What to keep of an answer that shows a gap of the knowledge base (refused, or saying
    what the documents do not state), for FeedbackStore.gap; None for any other answer."""
    if not answer.refused and not answer.gaps:
        return None
    try:
        reading = read(bot, answer.question, history, role)
    except BotError:
        reading = None
    scope = reading.scope if reading else None
    return {
        **answer.to_json(),
        "request": reading.request if reading else INFORMATION,
        "roles": answer.roles or ([r.name for r in scope.roles] if scope else []),
        "others": list(scope.others) if scope else [],
        "topics": answer.topics or (list(scope.topics) if scope else []),
        "gaps": answer.gaps,
    }


def _passage(rank: int, chunk, snap: Snapshot, bm25: dict, dense_rank: dict, bm25_rank: dict):
    doc = snap.docs.get(chunk.doc_id)
    text = " ".join(chunk.text.split())
    return {
        "rank": rank,
        "doc_id": chunk.doc_id,
        "role": doc.role if doc else "",
        "title": doc.title if doc else chunk.doc_id,
        "section": chunk.heading_path,
        "topics": chunk.topics,
        "fused": chunk.score,
        "dense": chunk.dense,
        "dense_rank": dense_rank.get(chunk.id),
        "bm25": bm25.get(chunk.id),
        "bm25_rank": bm25_rank.get(chunk.id),
        "text": text[:PASSAGE_CHARS] + ("…" if len(text) > PASSAGE_CHARS else ""),
    }


def explain(bot: CareerBot, question: str, role: str | None = None, history: Sequence = ()) -> dict:
    """The retrieval test: what the bot read, the passages it ranks in each searched group
    of documents (one per role it resolved, or all documents), and its answer.

    Scores: `dense` is the cosine similarity (None: not among the DEPTH nearest), `bm25` the
    BM25 score (None: no query word in the passage), `fused` the reciprocal-rank fusion of
    both ranks with the topic bonus, which orders the list."""
    reading = read(bot, question, history, role)
    scope = reading.scope
    snap = bot.snapshot()
    search = bot.search(snap, scope)
    text, query, vector = search.text, search.query, search.vector
    groups = [(r.name, list(r.doc_ids)) for r in scope.roles] or [("All documents", None)]
    searched = []
    for name, doc_ids in groups:
        chunks = hybrid_search(
            bot.index,
            snap,
            query,
            vector,
            bot.settings.chunk_candidates,
            doc_ids,
            scope.topics,
            bot.mode,
        )
        ranked_bm25 = keywords.search(snap, query, DEPTH, doc_ids) if bot.mode.keyword else []
        bm25 = dict(ranked_bm25)
        bm25_rank = {cid: i for i, (cid, _) in enumerate(ranked_bm25, start=1)}
        dense_rank = {}
        if bot.mode.dense:
            dense_rank = {
                c.id: i for i, c in enumerate(bot.index.dense(snap, vector, DEPTH, doc_ids), 1)
            }
        searched.append(
            {
                "group": name,
                "doc_ids": doc_ids or sorted(snap.docs),
                "passages": [
                    _passage(i, c, snap, bm25, dense_rank, bm25_rank)
                    for i, c in enumerate(chunks, start=1)
                ],
            }
        )
    answer = bot.answer(question, history, role)
    cited = {(c.doc_id, c.section) for c in answer.citations}
    for group in searched:
        for p in group["passages"]:
            p["cited"] = (p["doc_id"], p["section"]) in cited
    return {
        "question": reading.question.asked,
        "read_as": text,
        "query": query,
        "request": reading.request,
        "domain": reading.domain,
        "role_chosen": reading.question.role,
        "roles": [r.name for r in scope.roles],
        "others": list(scope.others),
        "ambiguous": [[name, [r.name for r in roles]] for name, roles in scope.ambiguous],
        "topics": [t for t in scope.topics if t in TOPICS],
        "form": scope.form,
        "follow_up": scope.context.inherited_roles or scope.context.inherited_topics,
        "searched": searched,
        "answer": {**answer.to_json(), "gaps": answer.gaps, "roles": answer.roles},
    }
