"""The answering API: one CareerBot, built once; answer(question, history, role) from any thread."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from bot.answer import Answer, RoleEvidence, compose, refusal, topic_phrase
from bot.config import BotSettings
from bot.conflicts import find_disagreement
from bot.coverage import describe_gaps, places_named, quantity_gaps, unknown_terms
from bot.errors import BotError
from bot.evidence import Evidence, score_units, select
from bot.index import KnowledgeIndex, Snapshot
from bot.retrieval import FULL, SearchMode, hybrid_search
from bot.scope import Role, Scope, resolve
from bot.text import stem, tokens
from ingest.errors import IngestError
from ingest.store import Store

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000  # longer input is read up to here (the rest is almost never the question)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_question(question: str) -> str:
    if not isinstance(question, str):
        raise BotError("The question must be text.")
    text = _CONTROL.sub(" ", question).strip()
    if not text:
        raise BotError("The question is empty: type a question about a role in the knowledge base.")
    return text[:MAX_QUESTION_CHARS]


def clean_history(history: Sequence) -> list[dict]:
    out = []
    for turn in history or ():
        if not isinstance(turn, dict) or turn.get("role") not in ("user", "assistant"):
            raise BotError(
                'Each history turn must be {"role": "user" or "assistant", "content": text}.'
            )
        out.append(
            {"role": turn["role"], "content": str(turn.get("content") or "")[:MAX_QUESTION_CHARS]}
        )
    return out[-12:]


class CareerBot:
    """Grounded, cited answers from the store. Thread-safe: the index swaps whole snapshots."""

    def __init__(
        self, store: Store, embedder, settings: BotSettings | None = None, mode: SearchMode = FULL
    ):
        self.store = store
        self.embedder = embedder
        self.settings = settings or BotSettings()
        self.mode = mode
        self.index = KnowledgeIndex(store, self.settings.freshness_seconds)
        self.llm = None  # set by bot.llm.attach_llm when an LLM is configured

    # -- public API --------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the model and the index now rather than on the first question."""
        self._snapshot()
        self._embed("warm up")

    def roles(self) -> list[str]:
        return self._snapshot().catalog.names()

    def answer(self, question: str, history: Sequence = (), role: str | None = None) -> Answer:
        started = time.perf_counter()
        result = self._answer(clean_question(question), clean_history(history), role or None)
        if self.llm is not None and not result.refused and result.citations:
            result = self.llm.rewrite(result, history)
        result.latency_ms = (time.perf_counter() - started) * 1000
        return result

    # -- steps -------------------------------------------------------------------------------
    def _snapshot(self) -> Snapshot:
        try:
            return self.index.snapshot()
        except IngestError as exc:
            raise BotError(str(exc)) from exc

    def _embed(self, text: str) -> np.ndarray:
        return self.embedder.encode([text])[0]

    def _answer(self, question: str, history: list[dict], role: str | None) -> Answer:
        snap = self._snapshot()
        names, topics_covered = snap.catalog.names(), snap.topics
        if not snap.docs:
            return Answer(question, refusal("empty", names, topics_covered), refused=True)
        if role and snap.catalog.by_name(role) is None:
            raise BotError(f"Unknown role {role!r}; the knowledge base holds: {', '.join(names)}.")
        scope = resolve(snap.catalog, question, history, role)

        def refuse(reason: str) -> Answer:
            text = refusal(reason, names, topics_covered, scope.other_occupations)
            return Answer(question, text, refused=True, roles=[], topics=scope.topics)

        if scope.injection:
            return refuse("injection")
        if scope.other_occupations and not scope.roles:
            return refuse("occupation")

        query = question
        if scope.inherited_roles:
            query = f"{' and '.join(r.name for r in scope.roles)}: {question}"
        vector = self._embed(query)
        try:
            if scope.roles:
                groups = self._per_role(snap, scope, query, vector)
            else:
                groups = self._unscoped(snap, scope, query, vector)
        except IngestError as exc:
            raise BotError(str(exc)) from exc
        if groups is None:
            return refuse("off-topic")

        best = max((e.similarity for g in groups for e in g.evidence), default=0.0)
        gaps = self._gaps(snap, scope, question, groups, best)
        if gaps and not scope.missing_topics:
            for group in groups:  # the closest passages only, briefly
                group.evidence = group.evidence[:2]
        disagreements = []
        for group in groups:
            found = find_disagreement(
                [e.unit.text for e in group.evidence],
                [e.chunk.heading_path for e in group.evidence],
                scope.topics,
            )
            if found:
                disagreements.append((group, found))
        others = scope.other_occupations if scope.roles else []
        asked = [r.name for r in scope.roles]
        text, citations = compose(
            groups, scope.topics, snap.docs, disagreements, gaps, asked, others
        )
        return Answer(
            question,
            text,
            refused=False,
            citations=citations,
            roles=[g.role for g in groups if g.evidence],
            topics=scope.topics,
            gaps=gaps,
            retrieved=[(e.doc_id, e.chunk.heading_path) for g in groups for e in g.evidence],
        )

    def _budget(self, groups: int, topics: Sequence[str]) -> int:
        base = self.settings.max_quotes + (
            1 if set(topics) & {"duties", "skills", "benefits"} else 0
        )
        return max(2, base // groups) if groups > 1 else base

    def _evidence(
        self,
        snap: Snapshot,
        query: str,
        vector: np.ndarray,
        doc_ids,
        topics,
        question: str,
        ignore: set[str],
    ) -> list[Evidence]:
        chunks = hybrid_search(
            self.index,
            snap,
            query,
            vector,
            self.settings.chunk_candidates,
            doc_ids,
            topics,
            self.mode,
        )
        return score_units(chunks[:8], vector, question, topics if self.mode.scoped else (), ignore)

    def _role_words(self, roles: Sequence[Role]) -> set[str]:
        return {stem(t) for role in roles for alias in role.aliases for t in tokens(alias)}

    def _per_role(
        self, snap: Snapshot, scope: Scope, query: str, vector: np.ndarray
    ) -> list[RoleEvidence]:
        budget = self._budget(len(scope.roles), scope.topics)
        ignore = self._role_words(scope.roles)
        wanted = [t for t in scope.topics if t != "overview"]
        groups = []
        for role in scope.roles[:4]:
            doc_ids = list(role.doc_ids) if self.mode.scoped else None
            evidence = self._evidence(
                snap, query, vector, doc_ids, scope.topics, scope.question, ignore
            )
            chosen = self._choose(evidence, scope.topics, budget)
            group = RoleEvidence(role.name, chosen)
            groups.append(group)
            if (
                wanted
                and self.mode.scoped
                and not any(set(e.unit.topics) & set(wanted) for e in chosen)
            ):
                scope.missing_topics.append(role.name)
                group.evidence = []  # passages on other topics are no answer
                groups += self._from_equivalent_roles(
                    snap, scope, role, query, vector, budget, ignore
                )
        return groups

    def _from_equivalent_roles(
        self,
        snap: Snapshot,
        scope: Scope,
        role: Role,
        query: str,
        vector: np.ndarray,
        budget: int,
        ignore: set[str],
    ) -> list[RoleEvidence]:
        """When a role's own documents are silent on the topic, what documents that give its
        name as another name for their role say, with the passage that says so."""
        wanted = set(scope.topics) - {"overview"}
        groups = []
        for chunk, unit, name in self.index.equivalents(snap, role):
            evidence = self._evidence(
                snap, query, vector, [chunk.doc_id], scope.topics, scope.question, ignore
            )
            on_topic = [
                e
                for e in self._choose(evidence, scope.topics, budget)
                if set(e.unit.topics) & wanted
            ]
            if not on_topic:
                continue
            vectors = chunk.unit_vectors(vector.shape[0])
            sim = float(vectors[unit.index] @ vector) if len(vectors) > unit.index else 0.0
            bridge = Evidence(
                chunk,
                unit,
                vectors[unit.index] if len(vectors) > unit.index else vector,
                sim,
                0.0,
                0,
            )
            other_role = snap.docs[chunk.doc_id].role if chunk.doc_id in snap.docs else chunk.doc_id
            note = f"its guide gives “{name}” as another name for the role"
            groups.append(RoleEvidence(other_role, [bridge, *on_topic], note=note))
        return groups

    def _unscoped(
        self, snap: Snapshot, scope: Scope, query: str, vector: np.ndarray
    ) -> list[RoleEvidence] | None:
        """No role named: answer from every role that has a good passage, or refuse as off-topic."""
        evidence = self._evidence(snap, query, vector, None, scope.topics, scope.question, set())
        best = max((e.similarity for e in evidence), default=0.0)
        threshold = (
            self.settings.offtopic_similarity
            if not scope.topics
            else self.settings.topic_only_similarity
        )
        if best < threshold:
            return None
        by_role: dict[str, list[Evidence]] = {}
        for e in evidence:
            role = snap.docs[e.doc_id].role if e.doc_id in snap.docs else e.doc_id
            by_role.setdefault(role, []).append(e)
        wanted = set(scope.topics) - {"overview"}
        if wanted and self.mode.scoped:
            # A role whose passages are all on other topics has nothing to say here.
            on_topic = {
                r: [e for e in ev if set(e.unit.topics) & wanted] for r, ev in by_role.items()
            }
            by_role = {r: ev for r, ev in on_topic.items() if ev}
            if not by_role:
                scope.missing_topics.append("all")
                return []
        ranked_roles = sorted(by_role, key=lambda r: -by_role[r][0].score)[:3]
        budget = self._budget(len(ranked_roles), scope.topics)
        return [
            RoleEvidence(r, self._choose(by_role[r], scope.topics, budget)) for r in ranked_roles
        ]

    def _choose(
        self, evidence: list[Evidence], topics: Sequence[str], budget: int
    ) -> list[Evidence]:
        chosen = select(evidence, topics, budget)
        # Where the candidates disagree on the topic (two pay figures, two education levels),
        # both sides are shown, whatever their rank.
        pool = [e for e in evidence if not topics or set(e.unit.topics) & set(topics)]
        found = find_disagreement(
            [e.unit.text for e in pool], [e.chunk.heading_path for e in pool], topics
        )
        if found:
            for e in (pool[found.first], pool[found.second]):
                if e not in chosen:
                    chosen = chosen[: budget - 1] + [e] if len(chosen) >= budget else chosen + [e]
        return chosen

    def _gaps(
        self, snap: Snapshot, scope: Scope, question: str, groups: list[RoleEvidence], best: float
    ) -> str:
        doc_ids = scope.doc_ids or [e.doc_id for g in groups for e in g.evidence]
        places = [p for p in places_named(question) if not self.index.mentions(snap, p, doc_ids)]
        texts = [e.unit.text for g in groups for e in g.evidence]
        quantities = quantity_gaps(question, texts)
        terms: list[str] = []
        if best < self.settings.weak_evidence_similarity and not quantities:
            ignore = self._role_words(scope.roles) | {stem(w) for p in places for w in tokens(p)}
            terms = unknown_terms(
                question, lambda w: self._mentioned(snap, w, doc_ids), frozenset(ignore)
            )
        missing = [topic_phrase(scope.topics)] if scope.missing_topics else []
        return describe_gaps(places, quantities, terms, missing)

    def _mentioned(self, snap: Snapshot, word: str, doc_ids: list[str]) -> bool:
        if self.index.mentions(snap, word, doc_ids):
            return True
        vocab = self.index.vocabulary(snap)
        close = (
            process.extractOne(stem(word), vocab, scorer=fuzz.ratio, score_cutoff=85)
            if vocab
            else None
        )
        return bool(close) and self.index.mentions(snap, close[0], doc_ids, stemmed=True)
