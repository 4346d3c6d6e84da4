"""Role names in text: taken out before topics are read or passages compared."""

from __future__ import annotations

import re
from collections.abc import Sequence


def _shortened(word: str) -> str:
    """The word, or its first three letters or more: "vet" for veterinary, "pharm" for
    pharmacy."""
    if len(word) <= 3:
        return re.escape(word)
    rest = ""
    for c in reversed(word[3:]):
        rest = f"(?:{re.escape(c)}{rest})?"
    return re.escape(word[:3]) + rest


def without_names(text: str, names: Sequence[str], shortened: bool = False) -> str:
    """The text with the role's names taken out, so that they do not make every passage look
    alike to a question that names the role; `shortened`: also as a question writes them,
    each word cut short ("vet assistant" for Veterinary Assistant)."""
    for name in sorted(names, key=len, reverse=True):
        # a two-letter abbreviation ("RT", "MA") only from a question, where it named the role
        if len(name) > 2 or (shortened and len(name) == 2 and name.isalpha() and name.isupper()):
            # each word as typed or with a plural or possessive ending
            # words cut short only inside a name of several ("vet assistant"): a one-word
            # name cut short ("cod" for "coder") would take content words with it
            cut = _shortened if shortened and len(name.split()) > 1 else re.escape
            words = [cut(w.rstrip("'’s")) + r"(?:['’]?s|s['’])?" for w in name.split()]
            pattern = r"\b" + r"\s+".join(words) + r"(?!\w)"
            text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()
