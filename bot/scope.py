"""What a question is about: which roles, which topics, another occupation, an injection attempt.

Roles and their aliases come from the documents' metadata, so a role added to kb/ is
recognised without code changes. Typos are matched with rapidfuzz; abbreviations exactly.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.text import STOPWORDS, normalize, stem, tokens
from ingest.store import DocRecord
from ingest.topics import TOPICS

FUZZY_ALIAS_MIN = 88  # rapidfuzz ratio (0-100) for a misspelt multi-word role name
FUZZY_WORD_MIN = 80  # the same for one word of a role name ("ocupational", "tecnician")

# Head nouns of occupations; a phrase ending in one that is no role of the knowledge base
# names another occupation. Managers, supervisors and the like are left out: questions
# about a role mention them as the people the role works with.
_OCCUPATION_HEADS = frozenset(
    stem(w)
    for w in """
    accountant actor actuary administrator advisor agent aide analyst anesthesiologist
    architect artist assistant astronaut athlete attorney auditor baker banker barber
    barista bartender biologist bookkeeper brewer bricklayer butcher buyer carpenter
    cashier chef chemist chiropractor cleaner clerk coach consultant cook cosmetologist
    counselor courier curator dancer designer detective developer dietitian dietician
    dentist doctor driver economist editor electrician engineer esthetician farmer
    firefighter fisherman florist gardener geologist guard hairdresser hygienist
    illustrator inspector instructor interpreter janitor jeweler journalist judge
    labourer laborer landscaper lawyer librarian lifeguard locksmith machinist mason
    mathematician mechanic midwife miner model musician nanny nurse nutritionist officer
    optician optometrist painter paralegal paramedic pathologist pharmacist phlebotomist
    photographer physician physicist physiotherapist pilot plumber podiatrist police
    politician porter professor programmer psychiatrist psychologist radiographer
    radiologist realtor receptionist recruiter reporter researcher roofer sailor
    salesperson scientist secretary singer soldier sonographer statistician steward
    surgeon surveyor tailor teacher tech technician technologist teller therapist
    trainer translator tutor veterinarian vet waiter waitress welder worker writer emt
    cna lpn rn
    """.split()
)
_NOT_MODIFIERS = frozenset(
    stem(w)
    for w in """
    become becoming work working job jobs career careers hire hiring salary pay paid
    earn make duty duties role roles good great typical new entry level senior junior
    licensed certified do does being be as
    """.split()
)

_SELF = {"i'm", "im", "am"}

_TOPIC_CUES: dict[str, str] = {
    "salary": r"\bsalar|\bpay\b|\bpays\b|\bpaid\b|\bearn|\bwages?\b|\bincome|\bcompensat"
    r"|\bmoney\b|\bhow much (do|does|can|will|would)\b.*\b(make|get|bring)|\$\s?\d|\bper hour"
    r"|\bhourly\b|\bannual(ly)?\b|\braise|\b\d+k\b|\b\d[\d,]*k? (a|per) year\b"
    r"|\bwhat (do|does|can|will|would)\b.{0,40}\bmake\b(?! sure)",
    "benefits": r"\bbenefit|\bperks?\b|401 ?\(?k|\binsurance|\bhealth (plan|care cover)"
    r"|\bdental\b|\bretire|\bpto\b|\bpaid time off|\bvacation|\bholiday|\bleave\b",
    "licensing": r"\blicen[cs]|\bcertif|\bnbcot\b|\bexam|\bboard\b|\bcredential|\bregist",
    "education": r"\bdegree|\bdiploma|\beducat|\bschool|\bcollege|\bprogram|\bstud(y|ies)"
    r"|\bcourse|\btrain(ing|ed)?\b|\bqualif|\brequire|\bassociate'?s?\b|\bbachelor|\bged\b"
    r"|\bprerequisite|\bclasses\b|\bneed to (have|get)\b|\bbecome\b",
    "duties": r"\bdut(y|ies)\b|\bresponsib|\btasks?\b|\bday[- ]to[- ]day|\bdaily\b|\ball day\b"
    r"|\b(do|does) (an?|the|they|you|he|she|ots?|otas?)\b.*\bdo\b|\bwhat do\b.*\bdo\b"
    r"|\binvolve|\bjob (is|like)\b|\btypical day|\bwork on\b|\bpaperwork|\bhands[- ]on\b",
    "skills": r"\bskill|\bqualit(y|ies)|\btraits?\b|\bgood at\b|\babilit|\bstrengths?\b"
    r"|\bpersonality|\bcharacteristic|\bsoft skill|\bgood fit\b|\bsuited\b|\bknow about\b",
    "environment": r"\benvironment|\bsetting|\bworkplace|\bwhere (do|does|would|will)\b"
    r"|\bclinic|\bhospital|\btravel|\bphysical(ly)?\b|\blift|\bstand(ing)?\b|\bhours\b"
    r"|\bschedule|\bfull[- ]time|\bpart[- ]time|\bremote|\breport(s)? to|\bsupervised\b"
    r"|\bworks? (with|under|alongside|for)\b|\bteam\b|\bindependent|\bnights?\b|\bweekends?\b"
    r"|\bshifts?\b|\bovertime\b|\bdemanding\b|\bhome visits?\b",
    "career": r"\bcareer|\badvance|\bpromot|\bgrow|\bpath\b|\bfuture\b|\bexperience"
    r"|\bentry[- ]level|\bsenior|\boutlook|\bdemand\b|\bprospects?\b|\bnext step|\bmove up\b"
    r"|\bleader|\bsupervisor|\bmanagement\b|\b\d+ years\b|\bresume\b|\bhire\b|\bhiring\b",
    "overview": r"^(so )?what('s| is| are) (an?|the)\b|\btell me about\b|\bdescribe\b|\boverview"
    r"|\bwhat does .* mean\b|\bexplain\b|\brundown\b|\bdifference\b",
}
_TOPIC_RE = {t: re.compile(p) for t, p in _TOPIC_CUES.items()}
assert set(_TOPIC_RE) <= set(TOPICS)
# Words whose misspellings still name a topic ("salery", "benifits", "responsiblities").
_TOPIC_WORDS = {
    "salary": "salary wage wages income earnings paid",
    "benefits": "benefits insurance retirement vacation",
    "licensing": "license licence licensing licensed certification certified certificate",
    "education": "education degree diploma school college program training requirements"
    " qualifications",
    "duties": "duties responsibilities tasks",
    "skills": "skills qualities abilities",
    "environment": "environment workplace schedule",
    "career": "career advancement promotion experience",
}
_TOPIC_WORD_INDEX = {w: t for t, words in _TOPIC_WORDS.items() for w in words.split()}
_TOPIC_WORDS_LIST = list(_TOPIC_WORD_INDEX)

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|prompts?|rules|"
    r"guidelines|previous|above|knowledge base|context|everything|documents?)\b"
    r"|\bsystem prompt\b|\byour (instructions|prompt|rules|programming)\b|\byou are now\b"
    r"|\b(from now on|you (will|must|should|are to|can now)|please) act as\b|\bpretend\b"
    r"|\bjailbreak|\bdeveloper mode\b|\bdan\b.*\b(mode|now)\b"
    r"|\bmake up\b|\binvent (a|an|some)\b|\bfabricate\b|\bno restrictions\b|\broleplay\b"
    r"|<\s*/?\s*(system|assistant|instructions?)\s*>|\bnew instructions\b"
    r"|\b(even if|whether or not) (it'?s|they'?re|the (documents?|guides?|knowledge base)) "
    r"(doesn'?t|don'?t|do not|does not|not)\b|\bunrestricted\b|\bsudo\b",
)
# Requests for something other than information from the guides: poems, jokes, code...
_TASK = re.compile(
    r"\b(write|compose|draft|generate|create|give|tell|sing)\b.{0,30}\b(poems?|haiku|limerick|"
    r"story|stories|songs?|jokes?|essay|code|script|program in|recipes?|riddle|rap|lyrics)\b"
)
_ELLIPTICAL = re.compile(
    r"^(and|also|what about|how about|plus|then|ok(ay)?|so|cool|great|thanks)\b|\b(they|them|"
    r"their|it|its|this (job|role|position)|that (job|role|position)|the (job|role|position))\b"
)
_OTHER_ROLE = re.compile(
    r"\b(the|that) other (one|role|job|position|career|option)?\b|\bthe other\b"
)
_SHORT_FOLLOW_UP = re.compile(r"^(and|also|what about|how about|ok(ay)?|so|cool|great|then)\b")


# "How much does a <someone> earn", "What does a <someone> do", "become a <someone>"
_SUBJECT = re.compile(
    r"\b(?:how much|what|how many hours|which \w+) (?:does|do|can|would|will|did) (?:an?|the) "
    r"(?P<a>[a-z][a-z' -]{2,40}?) (?:make|earn|get paid|do|need|study|learn)\b"
    r"|\b(?:become|becoming|work as|job as|career as|training as|trained as) (?:an?|the) "
    r"(?P<b>[a-z][a-z' -]{2,40}?)(?:[?.,!]|$| (?:in|at|with|for|and|or|if|without)\b)"
)
_NOT_SUBJECTS = {
    "job",
    "role",
    "position",
    "career",
    "person",
    "professional",
    "worker",
    "one",
    "ones",
    "it",
    "grad",
    "graduate",
    "student",
    "beginner",
    "newbie",
    "starter",
    "hire",
    "employee",
    "staff",
    "team",
    "level",
    "day",
    "week",
    "shift",
}


def _asked_about(question: str) -> str | None:
    """Whom a question asks about, when it names someone the way people name an occupation."""
    m = _SUBJECT.search(normalize(question))
    if not m:
        return None
    subject = (m.group("a") or m.group("b") or "").strip()
    words = subject.split()
    if not words or len(words) > 4 or set(words) & _NOT_SUBJECTS or words[0] in STOPWORDS:
        return None
    return subject


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


@dataclass(frozen=True)
class Role:
    name: str
    doc_ids: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass
class Scope:
    """What a question asks about, after following the conversation."""

    question: str
    roles: list[Role] = field(default_factory=list)
    other_occupations: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    injection: bool = False
    task: bool = False  # asks for a poem, a joke, code...: not for the guides' content
    inherited_roles: bool = False
    inherited_topics: bool = False
    missing_topics: list[str] = field(default_factory=list)  # roles whose documents lack the topic
    earlier_question: str = ""  # the question whose topic a follow-up keeps

    @property
    def doc_ids(self) -> list[str]:
        return [d for role in self.roles for d in role.doc_ids]


def detect_topics(question: str) -> list[str]:
    """Topics a question asks about, in the order it names them; "overview" only when alone.

    A misspelt topic word ("benifits") counts too.
    """
    text = normalize(question)
    found = {t: m.start() for t, rx in _TOPIC_RE.items() if (m := rx.search(text))}
    for m in re.finditer(r"[a-z]{5,}", text):
        match = process.extractOne(
            m.group(0), _TOPIC_WORDS_LIST, scorer=fuzz.ratio, score_cutoff=80
        )
        if match and _TOPIC_WORD_INDEX[match[0]] not in found:
            found[_TOPIC_WORD_INDEX[match[0]]] = m.start()
    topics = sorted(found, key=found.get)
    return [t for t in topics if t != "overview"] or topics


_SELF_DESCRIPTION = re.compile(r"\b(i'?m|i am)\s+(an?|the)\s+([\w-]+\s+){0,2}[\w-]+")


def without_self_description(question: str) -> str:
    """ "I'm a career counselor, ..." says who asks, not what about."""
    return _SELF_DESCRIPTION.sub(" ", normalize(question))


_COMPARISON = re.compile(
    r"\b(differen|compare|comparison|versus|vs\.?|between|better|more than|or)\b"
)


def is_comparison(question: str) -> bool:
    return bool(_COMPARISON.search(normalize(question)))


def scoring_topics(topics: Sequence[str]) -> list[str]:
    """Topics that earn a passage a bonus. "Overview" is where intros and conclusions land,
    so it earns none; what a role is shows best in what it does."""
    wanted = [t for t in topics if t != "overview"]
    return wanted or (["duties"] if "overview" in topics else [])


def is_task_request(question: str) -> bool:
    """A request to produce something (a poem, a joke, code), not a question to the guides."""
    return bool(_TASK.search(normalize(question)))


def is_injection(question: str) -> bool:
    return bool(_INJECTION.search(normalize(question)))


def is_elliptical(question: str) -> bool:
    """Leans on the conversation: 'and what about salary?', 'do they need a license?'."""
    text = normalize(question)
    return bool(_ELLIPTICAL.search(text)) or len(tokens(text)) <= 4


def continues_topic(question: str) -> bool:
    """Short follow-ups that keep the previous question's topic: 'what about the technician?'."""
    text = normalize(question)
    return len(tokens(text)) <= 6 and (
        bool(_SHORT_FOLLOW_UP.search(text)) or len(tokens(text)) <= 4
    )


