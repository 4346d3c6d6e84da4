"""Blocks -> sections -> chunks and units.

A chunk is a run of blocks inside one section, never cut inside a bullet or a sentence; a
table stays whole with its header row. A unit is the finest piece an answer quotes: a
sentence, a bullet or a table row. Every chunk and unit keeps character offsets into the
source text, so `text[start:end]` is always its exact wording.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from ingest.blocks import BULLET, HEADING, PARAGRAPH, TABLE, Block, parse_markdown, parse_plain_text
from ingest.boilerplate import is_boilerplate, is_furniture_heading
from ingest.loaders import MARKDOWN
from ingest.names import without_names
from ingest.topics import classify
from ingest.topics import heading_topics as topic_cues

CHUNKING_VERSION = "34"

# A sentence ends at . ! or ? (maybe closed by a quote or bracket) before whitespace and a
# capital, digit or opening quote. Written out rather than taken from an NLP package because
# it must run over 100k chunks in a fraction of the time embedding takes.
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9$])")
_ABBREVIATIONS = {
    "e.g",
    "i.e",
    "etc",
    "vs",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "no",
    "inc",
    "ltd",
    "co",
    "jr",
    "sr",
    "u.s",
    "u.k",
    "approx",
    "dept",
    "fig",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "ph.d",
    "b.s",
    "m.s",
    "a.a",
    "a.s",
}
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'’]{2,}")


@dataclass(frozen=True)
class Unit:
    """A sentence, bullet or table row: what an answer quotes."""

    kind: str  # "sentence", "bullet", "row" or "label" (title-like text, never quoted)
    start: int
    end: int
    text: str
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    headings: tuple[str, ...]  # from the outermost down, without the document title
    title: str
    blocks: tuple[Block, ...]

    @property
    def heading_path(self) -> str:
        return " > ".join(self.headings) if self.headings else self.title


@dataclass
class Chunk:
    id: str
    doc_id: str
    heading_path: str
    start: int
    end: int
    text: str
    topics: list[str]
    position: int
    units: list[Unit] = field(default_factory=list)
    table_header: str = ""

    @property
    def topic(self) -> str:
        return self.topics[0]


def parse_blocks(text: str, fmt: str) -> list[Block]:
    """The document's blocks, page furniture left out (see ingest.boilerplate)."""
    blocks = parse_markdown(text) if fmt == MARKDOWN else parse_plain_text(text)
    return without_furniture(text, blocks)


def without_furniture(text: str, blocks: list[Block]) -> list[Block]:
    """Blocks that are content: a banner, a menu or a call to action goes, and so does a
    section under a heading like "Similar Posts"; a paragraph loses the furniture lines it
    holds ("Disclaimer: ..." under a subtitle) and keeps its other lines."""
    out: list[Block] = []
    skip_level = 0  # inside a furniture section of this heading level
    links = _link_lists(text, blocks)
    for i, block in enumerate(blocks):
        if i in links:
            continue
        body = block.body(text)
        if block.kind == HEADING:
            if skip_level and block.level > skip_level:
                continue
            skip_level = 0
            heading = re.sub(r"\s+", " ", body).strip()
            if is_furniture_heading(heading.rstrip(":")):
                skip_level = block.level
                continue
            if not is_boilerplate(heading):  # a banner read as a heading goes alone
                out.append(block)
            continue
        if skip_level:
            continue
        if block.kind == TABLE:
            out.append(block)  # a table is content, whatever its cells look like
        elif block.kind == PARAGRAPH and "\n" in body:
            out += _content_lines(text, block)
        elif not is_boilerplate(body):
            out.append(block)
    return out


def _title_like(text: str, block: Block) -> bool:
    body = block.body(text).strip()
    if block.kind == HEADING:
        return True
    return block.kind == PARAGRAPH and "\n" not in body and _is_label(body)


def _link_lists(text: str, blocks: list[Block]) -> set[int]:
    """Indexes of blocks in a list of links to other pages: three or more title-like lines in
    a row with no prose between them, most of them no heading of a section (a blog's "Reasons
    to Become ... (Complete Guide)" list after its conclusion)."""
    found: set[int] = set()
    run: list[int] = []
    for i, block in enumerate([*blocks, None]):
        if block is not None and _title_like(text, block):
            run.append(i)
            continue
        labels = sum(blocks[j].kind != HEADING for j in run)
        levels = [blocks[j].level for j in run if blocks[j].kind == HEADING]
        siblings = labels + max((levels.count(v) for v in set(levels)), default=0)
        if siblings >= 3:
            if block is not None and not is_boilerplate(block.body(text)):
                while run and blocks[run[-1]].kind != HEADING:
                    run.pop()
                run = run[:-1]  # the last heading has content under it: a real section
            found.update(run)
        run = []
    return found


