"""The section a citation comes from, rebuilt from what was ingested, with its quote located.

The source viewer shows a cited quote in its context. Everything comes from the store's chunk
records (each chunk's text is an exact slice of the document's extracted text, with its
offsets), never from a file: a citation names a document id, a section and a quote, and only
a registered document's live chunks are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from ingest.store import Store

# What joins two chunks of one section when the text between them (blank lines, a table's
# separator) was not ingested.
GAP = "\n\n"


@dataclass(frozen=True)
class Passage:
    doc_id: str
    title: str
    section: str  # heading path, "Salary > Pay range"
    file_name: str
    text: str  # the section as ingested
    marks: list[tuple[int, int]] = field(default_factory=list)  # where the quote stands in text

    def parts(self) -> list[tuple[str, bool]]:
        """The text cut at the marks: (piece, is_quote) in order."""
        out, cut = [], 0
        for start, end in self.marks:
            if start > cut:
                out.append((self.text[cut:start], False))
            out.append((self.text[start:end], True))
            cut = end
        if cut < len(self.text):
            out.append((self.text[cut:], False))
        return out


def section_passage(store: Store, doc_id: str, section: str, quote: str = "") -> Passage | None:
    """The ingested text of `section` of document `doc_id` with `quote` marked in it.

    None when the document is not in the knowledge base (or is being deleted). When the
    section is gone (the document changed since the answer) but the quote still stands in
    another section, that section is returned; when neither is found, None. A quote that is
    no longer there leaves the passage without marks.
    """
    with store.guard():
        got = store.docs.get(ids=[doc_id], include=["metadatas"])
    if not got["ids"]:
        return None
    doc = got["metadatas"][0]
    if doc.get("state") == "deleting":
        return None
    with store.guard():
        chunks = store.chunks.get(where={"doc_id": doc_id}, include=["documents", "metadatas"])
    live = [
        (meta, text)
        for meta, text in zip(chunks["metadatas"], chunks["documents"], strict=True)
        if meta.get("doc_hash") == doc.get("content_hash")
    ]
    by_section: dict[str, list[tuple[dict, str]]] = {}
    for meta, text in live:
        by_section.setdefault(str(meta.get("heading_path", "")), []).append((meta, text))
    texts = {name: _join(pieces) for name, pieces in by_section.items()}
    if quote and (section not in texts or find_quote(texts[section], quote) is None):
        # the document changed since the answer: look for the quote in its other sections
        section = next((name for name, t in texts.items() if find_quote(t, quote)), section)
    if section not in texts:
        return None
    text = texts[section]
    span = find_quote(text, quote) if quote else None
    return Passage(
        doc_id=doc_id,
        title=str(doc.get("title") or doc_id),
        section=section,
        file_name=PurePath(str(doc.get("source", ""))).name,
        text=text,
        marks=[span] if span else [],
    )


def _join(pieces: list[tuple[dict, str]]) -> str:
    """Chunks of one section in document order, as one text; overlaps are taken once."""
    out: list[str] = []
    end: int | None = None  # document offset where the text so far ends
    for meta, text in sorted(pieces, key=lambda p: (int(p[0].get("start", 0)), p[0]["position"])):
        start = int(meta.get("start", 0))
        if end is not None and start > end:
            out.append(GAP)
        out.append(text[max(0, (start if end is None else end) - start) :])
        end = max(end or 0, start + len(text))
    return "".join(out).strip("\n")


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where quote stands in text: exactly, or else with any run of white space matching any
    other (a quote shown on one line may span lines in the source)."""
    quote = quote.strip()
    if not quote:
        return None
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    words = quote.split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None