class RoleCatalog:
    """The roles the knowledge base holds, and how to find them in a question."""

    def __init__(self, docs: Iterable[DocRecord]) -> None:
        grouped: dict[str, tuple[str, list[str], list[str]]] = {}
        for doc in docs:
            key = normalize(doc.role)
            name, ids, aliases = grouped.setdefault(key, (doc.role, [], []))
            ids.append(doc.doc_id)
            aliases += [doc.role, *doc.alias_list]
        self.roles = [
            Role(name, tuple(ids), tuple(dict.fromkeys(a for a in aliases if a.strip())))
            for name, ids, aliases in grouped.values()
        ]
        self.roles.sort(key=lambda r: r.name)
        # (role, alias stems, alias as typed) for every alias
        self._aliases = [
            (role, [stem(t) for t in tokens(alias)], normalize(alias), tokens(alias))
            for role in self.roles
            for alias in role.aliases
        ]
        self._alias_texts = [a[2] for a in self._aliases]
        # Aliases by their first word, so a question is compared with the few aliases that
        # can start at each of its words, not with every alias of a large knowledge base.
        self._by_first_stem: dict[str, list[int]] = {}
        self._by_first_word: dict[str, list[int]] = {}
        for i, (_, alias_stems, _, alias_words) in enumerate(self._aliases):
            if alias_stems:
                self._by_first_stem.setdefault(alias_stems[0], []).append(i)
                self._by_first_word.setdefault(alias_words[0], []).append(i)
        self._first_words = sorted(self._by_first_word)
        self._alias_stems = {s for _, alias_stems, _, _ in self._aliases for s in alias_stems}
        heads: dict[str, set[int]] = {}
        for i, role in enumerate(self.roles):
            for alias in role.aliases:
                words = tokens(alias)
                if words:
                    heads.setdefault(stem(words[-1]), set()).add(i)
        # A bare "technician" or "assistant" means the one role whose names end that way.
        self._heads = {h: self.roles[next(iter(ix))] for h, ix in heads.items() if len(ix) == 1}
        self._by_name = {normalize(a): r for r in self.roles for a in (r.name, *r.aliases)}

    def names(self) -> list[str]:
        return [r.name for r in self.roles]

    def all_names(self) -> list[str]:
        """Every role name and alias, for taking them out of a question."""
        return [a for r in self.roles for a in r.aliases]

    def by_name(self, name: str) -> Role | None:
        return self._by_name.get(normalize(name))

    def _starting_at(self, word: str, stemmed: str) -> set[int]:
        """Aliases whose first word this word could be: the same stem, a clipped form, a typo."""
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

    def _match_alias(self, words: list[str], stems: list[str]) -> tuple[list[Role], set[int]]:
        hits: list[tuple[int, int, Role]] = []  # (start, length, role)
        for i in range(len(words)):
            for k in self._starting_at(words[i], stems[i]):
                role, alias_stems, _, alias_words = self._aliases[k]
                n = len(alias_stems)
                if i + n > len(words):
                    continue
                hit = stems[i : i + n] == alias_stems
                if not hit and n >= 2:
                    pairs = zip(words[i : i + n], alias_words, strict=True)
                    hit = all(_word_matches(w, a) for w, a in pairs) and any(
                        len(a) > 3 for a in alias_words
                    )
                if hit:
                    hits.append((i, n, role))
        found: list[Role] = []
        used: set[int] = set()
        for i, n, role in sorted(hits, key=lambda h: (-h[1], h[0])):  # longest names first
            span = set(range(i, i + n))
            if used & span:
                continue
            used |= span
            if role not in found:
                found.append(role)
        return found, used

    def _stem(self, word: str) -> str:
        """A word's stem, and the plural of an abbreviation ("KFAs", "CNAs") as its singular,
        which the stemmer keeps apart ("cnas")."""
        stemmed = stem(word)
        if stemmed not in self._alias_stems and word.endswith("s") and len(word) <= 6:
            singular = stem(word[:-1])
            if singular in self._alias_stems:
                return singular
        return stemmed

    def analyse(self, question: str) -> tuple[list[Role], list[str]]:
        """Roles of the knowledge base named in the question, and other occupations named."""
        words = tokens(question)
        stems = [self._stem(w) for w in words]
        roles, used = self._match_alias(words, stems)
        others: list[str] = []
        vague: list[Role] = []
        i = 0
        while i < len(words):
            if i in used or stems[i] not in _OCCUPATION_HEADS:
                i += 1
                continue
            end = i
            while (
                end + 1 < len(words) and end + 1 not in used and stems[end + 1] in _OCCUPATION_HEADS
            ):
                end += 1
            start = i
            while (
                start - 1 >= 0
                and start - 1 not in used
                and words[start - 1] not in STOPWORDS
                and stems[start - 1] not in _NOT_MODIFIERS
                and not words[start - 1][0].isdigit()
                and i - start < 3
            ):
                start -= 1
            phrase = " ".join(words[start : end + 1])
            i = end + 1
            before = words[max(0, start - 4) : start]
            if _SELF & set(before) and {"a", "an"} & set(before):
                continue  # "I'm a career counselor": who asks, not what is asked about
            bare = start == end
            role = self._role_for_phrase(phrase, bare)
            if role is not None:
                if role not in roles:
                    roles.append(role)
                    if bare:
                        vague.append(role)
            elif phrase not in others:
                others.append(phrase)
        if others and vague:
            # "the OT, not the assistant": a named occupation outweighs a bare "assistant".
            roles = [r for r in roles if r not in vague]
        return roles, others

    def unknown_subject(self, question: str) -> str | None:
        """Someone the question asks about who is no role of ours ("a parcel sorter")."""
        subject = _asked_about(question)
        if subject and self._role_for_phrase(subject, bare=" " not in subject) is None:
            return subject
        return None

    def _role_for_phrase(self, phrase: str, bare: bool) -> Role | None:
        if bare:
            return self._heads.get(stem(phrase))
        best = process.extractOne(
            phrase, self._alias_texts, scorer=fuzz.ratio, score_cutoff=FUZZY_ALIAS_MIN
        )
        return self._aliases[best[2]][0] if best else None


