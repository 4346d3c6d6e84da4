"""The topics a question asks about: the word lists first, the embedding model for the rest.

"How much do they make?" names pay in words the lists know; "what are the working
conditions like?" or "what do employers look for on a resume?" may not, and the model,
comparing the question with each topic's descriptions (ingest.topics), reads them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from bot.spelling import is_english
from bot.text import STOPWORDS, normalize, stem, tokens
from bot.wording import in_plain_words
from ingest.topics import TOPICS, TopicModel

# A question at least this similar to a topic's descriptions is about it (when the word
# lists find no topic in it).
QUESTION_TOPIC_MIN = 0.42
QUESTION_TOPIC_MARGIN = 0.03  # ahead of the next topic by this much

_TOPIC_CUES: dict[str, str] = {
    # "pay for school" asks what it costs
    "salary": r"\bsalar|\bpay\b(?! for (the |my |your )?(school|training|program|course|classes"
    r"|exam|certification|tuition))|\bpays\b|\bpaid\b|\bearn|\bwages?\b|\bincome"
    r"|\bcompensat(?!ion package)"
    r"|\bmoney\b|\bhow much (do|does|can|will|would)\b.*\b(make|get|bring)|\$\s?\d|\bper hour"
    r"|\bhourly\b|\bannual(ly)?\b|\braise|\b\d+k\b|\b\d[\d,]*k? (a|per) year\b"
    r"|\bwhat (do|does|can|will|would)\b.{0,40}\bmake\b(?! sure)"
    r"|\b(make|makes|earn|earns|paid|pay|pays) (more|less|the most|the least|better|well)\b"
    r"|\bpaycheck|\bstarting (rate|wage)",
    "benefits": r"\bbenefit|\bperks?\b|401 ?\(?k|\binsurance|\bhealth (plan|care cover)"
    r"|\bcompensation package|\btotal compensation|\bprofessional development"
    r"|\btuition (assistance|reimbursement)|\b(employers?|they|the (hospital|clinic|company|job))"
    r"\b.{0,60}\b(pay|pays|paying|cover|covers|covering) (for )?(my |the |your )?(training|school"
    r"|tuition|courses|classes|certification|continuing education)"
    r"|\bdental\b|\bretire|\bpto\b|\bpaid time off|\bvacation|\bholiday|\bleave\b",
    "licensing": r"\blicen[cs]|\bcertif|\bnbcot\b|\bexam|\bboard\b|\bcredential|\bregist"
    r"|\b(what|which) (test|tests)\b|\bpass (the |a |an )?(\w+ )?tests?\b|\brenew",
    "education": r"\bdegree|\bdiploma|\beducat|\bschool|\bcollege|\bprogram|\bstud(y|ies)"
    r"|\bcourse|\btrain(ing|ed)?\b|\bqualif|\brequirements?\b|\bassociate'?s?\b|\bbachelor"
    r"|\bged\b"
    r"|\bprerequisite|\bclasses\b|\bneed to (have|get)\b|\bbecome\b|\bmajor(ing)? in\b",
    "duties": r"\bdut(y|ies)\b|\bresponsib|\btasks?\b|\bday[- ]to[- ]day|\bdaily\b"
    r"|\ball (day|shift)\b"
    # "the tests an EKG tech runs", "which procedures do they perform"
    r"|\b(tests?|procedures?|scans?)\b[^?]{0,30}\b(runs?|performs?|carr(y|ies) out)\b"
    r"|\b(runs?|performs?|carr(y|ies) out)\b[^?]{0,30}\b(tests?|procedures?|scans?)\b"
    # "what does an OT do", not "do you pass it and do you renew it"
    r"|\b(do|does) (an?|the|they|you|he|she|ots?|otas?)\b.*\bdo\b(?! (you|they|i|we|it)\b)"
    r"|\bwhat do\b.*\bdo\b(?! (you|they|i|we|it)\b)"
    r"|\bwhat (would|will|do|does|did|am|are|is) (i|you|they|we|he|she) (actually |really |even )?"
    r"(be )?doing\b|\bwhat (would|will) (i|you|they) (actually |really )?do\b"
    r"|\binvolve|\bjob (is|like)\b|\btypical (work ?|working )?day|\bwork on\b|\bpaperwork"
    r"|\bhands[- ]on\b"
    r"|\b(the|a|their|your) (work ?)?days? (is |are )?like\b|\bday in the life\b",
    "skills": r"\bskill|\bqualit(y|ies)|\btraits?\b|\bgood at\b|\babilit|\bstrengths?\b"
    r"|\bpersonality|\bcharacteristic|\bsoft skill|\bgood fit\b|\bsuited\b|\bknow about\b",
    "environment": r"\benvironment|\bsetting|\bworkplace|\bwhere (do|does|would|will)\b"
    r"|\bclinic|\bhospital|\btravel|\bphysical(ly)?\b|\blift|\bstand(ing)?\b|\bhours\b"
    r"|\bschedule|\bfull[- ]time|\bpart[- ]time|\bremote|\breport(s)? to|\bsupervised\b"
    r"|\bon (my|their|your) own\b"
    r"|\balone\b|\bby (myself|themselves|yourself)\b"
    r"|\bworks? (with|under|alongside|for)\b|\bteam\b|\bindependent|\bnights?\b|\bweekends?\b"
    r"|(?<!all )\bshifts?\b|\bovertime\b|\bdemanding\b|\bhome visits?\b|\bconditions\b"
    r"|\bdangerous\b|\bhazards?\b|\bexposure\b|\bhow (do|does) (they|you|techs?) stay safe\b"
    r"|\bboss(es)?\b|\bwho\b.{0,30}\b(in charge|supervises?|oversees?)\b",
    "career": r"\bcareer|\badvance|\bpromot|\bgrow|\bpath\b|\bfuture\b|\bexperience"
    r"|\bentry[- ]level|\bsenior|\boutlook|\bdemand\b|\bprospects?\b|\bnext step|\bmove up\b"
    r"|\bleader|\bsupervisor|\bmanagement\b|\b\d+ years\b|\bresume\b|\bhire\b|\bhiring\b"
    r"|\bstable\b|\bstability\b|\bjob security\b|\bsomething (higher|more|bigger)\b"
    r"|\bstep up\b|\bnext level\b"
    # whether there is work: "are there openings", "is the field saturated"
    r"|\bopenings?\b|\bjob market\b|\bare there (even |any |many )?jobs\b|\bsaturated\b"
    r"|\b(easy|hard) to (find|get) (a )?(job|work)\b"
    r"|\b(how|where) (do|can|should|would) (i|you|we|they) apply\b|\bapplication (process|steps)"
    r"|\bapply (for|to) (an? |the )?(job|position|opening|posting)s?\b"
    r"|\bsend (them|it in|in|my)\b|\bsubmit\b|\bcover letter",
    "overview": r"^(so )?what('s| is| are) (an?|the)\b|\btell me about\b|\bdescribe\b|\boverview"
    r"|\bwhat does .* mean\b|\bexplain\b|\brundown\b|\bdifference\b",
}
_TOPIC_RE = {t: re.compile(p) for t, p in _TOPIC_CUES.items()}
# "What do hiring managers look for?" asks for qualifications: what it takes and what helps.
_QUALIFICATIONS = re.compile(
    r"\b((employers?|managers?|recruiters?|hospitals?|clinics?|companies|they) (look|looks|looking"
    r"|want|wants|prefer|prefers|expect|expects)|stand out|get (me )?noticed"
    r"|gets? (a |an |the )?\w+ ?\w* noticed|hiring managers?|on (a|my|the|their) (resume|cv"
    r"|application)|make (me|my application|a candidate) (stand out|competitive|attractive))\b"
)
_SETS_ASIDE = r"\b(besides|other than|apart from|aside from|not counting|except for)"
# "Besides the paycheck, what are the perks?": a topic named only after "besides" is not asked.
_EXCEPT = re.compile(_SETS_ASIDE + r"( the| their| my| a)?\s*$")
# "What do they do besides stick needles in people?": what is set aside, up to where the
# question goes on ("besides lifting patients what paperwork ...").
_EXCEPT_CLAUSE = re.compile(
    _SETS_ASIDE + r"\s+(?P<aside>.+?)(?=[,.;:?!]|\s+(what|how|which|who|where|when|why|do|does"
    r"|did|can|could|is|are|will|would|should|and|but)\b|$)",
    re.IGNORECASE,
)
# "work in a school" names a workplace, not an education
_WORKPLACE = re.compile(
    r"\b(work|works|working|employed|jobs?) (in|at) (an? |the )?([\w-]+ ){0,2}(schools?|homes?"
    r"|offices?|facilit(y|ies)|centers?|labs?|pharmac(y|ies)|prisons?|gyms?)\b"
)
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


def detect_topics(question: str) -> list[str]:
    """Topics a question asks about, in the order it names them; "overview" only when alone.

    A misspelt topic word ("benifits") counts too.
    """
    text = normalize(in_plain_words(question))
    found: dict[str, int] = {}
    workplaces = [m.span() for m in _WORKPLACE.finditer(text)]
    if workplaces:
        found["environment"] = workplaces[0][0]
    for topic, rx in _TOPIC_RE.items():
        for m in rx.finditer(text):
            if _EXCEPT.search(text[max(0, m.start() - 20) : m.start()]):
                continue  # set aside, not asked
            if topic == "education" and any(a <= m.start() < b for a, b in workplaces):
                continue
            found[topic] = min(m.start(), found.get(topic, m.start()))
    qualifications = _QUALIFICATIONS.search(text)
    if qualifications:
        if found.get("career") is not None and re.match(
            r"(resume|hire|hiring)\b", text[found["career"] :]
        ):
            del found["career"]  # the résumé is where qualifications are read
        found.setdefault("education", qualifications.start())
        found.setdefault("skills", qualifications.start() + 1)
    for m in re.finditer(r"[a-z]{5,}", text):
        if m.group(0) in _TOPIC_WORD_INDEX or is_english(m.group(0)):
            continue  # a word as it is ("learning" is no misspelt "earnings")
        match = process.extractOne(
            m.group(0), _TOPIC_WORDS_LIST, scorer=fuzz.ratio, score_cutoff=80
        )
        if match and _TOPIC_WORD_INDEX[match[0]] not in found:
            found[_TOPIC_WORD_INDEX[match[0]]] = m.start()
    topics = sorted(found, key=found.get)
    return [t for t in topics if t != "overview"] or topics


_SELF_DESCRIPTION = re.compile(r"\b(i'?m|i am)\s+(an?|the)\s+([\w-]+\s+){0,2}[\w-]+")


# Words that name a topic itself ("what are the working conditions?", "perks"): they say what
# a question is about, not which passage of the topic answers it.
_TOPIC_NAMES = frozenset(
    stem(w)
    for w in """salary salaries pay paid wage wages earnings income compensation benefits perks
    license licence licensing certification certified education training qualifications
    requirements duties responsibilities tasks skills qualities abilities environment conditions
    workplace setting career advancement outlook""".split()
)


def topic_words(question: str) -> set[str]:
    """Stems of the words of a question that name its topics."""
    return {stem(w) for w in tokens(question)} & _TOPIC_NAMES


def set_aside(question: str) -> list[str]:
    """What the question sets aside ("besides the paycheck", "other than lifting patients"):
    those words would otherwise pull up the very passages it does not want."""
    return [m.group("aside") for m in _EXCEPT_CLAUSE.finditer(question)]


def without_exceptions(question: str) -> str:
    """The question without what it sets aside, nor the words that set it aside."""
    return re.sub(r"\s+", " ", _EXCEPT_CLAUSE.sub(" ", question)).strip()


def without_self_description(question: str) -> str:
    """ "I'm a career counselor, ..." says who asks, not what about."""
    return _SELF_DESCRIPTION.sub(" ", normalize(question))


def scoring_topics(topics: Sequence[str]) -> list[str]:
    """Topics that earn a passage a bonus. "Overview" is where intros and conclusions land,
    so it earns none; what a role is shows best in what it does."""
    wanted = [t for t in topics if t != "overview"]
    return wanted or (["duties"] if "overview" in topics else [])


def question_topics(text: str, vector: np.ndarray | None, model: TopicModel | None) -> list[str]:
    """Topics of a question: the word lists' (cues), else the model's closest topic when it is
    close enough and clearly closest."""
    topics = detect_topics(without_self_description(text))
    if topics or vector is None or model is None:
        return topics
    if len([t for t in tokens(text) if t not in STOPWORDS]) < 3:
        return []  # "and for the other one?": too few words for the model to read a topic
    similarity = model.similarity(vector)
    ranked = sorted(similarity, key=lambda t: -similarity[t])
    best, second = ranked[0], ranked[1]
    if (
        similarity[best] >= QUESTION_TOPIC_MIN
        and similarity[best] - similarity[second] >= QUESTION_TOPIC_MARGIN
    ):
        return [best]
    return []
