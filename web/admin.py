"""The counselor's workspace at /admin: the knowledge base (documents, uploads, deletions,
exports) and the views of web.workspace (Evaluate, Gaps, Feedback, Retrieval test, Stored
data), one tab each.

Mounted at /admin behind a login when credentials are configured. The work itself (checking
an upload, ingesting, deleting, evaluating) is done by the ingest, bot and eval steps; this
module only lays it out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from bot.feedback import FeedbackStore
from bot.service import CareerBot
from ingest.errors import IngestError
from ingest.loaders import LOADERS
from ingest.manage import add_files, delete_document
from ingest.pipeline import IngestReport
from ingest.store import Store
from web.downloads import Downloads
from web.workspace import Workspace
from web.workspace.evaluate import EvaluateView
from web.workspace.gaps import GapsView
from web.workspace.privacy import PrivacyView
from web.workspace.retrieval import RetrievalView
from web.workspace.review import ReviewView

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
        self,
        kb: KnowledgeBase,
        feedback: FeedbackStore,
        bot: CareerBot,
        workspace: Workspace,
        downloads: Downloads | None = None,
    ) -> None:
        self.kb = kb
        self.feedback = feedback
        self.downloads = downloads or Downloads()
        self.workspace = workspace
        ws = workspace
        self.evaluate = EvaluateView(ws.worker, ws.runs, ws.sets, self.downloads)
        self.gaps = GapsView(feedback, ws.sets, self.downloads, self.known_questions)
        self.review = ReviewView(feedback, ws.sets)
        self.retrieval = RetrievalView(bot)
        self.privacy = PrivacyView(
            feedback,
            ws.runs,
            ws.sets,
            self.downloads,
            ws.retention_days,
            running=lambda: ws.worker.running() is not None,
        )

    def known_questions(self) -> list[str]:
        """Questions already in a set (the shipped one, the counselor's): not drafted again."""
        from eval.errors import EvalError
        from web.workspace.sets import MINE_KEY, SHIPPED_KEY

        known = []
        for key in (SHIPPED_KEY, MINE_KEY):
            try:
                known += [q.question for q in self.workspace.sets.load(key)]
            except EvalError:
                continue
        return known

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
        with gr.Blocks(
            title="careerbot · counselors", analytics_enabled=False, delete_cache=(3600, 3600)
        ) as demo:
            gr.Markdown(
                "# careerbot for counselors\nThe knowledge base, how well careerbot answers "
                "from it, what it cannot answer yet, and what job seekers said. "
                "[Back to the chat](/)",
                elem_id="admin-intro",
            )
            with gr.Tab("Documents", elem_id="tab-documents"):
                table, which = self.build_documents()
            with gr.Tab("Evaluate", elem_id="tab-evaluate"):
                evaluate = self.evaluate.build()
            with gr.Tab("Gaps", elem_id="tab-gaps") as gaps_tab:
                include, selected, listing = self.gaps.build(evaluate["which"])
            with gr.Tab("Feedback", elem_id="tab-feedback") as review_tab:
                show_reviewed, review_shown = self.review.build(evaluate["which"])
            with gr.Tab("Retrieval test", elem_id="tab-retrieval"):
                rt_role = self.retrieval.build()
            with gr.Tab("Stored data", elem_id="tab-privacy") as privacy_tab:
                privacy_table, privacy_which = self.privacy.build()
            # each view is read afresh when its tab is opened: a gap asked a moment ago shows
            gaps_tab.select(self.gaps.refresh, [include, selected], [listing, selected],
                            api_visibility="private")  # fmt: skip
            review_tab.select(lambda s: self.review.refresh(s), show_reviewed, review_shown,
                              api_visibility="private")  # fmt: skip
            privacy_tab.select(self.privacy.on_load, None, [privacy_table, privacy_which],
                               api_visibility="private")  # fmt: skip

            def on_load(include_all, reviewed):
                return (
                    self.documents(),
                    self.doc_ids(),
                    *self.evaluate.on_load(),
                    *self.gaps.refresh(include_all, []),
                    *self.review.refresh(reviewed),
                    self.retrieval.role_choices(),
                    *self.privacy.on_load(),
                )

            demo.load(
                on_load,
                [include, show_reviewed],
                [table, which, evaluate["which"], evaluate["status"], *evaluate["shown"],
                 listing, selected, *review_shown, rt_role, privacy_table, privacy_which],
                api_visibility="private",
            )  # fmt: skip
        return demo

    def build_documents(self):
        headers = ["document", "role", "aliases", "chunks", "units", "source", "state"]
        types = ", ".join(sorted(LOADERS))
        gr.Markdown("## Knowledge base\nThe role documents careerbot answers from.")
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
        gr.Markdown("### Exports")
        with gr.Row():
            fb = gr.Button("Download feedback (CSV)")
            gaps = gr.Button("Download gaps: refused and not-covered questions (CSV)")
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
        return table, which
