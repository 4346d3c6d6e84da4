"""A rundown of a role, or roles side by side: one cited line per main topic.

"Give me a rundown of the pharmacy aide job" gets a line on what the job is, its duties,
education, licensing, pay and work environment; "vet tech vs vet assistant" gets the same
topics for both, after the lines in which each role's documents tell the two apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer import TopicLine, topic_phrase
from bot.conflicts import pay_figure
from bot.evidence import Evidence, follower, is_duplicate, is_weak, leading_topics
from bot.evidence import defines as role_defined
from bot.gather import YES_NO_LEAD, Gatherer, Search
from bot.roles import Role, role_field
from bot.text import tokens
from ingest.topics import heading_topics as topic_cues

# A rundown gives these topics, in this order, when the role's documents cover them.
RUNDOWN_TOPICS = ("overview", "duties", "education", "licensing", "salary", "environment")
DEFINITION_TOPICS = ("overview", "duties", "education")
COMPARED_TOPICS = ("overview", "duties", "education", "salary")
_CONTRAST = re.compile(
    r"\b(not the same|unlike|differ\w*|whereas|instead|rather than|while|but|only|however|"
    r"not (a|an)\b)",
    re.IGNORECASE,
)


def by_topic(
    gatherer: Gatherer, search: Search, roles: Sequence[Role], topics: Sequence[str]
) -> list[TopicLine]:
    """For each topic, each role's passage that best says it (a rundown, a comparison)."""
    queries = [topic_query(role.name, t) for role in roles for t in topics]
    vectors = gatherer.encode(queries)
    lines: list[TopicLine] = []
    per_role: dict[str, list[Evidence]] = {}
    for role in roles:
        chunks = search.documents_chunks(gatherer.index, role.doc_ids)[:80]
        search.retrieved += [(c.doc_id, c.heading_path) for c in chunks[:5]]
        gatherer.index.load_unit_vectors(chunks, search.unit_vector.shape[0])
        per_role[role.name] = [
            Evidence(c, u, v, 0.0, 0.0, 0)
            for c in chunks
            for u, v in zip(c.units, c.unit_vectors(search.unit_vector.shape[0]), strict=False)
        ]
    # what tells the roles apart comes first, and is not shown again under a topic
    differences = what_differs(search, roles, per_role) if len(roles) > 1 else []
    i = 0
    chosen: list[Evidence] = [line.evidence for line in differences]
    for role in roles:
        names = role.aliases
        for topic in topics:
            vector = vectors[i]
            i += 1
            best, best_score = None, float("-inf")
            for e in per_role[role.name]:
                unit = e.unit
                defines = topic == "overview" and role_defined(unit, names)
                on_topic = topic in leading_topics(unit) or defines
                if not on_topic or is_weak(unit) or YES_NO_LEAD.match(unit.text):
                    continue
                score = float(e.vector @ vector)
                score -= 0.004 * max(0, len(unit.text.split()) - 25)  # a line, not a paragraph
                if defines:
                    score += 0.2
                score += says_the_topic(
                    topic, unit.text, e.chunk.heading_path, unit.kind, len(roles) > 1
                )
                if score > best_score and not is_duplicate(e, chosen):
                    best, best_score = e, score
            if best is not None and best.unit.kind == "row" and topic == "salary":
                summary = _summary_row(best, per_role[role.name])
                if summary is not None and not is_duplicate(summary, chosen):
                    best = summary
            if best is not None:
                best.similarity, best.score = best_score, best_score
                chosen.append(best)
            lines.append(TopicLine(topic, role.name, best))
            then = follower(best, per_role[role.name]) if best and topic == "overview" else None
            if then is not None and len(roles) == 1 and not is_duplicate(then, chosen):
                chosen.append(then)  # "... They usually work under the supervision of ..."
                lines.append(TopicLine(topic, role.name, then))
    order = {t: k for k, t in enumerate(topics)}
    lines.sort(key=lambda line: order[line.topic])
    return differences + lines


