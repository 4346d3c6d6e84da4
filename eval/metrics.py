"""Evaluation metrics: small pure functions, each with its formula. No LLM judge.

Retrieval metrics take the ranked list of retrieved sections, each a (doc_id, heading_path)
pair, and the set of gold sections; a retrieved section is relevant when it is a gold one
or lies under one (its heading path starts with the gold path); a gold entry without a
section stands for the whole document.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

Section = tuple[str, str]

_MARKER = re.compile(r"\[(\d+)\]")
_WORD = re.compile(r"[\w$%’'.,-]+")


def normalize(text: str) -> str:
    """Case, quote style and white space do not matter when matching facts and quotes."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def is_relevant(section: Section, gold: Sequence[Section]) -> bool:
    doc, path = section
    return any(
        doc == g_doc and (not g_path or path == g_path or path.startswith(g_path + " > "))
        for g_doc, g_path in gold
    )


def _dedupe(retrieved: Sequence[Section]) -> list[Section]:
    return list(dict.fromkeys(retrieved))


def hit_at_k(retrieved: Sequence[Section], gold: Sequence[Section], k: int) -> float:
    """1 if any of the first k retrieved sections is relevant, else 0."""
    return float(any(is_relevant(s, gold) for s in _dedupe(retrieved)[:k]))


def recall_at_k(retrieved: Sequence[Section], gold: Sequence[Section], k: int) -> float:
    """|gold sections matched in the first k| / |gold sections|."""
    if not gold:
        return 0.0
    top = _dedupe(retrieved)[:k]
    return sum(any(is_relevant(s, [g]) for s in top) for g in gold) / len(gold)


def reciprocal_rank(retrieved: Sequence[Section], gold: Sequence[Section]) -> float:
    """1 / rank of the first relevant section (ranks from 1); 0 if none. MRR is its mean."""
    for rank, section in enumerate(_dedupe(retrieved), start=1):
        if is_relevant(section, gold):
            return 1.0 / rank
    return 0.0


def ndcg_at_k(retrieved: Sequence[Section], gold: Sequence[Section], k: int = 10) -> float:
    """DCG@k / IDCG@k with binary gains: DCG = sum over ranks r <= k that match a gold entry not
    matched before of 1 / log2(r + 1); the ideal ranking puts min(|gold|, k) relevant sections
    first."""
    if not gold:
        return 0.0
    unmatched = list(gold)  # each gold entry gains once (a whole-document one, at its first hit)
    dcg = 0.0
    for rank, section in enumerate(_dedupe(retrieved)[:k], start=1):
        hit = next((g for g in unmatched if is_relevant(section, [g])), None)
        if hit is not None:
            unmatched.remove(hit)
            dcg += 1.0 / math.log2(rank + 1)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(gold), k) + 1))
    return dcg / ideal


def fact_matched(answer: str, alternatives: Sequence[str]) -> bool:
    text = normalize(answer)
    return any(normalize(alt) in text for alt in alternatives)


def fact_recall(answer: str, facts: Sequence[Sequence[str]]) -> float:
    """|facts with at least one alternative found in the answer| / |facts| (1.0 when no facts)."""
    if not facts:
        return 1.0
    return sum(fact_matched(answer, alts) for alts in facts) / len(facts)


def word_count(text: str) -> int:
    """Words of the answer as a reader sees it (citation markers are not words)."""
    return len(_WORD.findall(_MARKER.sub(" ", text)))


def citation_validity(quotes: Sequence[str], source_texts: Sequence[str]) -> float:
    """|quotes found verbatim (up to white space) in their own source| / |quotes|; 1.0 when none."""
    if not quotes:
        return 1.0
    return sum(
        bool(q.strip()) and normalize(q) in normalize(src)
        for q, src in zip(quotes, source_texts, strict=True)
    ) / len(quotes)


def _stems(text: str) -> set[str]:
    return {w.strip(".,’'") for w in _WORD.findall(normalize(text)) if len(w.strip(".,’'")) > 2}


def supports(passage: str, claim: str, overlap: float = 0.6) -> bool:
    """The passage contains the claim, or holds at least `overlap` of its words."""
    claim_text = normalize(_MARKER.sub(" ", claim)).strip(" -*:")
    if not claim_text:
        return True
    if claim_text in normalize(passage):
        return True
    words = _stems(claim_text)
    return bool(words) and len(words & _stems(passage)) / len(words) >= overlap


def claims(line: str) -> list[tuple[str, list[int]]]:
    """A line's claims with the markers that cite them: each claim is the text since the
    previous marker ("A [1] B [2]" is A cited by 1, B cited by 2; "A [1][2]": A by both)."""
    out: list[tuple[str, list[int]]] = []
    position = 0
    for m in _MARKER.finditer(line):
        text = line[position : m.start()]
        if text.strip() or not out:
            out.append((text, [int(m.group(1))]))
        else:
            out[-1][1].append(int(m.group(1)))
        position = m.end()
    return out


def citation_precision(answer: str, quotes_by_n: dict[int, str]) -> float:
    """Over every (claim, [n]) pair in the answer: the share where passage n supports the
    claim it follows. 1.0 when the answer cites nothing."""
    pairs = []
    for line in answer.splitlines():
        for claim, numbers in claims(line):
            for n in numbers:
                pairs.append(supports(quotes_by_n[n], claim) if n in quotes_by_n else False)
    return sum(pairs) / len(pairs) if pairs else 1.0


def citation_recall(answer: str, facts: Sequence[Sequence[str]], quotes: Sequence[str]) -> float:
    """Of the facts the answer contains, the share also found in a cited passage.
    1.0 when the answer contains none."""
    matched = [alts for alts in facts if fact_matched(answer, alts)]
    if not matched:
        return 1.0
    cited = " ".join(quotes)
    return sum(fact_matched(cited, alts) for alts in matched) / len(matched)


_GAP_STATED = re.compile(
    r"\bdo(?:es)? not (?:state|cover|say)\b|\bnot stated\b|\bhas no information\b"
    r"|\bdoes not mention\b|\bdo not mention\b",
    re.IGNORECASE,
)


def states_a_gap(answer: str) -> bool:
    """The answer says the documents do not state something ("The documents do not state ...")."""
    return bool(_GAP_STATED.search(answer))


def first_citation_right(cited_docs: Sequence[str], gold_docs: Sequence[str]) -> float:
    """1 if the first citation is to a gold document (the right role's), else 0 (also when the
    answer cites nothing)."""
    return float(bool(cited_docs) and cited_docs[0] in gold_docs)


def refusal_precision_recall(
    expected: Sequence[bool], refused: Sequence[bool]
) -> tuple[float, float]:
    """precision = |refused and expected to| / |refused|;
    recall = |refused and expected to| / |expected to| (each 1.0 when its denominator is 0)."""
    both = sum(e and r for e, r in zip(expected, refused, strict=True))
    n_refused, n_expected = sum(refused), sum(expected)
    return (both / n_refused if n_refused else 1.0, both / n_expected if n_expected else 1.0)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
