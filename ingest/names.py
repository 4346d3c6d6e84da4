"""Role names in text: taken out before topics are read or passages compared."""

from __future__ import annotations

import re
from collections.abc import Sequence


def without_names(text: str, names: Sequence[str]) -> str:
    """The text with the role's names taken out, so that they do not make every passage look
    alike to a question that names the role."""
    for name in sorted(names, key=len, reverse=True):
        if len(name) > 2:
            # each word as typed or with a plural or possessive ending
            words = [re.escape(w.rstrip("'’s")) + r"(?:['’]?s|s['’])?" for w in name.split()]
            pattern = r"\b" + r"\s+".join(words) + r"(?!\w)"
            text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()
