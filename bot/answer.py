"""Answers and citations, and how an extractive answer is written from chosen evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.conflicts import Disagreement
from bot.evidence import Evidence, leader
from ingest.topics import TOPICS

_TAG = re.compile(r"<[^>]+>")


@dataclass
class Citation:
    n: int
    doc_id: str
    title: str
    section: str
    source: str
    quote: str  # exact text of the source, offsets start:end
    start: int = 0
    end: int = 0

    def to_json(self) -> dict:
        return {
            "n": self.n,
            "doc_id": self.doc_id,
            "title": self.title,
            "section": self.section,
            "source": self.source,
            "quote": self.quote,
        }


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    latency_ms: float = 0.0
    roles: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    gaps: str = ""  # what the question asks that the knowledge base does not say
    notice: str = ""  # e.g. why the LLM answer fell back to the extractive one
    retrieved: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, section) ranked

    def to_json(self) -> dict:
        """The contract of `careerbot ask --json`, the web API and the evaluation."""
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "citations": [c.to_json() for c in self.citations],
            "latency_ms": round(self.latency_ms, 2),
        }


def display(text: str) -> str:
    """A quote as shown inside the answer: markup dropped, white space collapsed."""
    return re.sub(r"\s+", " ", _TAG.sub("", text)).strip()


def topic_phrase(topics: Sequence[str]) -> str:
    labels = [TOPICS[t] for t in topics if t in TOPICS and t != "overview"]
    return " and ".join(labels[:2])


# A group's header names what it answers in a word or two: on a phone every word is a line.
_HEADER_LABELS = {
    "salary": "pay",
    "licensing": "licensing",
    "education": "education",
    "environment": "work environment",
    "career": "career path",
}


def header_label(topics: Sequence[str]) -> str:
    labels = [_HEADER_LABELS.get(t, TOPICS[t]) for t in topics if t in TOPICS and t != "overview"]
    return ", ".join(labels[:2])


# A refusal names this many roles at most: a large knowledge base would bury the answer.
LISTED_ROLES = 10


def listed_roles(role_names: Sequence[str], limit: int = LISTED_ROLES) -> list[str]:
    """The role names to show, with "N more" last when there are more than limit."""
    names = list(role_names)
    if len(names) <= limit:
        return names
    return [*names[:limit], f"{len(names) - limit:,} more"]


def coverage_sentence(role_names: Sequence[str], topics: Sequence[str]) -> str:
    roles = _join(listed_roles(role_names)) or "no roles yet"
    covered = _join([TOPICS[t] for t in topics if t in TOPICS and t != "overview"])
    tail = f": {covered}" if covered else ""
    return f"It covers {len(role_names):,} role(s), {roles}{tail}."


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass
class RoleEvidence:
    role: str
    evidence: list[Evidence]
    note: str = ""  # why this group answers for another role, if it does
    gaps: str = ""  # what the question asks that this role's documents do not state
    lead: Evidence | None = None  # shown first (the sentence that answers a yes/no question)


@dataclass
class TopicLine:
    """One line of a rundown or a comparison: a topic, a role, the passage (or none)."""

    topic: str
    role: str
    evidence: Evidence | None


class _Numbers:
    """Citation numbers in order of first use; a passage keeps its number."""

    def __init__(self, docs: dict) -> None:
        self.docs = docs
        self.citations: list[Citation] = []
        self._by_key: dict[tuple[str, int], int] = {}

    def __call__(self, e: Evidence) -> int:
        n = self._by_key.get(e.key)
        if n is None:
            n = self._by_key[e.key] = len(self.citations) + 1
            self.citations.append(_citation(n, e, self.docs))
        return n

    def get(self, e: Evidence) -> int:
        return self._by_key[e.key]


def gap_sentences(groups: Sequence[RoleEvidence]) -> list[str]:
    """ "The documents do not state <what> for <role>.", one a gap, the roles that share it
    together."""
    by_gap: dict[str, list[str]] = {}
    for group in groups:
        if group.gaps and not group.note:
            by_gap.setdefault(group.gaps, []).append(group.role)
    return [
        f"The documents do not state {gap} for {_join(roles)}." for gap, roles in by_gap.items()
    ]


def compose(
    groups: Sequence[RoleEvidence],
    topics: Sequence[str],
    docs: dict,
    disagreements: Sequence[tuple[RoleEvidence, Disagreement]] = (),
    preface: Sequence[str] = (),
    others: Sequence[str] = (),
) -> tuple[str, list[Citation]]:
    """Markdown answer with [n] markers, grouped by role, passages in reading order (the lead
    passage first). What is not stated comes first; a passage is never shown twice."""
    numbers = _Numbers(docs)
    blocks: list[str] = list(preface)
    gaps = gap_sentences(groups)
    if gaps:
        closest = " The closest they have:" if any(g.evidence for g in groups) else ""
        blocks.append(" ".join(gaps) + closest)
    about = header_label(topics)
    shown: set[str] = set()
    for group in groups:
        if not group.evidence:
            continue
        header = f"**{group.role}**" + (f" — {about}" if about and not group.gaps else "")
        lines = [header + (f" ({group.note})" if group.note else "") + ":"]
        first = group.evidence[0].doc_id
        ordered = sorted(group.evidence, key=lambda e: (e.chunk.doc_id != first, e.position))
        if group.lead is not None and group.lead in ordered:
            # the lead first, after the sentence it leans on ("These may include ...")
            before = leader(group.lead, ordered)
            head = [e for e in (before, group.lead) if e is not None]
            ordered = head + [e for e in ordered if e not in head]
        for e in ordered:
            text = display(e.unit.text)
            if text.lower() in shown:
                continue  # the same line in two places of a document, or in two groups
            shown.add(text.lower())
            lines.append(f"- {text} [{numbers(e)}]")
        if len(lines) > 1:
            blocks.append("\n".join(lines))
    for group, disagreement in disagreements:
        a, b = group.evidence[disagreement.first], group.evidence[disagreement.second]
        if a.key not in numbers._by_key or b.key not in numbers._by_key:
            continue
        pair = sorted(
            [(numbers.get(a), a.chunk.heading_path), (numbers.get(b), b.chunk.heading_path)]
        )
        blocks.append(
            f"Note: the sources differ on {disagreement.what} for {group.role}: compare "
            f"[{pair[0][0]}] ({pair[0][1]}) with [{pair[1][0]}] ({pair[1][1]})."
        )
    if others:
        blocks.append(f"The knowledge base has nothing on {_join(others)}.")
    return "\n\n".join(blocks), numbers.citations


def compose_by_topic(
    lines: Sequence[TopicLine],
    roles: Sequence[str],
    docs: dict,
    preface: Sequence[str] = (),
) -> tuple[str, list[Citation]]:
    """A rundown (one role) or a comparison (several): for each topic, one cited line per
    role, the roles in the same order under every topic."""
    numbers = _Numbers(docs)
    blocks: list[str] = list(preface)
    if len(roles) == 1:
        blocks.append(f"**{roles[0]}**:")
    topics = list(dict.fromkeys(line.topic for line in lines))
    for topic in topics:
        label = TOPIC_LABELS.get(topic, topic)
        row = [line for line in lines if line.topic == topic]
        if len(roles) == 1:
            said = [f"{display(line.evidence.unit.text)} [{numbers(line.evidence)}]"
                    for line in row if line.evidence is not None]  # fmt: skip
            if said:
                blocks.append(f"- **{label}**: {' '.join(said)}")
            continue
        if all(line.evidence is None for line in row):
            continue
        out = [f"**{label}**"]
        for line in row:
            if line.evidence is None and topic == "difference":
                continue
            if line.evidence is None:
                out.append(f"- {line.role}: the documents do not state this.")
            else:
                e = line.evidence
                out.append(f"- {line.role}: {display(e.unit.text)} [{numbers(e)}]")
        blocks.append("\n".join(out))
    if len(roles) == 1:
        blocks = [b for b in blocks if b]
        body = "\n".join(blocks[len(preface) :])
        return "\n\n".join([*blocks[: len(preface)], body]), numbers.citations
    return "\n\n".join(blocks), numbers.citations


TOPIC_LABELS = {
    "difference": "How they differ",
    "overview": "What it is",
    "duties": "Duties",
    "education": "Education",
    "licensing": "Licensing",
    "salary": "Pay",
    "benefits": "Benefits",
    "environment": "Work environment",
    "skills": "Skills",
    "career": "Career path",
}


def _citation(n: int, e: Evidence, docs: dict) -> Citation:
    meta = e.chunk.meta
    doc = docs.get(e.doc_id)
    return Citation(
        n=n,
        doc_id=e.doc_id,
        title=meta.get("title") or (doc.title if doc else e.doc_id),
        section=e.chunk.heading_path,
        source=meta.get("source") or (doc.source if doc else ""),
        quote=e.unit.text,
        start=e.unit.start,
        end=e.unit.end,
    )


def refusal(
    reason: str, role_names: Sequence[str], topics: Sequence[str], others: Sequence[str] = ()
) -> str:
    """A short, polite answer that says what the knowledge base does cover."""
    first = {
        "occupation": f"The knowledge base has no information about {_join(others)}.",
        "off-topic": "That is outside what I can help with: I answer questions about the career "
        "guides in this knowledge base.",
        "task": "I can't write or translate things for you: I answer questions with what the "
        "career guides in this knowledge base say, each line quoted from its source.",
        "greeting": "Hello! I answer questions about the roles in this knowledge base, quoting "
        "the career guides.",
        "injection": "I can't change how I work: I only answer from the career guides in this "
        "knowledge base, and I don't invent anything.",
        "empty": "The knowledge base is empty: add role documents to kb/ and run "
        "`careerbot ingest`.",
    }[reason]
    if reason == "empty":
        return first
    example = role_names[0] if role_names else "role"
    return (
        f"{first} {coverage_sentence(role_names, topics)} "
        f"Ask me about one of these, for example: “What does {_article(example)} {example} do?”"
    )


ADVICE = {
    "medical": "I can't give medical advice about your own health or situation: please ask a "
    "doctor, nurse or other health professional, who can look at your case.",
    "legal": "I can't give legal advice about your situation: please ask a lawyer or a legal "
    "aid office (for a problem at work, an employment lawyer or your state's labor department).",
    "financial": "I can't give financial advice about your own money: please ask a financial "
    "adviser, or your plan's administrator for questions about your plan.",
    "safety": "I can't judge what is safe for you personally: please ask a doctor or your "
    "employer's occupational health service.",
}


def advice_refusal(domain: str, guide_lines: str = "") -> str:
    """Kindly no, who to ask instead, and what the guides say about the role if relevant."""
    text = ADVICE.get(domain, ADVICE["safety"])
    if guide_lines:
        text += "\n\nFor reference, what the career guides say (general information, not advice):"
        text += "\n\n" + guide_lines
    return text


def which_role(name: str, role_names: Sequence[str]) -> str:
    """A name that fits too many roles: ask which one."""
    return (
        f"“{name}” fits several roles in the knowledge base: {_join(listed_roles(role_names))}. "
        "Which one do you mean?"
    )


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"
