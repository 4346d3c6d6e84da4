"""Files -> text, by suffix.

Markdown and plain text are kept exactly as written (so quotes stand in the file itself).
HTML, DOCX and PDF are turned into markdown-like text (headings, bullets, tables) that the
chunker reads the same way; quotes then stand in that extracted text.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import UnreadableDocument

log = logging.getLogger(__name__)

MARKDOWN = "markdown"
PLAIN = "text"
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_MD_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE)


@dataclass(frozen=True)
class LoadedText:
    text: str
    format: str  # MARKDOWN or PLAIN: how the chunker finds headings
    title: str = ""  # the title the file itself declares (HTML <title>, PDF or DOCX properties)


def _reject(path: Path, reason: str) -> UnreadableDocument:
    return UnreadableDocument(path.name, reason)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters: not a text file, whatever its name says."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > 0.05


def decode_text(data: bytes, path: Path) -> str:
    if looks_binary(data):
        raise _reject(path, "binary content, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 first: the legacy encoding of most English documents, and a guess
        # from byte statistics is often wrong on short texts. It decodes almost any bytes,
        # so the result must also read like text: mostly plain letters, digits and spaces.
        text = data.decode("cp1252")
        if _reads_like_text(text):
            log.warning("%s is not UTF-8; read it as Windows-1252", path.name)
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2 or not _reads_like_text(str(best)):
        raise _reject(path, "not UTF-8, and not text in any other encoding")
    log.warning("%s is not UTF-8; read it as %s", path.name, best.encoding)
    return str(best)


def _reads_like_text(text: str) -> bool:
    """Mostly plain letters, digits and spaces, as an English guide is, whatever its accents."""
    return bool(text) and sum(ch.isascii() for ch in text) >= 0.6 * len(text)


def _require_text(text: str, path: Path, what: str = "no text") -> str:
    if not text.strip():
        raise _reject(path, f"empty ({what})")
    return text


def load_markdown(data: bytes, path: Path) -> LoadedText:
    return LoadedText(_require_text(decode_text(data, path), path), MARKDOWN)


def load_plain_text(data: bytes, path: Path) -> LoadedText:
    text = _require_text(decode_text(data, path), path)
    # A .txt that is really markdown (headings marked with #) is read as markdown.
    is_markdown = len(_MD_HEADING.findall(text)) >= 1 or len(_MD_TABLE_ROW.findall(text)) >= 2
    return LoadedText(text, MARKDOWN if is_markdown else PLAIN)


def load_html(data: bytes, path: Path) -> LoadedText:
    """The page's main content as markdown: trafilatura tells the article from navigation,
    banners, sidebars and footers; markdownify keeps its headings, lists and tables."""
    from bs4 import BeautifulSoup

    html = decode_text(data, path)
    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    boxes = _fact_boxes(soup)  # read before the furniture goes: a sidebar may be one
    if _questions_as_headings(soup):
        html = str(soup)
    main = _main_content(html)
    if main is None or _lost_headings(soup, main):
        main = _without_page_furniture(soup)
    text = _tidy_tables(_to_markdown(main))
    plain = re.sub(r"[*_]", "", text)  # "**Pay:** $18.50" is the box's "Pay: $18.50"
    missing = [box for box in boxes if box.split("\n")[-1][2:] not in plain]
    text = "\n\n".join([text.rstrip(), *missing]) + "\n" if missing else text
    return LoadedText(_require_text(text, path, "no readable text in the HTML"), MARKDOWN, title)


# A job's own facts, by their labels: a sidebar of other jobs ("Medical Assistant: $18/hr")
# is not this job's.
_FACT_ITEM = re.compile(
    r"^(salary|pay( range| rate)?|wages?|hourly (rate|pay)|compensation|schedule|hours|shifts?"
    r"|location|campus|job type|employment( type)?|type|contract|status|reports to|department"
    r"|start date|benefits|setting|travel|program length|length|cost|tuition)\s*:\s+\S",
    re.IGNORECASE,
)


_LABELLED = re.compile(r"^[A-Z][\w'’()/&-]*(?: [\w'’()/&-]+){0,3}\s*:\s+\S")


def _fact_boxes(soup) -> list[str]:
    """A sidebar of facts ("Quick facts: Salary: $52,400 - $61,800 per year; Schedule: ...") as
    markdown: readability extraction drops an <aside> with the navigation around it, and a job
    posting's pay and hours may stand only there. Two "Label: value" items or more, no link
    list."""
    out = []
    # an <aside>, or a list of the job's details under its title ("Job ID: ... / Pay: ...")
    lists = [ul for ul in soup.find_all(["ul", "dl"]) if not ul.find_parent("aside")]
    for box in [*soup.find_all("aside"), *lists]:
        items = [li.get_text(" ", strip=True) for li in box.find_all(["li", "dd"])]
        facts = [item for item in items if _FACT_ITEM.match(item)]
        linked = sum(len(a.get_text(strip=True)) for a in box.find_all("a"))
        if len(facts) < 2 or linked * 2 > len(box.get_text(strip=True)):
            continue
        if box.name != "aside" and len(facts) * 2 < len(items):
            continue  # a list of duties that names a schedule once
        # the job's box: its other details too ("Weekend on-call: one weekend in five")
        facts = [item for item in items if _LABELLED.match(item)]
        heading = box.find(["h2", "h3", "h4", "h5", "h6"])
        title = heading.get_text(" ", strip=True) if heading else "Quick facts"
        out.append(f"## {title}\n\n" + "\n".join(f"* {fact}" for fact in facts))
    return out


def _questions_as_headings(soup) -> bool:
    """An FAQ written as a definition list, <dt> questions over <dd> answers, as headings
    over paragraphs (extraction would make both list items); whether there was one."""
    lists = [
        dl for dl in soup.find_all("dl")
        if any(dt.get_text(strip=True).endswith("?") for dt in dl.find_all("dt"))
    ]  # fmt: skip
    for terms in lists:
        for dt in terms.find_all("dt"):
            dt.name = "h4"
        for dd in terms.find_all("dd"):
            dd.name = "p"
        terms.name = "div"
    return bool(lists)


def _main_content(html: str):
    """The article of a page as a soup, or None when trafilatura finds none."""
    import trafilatura
    from bs4 import BeautifulSoup
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")  # a short job posting is still content
    try:
        out = trafilatura.extract(
            html,
            output_format="html",
            include_tables=True,
            include_formatting=True,
            include_links=False,
            include_images=False,
            include_comments=False,
            favor_recall=True,
            config=config,
        )
    except Exception as exc:  # a parser failure on odd markup: fall back, do not skip the file
        log.warning("trafilatura could not read the page (%s); using the whole body", exc)
        return None
    return BeautifulSoup(out, "lxml") if out else None


def _lost_headings(original, main) -> bool:
    """Very short pages lose their headings in extraction; then the whole body reads better."""
    headings = ("h1", "h2", "h3")
    return bool(original.find(headings)) and not main.find(headings)


def _without_page_furniture(soup):
    for tag in soup(["script", "style", "noscript", "iframe", "object", "embed", "template"]):
        tag.decompose()
    for tag in soup(["head", "nav", "header", "footer", "aside", "form", "button", "svg"]):
        tag.decompose()
    return soup.body or soup


def _to_markdown(soup) -> str:
    from markdownify import MarkdownConverter

    for tag in soup(["script", "style", "noscript", "iframe", "object", "embed", "template"]):
        tag.decompose()
    root = soup.body or soup
    text = MarkdownConverter(heading_style="ATX", bullets="*", strip=["a", "img"]).convert_soup(
        root
    )
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


_EMPTY_ROW = re.compile(r"^\|(\s*\|)+\s*$")
_RULE_ROW = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+\s*$")


def _tidy_tables(text: str) -> str:
    """Tables as a reader sees them: an empty header row dropped, and a first row holding one
    cell (a caption) put above the table as its own line."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _EMPTY_ROW.match(line) and i + 1 < len(lines) and _RULE_ROW.match(lines[i + 1]):
            i += 2  # an empty header and its rule
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i])
                i += 1
            cells = [r.strip("|").split("|") for r in rows]
            if rows and sum(bool(c.strip()) for c in cells[0]) == 1:
                out += [cells[0][0].strip() or next(c.strip() for c in cells[0] if c.strip()), ""]
                rows, cells = rows[1:], cells[1:]
            if rows:
                out.append(rows[0])
                out.append("|" + "---|" * len(cells[0]))
                out += rows[1:]
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def load_pdf(data: bytes, path: Path) -> LoadedText:
    """A PDF's text as markdown: lines set larger than the body text become headings (the
    largest size `#`, the next `##`...), bullets stay bullets, and lines smaller than the body
    that repeat on several pages (footers, page numbers) are left out."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _reject(path, "password-protected PDF")
        pages = [_pdf_lines(page) for page in reader.pages]
        title = str((reader.metadata or {}).get("/Title") or "")
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AssertionError) as exc:
        raise _reject(path, f"not a readable PDF ({exc.__class__.__name__})") from exc
    except Exception as exc:  # pypdf raises many types on damaged files
        if "crypt" in str(exc).lower():
            raise _reject(path, "password-protected PDF") from exc
        raise _reject(path, f"not a readable PDF ({exc.__class__.__name__})") from exc
    text = _pdf_markdown(pages)
    return LoadedText(
        _require_text(text, path, "the PDF holds no extractable text"), MARKDOWN, title
    )


@dataclass(frozen=True)
class _PdfLine:
    text: str
    size: float


def _pdf_lines(page) -> list[_PdfLine]:
    """The page's lines with the font size each is set in (the largest run of the line)."""
    lines: list[_PdfLine] = []
    parts: list[str] = []
    size = 0.0

    def visit(text, cm, tm, font, font_size):
        nonlocal size
        scale = abs(tm[0]) if tm and tm[0] else 1.0
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if piece.strip():
                parts.append(piece)
                size = max(size, round(float(font_size or 0) * scale, 1))
            if i < len(pieces) - 1:
                flush()

    def flush():
        nonlocal size
        line = re.sub(r"\s+", " ", "".join(parts)).strip()
        if line:
            lines.append(_PdfLine(line, size))
        parts.clear()
        size = 0.0

    page.extract_text(visitor_text=visit)
    flush()
    return lines


