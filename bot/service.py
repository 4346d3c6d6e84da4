"""The answering API: one CareerBot, built once; answer(question, history, role) from any thread."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from bot.answer import Answer, RoleEvidence, compose, refusal, topic_phrase
from bot.config import BotSettings
from bot.conflicts import find_disagreement
from bot.coverage import describe_gaps, places_named, quantity_gaps, unknown_terms
from bot.errors import BotError
from bot.evidence import (
    LIST_TOPICS,
    Evidence,
    question_terms,
    score_units,
    select,
    trim_to_words,
)
from bot.index import KnowledgeIndex, Snapshot
from bot.retrieval import FULL, SearchMode, hybrid_search
from bot.scope import Role, Scope, is_comparison, resolve
from bot.text import STOPWORDS, stem, tokens
from ingest.errors import IngestError
from ingest.names import without_names
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


def _role_words(roles: Sequence[Role]) -> set[str]:
    """Stems of the roles' names: not evidence that a passage answers the question."""
    return {stem(t) for role in roles for alias in role.aliases for t in tokens(alias)}


@dataclass
class _Turn:
    """One question on its way through: what it is about, its vector, what was retrieved."""

    snap: Snapshot
    scope: Scope
    query: str
    vector: np.ndarray
    ignore: set[str]
    unit_vector: np.ndarray  # the question without the roles' names, for scoring passages
    text: str  # the question as searched: typos corrected, an elliptical one completed
    retrieved: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, section), ranked


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
        if role is not None and not isinstance(role, str):
            raise BotError("The role must be text: a role name or alias, or empty for all roles.")
        history = clean_history(history)
        result = self._answer(clean_question(question), history, role or None)
        if self.llm is not None and not result.refused and result.citations:
            result = self.llm.rewrite(result, history)
        result.latency_ms = (time.perf_counter() - started) * 1000
        return result

    # -- steps -------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """What the bot knows now: documents, roles, the keyword index."""
        return self._snapshot()

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
            return Answer(question, text, refused=True, topics=scope.topics)

        if scope.injection:
            return refuse("injection")
        if scope.task:
            return refuse("off-topic")
        if scope.other_occupations and not scope.roles:
            return refuse("occupation")

        if len(scope.roles) > 1 and not scope.topics:
            scope.topics = ["overview"]  # "OTA or OT tech?": what each role is
        aliases = [a for r in scope.roles for a in r.aliases]
        text = self.index.correct(snap, question)  # "responsiblities" -> "responsibilities"
        if scope.inherited_topics:  # "what about the technician?" asks the earlier question again
            text = f"{text} {without_names(scope.earlier_question, snap.catalog.all_names())}"
        query = text
        if scope.inherited_roles:
            query = f"{' and '.join(r.name for r in scope.roles)}: {text}"
        # Passages are scored against the question without the role's names, which would
        # otherwise make every passage that names the role look like an answer.
        stripped = without_names(text, aliases)
        if "overview" in scope.topics or not [t for t in tokens(stripped) if t not in STOPWORDS]:
            stripped = query  # "what is an OTA?" is nothing without the name
        vectors = self.embedder.encode([query, stripped])
        turn = _Turn(snap, scope, query, vectors[0], _role_words(scope.roles), vectors[1], text)
        try:
            groups = self._per_role(turn) if scope.roles else self._unscoped(turn)
        except IngestError as exc:
            raise BotError(str(exc)) from exc
        if groups is None:
            return refuse("off-topic")

        best = max((e.similarity for g in groups for e in g.evidence), default=0.0)
        if scope.inherited_roles and not scope.topics and best < self.settings.offtopic_similarity:
            return refuse("off-topic")  # a change of subject, not a follow-up
        gaps = self._gaps(turn, groups)
        if gaps and not scope.missing_topics:
            for group in groups:  # the closest passages only, briefly
                group.evidence = group.evidence[:3]
        keep = set()
        for group in groups:
            found = self._disagreement(group, scope.topics)
            if found:
                keep |= {group.evidence[found.first].key, group.evidence[found.second].key}
        trim_to_words([g.evidence for g in groups], self.settings.answer_words, keep)
        disagreements = []
        for group in groups:
            found = self._disagreement(group, scope.topics)
            if found:
                disagreements.append((group, found))
        others = [o for o in scope.other_occupations if " " in o] if is_comparison(question) else []
        asked = [r.name for r in scope.roles]
        only_topic_missing = gaps == topic_phrase(scope.topics) and scope.missing_topics
        if only_topic_missing and "all" not in scope.missing_topics:
            asked = scope.missing_topics  # the roles that lack it, not all that were asked about
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
            retrieved=turn.retrieved,
        )

    @staticmethod
    def _disagreement(group: RoleEvidence, topics: Sequence[str]):
        texts = [e.unit.text for e in group.evidence]
        return find_disagreement(texts, [e.chunk.heading_path for e in group.evidence], topics)

    def _budget(self, groups: int, topics: Sequence[str]) -> int:
        base = self.settings.max_quotes + (2 if set(topics) & LIST_TOPICS else 0)
        return max(3, base // groups) if groups > 1 else base

    def _evidence(self, turn: _Turn, doc_ids: list[str] | None) -> list[Evidence]:
        topics = turn.scope.topics if self.mode.scoped else ()
        chunks = hybrid_search(
            self.index,
            turn.snap,
            turn.query,
            turn.vector,
            self.settings.chunk_candidates,
            doc_ids,
            topics,
            self.mode,
        )
        turn.retrieved += [(c.doc_id, c.heading_path) for c in chunks]
        self.index.load_unit_vectors(chunks[:10], turn.unit_vector.shape[0])
        names = [a for role in turn.scope.roles for a in role.aliases]
        return score_units(
            chunks[:10],
            turn.unit_vector,
            turn.text,
            topics,
            turn.ignore,
            names,
            idf=lambda term: self.index.idf(turn.snap, term),
        )

    def _per_role(self, turn: _Turn) -> list[RoleEvidence]:
        scope = turn.scope
        budget = self._budget(len(scope.roles), scope.topics)
        wanted = set(scope.topics) - {"overview"}
        groups = []
        for role in scope.roles[:4]:
            evidence = self._evidence(turn, list(role.doc_ids) if self.mode.scoped else None)
            group = RoleEvidence(role.name, self._choose(evidence, turn, budget))
            groups.append(group)
            if len(scope.roles) > 1:
                group.evidence = self._links(turn, role) + group.evidence
            on_topic = any(set(e.unit.topics) & wanted for e in group.evidence)
            if wanted and self.mode.scoped and not on_topic:
                scope.missing_topics.append(role.name)
                group.evidence = []  # passages on other topics are no answer
                groups += self._from_equivalent_roles(turn, role, budget)
        return groups

    def _links(self, turn: _Turn, role: Role) -> list[Evidence]:
        """Passages of this role's documents that give another asked-about role's name as
        another name for this one ("also known as Occupational Therapy Assistants")."""
        out = []
        for other in turn.scope.roles:
            if other is role:
                continue
            for chunk, unit, _ in self.index.equivalents(turn.snap, other):
                if chunk.doc_id in role.doc_ids:
                    out.append(self._pinned(turn, chunk, unit))
        return [e for e in out if e is not None]

    def _pinned(self, turn: _Turn, chunk, unit) -> Evidence | None:
        self.index.load_unit_vectors([chunk], turn.vector.shape[0])
        vectors = chunk.unit_vectors(turn.vector.shape[0])
        if len(vectors) <= unit.index:
            return None
        vector = vectors[unit.index]
        return Evidence(chunk, unit, vector, float(vector @ turn.vector), 0.0, 0, pinned=True)

    def _from_equivalent_roles(self, turn: _Turn, role: Role, budget: int) -> list[RoleEvidence]:
        """When a role's own documents are silent on the topic, what documents that give its
        name as another name for their role say, with the passage that says so."""
        topics = turn.scope.topics
        wanted = set(topics) - {"overview"}
        groups = []
        for chunk, unit, name in self.index.equivalents(turn.snap, role):
            chosen = self._choose(self._evidence(turn, [chunk.doc_id]), turn, budget)
            on_topic = [e for e in chosen if set(e.unit.topics) & wanted]
            bridge = self._pinned(turn, chunk, unit)
            if not on_topic or bridge is None:
                continue
            doc = turn.snap.docs.get(chunk.doc_id)
            note = f"its guide gives “{name}” as another name for the role"
            groups.append(
                RoleEvidence(doc.role if doc else chunk.doc_id, [bridge, *on_topic], note)
            )
        return groups

    def _unscoped(self, turn: _Turn) -> list[RoleEvidence] | None:
        """No role named: answer from every role that has a good passage, or refuse as off-topic."""
        scope, docs = turn.scope, turn.snap.docs
        evidence = self._evidence(turn, None)
        best = max((e.similarity for e in evidence), default=0.0)
        settings = self.settings
        asks_topic = bool(set(scope.topics) - {"overview"})
        floor = settings.topic_only_similarity if asks_topic else settings.offtopic_similarity
        if best < floor:
            return None
        by_role: dict[str, list[Evidence]] = {}
        for e in evidence:
            by_role.setdefault(docs[e.doc_id].role if e.doc_id in docs else e.doc_id, []).append(e)
        wanted = set(scope.topics) - {"overview"}
        if wanted and self.mode.scoped:
            # A role whose passages are all on other topics has nothing to say here.
            by_role = {
                r: [e for e in ev if set(e.unit.topics) & wanted] for r, ev in by_role.items()
            }
            by_role = {r: ev for r, ev in by_role.items() if ev}
            if not by_role:
                scope.missing_topics.append("all")
                return []
        ranked_roles = sorted(by_role, key=lambda r: -by_role[r][0].score)[:3]
        budget = self._budget(len(ranked_roles), scope.topics)
        return [RoleEvidence(r, self._choose(by_role[r], turn, budget)) for r in ranked_roles]

    def _choose(self, evidence: list[Evidence], turn: _Turn, budget: int) -> list[Evidence]:
        topics = turn.scope.topics
        broad = len(question_terms(turn.text, turn.ignore)) <= 1
        chosen = select(evidence, topics, budget, broad=broad)
        # Where the candidates disagree on the topic (two pay figures, two education levels),
        # both sides are shown, whatever their rank.
        pool = [e for e in evidence if not topics or set(e.unit.topics) & set(topics)]
        sections = [e.chunk.heading_path for e in pool]
        found = find_disagreement([e.unit.text for e in pool], sections, topics)
        if found:
            pair = [pool[found.first], pool[found.second]]
            for e in pair:
                if e in chosen:
                    continue
                if len(chosen) >= budget:  # make room: the weakest passage outside the pair goes
                    weakest = min((c for c in chosen if c not in pair), key=lambda c: c.score)
                    chosen.remove(weakest)
                chosen.append(e)
        return chosen

    def _gaps(self, turn: _Turn, groups: list[RoleEvidence]) -> str:
        snap, scope, question = turn.snap, turn.scope, turn.scope.question
        doc_ids = scope.doc_ids or [e.doc_id for g in groups for e in g.evidence]
        places = [p for p in places_named(question) if not self.index.mentions(snap, p, doc_ids)]
        quantities = quantity_gaps(question, [e.unit.text for g in groups for e in g.evidence])
        terms: list[str] = []
        if not quantities:
            known = frozenset(turn.ignore | {stem(w) for p in places for w in tokens(p)})
            terms = unknown_terms(question, lambda w: self._mentioned(snap, w, doc_ids), known)
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
