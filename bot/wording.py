"""When a passage's word counts as the question's word though it is spelled otherwise.

Job seekers write everyday words ("kids", "CV", "change the treatment"), career documents
write the trade's ("pediatric", "resume", "adjust treatment"); and the stemmer leaves
derivations apart ("specialty" and "specializations", "compliance" and "comply"). A passage
holding such a related word shares the question's word, at a share of a plain match.
The groups are general vocabulary of careers in health care and of job hunting, never one
document's wording.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from bot.text import IRREGULAR, content_stems, plain_stem

# "child" is also written "children" and "kids"
_IRREGULAR_OF: dict[str, list[str]] = {}
for _plural, _singular in IRREGULAR.items():
    _IRREGULAR_OF.setdefault(_singular, []).append(_plural)

SYNONYM_SHARE = 0.8  # what a word of the same meaning counts for, against the question's own
MIN_PREFIX = 6  # a shorter stem than this is too common a beginning ("treat", "state")

_GROUPS: tuple[tuple[str, ...], ...] = (
    ("resume", "cv"),
    ("child", "kid", "pediatric", "paediatric", "youth"),
    ("elderly", "elder", "geriatric"),  # not "senior" (staff) nor "aging" (stem "age")
    ("regulation", "regs", "rules", "compliance", "comply"),
    ("remote", "wfh", "telework", "telehealth"),
    ("change", "adjust", "modify", "alter"),
    ("boss", "supervisor"),
    ("promotion", "promoted", "advancement", "advance"),
    ("stress", "stressful"),
    ("recruiter", "recruit", "hiring", "hire"),
)


# Phrases whose words mean something else alone: "move up" is no moving of patients.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        (r"\bmov(e|es|ing) up\b", "advance"),
        (r"\bon (my|your|their|his|her|our) feet\b", "standing physically"),
        (r"\b(work|working|jobs?) from home\b", "remote work"),
        (r"\bmajor(ing)? in\b", "study"),
    )
)


def in_plain_words(text: str) -> str:
    """The question with its phrases put in the words passages use."""
    for pattern, plain in _PHRASES:
        text = pattern.sub(plain, text)
    return text


def _stemmed_groups() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for group in _GROUPS:
        # the answering side's stems ("kids" -> "child") and the keyword index's plain
        # Snowball ones ("kids" -> "kid", "children" -> "children")
        words = [*group, *(w for word in group for w in _IRREGULAR_OF.get(word, ()))]
        stems = frozenset(s for word in words for s in (*content_stems(word), plain_stem(word)))
        for s in stems:
            out[s] = out.get(s, frozenset()) | stems
    return out


_RELATED = _stemmed_groups()


# Endings that make another word of the same meaning ("specialty", "compliance"); not the ones
# that make a person of it ("physician" is no "physical", "director" no "direct").
_DERIVATIONS = frozenset("ti iti anc enc ment al iz izat li y e ic i um ship".split())


def _derived(a: str, b: str) -> bool:
    """One stem is the other with a derivational ending, and long enough to mean it
    ("special", "specialti"; "compli", "complianc")."""
    short, long = sorted((a, b), key=len)
    if len(short) < MIN_PREFIX or not long.startswith(short):
        return False
    return long[len(short) :] in _DERIVATIONS


class Vocabulary:
    """Every stem of the knowledge base, sorted for finding a stem's other forms quickly
    (a plain scan of 50,000 stems for each question word is too slow)."""

    def __init__(self, stems: Iterable[str]) -> None:
        self.sorted = sorted(set(stems))
        self.known = frozenset(self.sorted)

    def other_forms(self, term: str) -> set[str]:
        """The knowledge base's stems that are `term` with another ending."""
        out = set()
        if len(term) >= MIN_PREFIX:
            i = bisect_left(self.sorted, term)
            while i < len(self.sorted) and self.sorted[i].startswith(term):
                if _derived(term, self.sorted[i]):
                    out.add(self.sorted[i])
                i += 1
        out.update(
            term[:k]
            for k in range(MIN_PREFIX, len(term))
            if term[:k] in self.known and _derived(term, term[:k])
        )
        out.discard(term)
        return out

    def synonyms(self, term: str) -> set[str]:
        """The knowledge base's stems of the same meaning as `term` ("pediatr" for "child")."""
        return set(_RELATED.get(term, frozenset()) & self.known) - {term}

    def related(self, term: str) -> set[str]:
        """The knowledge base's stems that count as `term`: its other forms and synonyms."""
        return self.other_forms(term) | self.synonyms(term)


class TermMatcher:
    """Matches a question's words against passages, related words included."""

    def __init__(self, terms: Iterable[str], vocabulary: Iterable[str]) -> None:
        known = Vocabulary(vocabulary)
        self.forms = {t: {t} | known.other_forms(t) for t in terms}
        self.synonyms = {t: known.synonyms(t) for t in terms}

    def shares(self, stems: set[str]) -> dict[str, float]:
        """Each question word the stems hold: 1 for the word in any form, less for a word of
        the same meaning."""
        out = {}
        for term, forms in self.forms.items():
            if forms & stems:
                out[term] = 1.0
            elif self.synonyms[term] & stems:
                out[term] = SYNONYM_SHARE
        return out