_PDF_BULLET = re.compile(r"^([-•*▪◦‣–·]|\d{1,3}[.)])\s+")


def _pdf_markdown(pages: list[list[_PdfLine]]) -> str:
    lines = [line for page in pages for line in page]
    if not lines:
        return ""
    weights: dict[float, int] = {}
    for line in lines:
        weights[line.size] = weights.get(line.size, 0) + len(line.text)
    body = max(weights, key=weights.get)
    repeated = {
        line.text
        for line in lines
        if sum(any(x.text == line.text for x in page) for page in pages) > 1
    }
    heading_sizes = sorted({x.size for x in lines if x.size > body * 1.15}, reverse=True)
    out: list[str] = []
    in_bullet = False
    for line in lines:
        if line.size < body * 0.9 and (line.text in repeated or line.text.isdigit()):
            continue  # page furniture
        if line.size in heading_sizes and len(line.text) <= 120:
            level = min(heading_sizes.index(line.size) + 1, 6)
            out += ["", "#" * level + " " + line.text, ""]
            in_bullet = False
        elif _PDF_BULLET.match(line.text):
            out += ["", "* " + _PDF_BULLET.sub("", line.text)]
            in_bullet = True
        elif in_bullet and line.text[:1].islower():
            out.append("  " + line.text)  # the bullet goes on
        else:
            if in_bullet:
                out.append("")
            in_bullet = False
            out.append(line.text)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _markdown_table(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    cells = [
        [c.replace("|", "\\|").replace("\n", " ").strip() for c in r] + [""] * (width - len(r))
        for r in rows
    ]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in cells[1:]]
    return "\n".join(lines)


