"""The knowledge-base view for counselors: documents, uploads, deletions, feedback exports.

Mounted at /admin behind a login when credentials are configured. The work itself (checking
an upload, storing it in the shared database, ingesting, deleting) is done by the ingest step;
this module only lays it out.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from bot.feedback import FeedbackStore
from db import Database
from ingest.config import IngestSettings
from ingest.errors import IngestError
from ingest.loaders import LOADERS
from ingest.manage import add_files, delete_document, document_status
from ingest.pipeline import IngestReport
from ingest.store import Store
from web.downloads import Downloads

log = logging.getLogger(__name__)


@dataclass
class KnowledgeBase:
    """What the admin view works on; the composition root fills it in."""

    database: Database  # where documents are kept, for every replica
    store: Store
    ingest: Callable[..., IngestReport]  # ingest(progress=callback) -> IngestReport
    max_upload_bytes: int
    on_change: Callable[[], object] = lambda: None  # the chat takes in the change
    settings: IngestSettings = field(default_factory=IngestSettings)


def _when(stamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))


def _who(request: gr.Request | None) -> str:
    """Who did it, for the database's record: the counselor's login, when there is one."""
    return getattr(request, "username", None) or "(no login)"


class AdminApp:
    def __init__(
        self, kb: KnowledgeBase, feedback: FeedbackStore, downloads: Downloads | None = None
    ) -> None:
        self.kb = kb
        self.feedback = feedback
        self.downloads = downloads or Downloads()

    def documents(self) -> list[list]:
        try:
            docs = document_status(self.kb.database, self.kb.store, self.kb.settings)
        except IngestError as exc:
            log.warning("cannot list the documents: %s", exc)
            return []
        return [
            [
                d.doc_id,
                d.role,
                ", ".join(d.aliases),
                d.chunks,
                d.units,
                d.name,
                d.state,
                f"{d.uploaded_by}, {_when(d.uploaded_at)}",
            ]
            for d in sorted(docs, key=lambda d: d.doc_id)
        ]

    def doc_ids(self):
        return gr.update(choices=[row[0] for row in self.documents()], value=None)

    def upload(
        self,
        files: list | None,
        request: gr.Request = None,
        progress=gr.Progress(),  # noqa: B008
    ) -> tuple[str, list, object]:
        if not files:
            return "Choose one or more files first.", self.documents(), self.doc_ids()
        items, lines = [], []
        for f in files:
            path = Path(f if isinstance(f, str) else f.name)
            original = getattr(f, "orig_name", None) or path.name
            try:
                items.append((original, path.read_bytes()))
            except OSError as exc:
                lines.append(f"- ✗ **{original}**: could not be read ({exc.strerror or exc})")
        checked = add_files(self.kb.database, items, self.kb.max_upload_bytes, by=_who(request))
        lines += [
            f"- ✓ **{u.original}** saved as `{u.name}`"
            if u.accepted
            else f"- ✗ **{u.original}**: {u.reason}"
            for u in checked
        ]
        if any(u.accepted for u in checked):
            lines.append(self._ingest(progress))
        return "\n".join(lines), self.documents(), self.doc_ids()

    def _ingest(self, progress) -> str:
        def report(stage: str, done: int, total: int) -> None:
            if stage == "wait":
                progress(0, desc="Waiting for another ingest to finish")
            elif stage == "embed" and total:
                progress(done / total, desc=f"Embedding {done}/{total} passages")

        try:
            result = self.kb.ingest(progress=report)
            self.kb.on_change()
        except IngestError as exc:
            return (
                f"\n**Not ingested yet:** {exc}. The document is stored; it is ingested with "
                "the next upload or delete, or when a replica starts."
            )
        return "\n" + result.summary().replace("\n", "  \n")

    def delete(
        self, doc_id: str | None, confirm: bool, request: gr.Request = None
    ) -> tuple[str, list, object]:
        if not doc_id:
            return "Choose a document to delete.", self.documents(), self.doc_ids()
        if not confirm:
            return "Tick “Yes, delete it” to confirm.", self.documents(), self.doc_ids()
        try:
            removed = delete_document(self.kb.database, self.kb.store, doc_id, by=_who(request))
        except IngestError as exc:
            return f"✗ {exc}", self.documents(), self.doc_ids()
        files = ", ".join(removed) or "no file"
        status = f"✓ Deleted **{doc_id}** ({files}) for every replica."
        try:  # the ingest takes its passages out of the store
            self.kb.ingest()
            self.kb.on_change()
        except IngestError as exc:
            status += f" Its passages leave the answers at the next ingest ({exc})."
        return status, self.documents(), self.doc_ids()

    def export(self, table: str) -> str:
        return self.downloads.write(f"careerbot-{table}.csv", self.feedback.csv(table))

    def build(self) -> gr.Blocks:
        headers = ["document", "role", "aliases", "chunks", "units", "file", "state", "added"]
        types = ", ".join(sorted(LOADERS))
        with gr.Blocks(
            title="careerbot · knowledge base", analytics_enabled=False, delete_cache=(3600, 3600)
        ) as demo:
            gr.Markdown(
                "# Knowledge base\nThe role documents careerbot answers from. [Back to the chat](/)"
            )
            table = gr.Dataframe(
                headers=headers, value=self.documents, interactive=False, elem_id="documents"
            )
            refresh = gr.Button("Refresh")
            with gr.Row():
                with gr.Column():
                    gr.Markdown(
                        f"### Add documents\n{types}; "
                        f"up to {self.kb.max_upload_bytes / 1e6:.0f} MB each."
                    )
                    files = gr.File(
                        file_count="multiple", file_types=sorted(LOADERS), label="Role documents"
                    )
                    add = gr.Button("Add to the knowledge base", variant="primary")
                with gr.Column():
                    gr.Markdown("### Delete a document")
                    which = gr.Dropdown(choices=[r[0] for r in self.documents()], label="Document")
                    sure = gr.Checkbox(label="Yes, delete it")
                    remove = gr.Button("Delete", variant="stop")
            status = gr.Markdown(elem_id="status")
            with gr.Row():
                fb = gr.Button("Download feedback (CSV)")
                gaps = gr.Button("Download refused questions (CSV)")
            download = gr.File(label="Export", interactive=False, visible=False)
            refresh.click(
                lambda: (self.documents(), self.doc_ids()),
                None,
                [table, which],
                api_visibility="private",
            )
            add.click(self.upload, files, [status, table, which], api_name="upload")
            remove.click(self.delete, [which, sure], [status, table, which], api_name="delete")
            fb.click(
                lambda: gr.update(value=self.export("feedback"), visible=True),
                None,
                download,
                api_name="export_feedback",
            )
            gaps.click(
                lambda: gr.update(value=self.export("refused"), visible=True),
                None,
                download,
                api_name="export_refused",
            )
            demo.load(
                lambda: (self.documents(), self.doc_ids()),
                None,
                [table, which],
                api_visibility="private",
            )
        return demo
