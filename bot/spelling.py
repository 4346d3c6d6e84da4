"""Misspelt words in a question, corrected to the documents' own words."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bot.text import STOPWORDS
from ingest.roles import is_english_word

_LONG_WORD = re.compile(r"[A-Za-z][a-z'’-]{4,}")  # a question's words worth correcting


def is_english(word: str) -> bool:
    """A real English word ("plain") is never "corrected" into a document's word ("plan")."""
    return is_english_word(word)


def correct(words: frozenset[str], text: str) -> str:
    """The text with misspelt words replaced by the documents' closest word
    ("responsiblities" -> "responsibilities"); words the documents know are kept."""
    if not words:
        return text

    def fix(match: re.Match) -> str:
        word = match.group(0)
        low = word.lower()
        if low in words or low in STOPWORDS or is_english(low):
            return word
        best = process.extractOne(low, words, scorer=fuzz.ratio, score_cutoff=80, processor=None)
        return best[0] if best and best[0][0] == low[0] else word

    return _LONG_WORD.sub(fix, text)
