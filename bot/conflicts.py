"""Where two passages disagree: pay figures that do not fit together, different education asked for.

Pure functions over unit texts; the answer shows both passages and says that they differ.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.text import normalize

_AMOUNT = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*([kK])?")
_RANGE_JOIN = re.compile(r"^\s*(minimum\s*)?(to|-|–|—|and)\s*$", re.IGNORECASE)
_LEVELS = (
    (1, re.compile(r"\bhigh[- ]school\b|\bged\b|\bsecondary school\b")),
    (2, re.compile(r"\bassociate'?s?\b.{0,20}\bdegree\b|\bassociate degree")),
    (3, re.compile(r"\bbachelor")),
    (4, re.compile(r"\bmaster'?s?\b.{0,12}\bdegree")),
    (5, re.compile(r"\bdoctor(al|ate)\b|\bph\.?d\b")),
)
_REQUIRED = re.compile(r"\brequire|\bmust\b|\bneed\b|\bminimum\b|\bmandatory\b")


_HOURLY = re.compile(r"\b(per|an|a|/) ?(hour|hr)\b|\bhourly\b", re.IGNORECASE)
_COST = re.compile(
    r"\b(tuition|fees?|costs?|price|bonus|reimburs\w*|per credit|per mile|raises?|increases?|"
    r"differential|premium|allowance|stipend|waiver)\b"
    # what is charged or granted for the training, next to its sum: not "in charge of"
    r"|(?<!in )\b(charges?|charged|grants?|exam fee|assistance)\b[^$.]{0,25}\$"
    r"|\$\s?[\d,.]+[^.]{0,25}\b(grants?|for the \w+ exam|exam fee|of tuition)\b"
    r"|\$\s?\d[\d,.]*\s*(more|less|extra)\b",
    re.I,
)


# Figures of a spread, not a point: "the lowest 10 percent earned less than $88,200", "$25.00
# or more". A median inside the spread does not disagree with it.
_BELOW = re.compile(
    r"\b(less than|under|below|up to)\s*\$|\b(lowest|bottom) \d+ ?(percent|%)", re.I
)
_ABOVE = re.compile(
    r"\b(more than|over|above|at least)\s*\$|\bor (more|higher|above)\b"
    r"|\bstart\w*\s+(around|at|from|near)\s+\$|\bstarting (pay|wages?|salary|rate)\b"
    r"|\b(highest|top) \d+ ?(percent|%)",
    re.I,
)


@dataclass(frozen=True)
class PayFigure:
    low: float
    high: float
    per: str = "year"  # "year" or "hour": figures per hour and per year never disagree


_CLAUSE = re.compile(r"[,;](?!\d)|\bplus\b|\bwith an?\b")


def pay_figure(text: str) -> PayFigure | None:
    """The pay (amount or range) a passage states, or None; a cost or a bonus is no pay, nor
    is a differential beside the pay ("$21.40 an hour, with a $1.10 night differential")."""
    if _COST.search(text):
        text = ", ".join(c for c in _CLAUSE.split(text) if not _COST.search(c))
    matches = list(_AMOUNT.finditer(text))
    if not matches:
        return None
    values = [float(m.group(1).replace(",", "")) * (1000 if m.group(2) else 1) for m in matches]
    per = "hour" if _HOURLY.search(text) or max(values) < 300 else "year"
    below, above = bool(_BELOW.search(text)), bool(_ABOVE.search(text))
    if below or above:
        low = 0.0 if below else min(values)
        return PayFigure(low, float("inf") if above else max(values), per)
    if len(values) >= 2 and _RANGE_JOIN.match(text[matches[0].end() : matches[1].start()]):
        return PayFigure(min(values[:2]), max(values[:2]), per)
    return PayFigure(values[0], values[0], per)


def pay_disagrees(a: PayFigure, b: PayFigure, tolerance: float = 0.1) -> bool:
    """True when neither figure fits the other: ranges that do not overlap, or points 10%
    apart, both per year or both per hour."""
    if a.per != b.per:
        return False
    return a.high * (1 + tolerance) < b.low or b.high * (1 + tolerance) < a.low


def education_level(text: str) -> int:
    """Highest level of schooling a passage names (1 high school .. 5 doctorate), 0 for none."""
    text = normalize(text)
    return max((level for level, rx in _LEVELS if rx.search(text)), default=0)


def states_requirement(text: str) -> bool:
    return bool(_REQUIRED.search(normalize(text)))


@dataclass(frozen=True)
class Disagreement:
    what: str  # "pay" or "the education required"
    first: int  # indexes into the passages given
    second: int


def find_disagreement(
    texts: Sequence[str], sections: Sequence[str], topics: Sequence[str]
) -> Disagreement | None:
    """The first pair of passages from different sections that disagree on what the question
    asks about first (its main topic): pay, or the education a role requires."""
    topics = list(topics)[:1]
    if "salary" in topics:
        figures = [pay_figure(t) for t in texts]
        for i, a in enumerate(figures):
            for j in range(i + 1, len(figures)):
                b = figures[j]
                if a and b and sections[i] != sections[j] and pay_disagrees(a, b):
                    return Disagreement("pay", i, j)
    if "education" in topics:
        levels = [education_level(t) if states_requirement(t) else 0 for t in texts]
        for i, a in enumerate(levels):
            for j in range(i + 1, len(levels)):
                if a and levels[j] and a != levels[j] and sections[i] != sections[j]:
                    return Disagreement("the education required", i, j)
    return None
