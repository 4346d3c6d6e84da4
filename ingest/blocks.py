"""Text -> blocks (headings, paragraphs, bullets, tables) with exact character offsets.

Two readers: markdown (headings marked with #) and plain text, where a heading is a standalone
title-like line. Both keep offsets into the original string, so any block, and any sentence
cut from it, slices back to the exact source text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.boilerplate import is_boilerplate

HEADING, PARAGRAPH, BULLET, TABLE = "heading", "paragraph", "bullet", "table"

_BULLET = re.compile(r"^([ \t\u00a0]*)([*+\-•●▪◦‣–·]|\d{1,3}[.)]|[a-z][.)])[ \t\u00a0]+(?=\S)")
_NUMBERED = re.compile(r"^[ \t]*\d{1,2}[.)][ \t]+(?=\S)")
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
    last_level = 0  # of the last "#" heading
    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        if _is_blank(line):
            i += 1
            continue
        if m := _ATX.match(line):
            last_level = len(m.group(1))
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
        start, end = _trim(text, s, lines[j][1])
        asked = _BOLD_QUESTION.match(text, start, end) if j == i else None
        if asked:  # "**Q: Do I need a degree?**" on its own: an FAQ's question heads its answer
            level = min(last_level + 1, 6) if last_level else 2
            q_start, q_end = asked.span("q")
            blocks.append(Block(HEADING, start, q_end, level=level, body_start=q_start))
            i = j + 1
            continue
        quote = _BLOCKQUOTE.match(text, start, end)
        # "> A note": the marker is markup, not the note's words
        body_start = quote.end() if quote else -1
        answer = _FAQ_A.match(text[start:end])
        if answer and blocks and blocks[-1].kind == HEADING:
            body_start = start + answer.end()  # "A: No, but ...": its words
        blocks.append(Block(PARAGRAPH, start, end, body_start=body_start))
        i = j + 1
    return blocks


_BOLD_QUESTION = re.compile(r"(\*\*|__)\s*(?:Q\s*[:.)]\s*)?(?P<q>[^*_\n]+?\?)\s*\1\s*$")


_BLOCKQUOTE = re.compile(r"(>\s*)+")
_RULE_LINE = re.compile(r"^[ \t]*[-=+|:]*-{3,}[-=+|: \t]*$")
_COLUMN_GAP = re.compile(r"\S(?: {2,}|\t+)(?=\S)")


def _columns(line: str) -> int:
    """How many column breaks a plain-text table row has: '|' between cells, or runs of two
    or more spaces in aligned text; 0 for an ordinary line."""
    inner = line.strip().strip("|")
    if "|" in inner:
        return inner.count("|")
    return len(_COLUMN_GAP.findall(line.strip()))


def _plain_table_end(text: str, lines: list[tuple[int, int]], i: int) -> int:
    """The last line of a plain-text table starting at line i, or -1 when none starts there:
    two or more rows with the same column breaks, rule lines (----+----) between them."""
    first = text[lines[i][0] : lines[i][1]]
    width = _columns(first)
    if width == 0 or _BULLET.match(first) or len(first.strip()) > 200:
        return -1
    rows, j = 1, i
    while j + 1 < len(lines):
        nxt = text[lines[j + 1][0] : lines[j + 1][1]]
        if _RULE_LINE.match(nxt):
            j += 1
            continue
        if _is_blank(nxt) or _columns(nxt) != width:
            break
        rows += 1
        j += 1
    return j if rows >= 3 else -1


def _content_words(line: str) -> list[str]:
    return [w for w in _WORD.findall(line) if w.lower() not in _SMALL_WORDS]


def _title_case_ratio(line: str) -> float:
    words = [w for w in _WORD.findall(line) if len(w) >= 4 or w.lower() not in _SMALL_WORDS]
    words = [w for w in words if len(w) >= 3]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def _is_all_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _heading_kind(line: str) -> str | None:
    """How a standalone line reads as a heading: 'caps' (ALL CAPS), 'title' (Title Case),
    'colon' (a short Title Case line ending in a colon), 'question' (an FAQ question), or None
    for prose."""
    stripped = line.strip()
    if not stripped or len(stripped) > 120 or len(stripped.split()) > 16:
        return None
    if _BULLET.match(line) or not re.match(r"[A-Za-z0-9\"“'‘(\[]", stripped):
        return None
    if stripped.endswith(":") and len(stripped.split()) <= 6:
        return "colon" if _title_case_ratio(stripped) >= 0.75 else None
    if stripped[-1] in ".,;:!" or stripped.endswith("*"):
        return None
    if _is_all_caps(stripped):
        return "caps"
    ratio = _title_case_ratio(stripped)
    if stripped.endswith("?"):
        if ratio >= 0.75 and len(_content_words(stripped)) >= 3:
            return "title"
        return "question" if _QUESTION_START.match(stripped) else None
    return "title" if ratio >= 0.75 else None


_RULE = re.compile(r"^\s*([=_*~-])\1{2,}\s*$")
# words a line cannot end on when its sentence goes on under it ("... run by the\nNational ...")
_JOINING = frozenset("the a an of to by for with and or in on at from".split())
# An FAQ written "Q: ... ?" then "A: ...": the question is a heading, the answer its prose.
_FAQ_Q = re.compile(r"^\s*Q\s*[:.)]\s+(?=\S.*\?\s*$)")
_FAQ_A = re.compile(r"^\s*A\s*[:.)]\s+(?=\S)")


def _sentence_case_heading(line: str, after: str) -> bool:
    """ "Not the same as an MLT", "Where and when": a short line in sentence case with no end
    punctuation, the longer prose it heads right under it, starting with a capital."""
    words = line.split()
    if not 2 <= len(words) <= 8 or len(line.strip()) > 60 or _BULLET.match(line):
        return False
    if not line[:1].isupper() or not line.rstrip()[-1].isalnum() or _is_all_caps(line):
        return False
    last = words[-1]
    if last[:1].isupper() and not last.isupper():
        return False  # "New hires train at Ravenholt Medical\nCenter for six weeks": a name wraps
    return after[:1].isupper() and len(after.split()) > len(words)


def _heads_prose(line: str) -> bool:
    """A heading written right above its prose, no blank line between: a short ALL-CAPS line,
    a short line with every word capitalised ("About The Role"), or an FAQ's question."""
    kind = _heading_kind(line)
    words = line.split()
    if kind == "caps":
        return len(words) <= 8
    if kind == "question":  # an FAQ's question on its line, its answer right under it
        return True
    return kind == "title" and len(words) <= 5 and _title_case_ratio(line) == 1.0


