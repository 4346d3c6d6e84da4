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
    from bs4 import BeautifulSoup
    from markdownify import MarkdownConverter

    html = decode_text(data, path)
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "iframe", "object", "embed", "template"]):
        tag.decompose()
    for tag in soup(["head", "nav", "footer", "form", "button", "svg"]):
        tag.decompose()
    body = soup.body or soup
    text = MarkdownConverter(heading_style="ATX", bullets="*", strip=["a", "img"]).convert_soup(
        body
    )
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return LoadedText(_require_text(text, path, "no readable text in the HTML"), MARKDOWN)


def load_pdf(data: bytes, path: Path) -> LoadedText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _reject(path, "password-protected PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AssertionError) as exc:
        raise _reject(path, f"not a readable PDF ({exc.__class__.__name__})") from exc
    except Exception as exc:  # pypdf raises many types on damaged files
        if "crypt" in str(exc).lower():
            raise _reject(path, "password-protected PDF") from exc
        raise _reject(path, f"not a readable PDF ({exc.__class__.__name__})") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    return LoadedText(_require_text(text + "\n", path, "the PDF holds no extractable text"), PLAIN)


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
