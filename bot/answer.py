"""Answers and citations, and how an extractive answer is written from chosen evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.conflicts import Disagreement
from bot.evidence import Evidence
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


def compose(
    groups: Sequence[RoleEvidence],
    topics: Sequence[str],
    docs: dict,
    disagreements: Sequence[tuple[RoleEvidence, Disagreement]] = (),
    gaps: str = "",
    asked_roles: Sequence[str] = (),
    others: Sequence[str] = (),
) -> tuple[str, list[Citation]]:
    """Markdown answer with [n] markers, grouped by role, passages in reading order."""
    citations: list[Citation] = []
    numbers: dict[tuple[str, int], int] = {}
    blocks: list[str] = []
    about = topic_phrase(topics)
    if gaps:
        who = _join(asked_roles) or "these roles"
        closest = " The closest it has:" if any(g.evidence for g in groups) else ""
        blocks.append(f"The knowledge base does not cover {gaps} for {who}.{closest}")
    for group in groups:
        if not group.evidence:
            continue
        header = f"**{group.role}**" + (f" — {about}" if about and not gaps else "")
        lines = [header + (f" ({group.note})" if group.note else "") + ":"]
        for e in sorted(
            group.evidence, key=lambda e: (e.chunk.doc_id != group.evidence[0].doc_id, e.position)
        ):
            n = numbers.get(e.key)
            if n is None:
                n = numbers[e.key] = len(citations) + 1
                citations.append(_citation(n, e, docs))
            lines.append(f"- {display(e.unit.text)} [{n}]")
        blocks.append("\n".join(lines))
    for group, disagreement in disagreements:
        a, b = group.evidence[disagreement.first], group.evidence[disagreement.second]
        pair = sorted(
            [(numbers[a.key], a.chunk.heading_path), (numbers[b.key], b.chunk.heading_path)]
        )
        blocks.append(
            f"Note: the sources differ on {disagreement.what} for {group.role}: compare "
            f"[{pair[0][0]}] ({pair[0][1]}) with [{pair[1][0]}] ({pair[1][1]})."
        )
    if others:
        blocks.append(f"The knowledge base has nothing on {_join(others)}.")
    return "\n\n".join(blocks), citations


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


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"
