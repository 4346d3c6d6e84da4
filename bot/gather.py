"""From a resolved question to the passages an answer quotes, role by role (a rundown's
topic-by-topic lines are bot.rundown's).

A search runs in the documents of each role the question names (or in all, when it names
none), scores each sentence, bullet and row, and chooses the few that answer. What the
question asks for specifically (a facet: an age, night shifts, a cost) is looked for in all
of the role's documents, and said to be missing when none states it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from rapidfuzz import fuzz, process

from bot import keywords
from bot.answer import RoleEvidence, topic_phrase
from bot.config import BotSettings
from bot.conflicts import find_disagreement, pay_figure
from bot.equivalents import equivalents
from bot.evidence import (
    LIST_TOPICS,
    W_LEXICAL,
    Evidence,
    document_names,
    is_duplicate,
    leading_topics,
    question_terms,
    score_units,
    select,
)
from bot.gaps import (
    GENERIC_WORDS,
    describe_gaps,
    facets_asked,
    misleads,
    places_named,
    states,
    unknown_terms,
    varies_by_place,
)
from bot.index import Chunk, KnowledgeIndex, Snapshot
from bot.retrieval import SearchMode, hybrid_search
from bot.roles import Role, head_key, role_field
from bot.scope import LIST, YESNO, Scope
from bot.text import STOPWORDS, content_stems, normalize, stem, tokens
from ingest.occupations import singular
from ingest.topics import TopicModel
from ingest.topics import heading_topics as topic_cues

# "Yes, ..." or "No. ...": the answer word of a FAQ ("No experience is required" is none)
YES_NO_LEAD = re.compile(r"^\W*(yes|no)\s*[,.;:!]\s*", re.IGNORECASE)
# A section naming other jobs ("Similar Occupations") speaks of those jobs, not of this one.
_OTHER_JOBS_HEADING = re.compile(
    r"\b(similar|related|other|alternative)\s+(occupations?|careers?|jobs?|roles?|professions?"
    r"|positions?)\b|\bcareers?\s+like\b|\byou (may|might) also\b",
    re.IGNORECASE,
)
_ASKS_OTHER_JOBS = re.compile(
    r"\b(similar|related|other|alternative|different)\b.*\b(occupations?|careers?|jobs?|roles?"
    r"|professions?|positions?|fields?|options?)\b|\b(jobs?|careers?) like\b|\binstead\b",
    re.IGNORECASE,
)


@dataclass
class Search:
    """One question on its way through: what is searched, its vectors, what was retrieved."""

    snap: Snapshot
    scope: Scope
    query: str  # the text searched (with the roles' names when they come from the conversation)
    vector: np.ndarray
    unit_vector: np.ndarray  # the question without the roles' names, for scoring passages
    text: str  # the question as read: typos corrected, a follow-up completed
    ignore: set[str]  # stems of the roles' names: no evidence of an answer
    set_aside: frozenset[str] = frozenset()  # stems of what the question excludes ("besides X")
    # every live chunk of the named roles' documents, by document, read once per question
    role_chunks: dict[str, list[Chunk]] = field(default_factory=dict)
    retrieved: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, section), ranked

    def documents_chunks(self, index: KnowledgeIndex, doc_ids: Sequence[str]) -> list[Chunk]:
        """Every live chunk of these documents, in reading order: the named roles' as read
        for this question, others from the store."""
        if not all(d in self.role_chunks for d in doc_ids):
            return index.documents_chunks(self.snap, list(doc_ids))
        return [c for d in sorted(set(doc_ids)) for c in self.role_chunks[d]]


class Gatherer:
    def __init__(
        self,
        index: KnowledgeIndex,
        settings: BotSettings,
        mode: SearchMode,
        encode: Callable[[list[str]], np.ndarray],
        topic_model: TopicModel,
    ) -> None:
        self.index = index
        self.settings = settings
        self.mode = mode
        self.encode = encode
        self.topic_model = topic_model

    # -- scoring -----------------------------------------------------------------------------
    def evidence(self, search: Search, doc_ids: list[str] | None) -> list[Evidence]:
        topics = search.scope.topics if self.mode.scoped else ()
        chunks = hybrid_search(
            self.index,
            search.snap,
            search.query,
            search.vector,
            self.settings.chunk_candidates,
            doc_ids,
            topics,
            self.mode,
        )
        search.retrieved += [(c.doc_id, c.heading_path) for c in chunks]
        return self.score(search, chunks[:10])

    def score(self, search: Search, chunks: list[Chunk]) -> list[Evidence]:
        self.index.load_unit_vectors(chunks, search.unit_vector.shape[0])
        names = [a for role in search.scope.roles for a in role.aliases]
        topics = search.scope.topics if self.mode.scoped else ()
        return score_units(
            chunks,
            search.unit_vector,
            search.text,
            topics,
            search.ignore,
            names,
            idf=lambda term: keywords.idf(search.snap, term),
            # a yes/no question turns on its own words ("children", "nights")
            w_lexical=0.8 if search.scope.form == YESNO else W_LEXICAL,
        )

    def budget(self, groups: int, topics: Sequence[str]) -> int:
        base = self.settings.max_quotes + (2 if set(topics) & LIST_TOPICS else 0)
        return max(3, base // groups) if groups > 1 else base

    def choose(self, evidence: list[Evidence], search: Search, budget: int) -> list[Evidence]:
        scope = search.scope
        topics = scope.topics
        # what the documents say of other jobs answers a question that names or asks for one
        asks_other_jobs = bool(
            _ASKS_OTHER_JOBS.search(search.text) or scope.others or len(scope.roles) > 1
        )
        evidence = [_without_yes_no(e) if _answers_another_question(e, search) else e
                    for e in evidence if not _set_aside(e, search.set_aside)
                    and (asks_other_jobs or not _about_other_jobs(e))]  # fmt: skip
        evidence = [e for e in evidence if e is not None]
        # a yes/no question turns on its one point; a broad "what do they need?" gets the list
        broad = scope.form != YESNO and len(question_terms(search.text, search.ignore)) <= 1
        whole = scope.form == LIST
        # asked for the list, a list written as prose ("An EKG tech runs ... Many also fit
        # Holter monitors ...") is shown with more of its sentences
        chosen = select(
            evidence, topics, budget, broad=broad, whole_list=whole, min_units=5 if whole else 3
        )
        # Where the candidates disagree on what is asked (two pay figures, two education
        # levels), both sides are shown, whatever their rank.
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

    # -- by role ----------------------------------------------------------------------------
    def per_role(self, search: Search) -> list[RoleEvidence]:
        scope = search.scope
        budget = self.budget(len(scope.roles), scope.topics)
        wanted = set(scope.topics) - {"overview"}
        groups = []
        first = next((t for t in scope.topics if t in wanted), "")
        asks_pay = first == "salary" and bool(_ASKS_PAY.search(normalize(search.text)))
        # a job with no role of its own is answered from the sections that write of it
        hosted = [p for p in map(occupation_pattern, scope.hosted) if p is not None]
        for role in scope.roles[:4]:
            evidence = self.evidence(search, list(role.doc_ids) if self.mode.scoped else None)
            if hosted:
                evidence = [e for e in evidence if any(p.search(e.chunk.text) for p in hosted)]
            chosen = self.choose(evidence, search, budget)
            group = RoleEvidence(role.name, chosen)
            if len(scope.roles) > 1:
                group.evidence = self.links(search, role) + group.evidence
            self.facets(search, role, group, evidence)
            terms = question_terms(search.text, search.ignore)
            on_topic = any(
                set(e.unit.topics) & wanted or terms & set(content_stems(e.unit.text))
                for e in group.evidence
            )  # a passage with the question's own words answers, whatever its topic
            if wanted and self.mode.scoped and not on_topic:
                # the search missed it, but the documents have a section on it: read those
                on_topic = self.from_topic_chunks(search, role, group, wanted, budget)
            # "how much do they make once they graduate?" of a school's page: its sums are what
            # the program costs, not what the job pays
            no_pay = asks_pay and not any(
                pay_figure(e.unit.text) for e in [*evidence, *group.evidence]
            )
            if wanted and self.mode.scoped and not on_topic:
                missing = topic_phrase(scope.topics)
                group.gaps = describe_gaps(
                    [], [], [], [missing, group.gaps] if group.gaps else [missing]
                )
                group.evidence = [e for e in group.evidence if e.pinned]
            elif self.mode.scoped and (
                no_pay
                or len(wanted) > 1
                and asks_pay
                and not search.snap.covers(role.doc_ids, [first])
            ):
                # "how much do they make once they finish the course?": the course is there,
                # what they make is not, and the answer says so first (only pay asked in so
                # many words: a topic named in passing, "I work nights", is background)
                missing = topic_phrase([first])
                group.gaps = describe_gaps(
                    [], [], [], [missing, group.gaps] if group.gaps else [missing]
                )
            groups.append(group)
            if self.mode.scoped and len(scope.roles) == 1:
                groups += self.from_equivalent_roles(search, role, budget, group)
        return groups

    def from_topic_chunks(
        self, search: Search, role: Role, group: RoleEvidence, wanted: set[str], budget: int
    ) -> bool:
        if not search.snap.covers(role.doc_ids, wanted):
            return False
        chunks = [
            c for c in search.documents_chunks(self.index, role.doc_ids) if set(c.topics) & wanted
        ]
        evidence = [e for e in self.score(search, chunks[:20]) if set(e.unit.topics) & wanted]
        chosen = self.choose(evidence, search, budget)
        if not chosen:
            return False
        group.evidence = [e for e in group.evidence if e.pinned] + chosen
        return True

    def links(self, search: Search, role: Role) -> list[Evidence]:
        """Passages of this role's documents that give another asked-about role's name as
        another name for this one ("also known as Occupational Therapy Assistants")."""
        out = []
        for other in search.scope.roles:
            if other is role:
                continue
            for chunk, unit, _ in equivalents(self.index, search.snap, other):
                if chunk.doc_id in role.doc_ids:
                    out.append(self.pinned(search, chunk, unit))
        return [e for e in out if e is not None]

    def pinned(self, search: Search, chunk: Chunk, unit) -> Evidence | None:
        self.index.load_unit_vectors([chunk], search.vector.shape[0])
        vectors = chunk.unit_vectors(search.vector.shape[0])
        if len(vectors) <= unit.index:
            return None
        vector = vectors[unit.index]
        return Evidence(chunk, unit, vector, float(vector @ search.vector), 0.0, 0, pinned=True)

    def from_equivalent_roles(
        self, search: Search, role: Role, budget: int, own: RoleEvidence
    ) -> list[RoleEvidence]:
        """What documents that give the role's name as another name for theirs say on the
        question's topic, with the passage that says so: all of it when the role's own
        documents are silent on the topic, its best lines when they are not."""
        topics = search.scope.topics
        wanted = set(topics) - {"overview"}
        if not wanted:
            return []
        silent = not any(set(e.unit.topics) & wanted for e in own.evidence if not e.pinned)
        if not silent and search.scope.question.role:
            return []  # the user picked this role: other roles' documents only where it is silent
        best_own = max((e.score for e in own.evidence), default=0.0)
        groups = []
        for chunk, unit, name in equivalents(self.index, search.snap, role):
            chosen = self.choose(self.evidence(search, [chunk.doc_id]), search, budget)
            on_topic = [e for e in chosen if set(e.unit.topics) & wanted]
            if not silent:  # a second opinion only when it answers better than the role's own
                on_topic = [e for e in on_topic if e.score > best_own + 0.05][:2]
            bridge = self.pinned(search, chunk, unit)
            if not on_topic or bridge is None:
                continue
            doc = search.snap.docs.get(chunk.doc_id)
            note = f"its guide gives “{name}” as another name for the role"
            groups.append(
                RoleEvidence(doc.role if doc else chunk.doc_id, [bridge, *on_topic], note)
            )
        return groups[:1]

    def facets(
        self, search: Search, role: Role, group: RoleEvidence, evidence: list[Evidence]
    ) -> None:
        """What the question asks for specifically: the role's passages that state it join
        the answer; what none states becomes the group's gap."""
        scope = search.scope
        asked = facets_asked(scope.question.text)
        places = places_named(scope.question.text)
        doc_ids = list(role.doc_ids)
        missing_places = [p for p in places if not keywords.mentions(search.snap, p, doc_ids)]
        if missing_places:
            self._pin_place_caveat(search, doc_ids, group)
        missing: list[str] = []
        if asked:
            chunks = search.documents_chunks(self.index, doc_ids)
            stating = {f.said: [] for f in asked}
            topics = set(scope.topics) - {"overview"}
            asked_words = set(content_stems(scope.question.text)) - search.ignore
            for chunk in chunks:
                for unit in chunk.units:
                    text = f"{chunk.meta.get('table_header', '')} {unit.text}"
                    if not may_answer(chunk, unit, topics, asked_words):
                        continue
                    for f in asked:
                        if states(f, text):
                            stating[f.said].append((chunk, unit))
            scored = {e.key: e for e in evidence}
            for f in asked:
                found = stating[f.said]
                # a line chosen for the answer may state it, whatever its section's topic
                chosen_states = any(states(f, e.unit.text) for e in group.evidence)
                if not found and chosen_states:
                    continue
                if not found:
                    missing.append(f.said)
                    # the closest lines are not the ones that only look like an answer
                    group.evidence.sort(key=lambda e: misleads(f, e.unit.text))
                    continue
                candidates = self.score(search, list({c.id: c for c, _ in found}.values()))
                keys = {(c.id, u.index) for c, u in found}
                best = [e for e in candidates if e.key in keys][:2]
                if not best and not chosen_states:
                    missing.append(f.said)
                for e in best:
                    e = scored.get(e.key, e)
                    if _answers_another_question(e, search):
                        e = _without_yes_no(e)
                    if e is None:
                        continue
                    if e not in group.evidence and not is_duplicate(e, group.evidence):
                        e.pinned = True
                        group.evidence.insert(0, e)
        terms: list[str] = []
        if not asked:
            known = frozenset(search.ignore | {stem(w) for p in places for w in tokens(p)})
            terms = unknown_terms(
                scope.question.text, lambda w: self._mentioned(search.snap, w, doc_ids), known
            )
        group.gaps = describe_gaps(missing_places, missing, terms)
        if scope.form == YESNO and group.evidence:
            group.lead = max(group.evidence, key=lambda e: (e.pinned and not missing, e.score))

    def _pin_place_caveat(self, search: Search, doc_ids: list[str], group: RoleEvidence) -> None:
        """A place the documents never name: their line saying it depends on where one works
        ("pay may vary based on ... location") is the closest thing they say."""
        topics = set(search.scope.topics) - {"overview"}
        chunks = [
            c
            for c in search.documents_chunks(self.index, doc_ids)
            if any(varies_by_place(u.text) and may_answer(c, u, topics, set()) for u in c.units)
        ]
        if not chunks:
            return
        best = [e for e in self.score(search, chunks) if varies_by_place(e.unit.text)][:1]
        for e in best:
            if e not in group.evidence and not is_duplicate(e, group.evidence):
                e.pinned = True
                group.evidence.insert(0, e)

    def _mentioned(self, snap: Snapshot, word: str, doc_ids: list[str] | None) -> bool:
        if keywords.mentions(snap, word, doc_ids):
            return True
        vocab = keywords.vocabulary(snap)
        close = (
            process.extractOne(stem(word), vocab, scorer=fuzz.ratio, score_cutoff=85)
            if vocab
            else None
        )
        return bool(close) and keywords.mentions(snap, close[0], doc_ids, stemmed=True)

    # -- no role named ----------------------------------------------------------------------
    def writing_of(self, snap: Snapshot, occupation: str) -> tuple[Role, ...]:
        """The roles (two at most) whose documents write of an occupation the knowledge base
        has no role for: "cath lab techs" in a cardiovascular technologist's guide that writes
        "cath lab technologists". Its words beside the head must stand there as written, twice,
        outside a section setting the two apart ("Not the same as a surgical technologist"):
        a guide that names "flight medic jobs" once in passing does not speak of them."""
        written = occupation_pattern(occupation)
        if written is None or len(tokens(occupation)) < 2:
            return ()
        hits = keywords.search(snap, occupation, 10, None)
        chunks = self.index.fetch(snap, [chunk_id for chunk_id, _ in hits])
        times: dict[str, int] = {}
        for c in chunks:
            if not _SETS_APART.search(c.heading_path):
                times[c.doc_id] = times.get(c.doc_id, 0) + len(written.findall(c.text))
        roles = {snap.catalog.role_of(d) for d, n in times.items() if n >= 2} - {None}
        # an assistant's guide writes of "the occupational therapist" who supervises: a job
        # inside the role's own name is a near-namesake the documents do not cover, as is the
        # physical therapist a physical therapy aide works under, the job its field names
        roles = {
            r
            for r in roles
            if not any(written.search(a) for a in r.aliases)
            and not _names_the_field(tokens(occupation), role_field(r.name))
        }
        return tuple(sorted(roles, key=lambda r: r.name)) if len(roles) <= 2 else ()

    def with_employer(self, snap: Snapshot, occupation: str) -> tuple[Role, ...]:
        """ "The kestrel hollow coordinator job": the one role named so whose documents name
        an employer with the name's first words ("Kestrel Hollow Home Care"), not a kind of
        job; of two instructors, the one whose school is Northwind."""
        words = tokens(occupation)
        roles = snap.catalog.with_head(words[-1]) if len(words) >= 2 else []
        named = []
        for role in roles[:8]:
            chunks = self.index.documents_chunks(snap, list(role.doc_ids))
            # the school's name may stand only in the page's title ("... | Northwind Institute")
            titles = " ".join(snap.docs[d].title for d in role.doc_ids if d in snap.docs)
            in_title = {w.lower() for w in re.findall(r"\b[A-Z][a-z]{2,}\b", titles)}
            if set(words[:-1]) <= set(document_names(occupation, chunks)) | in_title:
                named.append(role)
        return tuple(named) if len(named) == 1 else ()

    def named_only_by(self, snap: Snapshot, text: str) -> tuple[Role, ...]:
        """The one role whose documents alone write a name the question uses: an employer's
        or a school's ("what does brightfern pay?"), a credential's acronym ("the LACE"). A
        word of the trade two roles share says nothing of whose job it is."""
        for word in dict.fromkeys(tokens(text)):
            if len(word) < 3 or not word.isalpha() or word in STOPWORDS:
                continue
            if stem(word) in GENERIC_WORDS:
                continue
            roles = {
                snap.docs[d].role for d in keywords.documents_using(snap, word) if d in snap.docs
            }
            role = snap.catalog.by_name(roles.pop()) if len(roles) == 1 else None
            if role is None:
                continue
            chunks = self.index.documents_chunks(snap, list(role.doc_ids))
            if word in document_names(text, chunks) or _acronym(word, chunks):
                return (role,)
        return ()

    def unknown_field(self, search: Search) -> str | None:
        """A line of work the question names that no document mentions ("welding jobs",
        "the outlook for cosmetology"): the question is about it, not about our roles."""
        text = normalize(search.text)
        found = [m.group(1) for m in _BEFORE_WORK.finditer(text)]
        found += [m.group(1) for m in _AFTER_TOPIC.finditer(text)]
        found += [m.group(1) for m in _PLURAL_SUBJECT.finditer(text)]
        for word in found:
            if word in STOPWORDS or stem(word) in GENERIC_WORDS or word in _NOT_FIELDS:
                continue
            if not self._mentioned(search.snap, word, None):
                return word
        return None

    def unscoped(self, search: Search) -> list[RoleEvidence] | None:
        """No role named: answer from every role that has a good passage, or None (off-topic)."""
        scope, docs = search.scope, search.snap.docs
        evidence = self.evidence(search, None)
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
                return [RoleEvidence("these roles", [], gaps=topic_phrase(scope.topics))]
        ranked_roles = sorted(by_role, key=lambda r: -by_role[r][0].score)[:3]
        budget = self.budget(len(ranked_roles), scope.topics)
        return [RoleEvidence(r, self.choose(by_role[r], search, budget)) for r in ranked_roles]


