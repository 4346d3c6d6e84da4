"""The answering API: one CareerBot, built once; answer(question, history, role) from any thread.

The steps, each in its own module: the question is parsed (bot.question) and its request read
(bot.guard: information, a task, personal advice, an instruction); it is read with the
conversation into a scope (bot.scope: roles, topics, form); the passages are gathered
(bot.gather) and the answer composed (bot.answer).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from bot.answer import (
    Answer,
    RoleEvidence,
    advice_refusal,
    compose,
    compose_by_topic,
    refusal,
    topic_phrase,
    which_role,
)
from bot.config import BotSettings
from bot.conflicts import find_disagreement
from bot.errors import BotError
from bot.evidence import document_names, question_terms, trim_to_words
from bot.gather import Gatherer, Search
from bot.guard import ADVICE, GREETING, INSTRUCTION, TASK, health_told, read_request
from bot.index import KnowledgeIndex, Snapshot
from bot.question import MAX_QUESTION_CHARS, Question, parse_history
from bot.retrieval import FULL, SearchMode
from bot.roles import Role
from bot.rundown import COMPARED_TOPICS, DEFINITION_TOPICS, RUNDOWN_TOPICS, by_topic
from bot.scope import COMPARISON, DEFINITION, SUMMARY, Scope, question_form, resolve
from bot.spelling import correct
from bot.text import STOPWORDS, content_stems, stem, tokens
from bot.topics import question_topics, set_aside, topic_words, without_exceptions
from ingest.errors import IngestError
from ingest.names import without_names
from ingest.occupations import is_head_noun
from ingest.topics import TopicModel

log = logging.getLogger(__name__)

CARE = (
    "What is right for your own health is for a doctor to say; here is what the career guides "
    "say about the job."
)
# Advice questions get what the guides say on the closest topic, labelled as such.
_ADVICE_TOPICS = {"medical": "environment", "safety": "environment", "financial": "benefits"}


def clean_question(question: str) -> str:
    """The question as the bot reads it, or BotError for an empty one (checked before loading)."""
    return Question.parse(question).asked


def clean_history(history: Sequence) -> list[dict]:
    return [{"role": t.role, "content": t.content} for t in parse_history(history)]


def _role_words(roles: Sequence[Role], question: str = "") -> set[str]:
    """Stems of the roles' names, and of the question's short forms of them ("vet" for
    veterinary, "pharm" for pharmacy): not evidence that a passage answers the question."""
    words = {t for role in roles for alias in role.aliases for t in tokens(alias)}
    short = {t for t in tokens(question) if len(t) >= 3 and any(w.startswith(t) for w in words)}
    return {stem(t) for t in words | short}


def _with_roles(scope: Scope, found: list[tuple[Role, ...]], **changes) -> Scope | None:
    """The scope with the roles found for each of its names, or None when one has none."""
    if not found or not all(found):
        return None
    roles = tuple(dict.fromkeys(r for rs in found for r in rs))
    form = question_form(scope.question.text, len(roles), scope.topics)
    return replace(scope, roles=roles, form=form, **changes)


def _typed_names(text: str, role_stems: set[str]) -> list[str]:
    """The roles' names as the question types them, when no alias is written so ("behavior
    techs" for the Registered Behavior Technician): runs of two or more of the names' words
    that end in an occupation word."""
    words = tokens(text)
    runs, i = [], 0
    while i < len(words):
        j = i
        while j < len(words) and stem(words[j]) in role_stems:
            j += 1
        if j - i >= 2 and is_head_noun(words[j - 1]):
            runs.append(" ".join(words[i:j]))
        i = max(j, i + 1)
    return runs


class CareerBot:
    """Grounded, cited answers from the store. Thread-safe: the index swaps whole snapshots."""

    def __init__(
        self, store, embedder, settings: BotSettings | None = None, mode: SearchMode = FULL
    ):
        self.store = store
        self.embedder = embedder
        self.settings = settings or BotSettings()
        self.mode = mode
        self.index = KnowledgeIndex(store, self.settings.freshness_seconds)
        self.topic_model = TopicModel(embedder.encode)
        self.llm = None  # set by bot.llm.attach_llm when an LLM is configured

    # -- public API --------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the model and the index now rather than on the first question."""
        self._snapshot()
        self.topic_model.similarity(self._embed(["warm up"])[0])

    def roles(self) -> list[str]:
        return self._snapshot().catalog.names()

    def snapshot(self) -> Snapshot:
        """What the bot knows now: documents, roles, the keyword index."""
        return self._snapshot()

    def answer(self, question: str, history: Sequence = (), role: str | None = None) -> Answer:
        started = time.perf_counter()
        parsed = Question.parse(question, history, role)
        result = self._answer(parsed)
        if self.llm is not None and not result.refused and result.citations:
            result = self.llm.rewrite(result, clean_history(history))
        result.latency_ms = (time.perf_counter() - started) * 1000
        return result

    def topics_reader(self, catalog) -> Callable[[str], list[str]]:
        """How this bot reads a text's topics: the word lists, then (when they find none) the
        topic model on the text without the roles' names ("dental" in "dental assistant" is
        no question about dental insurance). A text is embedded once, and only if needed."""
        vectors: dict[str, np.ndarray] = {}

        def topics_of(text: str) -> list[str]:
            if not self.mode.scoped or not self.mode.topic_model:
                return question_topics(text, None, None)
            stripped = without_names(text, catalog.names_in(text)) or text
            found = question_topics(stripped, None, None)
            if found:
                return found
            if stripped not in vectors:
                vectors[stripped] = self._embed([stripped])[0]
            return question_topics(stripped, vectors[stripped], self.topic_model)

        return topics_of

    # -- steps -------------------------------------------------------------------------------
    def _snapshot(self) -> Snapshot:
        try:
            return self.index.snapshot()
        except IngestError as exc:
            raise BotError(str(exc)) from exc

    def _embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.encode(texts)

    def _answer(self, question: Question) -> Answer:
        snap = self._snapshot()
        catalog = snap.catalog
        names, covered = catalog.names(), snap.topics
        asked = question.asked
        if not snap.docs:
            return Answer(asked, refusal("empty", names, covered), refused=True)
        if question.role and catalog.by_name(question.role) is None:
            raise BotError(
                f"Unknown role {question.role!r}; the knowledge base holds: {', '.join(names)}."
            )
        request = read_request(question)
        if request.kind in (INSTRUCTION, TASK, GREETING):
            reason = {INSTRUCTION: "injection", TASK: "task", GREETING: "greeting"}[request.kind]
            return Answer(asked, refusal(reason, names, covered), refused=True)

        scope = resolve(catalog, question, self.topics_reader(catalog))

        def refuse(reason: str) -> Answer:
            text = refusal(reason, names, covered, scope.others)
            return Answer(asked, text, refused=True, topics=list(scope.topics))

        if request.kind == ADVICE:
            return self._advice(snap, scope, request.domain)
        if scope.others and not scope.roles and not scope.ambiguous:
            scope = self._hosted(snap, scope)
        if scope.others and not scope.roles:
            return refuse("occupation")
        if not (scope.roles or scope.ambiguous) and self.mode.scoped:
            # "what does brightfern pay?": a name only one role's documents write
            scope = _with_roles(scope, [self.gatherer.named_only_by(snap, scope.text)]) or scope
        which = scope.asks_which
        if which and not scope.roles:
            name, roles = which
            return Answer(asked, which_role(name, [r.name for r in roles]), refused=False)
        search = self.search(snap, scope)
        preface = [CARE] if health_told(question.text) else []
        try:
            broad = len(question_terms(search.text, search.ignore)) <= 1
            if scope.roles and (
                scope.form in (SUMMARY, DEFINITION)
                or scope.form == COMPARISON
                and not set(scope.topics) - {"overview"}
                and broad
            ):
                return self._by_topic(search, preface)
            groups = self.gatherer.per_role(search) if scope.roles else None
            if groups is not None and scope.hosted and not any(g.evidence for g in groups):
                return refuse("occupation")  # its documents name the job, say nothing of it
            if not scope.roles:
                field = self.gatherer.unknown_field(search) if self.mode.scoped else None
                if field:
                    text = refusal("occupation", names, covered, [field])
                    return Answer(asked, text, refused=True, topics=list(scope.topics))
                groups = self.gatherer.unscoped(search)
        except IngestError as exc:
            raise BotError(str(exc)) from exc
        if groups is None:
            return refuse("off-topic")
        best = max((e.similarity for g in groups for e in g.evidence), default=0.0)
        context = scope.context
        floor = self.settings.offtopic_similarity
        if context.points_back:  # "what do I send them?": it leans on the conversation
            floor = self.settings.topic_only_similarity
        if context.inherited_roles and not scope.topics and best < floor:
            return refuse("off-topic")  # a change of subject, not a follow-up
        return self._compose(search, groups, preface)

    def _hosted(self, snap: Snapshot, scope: Scope) -> Scope:
        """A scope whose occupations with no role of their own are a role after all ("the
        kestrel hollow coordinator"), or answered from a role's documents that speak of them
        (a guide titled "EMT or Paramedic?", a cardiovascular guide's "cath lab
        technologists"; the answer says so)."""
        others = scope.others
        titled = _with_roles(scope, [snap.catalog.titled(o) for o in others], hosted=others)
        if not self.mode.scoped:  # an evaluation without roles reads no role's documents
            return titled or scope
        gatherer = self.gatherer
        return (
            titled
            or _with_roles(scope, [gatherer.with_employer(snap, o) for o in others], others=())
            or _with_roles(scope, [gatherer.writing_of(snap, o) for o in others], hosted=others)
            or scope
        )

    @property
    def gatherer(self) -> Gatherer:
        return Gatherer(self.index, self.settings, self.mode, self._embed, self.topic_model)

    def search(self, snap: Snapshot, scope: Scope) -> Search:
        """What is searched for a scope: the text as read, the query, their vectors."""
        aliases = [a for r in scope.roles for a in r.aliases]
        text = correct(snap.words, scope.text)  # "responsiblities" -> "responsibilities"
        query = text
        if scope.context.inherited_roles:
            query = f"{' and '.join(r.name for r in scope.roles)}: {text}"
        # Passages are scored against the question without the role's names, which would
        # otherwise make every passage that names the role look like an answer.
        # ... nor with the name of the employer or school whose documents they are
        doc_ids = [d for r in scope.roles for d in r.doc_ids]
        chunks = self.index.documents_chunks(snap, doc_ids)
        role_chunks: dict[str, list] = {d: [] for d in doc_ids}
        for chunk in chunks:
            role_chunks[chunk.doc_id].append(chunk)
        names = document_names(text, chunks)
        role_words = _role_words(scope.roles, text)
        typed = _typed_names(text, role_words)
        stripped = without_names(
            without_exceptions(text), [*aliases, *typed, *names], shortened=True
        )
        if not [t for t in tokens(stripped) if t not in STOPWORDS]:
            # "what does a vet assistant do at Quillon Creek?" is its topic; "what is an OTA?"
            # is nothing without the name
            topic = topic_phrase(scope.topics) if "overview" not in scope.topics else ""
            stripped = f"{stripped} {topic}" if topic else query
        elif "overview" in scope.topics:
            stripped = query
        vectors = self._embed([query, stripped])
        # neither the roles' names nor the words naming the topic tell which passage answers
        ignore = role_words | topic_words(text) | {stem(n) for n in names}
        aside = frozenset(s for words in set_aside(text) for s in content_stems(words)) - ignore
        ignore |= aside
        return Search(snap, scope, query, vectors[0], vectors[1], text, ignore, aside, role_chunks)

    def _compose(
        self, search: Search, groups: list[RoleEvidence], preface: Sequence[str] = ()
    ) -> Answer:
        scope = search.scope
        if any(g.gaps for g in groups):
            for group in groups:  # the closest passages only, briefly
                if group.gaps:
                    group.evidence = group.evidence[:3]
        keep = set()
        pairs = []
        for group in groups:
            found = _disagreement(group, scope.topics)
            if found:
                keep |= {group.evidence[found.first].key, group.evidence[found.second].key}
        budget = self.settings.answer_words * (2 if scope.form == "list" else 1)
        trim_to_words([g.evidence for g in groups], budget, keep)
        for group in groups:
            found = _disagreement(group, scope.topics)
            if found:
                pairs.append((group, found))
        text, citations = compose(
            groups,
            scope.topics,
            search.snap.docs,
            pairs,
            preface=[*preface, *_ambiguity(scope)],
            others=[o for o in scope.others if " " in o and o not in scope.hosted]
            if scope.roles
            else [],
        )
        return Answer(
            scope.question.asked,
            text,
            refused=False,
            citations=citations,
            roles=[g.role for g in groups if g.evidence],
            topics=list(scope.topics),
            gaps="; ".join(g.gaps for g in groups if g.gaps),
            retrieved=search.retrieved,
        )

    def _by_topic(self, search: Search, preface: Sequence[str] = ()) -> Answer:
        """A rundown of one role, or the same topics side by side for several."""
        scope = search.scope
        roles = list(scope.roles[:3])
        covered = set(search.snap.topics) | {"overview"}
        asked = [t for t in scope.topics if t != "overview"]
        if scope.form == COMPARISON:
            topics = asked or [t for t in COMPARED_TOPICS if t in covered]
        elif scope.form == DEFINITION:
            topics = [t for t in DEFINITION_TOPICS if t in covered]
        else:  # a rundown: the main topics, and any other it names
            topics = [t for t in RUNDOWN_TOPICS if t in covered]
            topics += [t for t in asked if t not in topics]
        lines = by_topic(self.gatherer, search, roles, topics)
        text, citations = compose_by_topic(
            lines,
            [r.name for r in roles],
            search.snap.docs,
            preface=[*preface, *_ambiguity(scope)],
        )
        return Answer(
            scope.question.asked,
            text,
            refused=False,
            citations=citations,
            roles=[r.name for r in roles],
            topics=topics,
            retrieved=search.retrieved,
        )

    def _advice(self, snap: Snapshot, scope: Scope, domain: str) -> Answer:
        """No personal advice; what the guides say on the closest topic, labelled, when the
        question names a role."""
        topic = _ADVICE_TOPICS.get(domain)
        if not scope.roles or topic is None or not self.mode.scoped:
            return Answer(scope.question.asked, advice_refusal(domain), refused=True)
        labelled = Scope(
            question=scope.question,
            text=scope.text,
            roles=scope.roles[:1],
            topics=(topic,),
            form=scope.form,
            context=scope.context,
        )
        search = self.search(snap, labelled)
        groups = self.gatherer.per_role(search)
        for group in groups:
            group.evidence, group.gaps = group.evidence[:3], ""
        groups = [g for g in groups if g.evidence][:1]
        lines, citations = compose(groups, [topic], snap.docs) if groups else ("", [])
        return Answer(
            scope.question.asked,
            advice_refusal(domain, lines),
            refused=True,
            citations=citations,
            topics=[topic],
            retrieved=search.retrieved,
        )


def _disagreement(group: RoleEvidence, topics: Sequence[str]):
    texts = [e.unit.text for e in group.evidence]
    return find_disagreement(texts, [e.chunk.heading_path for e in group.evidence], topics)


def _ambiguity(scope: Scope) -> list[str]:
    """Why the answer covers the roles it does: several for one name the question used, or
    another role's documents for a job with no role of its own."""
    out = []
    if scope.hosted:
        hosts = " and ".join(r.name for r in scope.roles)
        several = sum(len(r.doc_ids) for r in scope.roles) > 1
        named = " or ".join(scope.hosted)
        which = "documents, which also speak" if several else "document, which also speaks"
        out.append(
            f"The knowledge base has no role of its own for {named}; what follows is from the"
            f" {hosts} {which} of {named}."
        )
    for name, roles in scope.ambiguous:
        if set(roles) <= set(scope.roles):
            listed = " and ".join(r.name for r in roles)
            out.append(f"“{name}” can mean {listed}; here is what the documents say for each.")
    return out


__all__ = ["CareerBot", "MAX_QUESTION_CHARS", "clean_history", "clean_question"]
