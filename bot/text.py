"""Small text helpers shared by the answering modules: tokens, stems, stop words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9$][a-z0-9$'’]*")

STOPWORDS = frozenset(
    """
    a an the and or but if of to in on for with at by from as is are was were be been
    being do does did doing have has had having i me my we our you your he she it its
    they them their this that these those there here what which who whom whose when
    where why how can could should would will shall may might must am not no so than
    then too very just also about into over under out up down off again further once any
    all both each few more most other some such only own same s t don now get got let
    lets like want wanna need needs needed know tell please really actually someone
    somebody anyone one ones much many i'm i've i'd i'll you're you've it's that's what's
    there's they're we're isn't aren't don't doesn't didn't can't won't
    """.split()
)


def normalize(text: str) -> str:
    """Lower case, curly quotes made straight, accents dropped, space collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text.lower()).strip()


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


# Plurals the stemmer leaves apart from their singular ("children" and "child").
IRREGULAR = {
    "children": "child",
    "kids": "child",
    "kid": "child",
    "people": "person",
    "women": "woman",
    "men": "man",
    "teeth": "tooth",
    "feet": "foot",
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball English stem: 'technicians' meets 'technician', 'earning' meets 'earn',
    'children' meets 'child'."""
    word = word.strip("'").removesuffix("'s")
    return _stemmer().stemWord(IRREGULAR.get(word, word))


def plain_stem(word: str) -> str:
    """The Snowball stem alone, as the keyword index stems ("children" stays "children")."""
    return _stemmer().stemWord(word.lower())


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text))


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no stop words, no single letters)."""
    return [stem(t) for t in tokens(text) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