def resolve(
    catalog: RoleCatalog,
    question: str,
    history: Sequence[dict] = (),
    role: str | None = None,
) -> Scope:
    """Roles and topics of a question, taken from the conversation when it leaves them out."""
    roles, others = catalog.analyse(question)
    if not roles and not others and not (history and is_elliptical(question)):
        others = [s for s in [catalog.unknown_subject(question)] if s]
    scope = Scope(
        question=question,
        roles=roles,
        other_occupations=others,
        topics=detect_topics(without_self_description(question)),
        injection=is_injection(question),
        task=is_task_request(question),
    )
    if role:
        chosen = catalog.by_name(role)
        if chosen is not None:
            scope.roles = [chosen]
            scope.other_occupations = []
    previous = [turn.get("content", "") for turn in history if turn.get("role") == "user"]
    if previous and not scope.roles and _OTHER_ROLE.search(normalize(question)):
        for earlier in reversed(previous):
            earlier_roles, _ = catalog.analyse(earlier)
            if earlier_roles:
                rest = [r for r in catalog.roles if r not in earlier_roles]
                if 0 < len(rest) <= 3:
                    scope.roles = rest
                break
    if previous and not scope.roles and not scope.other_occupations and is_elliptical(question):
        for earlier in reversed(previous):
            earlier_roles, earlier_others = catalog.analyse(earlier)
            if earlier_roles or earlier_others:
                scope.roles, scope.inherited_roles = earlier_roles, True
                break
    if previous and not scope.topics and continues_topic(question):
        for earlier in reversed(previous):
            earlier_topics = detect_topics(earlier)
            if earlier_topics:
                scope.topics, scope.inherited_topics = earlier_topics, True
                scope.earlier_question = earlier
                break
    return scope
