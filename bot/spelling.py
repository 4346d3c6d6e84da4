"""Misspelt words in a question, corrected to the documents' own words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from bot.text import STOPWORDS
from ingest.roles import is_english_word

_LONG_WORD = re.compile(r"[A-Za-z][a-z'’-]{4,}")  # a question's words worth correcting


def is_english(word: str) -> bool:
    """A real English word ("plain") is never "corrected" into a document's word ("plan")."""
    return is_english_word(word)


class Lexicon:
    """The documents' own words: looked up, and searched for the closest in one fixed order,
    so that of two words as close ("saftey": "safety", "safely") the same one wins in every
    process (a set's order changes with each start)."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.ordered = tuple(sorted(set(words)))
        self.known = frozenset(self.ordered)

    def __bool__(self) -> bool:
        return bool(self.ordered)

    def __contains__(self, word: str) -> bool:
        return word in self.known


def correct(words: Lexicon, text: str) -> str:
    """The text with misspelt words replaced by the documents' closest word
    ("responsiblities" -> "responsibilities"); words the documents know are kept."""
    if not words:
        return text

    def fix(match: re.Match) -> str:
        word = match.group(0)
        low = word.lower()
        if low in words or low in STOPWORDS or is_english(low):
            return word
        close = process.extract(
            low, words.ordered, scorer=fuzz.ratio, score_cutoff=80, processor=None, limit=5
        )
        if not close:
            return word
        top = max(score for _, score, _ in close)
        # of words as close, the one two swapped letters make ("saftey": "safety", not
        # "safely"), then the first in order
        best = min(
            (c for c, score, _ in close if score == top),
            key=lambda c: (-DamerauLevenshtein.normalized_similarity(low, c), c),
        )
        return best if best[0] == low[0] else word

    return _LONG_WORD.sub(fix, text)