_QUOTE_MARK = re.compile(r"\s*(>\s*)+")


def _content_lines(text: str, block: Block) -> list[Block]:
    """A multi-line paragraph cut around its furniture lines; the rest stays whole."""
    kept: list[tuple[int, int]] = []
    pos = block.start
    for line in text[block.start : block.end].split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        quoted = _QUOTE_MARK.match(line)
        if quoted:  # "> " is markup: each line of a blockquote starts after its marker
            if not is_boilerplate(line[quoted.end() :]):
                kept.append((start + quoted.end(), end))
        elif not is_boilerplate(line):
            if kept and kept[-1][1] == start - 1:
                kept[-1] = (kept[-1][0], end)  # the paragraph goes on
            else:
                kept.append((start, end))
    pieces = []
    for start, end in kept:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            pieces.append(Block(PARAGRAPH, start, end))
    return pieces


def _heading_text(text: str, block: Block) -> str:
    title = block.body(text).strip()
    return re.sub(r"\s+", " ", title).rstrip(":").strip()


def sections(text: str, blocks: list[Block]) -> list[Section]:
    """Group blocks under their headings. The document title is left out of heading paths."""
    headings = [b for b in blocks if b.kind == HEADING]
    top = min((b.level for b in headings), default=0)
    # The first heading names the document when no other heading shares its (top) level.
    title_block = (
        headings[0]
        if headings and headings[0].level == top and [b.level for b in headings].count(top) == 1
        else None
    )
    title = _heading_text(text, title_block) if title_block else ""
    out: list[Section] = []
    stack: list[tuple[int, str]] = []
    current: list[Block] = []
    for block in blocks:
        if block.kind != HEADING:
            current.append(block)
            continue
        if current:
            out.append(Section(tuple(name for _, name in stack), title, tuple(current)))
            current = []
        if block is title_block:
            continue
        while stack and stack[-1][0] >= block.level:
            stack.pop()
        stack.append((block.level, _heading_text(text, block)))
    if current:
        out.append(Section(tuple(name for _, name in stack), title, tuple(current)))
    return out


