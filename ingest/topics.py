"""The topics a career guide covers, and how to tell them from a heading or a passage.

Ingestion tags chunks and units with these; the bot routes questions to the same names.
"""

from __future__ import annotations

import re

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
    "education": r"educat|training|qualific|requirement|degree|school",
    "skills": r"skill|qualit(y|ies)|abilit|competenc",
    "duties": r"dut(y|ies)|responsibilit|what does .* do|daily|job brief|role of|tasks",
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
    r"|\blift|full-time|part-time|remote|location|reports? to|supervision",
    "career": r"career|advance|promot|leadership|supervisory|\d+ (to \d+ )?years|entry-level"
    r"|seasoned|opportunit|\bexperience\b|\bdemand\b|\bneed for\b",
}

_HEADING_RE = {t: re.compile(p, re.IGNORECASE) for t, p in _HEADING_CUES.items()}
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
    for match in _TEXT_ALL.finditer(text):
        counts[match.lastgroup] += 1
    top = max(counts.values(), default=0)
    ranked = sorted(
        (t for t, c in counts.items() if c and c * 2 >= top),
        key=lambda t: (-counts[t], list(TOPICS).index(t)),
    )
    return ranked[:limit]


def classify(headings: list[str], text: str) -> list[str]:
    """Topics of a passage: those of its innermost heading that names one, then its text's.

    A passage under no heading but the document title is an overview first.
    """
    from_heading: list[str] = [] if headings else ["overview"]
    for heading in reversed(headings):
        from_heading = heading_topics(heading)
        if from_heading:
            break
    return list(dict.fromkeys(from_heading + text_topics(text))) or ["overview"]