# a field named before the work ("welding jobs") or after a topic ("the outlook for welding")
_BEFORE_WORK = re.compile(
    r"\b([a-z]{4,})\s+(?:jobs?|field|careers?|industry|trade|school|programs?|work)\b"
)
_AFTER_TOPIC = re.compile(
    r"\b(?:outlook|pay|salary|salaries|jobs?|careers?|work|training|future|demand)\s+(?:for|in|of)"
    r"\s+(?:an?\s+|the\s+)?([a-z]{4,})\b"
)
# "how much do farriers make?": people no document mentions are a line of work it does not cover
_PLURAL_SUBJECT = re.compile(
    r"\b(?:how much|what) (?:do|can|would|will|did) ([a-z]{4,}s) (?:make|earn|get paid|do)\b"
)
_NOT_FIELDS = set(
    """these those their there what which good best entry level part full time
paying other some many most every any more less same different grads graduates beginners
newbies people folks guys students trainees interns employees workers parents newcomers
externs hires starters seniors juniors teens adults kids veterans""".split()
)
_ASKS_PAY = re.compile(
    r"\bhow much (do|does|will|would|can|could)\b[^?,;]{0,40}\b(make|earn|get paid|pay)"
    r"|\bwhat (do|does|will|would|can)\b[^?,;]{0,40}\b(make|earn|pay)\b"
    r"|\b(salary|salaries|pay|wages?|hourly rate)\b[^,;]{0,20}\?"
)