def _numbered_heading(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """A short numbered line alone between blank lines, prose (not a list) after it."""
    line = text[lines[i][0] : lines[i][1]]
    m = _NUMBERED.match(line)
    if not m:
        return False
    title = line[m.end() :].strip()
    if not title or len(title.split()) > 8 or title[-1] in ".;,!":
        return False
    before = text[lines[i - 1][0] : lines[i - 1][1]] if i else ""
    after = text[lines[i + 1][0] : lines[i + 1][1]] if i + 1 < len(lines) else ""
    # alone between blank lines, or right above its prose ("2) How it differs\n   Think of ...");
    # not an item of a numbered list whose text wraps onto the next line
    if not _is_blank(before) or _NUMBERED.match(after):
        return False
    if not _is_blank(after):
        # an item whose text wraps goes on in lower case or indented ("1. Take the\n   course");
        # a title's prose starts flush left with a capital ("1. What the job is\nA tech ...")
        wraps = not after[:1].isupper()
        last = title.split()[-1].lower()
        if last in _JOINING or wraps and (last in _SMALL_WORDS or title.islower()):
            return False
        k = i + 1
        while k < len(lines) and not _is_blank(text[lines[k][0] : lines[k][1]]):
            if _NUMBERED.match(text[lines[k][0] : lines[k][1]]):
                return False
            k += 1
    j = i + 1
    while j < len(lines) and _is_blank(text[lines[j][0] : lines[j][1]]):
        j += 1
    return j < len(lines) and not _NUMBERED.match(text[lines[j][0] : lines[j][1]])


def _faq_answer_end(text: str, lines: list[tuple[int, int]], j: int) -> int:
    """The last line of the answer starting at line j: before a blank line, the next
    question, or a list the answer goes on with."""
    while j + 1 < len(lines):
        nxt = text[lines[j + 1][0] : lines[j + 1][1]]
        if _is_blank(nxt) or _FAQ_Q.match(nxt) or _BULLET.match(nxt):
            break
        j += 1
    return j


def parse_plain_text(text: str) -> list[Block]:
    """Blocks of a plain-text guide.

    A heading is a line standing alone between blank lines that reads like a title. Its level:
    the first one is the document title (1), also when the first block is a title line with a
    subtitle under it; ALL-CAPS headings open sections (2) and Title Case ones inside them are
    subsections (3); without ALL-CAPS headings, a title sharing two or more words with the
    document title, or a major word like "Conclusion", opens a section (2) and a short title
    inside a section is a subsection (3); a short line ending in a colon sits under the section
    before it; an FAQ-style question sits one level under the heading before it.
    """
    lines = _lines(text)
    blocks: list[Block] = []
    doc_title_words: set[str] = set()
    last_plain_heading_level = 0
    last_section_level = 0  # of the last ALL-CAPS or Title Case heading below the title
    last_numbered_level = 0  # of the last numbered heading ("2. A day at the bench")
    seen_caps = False
    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        if _is_blank(line) or _RULE.match(line):
            i += 1  # a rule ("=====" under a title) separates, like a blank line
            continue
        question = _FAQ_Q.match(line)
        if doc_title_words and question and i + 1 < len(lines):
            answer = _FAQ_A.match(text[lines[i + 1][0] : lines[i + 1][1]])
            if answer:
                level = max(last_plain_heading_level, 1) + 1
                blocks.append(
                    Block(HEADING, *_trim(text, s, e), level=level, body_start=s + question.end())
                )
                j = _faq_answer_end(text, lines, i + 1)
                a_start = lines[i + 1][0] + answer.end()
                blocks.append(
                    Block(PARAGRAPH, *_trim(text, lines[i + 1][0], lines[j][1]), body_start=a_start)
                )
                i = j + 1
                continue
        if doc_title_words and _numbered_heading(text, lines, i):
            # "2) Everyday tasks" between blank lines, prose after it: a numbered section
            title_start = s + _NUMBERED.match(line).end()
            # numbered sections are one level, whatever subsection came between them
            level = last_numbered_level or last_section_level or 2
            blocks.append(Block(HEADING, *_trim(text, s, e), level=level, body_start=title_start))
            last_plain_heading_level = last_section_level = last_numbered_level = level
            i += 1
            continue
        if _BULLET.match(line):
            j = i
            while j + 1 < len(lines):
                nxt = text[lines[j + 1][0] : lines[j + 1][1]]
                if _is_blank(nxt) or _BULLET.match(nxt):
                    break
                here = text[lines[j][0] : lines[j][1]].rstrip()
                if here.endswith((".", "!", "?")) and nxt[:1].isupper():
                    break  # a wrapped item goes on indented; a line flush left after it is prose
                if doc_title_words and nxt[:1].isupper() and _heads_prose(nxt):
                    break  # "Physical Demands" flush left after the list's last item
                if line[:1].isspace() and nxt[:1].isupper():
                    break  # an indented list's items wrap indented: flush left is prose
                lower_items = text[s + _BULLET.match(line).end()].islower()
                ends_open = here.split()[-1].lower() in _JOINING if here.split() else False
                if lower_items and nxt[:1].isupper() and not ends_open:
                    break  # items written in lower case: a capital starts the prose after
                j += 1
            blocks.append(_bullet_block(text, s, lines[j][1]))
            i = j + 1
            continue
        if (
            doc_title_words
            and i + 1 < len(lines)
            and not _is_blank(text[lines[i + 1][0] : lines[i + 1][1]])
            and _heading_kind(line) == "colon"
        ):
            # "What The Job Is:" with the prose right under it: a heading, then the prose
            level = last_section_level + 1 if last_section_level else 2
            blocks.append(Block(HEADING, *_trim(text, s, e), level=level))
            last_plain_heading_level = level
            i += 1
            continue
        end = _plain_table_end(text, lines, i)
        if end >= 0:
            blocks.append(Block(TABLE, *_trim(text, s, lines[end][1])))
            i = end + 1
            continue
        j = i
        while j + 1 < len(lines):
            nxt = text[lines[j + 1][0] : lines[j + 1][1]]
            if _is_blank(nxt) or _BULLET.match(nxt) or _RULE.match(nxt):
                break
            if doc_title_words and _heading_kind(nxt) == "caps" and _heads_prose(nxt):
                break  # "...the upgrade buys you.\nWHAT AN EMT DOES\nEMTs answer ..."
            here = text[lines[j][0] : lines[j][1]].rstrip()
            then = text[lines[j + 2][0] : lines[j + 2][1]] if j + 2 < len(lines) else ""
            if (
                doc_title_words
                and here.endswith((".", "!", "?"))
                and (_heads_prose(nxt) or _sentence_case_heading(nxt, then))
            ):
                break  # "... per hour.\nHours And Schedule\nOutpatient clinics ..."
            if _plain_table_end(text, lines, j + 1) >= 0:
                break  # "... by setting:" right above the table it introduces
            j += 1
        standalone = j == i
        sentence_case = False
        if not standalone and doc_title_words and _heads_prose(line):
            standalone, j = True, i  # "WHERE THEY WORK" with the prose right under it
        elif not standalone and doc_title_words and blocks and blocks[-1].kind != HEADING:
            after = text[lines[i + 1][0] : lines[i + 1][1]]
            previous = text[blocks[-1].start : blocks[-1].end].rstrip()
            if previous.endswith((".", "!", "?")) and _sentence_case_heading(line, after):
                standalone, j, sentence_case = True, i, True  # "Not the same as an MLT"
        if is_boilerplate(line):  # a site banner is not the guide's title
            blocks.append(Block(PARAGRAPH, *_trim(text, s, e)))
            i += 1
            continue
        kind = _heading_kind(line) if standalone else None
        kind = "title" if sentence_case and kind is None else kind
        first = not doc_title_words and all(is_boilerplate(b.body(text)) for b in blocks)
        if kind is None and first and not line.rstrip().endswith("."):
            # the first line of a guide is its title, even with a subtitle right under it
            # an ALL-CAPS first line is the title whatever runs on under it
            kind = "title" if standalone or j - i <= 2 or _heading_kind(line) == "caps" else None
            if kind and not standalone:
                j = i
        if kind is None:
            blocks.append(Block(PARAGRAPH, *_trim(text, s, lines[j][1])))
            i = j + 1
            continue
        words = {w.lower() for w in _content_words(line)}
        if not doc_title_words:
            level, doc_title_words = 1, words or {"\0"}
        elif kind == "question":
            level = max(last_plain_heading_level, 1) + 1
        elif kind == "colon":
            level = last_section_level + 1 if last_section_level else 2
        elif kind == "caps":
            level, seen_caps = 2, True
        elif seen_caps:
            level = 3
        elif len(words & doc_title_words) >= 2 or _MAJOR_HEADINGS.match(line.strip()):
            level = 2
        elif len(line.split()) <= 4 and last_plain_heading_level >= 2:
            level = 3
        else:
            level = 2
        if kind != "question":
            last_plain_heading_level = level
        if kind in ("caps", "title") and level >= 2:
            last_section_level = level
        blocks.append(Block(HEADING, *_trim(text, s, e), level=level))
        i += 1
    return blocks
