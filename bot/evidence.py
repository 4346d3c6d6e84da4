"""From retrieved chunks to the few sentences and bullets that answer the question.

Each unit is scored by its similarity to the question, the question's own words it contains,
its topic and its chunk's rank. The best are chosen without near-duplicates; a broad question
about a list topic (duties, skills, benefits) gets the list; a sentence that leans on the one
before it ("These credentials are ...") comes with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot.gaps import GENERIC_WORDS
from bot.index import Chunk
from bot.text import STOPWORDS, content_stems, normalize, tokens
from bot.topics import scoring_topics
from bot.wording import TermMatcher, in_plain_words
from ingest.names import without_names
from ingest.records import StoredUnit
from ingest.roles import is_english_word

LIST_TOPICS = {"duties", "skills", "benefits"}
LIST_UNITS = 7  # items of a list shown at most
WHOLE_LIST_UNITS = 16  # when the question asks for the list, or the list is short
SHORT_LIST_WORDS = 120
DUPLICATE_SIMILARITY = 0.87
FAR_BEHIND = 3  # margins behind the best passage: no passage this far behind is shown
MONEY = re.compile(r"\$\s?\d")
# "Where do they work?", "what kinds of workplaces": answered by the passages naming places
ASKS_PLACE = re.compile(
    r"\bwhere (do|does|would|will|can|could|might|are|is)\b[^?]{0,40}\b(work|employ|hire|hired|"
    r"jobs?|based)\b|\b(kinds?|types?|sorts?|what|which) of (work ?)?(places?|settings?|"
    r"facilities|employers?)\b|\bworkplaces?\b|\bwork settings?\b"
    r"|\bremote(ly)?\b|\b(work|working|jobs?) from home\b",
    re.IGNORECASE,
)
PLACE = re.compile(
    r"\b(hospitals?|clinics?|cent(er|re)s?|facilit(y|ies)|nursing homes?|(patients|clients|"
    r"private|their own) homes|schools|practices|offices|laborator(y|ies)|pharmac(y|ies)|"
    r"agenc(y|ies))\b",
    re.IGNORECASE,
)

W_LEXICAL = 0.5
W_HEADING_WORDS = 0.5  # a question word in the section's heading, against one in the passage
W_TOPIC = 0.15
W_PRIMARY_TOPIC = 0.1
W_MONEY = 0.15
W_PLACE = 0.15  # a place named, when the question asks where
W_CHUNK = 0.05
W_LIST_ITEM = 0.12  # a list question is best answered by the list
W_DEFINITION = 0.2  # "An OTA is ...": what an overview question wants first
W_WEAK = 0.08  # fragments, rhetorical questions, "Let's dive in.": no claim of their own
W_FAQ = 0.15  # the first line under a FAQ question that asks what the question asks

# A sentence that cannot stand alone: "This usually involves...", "These may include...".
_LEANS_BACK = re.compile(
    r"^(this|that|it|these|those|such)\s+(\w+\s+)?(can|may|might|is|was|are|were|will|would|"
    r"could|should|usually|often|also|includes?|involves?|means?|have|has)\b",
    re.IGNORECASE,
)
_CONTINUES = re.compile(r"^(this|these|that|those|they|it|such)\b", re.IGNORECASE)


@dataclass(eq=False)  # compared by identity: holds numpy vectors
class Evidence:
    chunk: Chunk
    unit: StoredUnit
    vector: np.ndarray
    similarity: float  # cosine similarity of the unit to the question
    score: float
    chunk_rank: int
    pinned: bool = False  # must stay in the answer (the passage that links two roles)

    @property
    def key(self) -> tuple[str, int]:
        return (self.chunk.id, self.unit.index)

    @property
    def doc_id(self) -> str:
        return self.chunk.doc_id

    @property
    def position(self) -> tuple[int, int]:
        return (int(self.chunk.meta.get("position", 0)), self.unit.index)


def question_terms(question: str, ignore_words: set[str] = frozenset()) -> set[str]:
    """Stems of the words that make a question specific: not role names, not generic words."""
    stems = content_stems(in_plain_words(question))
    return {s for s in stems if s not in ignore_words and s not in GENERIC_WORDS}


# The employer's or the template's voice, not a claim about the role: "We are looking for an
# experienced ...", "Feel free to modify ...", "If you fit this description ...".
_EMPLOYER_VOICE = re.compile(
    r"^(we are|we're|we)\s+(looking for|seeking|hiring|searching)\b|^(feel free|use this|if you "
    r"(fit|think|are|want|need)|to be successful in this role|join (us|our team)|make sure to)\b",
    re.IGNORECASE,
)


def is_weak(unit: StoredUnit) -> bool:
    text = unit.text.rstrip()
    if text.endswith(",") or text.endswith(":"):
        return True  # a fragment of a longer sentence, or a lead-in
    if _EMPLOYER_VOICE.match(text):
        return True
    return unit.kind == "sentence" and (
        bool(_LEANS_BACK.match(text)) or len(text.split()) < 6 or text.endswith("?")
    )


def leading_topics(unit: StoredUnit) -> set[str]:
    """The topics a passage is most about: its first two, and its first two besides
    "overview" (a document without headings files everything under "overview" first, which
    says nothing of which other topic a line is about)."""
    rest = [t for t in unit.topics if t != "overview"][:2]
    return set(unit.topics[:2]) | set(rest)


def says_only_the_name(unit: StoredUnit, names: Sequence[str]) -> bool:
    """ "Job Title: Occupational Therapy Technician" tells a reader nothing new."""
    if not names:
        return False
    rest = without_names(unit.text, names)
    return rest != unit.text and len(rest.split()) < 3


def defines(unit: StoredUnit, names: Sequence[str]) -> bool:
    text = normalize(unit.text)
    text = re.sub(r"^(an?|the)\s+", "", text)
    return any(text.startswith(normalize(n)) for n in names if n)


# an address is no writing of a name: "jobs@halvorsen.example" is Halvorsen's
_ADDRESS = re.compile(r"\S+@\S+|\bhttps?://\S+|\bwww\.\S+")


def _without_addresses(text: str) -> str:
    return _ADDRESS.sub(" ", text) if "@" in text or "http" in text or "www." in text else text


def document_names(question: str, chunks: Sequence[Chunk]) -> list[str]:
    """Words of the question that are a proper name a document introduces itself with and
    uses again ("perks at Brightwater?" of Brightwater Community Clinic's posting, "Maple
    Hollow"): they say whose job it is, as the role's name does, not which passage answers.
    Such a name is capitalised wherever it is written (or in capitals, in a heading), stands in
    two sections, and inside a sentence (a capital there is no sentence's or heading's first
    letter) twice when one of them is the first section, three times when not."""
    by_doc: dict[str, list[Chunk]] = {}
    for chunk in chunks:  # in reading order
        by_doc.setdefault(chunk.doc_id, []).append(chunk)
    found = []
    for word in dict.fromkeys(tokens(question)):
        if len(word) < 3 or word in STOPWORDS or not word.isalpha():
            continue
        pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
        inside = re.compile(rf"[a-z,:] {re.escape(word)}\b", re.IGNORECASE)
        for doc_chunks in by_doc.values():
            spelt = [pattern.findall(_without_addresses(c.text)) for c in doc_chunks]
            # a heading in capitals ("TOLLGATE COUNTY WORKFORCE ALLIANCE") says nothing of
            # how the name is written; an acronym ("CPR") is written so everywhere
            written = [w for spelling in spelt for w in spelling if not w.isupper()]
            if not written or not all(w[0].isupper() and w[1:].islower() for w in written):
                continue
            if any(spelt) and not is_english_word(word):  # "Brightfern", "Larkmoor"
                found.append(word)
                break
            if sum(bool(s) for s in spelt) < 2:
                continue
            within = sum(len(inside.findall(c.text)) for c in doc_chunks)
            # out of the first section when the page's header (its publisher) is not indexed,
            # but then written inside sentences the more often
            if within >= (2 if spelt[0] else 3):
                found.append(word)
                break
    return list(dict.fromkeys(found + _organisation_words(question, chunks)))


# An organisation's name as documents write it: capitalised words ending in what it is
# ("Quillon Creek Animal Clinic", "St. Aubrey Regional Medical Center", "Larkspur College").
_ORGANISATION = re.compile(
    r"\b(?:[A-Z][\w'’.&-]*\s+){1,5}(?:Clinic|Center|Centre|Hospital|College|School|Institute"
    r"|University|Academy|Pharmacy|Pharmacies|Health|Healthcare|Group|Agency|Practice|Services"
    r"|Partners|Company|Co\.|Inc\.?|LLC|Lab|Labs|Laboratories|Network|System|Foundation|Farms?"
    r"|Works|Stores?|Shop|District)\b"
)


def _written_lower(word: str, chunks: Sequence[Chunk]) -> bool:
    pattern = re.compile(rf"\b{re.escape(word)}(s|es)?\b")
    return any(pattern.search(_without_addresses(c.text)) for c in chunks)


@lru_cache(maxsize=65536)
def _organisations(chunk_id: str, text: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(tokens(m.group(0))) for m in _ORGANISATION.finditer(text))


def _organisation_words(question: str, chunks: Sequence[Chunk]) -> list[str]:
    """The question's words that name an organisation the documents name ("at quillon
    creek", "at st aubrey"): two or more of its words in a row, or one no dictionary has."""
    names = {name for c in chunks for name in _organisations(c.id, c.text)}
    if not names:
        return []
    asked = tokens(question)
    found: list[str] = []
    i = 0
    while i < len(asked):
        run = 0
        for name in names:
            for k in range(len(name)):
                n = 0
                while i + n < len(asked) and k + n < len(name) and asked[i + n] == name[k + n]:
                    n += 1
                run = max(run, n)
        words = asked[i : i + run]
        # "Quillon Creek", "St. Aubrey": a proper name, never written in lower case
        # ("Hospital Pharmacy" is a setting: the documents also write "hospital")
        proper = [w for w in words if len(w) > 2 and w.isalpha() and not _written_lower(w, chunks)]
        # one word alone must be no dictionary word as well ("animal" of "... Animal Clinic")
        if proper and (run >= 2 or not is_english_word(proper[0])):
            found += [w for w in words if w not in STOPWORDS]
        i += max(run, 1)
    return found


def _local_weight(term: str, chunk_stems: Sequence[set[str]]) -> float:
    """A word most of the searched sections use (the employer's name all over a posting) is
    their context, not what tells one passage from another."""
    if len(chunk_stems) < 2:
        return 1.0
    having = sum(term in stems for stems in chunk_stems)
    return 0.3 if having / len(chunk_stems) >= 0.5 else 1.0


def _asks_the_same(heading_path: str, question_terms: set[str]) -> bool:
    """A FAQ heading ("What should you look for in a technician's resume?") that shares two
    words with the question: the answer under it answers this question too."""
    heading = heading_path.rsplit(" > ", 1)[-1].rstrip()
    return heading.endswith("?") and len(set(content_stems(heading)) & question_terms) >= 2


def score_units(
    chunks: Sequence[Chunk],
    query_vector: np.ndarray,
    question: str,
    topics: Sequence[str],
    ignore_words: set[str] = frozenset(),
    role_names: Sequence[str] = (),
    idf: Callable[[str], float] = lambda term: 1.0,
    w_lexical: float = W_LEXICAL,
) -> list[Evidence]:
    """Every quotable unit of the chunks with its score, best first.

    The lexical part weighs each question word by its rarity in the knowledge base (idf):
    a passage that shares "supplies" with the question counts for more than one sharing
    "patients".
    """
    q_terms = question_terms(question, ignore_words)
    asked = set(content_stems(in_plain_words(question))) - ignore_words  # generic too: "look for"
    chunk_stems = [set(content_stems(f"{c.heading_path} {c.text}")) for c in chunks]
    matcher = TermMatcher(q_terms, set().union(*chunk_stems))
    rarity = {t: idf(t) for t in q_terms}
    weights = {t: rarity[t] * _local_weight(t, chunk_stems) for t in q_terms}
    # shares of the question's words by their rarity: a word that is only context here (the
    # employer's name) counts for less, not for all of the question when it is the one matched
    total = sum(rarity.values())
    wanted = scoring_topics(topics)
    asks_place = bool(ASKS_PLACE.search(question))
    out: list[Evidence] = []
    dim = query_vector.shape[0]
    for rank, chunk in enumerate(chunks):
        vectors = chunk.unit_vectors(dim)
        if not len(chunk.units) or vectors.shape[0] != len(chunk.units):
            continue
        similarity = vectors @ query_vector
        # the section's heading says what its passages are about ("... Template >
        # Responsibilities"): its words count, at a share of a passage's own
        heading = matcher.shares(set(content_stems(chunk.heading_path)))
        answers_faq = _asks_the_same(chunk.heading_path, asked)
        for unit, vector, sim in zip(chunk.units, vectors, similarity, strict=True):
            score = float(sim) + W_CHUNK / (1 + rank)
            if answers_faq and unit is chunk.units[0]:
                score += W_FAQ
            if total:
                shared = matcher.shares(set(content_stems(unit.text)))
                lexical = sum(weights[t] * share for t, share in shared.items())
                lexical += W_HEADING_WORDS * sum(
                    weights[t] * share for t, share in heading.items() if t not in shared
                )
                score += w_lexical * lexical / total
            if wanted and set(unit.topics) & set(wanted):
                score += W_TOPIC + (W_PRIMARY_TOPIC if unit.topics[0] == wanted[0] else 0.0)
            if "salary" in topics and MONEY.search(unit.text):
                score += W_MONEY
            if asks_place and PLACE.search(unit.text):
                score += W_PLACE
            if unit.kind in ("bullet", "row") and set(topics) & LIST_TOPICS:
                score += W_LIST_ITEM
            if "overview" in topics and defines(unit, role_names) and not is_weak(unit):
                score += W_DEFINITION
            if says_only_the_name(unit, role_names):
                continue  # a title line ("... job description") is never an answer
            if is_weak(unit):
                score -= W_WEAK
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


def trim_to_words(groups_evidence: list[list[Evidence]], budget: int, keep: set) -> None:
    """Drop the weakest passages, never a pinned or kept one nor a group's last, until the
    passages fit in `budget` words."""

    def words() -> int:
        return sum(len(e.unit.text.split()) for group in groups_evidence for e in group)

    while words() > budget:
        droppable = [
            (e.score, gi, e)
            for gi, group in enumerate(groups_evidence)
            for e in group
            if len(group) > 1 and not e.pinned and e.key not in keep
        ]
        if not droppable:
            return
        _, gi, weakest = min(droppable, key=lambda x: x[0])
        groups_evidence[gi].remove(weakest)


def follower(e: Evidence, evidence: Sequence[Evidence]) -> Evidence | None:
    """The next sentence of the same chunk, when it goes on from this one ("These ...")."""
    for other in evidence:
        if other.chunk.id == e.chunk.id and other.unit.index == e.unit.index + 1:
            lead_in = other.unit.text.rstrip().endswith(":")  # "They:" before a list
            if other.unit.kind == "sentence" and _CONTINUES.match(other.unit.text) and not lead_in:
                return other
            return None
    return None


def leader(e: Evidence, evidence: Sequence[Evidence]) -> Evidence | None:
    """The sentence before this one in its chunk, when this one leans on it ("These may
    include specializations ..." after "Voluntary certifications are available.")."""
    if e.unit.kind != "sentence" or not _LEANS_BACK.match(e.unit.text):
        return None
    for other in evidence:
        if other.chunk.id == e.chunk.id and other.unit.index == e.unit.index - 1:
            return other if other.unit.kind == "sentence" else None
    return None


def select(
    evidence: Sequence[Evidence],
    topics: Sequence[str],
    max_units: int,
    broad: bool = True,
    margin: float = 0.18,
    min_units: int = 3,
    whole_list: bool = False,
) -> list[Evidence]:
    """The best units within `margin` of the top score, without near-duplicates.

    For a broad question on a list topic, the rest of the best passage's list comes first;
    a chosen sentence brings the next one along when that one leans on it.
    """
    # fragments, and lead-ins whose list is not with them ("Whether you are:")
    evidence = [e for e in evidence if not e.unit.text.rstrip().endswith((",", ":"))]
    if not evidence:
        return []
    top = evidence[0]
    chosen: list[Evidence] = []
    # A broad question whose answer is a list (requirements, benefits) gets the list.
    wanted = set(topics) if broad or whole_list else set(topics) & LIST_TOPICS
    # A list question is answered by the best list on its topic: the list whose three best
    # items score highest, if it comes close to the best single passage.
    lists: dict[tuple[str, str, str], list[Evidence]] = {}
    for e in evidence:
        if e.unit.kind in ("bullet", "row"):
            lists.setdefault((e.doc_id, e.chunk.heading_path, e.unit.kind), []).append(e)
    best_list, best_score = None, float("-inf")
    for items in lists.values():
        on_topic = sum(bool(set(e.unit.topics) & wanted) for e in items)
        if len(items) >= 3 and on_topic * 2 >= len(items):
            score = sum(e.score for e in items[:3]) / 3
            if score > best_score:
                best_list, best_score = items, score
    reach = 2 * margin if whole_list else margin
    # the best passage being an item of the list makes the list the answer ("would I get a
    # retirement plan?": the benefits)
    leads = best_list is not None and top in best_list
    if wanted and best_list is not None and (best_score >= top.score - reach or leads):
        short_list = sum(len(e.unit.text.split()) for e in best_list) <= 40
        if broad or short_list or whole_list:
            if top not in best_list:
                chosen.append(top)  # the best passage still leads
            short = sum(len(e.unit.text.split()) for e in best_list) <= SHORT_LIST_WORDS
            whole = whole_list or short  # a short list is shown whole
            max_units = max(max_units, WHOLE_LIST_UNITS if whole else LIST_UNITS)
            for e in best_list:  # the rest of the list (a long one spans chunks), best first
                if not set(e.unit.topics) & wanted:
                    continue  # a mixed list ("Additional Information"): its items on the topic
                if len(chosen) < max_units and not is_duplicate(e, chosen):
                    chosen.append(e)
    on_topic = set(topics) - {"overview"}
    for e in evidence:
        gap = top.score - e.score
        if len(chosen) >= max_units or gap > FAR_BEHIND * margin:
            break
        if gap > margin:
            # Past the margin only to reach min_units, and only with passages on the topic.
            if len(chosen) >= min_units:
                break
            if on_topic and not set(e.unit.topics) & on_topic:
                continue
        if e in chosen or is_duplicate(e, chosen):
            continue
        before = leader(e, evidence)
        if before is not None and before not in chosen:
            if len(chosen) + 1 >= max_units:
                continue  # no room for the sentence it leans on: it would not stand alone
            chosen.append(before)
        chosen.append(e)
        then = follower(e, evidence)
        if then is not None and then not in chosen and len(chosen) < max_units:
            chosen.append(then)
    return _with_whole_tables(chosen, evidence)


SHORT_TABLE_ROWS = 6


def _same_topic(a: Evidence, b: Evidence) -> bool:
    return bool(a.unit.topics[:1]) and a.unit.topics[:1] == b.unit.topics[:1]


def _with_whole_tables(chosen: list[Evidence], evidence: Sequence[Evidence]) -> list[Evidence]:
    """A row of a short table comes with the table's other rows, in the table's order: one
    row of "pay by setting" does not say whether a hospital pays more than a drugstore."""
    out = list(chosen)
    for e in chosen:
        if e.unit.kind != "row":
            continue
        rows = sorted(
            (o for o in evidence if o.chunk.id == e.chunk.id and o.unit.kind == "row"),
            key=lambda o: o.unit.index,
        )
        # of a table of mixed facts ("Quick facts": pay, education, outlook) only the row
        rows = [r for r in rows if r is e or _same_topic(r, e)]
        if len(rows) > SHORT_TABLE_ROWS:
            continue
        at = out.index(e)
        out[at : at + 1] = [r for r in rows if r is e or r not in out]
    return out