def what_differs(
    search: Search, roles: Sequence[Role], per_role: dict[str, list[Evidence]]
) -> list[TopicLine]:
    """What each role's documents say of the other roles by name ("Unlike physical therapy
    aides, PTAs must ..."): the lines that tell near-namesakes apart, one a role."""
    out = []
    for role in roles:
        others = [a for r in roles if r is not role for a in r.aliases if len(a) >= 3]
        # ... or by their field: "this job has nothing to do with occupational therapy"
        others += [f for r in roles if r is not role for f in [_field_of(r.name, role.name)] if f]
        if not others:
            continue
        names = re.compile(
            r"\b("
            + "|".join(re.escape(a) for a in sorted(others, key=len, reverse=True))
            + r")(s|es)?\b",
            re.IGNORECASE,
        )
        best, best_score = None, float("-inf")
        for e in per_role[role.name]:
            if not names.search(e.unit.text) or is_weak(e.unit):
                continue
            score = float(e.vector @ search.unit_vector)
            score += 0.3 if _CONTRAST.search(e.unit.text) else 0.0
            if score > best_score:
                best, best_score = e, score
        if best is not None:
            best.similarity = best.score = best_score
            out.append(TopicLine("difference", role.name, best))
    return out


def _field_of(name: str, other: str) -> str:
    """A role's field ("occupational therapy" of Occupational Therapy Technician) when it has
    two words or more and is no part of the other role's name."""
    field = role_field(name)
    if len(field) < 2 or " ".join(field) in " ".join(tokens(other)):
        return ""
    return " ".join(field)


def topic_query(role: str, topic: str) -> str:
    """What a rundown line on a topic is compared with."""
    return f"{role}: {topic_phrase([topic]) or 'what the job is'}"


SAYS_BONUS = 0.1


# What a line on a topic names: a degree for education, a licence or an exam for licensing.
def says_the_topic(
    topic: str, text: str, heading: str = "", kind: str = "sentence", compared: bool = False
) -> float:
    """What a line gains as a topic's line in a rundown for naming what the topic is about:
    a degree for education, a figure of what the job pays for pay; for standing under a
    heading that names the topic ("TRAINING", "PAY"); for being a pay table's summary row
    ("All settings $15.90"). A duty the role does not do is no line on its duties, unless
    roles are compared."""
    bonus = 0.0
    if topic == "salary" and pay_figure(text) is not None:
        bonus += 0.15
        if kind == "row" and _SUMMARY_ROW.match(text):
            bonus += 0.3
    if _SAYS.get(topic) and _SAYS[topic].search(text):
        bonus += SAYS_BONUS
    # what a section is about counts for the topics whose sections are short and plain; a
    # guide's "What is the role of ...?" or "What does ... do?" holds all kinds of lines
    if heading and topic in _HEADED and topic in topic_cues(heading.rsplit(" > ", 1)[-1]):
        bonus += SAYS_BONUS
    if topic == "duties" and not compared and _NEGATED.search(text):
        bonus -= SAYS_BONUS
    return bonus


def _summary_row(row: Evidence, evidence: Sequence[Evidence]) -> Evidence | None:
    """The row of the same table that sums it up ("All settings $15.90"): one line for a
    table of pay by setting."""
    for e in evidence:
        same = e.chunk.id == row.chunk.id and e.unit.kind == "row"
        if same and e is not row and _SUMMARY_ROW.match(e.unit.text):
            return e
    return None


_HEADED = {"education", "licensing", "salary", "benefits", "environment"}
_SUMMARY_ROW = re.compile(r"\W*(all\b|overall|average|median|total|every)", re.I)
_NEGATED = re.compile(r"\b(not|never|no longer)\b", re.I)


_SAYS = {
    "education": re.compile(
        r"\b(degree|diploma|ged|certificate|program|associate|bachelor|training|course)", re.I
    ),
    "licensing": re.compile(r"\b(licen[cs]|certif|exam|regist|board)", re.I),
    "salary": re.compile(
        r"\b(pay|pays|paid|earn\w*|salar\w*|wages?|makes?|median|average)\b", re.I
    ),
    "environment": re.compile(
        r"\b(hospitals?|clinics?|clinical|settings?|offices?|homes?|full[- ]time|shifts?|stand|"
        r"lift|travel|schedule)",
        re.I,
    ),
}
