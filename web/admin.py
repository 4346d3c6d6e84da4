"""The knowledge-base view for counselors: documents, uploads, deletions, feedback exports.

Mounted at /admin behind a login when credentials are configured. The work itself (checking
an upload, ingesting, deleting) is done by the ingest step; this module only lays it out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from bot.feedback import FeedbackStore
from ingest.errors import IngestError
from ingest.loaders import LOADERS
from ingest.manage import add_files, delete_document
from ingest.pipeline import IngestReport
from ingest.store import Store
from web.downloads import Downloads

log = logging.getLogger(__name__)


@dataclass
class KnowledgeBase:
    """What the admin view works on; the composition root fills it in."""

    kb_dir: Path
    store: Store
    ingest: Callable[..., IngestReport]  # ingest(progress=callback) -> IngestReport
    max_upload_bytes: int
    on_change: Callable[[], object] = lambda: None  # the chat takes in the change


class AdminApp:
    def __init__(
        self, kb: KnowledgeBase, feedback: FeedbackStore, downloads: Downloads | None = None
    ) -> None:
        self.kb = kb
        self.feedback = feedback
        self.downloads = downloads or Downloads()

    def documents(self) -> list[list]:
        if not self.kb.store.exists():
            return []
        docs = sorted(self.kb.store.documents().values(), key=lambda d: d.doc_id)
        return [
            [d.doc_id, d.role, ", ".join(d.alias_list), d.chunks, d.units, d.source, d.state]
            for d in docs
        ]

    def doc_ids(self):
        return gr.update(choices=[row[0] for row in self.documents()], value=None)

    def upload(self, files: list | None, progress=gr.Progress()) -> tuple[str, list, object]:  # noqa: B008
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
        checked = add_files(self.kb.kb_dir, items, self.kb.max_upload_bytes)
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
            if stage == "embed" and total:
                progress(done / total, desc=f"Embedding {done}/{total} passages")

        try:
            result = self.kb.ingest(progress=report)
            self.kb.on_change()
        except IngestError as exc:
            return (
                f"\n**Not ingested yet:** {exc}. The file is in the knowledge base folder and "
                "will be ingested next time."
            )
        return "\n" + result.summary().replace("\n", "  \n")

    def delete(self, doc_id: str | None, confirm: bool) -> tuple[str, list, object]:
        if not doc_id:
            return "Choose a document to delete.", self.documents(), self.doc_ids()
        if not confirm:
            return "Tick “Yes, delete it” to confirm.", self.documents(), self.doc_ids()
        try:
            removed = delete_document(self.kb.kb_dir, self.kb.store, doc_id)
            self.kb.on_change()
        except IngestError as exc:
            return f"✗ {exc}", self.documents(), self.doc_ids()
        files = ", ".join(removed) or "no file"
        return f"✓ Deleted **{doc_id}** ({files}).", self.documents(), self.doc_ids()

    def export(self, table: str) -> str:
        return self.downloads.write(f"careerbot-{table}.csv", self.feedback.csv(table))

    def build(self) -> gr.Blocks:
        headers = ["document", "role", "aliases", "chunks", "units", "source", "state"]
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