# A section on how a role differs from another job ("Not the same as a surgical technologist")
_SETS_APART = re.compile(r"\b(not the same|differ\w*|vs\.?|versus|unlike|confused)\b", re.I)


def _acronym(word: str, chunks: Sequence[Chunk]) -> bool:
    """Whether the documents write the word only in capitals ("LACE", "CCRT")."""
    pattern = re.compile(rf"\b{re.escape(word)}s?\b", re.IGNORECASE)
    written = [m.group(0) for c in chunks for m in pattern.finditer(c.text)]
    return bool(written) and all(w.rstrip("s").isupper() for w in written)


def _names_the_field(words: list[str], field: tuple[str, ...]) -> bool:
    """ "physical therapist" for the field "physical therapy"."""
    return (
        len(words) == len(field) > 0
        and all(stem(w) == stem(f) for w, f in zip(words[:-1], field[:-1], strict=True))
        and words[-1][:5] == field[-1][:5]
    )


def occupation_pattern(occupation: str) -> re.Pattern[str] | None:
    """An occupation as documents write it: its words, the head in any of its forms
    ("cath lab techs": "cath lab technologists"), an abbreviation in brackets between."""
    words = tokens(occupation)
    if not words or words[0] in STOPWORDS:
        return None
    *modifiers, head = words
    heads = (
        r"tech(?:s|nicians?|nologists?)?"
        if head_key(head) == "tech"
        else re.escape(singular(head)) + r"(?:s|es)?"
    )
    before = "".join(re.escape(m) + r"[\s-]+(?:\(\w+\)\s+)?" for m in modifiers)
    return re.compile(rf"\b{before}{heads}\b", re.IGNORECASE)