def split_sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end], trimmed of surrounding space."""
    segment = text[start:end]
    cut = 0
    for m in _SENTENCE_END.finditer(segment):
        word = re.search(r"([A-Za-z.]+)\.?$", segment[cut : m.start() + 1])
        token = (word.group(1) if word else "").lower().rstrip(".")
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        s, e = cut, m.end()
        s += len(segment[s:e]) - len(segment[s:e].lstrip())
        if segment[s:e].rstrip().endswith("?") and len(segment[s:e].split()) <= 3:
            continue  # "No experience? That's fine.": a question that short is its answer's
        if e > s:
            yield start + s, start + e
        cut = m.end()
    s = cut + len(segment[cut:]) - len(segment[cut:].lstrip())
    e = len(segment.rstrip())
    if e > s:
        yield start + s, start + e


def _is_label(sentence: str) -> bool:
    """Title-cased prose (link titles, banners) reads as a label, not a claim worth quoting."""
    words = _TITLE_WORD.findall(sentence)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) >= 0.75


def units_of(text: str, block: Block) -> list[Unit]:
    if block.kind == BULLET:
        s, e = block.content_start, block.end
        return [Unit("bullet", s, e, text[s:e])]
    if block.kind == TABLE:
        rows, pos = [], block.start
        for line in text[block.start : block.end].split("\n"):
            s, e = pos, pos + len(line.rstrip())
            s += len(line) - len(line.lstrip())
            pos += len(line) + 1
            if e > s and not re.fullmatch(r"[\s|:\-=+]+", text[s:e]):
                rows.append(Unit("row", s, e, text[s:e]))
        return rows[1:] if len(rows) > 1 else rows  # the header row is context, not a claim
    out = []
    for s, e in split_sentences(text, block.content_start, block.end):
        sentence = text[s:e]
        label = _is_label(sentence) or is_boilerplate(sentence)
        out.append(Unit("label" if label else "sentence", s, e, sentence))
    return out


def _pieces(text: str, section: Section, max_chars: int) -> Iterator[list[Block]]:
    """Runs of blocks that fit in max_chars; a lead-in line ending in ':' stays with its list."""
    run: list[Block] = []
    size = 0
    blocks = list(section.blocks)
    for i, block in enumerate(blocks):
        length = block.end - block.start
        if block.kind == PARAGRAPH and length > max_chars:
            if run:
                yield run
                run, size = [], 0
            # A long paragraph is cut between sentences into pieces that fit.
            piece_start = block.start
            piece_end = block.start
            for s, e in split_sentences(text, block.start, block.end):
                if e - piece_start > max_chars and piece_end > piece_start:
                    yield [Block(PARAGRAPH, piece_start, piece_end)]
                    piece_start = s
                piece_end = e
            yield [Block(PARAGRAPH, piece_start, piece_end)]
            continue
        lead_in = (
            block.kind == PARAGRAPH
            and text[block.start : block.end].rstrip().endswith(":")
            and i + 1 < len(blocks)
            and blocks[i + 1].kind in (BULLET, TABLE)
        )
        need = length + (blocks[i + 1].end - blocks[i + 1].start if lead_in else 0)
        if run and size + need > max_chars:
            yield run
            run, size = [], 0
        run.append(block)
        size += length
        if block.kind == TABLE and size > max_chars:
            yield run
            run, size = [], 0
    if run:
        yield run


def _chunk_topics(headings: list[str], body: str, units: list[Unit], by_heading) -> list[str]:
    """A chunk is about its heading's topics, its text's, and every topic one of its units is
    mainly about (the pay line in "Additional Information" makes that chunk a pay chunk)."""
    counts: dict[str, int] = {}
    for unit in units:
        if unit.kind != "label" and unit.topics:
            counts[unit.topics[0]] = counts.get(unit.topics[0], 0) + 1
    from_units = sorted(counts, key=lambda t: -counts[t])
    return list(dict.fromkeys(classify(headings, body, by_heading) + from_units))


_INLINE_LABEL = re.compile(r"^([A-Z][\w&/'’ -]{1,40}?):\s+\S")


def _unit_headings(unit_text: str, headings: Sequence[str]) -> list[str]:
    """The headings a unit's topics are read under. "Work Environment: This position is ..."
    or "About Brightwater: ..." names its own subject: its label stands for the heading, so a
    paragraph trailing a "Benefits:" list is not about benefits."""
    m = _INLINE_LABEL.match(unit_text)
    if not m or len(m.group(1).split()) > 4:
        return list(headings)
    label = m.group(1)
    return [label] if topic_cues(label) else []


def _header_of(text: str, block) -> str:
    if block.kind != TABLE:
        return ""
    return text[block.start : block.end].split("\n", 1)[0].strip()


def chunk_id(doc_id: str, heading_path: str, text: str, occurrence: int) -> str:
    digest = hashlib.sha1(f"{doc_id}\0{heading_path}\0{text}\0{occurrence}".encode()).hexdigest()
    return f"{doc_id}:{digest[:16]}"


def chunk_document(
    doc_id: str,
    text: str,
    fmt: str,
    max_chars: int = 900,
    role_names: Sequence[str] = (),
    heading_topics: dict[str, list[str]] | None = None,
) -> list[Chunk]:
    """Split one document into chunks that follow its sections, each with its units.

    Topics are read with the role's names taken out: "assistant" in "Occupational Therapist
    Assistant" says nothing about assisting. `heading_topics` gives each heading's topics (from
    ingest.topics.TopicModel); without it, headings are read with the word lists alone.
    """

    def by_heading(heading: str) -> list[str]:
        if heading_topics is not None and heading in heading_topics:
            return heading_topics[heading]
        return topic_cues(heading)

    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for section in sections(text, parse_blocks(text, fmt)):
        for run in _pieces(text, section, max_chars):
            start, end = run[0].start, run[-1].end
            body = text[start:end]
            key = f"{section.heading_path}\0{body}"
            seen[key] = seen.get(key, 0) + 1
            units = [
                replace(
                    u,
                    topics=tuple(
                        classify(
                            _unit_headings(u.text, section.headings),
                            # a row reads with its table's header ("Item | Cost": a "$310"
                            # row is what training costs, not pay)
                            without_names(f"{_header_of(text, block)} {u.text}", role_names),
                            by_heading,
                        )
                    ),
                )
                for block in run
                for u in units_of(text, block)
            ]
            header = ""
            tables = [b for b in run if b.kind == TABLE]
            if tables:
                header = text[tables[0].start : tables[0].end].split("\n", 1)[0].strip()
            chunks.append(
                Chunk(
                    id=chunk_id(doc_id, section.heading_path, body, seen[key]),
                    doc_id=doc_id,
                    heading_path=section.heading_path,
                    start=start,
                    end=end,
                    text=body,
                    topics=_chunk_topics(
                        list(section.headings), without_names(body, role_names), units, by_heading
                    ),
                    position=len(chunks),
                    units=units,
                    table_header=header,
                )
            )
    return chunks
