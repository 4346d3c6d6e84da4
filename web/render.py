"""Answers as the web shows them: `[n]` markers become links that open the cited passage.

Everything taken from a document or a question is escaped before it is wrapped in markup, so
a document containing <script> shows as text. A citation link points at the source viewer
(`source?doc=...&section=...&quote=...`, see web/sources.py): it names a document id, a
section and a quote, never a file; the page's script opens it in a panel, and without the
script the link still opens the passage as a page of its own.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

MARKER = re.compile(r"\[(\d+)\]")
SOURCE_PATH = "source"  # relative: the page's <base> is the app's root, behind a proxy too


def escape(text: str) -> str:
    """Text shown as text: markup in a document or a question never runs in the page."""
    return html.escape(text, quote=False)


def attribute(text: str) -> str:
    return html.escape(text, quote=True)


def source_href(citation: Mapping) -> str:
    query = {
        "doc": citation["doc_id"],
        "section": citation["section"],
        "quote": citation["quote"],
    }
    return f"{SOURCE_PATH}?{urlencode(query)}"


def source_label(n: int, citation: Mapping) -> str:
    """The accessible name of a citation: what a screen reader says for `[n]`."""
    section = citation["section"] or "the whole document"
    return f"Source {n}: {citation['title']}, {section}"


def cite_link(n: int, citation: Mapping) -> str:
    """`[n]` as a link to its passage. The title becomes the link's aria-label in the page
    (the chat's sanitizer keeps title, not aria-*); it is also the tooltip."""
    return (
        f'<a class="cite" href="{attribute(source_href(citation))}" '
        f'title="{attribute(source_label(n, citation))}">[{n}]</a>'
    )


def link_markers(escaped: str, citations: Mapping[int, Mapping]) -> str:
    """Escaped text with each `[n]` of a known citation made a link."""

    def link(m: re.Match) -> str:
        n = int(m.group(1))
        return cite_link(n, citations[n]) if n in citations else m.group(0)

    return MARKER.sub(link, escaped)


def by_number(citations: Iterable[Mapping]) -> dict[int, Mapping]:
    return {int(c["n"]): c for c in citations}


def file_name(citation: Mapping) -> str:
    return str(citation.get("source", "")).replace("\\", "/").rsplit("/", 1)[-1]


def sources_list(numbered: Iterable[tuple[int, Mapping]], heading: str) -> str:
    """A collapsed list of the sources: number (a link to the passage), document, section,
    file, and the quote itself."""
    items = []
    for n, c in numbered:
        quote = escape(" ".join(c["quote"].split()))
        where = f"{escape(c['title'])} — {escape(c['section'] or 'the whole document')}"
        items.append(
            f"<li>{cite_link(n, c)} <strong>{where}</strong> · {escape(file_name(c))}"
            f"<br>“{quote}”</li>"
        )
    if not items:
        return ""
    return (
        f'<details class="sources"><summary>{escape(heading)}</summary>'
        f'<ol class="source-list">{"".join(items)}</ol></details>'
    )


def answer_html(answer: Mapping) -> str:
    """An answer (its JSON form) for the chat: the text with linked markers, its sources."""
    citations = by_number(answer.get("citations", []))
    text = link_markers(escape(answer["answer"]), citations)
    if not citations:
        return text
    sources = sources_list(sorted(citations.items()), f"Sources ({len(citations)})")
    return f"{text}\n\n{sources}"


def plain_text(answer: Mapping) -> str:
    """An answer as a screen reader announces it: words, no markup, markers kept."""
    text = re.sub(r"[*_`#>]+", "", answer["answer"])
    return re.sub(r"\s+", " ", text).strip()


# -- the downloaded transcript -------------------------------------------------------------
def transcript_answer(answer: Mapping, turn: int) -> list[str]:
    """An answer in the markdown transcript: each `[n]` a link to its source further down."""
    citations = by_number(answer.get("citations", []))

    def anchor(n: int) -> str:
        return f"answer-{turn}-source-{n}"

    def link(m: re.Match) -> str:
        n = int(m.group(1))
        if n not in citations:
            return m.group(0)
        title = source_label(n, citations[n]).replace('"', "'")
        return f'[\\[{n}\\]](#{anchor(n)} "{title}")'

    lines = [f"**careerbot:** {MARKER.sub(link, answer['answer'])}", ""]
    if citations:
        lines += [f"Sources of answer {turn}:", ""]
        for n, c in sorted(citations.items()):
            quote = " ".join(c["quote"].split())
            lines.append(
                f'- <a id="{anchor(n)}"></a>**[{n}]** {c["title"]} — '
                f"{c['section'] or 'the whole document'} (`{file_name(c)}`): “{quote}”"
            )
        lines.append("")
    return lines


def transcript(messages: list, records: Mapping[str, Mapping]) -> str:
    """The conversation as markdown, each answer with its sources, for a counselor's notes."""
    parts = ["# careerbot conversation", ""]
    turn = 0
    for i, m in enumerate(messages or []):
        m = m if isinstance(m, dict) else m.__dict__
        record = (records or {}).get(str(i)) if m.get("role") == "assistant" else None
        if m.get("role") == "user":
            parts += [f"**You:** {html.unescape(message_text(m))}", ""]
        elif record:
            turn += 1
            parts += transcript_answer(record, turn)
        else:
            parts += [f"**careerbot:** {html.unescape(message_text(m))}", ""]
    return "\n".join(parts)


def message_text(message: Mapping) -> str:
    content = message.get("content")
    if isinstance(content, list):  # Gradio 6 may hand content back as parts
        content = " ".join(
            str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content
        )
    return content if isinstance(content, str) else ""


def when(seconds: float) -> str:
    """A moment as a counselor reads it: date and minute, local time."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(seconds))