def may_answer(chunk: Chunk, unit, topics: set[str], question_words: set[str]) -> bool:
    """Whether a passage can state what a question on these topics asks: it is about one of
    them, or its section is headed with a word of the question ("how long is the program?"
    under "Program length and schedule"). "1 to 2 years of experience" under the career path
    says nothing of how long a program takes; a line in a section with other lines on the
    topic right before it may ("Pass the exam. You keep it current every two years.")."""
    if not topics or leading_topics(unit) & _how_to_become_one(topics):
        return True
    units = chunk.units
    if 0 < unit.index < len(units) and leading_topics(units[unit.index - 1]) & topics:
        return True  # "Pass the exam. You keep it current ...": it goes on from that line
    return bool(set(content_stems(chunk.heading_path)) & question_words)


def _how_to_become_one(topics: set[str]) -> set[str]:
    """Training and credentials are one path to the job: a program's pathways ("12 months
    for registered radiographers") may read as licensing, an exam's prerequisites as
    education."""
    if topics & {"education", "licensing"}:
        return topics | {"education", "licensing"}
    return topics


def _set_aside(e: Evidence, stems: frozenset[str]) -> bool:
    """A passage about what the question sets aside ("besides repairing buoys"): most of
    those words are its own."""
    if not stems:
        return False
    shared = stems & set(content_stems(e.unit.text))
    return len(shared) * 2 > len(stems) or len(shared) >= 2


