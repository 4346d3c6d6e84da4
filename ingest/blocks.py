"""Text -> blocks (headings, paragraphs, bullets, tables) with exact character offsets.

Two readers: markdown (headings marked with #) and plain text, where a heading is a standalone
title-like line. Both keep offsets into the original string, so any block, and any sentence
cut from it, slices back to the exact source text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADING, PARAGRAPH, BULLET, TABLE = "heading", "paragraph", "bullet", "table"

_BULLET = re.compile(r"^([ \t\u00a0]*)([*+\-•●▪◦‣–·]|\d{1,3}[.)])[ \t\u00a0]+(?=\S)")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "at",
    "by",
    "from",
    "as",
    "is",
    "be",
    "vs",
    "per",
    "into",
    "that",
    "your",
    "you",
    "its",
    "their",
}
_QUESTION_START = re.compile(
    r"^(what|how|why|when|where|which|who|whom|whose|do|does|did|is|are|can|could|should|"
    r"will|would|must|may)\b",
    re.IGNORECASE,
)
_MAJOR_HEADINGS = re.compile(r"^(conclusion|summary|introduction|overview|faqs?)$", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    kind: str  # HEADING, PARAGRAPH, BULLET or TABLE
    start: int  # offsets into the source text: text[start:end] is the block
    end: int
    level: int = 0  # heading level; 0 for other blocks
    body_start: int = -1  # where the content starts (after "# " or a bullet marker)

    def body(self, text: str) -> str:
        return text[self.content_start : self.end]

    @property
    def content_start(self) -> int:
        return self.start if self.body_start < 0 else self.body_start


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, without its newline."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        spans.append((pos, pos + len(stripped)))
        pos += len(line)
    return spans


def _is_blank(s: str) -> bool:
    return not s.strip()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _bullet_block(text: str, start: int, end: int) -> Block:
    m = _BULLET.match(text[start:end])
    body = start + m.end() if m else start
    s, e = _trim(text, start, end)
    return Block(BULLET, s, e, body_start=max(body, s))


def parse_markdown(text: str) -> list[Block]:
    """Blocks of a markdown text: ATX and setext headings, bullets, tables, paragraphs."""
    lines = _lines(text)
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        if _is_blank(line):
            i += 1
            continue
        if m := _ATX.match(line):
            title_start = s + m.start(2)
            blocks.append(
                Block(HEADING, *_trim(text, s, e), level=len(m.group(1)), body_start=title_start)
            )
            i += 1
            continue
        if line.lstrip().startswith("<!--"):  # a comment is for the author, not the reader
            j = i
            while j < len(lines) - 1 and "-->" not in text[lines[j][0] : lines[j][1]]:
                j += 1
            i = j + 1
            continue
        if _FENCE.match(line):
            j = i + 1
            while j < len(lines) and not _FENCE.match(text[lines[j][0] : lines[j][1]]):
                j += 1
            j = min(j, len(lines) - 1)
            blocks.append(Block(PARAGRAPH, *_trim(text, s, lines[j][1])))
            i = j + 1
            continue
        if _TABLE_ROW.match(line):
            j = i
            while j + 1 < len(lines) and _TABLE_ROW.match(text[lines[j + 1][0] : lines[j + 1][1]]):
                j += 1
            blocks.append(Block(TABLE, *_trim(text, s, lines[j][1])))
            i = j + 1
            continue
        if _BULLET.match(line):
            j = i
            # Continuation lines are indented and not bullets themselves.
            while j + 1 < len(lines):
                nxt = text[lines[j + 1][0] : lines[j + 1][1]]
                if _is_blank(nxt) or _BULLET.match(nxt) or not nxt[:1].isspace():
                    break
                j += 1
            blocks.append(_bullet_block(text, s, lines[j][1]))
            i = j + 1
            continue
        j = i
        while j + 1 < len(lines):
            nxt = text[lines[j + 1][0] : lines[j + 1][1]]
            if _is_blank(nxt) or _ATX.match(nxt) or _BULLET.match(nxt) or _TABLE_ROW.match(nxt):
                break
            if _SETEXT.match(nxt) and j == i:
                break
            j += 1
        if j + 1 < len(lines) and j == i and _SETEXT.match(text[lines[j + 1][0] : lines[j + 1][1]]):
            marker = text[lines[j + 1][0] : lines[j + 1][1]].strip()
            blocks.append(Block(HEADING, *_trim(text, s, e), level=1 if marker[0] == "=" else 2))
            i = j + 2
            continue
        blocks.append(Block(PARAGRAPH, *_trim(text, s, lines[j][1])))
        i = j + 1
    return blocks


def _content_words(line: str) -> list[str]:
    return [w for w in _WORD.findall(line) if w.lower() not in _SMALL_WORDS]


def _title_case_ratio(line: str) -> float:
    words = [w for w in _WORD.findall(line) if len(w) >= 4 or w.lower() not in _SMALL_WORDS]
    words = [w for w in words if len(w) >= 3]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def _heading_kind(line: str) -> str | None:
    """'title' for a title-cased line, 'question' for an FAQ-style question, None otherwise."""
    stripped = line.strip()
    if not stripped or len(stripped) > 120 or len(stripped.split()) > 16:
        return None
    if _BULLET.match(line) or not re.match(r"[A-Za-z0-9\"“'‘(\[]", stripped):
        return None
    if stripped[-1] in ".,;:!" or stripped.endswith("*"):
        return None
    ratio = _title_case_ratio(stripped)
    if stripped.endswith("?"):
        if ratio >= 0.75 and len(_content_words(stripped)) >= 3:
            return "title"
        return "question" if _QUESTION_START.match(stripped) else None
    return "title" if ratio >= 0.75 else None


def parse_plain_text(text: str) -> list[Block]:
    """Blocks of a plain-text guide.

    A heading is a line standing alone between blank lines that reads like a title. Its level:
    the first one is the document title (1); a title sharing two or more words with the document
    title, or a major word like "Conclusion", opens a section (2); a short title inside a section
    is a subsection (3); an FAQ-style question sits one level under the heading before it.
    """
    lines = _lines(text)
    blocks: list[Block] = []
    doc_title_words: set[str] = set()
    last_plain_heading_level = 0
    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        if _is_blank(line):
            i += 1
            continue
        if _BULLET.match(line):
            j = i
            while j + 1 < len(lines):
                nxt = text[lines[j + 1][0] : lines[j + 1][1]]
                if _is_blank(nxt) or _BULLET.match(nxt):
                    break
                j += 1
            blocks.append(_bullet_block(text, s, lines[j][1]))
            i = j + 1
            continue
        if _TABLE_ROW.match(line):
            j = i
            while j + 1 < len(lines) and _TABLE_ROW.match(text[lines[j + 1][0] : lines[j + 1][1]]):
                j += 1
            blocks.append(Block(TABLE, *_trim(text, s, lines[j][1])))
            i = j + 1
            continue
        j = i
        while j + 1 < len(lines):
            nxt = text[lines[j + 1][0] : lines[j + 1][1]]
            if _is_blank(nxt) or _BULLET.match(nxt):
                break
            j += 1
        standalone = j == i
        kind = _heading_kind(line) if standalone else None
        if kind is None and standalone and not blocks and not line.rstrip().endswith("."):
            kind = "title"  # the first line of a guide is its title
        if kind is None:
            blocks.append(Block(PARAGRAPH, *_trim(text, s, lines[j][1])))
            i = j + 1
            continue
        words = {w.lower() for w in _content_words(line)}
        if not doc_title_words:
            level, doc_title_words = 1, words or {"\0"}
        elif kind == "question":
            level = max(last_plain_heading_level, 1) + 1
        elif len(words & doc_title_words) >= 2 or _MAJOR_HEADINGS.match(line.strip()):
            level = 2
        elif len(line.split()) <= 4 and last_plain_heading_level >= 2:
            level = 3
        else:
            level = 2
        if kind != "question":
            last_plain_heading_level = level
        blocks.append(Block(HEADING, *_trim(text, s, e), level=level))
        i += 1
    return blocks
