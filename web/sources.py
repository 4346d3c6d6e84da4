"""The source viewer's routes: a cited passage in its section, as JSON for the page's panel and
as a page of its own for a link opened without the script (or in a new tab).

Only ingested text is served (bot.passages reads the store's live chunk records for a
registered document id); the client names a document id, never a path. Everything shown in
the page is escaped; the JSON is text the script puts in place as text.
"""

from __future__ import annotations

import html
import logging

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse

from bot.passages import Passage, section_passage
from ingest.errors import IngestError
from ingest.store import Store

log = logging.getLogger(__name__)

NOT_FOUND = (
    "This passage is no longer in the knowledge base: the document was changed or removed "
    "since the answer was given. Ask again for an up-to-date answer."
)
UNAVAILABLE = "The knowledge base is temporarily unavailable; try again in a moment."


def passage_json(passage: Passage) -> dict:
    return {
        "doc_id": passage.doc_id,
        "title": passage.title,
        "section": passage.section or "the whole document",
        "file_name": passage.file_name,
        "found": bool(passage.marks),
        "parts": [{"text": text, "mark": marked} for text, marked in passage.parts()],
    }


def passage_page(passage: Passage | None, message: str = "") -> str:
    def e(text: str) -> str:
        return html.escape(text, quote=True)

    if passage is None:
        title, body = "Source not found", f"<p>{e(message)}</p>"
    else:
        title = passage.title
        text = "".join(
            f"<mark>{e(piece)}</mark>" if marked else e(piece) for piece, marked in passage.parts()
        )
        note = "" if passage.marks else "<p><em>The quoted words are no longer in it.</em></p>"
        body = (
            f'<p class="meta">{e(passage.section or "the whole document")} · '
            f"<code>{e(passage.file_name)}</code></p>{note}"
            f'<div class="passage">{text}</div>'
        )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · careerbot source</title>
<style>
body {{ font: 1rem/1.6 system-ui, sans-serif; max-width: 46rem; margin: 0 auto; padding: 1rem;
  color: #1f2937; }}
.passage {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
mark {{ background: #fde68a; color: inherit; outline: 2px solid #b45309; }}
a {{ color: #1d4ed8; }}
</style></head>
<body><main><p><a href="./">Back to careerbot</a></p>
<h1>{e(title)}</h1>{body}</main></body></html>"""


def source_routes(store: Store) -> APIRouter:
    router = APIRouter()
    doc_q = Query(..., min_length=1, max_length=300)
    section_q = Query("", max_length=1000)
    quote_q = Query("", max_length=5000)

    def lookup(doc: str, section: str, quote: str) -> tuple[Passage | None, int, str]:
        try:
            passage = section_passage(store, doc, section, quote)
        except IngestError as exc:
            log.warning("source viewer: %s", exc)
            return None, 503, UNAVAILABLE
        return passage, (404 if passage is None else 200), NOT_FOUND

    @router.get("/source.json", include_in_schema=False)
    def source_json(doc: str = doc_q, section: str = section_q, quote: str = quote_q):
        passage, status, message = lookup(doc, section, quote)
        if passage is None:
            return JSONResponse({"detail": message}, status_code=status)
        return JSONResponse(passage_json(passage), headers={"cache-control": "no-store"})

    @router.get("/source", include_in_schema=False)
    def source_page(doc: str = doc_q, section: str = section_q, quote: str = quote_q):
        passage, status, message = lookup(doc, section, quote)
        return HTMLResponse(passage_page(passage, message), status_code=status)

    return router