def _about_other_jobs(e: Evidence) -> bool:
    return any(_OTHER_JOBS_HEADING.search(h) for h in e.chunk.heading_path.split(" > "))


def _without_yes_no(e: Evidence) -> Evidence | None:
    """The sentence after its "Yes," or "No,": still the source's own words, and no longer
    read as the answer to the question asked. None when little is left ("Yes.")."""
    lead = YES_NO_LEAD.match(e.unit.text)
    rest = e.unit.text[lead.end() :]
    if len(rest.split()) < 4:
        return None
    unit = replace(e.unit, text=rest, start=e.unit.start + lead.end())
    return replace(e, unit=unit)


def _answers_another_question(e: Evidence, search: Search) -> bool:
    """A FAQ answer starting "Yes," or "No," whose question (its heading) is not the one
    asked: quoted under another question it would read as the answer to this one."""
    if not YES_NO_LEAD.match(e.unit.text):
        return False
    heading = e.chunk.heading_path.rsplit(" > ", 1)[-1]
    if not heading.rstrip().endswith("?"):
        return False
    asked = set(content_stems(search.text)) - search.ignore
    theirs = set(content_stems(heading)) - search.ignore
    if asked & theirs:
        return False
    # On the same topic it answers this one only when this one asks nothing more specific:
    # "do they need a licence?" under "Do they need a licence?", but not "will I keep
    # studying once hired?" under "Do they need a degree?".
    same_topic = set(topic_cues(heading)) & (set(search.scope.topics) - {"overview"})
    return not (same_topic and not asked)  # topic words are in search.ignore