def load_docx(data: bytes, path: Path) -> LoadedText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                rows = [[cell.text for cell in row.cells] for row in item.rows]
                if rows:
                    blocks.append(_markdown_table(rows))
            elif isinstance(item, Paragraph):
                text = item.text.strip()
                if not text:
                    continue
                style = (item.style.name if item.style is not None else "") or ""
                level = re.match(r"Heading (\d)", style)
                if style == "Title":
                    blocks.append("# " + text)
                elif level:
                    blocks.append("#" * min(int(level.group(1)) + 1, 6) + " " + text)
                elif "List" in style or item._p.pPr is not None and item._p.pPr.numPr is not None:
                    blocks.append("* " + text)
                else:
                    blocks.append(text)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise _reject(path, f"not a readable DOCX ({exc.__class__.__name__})") from exc
    except Exception as exc:  # lxml and python-docx raise their own types on junk
        raise _reject(path, f"not a readable DOCX ({exc.__class__.__name__})") from exc
    text = "\n\n".join(blocks) + "\n"
    return LoadedText(_require_text(text, path, "the DOCX holds no text"), MARKDOWN)


LOADERS: dict[str, Callable[[bytes, Path], LoadedText]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_plain_text,
    ".text": load_plain_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}


def is_document(path: Path) -> bool:
    """Files in kb/ that are role documents: a known suffix, not hidden, not the folder's README."""
    name = path.name
    return (
        path.suffix.lower() in LOADERS
        and not name.startswith((".", "~$"))
        and not name.lower().startswith("readme")
    )


def load_bytes(data: bytes, path: Path, max_bytes: int | None = None) -> LoadedText:
    """Turn one file's bytes into text, or raise UnreadableDocument saying why not."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        known = ", ".join(sorted(LOADERS))
        raise _reject(path, f"unsupported file type {path.suffix or '(none)'}; supported: {known}")
    if max_bytes is not None and len(data) > max_bytes:
        raise _reject(
            path, f"too large ({len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)"
        )
    if not data.strip():
        raise _reject(path, "empty file")
    return loader(data, path)


def load_file(path: Path, max_bytes: int | None = None) -> LoadedText:
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise _reject(
                path, f"too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise _reject(path, f"cannot read the file ({exc.strerror or exc})") from exc
    return load_bytes(data, path, max_bytes)
