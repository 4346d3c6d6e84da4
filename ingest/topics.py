"""The topics a career guide covers, and how to tell them from a heading or a passage.

Ingestion tags chunks and units with these; the bot routes questions to the same names.
Two signals: word lists (a heading with "salary" in it is about pay) and the embedding model,
which compares a heading or a question with short descriptions of each topic in the words
career documents of many shapes use ("How to Become One" is education, "What we offer" is
benefits). The word lists are the prior; the model reads what they miss.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence

import numpy as np

# Order matters only for ties: the first listed wins.
TOPICS: dict[str, str] = {
    "salary": "salary and pay",
    "licensing": "licensing and certification",
    "education": "qualifications and education",
    "duties": "duties",
    "skills": "skills",
    "benefits": "benefits",
    "environment": "work environment",
    "career": "career path",
    "overview": "overview",
}

_HEADING_CUES: dict[str, str] = {
    "salary": r"salar|\bpay\b|wage|compensation|earning",
    "benefits": r"benefit|perk",
    "licensing": r"licen[cs]|certif|credential",
    "education": r"educat|training|qualific|requirement|degree|school|tuition|\bcosts?\b|\bfees\b",
    "skills": r"skill|qualit(y|ies)|abilit|competenc",
    "duties": r"dut(y|ies)|responsibilit|what does .* do|what (they|you|you'll|you will) do|daily"
    r"|job brief|role of|tasks",
    "environment": r"environment|setting|workplace|conditions|schedule",
    "career": r"career|experience|advance|outlook|become|progress",
    "overview": r"^what (is|are) (an? |the )?\w+|overview|introduction|summary|conclusion",
}

_TEXT_CUES: dict[str, str] = {
    "salary": r"\$\s?\d|\bsalar(y|ies)\b|\bpay\b|pay range|\bwages?\b|per (year|hour)"
    r"|\bincome\b|\bearn",
    "benefits": r"401\(k\)|insurance|paid time off|\bretirement\b|\bPTO\b|vacation|\bbenefits?\b",
    "licensing": r"licen[cs]|certif|\bNBCOT\b|national board|\bexam\b|\bregistered\b|credential",
    "education": r"\bdegree\b|diploma|educat|\bschool\b|college|accredited|\bprograms?\b|coursework"
    r"|fieldwork|\btraining\b|graduat",
    "skills": r"skill|interpersonal|communicat|empath|compassion|\bpatience\b|problem-solving"
    r"|detail|stamina|endurance|personality|resilien|knowledge of",
    "duties": r"\bassist|\bhelp|monitor|maintain|\bteach|prepar|document|\brecords?\b|schedul"
    r"|administrative|implement|demonstrat|\breview|recommend|\bconduct|\bensure|\bcheck"
    r"|\bengage|deliver|treatment plans?",
    "environment": r"environment|setting|clinic|hospital|facilit|travel|\bhomes?\b|\bstand\b"
    r"|\blift|full-time|part-time|remote|location|reports? to|supervision"
    r"|\b(health ?care|medical|rehabilitation|community|treatment|care) cent(er|re)s?\b",
    "career": r"career|advance|promot|leadership|supervisory|\d+ (to \d+ )?years|entry-level"
    r"|seasoned|opportunit|\bexperience\b|\bdemand\b|\bneed for\b",
}

# What each topic is called in handbooks, occupation databases, postings, school pages and
# guides, and how a job seeker asks about it. General phrasings, never one document's.
TOPIC_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "salary": (
        "Pay",
        "Salary",
        "Wages and earnings",
        "How much the job pays",
        "Compensation",
        "Hourly pay and annual salary",
        "Median wages",
        "How much does it pay?",
    ),
    "benefits": (
        "Benefits",
        "Perks",
        "What we offer employees",
        "Health insurance, paid time off and retirement plan",
        "Employee benefits",
        "What benefits come with the job?",
    ),
    "licensing": (
        "License",
        "Certification",
        "Licenses, certifications and registrations",
        "Licensing exam",
        "Credentials required to practice",
        "Getting certified",
        "Do I need a license or a certification?",
    ),
    "education": (
        "Education",
        "Training",
        "How to become one",
        "Degree and school requirements",
        "Qualifications",
        "Requirements",
        "Program admission, courses and tuition",
        "What education or training do I need?",
    ),
    "duties": (
        "Duties",
        "Responsibilities",
        "What they do",
        "What you'll do",
        "Tasks",
        "A typical day on the job",
        "What does the job involve day to day?",
    ),
    "skills": (
        "Skills",
        "Important qualities",
        "What we're looking for in you",
        "Abilities and personal traits",
        "About you",
        "What skills and qualities do I need?",
    ),
    "environment": (
        "Work environment",
        "Working conditions",
        "Schedule and hours",
        "Where they work",
        "Work setting",
        "Shifts",
        "Physical demands",
        "What are the hours and working conditions like?",
    ),
    "career": (
        "Career path",
        "Advancement",
        "Job outlook",
        "Growth and demand for workers",
        "Where this job can lead",
        "Experience",
        "Can I move up, and are there jobs?",
    ),
    "overview": ("Overview", "Introduction", "About the role", "Summary", "What is this job?"),
}
CUE_BONUS = 0.1  # what a word-list match adds to a topic's similarity
HEADING_FLOOR = 0.4  # a heading less similar than this to every topic names none

_HEADING_RE = {t: re.compile(p, re.IGNORECASE) for t, p in _HEADING_CUES.items()}
_COST = re.compile(r"\b(tuition|fees?|costs?|price|per credit|\bloans?)\b", re.IGNORECASE)
_CAPTURING = re.compile(r"(?<!\\)\((?!\?)")
# All text cues in one pattern, one named group a topic: one scan of a passage counts them all.
_TEXT_ALL = re.compile(
    "|".join(f"(?P<{t}>{_CAPTURING.sub('(?:', p)})" for t, p in _TEXT_CUES.items()),
    re.IGNORECASE,
)


def heading_topics(heading: str) -> list[str]:
    """Topics a heading names, in the order they appear in it."""
    found = [(m.start(), t) for t, rx in _HEADING_RE.items() if (m := rx.search(heading))]
    return [t for _, t in sorted(found)]


def text_topics(text: str, limit: int = 3) -> list[str]:
    """Topics a passage speaks of, most cues first; weak ones (under half the top count) drop."""
    counts = dict.fromkeys(_TEXT_CUES, 0)
    costs = bool(_COST.search(text))
    for match in _TEXT_ALL.finditer(text):
        topic = match.lastgroup
        if topic == "salary" and costs and match.group(0).startswith("$"):
            topic = "education"  # "$1,150 tuition" is what the training costs, not pay
        counts[topic] += 1
    top = max(counts.values(), default=0)
    ranked = sorted(
        (t for t, c in counts.items() if c and c * 2 >= top),
        key=lambda t: (-counts[t], list(TOPICS).index(t)),
    )
    return ranked[:limit]


UNIT_TOPIC_MIN = 0.35  # a passage this similar to a topic's descriptions is about it


def model_topics(topics: Sequence[str], similarity: dict[str, float]) -> list[str]:
    """A passage's topics with the model's reading added: its closest topic replaces the
    fallback "overview" of a passage the word lists found nothing in, and joins the others
    when the lists missed it."""
    best = max(similarity, key=similarity.get)
    if similarity[best] < UNIT_TOPIC_MIN or best in topics:
        return list(topics)
    if list(topics) in ([], ["overview"]):
        return [best] if best != "overview" else ["overview"]
    ahead = similarity[best] - max(similarity.get(t, 0.0) for t in topics)
    if similarity[best] >= UNIT_TOPIC_MIN + 0.1 and ahead >= 0.08:
        return [*topics, best]
    return list(topics)


HeadingTopics = Callable[[str], list[str]]


def classify(
    headings: list[str], text: str, heading_classifier: HeadingTopics = heading_topics
) -> list[str]:
    """Topics of a passage: those of its innermost heading that names one, then its text's.

    A passage under no heading but the document title is an overview first.
    """
    from_heading: list[str] = [] if headings else ["overview"]
    for heading in reversed(headings):
        from_heading = heading_classifier(heading)
        if from_heading:
            break
    return list(dict.fromkeys(from_heading + text_topics(text))) or ["overview"]


def rank_topics(
    similarity: dict[str, float], cues: Sequence[str], margin: float = 0.05
) -> list[str]:
    """Topics by similarity, the word-list matches given a head start: the best one, every
    one within `margin` of it, and every word-list match."""
    scores = {t: v + (CUE_BONUS if t in cues else 0.0) for t, v in similarity.items()}
    best = max(scores.values(), default=0.0)
    ranked = sorted(scores, key=lambda t: -scores[t])
    return [t for t in ranked if scores[t] >= best - margin or t in cues]


class TopicModel:
    """Topics from the embedding model: a text is compared with each topic's descriptions.

    `encode` is the embedder's encode (texts -> unit vectors); the descriptions are embedded
    once, on first use. Thread-safe."""

    def __init__(self, encode: Callable[[list[str]], np.ndarray]) -> None:
        self.encode = encode
        self._vectors: dict[str, np.ndarray] | None = None
        self._lock = threading.Lock()

    def _descriptions(self) -> dict[str, np.ndarray]:
        with self._lock:
            if self._vectors is None:
                names = list(TOPIC_DESCRIPTIONS)
                flat = [d for t in names for d in TOPIC_DESCRIPTIONS[t]]
                vectors = self.encode(flat)
                out, i = {}, 0
                for t in names:
                    n = len(TOPIC_DESCRIPTIONS[t])
                    out[t] = vectors[i : i + n]
                    i += n
                self._vectors = out
        return self._vectors

    def similarity(self, vector: np.ndarray) -> dict[str, float]:
        """Each topic's similarity to a text's vector: its closest description's cosine."""
        return {t: float((d @ vector).max()) for t, d in self._descriptions().items()}

    def headings(self, headings: Sequence[str]) -> dict[str, list[str]]:
        """Topics of each heading: the model's, with the word list's as a prior; none for a
        heading not close to any topic."""
        unique = list(dict.fromkeys(h for h in headings if h.strip()))
        if not unique:
            return {}
        vectors = self.encode(unique)
        out = {}
        for heading, vector in zip(unique, vectors, strict=True):
            similarity = self.similarity(vector)
            cues = heading_topics(heading)
            if max(similarity.values()) < HEADING_FLOOR and not cues:
                out[heading] = []
                continue
            out[heading] = rank_topics(similarity, cues)
        return out
