"""The roles the knowledge base holds, the names people use for them, and how to find them in
a question.

Names come from the documents: their metadata, or what ingestion read in their text (see
ingest.roles). Two roles may claim one name, near-namesakes most of all (a Physical Therapy
Aide and a Physical Therapist Assistant are both a guessed "PTA"). A name goes to the role with
the strongest claim: the role's own name, then names its metadata gives, then names its text
states, then short forms guessed from a title. A name two roles claim equally strongly is
ambiguous: a question using it gets both roles, and says so.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.text import STOPWORDS, normalize, stem, tokens
from ingest.occupations import (
    ABBREVIATED_HEADS,
    ATTRIBUTED,
    ATTRIBUTIVE,
    NOT_MODIFIERS,
    canonical,
    is_head_noun,
    occupation_phrases,
    singular,
)
from ingest.roles import is_english_word
from ingest.store import DocRecord

FUZZY_ALIAS_MIN = 88  # rapidfuzz ratio (0-100) for a misspelt multi-word role name
FUZZY_WORD_MIN = 80  # the same for one word of a role name ("ocupational", "tecnician")
CLAIM_STRENGTH = {"name": 4, "metadata": 3, "stated": 2, "guessed": 1}
# A question naming one of more roles than this by a bare word ("which assistant?") asks which.
MAX_AMBIGUOUS = 3

_SELF = {"i'm", "im", "am"}
# What the asker has been ("I've been a caregiver"), not a hypothesis ("if I worked as a ...")
_WAS = re.compile(
    r"(?<!\bif )(?<!\bwhen )\b(i|i've|ive)( have| had)?( (already|previously|also|once|just))?"
    r" (been|was|worked as) (a|an)$"
)
_TECH = {"tech", "technician", "technologist"}
_SIDE_BY_SIDE = re.compile(r"\w\s+(or|vs\.?|versus)\s+\w", re.IGNORECASE)
# Words a name may leave out ("phlebotomy instructor" for the Phlebotomy Program Instructor),
# and words too general to name a role by the end of its name ("medical tech").
_FILLER_STEMS = {stem(w) for w in "program programs services service department unit".split()}
_GENERIC_MODIFIERS = set(
    "medical health healthcare clinical certified licensed registered senior lead general "
    "hospital patient care".split()
)
# Later words of a field as people clip them ("dental lab work").
_CLIPPED = {"lab": "laboratory", "rehab": "rehabilitation", "psych": "psychiatric"}

# "How much does a <someone> earn", "What does a <someone> do", "become a <someone>"
_SUBJECT = re.compile(
    r"\b(?:how much|what|how many hours|which \w+) (?:does|do|can|would|will|did) (?:an?|the) "
    r"(?P<a>[a-z][a-z' -]{2,40}?) (?:make|earn|get paid|do|need|study|learn)\b"
    r"|\b(?:become|becoming|work as|job as|career as|training as|trained as) (?:an?|the) "
    r"(?P<b>[a-z][a-z' -]{2,40}?)(?:[?.,!]|$| (?:in|at|with|for|and|or|if|without)\b)"
    # "is welding a growing field?", "is cosmetology a good career?"
    r"|^(?:so |and |but )?(?:is|isn't) (?P<c>[a-z][a-z-]{3,30}(?: [a-z][a-z-]{3,30})?) (?:an? )?"
    r"(?:good |growing |stable |dying |hard |booming |promising |smart |decent )?"
    r"(?:field|career|industry|profession|trade|line of work)\b"
)
_NOT_SUBJECTS = set(
    """job role position career person professional worker one ones it grad graduate student
    beginner newbie starter hire employee staff team level day week shift this that healthcare
    health medicine medical care""".split()
)


@dataclass(frozen=True)
class Role:
    name: str
    doc_ids: tuple[str, ...]
    aliases: tuple[str, ...]  # every name that is this role's, the name first


READ_CACHE = 1024  # texts whose reading a catalog remembers


@dataclass(frozen=True)
class Named:
    """What a question names: roles, names that fit several roles, other occupations."""

    roles: tuple[Role, ...] = ()
    ambiguous: tuple[tuple[str, tuple[Role, ...]], ...] = ()  # (name as typed, the roles)
    others: tuple[str, ...] = ()  # occupations the knowledge base does not hold


FIELD_TYPO_SCORE = 85  # "codeing" is "coding", "flebotomy" "phlebotomy"
# Words after a field that make it name the work: "phlebotomy training", "dental jobs".
_JOBISH = set(
    """work job jobs career careers field school schools program programs training course
    courses class classes certification certificate degree license licence exam jobs role
    roles position positions people folks staff workers""".split()
)
_INTO = {"in", "into", "for", "about", "studying", "study"}
# Fields too general to name one kind of work.
_GENERAL_FIELDS = set(
    """medical health home care certified registered licensed general senior junior clinical
    patient nursing""".split()
)


def role_field(name: str) -> tuple[str, ...]:
    """The field a role's name gives before its head noun ("medical records" for Medical
    Records Specialist, "phlebotomy" for Phlebotomy Technician), or () when too general."""
    words = tokens(name)[:-1]
    if not words or is_head_noun(words[-1]):
        return ()
    if len(words) == 1 and words[0] in _GENERAL_FIELDS:
        return ()
    return tuple(words)


def _fields(name: str) -> list[tuple[str, ...]]:
    """The role's field, and each of the fields a name joins with "and" ("billing",
    "coding" for Medical Billing and Coding Specialist); those come after the whole field."""
    field = role_field(name)
    if "and" not in field:
        return [field] if field else []
    out = [field]
    for part in " ".join(field).split(" and "):
        words = tuple(part.split())
        if words and words[0] in _GENERAL_FIELDS:
            words = words[1:]
        if words and not (len(words) == 1 and words[0] in _GENERAL_FIELDS):
            out.append(words)
    return out


def _fits(typed: list[str], field: list[str]) -> bool:
    """The words typed are the field's, the later ones maybe clipped ("dental lab" for
    "dental laboratory")."""
    return (
        len(typed) == len(field)
        and typed[0] == field[0]
        and all(t == f or _CLIPPED.get(t) == f for t, f in zip(typed, field, strict=True))
    )


def _clips(letters: str, words: list[str]) -> bool:
    """ "cv" clips "cardiovascular": its first letter starts the name, each other one a word
    or a part of a word after a combining "o" (cardi-o-vascular, electr-o-neuro-...)."""
    starts = [
        (k, i) for k, w in enumerate(words) for i in range(len(w)) if i == 0 or w[i - 1] == "o"
    ]
    if not words or not words[0].startswith(letters[0]):
        return False
    at = 0  # the start the previous letter stood at
    for c in letters[1:]:
        later = (n for n in range(at + 1, len(starts)) if words[starts[n][0]][starts[n][1]] == c)
        at = next(later, -1)
        if at < 0:
            return False
    return True


_WORKPLACES = frozenset("office offices clinic clinics practice practices surgery".split())


def _transposed(typed: str, name: str) -> bool:
    """Whether the typed word is the name with two letters next to each other swapped."""
    if len(typed) != len(name) or len(typed) < 6 or typed == name:
        return False
    diff = [i for i, (a, b) in enumerate(zip(typed, name, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and typed[diff[0]] == name[diff[1]]
        and typed[diff[1]] == name[diff[0]]
    )


def _in_order(items, within) -> bool:
    """Whether items appear in within in their order (letters of a word, words of a name)."""
    rest = iter(within)
    return all(c in rest for c in items)


def head_key(word: str) -> str:
    """Names ending in tech, technician or technologist share a head."""
    word = singular(word)
    return "tech" if word in _TECH else stem(word)


def _word_matches(typed: str, name_word: str) -> bool:
    """One word of a role name as a job seeker types it: the same stem, a misspelling, or a
    clipped form ("occ" for occupational, "tech" for technician). Short words must be exact."""
    if stem(typed) == stem(name_word):
        return True
    if len(name_word) <= 3 or len(typed) < 3 or typed in STOPWORDS:
        return False
    if name_word.startswith(typed) or _abbreviates(typed, name_word):
        return True
    return len(typed) >= 5 and fuzz.ratio(typed, name_word) >= FUZZY_WORD_MIN


def _abbreviates(typed: str, word: str) -> bool:
    """'asst' for assistant, 'thrpy' for therapy: the same first letter, the rest in order."""
    if typed[0] != word[0] or len(typed) >= len(word):
        return False
    rest = iter(word[1:])
    return all(ch in rest for ch in typed[1:])


def _same_jobs(docs: Sequence[DocRecord]) -> dict[str, str]:
    """Role keys that are one job: each role's name is a name the other's documents give it
    ("Optician", also called dispensing optician; "Dispensing Optician", also called
    optician). Each key maps to the shortest name of its job."""
    names: dict[str, set[str]] = {}
    for doc in docs:
        key = normalize(doc.role)
        names.setdefault(key, set()).update(" ".join(tokens(a)) for a in doc.alias_list)
    by_spelling = {" ".join(tokens(key)): key for key in names}
    root: dict[str, str] = {}

    def find(key: str) -> str:
        while root.get(key, key) != key:
            key = root[key]
        return key

    for a in sorted(names):
        spelled_a = " ".join(tokens(a))
        for alias in names[a]:
            b = by_spelling.get(alias)
            if b is None or b == a or spelled_a not in names[b]:
                continue
            ra, rb = find(a), find(b)
            if ra != rb:
                keep = min(ra, rb, key=lambda k: (len(k.split()), k))
                root[ra] = root[rb] = keep
    return {key: find(key) for key in names if find(key) != key}


def _claims(docs: Iterable[DocRecord]):
    """role key -> (display name, doc ids), and name -> {role key: strength}."""
    roles: dict[str, tuple[str, list[str]]] = {}
    claims: dict[str, dict[str, int]] = {}

    def claim(name: str, key: str, strength: int) -> None:
        norm = " ".join(tokens(name))
        if not norm:
            return
        held = claims.setdefault(norm, {})
        held[key] = max(held.get(key, 0), strength)

    docs = list(docs)
    same = _same_jobs(docs)
    spelled = {normalize(d.role): d.role for d in docs}
    for doc in docs:
        key = same.get(normalize(doc.role), normalize(doc.role))
        roles.setdefault(key, (spelled[key], []))[1].append(doc.doc_id)
        claim(doc.role, key, CLAIM_STRENGTH["name"])
        source = "metadata" if doc.role_source == "metadata" else "stated"
        for alias in doc.alias_list:
            claim(alias, key, CLAIM_STRENGTH[source])
        for alias in doc.guessed_list:
            claim(alias, key, CLAIM_STRENGTH["guessed"])
    return roles, claims


class RoleCatalog:
    """The roles the knowledge base holds, and how to find them in a question."""

    def __init__(self, docs: Iterable[DocRecord]) -> None:
        self._read: dict[str, Named] = {}
        docs = list(docs)
        roles, claims = _claims(docs)
        owners: dict[str, list[str]] = {}  # name -> role keys it belongs to
        for name, held in claims.items():
            top = max(held.values())
            owners[name] = sorted(k for k, v in held.items() if v == top)
        aliases: dict[str, list[str]] = {key: [] for key in roles}
        spelled = {" ".join(tokens(a)): a for d in docs for a in (d.role, *d.alias_list)}
        spelled.update({" ".join(tokens(a)): a for d in docs for a in d.guessed_list})
        for name, keys in owners.items():
            for key in keys:
                aliases[key].append(spelled.get(name, name))
        self.roles = sorted(
            (
                Role(name, tuple(ids), tuple(dict.fromkeys([name, *aliases[key]])))
                for key, (name, ids) in roles.items()
            ),
            key=lambda r: r.name,
        )
        by_key = {normalize(r.name): r for r in self.roles}
        self._role_of = {d: r for r in self.roles for d in r.doc_ids}
        # the jobs each document's title names; only a title that puts two jobs side by side
        # ("EMT or Paramedic?") speaks of both, "From Cashier to Pharmacy Aide" of the aide
        self._titles = [
            ({canonical(p) for p, _, _ in occupation_phrases(d.title)}, self._role_of[d.doc_id])
            for d in docs
            if d.doc_id in self._role_of and _SIDE_BY_SIDE.search(d.title)
        ]
        # every name: (roles it belongs to, its stems, its words)
        self._names: list[tuple[tuple[Role, ...], list[str], list[str]]] = []
        for name, keys in owners.items():
            words = name.split()
            self._names.append((tuple(by_key[k] for k in keys), [stem(w) for w in words], words))
        self._alias_texts = [" ".join(words) for _, _, words in self._names]
        # Names by their first word, so a question is compared with the few names that can
        # start at each of its words, not with every name of a large knowledge base.
        self._by_first_stem: dict[str, list[int]] = {}
        self._by_first_word: dict[str, list[int]] = {}
        for i, (_, stems, words) in enumerate(self._names):
            self._by_first_stem.setdefault(stems[0], []).append(i)
            self._by_first_word.setdefault(words[0], []).append(i)
        self._first_words = sorted(self._by_first_word)
        self._name_stems = {s for _, stems, _ in self._names for s in stems}
        heads: dict[str, list[Role]] = {}
        for role in self.roles:
            words = tokens(role.name)
            if words:
                heads.setdefault(head_key(words[-1]), []).append(role)
        self._heads = heads  # a bare "aide" means the roles whose names end that way
        self._by_name = {" ".join(tokens(a)): r for r in self.roles for a in r.aliases}
        fields: dict[tuple[str, ...], list[Role]] = {}
        self._partial_fields: set[tuple[str, ...]] = set()
        for role in self.roles:
            whole, *parts = _fields(role.name) or [()]
            if whole:
                fields.setdefault(whole, []).append(role)
            for part in parts:
                fields.setdefault(part, []).append(role)
                self._partial_fields.add(part)
        # fields by their first word: a question is compared with the few that can start there
        self._field_words = sorted({w for field in fields for w in field if len(w) >= 5})
        self._fields: dict[str, list[tuple[list[str], tuple[Role, ...]]]] = {}
        for field, rs in sorted(fields.items(), key=lambda x: -len(x[0])):
            self._fields.setdefault(field[0], []).append((list(field), tuple(rs)))
        # roles by their name's head ("tech" for technician and technologist), for partial
        # names ("therapy aide", "purchasing tech")
        self._by_head: dict[str, list[tuple[list[str], Role]]] = {}
        for role in self.roles:
            words = tokens(role.name)
            if words:
                entry = ([stem(w) for w in words], role)
                self._by_head.setdefault(head_key(words[-1]), []).append(entry)

    def names(self) -> list[str]:
        return [r.name for r in self.roles]

    def all_names(self) -> list[str]:
        """Every role name and alias."""
        return [a for r in self.roles for a in r.aliases]

    def names_in(self, text: str) -> list[str]:
        """The names of the roles a text names (ambiguous ones too), for taking them out of it:
        a few, however many roles the knowledge base holds."""
        named = self.read(text)
        roles = [*named.roles, *(r for _, rs in named.ambiguous for r in rs)]
        return [a for r in dict.fromkeys(roles) for a in r.aliases] + [
            w for w, _ in named.ambiguous
        ]

    def by_name(self, name: str) -> Role | None:
        return self._by_name.get(" ".join(tokens(name)))

    def with_head(self, word: str) -> list[Role]:
        return list(self._heads.get(head_key(word), ()))

    # -- reading a question ------------------------------------------------------------------
    def _stem(self, word: str) -> str:
        """A word's stem, and the plural of an abbreviation ("KFAs", "CNAs") as its singular,
        which the stemmer keeps apart ("cnas")."""
        stemmed = stem(word)
        if stemmed not in self._name_stems and word.endswith("s") and len(word) <= 6:
            singular_stem = stem(word[:-1])
            if singular_stem in self._name_stems:
                return singular_stem
        return stemmed

    def _starting_at(self, word: str, stemmed: str) -> set[int]:
        """Names whose first word this word could be: the same stem, a clipped form, a typo."""
        found = set(self._by_first_stem.get(stemmed, ()))
        if len(word) >= 3 and word not in STOPWORDS:
            lo = bisect.bisect_left(self._first_words, word)
            while lo < len(self._first_words) and self._first_words[lo].startswith(word):
                found.update(self._by_first_word[self._first_words[lo]])
                lo += 1
        if len(word) >= 5:
            for match, _, _ in process.extract(
                word, self._first_words, scorer=fuzz.ratio, score_cutoff=FUZZY_WORD_MIN, limit=8
            ):
                found.update(self._by_first_word[match])
        return found

    def _spans(self, words: list[str], stems: list[str]):
        """(start, length, roles, exact) of every name the words hold."""
        hits = []
        clipped: dict[tuple[int, int], set[Role]] = {}
        for i in range(len(words)):
            for k in self._starting_at(words[i], stems[i]):
                roles, name_stems, name_words = self._names[k]
                n = len(name_stems)
                if i + n > len(words):
                    continue
                exact = stems[i : i + n] == name_stems
                hit = exact
                if not hit and n >= 2:
                    pairs = list(zip(words[i : i + n], name_words, strict=True))
                    hit = all(_word_matches(w, a) for w, a in pairs) and any(
                        len(a) > 3 for a in name_words
                    )
                    clips = all(a.startswith(w) or stem(w) == stem(a) for w, a in pairs)
                    if hit and clips and stem(pairs[-1][0]) == stem(pairs[-1][1]):
                        clipped.setdefault((i, n), set()).update(roles)
                elif not hit:  # a one-word name only with two letters swapped ("opticain")
                    hit = _transposed(words[i], name_words[0])
                if hit:
                    hits.append((i, n, roles, exact))
        # "rehab aide" is one role's name and another's clipped ("rehabilitation aide"): both
        out = []
        for i, n, roles, exact in hits:
            more = clipped.get((i, n), set()) - set(roles) if exact else set()
            out.append((i, n, (*roles, *sorted(more, key=lambda r: r.name)), exact))
        return out

    def role_of(self, doc_id: str) -> Role | None:
        return self._role_of.get(doc_id)

    def titled(self, occupation: str) -> tuple[Role, ...]:
        """The roles whose documents' titles name an occupation the knowledge base has no role
        for: "EMT or Paramedic?" speaks of paramedics as much as of EMTs (while "Occupational
        Therapist Assistant" names no occupational therapist)."""
        name = canonical(" ".join(tokens(occupation)))
        found = [r for named, r in self._titles if name in named]
        return tuple(dict.fromkeys(found))

    def read(self, text: str) -> Named:
        """The roles of the knowledge base a text names, the names that fit several, and the
        other occupations it names. Remembered: a question and the turns before it are read
        several times on the way to an answer (the catalog never changes)."""
        named = self._read.get(text)
        if named is None:
            if len(self._read) >= READ_CACHE:
                self._read.clear()
            named = self._read[text] = self._read_uncached(text)
        return named

    def _read_uncached(self, text: str) -> Named:
        words = tokens(text)
        stems = [self._stem(w) for w in words]
        found: list[Role] = []
        ambiguous: list[tuple[str, tuple[Role, ...]]] = []
        used: set[int] = set()
        # longest names first; at one length, exact ones before misspelt ones
        for i, n, roles, _ in sorted(
            self._spans(words, stems), key=lambda h: (-h[1], not h[3], h[0])
        ):
            span = set(range(i, i + n))
            if used & span:
                continue
            used |= span
            if len(roles) == 1:
                if roles[0] not in found:
                    found.append(roles[0])
            else:
                ambiguous.append((" ".join(words[i : i + n]), roles))
        others: list[str] = []
        in_others: set[int] = set()
        vague: list[Role] = []
        vague_names: list[str] = []
        i = 0
        while i < len(words):
            if i in used or not (is_head_noun(words[i]) or words[i] in ABBREVIATED_HEADS):
                i += 1
                continue
            if words[i] in ATTRIBUTIVE and i + 1 < len(words) and words[i + 1] in ATTRIBUTED:
                i += 1  # "vet front desk pay": the veterinary front desk, no vet
                continue
            end = i
            while end + 1 < len(words) and end + 1 not in used and is_head_noun(words[end + 1]):
                end += 1
            start = i
            while (
                start - 1 >= 0
                and start - 1 not in used
                and words[start - 1] not in STOPWORDS
                and words[start - 1] not in NOT_MODIFIERS
                and not words[start - 1][0].isdigit()
                and i - start < 3
            ):
                start -= 1
            phrase = " ".join(words[start : end + 1])
            i = end + 1
            after = words[end + 1] if end + 1 < len(words) else ""
            if found and after in _WORKPLACES:
                continue  # an optician "at an eye doctors office": where the job is
            if words[end] in ("driver", "drivers", "driver's") and after in ("license", "licence"):
                continue  # "a drivers license" is no driver
            before = words[max(0, start - 4) : start]
            if _SELF & set(before) and {"a", "an"} & set(before):
                continue  # "I'm a career counselor": who asks, not what is asked about
            if _WAS.search(" ".join(words[max(0, start - 7) : start])):
                continue  # "I've been a home caregiver", "I worked as a cashier"
            if start == end:  # a bare "aide", "technician"
                candidates = self.with_head(phrase)
                if len(candidates) == 1:
                    if candidates[0] not in found:
                        found.append(candidates[0])
                        vague.append(candidates[0])
                elif candidates:
                    ambiguous.append((phrase, tuple(candidates)))
                    vague_names.append(phrase)
                elif phrase not in others:
                    others.append(phrase)
                    in_others |= set(range(start, end + 1))
                continue
            roles = self._roles_for_phrase(phrase) or self._clipped(words[start : end + 1])
            if len(roles) == 1:
                if roles[0] not in found:
                    found.append(roles[0])
            elif roles:
                ambiguous.append((phrase, roles))
            elif phrase not in others:
                others.append(phrase)
                in_others |= set(range(start, end + 1))
        # "dental lab techs" is no dental job of ours: a field inside another occupation's name
        self._fields_named(words, used | in_others, found, ambiguous)
        if others:
            # "the OT, not the assistant": a named occupation outweighs a bare "assistant"
            found = [r for r in found if r not in vague]
            ambiguous = [(w, rs) for w, rs in ambiguous if w not in vague_names]
        if found:
            # a bare word that one named role answers is no ambiguity ("the OTA ... the assistant")
            ambiguous = [(w, rs) for w, rs in ambiguous if not set(rs) & set(found)]
        return Named(tuple(found), tuple(ambiguous), tuple(others))

    def _clipped(self, words: list[str]) -> tuple[Role, ...]:
        """The one role a clipped name fits: "cv tech" is the Cardiovascular Technologist when
        no other tech's name starts with a c and goes on with a v. Two or three letters that
        are no English word, their first the name's first, the others in order after it."""
        if len(words) != 2 or not 2 <= len(words[0]) <= 3 or not words[0].isalpha():
            return ()
        letters, head = words[0], head_key(words[1])
        if is_english_word(letters):
            return ()
        fits = []
        for _, role in self._by_head.get(head, ()):
            name = tokens(role.name)
            if len(name) >= 2 and _clips(letters, name[:-1]):
                fits.append(role)
        return tuple(fits) if len(fits) == 1 else ()

    def _fields_named(self, words, used, found, ambiguous) -> None:
        """A role's field named for the work ("medical records work", "phlebotomy training",
        "a career in pharmacy"): the role, or the roles that share the field. A field word
        misspelt ("codeing") is read as the field's, a later one clipped ("dental lab work")
        too."""
        words = [self._field_word(w) for w in words]
        for i, word in enumerate(words):
            for field_words, roles in self._fields.get(word, ()):
                n = len(field_words)
                if not _fits(words[i : i + n], field_words) or used & set(range(i, i + n)):
                    continue
                after = words[i + n] if i + n < len(words) else ""
                before = words[i - 1] if i else ""
                named_work = after in _JOBISH or before in _INTO
                # "is net splicing a growing field?"
                named_work = named_work or (
                    before in ("is", "are")
                    and words[i + n : i + n + 1] in (["a"], ["an"])
                    and bool(set(words[i + n + 1 : i + n + 3]) & _JOBISH)
                )
                partial = tuple(field_words) in self._partial_fields
                if partial:  # "coding jobs", "is medical coding a growing field?"
                    named_work = named_work or bool(set(words[i + n : i + n + 3]) & _JOBISH)
                if partial and not named_work:
                    continue  # "insurance billing" is no billing job
                if partial and found:
                    continue  # "do pharmacy techs do any coding work?" asks of the tech
                if not (named_work or (n == 1 and not is_head_noun(after))):
                    continue
                used |= set(range(i, i + n))
                if len(roles) == 1:
                    if roles[0] not in found:
                        found.append(roles[0])
                elif not set(roles) & set(found):
                    ambiguous.append((" ".join(field_words), roles))

    def _field_word(self, word: str) -> str:
        if word in self._field_words or len(word) < 5 or not word.isalpha():
            return word
        close = process.extractOne(
            word, self._field_words, scorer=fuzz.ratio, score_cutoff=FIELD_TYPO_SCORE
        )
        return close[0] if close else word

    def unknown_subject(self, text: str) -> str | None:
        """Someone the text asks about who is no role of ours ("a parcel sorter")."""
        m = _SUBJECT.search(normalize(text))
        if not m:
            return None
        subject = (m.group("a") or m.group("b") or m.group("c") or "").strip()
        words = subject.split()
        if not words or len(words) > 4 or set(words) & _NOT_SUBJECTS or words[0] in STOPWORDS:
            return None
        if len(words) == 1 and self.with_head(words[0]):
            return None
        if self._roles_for_phrase(subject):
            return None
        return subject

    def _roles_for_phrase(self, phrase: str) -> tuple[Role, ...]:
        """The roles a partial or misspelt name stands for: the names it ends ("therapy aide"
        ends Physical Therapy Aide and Occupational Therapy Aide), else the closest names."""
        typed = [stem(w) for w in phrase.split()]
        if len(typed) >= 2:
            last = phrase.split()[-1]
            same_head = self._by_head.get(head_key(last), ())
            if singular(last) != "tech":  # "technologist" is no "technician"
                same_head = [(n, r) for n, r in same_head if n[-1] == typed[-1]]
            generic = all(w in _GENERIC_MODIFIERS for w in phrase.split()[:-1])
            ending = tuple(
                role
                for name_stems, role in same_head
                if len(name_stems) >= len(typed)
                and name_stems[-len(typed) : -1] == typed[:-1]
                and not (generic and len(name_stems) > len(typed))
            )
            if ending:
                return ending
            # a word of the name left out: "phlebotomy instructor" for the Phlebotomy Program
            # Instructor, when the name starts and ends so and no other role's does
            skipping = tuple(
                role
                for name_stems, role in same_head
                if len(name_stems) > len(typed)
                and name_stems[0] == typed[0]
                and _in_order(typed[1:-1], name_stems[1:-1])
                and set(name_stems[1:-1]) - set(typed[1:-1]) <= _FILLER_STEMS
            )
            if len(skipping) == 1:
                return skipping
        best = process.extract(
            phrase, self._alias_texts, scorer=fuzz.ratio, score_cutoff=FUZZY_ALIAS_MIN, limit=4
        )
        if not best:
            # "opticain": two letters swapped count as one slip, not two
            swapped = [k for k, a in enumerate(self._alias_texts) if _transposed(phrase, a)]
            return tuple(dict.fromkeys(r for k in swapped for r in self._names[k][0]))
        top = best[0][1]
        roles: list[Role] = []
        for _, score, k in best:
            if score >= top - 1:
                roles += [r for r in self._names[k][0] if r not in roles]
        return tuple(roles)
